//! HTTP behaviour every route shares: health, security headers, JSON errors for unknown
//! paths and methods, and the request body limit.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use minsida_api::{ErrorCode, Health};

#[tokio::test]
async fn health() {
    let app = TestApp::new().await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let h: Health = r.json();
    assert_eq!(h.status, "ok");
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        h.database.journal_size_limit,
        minsida_server::wal::JOURNAL_SIZE_LIMIT
    );
    assert_eq!(h.database.last_checkpoint, None, "none ran yet");
}

/// The write-ahead log's size and the checkpoint the background task makes (here triggered
/// directly, as the task does when the log is due) are in the health answer.
#[tokio::test]
async fn health_reports_the_write_ahead_log_and_the_last_checkpoint() {
    let app = TestApp::new().await;
    let before: Health = app.get("/api/health", None).await.json();
    if on_postgres() {
        // PostgreSQL keeps its own log: there is nothing of SQLite's to watch or checkpoint.
        assert_eq!(before.database.wal_bytes, 0);
        assert_eq!(app.state.wal.checkpoint(app.now()).await.unwrap(), None);
        return;
    }
    assert!(before.database.wal_bytes > 0, "migrations wrote to the log");
    assert_eq!(
        before.database.checkpoint_threshold,
        minsida_server::wal::WalPolicy::default().threshold_bytes
    );

    let checkpoint = app
        .state
        .wal
        .checkpoint(app.state.now_unix())
        .await
        .unwrap()
        .expect("the test database is a file");
    assert!(!checkpoint.busy, "{checkpoint:?}");
    let after: Health = app.get("/api/health", None).await.json();
    let reported = after.database.last_checkpoint.expect("reported");
    assert_eq!(reported.at, app.state.now_unix());
    assert!(!reported.busy);
    assert_eq!(reported.log_frames, 0, "the log was started over");
    assert_eq!(reported.wal_bytes_after, 0);
}

#[tokio::test]
async fn security_headers_on_api_responses_and_errors() {
    let app = TestApp::new().await;
    let r = app.get("/api/health", None).await;
    assert_security_headers(&r);
    assert_eq!(r.header("strict-transport-security"), None);
    let r = app.get("/api/nothing-here", None).await;
    assert_security_headers(&r);
    let r = app.get("/api/me", None).await;
    assert_security_headers(&r);
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json_errors() {
    let app = TestApp::new().await;
    for path in [
        "/api/nothing-here",
        "/api/me/else",
        "/api/auth/test",
        "/api/",
        "/api",
    ] {
        let r = app.get(path, None).await;
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    let r = app
        .json(Method::POST, "/api/health", "{}", None, None)
        .await;
    r.assert_error(StatusCode::METHOD_NOT_ALLOWED, ErrorCode::BadRequest);
    assert!(r.header("allow").is_some_and(|a| a.contains("GET")));
    let r = app.json(Method::DELETE, "/api/me", "", None, None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn request_bodies_over_64_kib_are_refused() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let big = format!(r#"{{"email":"{}@example.se"}}"#, "a".repeat(65 * 1024));
    // With Content-Length, refused before the body is read.
    let r = app.update_contact(&anna, &big).await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_security_headers(&r);
    // Streamed without Content-Length: refused while reading.
    let r = app
        .send(
            app.request(Method::PUT, "/api/me/contact", Some(&anna.cookie))
                .header("x-csrf-token", &anna.info.csrf_token)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(big.clone()))
                .unwrap(),
        )
        .await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    let r = app.try_login(&"1".repeat(70_000), None).await;
    r.assert_error(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge);
    assert_eq!(
        app.contact_row(ANNA).await.unwrap().0.as_deref(),
        Some("anna.andersson@example.se")
    );
}

/// No CORS: another origin's page can neither read an answer nor get a preflight through.
/// Not one `Access-Control-*` header on a preflight, a simple request or a logged-in one, so
/// browsers apply the same-origin policy (ASVS 3.4.2).
#[tokio::test]
async fn no_cross_origin_access_is_ever_granted() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let evil = "https://evil.example";
    let preflight = app
        .send(
            app.request(Method::OPTIONS, "/api/me", None)
                .header(header::ORIGIN, evil)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-csrf-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(!preflight.status.is_success(), "{}", preflight.status);
    let simple = app
        .send(
            app.request(Method::GET, "/api/health", None)
                .header(header::ORIGIN, evil)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(simple.status, StatusCode::OK);
    let logged_in = app
        .send(
            app.request(Method::GET, "/api/me", Some(&anna.cookie))
                .header(header::ORIGIN, evil)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    for r in [&preflight, &simple, &logged_in] {
        let cors: Vec<_> = r
            .headers
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{cors:?}");
    }
}
