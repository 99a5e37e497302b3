//! Agency systems with OAuth 2.0 access tokens from a real authorization server (npm
//! `oidc-provider`, client credentials grant): the token's client is the system, its scopes
//! what it may do; static API keys keep working beside them.

use axum::http::{Method, StatusCode};
use minsida_api::ErrorCode;
use minsida_server::config::OAuthConfig;

use crate::common::oidc::{RealProvider, SYSTEM_AUDIENCE};
use crate::common::{Options, TestApp, SYSTEM_A_KEY};
use minsida_server::config::DEMO_TERMINAL_KEY;

async fn app_trusting(issuer: &str) -> TestApp {
    TestApp::with(Options {
        oauth: Some(OAuthConfig {
            issuer: issuer.to_string(),
            audience: SYSTEM_AUDIENCE.into(),
        }),
        ..Options::default()
    })
    .await
}

async fn token(provider: &RealProvider, client: &str, scope: &str) -> String {
    let r = provider.system_token(client, scope).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let body: serde_json::Value = r.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_token_with_the_operations_scope_is_let_in_as_its_client() {
    let provider = RealProvider::start(0).await;
    let app = app_trusting(&provider.issuer).await;
    let token = token(
        &provider,
        "agency-a",
        "minsida:terminals.read minsida:persons.read",
    )
    .await;

    let r = app
        .staff_view(Some(&token), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // The system is registered under its client id, and audited as that system.
    let system: (i64, String) =
        sqlx::query_as("SELECT id, name FROM agency_systems WHERE client_id = 'agency-a'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(system.1, "agency-a");
    // Again: the same system, not a second one.
    let r = app
        .staff_view(Some(&token), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let count: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM agency_systems WHERE client_id = 'agency-a'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(count.0, 1);

    // The same token cannot deliver messages: it lacks minsida:messages.write.
    let message = serde_json::json!({
        "personal_number": crate::common::ANNA,
        "subject": "Hej",
        "body": "Text",
        "sender": "Skatteverket",
    });
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(&token),
            Some(&message),
        )
        .await;
    let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(
        body.message.contains("minsida:messages.write"),
        "{}",
        body.message
    );
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer error=\"insufficient_scope\", scope=\"minsida:messages.write\"")
    );
}

#[tokio::test]
async fn a_client_cannot_get_scopes_beyond_its_own_and_lesser_tokens_are_refused() {
    let provider = RealProvider::start(0).await;
    let app = app_trusting(&provider.issuer).await;
    // agency-b may only read receipts: the authorization server refuses more.
    let r = provider
        .system_token("agency-b", "minsida:messages.write")
        .await;
    assert_eq!(r.status(), 400, "{}", r.text().await.unwrap());
    let reader = token(&provider, "agency-b", "minsida:messages.read").await;
    let r = app
        .staff_view(Some(&reader), "demo", DEMO_TERMINAL_KEY)
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(
        r.header("www-authenticate"),
        Some("Bearer error=\"insufficient_scope\", scope=\"minsida:terminals.read\"")
    );

    // A token from another authorization server (its own keys, its own issuer) is no token
    // here; nor is a tampered one.
    let other = RealProvider::start(0).await;
    let foreign = token(&other, "agency-a", "minsida:terminals.read").await;
    let good = token(&provider, "agency-a", "minsida:terminals.read").await;
    let at = good.rfind('.').unwrap() + 10;
    let flipped = if &good[at..=at] == "A" { "B" } else { "A" };
    let tampered = format!("{}{flipped}{}", &good[..at], &good[at + 1..]);
    for bad in [foreign.as_str(), tampered.as_str()] {
        let r = app.staff_view(Some(bad), "demo", DEMO_TERMINAL_KEY).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        assert_eq!(
            r.header("www-authenticate"),
            Some("Bearer realm=\"minsida-system\"")
        );
    }

    // The static keys still work, for every operation.
    let r = app
        .staff_view(Some(SYSTEM_A_KEY), "demo", DEMO_TERMINAL_KEY)
        .await;
    assert_eq!(r.status, StatusCode::OK);
}
