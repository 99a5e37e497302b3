//! `/api/messages`: the inbox, reading a message, read receipts and message state.

use crate::common::messaging::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{
    BodyBlock, MessageDetail, MessageDirection, MessageKind, MessageSummary, SystemReadReceipt,
};
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::crypto::sha256_hex;
use serde_json::json;

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
    assert_eq!(inbox(&app, &anna, "?page_size=100").await.page_size, 100);

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
    // The start of a word is enough; punctuation splits words as in the text.
    assert_eq!(inbox(&app, &anna, "?q=%C3%A5rsbesk").await.total, 1);
    assert_eq!(inbox(&app, &anna, "?q=meddelande%2C27").await.total, 1);

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

/// The query is checked against the OpenAPI document's types and bounds (found by contract
/// fuzzing): page sizes outside 1-100 were silently clamped, an empty value meant the default,
/// and the search text's limit was counted after trimming.
#[tokio::test]
async fn inbox_query_outside_the_document_is_a_field_error() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    // 200 characters and a space: too long, even though it trims to 200.
    let long_q = format!("q={}%20", "a".repeat(200));
    for (query, field) in [
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=2147483648", "page_size"),
        ("page_size=", "page_size"),
        ("page=0", "page"),
        ("page=1000001", "page"),
        ("page=", "page"),
        ("folder=", "folder"),
        ("from=", "from"),
        ("to=", "to"),
        ("matter=", "matter"),
        (long_q.as_str(), "q"),
    ] {
        let r = app
            .get(&format!("/api/messages?{query}"), Some(&anna.cookie))
            .await;
        let fields: Vec<String> = field_errors(&r).into_iter().map(|f| f.field).collect();
        assert_eq!(fields, [field], "{query}");
    }
    // An empty search text is a search for everything.
    assert_eq!(
        inbox(&app, &anna, "?q=").await.total,
        inbox(&app, &anna, "").await.total
    );
    assert_eq!(
        inbox(&app, &anna, "?page_size=1&page=1000000")
            .await
            .page_size,
        1
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
    let first: Option<i64> = sqlx::query_scalar("SELECT first_read_at FROM messages WHERE id = $1")
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

/// The folder counts kept by the database (`mailbox_counts`, behind unfiltered pages) always
/// equal counting the messages, through deliveries, reading, marking unread, archiving and
/// back, and sending (an outgoing message and its receipt).
#[tokio::test]
async fn kept_folder_counts_always_equal_counting() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let person = app.person_id(ANNA).await;
    let check = async |step: &str| {
        let counted: (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT \
             COALESCE(SUM(CASE WHEN direction = 'incoming' AND archived = FALSE THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN direction = 'incoming' AND archived = TRUE THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN direction = 'outgoing' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN direction = 'incoming' AND archived = FALSE AND read = FALSE THEN 1 ELSE 0 END), 0) \
             FROM messages WHERE person_id = $1",
        )
        .bind(person)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        let kept: (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT inbox, archived, sent, unread FROM mailbox_counts WHERE person_id = $1",
        )
        .bind(person)
        .fetch_optional(&app.pool)
        .await
        .unwrap()
        .unwrap_or_default();
        assert_eq!(kept, counted, "{step}");
        // And what the inbox answers, unfiltered and filtered (counted), agrees.
        for (folder, n) in [
            ("inbox", counted.0),
            ("archived", counted.1),
            ("sent", counted.2),
            ("unread", counted.3),
        ] {
            assert_eq!(
                inbox(&app, &anna, &format!("?folder={folder}")).await.total,
                n as u64,
                "{step}: {folder}"
            );
            assert_eq!(
                inbox(&app, &anna, &format!("?folder={folder}&from=2000-01-01"))
                    .await
                    .total,
                n as u64,
                "{step}: {folder}, filtered"
            );
        }
        assert_eq!(
            inbox(&app, &anna, "").await.unread,
            counted.3 as u64,
            "{step}"
        );
    };
    check("nothing yet").await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "counts").await.id;
    let mut ids = Vec::new();
    for i in 0..6 {
        let m = (i % 2 == 0).then_some(matter);
        ids.push(
            deliver(
                &app,
                SYSTEM_A_KEY,
                ANNA,
                m,
                &format!("Brev {i}"),
                "Text",
                json!([]),
            )
            .await
            .message_id,
        );
    }
    check("delivered").await;
    app.get(&format!("/api/messages/{}", ids[0]), Some(&anna.cookie))
        .await;
    app.get(&format!("/api/messages/{}", ids[1]), Some(&anna.cookie))
        .await;
    check("two read").await;
    let state = |id: i64, body: serde_json::Value| {
        let (app, anna) = (&app, &anna);
        async move {
            let r = app
                .as_person(
                    anna,
                    Method::PUT,
                    &format!("/api/messages/{id}/state"),
                    &body,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        }
    };
    state(ids[1], json!({"read": false})).await;
    check("one unread again").await;
    state(ids[2], json!({"archived": true})).await;
    state(ids[3], json!({"archived": true, "read": true})).await;
    check("two archived").await;
    state(ids[2], json!({"archived": false})).await;
    check("one back").await;
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{matter}/messages"),
            &json!({"subject": "Mitt svar", "body": "Hej"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    check("sent, with its receipt").await;
}
