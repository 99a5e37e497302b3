//! `/api/matters/{id}/draft`: server-side drafts, and what sending does to them.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::Receipt;
use minsida_api::terminal::StoredDraft;
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::messaging::{documents, drafts};
use serde_json::{json, Value};

#[tokio::test]
async fn drafts_are_saved_read_validated_and_discarded() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, ANNA, "a").await;
    let other_matter = create_matter(&app, ANNA, "b").await;
    let lars_matter = create_matter(&app, LARS, "l").await;
    let request = request_supplement(&app, matter.id).await;
    let other_request = request_supplement(&app, other_matter.id).await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let up1 = upload_ok(&app, &anna, "kontrakt.pdf").await;
    let up2 = upload_ok(&app, &anna, "intyg.pdf").await;
    let lars_upload = upload_ok(&app, &lars, "lars.pdf").await;

    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let draft = json!({
        "subject": "Svar på begäran",
        "body": "Här kommer  \n\nkontraktet. ",
        "supplement_request_id": request,
        "upload_ids": [up2.document.id, up1.document.id],
    });
    let r = put_draft(&app, &anna, matter.id, draft.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: StoredDraft = r.json();
    // Kept exactly as typed, documents in the order given.
    assert_eq!(saved.draft.body, "Här kommer  \n\nkontraktet. ");
    assert_eq!(saved.draft.supplement_request_id, Some(request));
    assert_eq!(
        saved.draft.upload_ids,
        vec![up2.document.id, up1.document.id]
    );
    assert_eq!(saved.uploads, vec![up2.clone(), up1.clone()]);
    assert_eq!(saved.updated_at, "2025-06-01T12:00:00Z");
    let read: StoredDraft = app
        .get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(read, saved);

    // Saving again replaces it.
    app.advance(30);
    let r = put_draft(&app, &anna, matter.id, json!({ "body": "Kortare" })).await;
    let saved: StoredDraft = r.json();
    assert_eq!(saved.draft.subject, "");
    assert_eq!(saved.draft.body, "Kortare");
    assert!(saved.uploads.is_empty() && saved.draft.supplement_request_id.is_none());
    assert_eq!(saved.updated_at, "2025-06-01T12:00:30Z");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drafts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);

    // Validation, with the send route's field names.
    let too_many: Vec<i64> = (1..=11).collect();
    for (body, expected) in [
        (
            json!({ "subject": "s".repeat(201), "body": "b".repeat(20_001) }),
            vec![
                ("subject", FieldErrorCode::TooLong),
                ("body", FieldErrorCode::TooLong),
            ],
        ),
        (
            json!({ "upload_ids": too_many }),
            vec![("upload_ids", FieldErrorCode::TooManyDocuments)],
        ),
        (
            json!({ "upload_ids": [up1.document.id, up1.document.id] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "upload_ids": [lars_upload.document.id] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "upload_ids": [999_999] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "supplement_request_id": other_request }),
            vec![("supplement_request_id", FieldErrorCode::InvalidValue)],
        ),
        (
            json!({ "supplement_request_id": 999_999 }),
            vec![("supplement_request_id", FieldErrorCode::InvalidValue)],
        ),
    ] {
        let r = put_draft(&app, &anna, matter.id, body.clone()).await;
        let expected: Vec<(String, FieldErrorCode)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_string(), c))
            .collect();
        assert_eq!(fields(&r), expected, "{body}");
    }
    let read: StoredDraft = app
        .get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(read.draft.body, "Kortare");
    put_draft(&app, &anna, matter.id, json!({ "body": 5 }))
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    // Someone else's matter, or none: 404 for every method, and nothing is written.
    for id in [lars_matter.id, 999_999] {
        app.get(&draft_path(id), Some(&anna.cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        put_draft(&app, &anna, id, json!({ "body": "x" }))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        app.as_person(&anna, Method::DELETE, &draft_path(id), &Value::Null)
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    app.get(&draft_path(matter.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.as_person(&lars, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // Login and the CSRF token are needed.
    app.get(&draft_path(matter.id), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    app.json(
        Method::PUT,
        &draft_path(matter.id),
        "{}",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.json(
        Method::DELETE,
        &draft_path(matter.id),
        "",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    // A closed matter takes no new draft.
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", other_matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({ "status": "closed" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    put_draft(&app, &anna, other_matter.id, json!({ "body": "x" }))
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);

    // Discarding: 204, and again 204.
    let r = app
        .as_person(&anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = app
        .as_person(&anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The uploads it listed are still there.
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE message_id IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(pending, 3);

    let anna_id = app.person_id(ANNA).await;
    let saves = audit_of(&app, "save_draft").await;
    assert_eq!(saves.len(), 2);
    assert_eq!((saves[0].0, saves[0].2), (Some(anna_id), Some(anna_id)));
    assert_eq!(
        detail(&saves[0].4),
        json!({ "documents": [up2.document.id, up1.document.id], "supplement_request": request })
    );
    assert!(!saves[0].4.as_deref().unwrap().contains("kontraktet"));
    assert_eq!(audit_of(&app, "read_draft").await.len(), 2);
    assert_eq!(audit_of(&app, "delete_draft").await.len(), 1);
}

#[tokio::test]
async fn sending_deletes_the_draft_and_drafted_uploads_outlive_pending_ones() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, ANNA, "a").await;
    let request = request_supplement(&app, matter.id).await;
    let anna = app.login(ANNA).await;
    let drafted = upload_ok(&app, &anna, "kontrakt.pdf").await;
    let loose = upload_ok(&app, &anna, "los.pdf").await;
    let r = put_draft(
        &app,
        &anna,
        matter.id,
        json!({
            "subject": "Komplettering",
            "body": "Kontraktet bifogas.",
            "supplement_request_id": request,
            "upload_ids": [drafted.document.id],
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // A day later the loose upload is gone; the drafted one waits with its draft.
    app.advance(25 * 3600);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        1
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents WHERE message_id IS NULL")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(ids, vec![drafted.document.id]);
    assert_ne!(loose.document.id, drafted.document.id);

    // A new login (here on a terminal) resumes the draft and sends it.
    let device = enroll(&app, "Demo 1").await;
    let visitor = login_on(&app, &device, ANNA).await;
    let stored: StoredDraft = app
        .get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .json();
    assert_eq!(stored.uploads, vec![drafted.clone()]);
    let r = app
        .as_person(
            &visitor,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({
                "subject": stored.draft.subject,
                "body": stored.draft.body,
                "supplement_request_id": stored.draft.supplement_request_id,
                "upload_ids": stored.draft.upload_ids,
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: Receipt = r.json();
    assert_eq!(receipt.documents.len(), 1);
    app.get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let sent = audit_of(&app, "send_message").await;
    assert_eq!(detail(&sent[0].4)["draft_deleted"], true);

    // A draft whose upload was sent elsewhere and whose request was answered resumes
    // without them.
    let second = upload_ok(&app, &visitor, "andra.pdf").await;
    let r = put_draft(
        &app,
        &visitor,
        matter.id,
        json!({ "body": "Mer", "upload_ids": [second.document.id] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    sqlx::query("UPDATE drafts SET draft = json_set(draft, '$.supplement_request_id', ?)")
        .bind(request)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM documents WHERE id = ?")
        .bind(second.document.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let stored: StoredDraft = app
        .get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .json();
    assert!(stored.uploads.is_empty() && stored.draft.upload_ids.is_empty());
    assert_eq!(stored.draft.supplement_request_id, None);
    assert_eq!(stored.draft.body, "Mer");

    // Drafts untouched for 7 days expire, and then their uploads with them.
    let third = upload_ok(&app, &visitor, "tredje.pdf").await;
    put_draft(
        &app,
        &visitor,
        matter.id,
        json!({ "upload_ids": [third.document.id] }),
    )
    .await;
    app.advance(7 * 24 * 3600 - 1);
    assert_eq!(drafts::delete_expired(&app.state).await.unwrap(), 0);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        0
    );
    app.advance(1);
    assert_eq!(drafts::delete_expired(&app.state).await.unwrap(), 1);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        1
    );
    let expired = audit_of(&app, "expire_drafts").await;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].2, Some(app.person_id(ANNA).await));
    let anna = app.login(ANNA).await;
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}
