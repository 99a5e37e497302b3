//! Abuse limits kept in the database (every instance counts together): requests per agency
//! system and login attempts per identity and per client address answer 429 with
//! `Retry-After` and are audited once per window.

use axum::http::StatusCode;
use minsida_api::ErrorCode;
use minsida_server::limits::{Limit, Limits};

use crate::common::*;
use minsida_server::config::DEMO_TERMINAL_KEY;

fn tight() -> Limits {
    Limits {
        system_requests: Limit {
            max: 3,
            window_secs: 60,
        },
        failed_logins_per_identity: Limit {
            max: 2,
            window_secs: 900,
        },
        ..Limits::default()
    }
}

async fn rate_limited_events(app: &TestApp) -> Vec<(Option<i64>, Option<i64>, String, String)> {
    sqlx::query_as(
        "SELECT actor_system, subject_person_id, object_type, detail FROM audit_events \
         WHERE action = 'rate_limited' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_system_over_its_request_limit_waits_and_others_go_on() {
    let app = TestApp::with(Options {
        limits: Some(tight()),
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        let r = app
            .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    app.advance(20);
    for _ in 0..2 {
        let r = app
            .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
            .await;
        r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
        assert_eq!(r.header("retry-after"), Some("40"));
    }
    // Another system has its own allowance.
    let r = app
        .staff_view(Some(SYSTEM_B_KEY), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // One audit event for the window, naming the system.
    let events = rate_limited_events(&app).await;
    assert_eq!(events.len(), 1, "{events:?}");
    let system_a: (i64,) = sqlx::query_as("SELECT id FROM agency_systems WHERE name = 'system-a'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(events[0].0, Some(system_a.0));
    assert_eq!(events[0].2, "system_api");
    assert!(events[0].3.contains("system_requests"));
    // The next window starts afresh.
    app.advance(40);
    let r = app
        .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // Unauthenticated requests are refused before any counting.
    let r = app.staff_view(None, "demo", DEMO_TERMINAL_KEY).await;
    r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn failed_logins_per_identity_are_limited_in_every_written_form() {
    let app = TestApp::with(Options {
        limits: Some(tight()),
        ..Options::default()
    })
    .await;
    // Logging in works as often as a person likes: only failures count.
    for _ in 0..4 {
        assert_eq!(app.try_login(TOLVAN, None).await.status, StatusCode::OK);
    }
    // A valid number that is no test person, written two ways: one identity, two failures.
    const ELSA: &str = "194906152386";
    for typed in [ELSA, "19490615-2386"] {
        let body = app.try_login(typed, None).await.assert_field_errors();
        assert_eq!(
            body.fields[0].code,
            minsida_api::FieldErrorCode::UnknownPerson
        );
    }
    // The allowance is used up: the third form is refused before it is looked at.
    let r = app.try_login("490615-2386", None).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("900"));
    // Others are not held up.
    assert_eq!(app.try_login(ANNA, None).await.status, StatusCode::OK);
    assert_eq!(app.try_login(TOLVAN, None).await.status, StatusCode::OK);
    let events = rate_limited_events(&app).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].1, None, "not a person in the register");
    // Every failed attempt is in the trail too (the refused one is not an attempt), with
    // its reason and without the number typed.
    let failed: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM audit_events WHERE action = 'login_failed' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(failed.len(), 2, "{failed:?}");
    for detail in &failed {
        let detail: serde_json::Value = serde_json::from_str(detail).unwrap();
        assert_eq!(detail["code"], "not_found", "{detail}");
        assert_eq!(
            detail["fields"],
            serde_json::json!(["unknown_person"]),
            "{detail}"
        );
        assert!(!detail.to_string().contains("2386"));
    }
    assert_eq!(events[0].2, "login");
    assert!(events[0].3.contains("failed_logins_per_identity"));
    // No personal number in clear in the counters.
    let buckets: Vec<(String,)> = sqlx::query_as("SELECT bucket FROM rate_limits")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        buckets.iter().all(|(b,)| !b.contains("2386")),
        "{buckets:?}"
    );
    // After the window, the number may be tried again.
    app.advance(900);
    app.try_login(ELSA, None).await.assert_field_errors();
}

/// A login attempt with the test identity provider from the client address `client` (as the
/// server sees it: the connection's peer), with extra headers.
async fn login_from(
    app: &TestApp,
    client: &str,
    headers: &[(&str, &str)],
    personal_number: &str,
) -> TestResponse {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    let body = serde_json::json!({ "personal_number": personal_number }).to_string();
    let mut builder = app
        .request(axum::http::Method::POST, "/api/auth/test/login", None)
        .header(axum::http::header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Body::from(body)).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::new(
            client.parse().unwrap(),
            40_000,
        )));
    app.send(request).await
}

#[tokio::test]
async fn failed_logins_per_client_address_are_limited_whatever_the_identity() {
    let app = TestApp::with(Options {
        limits: Some(Limits {
            failed_logins_per_client: Limit {
                max: 3,
                window_secs: 900,
            },
            ..Limits::default()
        }),
        ..Options::default()
    })
    .await;
    // Successful logins never count.
    for _ in 0..5 {
        assert_eq!(
            login_from(&app, "192.0.2.1", &[], TOLVAN).await.status,
            StatusCode::OK
        );
    }
    // Three valid numbers no one has (each identity fails once only).
    for number in ["195001010114", "195001010221", "195001010338"] {
        login_from(&app, "192.0.2.1", &[], number)
            .await
            .assert_field_errors();
    }
    // The address has used up its failures: even a real person is refused from it...
    let r = login_from(&app, "192.0.2.1", &[], TOLVAN).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("900"));
    // ... also with a header the client wrote itself (no proxy is configured) ...
    let r = login_from(
        &app,
        "192.0.2.1",
        &[("x-forwarded-for", "198.51.100.9")],
        TOLVAN,
    )
    .await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    // ... but not from another address.
    assert_eq!(
        login_from(&app, "192.0.2.2", &[], TOLVAN).await.status,
        StatusCode::OK
    );
    let events = rate_limited_events(&app).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].1, None);
    assert!(events[0].3.contains("failed_logins_per_client"));
    assert!(!events[0].3.contains("192.0.2"), "no address in the trail");

    // Behind a proxy (another instance, configured for it; the counters are shared): the
    // address the proxy adds counts, not the proxy's own, nor what the client wrote before it.
    let behind_proxy = app
        .instance_with(|c| {
            c.client_ip_header = Some(axum::http::HeaderName::from_static("x-forwarded-for"));
        })
        .await;
    let r = login_from(
        &behind_proxy,
        "10.0.0.1",
        &[("x-forwarded-for", "192.0.2.1")],
        TOLVAN,
    )
    .await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    let r = login_from(
        &behind_proxy,
        "10.0.0.1",
        &[("x-forwarded-for", "192.0.2.1, 192.0.2.3")],
        TOLVAN,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    // IPv6: one /64 network is one client.
    for number in ["195001010114", "195001010221", "195001010338"] {
        login_from(&app, "2001:db8:1:2::1", &[], number)
            .await
            .assert_field_errors();
    }
    let r = login_from(&app, "2001:db8:1:2:ffff::9", &[], TOLVAN).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    // After the window, the address may try again.
    app.advance(900);
    assert_eq!(
        login_from(&app, "192.0.2.1", &[], TOLVAN).await.status,
        StatusCode::OK
    );
}
