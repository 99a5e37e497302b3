//! `/api/terminal/enroll`, `/api/terminal/unenroll` and `GET /api/terminal`: the device
//! cookie and the terminal's status.

use super::*;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use minsida_api::terminal::TerminalStatus;
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::auth::session;
use minsida_server::config::DEMO_TERMINAL_KEY;
use serde_json::{json, Value};

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
