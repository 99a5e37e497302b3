//! The system API's keys, and the isolation of one agency system from another.

use crate::common::messaging::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use minsida_api::ErrorCode;
use serde_json::{json, Value};

/// Every system route, with a body where one is needed.
fn system_routes() -> Vec<(Method, &'static str, Option<Value>)> {
    let create = json!({"recipient": {"personal_number": ANNA}, "title": "x", "category": "other", "handler": "x", "external_id": "x"});
    vec![
        (Method::POST, "/api/system/v1/matters", Some(create)),
        (
            Method::PUT,
            "/api/system/v1/matters/1/status",
            Some(json!({"status": "closed"})),
        ),
        (Method::POST, "/api/system/v1/messages", Some(json!({}))),
        (
            Method::POST,
            "/api/system/v1/matters/1/supplement-requests",
            Some(json!({})),
        ),
        (Method::GET, "/api/system/v1/messages/1/receipt", None),
        (Method::GET, "/api/system/v1/matters/1/submissions", None),
        (Method::GET, "/api/system/v1/documents/1", None),
    ]
}

#[tokio::test]
async fn system_api_requires_a_valid_unrevoked_key() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    sqlx::query("UPDATE agency_systems SET revoked_at = $1 WHERE name = 'system-b'")
        .bind(START)
        .execute(&app.pool)
        .await
        .unwrap();
    for (method, path, body) in system_routes() {
        for key in [
            None,
            Some("wrong-key-wrong-key-wrong-key-wrong-key"),
            Some(SYSTEM_B_KEY),
        ] {
            let r = app.system(method.clone(), path, key, body.as_ref()).await;
            r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
            assert!(
                r.header("www-authenticate").unwrap().starts_with("Bearer"),
                "{path}"
            );
        }
        // A citizen session cookie (with its CSRF token) is not a credential here.
        let mut b = app
            .request(method.clone(), path, Some(&anna.cookie))
            .header("x-csrf-token", &anna.info.csrf_token)
            .header(header::CONTENT_TYPE, "application/json");
        b = b.header(header::AUTHORIZATION, "Basic dXNlcjpwYXNz");
        let body = body.as_ref().map(Value::to_string).unwrap_or_default();
        let r = app.send(b.body(Body::from(body)).unwrap()).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM matters")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
    // A valid key works with nothing but the bearer and JSON (no Origin, no Sec-Fetch-Site).
    create_matter(&app, SYSTEM_A_KEY, ANNA, "ext-1").await;
    // The demo system is registered in demo mode with its documented key.
    create_matter(
        &app,
        minsida_server::config::DEMO_SYSTEM_API_KEY,
        ANNA,
        "ext-1",
    )
    .await;
}

#[tokio::test]
async fn systems_only_see_their_own_matters_messages_and_documents() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "a-1").await;
    let delivery = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Hej",
        "Text",
        json!([{"file_name": "a.pdf", "content_base64": b64(&pdf("a"))}]),
    )
    .await;
    let doc = delivery.attachments[0].id;
    let b = Some(SYSTEM_B_KEY);
    for r in [
        app.system(Method::PUT, &format!("/api/system/v1/matters/{}/status", matter.id), b, Some(&json!({"status": "closed"}))).await,
        request_supplement(&app, SYSTEM_B_KEY, matter.id, "2025-06-30").await,
        app.system(Method::GET, &format!("/api/system/v1/matters/{}/submissions", matter.id), b, None).await,
        app.system(Method::GET, &format!("/api/system/v1/messages/{}/receipt", delivery.message_id), b, None).await,
        app.system(Method::GET, &format!("/api/system/v1/documents/{doc}"), b, None).await,
        app.system(
            Method::POST,
            "/api/system/v1/messages",
            b,
            Some(&json!({"recipient": {"personal_number": ANNA}, "matter_id": matter.id, "sender": "B", "subject": "s", "body": "b"})),
        )
        .await,
    ] {
        let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert!(!r.text().contains("F-skatt"), "{body:?}");
    }
    // Nothing changed.
    let status: String = sqlx::query_scalar("SELECT status FROM matters WHERE id = $1")
        .bind(matter.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "received");
    // The same external id is a separate matter for another system.
    let other = create_matter(&app, SYSTEM_B_KEY, ANNA, "a-1").await;
    assert_ne!(other.id, matter.id);
    // A can still do everything.
    let r = app
        .system(
            Method::GET,
            &format!("/api/system/v1/documents/{doc}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("a"));
}
