//! CSRF protection of every state-changing request.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use minsida_api::ErrorCode;

#[tokio::test]
async fn csrf_protection_on_state_changing_requests() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let before = app.contact_row(ANNA).await;
    let audit_before = app.audit_events().await.len();
    let body = r#"{"email":"evil@example.se","mobile":""}"#;

    // No token.
    app.json(
        Method::PUT,
        "/api/me/contact",
        body,
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    // Wrong token (another session's).
    let lars = app.login(LARS).await;
    app.json(
        Method::PUT,
        "/api/me/contact",
        body,
        Some(&anna.cookie),
        Some(&lars.info.csrf_token),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.json(
        Method::PUT,
        "/api/me/contact",
        body,
        Some(&anna.cookie),
        Some(""),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    let with = |name: &'static str, value: &'static str| {
        Request::builder()
            .method(Method::PUT)
            .uri("/api/me/contact")
            .header(header::HOST, app.host())
            .header(header::COOKIE, &anna.cookie)
            .header(name, value)
            .header("x-csrf-token", &anna.info.csrf_token)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .unwrap()
    };
    // Cross-site and same-site (a sibling subdomain) fetches.
    for site in ["cross-site", "same-site"] {
        app.send(with("sec-fetch-site", site))
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    }
    // Foreign or opaque origin.
    for origin in [
        "https://evil.example",
        "http://127.0.0.1:8081",
        "https://127.0.0.1:8080",
        "null",
    ] {
        app.send(with("origin", origin))
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    }

    // Not JSON, e.g. a form post.
    let r = app
        .send(
            app.request(Method::PUT, "/api/me/contact", Some(&anna.cookie))
                .header("x-csrf-token", &anna.info.csrf_token)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::CONTENT_LENGTH, 23)
                .body(Body::from("email=evil%40example.se"))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );
    let r = app
        .send(
            app.request(Method::PUT, "/api/me/contact", Some(&anna.cookie))
                .header("x-csrf-token", &anna.info.csrf_token)
                .header(header::CONTENT_LENGTH, body.len())
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );
    // Malformed JSON.
    app.update_contact(&anna, r#"{"email": "a@b.se""#)
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    app.update_contact(&anna, r#"{"email": 12}"#)
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    assert_eq!(app.contact_row(ANNA).await, before);
    let actions: Vec<String> = app
        .audit_events()
        .await
        .into_iter()
        .skip(audit_before)
        .map(|e| e.0)
        .collect();
    assert_eq!(
        actions,
        vec!["login".to_string()],
        "only Lars's login was audited"
    );

    // The same request passes with the right token, without fetch metadata (older browsers),
    // and with the origin of the Host header.
    let ok = app
        .send(
            Request::builder()
                .method(Method::PUT)
                .uri("/api/me/contact")
                .header(header::HOST, "localhost:8080")
                .header(header::ORIGIN, "http://localhost:8080")
                .header(header::COOKIE, &anna.cookie)
                .header("x-csrf-token", &anna.info.csrf_token)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .header(header::CONTENT_LENGTH, body.len())
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(
        app.contact_row(ANNA).await.unwrap().0.as_deref(),
        Some("evil@example.se")
    );
}
