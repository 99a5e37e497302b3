//! Channel preferences, verification of contact details, notices and the outbox, through the
//! real router, a real SQLite database, the real outbox worker and a real SMTP server (the
//! sink in `common::smtp_sink`).

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::smtp_sink::{ReceivedMail, SmtpSink};
use common::*;
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ContactChannel, ContactVerification, LetterLanguage,
    NoticeChannel, NoticeLog, NoticePurpose, NoticeStatus, PhoneTime, PreferenceChange,
    PreferenceHistory, SystemChannelPreferences, VerifyTarget,
};
use minsida_api::messages::{MatterCategory, SystemDelivery, SystemMatter};
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::outbox::{self, RunReport, INTERRUPTED, MAX_ATTEMPTS};
use serde_json::{json, Value};

const CHANNELS: &str = "/api/me/channels";
const ANNA_EMAIL: &str = "anna.andersson@example.se";
const ANNA_MOBILE: &str = "+46701234567";
/// What the system API's test deliveries say; none of it may reach an e-mail or SMS.
const SECRET_SUBJECT: &str = "Beslut om omprövning av F-skatt";
const SECRET_BODY: &str = "Ditt ärende 4711 har avgjorts: avslag på grund av skulder";
const SENDER: &str = "Skatteverket, Särskilda utredningar";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

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
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
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

// ---------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_route_needs_a_session() {
    let app = TestApp::new().await;
    for path in [CHANNELS, "/api/me/channels/history", "/api/me/notices"] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    for (method, path, body) in [
        (
            Method::PUT,
            CHANNELS,
            serde_json::to_string(&ChannelPrefs::default()).unwrap(),
        ),
        (
            Method::POST,
            "/api/me/channels/verification",
            r#"{"target":"email"}"#.into(),
        ),
        (
            Method::POST,
            "/api/me/channels/verification/confirm",
            r#"{"target":"email","code":"123456"}"#.into(),
        ),
    ] {
        app.json(method, path, &body, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // Logged in, but without the CSRF token: nothing changes, nothing is sent.
    let anna = app.login(ANNA).await;
    app.json(
        Method::POST,
        "/api/me/channels/verification",
        r#"{"target":"email"}"#,
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn defaults_before_anything_is_saved() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let s = settings(&app, &anna).await;
    assert!(s.is_default);
    assert_eq!(s.updated_at, None);
    assert_eq!(s.prefs, ChannelPrefs::default());
    assert_eq!(s.email.target, VerifyTarget::Email);
    assert_eq!(s.email.address.as_deref(), Some(ANNA_EMAIL));
    assert_eq!(s.email.verified_at, None);
    assert_eq!(s.email.pending, None);
    assert_eq!(s.mobile.address.as_deref(), Some(ANNA_MOBILE));
    assert_eq!(s.mobile.verified_at, None);

    // Tolvan has never given any contact details.
    let tolvan = app.login(TOLVAN).await;
    let s = settings(&app, &tolvan).await;
    assert!(s.is_default);
    assert_eq!((s.email.address, s.mobile.address), (None, None));
    assert!(history(&app, &tolvan).await.is_empty());

    let anna_id = app.person_id(ANNA).await;
    let reads: Vec<_> = app
        .audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == "read_channel_prefs")
        .collect();
    assert_eq!(reads.len(), 2);
    assert_eq!((reads[0].1, reads[0].2), (Some(anna_id), Some(anna_id)));
    assert!(reads[0].3.is_some(), "tied to the session");
    assert_eq!(audit_details(&app, "read_channel_history").await.len(), 1);
}

#[tokio::test]
async fn rules_are_enforced_with_every_field_error() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;

    let mut each = Vec::new();
    let mut p = ChannelPrefs::default();
    p.kinds[0].notify_email = true;
    each.push((
        p,
        "kinds.recurring.notify_email",
        FieldErrorCode::EmailNotVerified,
    ));
    let mut p = ChannelPrefs::default();
    p.kinds[1].notify_sms = true;
    each.push((
        p,
        "kinds.life_event.notify_sms",
        FieldErrorCode::MobileNotVerified,
    ));
    let mut p = ChannelPrefs::default();
    p.kinds[2].channel = ContactChannel::Phone;
    each.push((
        p,
        "kinds.ongoing.channel",
        FieldErrorCode::MobileNotVerified,
    ));
    let mut p = ChannelPrefs {
        paper_opt_out: true,
        ..ChannelPrefs::default()
    };
    p.kinds[3].channel = ContactChannel::Paper;
    each.push((p, "kinds.other.channel", FieldErrorCode::PaperOptedOut));
    let mut p = ChannelPrefs::default();
    p.kinds.pop();
    each.push((p, "kinds", FieldErrorCode::InvalidValue));
    let mut p = ChannelPrefs::default();
    p.kinds[3] = p.kinds[0];
    each.push((p, "kinds", FieldErrorCode::InvalidValue));
    for (prefs, field, code) in each {
        let r = put_prefs(&app, &anna, &prefs).await;
        assert_eq!(field_error(&r), (field.to_string(), code), "{prefs:?}");
    }

    // All at once: every problem is reported.
    let mut p = ChannelPrefs {
        paper_opt_out: true,
        ..ChannelPrefs::default()
    };
    p.kinds[0].channel = ContactChannel::Paper;
    p.kinds[1].channel = ContactChannel::Phone;
    p.kinds[2].notify_email = true;
    p.kinds[3].notify_sms = true;
    let body = put_prefs(&app, &anna, &p)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(body.fields, p.validate(Default::default()).unwrap_err());
    assert_eq!(body.fields.len(), 4);

    // An unknown channel is not even well-formed.
    let mut json = serde_json::to_value(ChannelPrefs::default()).unwrap();
    json["kinds"][0]["channel"] = json!("carrier_pigeon");
    app.as_person(&anna, Method::PUT, CHANNELS, &json)
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    // Nothing was saved.
    assert!(settings(&app, &anna).await.is_default);
    assert!(history(&app, &anna).await.is_empty());
    assert!(audit_details(&app, "update_channel_prefs").await.is_empty());
}

#[tokio::test]
async fn saving_normalises_and_records_each_change() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let mut p = ChannelPrefs::default();
    p.kinds[0].channel = ContactChannel::Paper;
    p.kinds.reverse();
    p.letter_language = LetterLanguage::En;
    p.phone_times = vec![
        PhoneTime::Afternoon,
        PhoneTime::Morning,
        PhoneTime::Afternoon,
    ];
    let s = save_prefs(&app, &anna, &p).await;
    let normalised = p.validate(Default::default()).unwrap();
    assert_eq!(s.prefs, normalised);
    assert_eq!(s.prefs.kinds[0].category, MatterCategory::Recurring);
    assert_eq!(
        s.prefs.phone_times,
        [PhoneTime::Morning, PhoneTime::Afternoon]
    );
    assert!(!s.is_default);
    assert_eq!(s.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(settings(&app, &anna).await, s);

    // Newest first: the changes of one save, last one first.
    let expected = PreferenceChange::between(&ChannelPrefs::default(), &normalised);
    assert_eq!(expected.len(), 3);
    let mut got = history(&app, &anna).await;
    got.reverse();
    assert_eq!(got, expected);

    // Saving the same again changes nothing but the time.
    app.advance(60);
    let again = save_prefs(&app, &anna, &normalised).await;
    assert_eq!(again.updated_at.as_deref(), Some("2025-06-01T12:01:00Z"));
    assert_eq!(history(&app, &anna).await.len(), 3);

    // A later change comes first in the history.
    app.advance(60);
    let mut back = normalised.clone();
    back.letter_language = LetterLanguage::Sv;
    save_prefs(&app, &anna, &back).await;
    let h = history(&app, &anna).await;
    assert_eq!(
        h[0],
        PreferenceChange::LetterLanguage {
            from: LetterLanguage::En,
            to: LetterLanguage::Sv
        }
    );
    let r = app
        .get("/api/me/channels/history", Some(&anna.cookie))
        .await;
    let entries: PreferenceHistory = r.json();
    assert_eq!(entries.entries[0].at, "2025-06-01T12:02:00Z");

    // The audit trail names the kinds of change, never the values.
    let details = audit_details(&app, "update_channel_prefs").await;
    assert_eq!(details.len(), 3);
    assert_eq!(
        details[0],
        json!({ "changes": ["channel", "letter_language", "phone_times"] })
    );
    assert_eq!(details[1], json!({ "changes": [] }));
    assert_eq!(details[2], json!({ "changes": ["letter_language"] }));

    // Another person's choices are their own.
    let lars = app.login(LARS).await;
    assert!(settings(&app, &lars).await.is_default);
    assert!(history(&app, &lars).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn verification_by_email_and_by_sms() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;

    let v = start_ok(&app, &anna, VerifyTarget::Email).await;
    assert_eq!(v.address.as_deref(), Some(ANNA_EMAIL));
    assert_eq!(v.verified_at, None);
    let pending = v.pending.expect("a pending code");
    assert_eq!(pending.expires_at, "2025-06-01T12:10:00Z");
    assert_eq!(pending.attempts_left, 5);
    assert_eq!(pending.resend_after, "2025-06-01T12:01:00Z");
    assert_eq!(settings(&app, &anna).await.email.pending, Some(pending));

    // Queued, not yet sent: the code is only in the outbox, never stored in clear elsewhere.
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].status.as_str(), rows[0].purpose.as_str()),
        ("pending", "verification_code")
    );
    let code_in_outbox = code_in(&rows[0].body);
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM verification_codes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!stored.contains(&code_in_outbox));
    assert!(sink.received().is_empty());

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            sent: 1,
            ..RunReport::default()
        }
    );
    let mails = sink.received();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.rcpt_to, [ANNA_EMAIL]);
    assert_eq!(mail.mail_from, "no-reply@minsida.example.se");
    assert_eq!(
        mail.header("From").as_deref(),
        Some("\"Min sida\" <no-reply@minsida.example.se>")
    );
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            rows[0].id, START
        ))
    );
    let text = mail.text();
    let code = code_in(&text);
    assert_eq!(code, code_in_outbox);
    assert!(text.contains("Koden gäller i 10 minuter"), "{text}");
    assert!(text.contains("Om du inte har bett om en kod"), "{text}");

    // Once sent, the code's text is gone from the outbox.
    let rows = outbox_rows(&app).await;
    assert_eq!(rows[0].status, "sent");
    assert_eq!(rows[0].sent_at, Some(START));
    assert_eq!(rows[0].body, "");

    // Typed with a space, as people do.
    let r = confirm(
        &app,
        &anna,
        VerifyTarget::Email,
        &format!("{} {}", &code[..3], &code[3..]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v: ContactVerification = r.json();
    assert_eq!(v.verified_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(v.pending, None);
    assert!(v.is_verified());
    // A code works once.
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );

    // The mobile number, by SMS.
    app.advance(5);
    let code = texted_code(&app, &anna, ANNA_MOBILE).await;
    let sms = sms_to(&app, ANNA_MOBILE);
    assert_eq!(sms.len(), 1);
    assert!(
        sms[0].contains("gäller i 10 minuter") && sms[0].contains("bortse från"),
        "{}",
        sms[0]
    );
    let line = &sms_lines(&app)[0];
    assert_eq!(line["time"], "2025-06-01T12:00:05Z");
    assert!(line["outbox_id"].is_i64());
    let r = confirm(&app, &anna, VerifyTarget::Mobile, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let s = settings(&app, &anna).await;
    assert!(s.email.is_verified() && s.mobile.is_verified());
    assert_eq!(
        s.mobile.verified_at.as_deref(),
        Some("2025-06-01T12:00:05Z")
    );
    let h = history(&app, &anna).await;
    assert_eq!(
        h,
        [
            PreferenceChange::Verified {
                target: VerifyTarget::Mobile
            },
            PreferenceChange::Verified {
                target: VerifyTarget::Email
            },
        ]
    );
    let starts = audit_details(&app, "start_contact_verification").await;
    assert_eq!(starts.len(), 2);
    assert_eq!(starts[0]["target"], "email");
    assert_eq!(starts[1]["target"], "mobile");
    assert_eq!(
        confirm_results(&app).await,
        ["verified", "no_pending_code", "verified"]
    );
    // No audit event carries the code or the address.
    for e in app.audit_events().await {
        let detail = e.4.unwrap_or_default();
        assert!(
            !detail.contains(&code) && !detail.contains(ANNA_EMAIL),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn wrong_codes_spend_attempts_until_the_code_is_dead() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);

    // A malformed code is not a guess: no attempt is spent.
    for bad in ["12345", "1234567", "12345a", "", "１２３４５６"] {
        let r = confirm(&app, &anna, VerifyTarget::Email, bad).await;
        assert_eq!(
            field_error(&r),
            ("code".into(), FieldErrorCode::InvalidValue),
            "{bad:?}"
        );
    }
    assert_eq!(
        settings(&app, &anna)
            .await
            .email
            .pending
            .unwrap()
            .attempts_left,
        5
    );

    for left in (1..=4).rev() {
        let r = confirm(&app, &anna, VerifyTarget::Email, &wrong).await;
        assert_eq!(field_error(&r), ("code".into(), FieldErrorCode::WrongCode));
        assert_eq!(
            settings(&app, &anna)
                .await
                .email
                .pending
                .unwrap()
                .attempts_left,
            left
        );
    }
    // The fifth wrong code spends the code.
    let r = confirm(&app, &anna, VerifyTarget::Email, &wrong).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::TooManyAttempts)
    );
    let s = settings(&app, &anna).await;
    assert_eq!(s.email.pending, None);
    // Even the right code is refused now.
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::TooManyAttempts)
    );
    assert!(!settings(&app, &anna).await.email.is_verified());
    // The mobile number has no code at all.
    let r = confirm(&app, &anna, VerifyTarget::Mobile, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );

    // A new code starts afresh.
    app.advance(60);
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    assert_eq!(
        settings(&app, &anna)
            .await
            .email
            .pending
            .unwrap()
            .attempts_left,
        5
    );
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    assert_eq!(
        confirm_results(&app).await,
        [
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "too_many_attempts",
            "too_many_attempts",
            "no_pending_code",
            "verified"
        ]
    );
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let first = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(60);
    let second = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    if first != second {
        let r = confirm(&app, &anna, VerifyTarget::Email, &first).await;
        assert_eq!(field_error(&r), ("code".into(), FieldErrorCode::WrongCode));
    }
    let r = confirm(&app, &anna, VerifyTarget::Email, &second).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(599);
    assert!(settings(&app, &anna).await.email.pending.is_some());
    app.advance(1);
    assert_eq!(settings(&app, &anna).await.email.pending, None);
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::CodeExpired)
    );
    assert!(!settings(&app, &anna).await.email.is_verified());
}

#[tokio::test]
async fn codes_are_rate_limited() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("60"));
    app.advance(45);
    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("15"));
    // The mobile number has its own limit.
    start_ok(&app, &anna, VerifyTarget::Mobile).await;

    // Five codes within the hour (at 0, 60, 120, 180, 240 s) ...
    app.advance(15);
    for _ in 0..4 {
        start_ok(&app, &anna, VerifyTarget::Email).await;
        app.advance(60);
    }
    // ... and the sixth has to wait until the first is an hour old.
    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("3300"));
    // The pending code says when a new one can be asked for.
    let pending = settings(&app, &anna).await.email.pending.unwrap();
    assert_eq!(pending.resend_after, "2025-06-01T13:00:00Z");
    app.advance(3299);
    // Longer than the session's idle timeout.
    let anna = app.login(ANNA).await;
    start(&app, &anna, VerifyTarget::Email)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    app.advance(1);
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let rows = outbox_rows(&app).await;
    let emails = rows.iter().filter(|r| r.channel == "email").count();
    assert_eq!((emails, rows.len()), (6, 7));
    assert_eq!(
        audit_details(&app, "start_contact_verification")
            .await
            .len(),
        7
    );
}

#[tokio::test]
async fn without_an_address_there_is_nothing_to_verify() {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    for target in [VerifyTarget::Email, VerifyTarget::Mobile] {
        let r = start(&app, &tolvan, target).await;
        assert_eq!(
            field_error(&r),
            ("target".into(), FieldErrorCode::NoAddress)
        );
    }
    let lars = app.login(LARS).await;
    let r = start(&app, &lars, VerifyTarget::Mobile).await;
    assert_eq!(
        field_error(&r),
        ("target".into(), FieldErrorCode::NoAddress)
    );
    let r = confirm(&app, &lars, VerifyTarget::Mobile, "123456").await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    app.as_person(
        &lars,
        Method::POST,
        "/api/me/channels/verification",
        &json!({"target": "fax"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn a_code_only_verifies_the_address_it_was_sent_to() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let r = app
        .update_contact(
            &anna,
            &json!({"email": "anna@example.org", "mobile": ANNA_MOBILE}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    // Back to the old address: the code is gone for good.
    app.update_contact(
        &anna,
        &json!({"email": ANNA_EMAIL, "mobile": ANNA_MOBILE}).to_string(),
    )
    .await;
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    let s = settings(&app, &anna).await;
    assert!(!s.email.is_verified());
    assert_eq!(s.email.pending, None);
    // Never verified, so there was nothing to clear.
    assert!(history(&app, &anna).await.is_empty());
}

#[tokio::test]
async fn changing_a_contact_detail_clears_its_verification() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    verify_mobile(&app, &anna, ANNA_MOBILE).await;
    let prefs = notify(ChannelPrefs::default(), MatterCategory::Other, true, true);
    save_prefs(&app, &anna, &prefs).await;

    // The same values again (differently typed): still verified.
    let r = app
        .update_contact(
            &anna,
            &json!({"email": " anna.andersson@EXAMPLE.se ", "mobile": "070-123 45 67"}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = settings(&app, &anna).await;
    assert!(s.email.is_verified() && s.mobile.is_verified());
    let before = history(&app, &anna).await.len();

    // A new e-mail address is not verified; the mobile number still is.
    app.advance(10);
    let r = app
        .update_contact(
            &anna,
            &json!({"email": "anna@example.org", "mobile": ANNA_MOBILE}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let s = settings(&app, &anna).await;
    assert_eq!(s.email.address.as_deref(), Some("anna@example.org"));
    assert_eq!(s.email.verified_at, None);
    assert!(s.mobile.is_verified());
    // The choice stays saved, but the unverified address is not used.
    assert_eq!(s.prefs, prefs);
    let h = history(&app, &anna).await;
    assert_eq!(h.len(), before + 1);
    assert_eq!(
        h[0],
        PreferenceChange::VerificationCleared {
            target: VerifyTarget::Email
        }
    );

    let d = deliver(&app, ANNA, None).await;
    assert_eq!(d.notices, [NoticeChannel::Sms]);
    // Saving the stale choice again is refused until the new address is verified.
    let r = put_prefs(&app, &anna, &prefs).await;
    assert_eq!(
        field_error(&r),
        (
            "kinds.other.notify_email".into(),
            FieldErrorCode::EmailNotVerified
        )
    );

    // Removing the mobile number clears it too.
    app.update_contact(&anna, &json!({"email": "anna@example.org"}).to_string())
        .await;
    let s = settings(&app, &anna).await;
    assert_eq!(
        (s.mobile.address.as_deref(), s.mobile.verified_at.as_deref()),
        (None, None)
    );
    assert_eq!(
        history(&app, &anna).await[0],
        PreferenceChange::VerificationCleared {
            target: VerifyTarget::Mobile
        }
    );
    let d = deliver(&app, ANNA, None).await;
    assert!(d.notices.is_empty());
    // Verified again later: the saved choice applies again, to the new address.
    app.advance(60);
    verify_email(&app, &sink, &anna, "anna@example.org").await;
    let d = deliver(&app, ANNA, None).await;
    assert_eq!(d.notices, [NoticeChannel::Email]);
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(
        (row.recipient.as_str(), row.purpose.as_str()),
        ("anna@example.org", "new_message")
    );
}

// ---------------------------------------------------------------------------------------------
// Notices
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn notices_follow_the_choices_and_never_carry_the_content() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    verify_mobile(&app, &anna, ANNA_MOBILE).await;
    let mut prefs = notify(ChannelPrefs::default(), MatterCategory::Ongoing, true, true);
    prefs = notify(prefs, MatterCategory::Recurring, true, false);
    prefs.kinds[0].channel = ContactChannel::Paper;
    save_prefs(&app, &anna, &prefs).await;
    let codes_sent = sink.received().len();
    let sms_before = sms_lines(&app).len();

    // Without a matter: kind "other", nothing chosen.
    let d = deliver(&app, ANNA, None).await;
    assert!(d.notices.is_empty());
    assert!(!d.paper_letter_requested);
    // An ongoing matter: e-mail and SMS.
    let ongoing = create_matter(&app, ANNA, "ongoing", "m-ongoing").await;
    let d = deliver(&app, ANNA, Some(ongoing)).await;
    assert_eq!(d.notices, [NoticeChannel::Email, NoticeChannel::Sms]);
    assert!(!d.paper_letter_requested);
    let ongoing_message = d.message_id;
    // A recurring matter: e-mail, and a paper letter is wanted.
    let recurring = create_matter(&app, ANNA, "recurring", "m-recurring").await;
    let d = deliver(&app, ANNA, Some(recurring)).await;
    assert_eq!(d.notices, [NoticeChannel::Email]);
    assert!(d.paper_letter_requested);
    // A request to supplement is delivered the same way.
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{ongoing}/supplement-requests"),
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "sender": SENDER,
                "subject": SECRET_SUBJECT,
                "body": SECRET_BODY,
                "requested_items": ["Kontoutdrag 4711"],
                "due_date": "2025-06-30",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let d: SystemDelivery = r.json();
    assert_eq!(d.notices, [NoticeChannel::Email, NoticeChannel::Sms]);
    assert!(d.supplement_request_id.is_some());

    // Another person's choices do not matter for Anna, and vice versa.
    let d = deliver(&app, LARS, None).await;
    assert!(d.notices.is_empty());

    // What Anna sends herself (and its receipt) gives no notice.
    let queued = outbox_rows(&app).await.len();
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{ongoing}/messages"),
            &json!({ "subject": "Fråga", "body": "Hur lång är handläggningstiden?" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(outbox_rows(&app).await.len(), queued);

    let notices: Vec<OutboxRow> = outbox_rows(&app)
        .await
        .into_iter()
        .filter(|r| r.purpose == "new_message")
        .collect();
    assert_eq!(notices.len(), 5);
    assert_eq!(
        notices[0].idempotency_key,
        format!("new_message:{ongoing_message}:email")
    );
    assert_eq!(
        notices[1].idempotency_key,
        format!("new_message:{ongoing_message}:sms")
    );

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            sent: 5,
            ..RunReport::default()
        }
    );
    let mails = sink.received_for(ANNA_EMAIL);
    assert_eq!(mails.len() - codes_sent, 3);
    for mail in &mails[codes_sent..] {
        let subject = mail.header("Subject").unwrap();
        let text = mail.text();
        assert_no_content(&mail.data);
        assert_no_content(&text);
        assert!(
            !subject.contains("Beslut") && !subject.contains("F-skatt"),
            "{subject}"
        );
        assert!(
            text.contains("Du har fått ett nytt meddelande på Min sida."),
            "{text}"
        );
        assert!(
            text.contains(&format!("Logga in på {}", app.config.public_url)),
            "{text}"
        );
        assert!(text.contains("aldrig vad meddelandet handlar om"), "{text}");
        assert!(text.contains("Kontaktval"), "{text}");
        assert_eq!(
            mail.header("Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
    }
    let sms: Vec<String> = sms_to(&app, ANNA_MOBILE).into_iter().skip(1).collect();
    assert_eq!(sms.len(), sms_lines(&app).len() - sms_before);
    assert_eq!(sms.len(), 2);
    for text in &sms {
        assert_no_content(text);
        assert!(text.contains("nytt meddelande på Min sida"), "{text}");
    }
    // Notices keep their text in the outbox (for the record); codes do not.
    for row in outbox_rows(&app).await {
        assert_eq!(row.status, "sent");
        assert_eq!(row.body.is_empty(), row.purpose == "verification_code");
    }
}

#[tokio::test]
async fn notices_are_in_the_letter_language() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let mut prefs = ChannelPrefs {
        letter_language: LetterLanguage::En,
        ..ChannelPrefs::default()
    };
    save_prefs(&app, &anna, &prefs).await;
    // The code comes in English too.
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let text = sink.received()[0].text();
    assert!(
        text.contains("Your code to confirm your e-mail address"),
        "{text}"
    );
    assert_eq!(
        confirm(&app, &anna, VerifyTarget::Email, &code)
            .await
            .status,
        StatusCode::OK
    );
    prefs = notify(prefs, MatterCategory::Other, true, false);
    save_prefs(&app, &anna, &prefs).await;
    deliver(&app, ANNA, None).await;
    run_worker(&app).await;
    let mail = sink.received().pop().unwrap();
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("New message on Min sida")
    );
    let text = mail.text();
    assert!(
        text.contains("You have received a new message on Min sida."),
        "{text}"
    );
    assert_no_content(&text);
}

// ---------------------------------------------------------------------------------------------
// The outbox worker
// ---------------------------------------------------------------------------------------------

/// Anna with a verified e-mail address and e-mail notices for messages without a matter;
/// the sink has received the code.
async fn anna_with_email_notices() -> (TestApp, SmtpSink, Login) {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    save_prefs(
        &app,
        &anna,
        &notify(ChannelPrefs::default(), MatterCategory::Other, true, false),
    )
    .await;
    assert_eq!(sink.received().len(), 1);
    (app, sink, anna)
}

#[tokio::test]
async fn deferred_mail_is_retried_with_backoff_and_sent_once() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    sink.defer_next(2);
    deliver(&app, ANNA, None).await;

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            retrying: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("retrying", 1));
    assert_eq!(row.next_attempt_at, app.now() + 30);
    assert_eq!(row.lease_until, None);
    assert!(
        row.last_error.as_deref().unwrap().contains("451"),
        "{:?}",
        row.last_error
    );

    // Not due yet: nothing happens.
    assert!(run_worker(&app).await.is_empty());
    app.advance(29);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!(sink.refused(), 1);

    // Second attempt: deferred again, now for a minute.
    app.advance(1);
    assert_eq!(run_worker(&app).await.retrying, 1);
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("retrying", 2));
    assert_eq!(row.next_attempt_at, app.now() + 60);

    app.advance(60);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            sent: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 3));
    assert_eq!(row.sent_at, Some(app.now()));
    assert_eq!(row.last_error, None);

    // Exactly once, however often the worker runs.
    app.advance(7200);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!(sink.received().len(), 2);
    assert_eq!(sink.refused(), 2);
    // The repeats carried the same Message-ID.
    let mail = sink.received().pop().unwrap();
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            row.id, row.created_at
        ))
    );
}

#[tokio::test]
async fn rejected_mail_fails_at_once() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    sink.reject_next(1);
    deliver(&app, ANNA, None).await;
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            failed: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1));
    assert!(
        row.last_error.as_deref().unwrap().contains("550"),
        "{:?}",
        row.last_error
    );
    // Never tried again.
    app.advance(24 * 3600);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!((sink.refused(), sink.received().len()), (1, 1));
    // The person sees it failed (after logging in again: a day has passed).
    let anna = app.login(ANNA).await;
    let log: NoticeLog = app.get("/api/me/notices", Some(&anna.cookie)).await.json();
    assert_eq!(log.entries[0].status, NoticeStatus::Failed);
    assert_eq!(log.entries[0].sent_at, None);
}

#[tokio::test]
async fn an_unreachable_server_is_retried_until_the_worker_gives_up() {
    // A port where nothing listens: connection refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let app = TestApp::with(Options {
        smtp_url: Some(format!("smtp://{closed}")),
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let mut waits = Vec::new();
    for attempt in 1..MAX_ATTEMPTS {
        assert_eq!(run_worker(&app).await.retrying, 1, "attempt {attempt}");
        let row = outbox_rows(&app).await.pop().unwrap();
        assert_eq!(
            (row.status.as_str(), row.attempts),
            ("retrying", i64::from(attempt))
        );
        assert!(
            !row.body.is_empty(),
            "the code is kept while it may still be sent"
        );
        let wait = row.next_attempt_at - app.now();
        waits.push(wait);
        app.advance(wait);
    }
    assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            failed: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("failed", i64::from(MAX_ATTEMPTS))
    );
    assert!(row
        .last_error
        .unwrap()
        .starts_with("gave up after 8 attempts"));
    assert_eq!(row.body, "", "a code that was given up is not kept");
    app.advance(3600);
    assert!(run_worker(&app).await.is_empty());
}

#[tokio::test]
async fn the_same_notice_is_never_queued_or_sent_twice() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    let d = deliver(&app, ANNA, None).await;
    let person = app.person_id(ANNA).await;

    // Queueing the notices of the same message again adds nothing.
    let mut tx = minsida_server::db::begin_write(&app.pool).await.unwrap();
    let again = outbox::queue_new_message_notices(
        &mut tx,
        person,
        d.message_id,
        MatterCategory::Other,
        &app.config.public_url,
        app.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again.channels, [NoticeChannel::Email]);
    let notices: Vec<OutboxRow> = outbox_rows(&app)
        .await
        .into_iter()
        .filter(|r| r.purpose == "new_message")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].person_id, person);

    // Two workers at once (two servers on one database): each row goes to one of them.
    let (a, b) = (app.worker(), app.worker());
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(ra.unwrap().sent + rb.unwrap().sent, 1);
    for _ in 0..3 {
        assert!(run_worker(&app).await.is_empty());
    }
    let to_anna = sink.received_for(ANNA_EMAIL);
    assert_eq!(to_anna.len(), 2, "the code and one notice");
}

#[tokio::test]
async fn an_interrupted_send_is_not_repeated() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    // As if a worker had claimed the row and the server had stopped mid-send.
    sqlx::query("UPDATE outbox SET status = 'sending', attempts = 1, lease_until = ?")
        .bind(app.now() + outbox::LEASE_SECS)
        .execute(&app.pool)
        .await
        .unwrap();
    // Someone else's claim: left alone while the lease lasts.
    assert!(run_worker(&app).await.is_empty());
    let log: NoticeLog = app.get("/api/me/notices", Some(&anna.cookie)).await.json();
    assert_eq!(
        log.entries[0].status,
        NoticeStatus::Pending,
        "sending shows as pending"
    );

    app.advance(outbox::LEASE_SECS);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            interrupted: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(row.status, "failed");
    assert_eq!(row.last_error.as_deref(), Some(INTERRUPTED));
    assert_eq!((row.lease_until, row.body.as_str()), (None, ""));
    app.advance(3600);
    assert!(run_worker(&app).await.is_empty());
    assert!(sink.received().is_empty());
    assert_eq!(sink.connections(), 0);
}

#[tokio::test]
async fn the_worker_wakes_up_when_something_is_queued() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with(Options {
        smtp_url: Some(sink.url()),
        // Polling alone would take an hour.
        outbox_poll_secs: 3600,
        ..Options::default()
    })
    .await;
    let worker = tokio::spawn(app.worker().run());
    // Let it finish its first (empty) round and wait.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    let arrived = tokio::time::timeout(Duration::from_secs(10), async {
        while sink.received().is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    worker.abort();
    assert!(arrived.is_ok(), "the code was not sent after the wake-up");
    assert_eq!(sink.received_for(ANNA_EMAIL).len(), 1);
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    assert_eq!(run_worker(&app).await.sent, 1);
    let row = outbox_rows(&app).await.pop().unwrap();
    let path = app
        .config
        .data_dir
        .join("mail")
        .join(format!("notice-{}-{}.eml", row.id, row.created_at));
    let data = std::fs::read_to_string(&path).unwrap();
    let mail = ReceivedMail {
        helo: String::new(),
        mail_from: String::new(),
        rcpt_to: Vec::new(),
        data,
    };
    assert_eq!(mail.header("To").as_deref(), Some(ANNA_EMAIL));
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            row.id, row.created_at
        ))
    );
    let code = code_in(&mail.text());
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

// ---------------------------------------------------------------------------------------------
// Notice log and system API
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_notice_log_is_masked_and_only_the_persons_own() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(60);
    start_ok(&app, &anna, VerifyTarget::Mobile).await;
    let lars = app.login(LARS).await;
    app.advance(60);
    start_ok(&app, &lars, VerifyTarget::Email).await;

    let r = app.get("/api/me/notices", Some(&anna.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains(ANNA_EMAIL) && !r.text().contains(ANNA_MOBILE));
    let log: NoticeLog = r.json();
    assert_eq!(log.entries.len(), 2);
    let (sms, mail) = (&log.entries[0], &log.entries[1]);
    assert_eq!(
        (sms.channel, sms.purpose, sms.status),
        (
            NoticeChannel::Sms,
            NoticePurpose::VerificationCode,
            NoticeStatus::Pending
        )
    );
    assert_eq!(sms.to, "+4670*****67");
    assert_eq!((sms.attempts, sms.sent_at.as_deref()), (0, None));
    assert_eq!(sms.created_at, "2025-06-01T12:01:00Z");
    assert_eq!(
        (mail.channel, mail.status),
        (NoticeChannel::Email, NoticeStatus::Sent)
    );
    assert_eq!(mail.to, "a***@example.se");
    assert_eq!(
        (mail.attempts, mail.sent_at.as_deref()),
        (1, Some("2025-06-01T12:00:00Z"))
    );

    let log: NoticeLog = app.get("/api/me/notices", Some(&lars.cookie)).await.json();
    assert_eq!(log.entries.len(), 1);
    assert_eq!(log.entries[0].to, "l***@example.no");
    assert!(log
        .entries
        .iter()
        .all(|e| e.id != sms.id && e.id != mail.id));
    let tolvan = app.login(TOLVAN).await;
    let log: NoticeLog = app
        .get("/api/me/notices", Some(&tolvan.cookie))
        .await
        .json();
    assert!(log.entries.is_empty());

    let reads = app
        .audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == "read_notices")
        .count();
    assert_eq!(reads, 3);
}

#[tokio::test]
async fn agency_systems_read_the_choices_never_the_addresses() {
    let (app, sink) = app_with_sink().await;
    let path = format!("/api/system/v1/persons/{ANNA}/channel-preferences");
    for key in [None, Some("wrong-key-wrong-key-wrong-key-wrong-key")] {
        let r = app.system(Method::GET, &path, key, None).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    }
    // A session is no credential here.
    let anna = app.login(ANNA).await;
    app.get(&path, Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    let r = app
        .system(Method::GET, &path, Some(SYSTEM_A_KEY), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p: SystemChannelPreferences = r.json();
    assert_eq!(p.personal_number, ANNA);
    assert!(p.is_default && !p.email_verified && !p.mobile_verified);
    assert_eq!(p.prefs, ChannelPrefs::default());

    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    let mut prefs = notify(
        ChannelPrefs::default(),
        MatterCategory::Recurring,
        true,
        false,
    );
    prefs.kinds[1].channel = ContactChannel::Paper;
    prefs.letter_language = LetterLanguage::En;
    save_prefs(&app, &anna, &prefs).await;
    // Any accepted form of the number; the other system may read it too.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/persons/811218-9876/channel-preferences",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(!r.text().contains(ANNA_EMAIL) && !r.text().contains(ANNA_MOBILE));
    let p: SystemChannelPreferences = r.json();
    assert_eq!(p.personal_number, ANNA);
    assert!(!p.is_default && p.email_verified && !p.mobile_verified);
    assert_eq!(p.prefs, prefs);
    assert_eq!(p.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));

    let r = app
        .system(
            Method::GET,
            "/api/system/v1/persons/123/channel-preferences",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(
        field_error(&r),
        (
            "personal_number".into(),
            FieldErrorCode::InvalidPersonalNumber
        )
    );
    // Well-formed, but not in the register.
    app.system(
        Method::GET,
        "/api/system/v1/persons/199001012385/channel-preferences",
        Some(SYSTEM_A_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let anna_id = app.person_id(ANNA).await;
    let events: Vec<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_person_id, actor_system, subject_person_id FROM audit_events \
         WHERE action = 'system_read_channel_prefs' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let system_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM agency_systems WHERE name IN ('system-a', 'system-b') ORDER BY name",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            (None, Some(system_ids[0]), Some(anna_id)),
            (None, Some(system_ids[1]), Some(anna_id)),
        ]
    );
}

#[tokio::test]
async fn demo_messages_still_go_through_the_system_api() {
    let app = TestApp::new().await;
    let n = minsida_server::demo::seed_messages(&app.state)
        .await
        .unwrap();
    assert!(n > 0);
    // No demo person has chosen notices: nothing is queued.
    assert!(outbox_rows(&app).await.is_empty());
}
