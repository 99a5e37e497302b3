//! Service-office customer terminals and server-side drafts, through the real router and a
//! real SQLite database: enrollment, status, terminal sessions, logout, downloads, help from
//! staff, the staff view and drafts.

mod common;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use base64::Engine as _;
use common::*;
use minsida_api::messages::{Receipt, SystemDelivery, SystemMatter, UploadedDocument};
use minsida_api::terminal::{HelpState, StaffTerminals, StoredDraft, TerminalStatus, VisitStep};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode, SessionInfo};
use minsida_server::auth::session;
use minsida_server::config::{TerminalOffice, DEMO_TERMINAL_KEY};
use minsida_server::messaging::{documents, drafts};
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
        .system(
            Method::GET,
            "/api/system/v1/terminals",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// The help request row of a terminal: (session bound, share_step, step).
async fn help_row(app: &TestApp, terminal_id: i64) -> Option<(bool, bool, Option<String>)> {
    sqlx::query_as(
        "SELECT session_hash IS NOT NULL, share_step, step FROM help_requests WHERE terminal_id = ?",
    )
    .bind(terminal_id)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

async fn terminal_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM terminals WHERE name = ? AND revoked_at IS NULL")
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
         FROM audit_events WHERE action = ? ORDER BY id",
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
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation)
        .fields
        .into_iter()
        .map(|FieldError { field, code }| (field, code))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Enrollment and status
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn enrollment_sets_a_persistent_http_only_device_cookie_stored_hashed() {
    let app = TestApp::new().await;
    let r = try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "  Demo 1 ", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_security_headers(&r);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    let cookies = r.set_cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let (pair, attributes) = cookies[0].split_once("; ").unwrap();
    let token = pair.strip_prefix("minsida_terminal=").unwrap();
    assert_eq!(token.len(), 43);
    assert_eq!(
        attributes,
        "Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/"
    );
    let status: TerminalStatus = r.json();
    let info = status.terminal.unwrap();
    assert_eq!(
        (info.name.as_str(), info.office.as_str()),
        ("Demo 1", "Servicekontoret Demo")
    );
    assert_eq!((info.idle_timeout_secs, info.warning_secs), (300, 60));

    // Only the hash of the token is stored.
    let stored: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, office_id, name, token_hash FROM terminals")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "demo");
    assert_eq!(stored[0].2, "Demo 1");
    assert_eq!(stored[0].3, session::hash_token(token));

    let events = audit_of(&app, "enroll_terminal").await;
    assert_eq!(events.len(), 1);
    let (actor, system, subject, terminal, d) = &events[0];
    assert_eq!((*actor, *system, *subject), (None, None, None));
    assert_eq!(*terminal, Some(stored[0].0));
    assert_eq!(detail(d)["office"], "demo");

    // Over https: the __Host- prefix and Secure, like the session cookie.
    let app = TestApp::with(Options {
        https: true,
        ..Options::default()
    })
    .await;
    let r = try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "Demo 1", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let cookie = r.set_cookies()[0];
    assert!(cookie.starts_with("__Host-minsida_terminal="), "{cookie}");
    assert!(
        cookie.ends_with("; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/; Secure"),
        "{cookie}"
    );
    assert!(r.header("strict-transport-security").is_some());
}

#[tokio::test]
async fn enrollment_refuses_wrong_keys_unknown_offices_bad_names_and_cross_site_requests() {
    let app = with_lund().await;
    for (office, key) in [
        ("demo", LUND_KEY),
        ("demo", ""),
        ("demo", &DEMO_TERMINAL_KEY[..29]),
        ("lund", DEMO_TERMINAL_KEY),
        ("malmo", LUND_KEY),
    ] {
        let r = try_enroll(&app, office, key, "Kiosk", None).await;
        r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        assert!(r.set_cookies().is_empty());
        assert_security_headers(&r);
    }
    let refused = audit_of(&app, "terminal_key_refused").await;
    let offices: Vec<Value> = refused
        .iter()
        .map(|e| detail(&e.4)["office"].clone())
        .collect();
    assert_eq!(
        offices,
        vec![
            json!("demo"),
            json!("demo"),
            json!("demo"),
            json!("lund"),
            Value::Null
        ]
    );
    assert!(refused
        .iter()
        .all(|e| detail(&e.4)["operation"] == "enroll"));
    // The key never reaches the audit log.
    let all: Vec<String> = sqlx::query_scalar("SELECT COALESCE(detail, '') FROM audit_events")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(all
        .iter()
        .all(|d| !d.contains(LUND_KEY) && !d.contains(DEMO_TERMINAL_KEY)));

    // Names: 1–60 characters without control characters, unique among the office's active
    // terminals.
    let too_long = "x".repeat(61);
    for (name, code) in [
        ("", FieldErrorCode::Required),
        ("   ", FieldErrorCode::Required),
        (too_long.as_str(), FieldErrorCode::TooLong),
        ("Kiosk\n2", FieldErrorCode::InvalidValue),
    ] {
        let r = try_enroll(&app, "lund", LUND_KEY, name, None).await;
        assert_eq!(fields(&r), vec![("name".to_string(), code)], "{name:?}");
    }
    let r = try_enroll(&app, "lund", LUND_KEY, &"å".repeat(60), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        try_enroll(&app, "lund", LUND_KEY, "Lund 1", None)
            .await
            .status,
        StatusCode::CREATED
    );
    try_enroll(&app, "lund", LUND_KEY, "Lund 1", None)
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    // The same name in another office is fine.
    assert_eq!(
        try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "Lund 1", None)
            .await
            .status,
        StatusCode::CREATED
    );

    // The CSRF guard applies as to login: no cross-site enrollment, JSON only.
    let body =
        json!({ "office": "demo", "enrollment_key": DEMO_TERMINAL_KEY, "name": "X" }).to_string();
    let r = app
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/terminal/enroll")
                .header(header::HOST, app.host())
                .header("sec-fetch-site", "cross-site")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let r = app
        .send(
            axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/terminal/enroll")
                .header(header::HOST, app.host())
                .header(header::ORIGIN, "https://evil.example")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let r = app
        .send(
            app.request(Method::POST, "/api/terminal/enroll", None)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM terminals WHERE name = 'X'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn wrong_keys_are_rate_limited_per_office() {
    let app = with_lund().await;
    for _ in 0..10 {
        try_enroll(&app, "demo", "wrong-key-wrong-key-wrong-key", "A", None)
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    // Now even the right key is refused, without being looked at.
    let r = try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "A", None).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("900"));
    assert_eq!(audit_of(&app, "terminal_key_refused").await.len(), 10);
    // Another office is not affected.
    assert_eq!(
        try_enroll(&app, "lund", LUND_KEY, "L", None).await.status,
        StatusCode::CREATED
    );
    app.advance(600);
    let r = try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "A", None).await;
    assert_eq!(r.header("retry-after"), Some("300"));
    app.advance(300);
    assert_eq!(
        try_enroll(&app, "demo", DEMO_TERMINAL_KEY, "A", None)
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn status_with_without_unknown_and_revoked_device_cookies() {
    let app = with_lund().await;
    // An ordinary browser.
    let (r, s) = status(&app, None).await;
    assert_eq!(s, TerminalStatus { terminal: None });
    assert!(r.set_cookies().is_empty());
    assert_security_headers(&r);

    // An enrolled one: the cookie is renewed.
    let device = enroll(&app, "Demo 1").await;
    let (r, s) = status(&app, Some(&device)).await;
    let info = s.terminal.unwrap();
    assert_eq!(info.name, "Demo 1");
    assert_eq!(
        r.set_cookies(),
        vec![format!(
            "{device}; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/"
        )]
    );

    // A cookie we never issued: not a terminal, and the cookie goes.
    for bogus in [
        format!("minsida_terminal={}", session::generate_token()),
        "minsida_terminal=garbage".to_string(),
    ] {
        let (r, s) = status(&app, Some(&bogus)).await;
        assert_eq!(s.terminal, None);
        assert_eq!(
            r.set_cookies(),
            vec!["minsida_terminal=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"]
        );
    }

    // Unenrolling needs the key of the terminal's own office.
    unenroll(&app, Some(&device), LUND_KEY)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    let refused = audit_of(&app, "terminal_key_refused").await;
    assert_eq!(detail(&refused[0].4)["operation"], "unenroll");
    assert!(status(&app, Some(&device)).await.1.terminal.is_some());
    unenroll(&app, None, DEMO_TERMINAL_KEY)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // A visitor is logged in when staff unenroll: the visit ends with it.
    let anna = login_on(&app, &device, ANNA).await;
    let r = unenroll(&app, Some(&anna.cookie), DEMO_TERMINAL_KEY).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    assert_eq!(
        r.set_cookies(),
        vec![
            "minsida_terminal=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/",
            "minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/",
        ]
    );
    assert_eq!(app.session_count().await, 0);
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let revoked: Option<i64> =
        sqlx::query_scalar("SELECT revoked_at FROM terminals WHERE name = 'Demo 1'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(revoked, Some(START));
    let events = audit_of(&app, "unenroll_terminal").await;
    assert_eq!(detail(&events[0].4)["ended_sessions"], 1);

    // The revoked cookie is no terminal any more.
    let (r, s) = status(&app, Some(&device)).await;
    assert_eq!(s.terminal, None);
    assert_eq!(
        r.set_cookies(),
        vec!["minsida_terminal=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"]
    );
    let r = unenroll(&app, Some(&device), DEMO_TERMINAL_KEY).await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // Enrolling a browser again replaces its terminal, and ends its session.
    let first = enroll(&app, "Demo 2").await;
    let lars = app.login(LARS).await;
    let r = try_enroll(
        &app,
        "lund",
        LUND_KEY,
        "Lund 1",
        Some(&format!("{first}; {}", lars.cookie)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let second = cookie_pair(set_cookie_named(&r, "minsida_terminal").unwrap());
    assert_eq!(
        set_cookie_named(&r, "minsida_session"),
        Some("minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/")
    );
    app.get("/api/me", Some(&lars.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(status(&app, Some(&first)).await.1.terminal, None);
    let info = status(&app, Some(&second)).await.1.terminal.unwrap();
    assert_eq!(
        (info.name.as_str(), info.office.as_str()),
        ("Lund 1", "Servicekontoret Lund")
    );
    let events = audit_of(&app, "enroll_terminal").await;
    let demo2: i64 = sqlx::query_scalar("SELECT id FROM terminals WHERE name = 'Demo 2'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        detail(&events.last().unwrap().4)["replaced_terminal"],
        demo2
    );
}

// ---------------------------------------------------------------------------------------------
// Sessions on a terminal
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn terminal_sessions_have_the_terminal_idle_timeout_and_can_be_extended() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let at_home = app.login(LARS).await;
    assert_eq!(at_home.info.idle_timeout_secs, 1200);
    let visitor = login_on(&app, &device, ANNA).await;
    assert_eq!(visitor.info.idle_timeout_secs, 300);
    let info: SessionInfo = app.get("/api/session", Some(&visitor.cookie)).await.json();
    assert_eq!(info.idle_timeout_secs, 300);
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT terminal_id FROM sessions WHERE person_id = ?")
            .bind(app.person_id(ANNA).await)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(linked, Some(terminal_id(&app, "Demo 1").await));
    let login = audit_of(&app, "login").await;
    assert_eq!(login[1].3, linked);
    assert_eq!(detail(&login[1].4)["terminal"], linked.unwrap());

    // Extending: authenticated, CSRF-guarded, restarts the idle timeout.
    app.advance(250);
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            None,
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.json(Method::POST, "/api/session/extend", "", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let info: SessionInfo = r.json();
    assert_eq!(info.idle_timeout_secs, 300);
    assert_eq!(info.csrf_token, visitor.info.csrf_token);
    let last_seen: i64 =
        sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE person_id = ?")
            .bind(app.person_id(ANNA).await)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(last_seen, START + 250);

    app.advance(299);
    assert_eq!(
        app.get("/api/me", Some(&visitor.cookie)).await.status,
        StatusCode::OK
    );
    // 300 s without a request: the visit is over; the ordinary session idles on.
    app.advance(300);
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
    assert_eq!(
        app.get("/api/me", Some(&at_home.cookie)).await.status,
        StatusCode::OK
    );

    // The cleanup job knows both timeouts.
    let visitor = login_on(&app, &device, ANNA).await;
    app.advance(301);
    let timeouts = session::IdleTimeouts {
        normal: 1200,
        terminal: 300,
    };
    assert_eq!(
        session::delete_expired(&app.pool, app.state.now_unix(), timeouts)
            .await
            .unwrap(),
        1
    );
    assert_eq!(app.session_count().await, 1);
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn a_terminal_session_is_only_valid_with_its_terminals_device_cookie() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let other = enroll(&app, "Demo 2").await;
    let visitor = login_on(&app, &device, ANNA).await;
    let session_cookie = session_part(&visitor);
    for cookie in [
        session_cookie.to_string(),
        format!("{other}; {session_cookie}"),
        format!(
            "minsida_terminal={}; {session_cookie}",
            session::generate_token()
        ),
    ] {
        app.get("/api/me", Some(&cookie))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // The visit itself goes on.
    assert_eq!(
        app.get("/api/me", Some(&visitor.cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_on_a_terminal_ends_the_visit_and_clears_site_data() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let visitor = login_on(&app, &device, ANNA).await;
    assert_eq!(
        ask_help(
            &app,
            &visitor.cookie,
            Some(&visitor.info.csrf_token),
            true,
            "inbox"
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    // The session cookie is expired explicitly; the device cookie stays.
    assert_eq!(
        r.set_cookies(),
        vec!["minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"]
    );
    assert_security_headers(&r);
    // The old session cookie is dead on the server.
    app.get("/api/me", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    app.get("/api/session", Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(app.session_count().await, 0);
    assert_eq!(help_row(&app, terminal).await, None);
    assert!(status(&app, Some(&device)).await.1.terminal.is_some());
    let logout = audit_of(&app, "logout").await;
    assert_eq!(logout[0].3, Some(terminal));

    // The visit already timed out, or nobody logged in: "End my visit" still drops a help
    // request made before login and clears the site data.
    assert_eq!(
        ask_help(&app, &device, None, false, "welcome").await.status,
        StatusCode::OK
    );
    let r = app
        .json(Method::POST, "/api/auth/logout", "", Some(&device), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    assert_eq!(help_row(&app, terminal).await, None);

    // An ordinary logout keeps the device's own storage (accessibility choices).
    let at_home = app.login(LARS).await;
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&at_home.cookie),
            Some(&at_home.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header("clear-site-data"), None);
}

#[tokio::test]
async fn the_next_visitor_on_a_terminal_meets_nothing_of_the_previous_one() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let annas = create_matter(&app, ANNA, "a").await;
    let lars_matter = create_matter(&app, LARS, "l").await;

    // Anna asks for help, writes a draft and walks away without ending her visit.
    let anna = login_on(&app, &device, ANNA).await;
    ask_help(
        &app,
        &anna.cookie,
        Some(&anna.info.csrf_token),
        true,
        "compose",
    )
    .await;
    let r = put_draft(
        &app,
        &anna,
        annas.id,
        json!({ "subject": "Hej", "body": "Hemligt" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Lars logs in on the same browser, which still sends Anna's session cookie.
    let lars = login_with(&app, &device, Some(session_part(&anna)), LARS).await;
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(app.session_count().await, 1);
    assert_eq!(help_state(&app, &lars.cookie).await.requested_at, None);
    assert_eq!(help_row(&app, terminal).await, None);
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].help_requested_at, None);
    assert_eq!(view.terminals[0].step, None);
    assert!(view.terminals[0].visit_in_progress);
    // Drafts are per person: Anna's is not Lars's, not even through her matter's id.
    app.get(&draft_path(annas.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(&draft_path(lars_matter.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let me: minsida_api::PersonalDetails = app.get("/api/me", Some(&lars.cookie)).await.json();
    assert_eq!(me.personal_number, LARS);
    // Anna's draft waits for her at home.
    let anna_home = app.login(ANNA).await;
    let stored: StoredDraft = app
        .get(&draft_path(annas.id), Some(&anna_home.cookie))
        .await
        .json();
    assert_eq!(stored.draft.body, "Hemligt");
}

// ---------------------------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn downloads_are_refused_on_terminals_and_allowed_elsewhere() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let delivery = deliver_with_attachment(&app, ANNA).await;
    let document = delivery.attachments[0].id;
    let path = format!("/api/documents/{document}");

    let at_home = app.login(ANNA).await;
    let r = app.get(&path, Some(&at_home.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("beslut"));

    let visitor = login_on(&app, &device, ANNA).await;
    for path in [path.clone(), "/api/documents/999999".to_string()] {
        let r = app.get(&path, Some(&visitor.cookie)).await;
        let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        assert!(
            body.message.contains("customer terminals"),
            "{}",
            body.message
        );
        assert_eq!(r.header("content-disposition"), None);
        assert_security_headers(&r);
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    let refused = audit_of(&app, "download_refused_on_terminal").await;
    let anna = app.person_id(ANNA).await;
    assert_eq!(refused.len(), 2);
    assert_eq!(
        (refused[0].0, refused[0].2, refused[0].3),
        (
            Some(anna),
            Some(anna),
            Some(terminal_id(&app, "Demo 1").await)
        )
    );
    // Everything else works as usual on the terminal.
    let r = app
        .get(
            &format!("/api/messages/{}", delivery.message_id),
            Some(&visitor.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(audit_of(&app, "download_document").await.len(), 1);
}

/// Andersson Konsult AB, seeded with the demo persons.
const KONSULT: &str = "559123-4561";
const KONSULT_ID: &str = "165591234561";

/// Switch whose data the session shows (`PUT /api/session/acting-as`); must succeed.
async fn act_as(app: &TestApp, login: &Login, party_id: i64) -> SessionInfo {
    let r = app
        .as_person(
            login,
            Method::PUT,
            "/api/session/acting-as",
            &json!({ "party_id": party_id }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn a_visitor_acting_for_a_company_drafts_for_it_only_while_acting_and_cannot_download() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let anna_id = app.person_id(ANNA).await;
    let company_id = app.person_id(KONSULT_ID).await;
    // Anna signs for the company (registered by an agency system); the company has a matter
    // and a message with a PDF, Anna a matter of her own.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/representations",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "representative": ANNA,
                "represented": KONSULT,
                "role": "signatory",
                "scopes": [
                    {"area": "messages", "level": "act"},
                    {"area": "matters", "level": "act"},
                    {"area": "preferences", "level": "act"},
                    {"area": "personal_data", "level": "act"},
                ],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let representation: i64 = r.json::<Value>()["id"].as_i64().unwrap();
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "organisation_number": KONSULT },
                "title": "Moms",
                "category": "recurring",
                "handler": "Skatteverket, Mervärdesskatt",
                "external_id": "moms",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let company_matter: SystemMatter = r.json();
    let content = base64::engine::general_purpose::STANDARD.encode(pdf("bolagets"));
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "organisation_number": KONSULT },
                "matter_id": company_matter.id,
                "sender": "Skatteverket",
                "subject": "Bolagets beslut",
                "body": "Se bilagan.",
                "attachments": [{ "file_name": "beslut.pdf", "content_base64": content }],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let company_document = r.json::<SystemDelivery>().attachments[0].id;
    let annas = create_matter(&app, ANNA, "a").await;
    // On the terminal Anna acts for the company and starts a message in its matter.
    let visitor = login_on(&app, &device, ANNA).await;
    let info = act_as(&app, &visitor, company_id).await;
    assert_eq!(info.acting_as.map(|a| a.party.id), Some(company_id));
    assert_eq!(info.idle_timeout_secs, 300);
    let r = put_draft(
        &app,
        &visitor,
        company_matter.id,
        json!({ "subject": "Svar", "body": "Bolagets svar" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<StoredDraft>().draft.body, "Bolagets svar");
    // The draft is the company's, not Anna's.
    let owners: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM drafts")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(owners, vec![company_id]);
    // Saved and read for the company, with both identities, the role and the terminal.
    for action in ["save_draft", "read_draft"] {
        let row: (i64, i64, Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT actor_person_id, subject_person_id, actor_role, representation_id, \
             terminal_id FROM audit_events WHERE action = ?",
        )
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(
            row,
            (
                anna_id,
                company_id,
                Some("signatory".to_string()),
                Some(representation),
                Some(terminal)
            ),
            "{action}"
        );
    }

    // No downloads on the terminal, also not of the company's documents.
    let r = app
        .get(
            &format!("/api/documents/{company_document}"),
            Some(&visitor.cookie),
        )
        .await;
    let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(
        body.message.contains("customer terminals"),
        "{}",
        body.message
    );
    assert_eq!(r.header("content-disposition"), None);
    let refused: (i64, i64, Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT actor_person_id, subject_person_id, actor_role, representation_id, terminal_id \
         FROM audit_events WHERE action = 'download_refused_on_terminal'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        refused,
        (
            anna_id,
            company_id,
            Some("signatory".to_string()),
            Some(representation),
            Some(terminal)
        )
    );
    assert_eq!(audit_of(&app, "download_document").await.len(), 0);

    // Keeping the session alive and asking for help stay Anna's own, while acting.
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let extended: SessionInfo = r.json();
    assert_eq!(extended.acting_as.map(|a| a.party.id), Some(company_id));
    assert_eq!(
        ask_help(
            &app,
            &visitor.cookie,
            Some(&visitor.info.csrf_token),
            false,
            "compose"
        )
        .await
        .status,
        StatusCode::OK
    );
    let help = audit_of(&app, "request_help").await;
    assert_eq!(
        (help[0].0, help[0].2, help[0].3),
        (Some(anna_id), Some(anna_id), Some(terminal))
    );

    // Back to herself: the company's draft is out of reach, like its matter.
    let info = act_as(&app, &visitor, anna_id).await;
    assert!(info.acting_as.is_none());
    app.get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(&draft_path(annas.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // For the company again: there it is.
    act_as(&app, &visitor, company_id).await;
    let r = app
        .get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // Ending the visit ends acting for the company: the next login on the terminal, even
    // Anna's own, starts as herself and sees nothing of the company.
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    assert_eq!(app.session_count().await, 0);
    let again = login_on(&app, &device, ANNA).await;
    let info: SessionInfo = app.get("/api/session", Some(&again.cookie)).await.json();
    assert!(info.acting_as.is_none());
    app.get(&draft_path(company_matter.id), Some(&again.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(
        &format!("/api/documents/{company_document}"),
        Some(&again.cookie),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);

    // At home, acting for the company, the draft waits and the document downloads.
    let at_home = app.login(ANNA).await;
    app.get(&draft_path(company_matter.id), Some(&at_home.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    act_as(&app, &at_home, company_id).await;
    let stored: StoredDraft = app
        .get(&draft_path(company_matter.id), Some(&at_home.cookie))
        .await
        .json();
    assert_eq!(stored.draft.body, "Bolagets svar");
    let r = app
        .get(
            &format!("/api/documents/{company_document}"),
            Some(&at_home.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("bolagets"));
    // Sending the message for the company deletes the company's draft.
    let r = app
        .as_person(
            &at_home,
            Method::POST,
            &format!("/api/matters/{}/messages", company_matter.id),
            &json!({ "subject": "Svar", "body": "Bolagets svar" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM drafts")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
}

// ---------------------------------------------------------------------------------------------
// Help from staff and the staff view
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn help_before_login_lives_until_login_logout_or_idle() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;

    // Only terminals can ask.
    ask_help(&app, "minsida_session=x", None, false, "welcome")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    app.get("/api/terminal/help", None)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    put_step(&app, "a=b", None, "login")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    // An unknown step is a bad request.
    ask_help(&app, &device, None, true, "someone_elses_inbox")
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    assert_eq!(help_state(&app, &device).await.requested_at, None);
    let r = ask_help(&app, &device, None, true, "welcome").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let state: HelpState = r.json();
    assert_eq!(state.requested_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert!(state.share_step);
    assert_eq!(help_state(&app, &device).await, state);
    app.advance(100);
    assert_eq!(
        put_step(&app, &device, None, "login").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        help_row(&app, terminal).await,
        Some((false, true, Some("login".into())))
    );
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].step, Some(VisitStep::Login));
    assert!(!view.terminals[0].visit_in_progress);
    // Nobody's step: no person to audit.
    assert!(audit_of(&app, "system_read_visit_step").await.is_empty());
    let asked = audit_of(&app, "request_help").await;
    assert_eq!(
        (asked[0].0, asked[0].2, asked[0].3),
        (None, None, Some(terminal))
    );
    assert_eq!(
        detail(&asked[0].4),
        json!({ "share_step": true, "before_login": true })
    );

    // Idle as long as a visit may be: gone (the step update counted as activity).
    app.advance(299);
    assert!(help_state(&app, &device).await.requested_at.is_some());
    app.advance(1);
    assert_eq!(help_state(&app, &device).await.requested_at, None);
    assert_eq!(staff(&app).await.terminals[0].help_requested_at, None);

    // A login on the terminal ends a request made before it.
    ask_help(&app, &device, None, false, "welcome").await;
    let anna = login_on(&app, &device, ANNA).await;
    assert_eq!(help_row(&app, terminal).await, None);
    assert_eq!(help_state(&app, &anna.cookie).await.requested_at, None);

    // Cancelling before login.
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    ask_help(&app, &device, None, false, "welcome").await;
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&device),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(help_row(&app, terminal).await, None);
    assert_eq!(audit_of(&app, "cancel_help").await.len(), 1);
    // Idempotent.
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&device),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(audit_of(&app, "cancel_help").await.len(), 1);
}

#[tokio::test]
async fn help_after_login_with_and_without_consent_to_share_the_step() {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let anna_id = app.person_id(ANNA).await;
    let anna = login_on(&app, &device, ANNA).await;
    let csrf = Some(anna.info.csrf_token.as_str());

    // With a session, the CSRF token is needed like everywhere else.
    ask_help(&app, &anna.cookie, None, false, "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    put_step(&app, &anna.cookie, Some("wrong"), "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    // Without consent: staff see that help is wanted, never where.
    let state: HelpState = ask_help(&app, &anna.cookie, csrf, false, "inbox")
        .await
        .json();
    assert!(!state.share_step);
    assert_eq!(
        put_step(&app, &anna.cookie, csrf, "matters").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(help_row(&app, terminal).await, Some((true, false, None)));
    let view = staff(&app).await;
    assert_eq!(
        view.terminals[0].help_requested_at.as_deref(),
        Some("2025-06-01T12:00:00Z")
    );
    assert_eq!(view.terminals[0].step, None);
    assert!(view.terminals[0].visit_in_progress);
    assert!(audit_of(&app, "system_read_visit_step").await.is_empty());

    // Consent given later: the place in the queue is kept, the step is shared.
    app.advance(60);
    let state: HelpState = ask_help(&app, &anna.cookie, csrf, true, "matter")
        .await
        .json();
    assert_eq!(state.requested_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert!(state.share_step);
    assert_eq!(
        put_step(&app, &anna.cookie, csrf, "compose").await.status,
        StatusCode::NO_CONTENT
    );
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].step, Some(VisitStep::Compose));
    // Shown with consent: in Anna's own audit trail, by the staff system.
    let shown = audit_of(&app, "system_read_visit_step").await;
    assert_eq!(shown.len(), 1);
    let system_a: i64 = sqlx::query_scalar("SELECT id FROM agency_systems WHERE name = 'system-a'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        (shown[0].0, shown[0].1, shown[0].2, shown[0].3),
        (None, Some(system_a), Some(anna_id), Some(terminal))
    );
    assert_eq!(detail(&shown[0].4), json!({ "step": "compose" }));
    let asked = audit_of(&app, "request_help").await;
    assert_eq!(asked.len(), 2);
    assert_eq!(
        (asked[1].0, asked[1].2, asked[1].3),
        (Some(anna_id), Some(anna_id), Some(terminal))
    );
    assert_eq!(detail(&asked[0].4)["share_step"], false);
    assert_eq!(detail(&asked[1].4)["share_step"], true);

    // An anonymous request from the same browser does not see or cancel Anna's request.
    assert_eq!(help_state(&app, &device).await.requested_at, None);
    app.json(
        Method::DELETE,
        "/api/terminal/help",
        "",
        Some(&device),
        None,
    )
    .await;
    assert!(help_row(&app, terminal).await.is_some());

    // Withdrawn: steps are dropped again.
    let r = app
        .json(
            Method::DELETE,
            "/api/terminal/help",
            "",
            Some(&anna.cookie),
            csrf,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(help_state(&app, &anna.cookie).await.requested_at, None);
    put_step(&app, &anna.cookie, csrf, "inbox").await;
    assert_eq!(help_row(&app, terminal).await, None);

    // The visit times out: the request and the step go with it.
    ask_help(&app, &anna.cookie, csrf, true, "inbox").await;
    app.advance(300);
    let view = staff(&app).await;
    assert_eq!(view.terminals[0].help_requested_at, None);
    assert_eq!(view.terminals[0].step, None);
    assert!(!view.terminals[0].visit_in_progress);
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
    assert_eq!(help_row(&app, terminal).await, None);

    // An ordinary session is no terminal visit, even in an enrolled browser.
    let lars = app.login(LARS).await;
    let cookie = format!("{device}; {}", lars.cookie);
    ask_help(&app, &cookie, Some(&lars.info.csrf_token), false, "inbox")
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
}

#[tokio::test]
async fn the_staff_view_needs_a_system_key_shows_no_identity_and_is_audited() {
    let app = with_lund().await;
    for key in [None, Some("not-a-key-not-a-key-not-a-key-not-a-key")] {
        let r = app
            .system(Method::GET, "/api/system/v1/terminals", key, None)
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        assert_eq!(
            r.header("www-authenticate"),
            Some("Bearer realm=\"minsida-system\"")
        );
    }
    // A citizen session is no system credential.
    let anna_home = app.login(ANNA).await;
    app.get("/api/system/v1/terminals", Some(&anna_home.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert!(audit_of(&app, "system_read_terminals").await.is_empty());

    let device = enroll(&app, "Demo 1").await;
    let r = try_enroll(&app, "lund", LUND_KEY, "Lund 1", None).await;
    let lund_device = cookie_pair(r.set_cookies()[0]);
    let gone = enroll(&app, "Demo 0").await;
    unenroll(&app, Some(&gone), DEMO_TERMINAL_KEY).await;
    let anna = login_on(&app, &device, ANNA).await;
    ask_help(
        &app,
        &anna.cookie,
        Some(&anna.info.csrf_token),
        true,
        "personal",
    )
    .await;
    ask_help(&app, &lund_device, None, false, "welcome").await;

    let r = app
        .system(
            Method::GET,
            "/api/system/v1/terminals",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let text = r.text();
    for secret in [ANNA, "Anna", "Andersson", &anna.info.csrf_token] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let view: StaffTerminals = r.json();
    let got: Vec<_> = view
        .terminals
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.office.as_str(),
                t.help_requested_at.is_some(),
                t.step,
                t.visit_in_progress,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Demo 1",
                "Servicekontoret Demo",
                true,
                Some(VisitStep::Personal),
                true
            ),
            ("Lund 1", "Servicekontoret Lund", true, None, false),
        ]
    );
    let system_b: i64 = sqlx::query_scalar("SELECT id FROM agency_systems WHERE name = 'system-b'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let reads = audit_of(&app, "system_read_terminals").await;
    assert_eq!(reads.len(), 1);
    assert_eq!(
        (reads[0].0, reads[0].1, reads[0].2),
        (None, Some(system_b), None)
    );
    assert_eq!(
        detail(&reads[0].4),
        json!({ "terminals": 2, "help_requests": 2, "steps_shown": 1 })
    );
    let steps = audit_of(&app, "system_read_visit_step").await;
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].2, Some(app.person_id(ANNA).await));
    // Every read is audited.
    staff(&app).await;
    assert_eq!(audit_of(&app, "system_read_terminals").await.len(), 2);
    assert_eq!(audit_of(&app, "system_read_visit_step").await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn drafts_are_saved_read_validated_and_discarded() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, ANNA, "a").await;
    let other_matter = create_matter(&app, ANNA, "b").await;
    let lars_matter = create_matter(&app, LARS, "l").await;
    let request = request_supplement(&app, matter.id).await;
    let other_request = request_supplement(&app, other_matter.id).await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let up1 = upload_ok(&app, &anna, "kontrakt.pdf").await;
    let up2 = upload_ok(&app, &anna, "intyg.pdf").await;
    let lars_upload = upload_ok(&app, &lars, "lars.pdf").await;

    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let draft = json!({
        "subject": "Svar på begäran",
        "body": "Här kommer  \n\nkontraktet. ",
        "supplement_request_id": request,
        "upload_ids": [up2.document.id, up1.document.id],
    });
    let r = put_draft(&app, &anna, matter.id, draft.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: StoredDraft = r.json();
    // Kept exactly as typed, documents in the order given.
    assert_eq!(saved.draft.body, "Här kommer  \n\nkontraktet. ");
    assert_eq!(saved.draft.supplement_request_id, Some(request));
    assert_eq!(
        saved.draft.upload_ids,
        vec![up2.document.id, up1.document.id]
    );
    assert_eq!(saved.uploads, vec![up2.clone(), up1.clone()]);
    assert_eq!(saved.updated_at, "2025-06-01T12:00:00Z");
    let read: StoredDraft = app
        .get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(read, saved);

    // Saving again replaces it.
    app.advance(30);
    let r = put_draft(&app, &anna, matter.id, json!({ "body": "Kortare" })).await;
    let saved: StoredDraft = r.json();
    assert_eq!(saved.draft.subject, "");
    assert_eq!(saved.draft.body, "Kortare");
    assert!(saved.uploads.is_empty() && saved.draft.supplement_request_id.is_none());
    assert_eq!(saved.updated_at, "2025-06-01T12:00:30Z");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drafts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);

    // Validation, with the send route's field names.
    let too_many: Vec<i64> = (1..=11).collect();
    for (body, expected) in [
        (
            json!({ "subject": "s".repeat(201), "body": "b".repeat(20_001) }),
            vec![
                ("subject", FieldErrorCode::TooLong),
                ("body", FieldErrorCode::TooLong),
            ],
        ),
        (
            json!({ "upload_ids": too_many }),
            vec![("upload_ids", FieldErrorCode::TooManyDocuments)],
        ),
        (
            json!({ "upload_ids": [up1.document.id, up1.document.id] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "upload_ids": [lars_upload.document.id] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "upload_ids": [999_999] }),
            vec![("upload_ids", FieldErrorCode::UnknownUpload)],
        ),
        (
            json!({ "supplement_request_id": other_request }),
            vec![("supplement_request_id", FieldErrorCode::InvalidValue)],
        ),
        (
            json!({ "supplement_request_id": 999_999 }),
            vec![("supplement_request_id", FieldErrorCode::InvalidValue)],
        ),
    ] {
        let r = put_draft(&app, &anna, matter.id, body.clone()).await;
        let expected: Vec<(String, FieldErrorCode)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_string(), c))
            .collect();
        assert_eq!(fields(&r), expected, "{body}");
    }
    let read: StoredDraft = app
        .get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(read.draft.body, "Kortare");
    put_draft(&app, &anna, matter.id, json!({ "body": 5 }))
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    // Someone else's matter, or none: 404 for every method, and nothing is written.
    for id in [lars_matter.id, 999_999] {
        app.get(&draft_path(id), Some(&anna.cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        put_draft(&app, &anna, id, json!({ "body": "x" }))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        app.as_person(&anna, Method::DELETE, &draft_path(id), &Value::Null)
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    app.get(&draft_path(matter.id), Some(&lars.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.as_person(&lars, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // Login and the CSRF token are needed.
    app.get(&draft_path(matter.id), None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    app.json(
        Method::PUT,
        &draft_path(matter.id),
        "{}",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.json(
        Method::DELETE,
        &draft_path(matter.id),
        "",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    // A closed matter takes no new draft.
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", other_matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({ "status": "closed" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    put_draft(&app, &anna, other_matter.id, json!({ "body": "x" }))
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);

    // Discarding: 204, and again 204.
    let r = app
        .as_person(&anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = app
        .as_person(&anna, Method::DELETE, &draft_path(matter.id), &Value::Null)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The uploads it listed are still there.
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE message_id IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(pending, 3);

    let anna_id = app.person_id(ANNA).await;
    let saves = audit_of(&app, "save_draft").await;
    assert_eq!(saves.len(), 2);
    assert_eq!((saves[0].0, saves[0].2), (Some(anna_id), Some(anna_id)));
    assert_eq!(
        detail(&saves[0].4),
        json!({ "documents": [up2.document.id, up1.document.id], "supplement_request": request })
    );
    assert!(!saves[0].4.as_deref().unwrap().contains("kontraktet"));
    assert_eq!(audit_of(&app, "read_draft").await.len(), 2);
    assert_eq!(audit_of(&app, "delete_draft").await.len(), 1);
}

#[tokio::test]
async fn sending_deletes_the_draft_and_drafted_uploads_outlive_pending_ones() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, ANNA, "a").await;
    let request = request_supplement(&app, matter.id).await;
    let anna = app.login(ANNA).await;
    let drafted = upload_ok(&app, &anna, "kontrakt.pdf").await;
    let loose = upload_ok(&app, &anna, "los.pdf").await;
    let r = put_draft(
        &app,
        &anna,
        matter.id,
        json!({
            "subject": "Komplettering",
            "body": "Kontraktet bifogas.",
            "supplement_request_id": request,
            "upload_ids": [drafted.document.id],
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // A day later the loose upload is gone; the drafted one waits with its draft.
    app.advance(25 * 3600);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        1
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents WHERE message_id IS NULL")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(ids, vec![drafted.document.id]);
    assert_ne!(loose.document.id, drafted.document.id);

    // A new login (here on a terminal) resumes the draft and sends it.
    let device = enroll(&app, "Demo 1").await;
    let visitor = login_on(&app, &device, ANNA).await;
    let stored: StoredDraft = app
        .get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .json();
    assert_eq!(stored.uploads, vec![drafted.clone()]);
    let r = app
        .as_person(
            &visitor,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({
                "subject": stored.draft.subject,
                "body": stored.draft.body,
                "supplement_request_id": stored.draft.supplement_request_id,
                "upload_ids": stored.draft.upload_ids,
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: Receipt = r.json();
    assert_eq!(receipt.documents.len(), 1);
    app.get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let sent = audit_of(&app, "send_message").await;
    assert_eq!(detail(&sent[0].4)["draft_deleted"], true);

    // A draft whose upload was sent elsewhere and whose request was answered resumes
    // without them.
    let second = upload_ok(&app, &visitor, "andra.pdf").await;
    let r = put_draft(
        &app,
        &visitor,
        matter.id,
        json!({ "body": "Mer", "upload_ids": [second.document.id] }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    sqlx::query("UPDATE drafts SET draft = json_set(draft, '$.supplement_request_id', ?)")
        .bind(request)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM documents WHERE id = ?")
        .bind(second.document.id)
        .execute(&app.pool)
        .await
        .unwrap();
    let stored: StoredDraft = app
        .get(&draft_path(matter.id), Some(&visitor.cookie))
        .await
        .json();
    assert!(stored.uploads.is_empty() && stored.draft.upload_ids.is_empty());
    assert_eq!(stored.draft.supplement_request_id, None);
    assert_eq!(stored.draft.body, "Mer");

    // Drafts untouched for 7 days expire, and then their uploads with them.
    let third = upload_ok(&app, &visitor, "tredje.pdf").await;
    put_draft(
        &app,
        &visitor,
        matter.id,
        json!({ "upload_ids": [third.document.id] }),
    )
    .await;
    app.advance(7 * 24 * 3600 - 1);
    assert_eq!(drafts::delete_expired(&app.state).await.unwrap(), 0);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        0
    );
    app.advance(1);
    assert_eq!(drafts::delete_expired(&app.state).await.unwrap(), 1);
    assert_eq!(
        documents::delete_stale_uploads(&app.state).await.unwrap(),
        1
    );
    let expired = audit_of(&app, "expire_drafts").await;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].2, Some(app.person_id(ANNA).await));
    let anna = app.login(ANNA).await;
    app.get(&draft_path(matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}
