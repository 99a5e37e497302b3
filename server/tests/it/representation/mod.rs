//! Legal persons and representation through the real router and a real SQLite database:
//! organisation numbers, mandates with scopes and validity, the acting-as switch, the check
//! every citizen endpoint makes, grants, the access log and the system API.
//!
//! The tests' "today" is 2025-06-01 (Swedish time).

mod acting;
mod grants;
mod organisations;
mod scope;
mod switching;
mod system_api;

use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{InboxPage, SystemDelivery, SystemMatter, UploadedDocument};
use minsida_api::representation::{AccessLevel, Area, Parties, Scope, SystemRepresentation};
use minsida_api::{FieldError, FieldErrorCode, SessionInfo};
use serde_json::{json, Value};

/// Andersson Konsult AB, seeded with the demo persons.
const KONSULT: &str = "559123-4561";

const KONSULT_ID: &str = "165591234561";

/// Berg & Tolvansson Handelsbolag, seeded with the demo persons.
const HANDELSBOLAG: &str = "969789-0128";

const HANDELSBOLAG_ID: &str = "169697890128";

/// A valid personal identity number of no one in the register.
const UNKNOWN_PERSON: &str = "199001012385";

/// A valid organisation number of no organisation in the register.
const UNKNOWN_ORG: &str = "556036-0793";

fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% test document {tag}\n%%EOF\n").into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn field_errors(r: &TestResponse) -> Vec<(String, FieldErrorCode)> {
    r.assert_field_errors()
        .fields
        .into_iter()
        .map(|FieldError { field, code }| (field, code))
        .collect()
}

fn all_act() -> Value {
    json!([
        {"area": "messages", "level": "act"},
        {"area": "matters", "level": "act"},
        {"area": "preferences", "level": "act"},
        {"area": "personal_data", "level": "act"},
    ])
}

fn scope(area: Area, level: AccessLevel) -> Scope {
    Scope { area, level }
}

/// `POST /api/system/v1/representations` as the system with `key`.
async fn register(app: &TestApp, key: &str, body: Value) -> TestResponse {
    app.system(
        Method::POST,
        "/api/system/v1/representations",
        Some(key),
        Some(&body),
    )
    .await
}

/// Register a representation as system A; it must succeed.
async fn register_ok(
    app: &TestApp,
    representative: &str,
    represented: &str,
    role: &str,
    scopes: Value,
    valid_from: Option<&str>,
    valid_until: Option<&str>,
) -> SystemRepresentation {
    let r = register(
        app,
        SYSTEM_A_KEY,
        json!({
            "representative": representative,
            "represented": represented,
            "role": role,
            "scopes": scopes,
            "valid_from": valid_from,
            "valid_until": valid_until,
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn revoke(app: &TestApp, id: i64) {
    let r = app
        .system(
            Method::DELETE,
            &format!("/api/system/v1/representations/{id}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
}

async fn switch(app: &TestApp, login: &Login, party_id: i64) -> TestResponse {
    app.as_person(
        login,
        Method::PUT,
        "/api/session/acting-as",
        &json!({ "party_id": party_id }),
    )
    .await
}

async fn switch_ok(app: &TestApp, login: &Login, party_id: i64) -> SessionInfo {
    let r = switch(app, login, party_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn session(app: &TestApp, login: &Login) -> SessionInfo {
    app.get("/api/session", Some(&login.cookie)).await.json()
}

async fn parties(app: &TestApp, login: &Login) -> Parties {
    let r = app.get("/api/me/parties", Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn inbox(app: &TestApp, login: &Login) -> InboxPage {
    let r = app.get("/api/messages", Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// A matter for a recipient (`{"personal_number": ..}` or `{"organisation_number": ..}`).
async fn create_matter(app: &TestApp, recipient: Value, external_id: &str) -> SystemMatter {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": recipient,
                "title": format!("Ärende {external_id}"),
                "category": "recurring",
                "handler": "Skatteverket, Mervärdesskatt",
                "external_id": external_id,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn deliver(
    app: &TestApp,
    recipient: Value,
    matter_id: Option<i64>,
    subject: &str,
    with_pdf: bool,
) -> SystemDelivery {
    let attachments = if with_pdf {
        json!([{"file_name": format!("{subject}.pdf"), "content_base64": b64(&pdf(subject))}])
    } else {
        json!([])
    };
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": recipient,
                "matter_id": matter_id,
                "sender": "Skatteverket",
                "subject": subject,
                "body": format!("Text: {subject}"),
                "attachments": attachments,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn request_supplement(app: &TestApp, matter_id: i64) -> SystemDelivery {
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{matter_id}/supplement-requests"),
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "sender": "Skatteverket, Mervärdesskatt",
                "subject": "Begäran om komplettering",
                "body": "Vi behöver fakturorna.",
                "requested_items": ["Fakturor"],
                "due_date": "2025-06-30",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn upload_ok(app: &TestApp, login: &Login, name: &str) -> UploadedDocument {
    let r = app.upload(login, Some(name), &pdf(name)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

/// Every stored draft (party, matter, content, time), to see that nothing changed.
async fn drafts(app: &TestApp) -> Vec<(i64, i64, String, Option<Vec<u8>>, i64)> {
    sqlx::query_as(
        "SELECT person_id, matter_id, draft, draft_sealed, updated_at FROM drafts ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

type AuditRow = (
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// (action, actor, subject, role, representation, object_id, session_ref) of every audit
/// event with `action`, oldest first.
async fn audit_rows(app: &TestApp, action: &str) -> Vec<AuditRow> {
    sqlx::query_as(
        "SELECT action, actor_person_id, subject_person_id, actor_role, representation_id, \
         object_id, session_ref FROM audit_events WHERE action = $1 ORDER BY id",
    )
    .bind(action)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn session_ref(login: &Login) -> String {
    minsida_server::auth::session::hash_token(login.cookie.split_once('=').unwrap().1)[..12]
        .to_string()
}

/// A company with a matter, a request to supplement, a message with a PDF and a plain
/// message; Anna with her own matter, message and upload.
struct Company {
    org_id: i64,
    matter: SystemMatter,
    request: SystemDelivery,
    with_pdf: SystemDelivery,
    plain: SystemDelivery,
    anna_matter: SystemMatter,
    anna_message: SystemDelivery,
}

async fn company(app: &TestApp) -> Company {
    let org = json!({ "organisation_number": KONSULT });
    let matter = create_matter(app, org.clone(), "moms-q1").await;
    let request = request_supplement(app, matter.id).await;
    let with_pdf = deliver(app, org.clone(), Some(matter.id), "Bolagets beslut", true).await;
    let plain = deliver(app, org, None, "Välkommen bolaget", false).await;
    let anna = json!({ "personal_number": ANNA });
    let anna_matter = create_matter(app, anna.clone(), "anna-1").await;
    let anna_message = deliver(app, anna, Some(anna_matter.id), "Annas eget", true).await;
    Company {
        org_id: app.person_id(KONSULT_ID).await,
        matter,
        request,
        with_pdf,
        plain,
        anna_matter,
        anna_message,
    }
}
