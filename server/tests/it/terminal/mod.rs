//! Service-office customer terminals and server-side drafts, through the real router and a
//! real SQLite database: enrollment, status, terminal sessions, logout, downloads, help from
//! staff, the staff view and drafts.

mod acting;
mod draft;
mod enrollment;
mod help;
mod visits;

use crate::common::*;
use axum::http::{Method, StatusCode};
use base64::Engine as _;
use minsida_api::messages::{SystemDelivery, SystemMatter, UploadedDocument};
use minsida_api::terminal::{HelpState, StaffTerminals, TerminalStatus};
use minsida_api::{FieldError, FieldErrorCode};
use minsida_server::config::{TerminalOffice, DEMO_TERMINAL_KEY};
use minsida_server::db::Flag;
use serde_json::{json, Value};

const LUND_KEY: &str = "lund-office-key-llllllllllllllll";

fn lund() -> TerminalOffice {
    TerminalOffice {
        id: "lund".into(),
        name: "Servicekontoret Lund".into(),
        key: LUND_KEY.into(),
    }
}

async fn with_lund() -> TestApp {
    TestApp::with(Options {
        terminal_offices: vec![lund()],
        ..Options::default()
    })
    .await
}

fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% test document {tag}\n%%EOF\n").into_bytes()
}

async fn try_enroll(
    app: &TestApp,
    office: &str,
    key: &str,
    name: &str,
    cookie: Option<&str>,
) -> TestResponse {
    let body = json!({ "office": office, "enrollment_key": key, "name": name }).to_string();
    app.json(Method::POST, "/api/terminal/enroll", &body, cookie, None)
        .await
}

/// Enroll a new browser as a terminal of the demo office; its device cookie (`name=value`).
async fn enroll(app: &TestApp, name: &str) -> String {
    let r = try_enroll(app, "demo", DEMO_TERMINAL_KEY, name, None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    cookie_pair(r.set_cookies()[0])
}

async fn unenroll(app: &TestApp, cookie: Option<&str>, key: &str) -> TestResponse {
    let body = json!({ "enrollment_key": key }).to_string();
    app.json(Method::POST, "/api/terminal/unenroll", &body, cookie, None)
        .await
}

/// The `name=value` of the cookie `name` among the response's `Set-Cookie` headers.
fn set_cookie_named<'a>(r: &'a TestResponse, name: &str) -> Option<&'a str> {
    r.set_cookies()
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// Log in on a terminal; the login's cookie carries the device and the session cookie, as
/// the terminal's browser sends them.
async fn login_on(app: &TestApp, device: &str, personal_number: &str) -> Login {
    login_with(app, device, None, personal_number).await
}

/// Log in on a terminal whose browser still holds `session_cookie` of an earlier visit.
async fn login_with(
    app: &TestApp,
    device: &str,
    session_cookie: Option<&str>,
    personal_number: &str,
) -> Login {
    let cookie = match session_cookie {
        Some(s) => format!("{device}; {s}"),
        None => device.to_string(),
    };
    let r = app.try_login(personal_number, Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let session = cookie_pair(set_cookie_named(&r, "minsida_session").expect("a session cookie"));
    Login {
        cookie: format!("{device}; {session}"),
        info: r.json(),
    }
}

/// The session cookie alone (`name=value`) of a login made on a terminal.
fn session_part(login: &Login) -> &str {
    login.cookie.rsplit("; ").next().unwrap()
}

async fn status(app: &TestApp, cookie: Option<&str>) -> (TestResponse, TerminalStatus) {
    let r = app.get("/api/terminal", cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = r.json();
    (r, s)
}

async fn ask_help(
    app: &TestApp,
    cookie: &str,
    csrf: Option<&str>,
    share_step: bool,
    step: &str,
) -> TestResponse {
    let body = json!({ "share_step": share_step, "step": step }).to_string();
    app.json(
        Method::POST,
        "/api/terminal/help",
        &body,
        Some(cookie),
        csrf,
    )
    .await
}

async fn help_state(app: &TestApp, cookie: &str) -> HelpState {
    let r = app.get("/api/terminal/help", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn put_step(app: &TestApp, cookie: &str, csrf: Option<&str>, step: &str) -> TestResponse {
    let body = json!({ "step": step }).to_string();
    app.json(Method::PUT, "/api/terminal/step", &body, Some(cookie), csrf)
        .await
}

async fn staff(app: &TestApp) -> StaffTerminals {
    let r = app
        .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// The help request row of a terminal: (session bound, share_step, step).
async fn help_row(app: &TestApp, terminal_id: i64) -> Option<(bool, bool, Option<String>)> {
    let row: Option<(Flag, Flag, Option<String>)> = sqlx::query_as(
        "SELECT session_hash IS NOT NULL, share_step, step FROM help_requests WHERE terminal_id = $1",
    )
    .bind(terminal_id)
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    row.map(|(bound, share, step)| (bound.0, share.0, step))
}

async fn terminal_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM terminals WHERE name = $1 AND revoked_at IS NULL")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// (actor person, actor system, subject, terminal, detail) of the events with `action`.
#[allow(clippy::type_complexity)]
async fn audit_of(
    app: &TestApp,
    action: &str,
) -> Vec<(
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
)> {
    sqlx::query_as(
        "SELECT actor_person_id, actor_system, subject_person_id, terminal_id, detail \
         FROM audit_events WHERE action = $1 ORDER BY id",
    )
    .bind(action)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn detail(d: &Option<String>) -> Value {
    serde_json::from_str(d.as_deref().expect("a detail")).unwrap()
}

async fn create_matter(app: &TestApp, personal_number: &str, external_id: &str) -> SystemMatter {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
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

async fn deliver_with_attachment(app: &TestApp, personal_number: &str) -> SystemDelivery {
    let content = base64::engine::general_purpose::STANDARD.encode(pdf("beslut"));
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "personal_number": personal_number },
                "sender": "Skatteverket",
                "subject": "Beslut",
                "body": "Se bilagan.",
                "attachments": [{ "file_name": "beslut.pdf", "content_base64": content }],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn request_supplement(app: &TestApp, matter_id: i64) -> i64 {
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{matter_id}/supplement-requests"),
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "sender": "Skatteverket",
                "subject": "Begäran om komplettering",
                "body": "Skicka hyreskontraktet.",
                "requested_items": ["Hyreskontrakt"],
                "due_date": "2025-06-30",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let d: SystemDelivery = r.json();
    d.supplement_request_id.unwrap()
}

async fn upload_ok(app: &TestApp, login: &Login, name: &str) -> UploadedDocument {
    let r = app.upload(login, Some(name), &pdf(name)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

fn draft_path(matter_id: i64) -> String {
    format!("/api/matters/{matter_id}/draft")
}

async fn put_draft(app: &TestApp, login: &Login, matter_id: i64, draft: Value) -> TestResponse {
    app.as_person(login, Method::PUT, &draft_path(matter_id), &draft)
        .await
}

fn fields(r: &TestResponse) -> Vec<(String, FieldErrorCode)> {
    r.assert_field_errors()
        .fields
        .into_iter()
        .map(|FieldError { field, code }| (field, code))
        .collect()
}
