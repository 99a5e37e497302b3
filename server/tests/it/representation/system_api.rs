//! `/api/system/v1/representations`: agency systems registering, listing and revoking
//! representations.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::representation::{RepresentationRole, SystemRepresentation};
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::{json, Value};

/// A valid registration: Anna signs for the company with every scope.
fn anna_signs_for_konsult() -> Value {
    json!({"representative": ANNA, "represented": KONSULT, "role": "signatory", "scopes": all_act()})
}

/// `GET /api/system/v1/representations{q}` as the system with `key`.
async fn list(app: &TestApp, key: &str, q: &str) -> TestResponse {
    app.system(
        Method::GET,
        &format!("/api/system/v1/representations{q}"),
        Some(key),
        None,
    )
    .await
}

/// Three representations for the company: Anna's (`a`) and Lars's ended one (`earlier`) by
/// system A, Tolvan's (`b`) by system B.
struct Registered {
    a: SystemRepresentation,
    earlier: SystemRepresentation,
    b: SystemRepresentation,
}

async fn register_three(app: &TestApp) -> Registered {
    let a = register_ok(app, ANNA, "5591234561", "signatory", all_act(), None, None).await;
    assert_eq!(a.representative.identifier, ANNA);
    assert_eq!(a.representative.name, "Anna Andersson");
    assert_eq!(a.represented.name, "Andersson Konsult AB");
    assert_eq!(a.role, RepresentationRole::Signatory);
    assert_eq!(
        (a.valid_from.as_str(), a.valid_until.as_deref()),
        ("2025-06-01", None)
    );
    assert_eq!(a.revoked_at, None);
    let earlier = register_ok(
        app,
        LARS,
        KONSULT,
        "representative",
        json!([{"area": "matters", "level": "read"}]),
        Some("2024-01-01"),
        Some("2024-12-31"),
    )
    .await;
    // Another system's representation for the same company.
    let r = register(app, SYSTEM_B_KEY, json!({"representative": TOLVAN, "represented": KONSULT, "role": "signatory", "scopes": all_act()})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let b: SystemRepresentation = r.json();

    Registered { a, earlier, b }
}

#[tokio::test]
async fn the_representations_api_needs_a_system_key() {
    let app = TestApp::new().await;
    let body = anna_signs_for_konsult();
    // Without, with an unknown and with a citizen credential: 401.
    for key in [None, Some("not-a-key-not-a-key-not-a-key-not-a-key")] {
        for (method, path, b) in [
            (Method::POST, "/api/system/v1/representations", Some(&body)),
            (
                Method::GET,
                "/api/system/v1/representations?represented=559123-4561",
                None,
            ),
            (Method::DELETE, "/api/system/v1/representations/1", None),
        ] {
            let r = app.system(method, path, key, b).await;
            r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
            assert!(r.header("www-authenticate").is_some());
        }
    }
    let anna = app.login(ANNA).await;
    app.json(
        Method::POST,
        "/api/system/v1/representations",
        &body.to_string(),
        Some(&anna.cookie),
        Some(&anna.info.csrf_token),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn invalid_representations_are_refused_with_every_field_error() {
    let app = TestApp::new().await;
    for (b, expected) in [
        (
            json!({"representative": "123", "represented": "x", "role": "signatory", "scopes": [], "valid_from": "2025-13-01"}),
            vec![
                ("representative", FieldErrorCode::InvalidPersonalNumber),
                ("represented", FieldErrorCode::InvalidPersonalNumber),
                ("scopes", FieldErrorCode::Required),
                ("valid_from", FieldErrorCode::InvalidDate),
            ],
        ),
        (
            json!({"representative": UNKNOWN_PERSON, "represented": UNKNOWN_ORG, "role": "signatory", "scopes": all_act()}),
            vec![
                ("representative", FieldErrorCode::UnknownPerson),
                ("represented", FieldErrorCode::UnknownPerson),
            ],
        ),
        (
            json!({"representative": KONSULT, "represented": ANNA, "role": "signatory", "scopes": all_act()}),
            vec![
                ("representative", FieldErrorCode::InvalidPersonalNumber),
                ("role", FieldErrorCode::InvalidValue),
            ],
        ),
        (
            json!({"representative": ANNA, "represented": ANNA, "role": "representative", "scopes": all_act()}),
            vec![("represented", FieldErrorCode::SelfGrant)],
        ),
        (
            json!({"representative": ANNA, "represented": KONSULT, "role": "trustee", "scopes": all_act()}),
            vec![("role", FieldErrorCode::InvalidValue)],
        ),
        (
            json!({"representative": ANNA, "represented": TOLVAN, "role": "guardian",
                   "scopes": [{"area": "matters", "level": "read"}, {"area": "matters", "level": "act"}],
                   "valid_from": "2025-06-01", "valid_until": "2025-05-31"}),
            vec![
                ("scopes", FieldErrorCode::InvalidValue),
                ("valid_until", FieldErrorCode::InvalidDate),
            ],
        ),
    ] {
        let r = register(&app, SYSTEM_A_KEY, b.clone()).await;
        assert_eq!(
            field_errors(&r),
            expected
                .into_iter()
                .map(|(f, c)| (f.to_string(), c))
                .collect::<Vec<_>>(),
            "{b}"
        );
    }
    register(
        &app,
        SYSTEM_A_KEY,
        json!({"representative": ANNA, "represented": KONSULT, "role": "owner", "scopes": all_act()}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM representations").await, 0);
}

#[tokio::test]
async fn systems_register_representations() {
    let app = TestApp::new().await;
    register_three(&app).await;
}

#[tokio::test]
async fn systems_list_a_partys_representations_only_their_own() {
    let app = TestApp::new().await;
    let Registered { a, earlier, b } = register_three(&app).await;
    let app = &app;
    let r = list(app, SYSTEM_A_KEY, "?represented=165591234561").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got: Vec<SystemRepresentation> = r.json();
    assert_eq!(
        got.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![earlier.id, a.id]
    );
    let got: Vec<SystemRepresentation> = list(app, SYSTEM_B_KEY, "?represented=559123-4561")
        .await
        .json();
    assert_eq!(got, vec![b.clone()]);
    let got: Vec<SystemRepresentation> = list(app, SYSTEM_A_KEY, "?represented=191212121212")
        .await
        .json();
    assert!(got.is_empty());
    for (q, code) in [
        ("", FieldErrorCode::Required),
        (
            "?represented=559123-4562",
            FieldErrorCode::InvalidOrganisationNumber,
        ),
        ("?represented=556036-0793", FieldErrorCode::UnknownPerson),
    ] {
        assert_eq!(
            field_errors(&list(app, SYSTEM_A_KEY, q).await),
            vec![("represented".to_string(), code)],
            "{q}"
        );
    }
}

#[tokio::test]
async fn only_the_registering_system_revokes_and_revoking_is_idempotent() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let Registered { a, .. } = register_three(&app).await;
    let app = &app;
    // Only the registering system revokes; idempotent.
    app.system(
        Method::DELETE,
        &format!("/api/system/v1/representations/{}", a.id),
        Some(SYSTEM_B_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    revoke(app, a.id).await;
    revoke(app, a.id).await;
    let got: Vec<SystemRepresentation> = list(app, SYSTEM_A_KEY, "?represented=559123-4561")
        .await
        .json();
    let revoked = got.iter().find(|r| r.id == a.id).unwrap();
    assert_eq!(revoked.revoked_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(
        audit_rows(app, "system_revoke_representation").await.len(),
        1
    );
    // Anna sees nothing to act for; Tolvan sees the company through system B.
    assert!(parties(app, &anna).await.mandates.is_empty());
    let tolvan = app.login(TOLVAN).await;
    assert_eq!(
        parties(app, &tolvan).await.mandates[0].party.identifier,
        KONSULT_ID
    );
}

#[tokio::test]
async fn the_companys_trail_names_the_systems_and_representations_are_append_only() {
    let app = TestApp::new().await;
    register_three(&app).await;
    // The company's trail names the systems.
    let events: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_system, subject_person_id FROM audit_events \
         WHERE action = 'system_create_representation' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let org_id = app.person_id(KONSULT_ID).await;
    assert_eq!(events.len(), 3);
    assert!(events
        .iter()
        .all(|(s, subject)| s.is_some() && *subject == Some(org_id)));
    // The representations cannot be changed or deleted behind the API's back.
    assert!(sqlx::query("DELETE FROM representations")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(
        sqlx::query("UPDATE representations SET valid_until = '2099-12-31'")
            .execute(&app.pool)
            .await
            .is_err()
    );
    assert!(sqlx::query("UPDATE representations SET revoked_at = NULL")
        .execute(&app.pool)
        .await
        .is_err());
}
