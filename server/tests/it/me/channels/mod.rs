//! Channel preferences, verification of contact details, notices and the outbox, through the
//! real router, a real SQLite database, the real outbox worker and a real SMTP server (the
//! sink in `common::smtp_sink`).

mod notices;
mod preferences;
mod verification;
mod worker;

use crate::common::smtp_sink::SmtpSink;
use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ContactVerification, PreferenceChange, PreferenceHistory,
    VerifyTarget,
};
use minsida_api::messages::{MatterCategory, SystemDelivery, SystemMatter};
use minsida_api::FieldErrorCode;
use minsida_server::outbox::RunReport;
use serde_json::{json, Value};

const CHANNELS: &str = "/api/me/channels";

const ANNA_EMAIL: &str = "anna.andersson@example.se";

const ANNA_MOBILE: &str = "+46701234567";

/// What the system API's test deliveries say; none of it may reach an e-mail or SMS.
const SECRET_SUBJECT: &str = "Beslut om omprövning av F-skatt";

const SECRET_BODY: &str = "Ditt ärende 4711 har avgjorts: avslag på grund av skulder";

const SENDER: &str = "Skatteverket, Särskilda utredningar";

async fn app_with_sink() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let app = TestApp::with(Options {
        smtp_url: Some(sink.url()),
        ..Options::default()
    })
    .await;
    (app, sink)
}

async fn settings(app: &TestApp, login: &Login) -> ChannelSettings {
    let r = app.get(CHANNELS, Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn put_prefs(app: &TestApp, login: &Login, prefs: &ChannelPrefs) -> TestResponse {
    app.as_person(
        login,
        Method::PUT,
        CHANNELS,
        &serde_json::to_value(prefs).unwrap(),
    )
    .await
}

async fn save_prefs(app: &TestApp, login: &Login, prefs: &ChannelPrefs) -> ChannelSettings {
    let r = put_prefs(app, login, prefs).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn history(app: &TestApp, login: &Login) -> Vec<PreferenceChange> {
    let r = app
        .get("/api/me/channels/history", Some(&login.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let h: PreferenceHistory = r.json();
    h.entries.into_iter().map(|e| e.change).collect()
}

async fn start(app: &TestApp, login: &Login, target: VerifyTarget) -> TestResponse {
    app.as_person(
        login,
        Method::POST,
        "/api/me/channels/verification",
        &json!({ "target": target }),
    )
    .await
}

async fn start_ok(app: &TestApp, login: &Login, target: VerifyTarget) -> ContactVerification {
    let r = start(app, login, target).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn confirm(app: &TestApp, login: &Login, target: VerifyTarget, code: &str) -> TestResponse {
    app.as_person(
        login,
        Method::POST,
        "/api/me/channels/verification/confirm",
        &json!({ "target": target, "code": code }),
    )
    .await
}

/// The single field error of a 422.
fn field_error(r: &TestResponse) -> (String, FieldErrorCode) {
    let body = r.assert_field_errors();
    assert_eq!(body.fields.len(), 1, "{body:?}");
    (body.fields[0].field.clone(), body.fields[0].code)
}

async fn run_worker(app: &TestApp) -> RunReport {
    app.worker().run_once().await.unwrap()
}

/// The line of a text that is exactly a 6-digit code.
fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_string()
}

/// The SMS written so far (`<data-dir>/sms.jsonl`).
fn sms_lines(app: &TestApp) -> Vec<Value> {
    match std::fs::read_to_string(app.config.data_dir.join("sms.jsonl")) {
        Ok(text) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{e}"),
    }
}

fn sms_to(app: &TestApp, number: &str) -> Vec<String> {
    sms_lines(app)
        .into_iter()
        .filter(|l| l["to"] == number)
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect()
}

/// Ask for a code by e-mail, let the worker send it to the sink and return it.
async fn emailed_code(app: &TestApp, sink: &SmtpSink, login: &Login, address: &str) -> String {
    start_ok(app, login, VerifyTarget::Email).await;
    run_worker(app).await;
    let mails = sink.received_for(address);
    code_in(&mails.last().expect("a mail with the code").text())
}

/// Ask for a code by SMS, let the worker write it and return it.
async fn texted_code(app: &TestApp, login: &Login, number: &str) -> String {
    start_ok(app, login, VerifyTarget::Mobile).await;
    run_worker(app).await;
    code_in(sms_to(app, number).last().expect("an SMS with the code"))
}

async fn verify_email(app: &TestApp, sink: &SmtpSink, login: &Login, address: &str) {
    let code = emailed_code(app, sink, login, address).await;
    let r = confirm(app, login, VerifyTarget::Email, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

async fn verify_mobile(app: &TestApp, login: &Login, number: &str) {
    let code = texted_code(app, login, number).await;
    let r = confirm(app, login, VerifyTarget::Mobile, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// Default choices with e-mail and/or SMS notices for one kind of matter.
fn notify(
    mut prefs: ChannelPrefs,
    category: MatterCategory,
    email: bool,
    sms: bool,
) -> ChannelPrefs {
    let k = prefs
        .kinds
        .iter_mut()
        .find(|k| k.category == category)
        .unwrap();
    k.notify_email = email;
    k.notify_sms = sms;
    prefs
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    person_id: i64,
    channel: String,
    purpose: String,
    recipient: String,
    body: String,
    idempotency_key: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    lease_until: Option<i64>,
    created_at: i64,
    sent_at: Option<i64>,
    last_error: Option<String>,
}

async fn outbox_rows(app: &TestApp) -> Vec<OutboxRow> {
    sqlx::query_as(
        "SELECT id, person_id, channel, purpose, recipient, body, idempotency_key, status, \
         attempts, next_attempt_at, lease_until, created_at, sent_at, last_error \
         FROM outbox ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn create_matter(
    app: &TestApp,
    personal_number: &str,
    category: &str,
    external_id: &str,
) -> i64 {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "personal_number": personal_number },
                "title": "Ansökan om F-skatt",
                "category": category,
                "handler": "Skatteverket, Företagsregistrering",
                "external_id": external_id,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json::<SystemMatter>().id
}

async fn deliver(app: &TestApp, personal_number: &str, matter_id: Option<i64>) -> SystemDelivery {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "personal_number": personal_number },
                "matter_id": matter_id,
                "sender": SENDER,
                "subject": SECRET_SUBJECT,
                "body": SECRET_BODY,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

/// Nothing of the delivered message may be in a notice.
fn assert_no_content(text: &str) {
    for secret in [
        SECRET_SUBJECT,
        SECRET_BODY,
        SENDER,
        "4711",
        "F-skatt",
        "Särskilda",
        "avslag",
    ] {
        assert!(!text.contains(secret), "{secret:?} leaked into {text:?}");
    }
}

async fn audit_details(app: &TestApp, action: &str) -> Vec<Value> {
    app.audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == action)
        .map(|e| {
            e.4.map(|d| serde_json::from_str(&d).unwrap())
                .unwrap_or(Value::Null)
        })
        .collect()
}

/// How each entered code went, by the audit trail, oldest first.
async fn confirm_results(app: &TestApp) -> Vec<String> {
    audit_details(app, "confirm_contact_verification")
        .await
        .iter()
        .map(|d| d["result"].as_str().unwrap().to_string())
        .collect()
}
