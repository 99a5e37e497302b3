//! `/api/uploads`: content checks, encryption at rest, the size limit and clean-up.

use crate::common::messaging::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use minsida_api::messages::UploadedDocument;
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use minsida_server::crypto::sha256_hex;
use minsida_server::messaging::documents;
use serde_json::json;

/// Anna, logged in, with a pending PDF upload.
async fn anna_uploads_a_pdf() -> (TestApp, Login, UploadedDocument) {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let up = upload_ok(
        &app,
        &anna,
        "C:\\Users\\anna\\Hyreskontrakt lägenhet.pdf",
        &pdf("hk"),
    )
    .await;
    assert_eq!(up.document.file_name, "Hyreskontrakt lägenhet.pdf");
    assert_eq!(up.document.content_type, "application/pdf");
    assert_eq!(up.document.sha256, sha256_hex(&pdf("hk")));
    assert_eq!(up.uploaded_at, "2025-06-01T12:00:00Z");
    (app, anna, up)
}

/// The type comes from the content, not the name.
async fn upload_images(app: &TestApp, anna: &Login) {
    assert_eq!(
        upload_ok(app, anna, "bild.png", PNG)
            .await
            .document
            .content_type,
        "image/png"
    );
    assert_eq!(
        upload_ok(app, anna, "foto.pdf", JPEG)
            .await
            .document
            .content_type,
        "image/jpeg"
    );
}

/// Encrypted at rest: the stored file is not the plaintext; returns its storage key.
async fn check_encrypted_at_rest(app: &TestApp, up: &UploadedDocument) -> String {
    let key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1")
        .bind(up.document.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let stored = app.state.store.get(&key).await.unwrap().expect("stored");
    assert!(!stored.windows(8).any(|w| w == b"%PDF-1.7"));
    assert_ne!(stored, pdf("hk"));

    key
}

/// Own pending upload can be downloaded.
async fn check_own_pending_upload_downloads(app: &TestApp, anna: &Login, up: &UploadedDocument) {
    let r = app
        .get(
            &format!("/api/documents/{}", up.document.id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.body, pdf("hk"));
}

/// An .exe renamed .pdf, and other content.
async fn check_other_content_is_refused(app: &TestApp, anna: &Login) {
    for bytes in [EXE, b"just some text file".as_slice(), b"%PD".as_slice()] {
        app.upload(anna, Some("faktura.pdf"), bytes)
            .await
            .assert_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedFileType,
            );
    }
}

/// Name missing, empty after cleaning, not UTF-8; an empty file.
async fn check_name_and_content_are_needed(app: &TestApp, anna: &Login) {
    for name in [None, Some(""), Some("..."), Some("/")] {
        let r = app.upload(anna, name, &pdf("x")).await;
        assert_eq!(
            field_errors(&r),
            vec![FieldError {
                field: "file".into(),
                code: FieldErrorCode::Required
            }],
            "{name:?}"
        );
    }
    let r = app
        .send(
            app.request(Method::POST, "/api/uploads", Some(&anna.cookie))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header("x-csrf-token", &anna.info.csrf_token)
                .header("x-file-name", "%FF%FE.pdf")
                .body(Body::from(pdf("x")))
                .unwrap(),
        )
        .await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::InvalidValue);
    let r = app.upload(anna, Some("tom.pdf"), b"").await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::Required);
}

/// Only application/octet-stream, with the CSRF token.
async fn check_octet_stream_and_csrf_token(app: &TestApp, anna: &Login) {
    for ct in [
        "application/json",
        "multipart/form-data; boundary=x",
        "application/pdf",
    ] {
        let r = app
            .send(
                app.request(Method::POST, "/api/uploads", Some(&anna.cookie))
                    .header(header::CONTENT_TYPE, ct)
                    .header("x-csrf-token", &anna.info.csrf_token)
                    .header("x-file-name", "a.pdf")
                    .body(Body::from(pdf("x")))
                    .unwrap(),
            )
            .await;
        r.assert_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        );
    }
    let r = app
        .send(
            app.request(Method::POST, "/api/uploads", Some(&anna.cookie))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header("x-file-name", "a.pdf")
                .body(Body::from(pdf("x")))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/uploads")
                .header(header::HOST, app.host())
                .header(header::COOKIE, &anna.cookie)
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header(header::ORIGIN, "https://evil.example")
                .header("x-csrf-token", &anna.info.csrf_token)
                .header("x-file-name", "a.pdf")
                .body(Body::from(pdf("x")))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    // The octet-stream exception is for uploads only.
    let r = app
        .send(
            app.request(Method::PUT, "/api/me/contact", Some(&anna.cookie))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header("x-csrf-token", &anna.info.csrf_token)
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );
}

/// Delete a pending upload (stored under `key`).
async fn delete_upload(app: &TestApp, anna: &Login, up: &UploadedDocument, key: &str) {
    let path = format!("/api/uploads/{}", up.document.id);
    let r = app
        .as_person(anna, Method::DELETE, &path, &json!(null))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    app.as_person(anna, Method::DELETE, &path, &json!(null))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(app.state.store.get(key).await.unwrap(), None);
    app.get(
        &format!("/api/documents/{}", up.document.id),
        Some(&anna.cookie),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

#[tokio::test]
async fn uploads_are_typed_by_their_content_not_their_name() {
    let (app, anna, _) = anna_uploads_a_pdf().await;
    upload_images(&app, &anna).await;
}

#[tokio::test]
async fn uploads_are_stored_encrypted() {
    let (app, _, up) = anna_uploads_a_pdf().await;
    check_encrypted_at_rest(&app, &up).await;
}

#[tokio::test]
async fn an_own_pending_upload_can_be_downloaded() {
    let (app, anna, up) = anna_uploads_a_pdf().await;
    check_own_pending_upload_downloads(&app, &anna, &up).await;
}

#[tokio::test]
async fn uploads_of_other_content_are_refused() {
    let (app, anna, _) = anna_uploads_a_pdf().await;
    check_other_content_is_refused(&app, &anna).await;
}

#[tokio::test]
async fn uploads_need_a_file_name_and_content() {
    let (app, anna, _) = anna_uploads_a_pdf().await;
    check_name_and_content_are_needed(&app, &anna).await;
}

#[tokio::test]
async fn uploads_are_octet_streams_with_the_csrf_token() {
    let (app, anna, _) = anna_uploads_a_pdf().await;
    check_octet_stream_and_csrf_token(&app, &anna).await;
}

#[tokio::test]
async fn a_pending_upload_can_be_deleted_once() {
    let (app, anna, up) = anna_uploads_a_pdf().await;
    let key = check_encrypted_at_rest(&app, &up).await;
    delete_upload(&app, &anna, &up, &key).await;
}

/// Every step in turn, and what they wrote to the audit trail.
#[tokio::test]
async fn uploads_and_their_deletion_are_audited() {
    let (app, anna, up) = anna_uploads_a_pdf().await;
    upload_images(&app, &anna).await;
    let key = check_encrypted_at_rest(&app, &up).await;
    check_own_pending_upload_downloads(&app, &anna, &up).await;
    check_other_content_is_refused(&app, &anna).await;
    check_name_and_content_are_needed(&app, &anna).await;
    check_octet_stream_and_csrf_token(&app, &anna).await;
    delete_upload(&app, &anna, &up, &key).await;
    assert_eq!(audit_count(&app, "upload_document").await, 3);
    assert_eq!(audit_count(&app, "delete_upload").await, 1);
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused_while_streaming() {
    let app = TestApp::with(Options {
        max_upload_bytes: 1024,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    let mut big = pdf("big");
    big.resize(1025, b' ');
    // Declared too large.
    app.upload(&anna, Some("stor.pdf"), &big)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    // Streamed without a length: refused when the count passes the limit.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b'%'; 100])).collect();
    let mut first = pdf("s");
    first.resize(100, b' ');
    let mut all = vec![Ok(first)];
    all.extend(chunks);
    let body = Body::from_stream(futures_util::stream::iter(all));
    let r = app
        .send(
            app.request(Method::POST, "/api/uploads", Some(&anna.cookie))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header("x-csrf-token", &anna.info.csrf_token)
                .header("x-file-name", "stream.pdf")
                .body(body)
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    // Exactly the limit is fine.
    big.truncate(1024);
    upload_ok(&app, &anna, "precis.pdf", &big).await;
    // Larger than the generic 64 KiB API limit is allowed for uploads (default max).
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let mut large = pdf("large");
    large.resize(300 * 1024, b'x');
    assert_eq!(
        upload_ok(&app, &anna, "stor.pdf", &large)
            .await
            .document
            .size,
        300 * 1024
    );
    // Nothing stored for the refused uploads.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);

    // System attachments over the limit.
    let app = TestApp::with(Options {
        max_upload_bytes: 1024,
        ..Options::default()
    })
    .await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "sender": "s", "subject": "s", "body": "b",
                "attachments": [{"file_name": "a.pdf", "content_base64": b64(&{ let mut p = pdf("a"); p.resize(1025, b' '); p })}]})),
        )
        .await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    // The system API's body limit: (1024 * 10 * 4/3) + 64 KiB.
    let huge = "x".repeat(1024 * 40 / 3 + 64 * 1024 + 10);
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "sender": "s", "subject": "s", "body": huge})),
        )
        .await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn stale_uploads_are_deleted_after_24_hours() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let old = upload_ok(&app, &anna, "gammal.pdf", &pdf("old")).await;
    let old_key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1")
        .bind(old.document.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.advance(23 * 3600);
    let anna = app.login(ANNA).await;
    let fresh = upload_ok(&app, &anna, "ny.pdf", &pdf("new")).await;
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        0
    );
    app.advance(2 * 3600);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        1
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(ids, vec![fresh.document.id]);
    assert_ne!(old.document.id, fresh.document.id);
    // The ciphertext is gone from the store too; the fresh upload's is still there.
    assert_eq!(app.state.store.get(&old_key).await.unwrap(), None);
    let fresh_key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1")
        .bind(fresh.document.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(app.state.store.get(&fresh_key).await.unwrap().is_some());
    assert_eq!(audit_count(&app, "expire_uploads").await, 1);
}
