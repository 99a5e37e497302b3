//! Integration tests of the JSON API through the real router and a real SQLite database.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use minsida_api::{
    AuthProviders, ContactDetails, ErrorCode, FieldError, FieldErrorCode, Health, PersonalDetails,
    ProviderKind, SessionInfo, TestPerson,
};
use minsida_server::auth::session;

#[tokio::test]
async fn health() {
    let app = TestApp::new().await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let h: Health = r.json();
    assert_eq!(h.status, "ok");
    assert_eq!(h.version, env!("CARGO_PKG_VERSION"));
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
        let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
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
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
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
         'Stockholms kommun', 'Stockholms län', '2000-01-01', 'Sverige', 0)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let r = app.try_login("194910112392", None).await;
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
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
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE id_hash = ? OR csrf_token = ?")
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
    app.get("/api/session", Some(&first.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let info: SessionInfo = app.get("/api/session", Some(&second)).await.json();
    assert_eq!(info.person.personal_number, TOLVAN);
    assert_ne!(info.csrf_token, first.info.csrf_token);
}

#[tokio::test]
async fn unauthenticated_requests_are_refused() {
    let app = TestApp::new().await;
    let random = format!("minsida_session={}", session::generate_token());
    for path in ["/api/session", "/api/me"] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        let r = app.get(path, Some(&random)).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        // The browser is told to forget the useless cookie.
        assert!(r.set_cookie().starts_with("minsida_session=; Max-Age=0"));
        for forged in [
            "minsida_session=",
            "minsida_session=x",
            "minsida_session=../../etc",
            "other=1",
        ] {
            app.get(path, Some(forged))
                .await
                .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        }
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
async fn personal_details_content() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let a: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    assert_eq!(a.first_names, "Anna Maria");
    assert_eq!(a.given_name, "Anna");
    assert_eq!(a.last_name, "Andersson");
    assert_eq!(a.birth_date, "1981-12-18");
    assert!(!a.coordination_number);
    assert_eq!(a.registered_address.street, "Storgatan 1");
    assert_eq!(a.registered_address.postal_code, "111 22");
    assert_eq!(a.registered_address.city, "Stockholm");
    assert_eq!(a.registered_address.country, None);
    assert_eq!(a.postal_address, None);
    assert_eq!(a.municipality, "Stockholms kommun");
    assert_eq!(a.county, "Stockholms län");
    assert_eq!(a.registered_since, "2015-03-01");
    assert_eq!(a.citizenship, "Sverige");
    assert_eq!(
        a.contact.email.as_deref(),
        Some("anna.andersson@example.se")
    );
    assert_eq!(a.contact.mobile.as_deref(), Some("+46701234567"));
    assert!(a.contact.updated_at.is_some());

    let tolvan = app.login(TOLVAN).await;
    let t: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!(
        t.registered_address.care_of.as_deref(),
        Some("c/o Tolvansson")
    );
    assert_eq!(t.contact, ContactDetails::default());

    let lars = app.login(LARS).await;
    let l: PersonalDetails = app.get("/api/me", Some(&lars.cookie)).await.json();
    assert!(l.coordination_number);
    assert_eq!(l.birth_date, "1970-10-03");
    assert_eq!(l.registered_address.country.as_deref(), Some("Norge"));
    let postal = l.postal_address.expect("special postal address");
    assert_eq!(
        (
            postal.street.as_str(),
            postal.postal_code.as_str(),
            postal.city.as_str()
        ),
        ("Box 123", "411 01", "Göteborg")
    );
    assert_eq!(l.municipality, "Utlandet");
    assert_eq!(l.citizenship, "Norge");
    assert_eq!(l.contact.email.as_deref(), Some("lars.berg@example.no"));
    assert_eq!(l.contact.mobile, None);
}

#[tokio::test]
async fn update_contact_details() {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    assert_eq!(app.contact_row(TOLVAN).await, None);

    let r = app
        .update_contact(
            &tolvan,
            r#"{"email":" Tolvan@Example.SE ","mobile":"070-123 45 67"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let c: ContactDetails = r.json();
    assert_eq!(c.email.as_deref(), Some("Tolvan@example.se"));
    assert_eq!(c.mobile.as_deref(), Some("+46701234567"));
    assert_eq!(c.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    let me: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!(me.contact, c);
    assert_eq!(
        app.contact_row(TOLVAN).await,
        Some((
            Some("Tolvan@example.se".into()),
            Some("+46701234567".into()),
            START
        ))
    );

    // Remove the mobile with an empty string, keep the e-mail.
    app.advance(60);
    let c: ContactDetails = app
        .update_contact(&tolvan, r#"{"email":"tolvan@example.se","mobile":""}"#)
        .await
        .json();
    assert_eq!(c.email.as_deref(), Some("tolvan@example.se"));
    assert_eq!(c.mobile, None);
    assert_eq!(c.updated_at.as_deref(), Some("2025-06-01T12:01:00Z"));

    // Missing fields remove the values.
    let c: ContactDetails = app.update_contact(&tolvan, "{}").await.json();
    assert_eq!((c.email, c.mobile), (None, None));
    let me: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!((me.contact.email, me.contact.mobile), (None, None));

    // Other people's data is untouched.
    let anna = app.contact_row(ANNA).await.unwrap();
    assert_eq!(anna.0.as_deref(), Some("anna.andersson@example.se"));
}

#[tokio::test]
async fn invalid_contact_details_change_nothing() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let before = app.contact_row(ANNA).await;
    let audit_before = app.audit_events().await.len();

    let r = app
        .update_contact(&anna, r#"{"email":"not-an-email","mobile":"12"}"#)
        .await;
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(
        body.fields,
        vec![
            FieldError {
                field: "email".into(),
                code: FieldErrorCode::InvalidEmail
            },
            FieldError {
                field: "mobile".into(),
                code: FieldErrorCode::InvalidPhone
            },
        ]
    );
    // One bad field: the good one is not stored either.
    let r = app
        .update_contact(
            &anna,
            r#"{"email":"new@example.se","mobile":"08-123 456 78"}"#,
        )
        .await;
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(body.fields.len(), 1);
    assert_eq!(body.fields[0].field, "mobile");

    assert_eq!(app.contact_row(ANNA).await, before);
    assert_eq!(app.audit_events().await.len(), audit_before);
}

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
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
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
        assert_eq!(r.status, StatusCode::NO_CONTENT);
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
    assert_eq!(r.status, StatusCode::NO_CONTENT);
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
    app.get("/api/session", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::SessionExpired);
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

#[tokio::test]
async fn audit_events_are_written() {
    let app = TestApp::new().await;
    let anna_id = app.person_id(ANNA).await;
    let lars_id = app.person_id(LARS).await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    assert_eq!(
        app.get("/api/me", Some(&anna.cookie)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.update_contact(
            &lars,
            r#"{"email":"lars@example.no","mobile":"0701234567"}"#
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
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The session endpoint reads no personal details: no event.
    assert_eq!(
        app.get("/api/session", Some(&lars.cookie)).await.status,
        StatusCode::OK
    );

    let anna_hash = session::hash_token(anna.cookie.split_once('=').unwrap().1);
    let lars_hash = session::hash_token(lars.cookie.split_once('=').unwrap().1);
    let events = app.audit_events().await;
    type Summary<'a> = (&'a str, Option<i64>, Option<i64>, Option<&'a str>);
    let summary: Vec<Summary> = events
        .iter()
        .map(|e| (e.0.as_str(), e.1, e.2, e.3.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "login",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
            (
                "login",
                Some(lars_id),
                Some(lars_id),
                Some(&lars_hash[..12])
            ),
            (
                "read_personal_details",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
            (
                "update_contact_details",
                Some(lars_id),
                Some(lars_id),
                Some(&lars_hash[..12])
            ),
            (
                "logout",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
        ]
    );
    // The change is described, the values are not stored.
    let detail: serde_json::Value = serde_json::from_str(events[3].4.as_deref().unwrap()).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({ "email": "changed", "mobile": "added" })
    );
    assert!(events
        .iter()
        .all(|e| !e.4.as_deref().unwrap_or("").contains("example")));

    // The trail is append-only.
    assert!(sqlx::query("UPDATE audit_events SET action = 'x'")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_events")
        .execute(&app.pool)
        .await
        .is_err());
    assert_eq!(app.audit_events().await.len(), 5);
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

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::new().await;
    let doc = minsida_server::openapi::document();
    let mut count = 0;
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            (Method::GET, &item.get),
            (Method::POST, &item.post),
            (Method::PUT, &item.put),
            (Method::DELETE, &item.delete),
            (Method::PATCH, &item.patch),
        ] {
            if op.is_none() {
                continue;
            }
            count += 1;
            let r = app.json(method.clone(), path, "{}", None, None).await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            if r.status == StatusCode::NOT_FOUND {
                let body: minsida_api::ApiErrorBody = r.json();
                assert_ne!(
                    body.code,
                    ErrorCode::NotFound,
                    "{method} {path} is documented but not routed"
                );
            }
        }
    }
    // 34 before, 10 of representation and 12 of terminals and drafts.
    assert_eq!(count, 56);
}
