//! `GET`/`PUT /api/me/accessibility` through the real router and a real SQLite database.

use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::a11y::{AccessibilityPrefs, Motion, StoredAccessibilityPrefs, TextSize, Theme};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use minsida_server::auth::session;

const PATH: &str = "/api/me/accessibility";

async fn get_prefs(app: &TestApp, login: &Login) -> StoredAccessibilityPrefs {
    let r = app.get(PATH, Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    r.json()
}

async fn put_prefs(app: &TestApp, login: &Login, body: &str) -> TestResponse {
    app.json(
        Method::PUT,
        PATH,
        body,
        Some(&login.cookie),
        Some(&login.info.csrf_token),
    )
    .await
}

async fn prefs_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM accessibility_prefs")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// (action, actor, subject, session_ref, detail) of the accessibility audit events.
async fn prefs_events(
    app: &TestApp,
) -> Vec<(
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
)> {
    app.audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == "update_accessibility_prefs")
        .collect()
}

#[tokio::test]
async fn both_methods_need_a_session() {
    let app = TestApp::new().await;
    app.get(PATH, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let random = format!("minsida_session={}", session::generate_token());
    app.get(PATH, Some(&random))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    app.json(Method::PUT, PATH, r#"{"theme":"dark"}"#, None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    app.json(
        Method::PUT,
        PATH,
        r#"{"theme":"dark"}"#,
        Some(&random),
        Some("token"),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    assert_eq!(prefs_rows(&app).await, 0);
}

#[tokio::test]
async fn put_needs_the_csrf_token() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let body = r#"{"theme":"dark"}"#;
    for token in [None, Some(""), Some(lars.info.csrf_token.as_str())] {
        app.json(Method::PUT, PATH, body, Some(&anna.cookie), token)
            .await
            .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    }
    assert_eq!(prefs_rows(&app).await, 0);
    assert!(prefs_events(&app).await.is_empty());
    assert_eq!(get_prefs(&app, &anna).await.prefs, None);
}

#[tokio::test]
async fn nothing_saved_reads_as_null() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let r = app.get(PATH, Some(&anna.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let json: serde_json::Value = r.json();
    assert_eq!(
        json,
        serde_json::json!({ "prefs": null, "updated_at": null })
    );
}

#[tokio::test]
async fn save_then_read_back() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let prefs = AccessibilityPrefs {
        text_size: TextSize::Largest,
        theme: Theme::HighContrast,
        motion: Motion::Reduce,
        text_spacing: true,
        readable_font: true,
        easy_read: true,
        language: Some("ar".into()),
    };
    let r = put_prefs(&app, &anna, &serde_json::to_string(&prefs).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: StoredAccessibilityPrefs = r.json();
    assert_eq!(saved.prefs.as_ref(), Some(&prefs));
    assert_eq!(saved.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(get_prefs(&app, &anna).await, saved);
    // The wire form is the contract's.
    let json: serde_json::Value = app.get(PATH, Some(&anna.cookie)).await.json();
    assert_eq!(json["prefs"]["text_size"], "200");
    assert_eq!(json["prefs"]["theme"], "high_contrast");
    assert_eq!(json["prefs"]["language"], "ar");

    // A second save replaces the first, with a new time; it survives a new login.
    app.advance(60);
    let r = put_prefs(&app, &anna, r#"{"text_size":"125","language":null}"#).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let again = app.login(ANNA).await;
    let read = get_prefs(&app, &again).await;
    assert_eq!(
        read.prefs,
        Some(AccessibilityPrefs {
            text_size: TextSize::Large,
            ..Default::default()
        })
    );
    assert_eq!(read.updated_at.as_deref(), Some("2025-06-01T12:01:00Z"));
    assert_eq!(prefs_rows(&app).await, 1);
}

#[tokio::test]
async fn a_partial_body_fills_in_the_defaults() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    for body in [
        r#"{"theme":"dark"}"#,
        r#"{"theme":"dark","unknown_field":1}"#,
    ] {
        let r = put_prefs(&app, &anna, body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let expected = AccessibilityPrefs {
            theme: Theme::Dark,
            ..Default::default()
        };
        assert_eq!(
            r.json::<StoredAccessibilityPrefs>().prefs,
            Some(expected.clone())
        );
        assert_eq!(get_prefs(&app, &anna).await.prefs, Some(expected));
    }
    // An empty object saves all the defaults.
    let r = put_prefs(&app, &anna, "{}").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        get_prefs(&app, &anna).await.prefs,
        Some(AccessibilityPrefs::default())
    );
}

#[tokio::test]
async fn invalid_values_change_nothing() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let r = put_prefs(&app, &anna, r#"{"theme":"light"}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    let before = get_prefs(&app, &anna).await;
    let events_before = prefs_events(&app).await.len();

    // Not one of the enum's values: serde refuses it.
    for body in [
        r#"{"text_size":"300"}"#,
        r#"{"text_size":125}"#,
        r#"{"theme":"purple"}"#,
        r#"{"motion":"none"}"#,
        r#"{"easy_read":"yes"}"#,
        r#"{"theme":"dark""#,
        "null",
        r#""dark""#,
    ] {
        put_prefs(&app, &anna, body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    }
    // Well-formed, but a language the interface does not have.
    for language in ["xx", "", "SV", "sv-SE"] {
        let body = serde_json::json!({ "theme": "dark", "language": language }).to_string();
        let e = put_prefs(&app, &anna, &body).await.assert_field_errors();
        assert_eq!(
            e.fields,
            vec![FieldError {
                field: "language".into(),
                code: FieldErrorCode::InvalidValue
            }],
            "{language}"
        );
    }
    // Not JSON at all.
    let r = app
        .send(
            app.request(Method::PUT, PATH, Some(&anna.cookie))
                .header("content-type", "text/plain")
                .header("x-csrf-token", &anna.info.csrf_token)
                .body(axum::body::Body::from("theme=dark"))
                .unwrap(),
        )
        .await;
    r.assert_error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    );

    assert_eq!(get_prefs(&app, &anna).await, before);
    assert_eq!(prefs_events(&app).await.len(), events_before);
}

#[tokio::test]
async fn each_person_only_ever_sees_their_own_prefs() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let r = put_prefs(&app, &anna, r#"{"theme":"high_contrast","language":"en"}"#).await;
    assert_eq!(r.status, StatusCode::OK);

    // Lars has saved nothing, whatever the query string says.
    assert_eq!(get_prefs(&app, &lars).await.prefs, None);
    let anna_id = app.person_id(ANNA).await;
    let r = app
        .get(
            &format!("{PATH}?person_id={anna_id}&personal_number={ANNA}"),
            Some(&lars.cookie),
        )
        .await;
    assert_eq!(r.json::<StoredAccessibilityPrefs>().prefs, None);

    // Lars's save is his own and leaves Anna's alone.
    let r = put_prefs(&app, &lars, r#"{"text_size":"150"}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        get_prefs(&app, &lars).await.prefs.unwrap().text_size,
        TextSize::Larger
    );
    let a = get_prefs(&app, &anna).await.prefs.unwrap();
    assert_eq!(
        (a.theme, a.text_size),
        (Theme::HighContrast, TextSize::Normal)
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(prefs_rows(&app).await, 2);
}

#[tokio::test]
async fn unreadable_stored_prefs_read_as_never_saved() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let anna_id = app.person_id(ANNA).await;
    sqlx::query(
        "INSERT INTO accessibility_prefs (person_id, prefs, updated_at) VALUES ($1, $2, $3)",
    )
    .bind(anna_id)
    .bind(r#"{"theme":"sepia"}"#)
    .bind(START)
    .execute(&app.pool)
    .await
    .unwrap();
    let stored = get_prefs(&app, &anna).await;
    assert_eq!((stored.prefs, stored.updated_at), (None, None));

    // Saving over it works and says so in the audit trail.
    let r = put_prefs(&app, &anna, r#"{"theme":"dark"}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        get_prefs(&app, &anna).await.prefs.unwrap().theme,
        Theme::Dark
    );
    let events = prefs_events(&app).await;
    let detail: serde_json::Value = serde_json::from_str(events[0].4.as_deref().unwrap()).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({ "previous": "unreadable", "changed": ["theme"] })
    );
}

#[tokio::test]
async fn saving_is_audited_reading_is_not() {
    let app = TestApp::new().await;
    let anna_id = app.person_id(ANNA).await;
    let anna = app.login(ANNA).await;
    let before = app.audit_events().await.len();

    get_prefs(&app, &anna).await;
    assert_eq!(app.audit_events().await.len(), before);

    let r = put_prefs(&app, &anna, r#"{"theme":"dark","easy_read":true}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = put_prefs(
        &app,
        &anna,
        r#"{"theme":"dark","easy_read":true,"language":"sv"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = put_prefs(
        &app,
        &anna,
        r#"{"theme":"dark","easy_read":true,"language":"sv"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    get_prefs(&app, &anna).await;

    let anna_hash = session::hash_token(anna.cookie.split_once('=').unwrap().1);
    let events = app.audit_events().await;
    assert_eq!(events.len(), before + 3);
    let details: Vec<serde_json::Value> = events[before..]
        .iter()
        .map(|e| {
            assert_eq!(e.0, "update_accessibility_prefs");
            assert_eq!((e.1, e.2), (Some(anna_id), Some(anna_id)));
            assert_eq!(e.3.as_deref(), Some(&anna_hash[..12]));
            serde_json::from_str(e.4.as_deref().unwrap()).unwrap()
        })
        .collect();
    // Which fields changed, never their values.
    assert_eq!(
        details,
        vec![
            serde_json::json!({ "previous": "none", "changed": ["easy_read", "theme"] }),
            serde_json::json!({ "previous": "saved", "changed": ["language"] }),
            serde_json::json!({ "previous": "saved", "changed": [] }),
        ]
    );
    let (object_type, object_id): (String, Option<String>) = sqlx::query_as(
        "SELECT object_type, object_id FROM audit_events WHERE action = 'update_accessibility_prefs' \
         ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(object_type, "accessibility_prefs");
    assert_eq!(object_id, Some(anna_id.to_string()));
}
