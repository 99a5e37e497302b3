//! `/api/matters/{id}/draft`: server-side drafts, and what sending does to them.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::Receipt;
use minsida_api::terminal::StoredDraft;
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::messaging::{documents, drafts};
use serde_json::{json, Value};

/// Anna's two matters with a request to supplement each, Lars's matter, two uploads of
/// Anna's and one of Lars's.
struct Drafting {
    app: TestApp,
    matter: SystemMatter,
    other_matter: SystemMatter,
    lars_matter: SystemMatter,
    request: i64,
    other_request: i64,
    anna: Login,
    lars: Login,
    up1: UploadedDocument,
    up2: UploadedDocument,
    lars_upload: UploadedDocument,
}

async fn anna_with_matters_and_uploads() -> Drafting {
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

    Drafting {
        app,
        matter,
        other_matter,
        lars_matter,
        request,
        other_request,
        anna,
        lars,
        up1,
        up2,
        lars_upload,
    }
}

/// No draft at first; one saved is kept exactly as typed, documents in the order given.
async fn save_and_read(d: &Drafting) {
    let Drafting {
        app,
        matter,
        request,
        anna,
        up1,
        up2,
        ..
    } = d;
    let request = *request;
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let draft = json!({
        "subject": "Svar på begäran",
        "body": "Här kommer  \n\nkontraktet. ",
        "supplement_request_id": request,
        "upload_ids": [up2.document.id, up1.document.id],
    });
    let r = put_draft(app, anna, matter.id, draft.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: StoredDraft = r.json();
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
}

/// Saving again, 30 seconds later, replaces it.
async fn save_again(d: &Drafting) {
    let Drafting {
        app, matter, anna, ..
    } = d;
    app.advance(30);
    let r = put_draft(app, anna, matter.id, json!({ "body": "Kortare" })).await;
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
}

/// Validation, with the send route's field names; the saved draft stays.
async fn check_invalid_drafts_are_refused(d: &Drafting) {
    let Drafting {
        app,
        matter,
        other_request,
        anna,
        up1,
        lars_upload,
        ..
    } = d;
    let other_request = *other_request;
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
            vec![("supplement_request_id", FieldErrorCode::RequestNotOpen)],
        ),
        (
            json!({ "supplement_request_id": 999_999 }),
            vec![("supplement_request_id", FieldErrorCode::RequestNotOpen)],
        ),
    ] {
        let r = put_draft(app, anna, matter.id, body.clone()).await;
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
    put_draft(app, anna, matter.id, json!({ "body": 5 }))
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

/// Someone else's matter, or none: 404 for every method, and nothing is written.
async fn check_other_matters_are_not_found(d: &Drafting) {
    let Drafting {
        app,
        matter,
        lars_matter,
        anna,
        lars,
        ..
    } = d;
    for id in [lars_matter.id, 999_999] {
        app.get(&draft_path(id), Some(&anna.cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        put_draft(app, anna, id, json!({ "body": "x" }))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        app.as_person(anna, Method::DELETE, &draft_path(id), &Value::Null)
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    app.get(&draft_path(matter.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.as_person(lars, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

/// Login and the CSRF token are needed.
async fn check_login_and_csrf_token_are_needed(d: &Drafting) {
    let Drafting {
        app, matter, anna, ..
    } = d;
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
}

/// A closed matter takes no new draft.
async fn check_a_closed_matter_takes_no_draft(d: &Drafting) {
    let Drafting {
        app,
        other_matter,
        anna,
        ..
    } = d;
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", other_matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({ "status": "closed" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    put_draft(app, anna, other_matter.id, json!({ "body": "x" }))
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
}

/// Discarding: 204, and again 204; the uploads it listed are still there.
async fn discard(d: &Drafting) {
    let Drafting {
        app, matter, anna, ..
    } = d;
    let r = app
        .as_person(anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = app
        .as_person(anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The uploads it listed are still there.
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE message_id IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(pending, 3);
}

#[tokio::test]
async fn a_draft_is_kept_exactly_as_typed() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
}

#[tokio::test]
async fn saving_a_draft_again_replaces_it() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    save_again(&d).await;
}

#[tokio::test]
async fn invalid_drafts_are_refused_with_the_send_routes_field_names() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    save_again(&d).await;
    check_invalid_drafts_are_refused(&d).await;
}

#[tokio::test]
async fn drafts_of_someone_elses_matter_or_none_are_not_found() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    check_other_matters_are_not_found(&d).await;
}

#[tokio::test]
async fn drafts_need_a_login_and_the_csrf_token() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    check_login_and_csrf_token_are_needed(&d).await;
}

#[tokio::test]
async fn a_closed_matter_takes_no_new_draft() {
    let d = anna_with_matters_and_uploads().await;
    check_a_closed_matter_takes_no_draft(&d).await;
}

#[tokio::test]
async fn discarding_a_draft_keeps_its_uploads() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    discard(&d).await;
}

/// Every step in turn, and what they wrote to the audit trail.
#[tokio::test]
async fn drafts_saved_read_and_discarded_are_audited() {
    let d = anna_with_matters_and_uploads().await;
    save_and_read(&d).await;
    save_again(&d).await;
    check_invalid_drafts_are_refused(&d).await;
    check_other_matters_are_not_found(&d).await;
    check_login_and_csrf_token_are_needed(&d).await;
    check_a_closed_matter_takes_no_draft(&d).await;
    discard(&d).await;
    let Drafting {
        app,
        request,
        up1,
        up2,
        ..
    } = &d;
    let request = *request;
    let anna_id = app.person_id(ANNA).await;
    let saves = audit_of(app, "save_draft").await;
    assert_eq!(saves.len(), 2);
    assert_eq!((saves[0].0, saves[0].2), (Some(anna_id), Some(anna_id)));
    assert_eq!(
        detail(&saves[0].4),
        json!({ "documents": [up2.document.id, up1.document.id], "supplement_request": request })
    );
    assert!(!saves[0].4.as_deref().unwrap().contains("kontraktet"));
    assert_eq!(audit_of(app, "read_draft").await.len(), 2);
    assert_eq!(audit_of(app, "delete_draft").await.len(), 1);
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
    sqlx::query(if on_postgres() {
        "UPDATE drafts SET draft = \
         jsonb_set(draft::jsonb, '{supplement_request_id}', to_jsonb($1::bigint))::text"
    } else {
        "UPDATE drafts SET draft = json_set(draft, '$.supplement_request_id', $1)"
    })
    .bind(request)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM documents WHERE id = $1")
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
