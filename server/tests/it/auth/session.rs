//! The session cookie, `/api/session`, logout, and the idle and absolute timeouts.

use crate::common::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use minsida_api::{ErrorCode, PersonalDetails, SessionInfo, SessionStatus};
use minsida_server::auth::session;

#[tokio::test]
async fn session_cookie_attributes_over_http() {
    let app = TestApp::new().await;
    let r = app.try_login(ANNA, None).await;
    let set_cookie = r.set_cookie();
    let (pair, attrs) = set_cookie.split_once(';').unwrap();
    let (name, value) = pair.split_once('=').unwrap();
    assert_eq!(name, "minsida_session");
    assert_eq!(value.len(), 43);
    let attrs: Vec<&str> = attrs.split(';').map(str::trim).collect();
    assert!(attrs.contains(&"HttpOnly"));
    assert!(attrs.contains(&"SameSite=Strict"));
    assert!(attrs.contains(&"Path=/"));
    assert!(!attrs.iter().any(|a| a.eq_ignore_ascii_case("secure")));
    assert!(!attrs
        .iter()
        .any(|a| a.to_ascii_lowercase().starts_with("max-age")));
    assert!(!attrs
        .iter()
        .any(|a| a.to_ascii_lowercase().starts_with("expires")));
    assert!(!attrs
        .iter()
        .any(|a| a.to_ascii_lowercase().starts_with("domain")));
    assert_eq!(r.header("strict-transport-security"), None);

    // The database keeps only the hash of the token.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT id_hash FROM sessions")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![(session::hash_token(value),)]);
    let leaked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = $1 OR csrf_token = $2")
            .bind(value)
            .bind(value)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn session_cookie_and_hsts_over_https() {
    let app = TestApp::with(Options {
        https: true,
        ..Options::default()
    })
    .await;
    let r = app.try_login(ANNA, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let set_cookie = r.set_cookie();
    assert!(
        set_cookie.starts_with("__Host-minsida_session="),
        "{set_cookie}"
    );
    let attrs: Vec<&str> = set_cookie.split(';').skip(1).map(str::trim).collect();
    assert!(attrs.contains(&"Secure"));
    assert!(attrs.contains(&"HttpOnly"));
    assert!(attrs.contains(&"SameSite=Strict"));
    assert!(attrs.contains(&"Path=/"));
    assert_eq!(
        r.header("strict-transport-security"),
        Some("max-age=63072000; includeSubDomains")
    );
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .ends_with("; upgrade-insecure-requests"));
    assert_security_headers(&r);

    let cookie = cookie_pair(set_cookie);
    let me = app.get("/api/me", Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    // The unprefixed name means nothing over https.
    let plain = cookie.replacen("__Host-", "", 1);
    app.get("/api/me", Some(&plain))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn unauthenticated_requests_are_refused() {
    let app = TestApp::new().await;
    let random = format!("minsida_session={}", session::generate_token());
    let forged = [
        "minsida_session=",
        "minsida_session=x",
        "minsida_session=../../etc",
        "other=1",
    ];
    app.get("/api/me", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let r = app.get("/api/me", Some(&random)).await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // The browser is told to forget the useless cookie.
    assert!(r.set_cookie().starts_with("minsida_session=; Max-Age=0"));
    for cookie in forged {
        app.get("/api/me", Some(cookie))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // The session check answers the same visitors with 200: anonymous.
    let (r, status) = app.session_status(None).await;
    assert_eq!(status, SessionStatus::Anonymous);
    assert_eq!(r.text(), r#"{"state":"anonymous"}"#);
    assert!(r.header("set-cookie").is_none());
    let (r, status) = app.session_status(Some(&random)).await;
    assert_eq!(status, SessionStatus::Anonymous);
    assert!(r.set_cookie().starts_with("minsida_session=; Max-Age=0"));
    for cookie in forged {
        assert_eq!(
            app.session_status(Some(cookie)).await.1,
            SessionStatus::Anonymous
        );
    }
    // The hash of a live session is not a token.
    let login = app.login(ANNA).await;
    let hash: String = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    app.get("/api/me", Some(&format!("minsida_session={hash}")))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(
        app.get("/api/me", Some(&login.cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn each_cookie_only_ever_sees_its_own_person() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    for _ in 0..2 {
        let a: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
        let l: PersonalDetails = app.get("/api/me", Some(&lars.cookie)).await.json();
        assert_eq!(a.personal_number, ANNA);
        assert_eq!(l.personal_number, LARS);
        let a: SessionInfo = app.get("/api/session", Some(&anna.cookie)).await.json();
        assert_eq!(a.person.personal_number, ANNA);
    }
    // Query strings do not pick the subject.
    let a: PersonalDetails = app
        .get(
            &format!("/api/me?personal_number={LARS}&id=3"),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(a.personal_number, ANNA);
}

#[tokio::test]
async fn logout() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;

    // With a live session the CSRF token is required.
    app.json(
        Method::POST,
        "/api/auth/logout",
        "",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    assert_eq!(app.session_count().await, 1);

    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The test provider has no logout of its own.
    let outcome: minsida_api::LogoutOutcome = r.json();
    assert_eq!(outcome.provider_logout_url, None);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(
        r.set_cookie(),
        "minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"
    );
    assert_eq!(app.session_count().await, 0);
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    // Idempotent: again, and without any cookie.
    for cookie in [Some(anna.cookie.as_str()), None] {
        let r = app
            .json(Method::POST, "/api/auth/logout", "", cookie, None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.set_cookie().contains("Max-Age=0"));
    }
    // Cross-site logout attempts are refused even without a session.
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/api/auth/logout")
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
}

#[tokio::test]
async fn https_logout_clears_the_prefixed_cookie() {
    let app = TestApp::with(Options {
        https: true,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.set_cookie(),
        "__Host-minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/; Secure"
    );
}

#[tokio::test]
async fn idle_timeout() {
    let app = TestApp::with(Options {
        idle_secs: 600,
        max_secs: 3600,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    assert_eq!(anna.info.idle_timeout_secs, 600);
    app.advance(599);
    assert_eq!(
        app.get("/api/session", Some(&anna.cookie)).await.status,
        StatusCode::OK
    );
    app.advance(600);
    let r = app.get("/api/me", Some(&anna.cookie)).await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
    assert!(r.set_cookie().contains("Max-Age=0"));
    assert_eq!(app.session_count().await, 0);
    // Once deleted, the cookie is simply unknown.
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn the_session_check_tells_an_expired_session_apart_with_200() {
    let app = TestApp::with(Options {
        idle_secs: 600,
        max_secs: 3600,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    let events = app.audit_events().await.len();

    let (r, status) = app.session_status(Some(&anna.cookie)).await;
    let SessionStatus::LoggedIn(info) = status else {
        panic!("not logged in: {}", r.text());
    };
    assert_eq!(info.person.personal_number, ANNA);
    assert_eq!(info.csrf_token, anna.info.csrf_token);
    assert_eq!(info.idle_timeout_secs, 600);
    assert_eq!(info.expires_at, "2025-06-01T13:00:00Z");
    // The session's fields beside the tag, as login returns them.
    let body: serde_json::Value = r.json();
    assert_eq!(body["state"], "logged_in");
    assert_eq!(body["person"]["personal_number"], ANNA);
    assert_eq!(body["csrf_token"], anna.info.csrf_token.as_str());
    assert!(r.header("set-cookie").is_none());

    app.advance(600);
    let (r, status) = app.session_status(Some(&anna.cookie)).await;
    assert_eq!(status, SessionStatus::Expired);
    assert_eq!(r.text(), r#"{"state":"expired"}"#);
    assert_eq!(
        r.set_cookie(),
        "minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"
    );
    assert_eq!(app.session_count().await, 0);
    // Told once: the session is gone now, so the same cookie is simply unknown.
    assert_eq!(
        app.session_status(Some(&anna.cookie)).await.1,
        SessionStatus::Anonymous
    );
    // Neither answer writes the audit trail.
    assert_eq!(app.audit_events().await.len(), events);
}

#[tokio::test]
async fn an_anonymous_session_check_leaves_no_trace() {
    let app = TestApp::new().await;
    let events = app.audit_events().await.len();
    let random = format!("minsida_session={}", session::generate_token());
    for cookie in [None, Some(random.as_str())] {
        let (r, status) = app.session_status(cookie).await;
        assert_eq!(status, SessionStatus::Anonymous);
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert_security_headers(&r);
    }
    assert_eq!(app.session_count().await, 0);
    assert_eq!(app.audit_events().await.len(), events);
}

#[tokio::test]
async fn activity_slides_the_idle_timeout_but_not_the_absolute_one() {
    let app = TestApp::with(Options {
        idle_secs: 600,
        max_secs: 3600,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    assert_eq!(anna.info.expires_at, "2025-06-01T13:00:00Z");
    // A request every 500 s keeps the session alive past the idle timeout...
    for _ in 0..7 {
        app.advance(500);
        let r = app.get("/api/session", Some(&anna.cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let info: SessionInfo = r.json();
        assert_eq!(info.expires_at, "2025-06-01T13:00:00Z");
    }
    let (last_seen, expires): (i64, i64) =
        sqlx::query_as("SELECT last_seen_at, expires_at FROM sessions")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(last_seen, START + 3500);
    assert!(last_seen <= expires);
    // ...but not past the maximum age (3600 s).
    app.advance(100);
    assert_eq!(
        app.session_status(Some(&anna.cookie)).await.1,
        SessionStatus::Expired
    );
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn expired_sessions_are_cleaned_up() {
    let app = TestApp::with(Options {
        idle_secs: 600,
        max_secs: 3600,
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    app.advance(300);
    let _lars = app.login(LARS).await;
    app.advance(400);
    // Anna idle for 700 s, Lars for 400 s.
    let timeouts = session::IdleTimeouts {
        normal: 600,
        terminal: 300,
    };
    let deleted = session::delete_expired(&app.pool, app.state.now_unix(), timeouts)
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(app.session_count().await, 1);
    app.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}
