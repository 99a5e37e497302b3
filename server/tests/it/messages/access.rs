//! Who may reach what: a person only their own objects; sessions and CSRF tokens on every
//! citizen endpoint.

use crate::common::messaging::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use minsida_api::messages::{
    MatterDetail, MatterList, SupplementStatus, SystemDelivery, SystemReadReceipt,
};
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_person_cannot_reach_another_persons_objects() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    // Anna's objects.
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "anna").await;
    let req: SystemDelivery = request_supplement(&app, SYSTEM_A_KEY, matter.id, "2025-06-30")
        .await
        .json();
    let request_id = req.supplement_request_id.unwrap();
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Hemligt ämne",
        "Hemlig text",
        json!([{"file_name": "hemlig.pdf", "content_base64": b64(&pdf("hemlig"))}]),
    )
    .await;
    let anna_upload = upload_ok(&app, &anna, "annas.pdf", &pdf("annas")).await;
    // Lars's own matter, to try Anna's request and upload in.
    let lars_matter = create_matter(&app, SYSTEM_A_KEY, LARS, "lars").await;

    let secret = |r: &TestResponse| {
        let t = String::from_utf8_lossy(&r.body).to_string();
        assert!(
            !t.contains("Hemlig")
                && !t.contains("hemlig")
                && !t.contains("annas")
                && !t.contains("F-skatt"),
            "{t}"
        );
    };
    for r in [
        app.get(
            &format!("/api/messages/{}", d.message_id),
            Some(&lars.cookie),
        )
        .await,
        app.get(
            &format!("/api/messages/{}", req.message_id),
            Some(&lars.cookie),
        )
        .await,
        app.as_person(
            &lars,
            Method::PUT,
            &format!("/api/messages/{}/state", d.message_id),
            &json!({"archived": true}),
        )
        .await,
        app.get(&format!("/api/matters/{}", matter.id), Some(&lars.cookie))
            .await,
        app.as_person(
            &lars,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({"subject": "x", "body": "y"}),
        )
        .await,
        app.as_person(
            &lars,
            Method::POST,
            &format!("/api/matters/{}/messages", lars_matter.id),
            &json!({"supplement_request_id": request_id, "subject": "x", "body": "y"}),
        )
        .await,
        app.get(
            &format!("/api/documents/{}", d.attachments[0].id),
            Some(&lars.cookie),
        )
        .await,
        app.get(
            &format!("/api/documents/{}", anna_upload.document.id),
            Some(&lars.cookie),
        )
        .await,
        app.as_person(
            &lars,
            Method::DELETE,
            &format!("/api/uploads/{}", anna_upload.document.id),
            &json!(null),
        )
        .await,
    ] {
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        secret(&r);
    }
    let r = app
        .as_person(
            &lars,
            Method::POST,
            &format!("/api/matters/{}/messages", lars_matter.id),
            &json!({"subject": "x", "upload_ids": [anna_upload.document.id]}),
        )
        .await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::UnknownUpload);
    secret(&r);
    // Lists never show Anna's things, whatever the filter.
    for q in [
        "",
        &format!("?matter={}", matter.id),
        "?folder=archived",
        "?q=hemligt",
    ] {
        let page = inbox(&app, &lars, q).await;
        assert_eq!((page.total, page.unread), (0, 0), "{q}");
    }
    let list: MatterList = app.get("/api/matters", Some(&lars.cookie)).await.json();
    assert_eq!(
        list.matters.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![lars_matter.id]
    );
    // Nothing of Anna's changed: still unread, not archived, upload still there, request open.
    let page = inbox(&app, &anna, "").await;
    assert_eq!(page.unread, 2);
    assert!(page.messages.iter().all(|m| !m.archived && !m.read));
    let rr: SystemReadReceipt = app
        .system(
            Method::GET,
            &format!("/api/system/v1/messages/{}/receipt", d.message_id),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(rr.first_read_at, None);
    assert_eq!(
        app.get(
            &format!("/api/documents/{}", anna_upload.document.id),
            Some(&anna.cookie)
        )
        .await
        .status,
        StatusCode::OK
    );
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(detail.supplement_requests[0].status, SupplementStatus::Open);
}

#[tokio::test]
async fn citizen_endpoints_need_a_session_and_unsafe_ones_the_csrf_token() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m").await;
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Hej",
        "x",
        json!([{"file_name": "a.pdf", "content_base64": b64(&pdf("a"))}]),
    )
    .await;
    let up = upload_ok(&app, &anna, "u.pdf", &pdf("u")).await;
    let gets = [
        "/api/messages".to_string(),
        format!("/api/messages/{}", d.message_id),
        "/api/matters".to_string(),
        format!("/api/matters/{}", matter.id),
        format!("/api/documents/{}", d.attachments[0].id),
    ];
    let unsafe_: Vec<(Method, String, Value)> = vec![
        (
            Method::PUT,
            format!("/api/messages/{}/state", d.message_id),
            json!({"read": true}),
        ),
        (
            Method::POST,
            format!("/api/matters/{}/messages", matter.id),
            json!({"subject": "s", "body": "b"}),
        ),
        (
            Method::DELETE,
            format!("/api/uploads/{}", up.document.id),
            json!(null),
        ),
    ];
    for path in &gets {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        // A bearer key is no citizen credential.
        let r = app
            .send(
                app.request(Method::GET, path, None)
                    .header(header::AUTHORIZATION, format!("Bearer {SYSTEM_A_KEY}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    for (method, path, body) in &unsafe_ {
        app.json(method.clone(), path, &body.to_string(), None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        app.json(
            method.clone(),
            path,
            &body.to_string(),
            Some(&anna.cookie),
            None,
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
        app.json(
            method.clone(),
            path,
            &body.to_string(),
            Some(&anna.cookie),
            Some("wrong"),
        )
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    }
    let r = app
        .send(
            app.request(Method::POST, "/api/uploads", None)
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header("x-file-name", "a.pdf")
                .body(Body::from(pdf("x")))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // Nothing was sent, changed or deleted.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE direction = 'outgoing'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(inbox(&app, &anna, "").await.unread, 1);
    assert_eq!(
        app.get(
            &format!("/api/documents/{}", up.document.id),
            Some(&anna.cookie)
        )
        .await
        .status,
        StatusCode::OK
    );
    // Unknown ids are 404 for the owner too.
    for path in ["/api/messages/0", "/api/matters/999", "/api/documents/999"] {
        app.get(path, Some(&anna.cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    app.as_person(
        &anna,
        Method::POST,
        "/api/matters/999/messages",
        &json!({"subject": "s", "body": "b"}),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}
