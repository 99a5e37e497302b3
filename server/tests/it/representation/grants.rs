//! `/api/me/grants`: mandates a person gives.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::representation::{
    AccessActor, AccessKind, AccessLevel, AccessLog, Area, Grant, Grants, RepresentationRole,
};
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::{json, Value};

/// Tolvan, logged in, with a matter and a message from system A.
struct Grantor {
    app: TestApp,
    tolvan: Login,
    tolvan_id: i64,
    anna_id: i64,
}

async fn tolvan_with_a_message() -> Grantor {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let anna_id = app.person_id(ANNA).await;
    let t = json!({ "personal_number": TOLVAN });
    let matter = create_matter(&app, t.clone(), "tolvan").await;
    deliver(&app, t, Some(matter.id), "Tolvans brev", false).await;
    Grantor {
        app,
        tolvan,
        tolvan_id,
        anna_id,
    }
}

/// The body of `POST /api/me/grants`.
fn grant(pn: &str, scopes: Value, until: &str) -> Value {
    json!({"personal_number": pn, "scopes": scopes, "valid_until": until})
}

fn read_messages() -> Value {
    json!([{"area": "messages", "level": "read"}])
}

/// Validation: every field error at once; nothing stored.
async fn check_invalid_grants_are_refused(c: &Grantor) {
    let Grantor { app, tolvan, .. } = c;
    for (body, expected) in [
        (
            grant("123", json!([]), "2025-05-31"),
            vec![
                ("personal_number", FieldErrorCode::InvalidPersonalNumber),
                ("scopes", FieldErrorCode::Required),
                ("valid_until", FieldErrorCode::InvalidDate),
            ],
        ),
        (
            grant(UNKNOWN_PERSON, read_messages(), "2026-06-03"),
            vec![
                ("personal_number", FieldErrorCode::UnknownPerson),
                ("valid_until", FieldErrorCode::InvalidDate),
            ],
        ),
        (
            grant(
                "19121212-1212",
                json!([{"area": "messages", "level": "read"}, {"area": "messages", "level": "act"}]),
                "i morgon",
            ),
            vec![
                ("personal_number", FieldErrorCode::SelfGrant),
                ("scopes", FieldErrorCode::InvalidValue),
                ("valid_until", FieldErrorCode::InvalidDate),
            ],
        ),
        (
            grant(KONSULT_ID, read_messages(), "2025-07-01"),
            vec![("personal_number", FieldErrorCode::InvalidPersonalNumber)],
        ),
    ] {
        let r = app
            .as_person(tolvan, Method::POST, "/api/me/grants", &body)
            .await;
        assert_eq!(
            field_errors(&r),
            expected
                .into_iter()
                .map(|(f, c)| (f.to_string(), c))
                .collect::<Vec<_>>(),
            "{body}"
        );
    }
    assert_eq!(count(app, "SELECT COUNT(*) FROM representations").await, 0);
    app.as_person(
        tolvan,
        Method::POST,
        "/api/me/grants",
        &json!({"personal_number": ANNA, "scopes": [{"area": "everything", "level": "read"}], "valid_until": "2025-07-01"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

/// Tolvan gives Lars two grants (the longest, 366 days, and the shortest, today) and Anna one
/// to read his messages until 2025-07-01, which is returned.
async fn give_grants(c: &Grantor) -> Grant {
    let Grantor {
        app,
        tolvan,
        tolvan_id,
        anna_id,
    } = c;
    let (tolvan_id, anna_id) = (*tolvan_id, *anna_id);
    // The longest grant is 366 days; today is the shortest.
    for until in ["2026-06-02", "2025-06-01"] {
        let r = app
            .as_person(
                tolvan,
                Method::POST,
                "/api/me/grants",
                &grant(LARS, read_messages(), until),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{until}: {}", r.text());
    }
    let r = app
        .as_person(
            tolvan,
            Method::POST,
            "/api/me/grants",
            &grant("19811218-9876", read_messages(), "2025-07-01"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let g: Grant = r.json();
    assert_eq!(g.representative.id, anna_id);
    assert_eq!(g.representative.name, "Anna Andersson");
    assert_eq!(g.representative.identifier, ANNA);
    assert_eq!(g.scopes, vec![scope(Area::Messages, AccessLevel::Read)]);
    assert_eq!(
        (g.valid_from.as_str(), g.valid_until.as_str()),
        ("2025-06-01", "2025-07-01")
    );
    assert_eq!(g.revoked_at, None);
    let list: Grants = app.get("/api/me/grants", Some(&tolvan.cookie)).await.json();
    assert_eq!(list.grants.len(), 3);
    assert_eq!(list.grants[0], g, "newest first");
    let created = audit_rows(app, "create_grant").await;
    assert_eq!(
        (created[2].1, created[2].2),
        (Some(tolvan_id), Some(tolvan_id))
    );
    assert_eq!(created[2].5, Some(g.id.to_string()));

    g
}

/// The grantee sees Tolvan and can act within the scope, not beyond; returns her login.
async fn check_the_grantee_acts_within_the_scope(c: &Grantor) -> Login {
    let Grantor { app, tolvan_id, .. } = c;
    let tolvan_id = *tolvan_id;
    let anna = app.login(ANNA).await;
    let p = parties(app, &anna).await;
    assert_eq!(p.mandates.len(), 1);
    assert_eq!(p.mandates[0].party.id, tolvan_id);
    assert_eq!(p.mandates[0].role, RepresentationRole::Representative);
    assert_eq!(p.mandates[0].valid_until.as_deref(), Some("2025-07-01"));
    let info = switch_ok(app, &anna, tolvan_id).await;
    assert_eq!(
        info.acting_as.as_ref().map(|a| a.scopes.clone()),
        Some(vec![scope(Area::Messages, AccessLevel::Read)])
    );
    let page = inbox(app, &anna).await;
    assert_eq!(page.messages[0].subject, "Tolvans brev");
    for r in [
        app.get("/api/matters", Some(&anna.cookie)).await,
        app.get("/api/me", Some(&anna.cookie)).await,
        app.get("/api/me/access-log", Some(&anna.cookie)).await,
        app.as_person(
            &anna,
            Method::PUT,
            &format!("/api/messages/{}/state", page.messages[0].id),
            &json!({"archived": true}),
        )
        .await,
    ] {
        r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }

    anna
}

/// Tolvan sees who looked at his data, with the role; his own reads are not listed.
async fn check_the_access_log(c: &Grantor) {
    let Grantor { app, tolvan, .. } = c;
    let log: AccessLog = app
        .get("/api/me/access-log", Some(&tolvan.cookie))
        .await
        .json();
    let anna_actor = AccessActor::Person {
        name: "Anna Andersson".into(),
        identifier: ANNA.into(),
        role: Some(RepresentationRole::Representative),
    };
    assert_eq!(
        log.entries
            .iter()
            .filter(|e| e.actor == anna_actor)
            .map(|e| (e.area, e.kind))
            .collect::<Vec<_>>(),
        vec![(Area::Messages, AccessKind::Read)]
    );
    assert!(log.entries.iter().all(|e| match &e.actor {
        AccessActor::Person { identifier, .. } => identifier != TOLVAN,
        AccessActor::System { name } => name == "system-a",
    }));
    assert!(log.entries.iter().any(|e| e.actor
        == AccessActor::System {
            name: "system-a".into()
        }
        && e.kind == AccessKind::Sent));
}

/// Only the grantor revokes, at once; revoking again changes nothing.
async fn check_revocation(c: &Grantor, g: &Grant, anna: &Login) {
    let Grantor { app, tolvan, .. } = c;
    let lars = app.login(LARS).await;
    for (login, id) in [(&lars, g.id), (tolvan, 999_999)] {
        app.as_person(
            login,
            Method::DELETE,
            &format!("/api/me/grants/{id}"),
            &json!(null),
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    // A system cannot revoke a grant either.
    let r = app
        .system(
            Method::DELETE,
            &format!("/api/system/v1/representations/{}", g.id),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    for _ in 0..2 {
        let r = app
            .as_person(
                tolvan,
                Method::DELETE,
                &format!("/api/me/grants/{}", g.id),
                &json!(null),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    }
    assert_eq!(audit_rows(app, "revoke_grant").await.len(), 1);
    app.get("/api/messages", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(session(app, anna).await.acting_as, None);
    assert!(parties(app, anna).await.mandates.is_empty());
    let list: Grants = app.get("/api/me/grants", Some(&tolvan.cookie)).await.json();
    assert!(list.grants[0].revoked_at.is_some());
    assert!(list.grants[1..].iter().all(|g| g.revoked_at.is_none()));
}

#[tokio::test]
async fn invalid_grants_are_refused_with_every_field_error_and_nothing_is_stored() {
    let c = tolvan_with_a_message().await;
    check_invalid_grants_are_refused(&c).await;
}

#[tokio::test]
async fn grants_of_today_up_to_366_days_are_created_listed_and_audited() {
    let c = tolvan_with_a_message().await;
    give_grants(&c).await;
}

#[tokio::test]
async fn the_grantee_acts_within_the_scope_not_beyond() {
    let c = tolvan_with_a_message().await;
    give_grants(&c).await;
    check_the_grantee_acts_within_the_scope(&c).await;
}

#[tokio::test]
async fn the_grantor_sees_who_looked_at_his_data() {
    let c = tolvan_with_a_message().await;
    give_grants(&c).await;
    check_the_grantee_acts_within_the_scope(&c).await;
    check_the_access_log(&c).await;
}

#[tokio::test]
async fn only_the_grantor_revokes_a_grant_and_at_once() {
    let c = tolvan_with_a_message().await;
    let g = give_grants(&c).await;
    let anna = check_the_grantee_acts_within_the_scope(&c).await;
    check_revocation(&c, &g, &anna).await;
}

#[tokio::test]
async fn grants_are_always_ones_own_also_while_acting_for_a_company() {
    let c = tolvan_with_a_message().await;
    give_grants(&c).await;
    let Grantor { app, tolvan, .. } = &c;
    // Grants are always one's own: acting for the handelsbolag, Tolvan cannot give one.
    register_ok(
        app,
        TOLVAN,
        HANDELSBOLAG,
        "signatory",
        all_act(),
        None,
        None,
    )
    .await;
    switch_ok(app, tolvan, app.person_id(HANDELSBOLAG_ID).await).await;
    app.as_person(
        tolvan,
        Method::POST,
        "/api/me/grants",
        &grant(ANNA, read_messages(), "2025-07-01"),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    let list: Grants = app.get("/api/me/grants", Some(&tolvan.cookie)).await.json();
    assert_eq!(list.grants.len(), 3, "still Tolvan's own grants");
}
