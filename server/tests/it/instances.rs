//! Several server instances on one database, as behind a load balancer: nothing that matters
//! lives in one process. Each test builds a second instance (`TestApp::another_instance`: its
//! own pool, state and router) beside the first and sends requests to both.

use axum::http::{Method, StatusCode};
use minsida_api::{ErrorCode, SessionStatus};
use minsida_server::config::DEMO_TERMINAL_KEY;
use minsida_server::limits::{Limit, Limits};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_session_made_on_one_instance_works_on_the_other_and_ends_on_both() {
    let a = TestApp::new().await;
    let b = a.another_instance().await;
    let anna = a.login(ANNA).await;

    let r = b.get("/api/me", Some(&anna.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let (_, status) = b.session_status(Some(&anna.cookie)).await;
    assert!(
        matches!(status, SessionStatus::LoggedIn(ref s) if s.csrf_token == anna.info.csrf_token),
        "{status:?}"
    );

    // Logged out on the second instance: the first refuses the cookie at once.
    let r = b
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    a.get("/api/me", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

async fn enroll(app: &TestApp, key: &str) -> TestResponse {
    let body = json!({ "office": "demo", "enrollment_key": key, "name": "Kiosk" }).to_string();
    app.json(Method::POST, "/api/terminal/enroll", &body, None, None)
        .await
}

#[tokio::test]
async fn wrong_office_keys_count_on_every_instance() {
    let a = TestApp::new().await;
    let b = a.another_instance().await;
    // Ten wrong keys, spread over both instances, use up the office's allowance.
    for i in 0..10 {
        let app = if i % 2 == 0 { &a } else { &b };
        enroll(app, "wrong-key-wrong-key-wrong-key")
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    for app in [&a, &b] {
        let r = enroll(app, DEMO_TERMINAL_KEY).await;
        r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
        assert_eq!(r.header("retry-after"), Some("900"));
    }
}

#[tokio::test]
async fn system_requests_count_on_every_instance() {
    let a = TestApp::with(Options {
        limits: Some(Limits {
            system_requests: Limit {
                max: 4,
                window_secs: 60,
            },
            ..Limits::default()
        }),
        ..Options::default()
    })
    .await;
    let b = a.another_instance().await;
    for app in [&a, &b, &a, &b] {
        let r = app
            .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    for app in [&a, &b] {
        app.staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    }
}
