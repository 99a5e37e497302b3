//! Shared helpers of the messaging tests (`messages`, `matters`, `system`): test files, and
//! an agency system creating matters, delivering messages and requesting supplements.

use crate::common::*;
use axum::http::{Method, StatusCode};
use base64::Engine as _;
use minsida_api::messages::{InboxPage, SystemDelivery, SystemMatter, UploadedDocument};
use minsida_api::FieldError;
use serde_json::{json, Value};

/// A small PDF-looking file.
pub fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% test document {tag}\n%%EOF\n").into_bytes()
}

pub const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

pub const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

pub const EXE: &[u8] =
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00 This program cannot be run in DOS mode";

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn field_errors(r: &TestResponse) -> Vec<FieldError> {
    r.assert_field_errors().fields
}

/// Create a matter of `personal_number` as the system with `key`.
pub async fn create_matter(
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
pub async fn deliver(
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
pub async fn request_supplement(
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

pub async fn inbox(app: &TestApp, login: &Login, query: &str) -> InboxPage {
    let r = app
        .get(&format!("/api/messages{query}"), Some(&login.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text());
    r.json()
}

pub async fn upload_ok(app: &TestApp, login: &Login, name: &str, bytes: &[u8]) -> UploadedDocument {
    let r = app.upload(login, Some(name), bytes).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

pub async fn audit_count(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}
