//! `/api/auth/providers`, `/api/auth/test/*`: the test identity provider and logging in.

use crate::common::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use minsida_api::{
    AuthProviders, ErrorCode, FieldError, FieldErrorCode, ProviderKind, SessionInfo, SessionStatus,
    TestPerson,
};

#[tokio::test]
async fn providers_and_test_persons_when_enabled() {
    let app = TestApp::new().await;
    let p: AuthProviders = app.get("/api/auth/providers", None).await.json();
    assert_eq!(p.providers.len(), 1);
    assert_eq!(p.providers[0].id, "test");
    assert_eq!(p.providers[0].kind, ProviderKind::Test);
    assert_eq!(p.providers[0].name, "Testinloggning (endast test/demo)");

    let r = app.get("/api/auth/test/persons", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let persons: Vec<TestPerson> = r.json();
    let got: Vec<(&str, &str)> = persons
        .iter()
        .map(|p| (p.personal_number.as_str(), p.name.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (ANNA, "Anna Andersson"),
            (LARS, "Lars Berg"),
            (TOLVAN, "Tolvan Tolvansson")
        ]
    );
}

#[tokio::test]
async fn test_provider_disabled() {
    let app = TestApp::with(Options {
        test_idp: false,
        ..Options::default()
    })
    .await;
    let p: AuthProviders = app.get("/api/auth/providers", None).await.json();
    assert!(p.providers.is_empty());
    app.get("/api/auth/test/persons", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::ProviderDisabled);
    app.try_login(ANNA, None)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::ProviderDisabled);
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn login_accepts_every_form_of_the_number() {
    let app = TestApp::new().await;
    for (input, expected) in [
        ("198112189876", ANNA),
        ("19811218-9876", ANNA),
        ("8112189876", ANNA),
        ("811218-9876", ANNA),
        ("  811218-9876 ", ANNA),
        ("121212+1212", TOLVAN),
        ("19121212-1212", TOLVAN),
        ("701063-2391", LARS),
    ] {
        let r = app.try_login(input, None).await;
        assert_eq!(r.status, StatusCode::OK, "{input}: {}", r.text());
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let info: SessionInfo = r.json();
        assert_eq!(info.person.personal_number, expected, "{input}");
        assert_eq!(info.provider, "test");
        assert_eq!(info.idle_timeout_secs, 1200);
        // START + 8 h
        assert_eq!(info.expires_at, "2025-06-01T20:00:00Z");
        assert_eq!(info.csrf_token.len(), 43);
    }
    let info: SessionInfo = app.try_login(ANNA, None).await.json();
    assert_eq!(
        (
            info.person.given_name.as_str(),
            info.person.last_name.as_str()
        ),
        ("Anna", "Andersson")
    );
}

#[tokio::test]
async fn login_rejects_invalid_and_unknown_numbers() {
    let app = TestApp::new().await;
    for bad in ["", "abc", "811218-9875", "19811318-9876", "20991212-1210"] {
        let r = app.try_login(bad, None).await;
        let body = r.assert_field_errors();
        assert_eq!(
            body.fields,
            vec![FieldError {
                field: "personal_number".into(),
                code: FieldErrorCode::InvalidPersonalNumber
            }],
            "{bad}"
        );
        assert!(r.header("set-cookie").is_none());
    }

    // Valid, but nobody in the register.
    let r = app.try_login("19491011-2392", None).await;
    let body = r.assert_field_errors();
    assert_eq!(
        body.fields,
        vec![FieldError {
            field: "personal_number".into(),
            code: FieldErrorCode::UnknownPerson
        }]
    );

    // In the register, but not a test person: the test provider must not log in real people.
    sqlx::query(
        "INSERT INTO persons (personal_number, first_names, given_name, last_name, birth_date, street, \
         postal_code, city, municipality, county, registered_since, citizenship, is_test_person) \
         VALUES ('194910112392', 'Eva', 'Eva', 'Real', '1949-10-11', 'Gatan 1', '111 11', 'Stockholm', \
         'Stockholms kommun', 'Stockholms län', '2000-01-01', 'Sverige', FALSE)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app.try_login("194910112392", None).await;
    let body = r.assert_field_errors();
    assert_eq!(body.fields[0].code, FieldErrorCode::UnknownPerson);
    let persons: Vec<TestPerson> = app.get("/api/auth/test/persons", None).await.json();
    assert!(persons.iter().all(|p| p.personal_number != "194910112392"));

    // Wrong shape or broken JSON.
    app.json(Method::POST, "/api/auth/test/login", "{}", None, None)
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    app.json(
        Method::POST,
        "/api/auth/test/login",
        "{\"personal_number\":",
        None,
        None,
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn login_refuses_cross_site_requests() {
    let app = TestApp::new().await;
    let body = format!(r#"{{"personal_number":"{ANNA}"}}"#);
    let request = |name: &'static str, value: &'static str, content_type: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/auth/test/login")
            .header(header::HOST, app.host())
            .header(name, value)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body.clone()))
            .unwrap()
    };
    app.send(request("sec-fetch-site", "cross-site", "application/json"))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.send(request(
        "origin",
        "https://evil.example",
        "application/json",
    ))
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    app.send(request("sec-fetch-site", "same-origin", "text/plain"))
        .await
        .assert_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        );
    assert_eq!(app.session_count().await, 0);
    assert!(app.audit_events().await.is_empty());
    // A navigation-initiated request (`none`) is fine.
    let r = app
        .send(request("sec-fetch-site", "none", "application/json"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_new_login_ends_the_old_session() {
    let app = TestApp::new().await;
    let first = app.login(ANNA).await;
    assert_eq!(app.session_count().await, 1);
    // Log in again in the same browser, as someone else.
    let r = app.try_login(TOLVAN, Some(&first.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let second = cookie_pair(r.set_cookie());
    assert_ne!(second, first.cookie);
    assert_eq!(app.session_count().await, 1);
    assert_eq!(
        app.session_status(Some(&first.cookie)).await.1,
        SessionStatus::Anonymous
    );
    let info: SessionInfo = app.get("/api/session", Some(&second)).await.json();
    assert_eq!(info.person.personal_number, TOLVAN);
    assert_ne!(info.csrf_token, first.info.csrf_token);
}

#[tokio::test]
async fn test_persons_are_listed_in_swedish_alphabetical_order() {
    let app = TestApp::new().await;
    for (pn, last) in [
        ("195001011237", "Öberg"),
        ("195002022340", "Ängström"),
        ("195003033452", "Zetterlund"),
        ("195004044565", "Åberg"),
    ] {
        sqlx::query(
            "INSERT INTO persons (personal_number, first_names, given_name, last_name, birth_date, \
             street, postal_code, city, municipality, county, registered_since, citizenship, \
             is_test_person) VALUES ($1, 'Test', 'Test', $2, '1950-01-01', 'Gatan 1', '111 11', \
             'Stockholm', 'Stockholms kommun', 'Stockholms län', '2000-01-01', 'Sverige', TRUE)",
        )
        .bind(pn)
        .bind(last)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let persons: Vec<TestPerson> = app.get("/api/auth/test/persons", None).await.json();
    let ours: Vec<&str> = persons
        .iter()
        .map(|p| p.name.as_str())
        .filter(|n| n.starts_with("Test "))
        .collect();
    // Å, Ä, Ö after Z, in that order (byte order would give Ä, Å, Ö).
    assert_eq!(
        ours,
        [
            "Test Zetterlund",
            "Test Åberg",
            "Test Ängström",
            "Test Öberg"
        ]
    );
}
