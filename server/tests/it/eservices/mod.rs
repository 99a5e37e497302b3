//! E-services: agency systems publish definitions (`/api/system/v1/eservices`), people fill
//! them in with prefilled answers and server-side drafts (`/api/eservices`), submissions open
//! matters with receipts, and the agency fetches them.

mod callbacks;
mod citizen;
mod publishing;
mod representation;

use axum::http::{Method, StatusCode};
use minsida_api::eservices::{EServiceForm, EServiceReceipt, SystemEService};
use serde_json::{json, Value};

use crate::common::*;

/// Publish `definition` as `id` with the system `key`.
async fn publish(app: &TestApp, key: &str, id: &str, definition: &Value) -> TestResponse {
    app.system(
        Method::PUT,
        &format!("/api/system/v1/eservices/{id}"),
        Some(key),
        Some(definition),
    )
    .await
}

/// Publish the three demo services as system A.
async fn publish_demo(app: &TestApp) {
    for (id, definition) in minsida_server::demo::eservices::definitions() {
        let r = publish(app, SYSTEM_A_KEY, id, &definition).await;
        assert_eq!(r.status, StatusCode::CREATED, "{id}: {}", r.text());
        let s: SystemEService = r.json();
        assert_eq!((s.id.as_str(), s.version), (id, 1));
    }
}

async fn form(app: &TestApp, login: &Login, id: &str) -> EServiceForm {
    let r = app
        .get(&format!("/api/eservices/{id}"), Some(&login.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn submit(app: &TestApp, login: &Login, id: &str, body: &Value) -> TestResponse {
    app.as_person(
        login,
        Method::POST,
        &format!("/api/eservices/{id}/submissions"),
        body,
    )
    .await
}

async fn submit_ok(app: &TestApp, login: &Login, id: &str, body: &Value) -> EServiceReceipt {
    let r = submit(app, login, id, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// A date `days` from the tests' today (2025-06-01).
fn day(days: i64) -> String {
    let d = time::Date::from_calendar_date(2025, time::Month::June, 1).unwrap()
        + time::Duration::days(days);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Answers to Flyttanmälan that pass every check, with `version`.
fn moving_answers(version: i64, key: &str) -> Value {
    json!({
        "version": version,
        "idempotency_key": key,
        "answers": {
            "nuvarande-adress": { "street": "Storgatan 1", "postal_code": "11122", "town": "Stockholm" },
            "ny-adress": { "street": "Nygatan 5", "postal_code": "413 01", "town": "göteborg" },
            "lagenhetsnummer": "1102",
            "flyttdatum": day(10),
            "fler": "no",
            // Hidden (fler is "no"): dropped, not sent.
            "vilka": "Kalle",
            "epost": "anna@example.se",
        }
    })
}
