//! Secure messages, matters, uploads, documents and the system-to-system API, through the
//! real router and a real SQLite database.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use base64::Engine as _;
use common::*;
use minsida_api::messages::{
    BodyBlock, InboxPage, MatterDetail, MatterList, MatterStatus, MessageDetail, MessageDirection,
    MessageKind, MessageSummary, Receipt, SupplementStatus, SystemDelivery, SystemMatter,
    SystemReadReceipt, SystemSubmissions, TimelineKind, UploadedDocument,
};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use minsida_server::crypto::sha256_hex;
use minsida_server::messaging::documents;
use serde_json::{json, Value};

/// A small PDF-looking file.
fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% test document {tag}\n%%EOF\n").into_bytes()
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];
const EXE: &[u8] =
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00 This program cannot be run in DOS mode";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn field_errors(r: &TestResponse) -> Vec<FieldError> {
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation)
        .fields
}

/// Create a matter of `personal_number` as the system with `key`.
async fn create_matter(
    app: &TestApp,
    key: &str,
    personal_number: &str,
    external_id: &str,
) -> SystemMatter {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(key),
            Some(&json!({
                "recipient": { "personal_number": personal_number },
                "title": "Ansökan om F-skatt",
                "category": "ongoing",
                "handler": "Skatteverket, Företagsregistrering",
                "external_id": external_id,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// Deliver a message as the system with `key`.
async fn deliver(
    app: &TestApp,
    key: &str,
    personal_number: &str,
    matter_id: Option<i64>,
    subject: &str,
    body: &str,
    attachments: Value,
) -> SystemDelivery {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(key),
            Some(&json!({
                "recipient": { "personal_number": personal_number },
                "matter_id": matter_id,
                "sender": "Skatteverket, Folkbokföring",
                "subject": subject,
                "body": body,
                "attachments": attachments,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// A request to supplement in `matter_id`, due at `due_date`.
async fn request_supplement(
    app: &TestApp,
    key: &str,
    matter_id: i64,
    due_date: &str,
) -> TestResponse {
    app.system(
        Method::POST,
        &format!("/api/system/v1/matters/{matter_id}/supplement-requests"),
        Some(key),
        Some(&json!({
            "sender": "Skatteverket, Folkbokföring",
            "subject": "Begäran om komplettering",
            "body": "Vi behöver:\n\n- Kopia av hyreskontrakt\n- Intyg från hyresvärd",
            "requested_items": ["Kopia av hyreskontrakt", "Intyg från hyresvärd"],
            "due_date": due_date,
        })),
    )
    .await
}

async fn inbox(app: &TestApp, login: &Login, query: &str) -> InboxPage {
    let r = app
        .get(&format!("/api/messages{query}"), Some(&login.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text());
    r.json()
}

async fn upload_ok(app: &TestApp, login: &Login, name: &str, bytes: &[u8]) -> UploadedDocument {
    let r = app.upload(login, Some(name), bytes).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = ?")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// System API authentication and isolation
// ---------------------------------------------------------------------------------------------

/// Every system route, with a body where one is needed.
fn system_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    let create = json!({"recipient": {"personal_number": ANNA}, "title": "x", "category": "other", "handler": "x", "external_id": "x"});
    vec![
        (Method::POST, "/api/system/v1/matters", Some(create)),
        (
            Method::PUT,
            "/api/system/v1/matters/1/status",
            Some(json!({"status": "closed"})),
        ),
        (Method::POST, "/api/system/v1/messages", Some(json!({}))),
        (
            Method::POST,
            "/api/system/v1/matters/1/supplement-requests",
            Some(json!({})),
        ),
        (Method::GET, "/api/system/v1/messages/1/receipt", None),
        (Method::GET, "/api/system/v1/matters/1/submissions", None),
        (Method::GET, "/api/system/v1/documents/1", None),
    ]
}

#[tokio::test]
async fn system_api_requires_a_valid_unrevoked_key() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    sqlx::query("UPDATE agency_systems SET revoked_at = ? WHERE name = 'system-b'")
        .bind(START)
        .execute(&app.pool)
        .await
        .unwrap();
    for (method, path, body) in system_routes() {
        for key in [
            None,
            Some("wrong-key-wrong-key-wrong-key-wrong-key"),
            Some(SYSTEM_B_KEY),
        ] {
            let r = app.system(method.clone(), path, key, body.as_ref()).await;
            r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
            assert!(
                r.header("www-authenticate").unwrap().starts_with("Bearer"),
                "{path}"
            );
        }
        // A citizen session cookie (with its CSRF token) is not a credential here.
        let mut b = app
            .request(method.clone(), path, Some(&anna.cookie))
            .header("x-csrf-token", &anna.info.csrf_token)
            .header(header::CONTENT_TYPE, "application/json");
        b = b.header(header::AUTHORIZATION, "Basic dXNlcjpwYXNz");
        let body = body.as_ref().map(Value::to_string).unwrap_or_default();
        let r = app.send(b.body(Body::from(body)).unwrap()).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM matters")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
    // A valid key works with nothing but the bearer and JSON (no Origin, no Sec-Fetch-Site).
    create_matter(&app, SYSTEM_A_KEY, ANNA, "ext-1").await;
    // The demo system is registered in demo mode with its documented key.
    create_matter(
        &app,
        minsida_server::config::DEMO_SYSTEM_API_KEY,
        ANNA,
        "ext-1",
    )
    .await;
}

#[tokio::test]
async fn systems_only_see_their_own_matters_messages_and_documents() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "a-1").await;
    let delivery = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Hej",
        "Text",
        json!([{"file_name": "a.pdf", "content_base64": b64(&pdf("a"))}]),
    )
    .await;
    let doc = delivery.attachments[0].id;
    let b = Some(SYSTEM_B_KEY);
    for r in [
        app.system(Method::PUT, &format!("/api/system/v1/matters/{}/status", matter.id), b, Some(&json!({"status": "closed"}))).await,
        request_supplement(&app, SYSTEM_B_KEY, matter.id, "2025-06-30").await,
        app.system(Method::GET, &format!("/api/system/v1/matters/{}/submissions", matter.id), b, None).await,
        app.system(Method::GET, &format!("/api/system/v1/messages/{}/receipt", delivery.message_id), b, None).await,
        app.system(Method::GET, &format!("/api/system/v1/documents/{doc}"), b, None).await,
        app.system(
            Method::POST,
            "/api/system/v1/messages",
            b,
            Some(&json!({"recipient": {"personal_number": ANNA}, "matter_id": matter.id, "sender": "B", "subject": "s", "body": "b"})),
        )
        .await,
    ] {
        let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert!(!r.text().contains("F-skatt"), "{body:?}");
    }
    // Nothing changed.
    let status: String = sqlx::query_scalar("SELECT status FROM matters WHERE id = ?")
        .bind(matter.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "received");
    // The same external id is a separate matter for another system.
    let other = create_matter(&app, SYSTEM_B_KEY, ANNA, "a-1").await;
    assert_ne!(other.id, matter.id);
    // A can still do everything.
    let r = app
        .system(
            Method::GET,
            &format!("/api/system/v1/documents/{doc}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("a"));
}

#[tokio::test]
async fn create_matter_is_idempotent_and_validated() {
    let app = TestApp::new().await;
    let m = create_matter(&app, SYSTEM_A_KEY, "19811218-9876", "ext-42").await;
    assert_eq!(m.status, MatterStatus::Received);
    assert_eq!(m.external_id, "ext-42");
    assert_eq!(m.opened_at, "2025-06-01T12:00:00Z");
    assert!(
        m.reference.starts_with("2025-") && m.reference.len() == 11,
        "{}",
        m.reference
    );
    // Again: 200 with the same matter.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": "Annat", "category": "other", "handler": "x", "external_id": "ext-42"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json::<SystemMatter>(), m);
    // The same external id for someone else is a conflict.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": LARS}, "title": "t", "category": "other", "handler": "x", "external_id": "ext-42"})),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);

    for (pn, code) in [
        ("811218-9875", FieldErrorCode::InvalidPersonalNumber),
        ("abc", FieldErrorCode::InvalidPersonalNumber),
        ("19491011-2392", FieldErrorCode::UnknownPerson),
    ] {
        let r = app
            .system(
                Method::POST,
                "/api/system/v1/matters",
                Some(SYSTEM_A_KEY),
                Some(&json!({"recipient": {"personal_number": pn}, "title": "t", "category": "other", "handler": "h", "external_id": "e"})),
            )
            .await;
        assert_eq!(
            field_errors(&r),
            vec![FieldError {
                field: "recipient.personal_number".into(),
                code
            }]
        );
    }
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": " ", "category": "other", "handler": "x".repeat(201), "external_id": ""})),
        )
        .await;
    let fields: Vec<(String, FieldErrorCode)> = field_errors(&r)
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("title".into(), FieldErrorCode::Required),
            ("handler".into(), FieldErrorCode::TooLong),
            ("external_id".into(), FieldErrorCode::Required),
        ]
    );
    // Unknown category: the JSON does not fit the schema.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": "t", "category": "nope", "handler": "x", "external_id": "e"})),
        )
        .await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

// ---------------------------------------------------------------------------------------------
// Delivery, inbox, reading
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delivered_message_is_unread_until_opened_and_the_system_sees_the_read_receipt() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let delivery = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Ditt personbevis",
        "Hej!\n\n## Bilaga\n- Personbevis\n\n<script>alert(1)</script>",
        json!([{"file_name": "../Personbevis åäö.pdf", "content_base64": b64(&pdf("pb"))}]),
    )
    .await;
    assert_eq!(delivery.delivered_at, "2025-06-01T12:00:00Z");
    assert_eq!(delivery.supplement_request_id, None);
    let att = &delivery.attachments[0];
    assert_eq!(att.file_name, "Personbevis åäö.pdf");
    assert_eq!(att.content_type, "application/pdf");
    assert_eq!(att.sha256, sha256_hex(&pdf("pb")));
    assert_eq!(att.size, pdf("pb").len() as u64);

    let page = inbox(&app, &anna, "").await;
    assert_eq!(
        (page.total, page.unread, page.page, page.page_size),
        (1, 1, 1, 25)
    );
    let m = &page.messages[0];
    assert_eq!(m.id, delivery.message_id);
    assert!(!m.read && !m.archived);
    assert_eq!(
        (m.direction, m.kind),
        (MessageDirection::Incoming, MessageKind::Message)
    );
    assert_eq!(m.attachment_count, 1);
    assert_eq!(m.sender, "Skatteverket, Folkbokföring");

    let receipt_path = format!("/api/system/v1/messages/{}/receipt", delivery.message_id);
    let rr: SystemReadReceipt = app
        .system(Method::GET, &receipt_path, Some(SYSTEM_A_KEY), None)
        .await
        .json();
    assert_eq!(rr.first_read_at, None);
    assert_eq!(rr.delivered_at, "2025-06-01T12:00:00Z");

    app.advance(600);
    let r = app
        .get(
            &format!("/api/messages/{}", delivery.message_id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let detail: MessageDetail = r.json();
    assert!(detail.summary.read);
    assert_eq!(
        detail.body,
        vec![
            BodyBlock::Paragraph {
                lines: vec!["Hej!".into()]
            },
            BodyBlock::Heading {
                text: "Bilaga".into()
            },
            BodyBlock::BulletList {
                items: vec!["Personbevis".into()]
            },
            BodyBlock::Paragraph {
                lines: vec!["<script>alert(1)</script>".into()]
            },
        ]
    );
    assert_eq!(detail.attachments, delivery.attachments);
    assert!(detail.receipt.is_none() && detail.supplement_request.is_none());

    let rr: SystemReadReceipt = app
        .system(Method::GET, &receipt_path, Some(SYSTEM_A_KEY), None)
        .await
        .json();
    assert_eq!(rr.first_read_at.as_deref(), Some("2025-06-01T12:10:00Z"));
    // Marking unread and opening again never moves the first read time.
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            &format!("/api/messages/{}/state", delivery.message_id),
            &json!({"read": false}),
        )
        .await;
    assert!(!r.json::<MessageSummary>().read);
    assert_eq!(inbox(&app, &anna, "").await.unread, 1);
    app.advance(3600);
    let anna = app.login(ANNA).await;
    app.get(
        &format!("/api/messages/{}", delivery.message_id),
        Some(&anna.cookie),
    )
    .await;
    let rr: SystemReadReceipt = app
        .system(Method::GET, &receipt_path, Some(SYSTEM_A_KEY), None)
        .await
        .json();
    assert_eq!(rr.first_read_at.as_deref(), Some("2025-06-01T12:10:00Z"));
    assert_eq!(inbox(&app, &anna, "").await.unread, 0);

    // Download: the same bytes, with safe headers.
    let r = app
        .get(&format!("/api/documents/{}", att.id), Some(&anna.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("pb"));
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"Personbevis ___.pdf\"; filename*=UTF-8''Personbevis%20%C3%A5%C3%A4%C3%B6.pdf")
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("cache-control"), Some("no-store"));

    // Audit: list, each open, the download, the delivery by the system.
    assert!(audit_count(&app, "list_messages").await >= 3);
    assert_eq!(audit_count(&app, "read_message").await, 2);
    assert_eq!(audit_count(&app, "download_document").await, 1);
    let (actor_person, actor_system, subject): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT actor_person_id, actor_system, subject_person_id FROM audit_events WHERE action = 'system_deliver_message'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let system_a: i64 = sqlx::query_scalar("SELECT id FROM agency_systems WHERE name = 'system-a'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        (actor_person, actor_system, subject),
        (None, Some(system_a), Some(app.person_id(ANNA).await))
    );
    assert_eq!(audit_count(&app, "system_read_receipt").await, 3);
    // The audit trail stays append-only.
    assert!(sqlx::query("DELETE FROM audit_events")
        .execute(&app.pool)
        .await
        .is_err());
}

#[tokio::test]
async fn inbox_filters_search_and_pagination() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m").await;
    let mut ids = Vec::new();
    for i in 0..30 {
        // One message per day, from 2025-06-01 (Swedish time 14:00).
        let (subject, matter_id) = match i {
            3 => ("ÅRSBESKED för Anna".to_string(), None),
            4 => ("Beslut i ärendet".to_string(), Some(matter.id)),
            _ => (format!("Meddelande nummer {i}"), None),
        };
        let body = if i == 5 {
            "Om din skatteåterbäring"
        } else {
            "Vanlig text"
        };
        ids.push(
            deliver(
                &app,
                SYSTEM_A_KEY,
                ANNA,
                matter_id,
                &subject,
                body,
                json!([]),
            )
            .await
            .message_id,
        );
        app.advance(24 * 3600);
    }
    // Lars's messages never show up in Anna's inbox.
    deliver(&app, SYSTEM_A_KEY, LARS, None, "Till Lars", "x", json!([])).await;
    let anna = app.login(ANNA).await;

    let page = inbox(&app, &anna, "?page_size=10").await;
    assert_eq!((page.total, page.unread, page.messages.len()), (30, 30, 10));
    assert_eq!(page.messages[0].id, ids[29], "newest first");
    let page3 = inbox(&app, &anna, "?page_size=10&page=3").await;
    assert_eq!(page3.messages.last().unwrap().id, ids[0]);
    assert!(inbox(&app, &anna, "?page_size=10&page=4")
        .await
        .messages
        .is_empty());
    assert_eq!(inbox(&app, &anna, "?page_size=0").await.page_size, 1);
    assert_eq!(inbox(&app, &anna, "?page_size=1000").await.page_size, 100);

    // Search: case-insensitive also for å, ä, ö, in subject and body, every word.
    let hits = inbox(&app, &anna, "?q=%C3%A5rsbesked").await;
    assert_eq!(
        hits.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[3]]
    );
    assert_eq!(
        inbox(&app, &anna, "?q=SKATTE%C3%85TERB%C3%84RING")
            .await
            .total,
        1
    );
    assert_eq!(inbox(&app, &anna, "?q=meddelande+27").await.total, 1);
    assert_eq!(inbox(&app, &anna, "?q=meddelande+nope").await.total, 0);
    assert_eq!(inbox(&app, &anna, "?q=%25").await.total, 0);

    // Matter filter.
    let m = inbox(&app, &anna, &format!("?matter={}", matter.id)).await;
    assert_eq!(
        m.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[4]]
    );
    assert_eq!(
        m.messages[0].matter.as_ref().unwrap().reference,
        matter.reference
    );

    // Dates are Swedish calendar dates, both ends inclusive: message i is on 2025-06-(1+i).
    let d = inbox(&app, &anna, "?from=2025-06-03&to=2025-06-05").await;
    assert_eq!(
        d.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[4], ids[3], ids[2]]
    );
    assert_eq!(inbox(&app, &anna, "?from=2025-06-30").await.total, 1);
    assert_eq!(inbox(&app, &anna, "?to=2025-06-01").await.total, 1);

    // Unread, archived and sent folders.
    app.get(&format!("/api/messages/{}", ids[0]), Some(&anna.cookie))
        .await;
    app.as_person(
        &anna,
        Method::PUT,
        &format!("/api/messages/{}/state", ids[1]),
        &json!({"archived": true}),
    )
    .await;
    let unread = inbox(&app, &anna, "?folder=unread").await;
    assert_eq!((unread.total, unread.unread), (28, 28));
    assert!(unread.messages.iter().all(|m| !m.read));
    let archived = inbox(&app, &anna, "?folder=archived").await;
    assert_eq!(
        archived.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![ids[1]]
    );
    assert_eq!(inbox(&app, &anna, "").await.total, 29);
    assert_eq!(inbox(&app, &anna, "?folder=sent").await.total, 0);

    // Bad values are field errors.
    let r = app
        .get(
            "/api/messages?from=2025-02-30&to=igår&folder=spam&page=0&page_size=x&matter=y",
            Some(&anna.cookie),
        )
        .await;
    let mut fields: Vec<(String, FieldErrorCode)> = field_errors(&r)
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        fields,
        vec![
            ("folder".into(), FieldErrorCode::InvalidValue),
            ("from".into(), FieldErrorCode::InvalidDate),
            ("matter".into(), FieldErrorCode::InvalidValue),
            ("page".into(), FieldErrorCode::InvalidValue),
            ("page_size".into(), FieldErrorCode::InvalidValue),
            ("to".into(), FieldErrorCode::InvalidDate),
        ]
    );
}

#[tokio::test]
async fn message_state_archive_and_unread() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let d = deliver(&app, SYSTEM_A_KEY, ANNA, None, "Hej", "Text", json!([])).await;
    let path = format!("/api/messages/{}/state", d.message_id);
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            &path,
            &json!({"read": true, "archived": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s: MessageSummary = r.json();
    assert!(s.read && s.archived);
    // Marking read in the list is not opening: no read receipt.
    let first: Option<i64> = sqlx::query_scalar("SELECT first_read_at FROM messages WHERE id = ?")
        .bind(d.message_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(first, None);
    assert_eq!(inbox(&app, &anna, "").await.total, 0);
    assert_eq!(inbox(&app, &anna, "?folder=archived").await.total, 1);
    // Absent fields stay as they are.
    let s: MessageSummary = app
        .as_person(&anna, Method::PUT, &path, &json!({"archived": false}))
        .await
        .json();
    assert!(s.read && !s.archived);
    let s: MessageSummary = app
        .as_person(&anna, Method::PUT, &path, &json!({"read": false}))
        .await
        .json();
    assert!(!s.read && !s.archived);
    assert_eq!(inbox(&app, &anna, "").await.unread, 1);
    // Archived messages are never deleted.
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    app.as_person(&anna, Method::PUT, &path, &json!({"read": "yes"}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    app.as_person(&anna, Method::PUT, "/api/messages/999999/state", &json!({}))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(audit_count(&app, "update_message_state").await, 3);
}

// ---------------------------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn uploads_are_checked_by_content_and_stored_encrypted() {
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
    assert_eq!(
        upload_ok(&app, &anna, "bild.png", PNG)
            .await
            .document
            .content_type,
        "image/png"
    );
    // The type comes from the content, not the name.
    assert_eq!(
        upload_ok(&app, &anna, "foto.pdf", JPEG)
            .await
            .document
            .content_type,
        "image/jpeg"
    );

    // Encrypted at rest: the stored file is not the plaintext.
    let key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = ?")
        .bind(up.document.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let stored = std::fs::read(
        app.config
            .data_dir
            .join("documents")
            .join(format!("{key}.bin")),
    )
    .unwrap();
    assert!(!stored.windows(8).any(|w| w == b"%PDF-1.7"));
    assert_ne!(stored, pdf("hk"));

    // Own pending upload can be downloaded.
    let r = app
        .get(
            &format!("/api/documents/{}", up.document.id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.body, pdf("hk"));

    // An .exe renamed .pdf, and other content.
    for bytes in [EXE, b"just some text file".as_slice(), b"%PD".as_slice()] {
        app.upload(&anna, Some("faktura.pdf"), bytes)
            .await
            .assert_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedFileType,
            );
    }
    // Name missing, empty after cleaning, not UTF-8; an empty file.
    for name in [None, Some(""), Some("..."), Some("/")] {
        let r = app.upload(&anna, name, &pdf("x")).await;
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
    let r = app.upload(&anna, Some("tom.pdf"), b"").await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::Required);

    // Only application/octet-stream, with the CSRF token.
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

    // Delete a pending upload.
    let path = format!("/api/uploads/{}", up.document.id);
    let r = app
        .as_person(&anna, Method::DELETE, &path, &json!(null))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    app.as_person(&anna, Method::DELETE, &path, &json!(null))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert!(!app
        .config
        .data_dir
        .join("documents")
        .join(format!("{key}.bin"))
        .exists());
    app.get(
        &format!("/api/documents/{}", up.document.id),
        Some(&anna.cookie),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
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
    assert_eq!(
        std::fs::read_dir(app.config.data_dir.join("documents"))
            .unwrap()
            .count(),
        1
    );
    assert_eq!(audit_count(&app, "expire_uploads").await, 1);
}

// ---------------------------------------------------------------------------------------------
// Matters, requests to supplement, sending and receipts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn answering_a_request_to_supplement_gives_a_receipt_the_system_can_fetch() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "flytt-1").await;
    app.advance(60);
    let r = request_supplement(&app, SYSTEM_A_KEY, matter.id, "2025-06-15").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let req: SystemDelivery = r.json();
    let request_id = req.supplement_request_id.unwrap();

    // The person sees the matter, its open request and the message carrying it.
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(list.matters.len(), 1);
    assert_eq!(list.matters[0].status, MatterStatus::AwaitingPerson);
    assert_eq!(list.matters[0].open_requests, 1);
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(detail.can_reply);
    assert_eq!(detail.supplement_requests[0].status, SupplementStatus::Open);
    assert_eq!(
        detail.supplement_requests[0].requested_items,
        vec!["Kopia av hyreskontrakt", "Intyg från hyresvärd"]
    );
    assert_eq!(detail.supplement_requests[0].due_date, "2025-06-15");
    let kinds: Vec<TimelineKind> = detail.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TimelineKind::Opened,
            TimelineKind::SupplementRequested,
            TimelineKind::StatusChanged
        ]
    );
    let msg: MessageDetail = app
        .get(
            &format!("/api/messages/{}", req.message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(msg.summary.kind, MessageKind::SupplementRequest);
    assert_eq!(msg.supplement_request.as_ref().unwrap().id, request_id);

    let contract = upload_ok(&app, &anna, "Hyreskontrakt.pdf", &pdf("kontrakt")).await;
    let cert = upload_ok(&app, &anna, "Intyg.png", PNG).await;
    let lars_upload = upload_ok(&app, &lars, "lars.pdf", &pdf("lars")).await;
    let path = format!("/api/matters/{}/messages", matter.id);

    // Someone else's upload, an unknown one, a duplicate.
    for ids in [
        vec![contract.document.id, lars_upload.document.id],
        vec![999_999],
        vec![contract.document.id, contract.document.id],
    ] {
        let r = app
            .as_person(
                &anna,
                Method::POST,
                &path,
                &json!({"subject": "Svar", "body": "Här", "upload_ids": ids}),
            )
            .await;
        assert_eq!(
            field_errors(&r),
            vec![FieldError {
                field: "upload_ids".into(),
                code: FieldErrorCode::UnknownUpload
            }]
        );
    }
    // Validation errors, all at once.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &path,
            &json!({"subject": " ", "body": ""}),
        )
        .await;
    assert_eq!(field_errors(&r).len(), 2);

    app.advance(120);
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &path,
            &json!({"supplement_request_id": request_id, "subject": "Komplettering", "body": "Här är handlingarna.", "upload_ids": [contract.document.id, cert.document.id]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: Receipt = r.json();
    let n = &receipt.receipt_number;
    assert!(
        n.starts_with("K-2025-") && n.len() == 16 && n.chars().nth(11) == Some('-'),
        "{n}"
    );
    assert_eq!(receipt.received_at, "2025-06-01T12:03:00Z");
    assert_eq!(receipt.subject, "Komplettering");
    assert_eq!(receipt.matter.as_ref().unwrap().id, matter.id);
    assert_eq!(receipt.documents.len(), 2);
    assert_eq!(receipt.documents[0].sha256, sha256_hex(&pdf("kontrakt")));
    assert_eq!(receipt.documents[1].sha256, sha256_hex(PNG));

    // The receipt is in the inbox as a message; the sent message in "sent".
    let page = inbox(&app, &anna, "?folder=unread").await;
    let rm = page
        .messages
        .iter()
        .find(|m| m.id == receipt.receipt_message_id)
        .expect("receipt in inbox");
    assert_eq!(
        (rm.kind, rm.sender.as_str()),
        (MessageKind::Receipt, "Min sida")
    );
    let rd: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.receipt_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(rd.receipt.as_ref(), Some(&receipt));
    assert!(format!("{:?}", rd.body).contains(n.as_str()));
    let sent = inbox(&app, &anna, "?folder=sent").await;
    assert_eq!(sent.messages.len(), 1);
    assert_eq!(sent.messages[0].id, receipt.sent_message_id);
    assert_eq!(sent.messages[0].direction, MessageDirection::Outgoing);
    assert_eq!(sent.messages[0].sender, "Anna Andersson");
    let sd: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.sent_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(sd.receipt.as_ref().unwrap().receipt_number, *n);
    assert_eq!(sd.attachments, receipt.documents);

    // The matter moved on.
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(detail.summary.status, MatterStatus::InProgress);
    assert_eq!(detail.summary.open_requests, 0);
    let sr = &detail.supplement_requests[0];
    assert_eq!(sr.status, SupplementStatus::Answered);
    assert_eq!(sr.answer_receipt_number.as_deref(), Some(n.as_str()));
    assert_eq!(sr.answered_at.as_deref(), Some("2025-06-01T12:03:00Z"));
    let last: Vec<_> = detail.timeline.iter().rev().take(2).collect();
    assert_eq!(last[1].kind, TimelineKind::MessageSent);
    assert_eq!(last[1].receipt_number.as_deref(), Some(n.as_str()));
    assert_eq!(last[1].document_count, 2);
    assert_eq!(
        (last[0].kind, last[0].status),
        (TimelineKind::StatusChanged, Some(MatterStatus::InProgress))
    );

    // Answering twice is a conflict; the sent uploads cannot be reused.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &path,
            &json!({"supplement_request_id": request_id, "subject": "Igen", "body": "x"}),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &path,
            &json!({"subject": "Igen", "upload_ids": [contract.document.id]}),
        )
        .await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::UnknownUpload);
    app.as_person(
        &anna,
        Method::DELETE,
        &format!("/api/uploads/{}", contract.document.id),
        &json!(null),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // The system fetches the submission and downloads identical bytes.
    let subs: SystemSubmissions = app
        .system(
            Method::GET,
            &format!("/api/system/v1/matters/{}/submissions", matter.id),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(subs.matter_id, matter.id);
    assert_eq!(subs.submissions.len(), 1);
    let s = &subs.submissions[0];
    assert_eq!(
        (s.receipt_number.as_str(), s.supplement_request_id),
        (n.as_str(), Some(request_id))
    );
    assert_eq!(
        (s.subject.as_str(), s.body.as_str()),
        ("Komplettering", "Här är handlingarna.")
    );
    for (doc, bytes) in s.documents.iter().zip([pdf("kontrakt"), PNG.to_vec()]) {
        let r = app
            .system(
                Method::GET,
                &format!("/api/system/v1/documents/{}", doc.id),
                Some(SYSTEM_A_KEY),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, bytes);
        assert_eq!(sha256_hex(&r.body), doc.sha256);
        assert_eq!(r.header("content-type"), Some(doc.content_type.as_str()));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert!(r
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename="));
    }
    // Other systems see nothing; a pending upload is not reachable through the system API.
    app.system(
        Method::GET,
        &format!("/api/system/v1/documents/{}", s.documents[0].id),
        Some(SYSTEM_B_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.system(
        Method::GET,
        &format!("/api/system/v1/documents/{}", lars_upload.document.id),
        Some(SYSTEM_A_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(audit_count(&app, "send_message").await, 1);
    assert_eq!(audit_count(&app, "system_download_document").await, 2);
    assert_eq!(audit_count(&app, "read_matter").await, 2);
    assert_eq!(audit_count(&app, "list_matters").await, 1);
}

#[tokio::test]
async fn overdue_requests_can_still_be_answered_and_closing_withdraws_them() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m").await;
    // Due today (Swedish date 2025-06-01) is fine; yesterday and nonsense are not.
    for (due, ok) in [
        ("2025-05-31", false),
        ("2025-13-01", false),
        ("snart", false),
        ("2025-06-01", true),
        ("2025-06-02", true),
    ] {
        let r = request_supplement(&app, SYSTEM_A_KEY, matter.id, due).await;
        if ok {
            assert_eq!(r.status, StatusCode::CREATED, "{due}: {}", r.text());
        } else {
            assert_eq!(
                field_errors(&r),
                vec![FieldError {
                    field: "due_date".into(),
                    code: FieldErrorCode::InvalidDate
                }],
                "{due}"
            );
        }
    }
    // Two days later (2025-06-03 in Stockholm) both are overdue.
    app.advance(2 * 24 * 3600);
    let anna = app.login(ANNA).await;
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(detail
        .supplement_requests
        .iter()
        .all(|r| r.status == SupplementStatus::Overdue));
    let first = detail.supplement_requests[0].id;
    let r = app
        .as_person(&anna, Method::POST, &format!("/api/matters/{}/messages", matter.id), &json!({"supplement_request_id": first, "subject": "Sent svar", "body": "Förlåt dröjsmålet."}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Closing withdraws the other request; nothing more can be written.
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({"status": "closed", "note": "Ärendet är avslutat."})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<SystemMatter>().status, MatterStatus::Closed);
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(!detail.can_reply);
    let statuses: Vec<SupplementStatus> = detail
        .supplement_requests
        .iter()
        .map(|r| r.status)
        .collect();
    assert!(
        statuses.contains(&SupplementStatus::Answered)
            && statuses.contains(&SupplementStatus::Withdrawn)
    );
    let last = detail.timeline.last().unwrap();
    assert_eq!(
        (last.kind, last.status, last.text.as_deref()),
        (
            TimelineKind::StatusChanged,
            Some(MatterStatus::Closed),
            Some("Ärendet är avslutat.")
        )
    );
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({"subject": "Fråga", "body": "Hej"}),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    request_supplement(&app, SYSTEM_A_KEY, matter.id, "2025-07-01")
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    // The agency may still deliver messages (e.g. a decision) into a closed matter.
    deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Beslut",
        "Beslutet bifogas.",
        json!([]),
    )
    .await;
    // But not into a matter of another person.
    let r = app
        .system(Method::POST, "/api/system/v1/messages", Some(SYSTEM_A_KEY), Some(&json!({"recipient": {"personal_number": LARS}, "matter_id": matter.id, "sender": "s", "subject": "s", "body": "b"})))
        .await;
    assert_eq!(
        field_errors(&r),
        vec![FieldError {
            field: "matter_id".into(),
            code: FieldErrorCode::InvalidValue
        }]
    );
    assert_eq!(audit_count(&app, "system_set_matter_status").await, 1);
}

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
async fn tampered_or_missing_ciphertext_is_an_integrity_error() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Beslut",
        "b",
        json!([{"file_name": "beslut.pdf", "content_base64": b64(&pdf("beslut"))}]),
    )
    .await;
    let doc = d.attachments[0].id;
    let key: String = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = ?")
        .bind(doc)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let file = app
        .config
        .data_dir
        .join("documents")
        .join(format!("{key}.bin"));
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[5] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();
    for r in [
        app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
            .await,
        app.system(
            Method::GET,
            &format!("/api/system/v1/documents/{doc}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await,
    ] {
        r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
        assert!(!r.body.windows(4).any(|w| w == b"%PDF"));
    }
    // A checksum in the database that does not match the content.
    bytes[5] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(
        app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
            .await
            .status,
        StatusCode::OK
    );
    sqlx::query("UPDATE documents SET sha256 = ? WHERE id = ?")
        .bind("0".repeat(64))
        .bind(doc)
        .execute(&app.pool)
        .await
        .unwrap();
    app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
    // Missing ciphertext.
    std::fs::remove_file(&file).unwrap();
    app.get(&format!("/api/documents/{doc}"), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
}

// ---------------------------------------------------------------------------------------------
// Authorization between persons; authentication and CSRF
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

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
