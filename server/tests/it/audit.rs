//! The audit trail: which events logins, reads, changes and logouts write, and that it is
//! append-only.

use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_server::auth::session;

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
    assert_eq!(r.status, StatusCode::OK);
    // The session endpoint reads no personal details: no event.
    assert_eq!(
        app.get("/api/session", Some(&lars.cookie)).await.status,
        StatusCode::OK
    );

    let anna_hash = session::hash_token(anna.cookie.split_once('=').unwrap().1);
    let lars_hash = session::hash_token(lars.cookie.split_once('=').unwrap().1);
    let events = app.audit_events().await;
    type Summary<'a> = (&'a str, Option<i64>, Option<i64>, Option<&'a str>);
    let summary: Vec<Summary<'_>> = events
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
