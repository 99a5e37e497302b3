//! The person's voice: `POST /api/feedback` (logged in or not), `POST /api/satisfaction`
//! after a submission, and what agency systems read of them (`/api/system/v1/feedback`,
//! `/api/system/v1/satisfaction`, as JSON and CSV).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, StatusCode};
use minsida_api::feedback::{
    FeedbackKind, FeedbackReceipt, ReplyChannel, SatisfactionCommentPage, SatisfactionFigures,
    SystemFeedbackPage,
};
use minsida_api::messages::Receipt;
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::limits::{Limit, Limits};
use serde_json::{json, Value};

use crate::common::messaging::*;
use crate::common::*;

/// `POST /api/feedback` without a session, from `client`.
async fn feedback_from(app: &TestApp, client: &str, body: &Value) -> TestResponse {
    let text = body.to_string();
    let mut request = app
        .request(Method::POST, "/api/feedback", None)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(text))
        .unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::new(
            client.parse().unwrap(),
            40_000,
        )));
    app.send(request).await
}

async fn feedback_page(app: &TestApp, query: &str) -> SystemFeedbackPage {
    let r = app
        .system(
            Method::GET,
            &format!("/api/system/v1/feedback{query}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

fn codes(r: &TestResponse) -> Vec<(String, FieldErrorCode)> {
    r.assert_field_errors()
        .fields
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect()
}

#[tokio::test]
async fn feedback_given_logged_out_reaches_the_agency_sealed_and_without_identity() {
    let app = TestApp::new().await;
    let r = feedback_from(
        &app,
        "192.0.2.10",
        &json!({
            "kind": "error_report",
            "text": "  Knappen \"Skicka\" svarar inte, =SUM(A1) ",
            "reply": "email",
            "email": " Kim@Example.SE ",
            "name": "Kim",
            "language": "en",
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: FeedbackReceipt = r.json();
    assert!(
        receipt.reference.starts_with("SYN-2025-"),
        "{}",
        receipt.reference
    );

    let page = feedback_page(&app, "").await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next_after, None);
    let item = &page.items[0];
    assert_eq!(item.reference, receipt.reference);
    assert_eq!(item.received_at, receipt.received_at);
    assert_eq!(item.kind, FeedbackKind::ErrorReport);
    assert_eq!(item.text, "Knappen \"Skicka\" svarar inte, =SUM(A1)");
    assert_eq!(item.language.as_deref(), Some("en"));
    assert!(!item.logged_in);
    let reply = item.reply.as_ref().unwrap();
    assert_eq!(reply.channel, ReplyChannel::Email);
    assert_eq!(reply.address.as_deref(), Some("Kim@example.se"));
    assert_eq!(reply.name.as_deref(), Some("Kim"));
    assert_eq!(
        (&reply.personal_number, &reply.organisation_number),
        (&None, &None)
    );

    // Sealed at rest: neither the text nor the address is in the row.
    let (sealed, person): (Vec<u8>, Option<i64>) =
        sqlx::query_as("SELECT content_sealed, person_id FROM feedback")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(person, None);
    let raw = String::from_utf8_lossy(&sealed);
    assert!(!raw.contains("Knappen") && !raw.contains("example.se"));

    // As CSV: a header row, then the item, quoted, with the formula defused.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/feedback?format=csv",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    let csv = r.text();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(
        lines[0].starts_with("id,reference,received_at,kind,text,"),
        "{csv}"
    );
    assert!(
        lines[1].contains(",error_report,\"Knappen \"\"Skicka\"\" svarar inte, =SUM(A1)\",,,email,Kim@example.se,Kim,,,en,false"),
        "{csv}"
    );
    assert_eq!(lines.len(), 3);

    // Every read is on record; no party was named.
    let events: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_system, subject_person_id FROM audit_events WHERE action = 'system_read_feedback'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(events.len(), 2);
    assert!(events
        .iter()
        .all(|(system, subject)| system.is_some() && subject.is_none()));
}

#[tokio::test]
async fn a_logged_in_person_is_known_only_when_they_choose_it() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let anna_id = app.person_id(ANNA).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "synpunkt-1").await;
    let lars_matter = create_matter(&app, SYSTEM_A_KEY, LARS, "synpunkt-2").await;

    // No answer wanted, no matter: nothing says who it was.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/feedback",
            &json!({ "kind": "praise", "text": "Lätt att hitta", "name": "Anna" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // An answer in Min sida, about her matter: she is known, and the agency can answer her.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/feedback",
            &json!({ "kind": "complaint", "text": "Det tar för lång tid", "reply": "min_sida", "matter_id": matter.id }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // Lars's matter is not hers to name, whatever its id: as unknown as one that does not exist.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/feedback",
            &json!({ "kind": "complaint", "text": "x", "matter_id": lars_matter.id }),
        )
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // Without the session's CSRF token: refused, even though feedback works logged out.
    let r = app
        .json(
            Method::POST,
            "/api/feedback",
            &json!({ "kind": "praise", "text": "x" }).to_string(),
            Some(&lars.cookie),
            None,
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    let rows: Vec<(Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT person_id, matter_id FROM feedback ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(rows, vec![(None, None), (Some(anna_id), Some(matter.id))]);

    let page = feedback_page(&app, "").await;
    let [praise, complaint] = &page.items[..] else {
        panic!("{page:?}")
    };
    assert!(praise.logged_in && praise.reply.is_none());
    assert_eq!(
        complaint.matter_reference.as_deref(),
        Some(matter.reference.as_str())
    );
    let reply = complaint.reply.as_ref().unwrap();
    assert_eq!(reply.channel, ReplyChannel::MinSida);
    assert_eq!(reply.personal_number.as_deref(), Some(ANNA));
    assert_eq!(reply.address, None);

    // Her choice is on record, and so is the agency's read of what she named herself in.
    let given: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_person_id, subject_person_id FROM audit_events WHERE action = 'give_feedback'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(given, vec![(Some(anna_id), Some(anna_id))]);
    let read: Vec<Option<i64>> = sqlx::query_scalar(
        "SELECT subject_person_id FROM audit_events WHERE action = 'system_read_feedback' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(read, vec![None, Some(anna_id)]);
}

#[tokio::test]
async fn bad_feedback_is_refused_field_by_field() {
    let app = TestApp::new().await;
    let r = feedback_from(&app, "192.0.2.11", &json!({ "text": " " })).await;
    assert_eq!(
        codes(&r),
        vec![
            ("kind".into(), FieldErrorCode::Required),
            ("text".into(), FieldErrorCode::Required)
        ]
    );
    // Logged out, there is no inbox to answer in and no matter to name.
    let r = feedback_from(
        &app,
        "192.0.2.11",
        &json!({ "kind": "suggestion", "text": "x", "reply": "min_sida", "matter_id": 1 }),
    )
    .await;
    assert_eq!(
        codes(&r),
        vec![
            ("matter_id".into(), FieldErrorCode::InvalidValue),
            ("reply".into(), FieldErrorCode::InvalidValue)
        ]
    );
    let r = feedback_from(
        &app,
        "192.0.2.11",
        &json!({ "kind": "suggestion", "text": "a".repeat(2001), "reply": "phone", "phone": "12", "name": "n".repeat(101), "language": "de" }),
    )
    .await;
    assert_eq!(
        codes(&r),
        vec![
            ("text".into(), FieldErrorCode::TooLong),
            ("phone".into(), FieldErrorCode::InvalidPhone),
            ("name".into(), FieldErrorCode::TooLong),
            ("language".into(), FieldErrorCode::InvalidValue)
        ]
    );
    // A contact detail given is checked even when the answer does not go by it.
    let r = feedback_from(
        &app,
        "192.0.2.11",
        &json!({ "kind": "praise", "text": "x", "email": "inte en adress", "phone": "070 12" }),
    )
    .await;
    assert_eq!(
        codes(&r),
        vec![
            ("email".into(), FieldErrorCode::InvalidEmail),
            ("phone".into(), FieldErrorCode::InvalidPhone)
        ]
    );
    let r = feedback_from(&app, "192.0.2.11", &json!({ "kind": "rant", "text": "x" })).await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    // A cross-site form cannot post it.
    let r = app
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/feedback")
                .header(header::HOST, app.host())
                .header("sec-fetch-site", "cross-site")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({ "kind": "praise", "text": "x" }).to_string(),
                ))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn feedback_is_limited_per_client_address() {
    let app = TestApp::with(Options {
        limits: Some(Limits {
            feedback_per_client: Limit {
                max: 2,
                window_secs: 3600,
            },
            ..Limits::default()
        }),
        ..Options::default()
    })
    .await;
    let body = json!({ "kind": "suggestion", "text": "Mer kontrast" });
    for _ in 0..2 {
        assert_eq!(
            feedback_from(&app, "192.0.2.20", &body).await.status,
            StatusCode::CREATED
        );
    }
    for _ in 0..2 {
        let r = feedback_from(&app, "192.0.2.20", &body).await;
        r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
        assert_eq!(r.header("retry-after"), Some("3600"));
    }
    assert_eq!(
        feedback_from(&app, "192.0.2.21", &body).await.status,
        StatusCode::CREATED
    );
    // One audit event per window, without the address.
    let events: Vec<String> =
        sqlx::query_scalar("SELECT detail FROM audit_events WHERE action = 'rate_limited'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(events.len(), 1);
    assert!(events[0].contains("feedback_per_client") && !events[0].contains("192.0.2"));
    app.advance(3600);
    assert_eq!(
        feedback_from(&app, "192.0.2.20", &body).await.status,
        StatusCode::CREATED
    );
}

/// Anna answers a request to supplement in a matter of system A; the receipt.
async fn answered_request(app: &TestApp, anna: &Login, external_id: &str) -> Receipt {
    let matter = create_matter(app, SYSTEM_A_KEY, ANNA, external_id).await;
    let r = request_supplement(app, SYSTEM_A_KEY, matter.id, "2099-12-31").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let request_id = r
        .json::<minsida_api::messages::SystemDelivery>()
        .supplement_request_id;
    let r = app
        .as_person(
            anna,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({ "supplement_request_id": request_id, "subject": "Svar", "body": "Här är svaret" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn answer(app: &TestApp, login: &Login, body: Value) -> TestResponse {
    app.as_person(login, Method::POST, "/api/satisfaction", &body)
        .await
}

#[tokio::test]
async fn satisfaction_is_asked_once_per_submission_and_counted_per_service_and_week() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let first = answered_request(&app, &anna, "nöjd-1").await;
    let second = answered_request(&app, &anna, "nöjd-2").await;

    // Lars cannot answer for Anna's submission; nobody for an unknown one.
    let r = answer(
        &app,
        &lars,
        json!({ "receipt_number": first.receipt_number, "rating": 5 }),
    )
    .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = answer(
        &app,
        &anna,
        json!({ "receipt_number": "K-2025-0000-0000", "rating": 5 }),
    )
    .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = answer(
        &app,
        &anna,
        json!({ "receipt_number": first.receipt_number, "rating": 6, "comment": "x".repeat(1001) }),
    )
    .await;
    assert_eq!(
        codes(&r),
        vec![
            ("rating".into(), FieldErrorCode::Required),
            ("comment".into(), FieldErrorCode::TooLong)
        ]
    );

    let r = answer(
        &app,
        &anna,
        json!({ "receipt_number": first.receipt_number, "rating": 4, "comment": " Bra, men uppladdningen var krånglig " }),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    // Never twice for the same submission (a double click, a second tab).
    let r = answer(
        &app,
        &anna,
        json!({ "receipt_number": first.receipt_number, "rating": 1 }),
    )
    .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    app.advance(7 * 24 * 3600);
    let anna = app.login(ANNA).await;
    let r = answer(
        &app,
        &anna,
        json!({ "receipt_number": second.receipt_number, "rating": 5 }),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());

    // Nothing ties the answers to Anna or to her submissions.
    let row: (String, Option<Vec<u8>>) = sqlx::query_as(
        "SELECT submission_key, comment_sealed FROM satisfaction ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!row.0.contains(&first.receipt_number));
    assert!(!String::from_utf8_lossy(&row.1.unwrap()).contains("krånglig"));

    // The agency's figures: per service, and week by week (START is 2025-06-01, a Sunday).
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/satisfaction?from=2025-05-26&to=2025-06-08",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let figures: SatisfactionFigures = r.json();
    assert_eq!(
        (figures.from.as_str(), figures.to.as_str()),
        ("2025-05-26", "2025-06-08")
    );
    let [service] = &figures.services[..] else {
        panic!("{figures:?}")
    };
    assert_eq!(service.service, "supplement_answer");
    assert_eq!(service.counts.count, 2);
    assert_eq!(service.counts.distribution, vec![0, 0, 0, 1, 1]);
    assert_eq!(service.counts.average, Some(4.5));
    let weeks: Vec<(&str, u64)> = service
        .weeks
        .iter()
        .map(|w| (w.week.as_str(), w.counts.count))
        .collect();
    assert_eq!(weeks, vec![("2025-W22", 1), ("2025-W23", 1)]);
    // A span that covers neither week has nothing.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/satisfaction?from=2025-01-01&to=2025-05-25",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert!(r.json::<SatisfactionFigures>().services.is_empty());
    // As CSV.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/satisfaction?from=2025-05-26&to=2025-06-08&format=csv",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(
        r.text(),
        "service,week,count,rating_1,rating_2,rating_3,rating_4,rating_5,average\r\n\
         supplement_answer,all,2,0,0,0,1,1,4.50\r\n\
         supplement_answer,2025-W22,1,0,0,0,1,0,4.00\r\n\
         supplement_answer,2025-W23,1,0,0,0,0,1,5.00\r\n"
    );
    // The comments, with their week only.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/satisfaction/comments",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    let comments: SatisfactionCommentPage = r.json();
    assert_eq!(comments.items.len(), 1);
    assert_eq!(
        comments.items[0].comment,
        "Bra, men uppladdningen var krånglig"
    );
    assert_eq!(
        (comments.items[0].rating, comments.items[0].week.as_str()),
        (4, "2025-W22")
    );

    // Bad queries are field errors.
    // A span that ends before it starts counts nothing.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/satisfaction?from=2025-06-08&to=2025-06-01",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert!(r.json::<SatisfactionFigures>().services.is_empty());
    for (query, field) in [
        ("from=2025-13-01", "from"),
        ("to=9999", "to"),
        ("format=xml", "format"),
    ] {
        let r = app
            .system(
                Method::GET,
                &format!("/api/system/v1/satisfaction?{query}"),
                Some(SYSTEM_A_KEY),
                None,
            )
            .await;
        assert_eq!(codes(&r)[0].0, field, "{query}");
    }
}

#[tokio::test]
async fn feedback_pages_on_and_needs_a_system() {
    let app = TestApp::new().await;
    for i in 0..3 {
        let r = feedback_from(
            &app,
            "192.0.2.30",
            &json!({ "kind": "suggestion", "text": format!("Förslag {i}") }),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let first = feedback_page(&app, "?limit=2").await;
    assert_eq!(first.items.len(), 2);
    let after = first.next_after.unwrap();
    let rest = feedback_page(&app, &format!("?after={after}&limit=2")).await;
    let texts: Vec<&str> = rest.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, vec!["Förslag 2"]);
    assert_eq!(rest.next_after, None);
    for query in ["?limit=0", "?limit=501", "?after=-1", "?after=x"] {
        let r = app
            .system(
                Method::GET,
                &format!("/api/system/v1/feedback{query}"),
                Some(SYSTEM_A_KEY),
                None,
            )
            .await;
        r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    }
    let r = app
        .system(Method::GET, "/api/system/v1/feedback", None, None)
        .await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // A person's session means nothing there.
    let anna = app.login(ANNA).await;
    let r = app.get("/api/system/v1/feedback", Some(&anna.cookie)).await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}
