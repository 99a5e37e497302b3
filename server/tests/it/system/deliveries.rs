//! `POST /api/system/v1/messages`: delivering messages (also the demo data's).

use crate::common::messaging::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use minsida_api::messages::{
    MatterDetail, MatterList, MatterStatus, MessageDetail, SupplementStatus,
};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use serde_json::{json, Value};

#[tokio::test]
async fn system_deliveries_are_validated() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m").await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": "123"}, "sender": "", "subject": "x".repeat(201), "body": "b".repeat(20_001),
                "attachments": [{"file_name": "...", "content_base64": b64(&pdf("a"))}, {"file_name": "b.pdf", "content_base64": "not base64!"}, {"file_name": "c.pdf", "content_base64": ""}]})),
        )
        .await;
    let fields: Vec<(String, FieldErrorCode)> = field_errors(&r)
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("sender".into(), FieldErrorCode::Required),
            ("subject".into(), FieldErrorCode::TooLong),
            ("body".into(), FieldErrorCode::TooLong),
            ("attachments[0].file_name".into(), FieldErrorCode::Required),
            (
                "attachments[1].content_base64".into(),
                FieldErrorCode::InvalidValue
            ),
            (
                "attachments[2].content_base64".into(),
                FieldErrorCode::Required
            ),
            (
                "recipient.personal_number".into(),
                FieldErrorCode::InvalidPersonalNumber
            ),
        ]
    );
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({"file_name": format!("{i}.pdf"), "content_base64": b64(&pdf("x"))}))
        .collect();
    let r = app
        .system(Method::POST, "/api/system/v1/messages", Some(SYSTEM_A_KEY), Some(&json!({"recipient": {"personal_number": ANNA}, "sender": "s", "subject": "s", "body": "b", "attachments": eleven})))
        .await;
    assert_eq!(
        field_errors(&r),
        vec![FieldError {
            field: "attachments".into(),
            code: FieldErrorCode::TooManyDocuments
        }]
    );
    // The agency may only send PDF, JPEG and PNG too, judged by content.
    let r = app
        .system(Method::POST, "/api/system/v1/messages", Some(SYSTEM_A_KEY), Some(&json!({"recipient": {"personal_number": ANNA}, "sender": "s", "subject": "s", "body": "b", "attachments": [{"file_name": "beslut.pdf", "content_base64": b64(EXE)}]})))
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedFileType,
    );
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{}/supplement-requests", matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({"sender": "s", "subject": "s", "body": "b", "requested_items": [], "due_date": "2025-07-01"})),
        )
        .await;
    assert_eq!(
        field_errors(&r),
        vec![FieldError {
            field: "requested_items".into(),
            code: FieldErrorCode::Required
        }]
    );
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{}/supplement-requests", matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({"sender": "s", "subject": "s", "body": "b", "requested_items": ["ok", " "], "due_date": "2025-07-01"})),
        )
        .await;
    assert_eq!(
        field_errors(&r),
        vec![FieldError {
            field: "requested_items[1]".into(),
            code: FieldErrorCode::Required
        }]
    );
    let items: Vec<String> = (0..21).map(|i| format!("sak {i}")).collect();
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{}/supplement-requests", matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({"sender": "s", "subject": "s", "body": "b", "requested_items": items, "due_date": "2025-07-01"})),
        )
        .await;
    assert_eq!(field_errors(&r)[0].field, "requested_items");
    app.system(
        Method::PUT,
        &format!("/api/system/v1/matters/{}/status", matter.id),
        Some(SYSTEM_A_KEY),
        Some(&json!({"status": "decided", "note": "n".repeat(201)})),
    )
    .await;
    // Malformed JSON and a non-JSON body.
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/system/v1/messages")
                .header(header::AUTHORIZATION, format!("Bearer {SYSTEM_A_KEY}"))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("hello"))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(
        std::fs::read_dir(app.config.data_dir.join("documents"))
            .map(|d| d.count())
            .unwrap_or(0),
        0
    );
}

#[tokio::test]
async fn demo_messages_are_delivered_through_the_system_api_once() {
    let app = TestApp::new().await;
    let n = minsida_server::demo::seed_messages(&app.state)
        .await
        .unwrap();
    assert!(n > 20, "{n}");
    assert_eq!(
        minsida_server::demo::seed_messages(&app.state)
            .await
            .unwrap(),
        0
    );

    let anna = app.login(ANNA).await;
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    let titles: Vec<&str> = list.matters.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"Inkomstdeklaration 2025") && titles.contains(&"Ansökan om F-skatt"));
    let moving = list
        .matters
        .iter()
        .find(|m| m.open_requests == 1)
        .expect("a matter with an open request");
    assert_eq!(moving.status, MatterStatus::AwaitingPerson);
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", moving.id), Some(&anna.cookie))
        .await
        .json();
    let req = &detail.supplement_requests[0];
    assert_eq!(req.status, SupplementStatus::Open);
    assert_eq!(req.due_date, "2025-06-15");
    assert_eq!(
        req.requested_items,
        vec!["Kopia av hyreskontrakt", "Intyg från hyresvärd"]
    );
    let decided = list
        .matters
        .iter()
        .find(|m| m.title == "Inkomstdeklaration 2025")
        .unwrap();
    assert_eq!(decided.status, MatterStatus::Decided);

    let page = inbox(&app, &anna, "?page_size=100").await;
    assert!(page.total >= 14, "{}", page.total);
    assert!(page.unread > 0 && page.unread < page.total);
    let with_pdf = page
        .messages
        .iter()
        .find(|m| m.attachment_count > 0)
        .unwrap();
    let msg: MessageDetail = app
        .get(
            &format!("/api/messages/{}", with_pdf.id),
            Some(&anna.cookie),
        )
        .await
        .json();
    let r = app
        .get(
            &format!("/api/documents/{}", msg.attachments[0].id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(b"%PDF-1.4"));
    // Bodies use the markup.
    assert!(page
        .messages
        .iter()
        .any(|m| m.subject == "Välkommen till Min sida"));
    for pn in [LARS, TOLVAN] {
        let login = app.login(pn).await;
        assert!(inbox(&app, &login, "").await.total >= 2, "{pn}");
    }
}
