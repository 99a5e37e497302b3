//! Organisation numbers, the demo companies and their relations, and the party migration.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::MatterList;
use minsida_api::representation::{
    AccessActor, AccessLog, OrganisationDetails, RepresentationRole,
};
use minsida_api::{ErrorCode, FieldErrorCode, PersonalDetails};
use serde_json::json;

#[tokio::test]
async fn organisation_numbers_are_validated_by_the_system_api() {
    let app = TestApp::new().await;
    let r = register(
        &app,
        SYSTEM_A_KEY,
        json!({"representative": ANNA, "represented": "559123-4562", "role": "signatory", "scopes": all_act()}),
    )
    .await;
    assert_eq!(
        field_errors(&r),
        vec![(
            "represented".into(),
            FieldErrorCode::InvalidOrganisationNumber
        )]
    );
    for (recipient, expected) in [
        (
            json!({"organisation_number": "559123-4562"}),
            (
                "recipient.organisation_number",
                FieldErrorCode::InvalidOrganisationNumber,
            ),
        ),
        (
            json!({"organisation_number": "811218-9876"}),
            (
                "recipient.organisation_number",
                FieldErrorCode::InvalidOrganisationNumber,
            ),
        ),
        (
            json!({"organisation_number": UNKNOWN_ORG}),
            (
                "recipient.organisation_number",
                FieldErrorCode::UnknownPerson,
            ),
        ),
        (
            json!({"personal_number": KONSULT}),
            (
                "recipient.personal_number",
                FieldErrorCode::InvalidPersonalNumber,
            ),
        ),
        (
            json!({"personal_number": ANNA, "organisation_number": KONSULT}),
            ("recipient", FieldErrorCode::InvalidValue),
        ),
        (json!({}), ("recipient", FieldErrorCode::Required)),
    ] {
        for path in ["/api/system/v1/messages", "/api/system/v1/matters"] {
            let r = app
                .system(
                    Method::POST,
                    path,
                    Some(SYSTEM_A_KEY),
                    Some(
                        &json!({"recipient": recipient, "sender": "s", "subject": "s", "body": "b",
                        "title": "t", "category": "other", "handler": "h", "external_id": "x"}),
                    ),
                )
                .await;
            assert_eq!(
                field_errors(&r),
                vec![(expected.0.to_string(), expected.1)],
                "{path} {recipient}"
            );
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM messages").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM matters").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM representations").await, 0);

    // Every accepted form of an organisation number reaches the same organisation, and the
    // existing callers' JSON (personal number only) still works.
    for (i, form) in [KONSULT, "5591234561", KONSULT_ID, "16559123-4561"]
        .into_iter()
        .enumerate()
    {
        create_matter(&app, json!({"organisation_number": form}), &format!("m{i}")).await;
    }
    deliver(
        &app,
        json!({"personal_number": "811218-9876"}),
        None,
        "Hej",
        false,
    )
    .await;
    let org_id = app.person_id(KONSULT_ID).await;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM matters WHERE person_id = $1")
        .bind(org_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 4);
    // Organisations never log in.
    app.try_login(KONSULT_ID, None).await.assert_field_errors();
}

#[tokio::test]
async fn demo_companies_and_relations() {
    let app = TestApp::new().await;
    minsida_server::demo::seed_messages(&app.state)
        .await
        .unwrap();
    assert_eq!(
        minsida_server::demo::seed_messages(&app.state)
            .await
            .unwrap(),
        0
    );
    let konsult = app.person_id(KONSULT_ID).await;
    let hb = app.person_id(HANDELSBOLAG_ID).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let anna_id = app.person_id(ANNA).await;

    // Anna: signatory of the AB, trustee for Tolvan.
    let anna = app.login(ANNA).await;
    let p = parties(&app, &anna).await;
    let got: Vec<(i64, RepresentationRole)> =
        p.mandates.iter().map(|m| (m.party.id, m.role)).collect();
    assert_eq!(
        got,
        vec![
            (konsult, RepresentationRole::Signatory),
            (tolvan_id, RepresentationRole::Trustee)
        ]
    );
    switch_ok(&app, &anna, konsult).await;
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(list.matters.len(), 1);
    assert_eq!(list.matters[0].open_requests, 1);
    assert!(inbox(&app, &anna).await.total >= 3);
    let org: OrganisationDetails = app
        .get("/api/organisation", Some(&anna.cookie))
        .await
        .json();
    assert_eq!(org.name, "Andersson Konsult AB");
    // Trustee for Tolvan: read his messages and data, not change message state.
    switch_ok(&app, &anna, tolvan_id).await;
    let me: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    assert_eq!(me.personal_number, TOLVAN);
    let page = inbox(&app, &anna).await;
    assert!(page.total >= 2);
    app.as_person(
        &anna,
        Method::PUT,
        &format!("/api/messages/{}/state", page.messages[0].id),
        &json!({"archived": true}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);

    // Lars: the handelsbolag; his expired mandate for Anna is refused.
    let lars = app.login(LARS).await;
    let p = parties(&app, &lars).await;
    assert_eq!(
        p.mandates.iter().map(|m| m.party.id).collect::<Vec<_>>(),
        vec![hb]
    );
    switch(&app, &lars, anna_id)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    switch_ok(&app, &lars, hb).await;
    assert!(inbox(&app, &lars).await.total >= 1);
    // Tolvan: the handelsbolag; his revoked signatory right for the AB is refused.
    let tolvan = app.login(TOLVAN).await;
    let p = parties(&app, &tolvan).await;
    assert_eq!(
        p.mandates.iter().map(|m| m.party.id).collect::<Vec<_>>(),
        vec![hb]
    );
    switch(&app, &tolvan, konsult)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    // The demo persons' own data is as before: Anna has her three matters.
    switch_ok(&app, &anna, anna_id).await;
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(list.matters.len(), 3);
    // Tolvan sees that his trustee looked at his data.
    let log: AccessLog = app
        .get("/api/me/access-log", Some(&tolvan.cookie))
        .await
        .json();
    assert!(log.entries.iter().any(|e| matches!(
        &e.actor,
        AccessActor::Person { identifier, role: Some(RepresentationRole::Trustee), .. } if identifier == ANNA
    )));
}

#[tokio::test]
async fn existing_data_survives_the_party_migration() {
    let dir = tempfile::tempdir().unwrap();
    // The migrations before organisations became parties.
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut names: Vec<String> = std::fs::read_dir(&all)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let cut = names
        .iter()
        .position(|n| n.ends_with("_representation.sql"))
        .unwrap();
    for n in &names[..cut] {
        std::fs::copy(all.join(n), old.join(n)).unwrap();
    }
    let pool = minsida_server::db::connect_url(
        &minsida_server::db::sqlite_url(&dir.path().join("minsida.db")),
        8,
    )
    .await
    .unwrap();
    sqlx::migrate::Migrator::new(old.as_path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    minsida_server::db::seed_demo(&pool).await.unwrap_err(); // organisations need the new schema
    sqlx::query(
        "INSERT INTO persons (id, personal_number, first_names, given_name, last_name, birth_date, \
         street, postal_code, city, municipality, county, registered_since, citizenship, is_test_person) \
         VALUES (7, '198112189876', 'Anna Maria', 'Anna', 'Andersson', '1981-12-18', 'Storgatan 1', \
         '111 22', 'Stockholm', 'Stockholms kommun', 'Stockholms län', '2015-03-01', 'Sverige', 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    for sql in [
        "INSERT INTO contact_details (person_id, email, updated_at) VALUES (7, 'a@example.se', 1)",
        "INSERT INTO sessions (id_hash, person_id, csrf_token, provider, created_at, last_seen_at, expires_at) \
         VALUES ('0000000000000000000000000000000000000000000000000000000000000000', 7, 't', 'test', 1, 1, 2)",
        "INSERT INTO accessibility_prefs (person_id, prefs, updated_at) VALUES (7, '{}', 1)",
        "INSERT INTO agency_systems (id, name, key_hash, created_at) \
         VALUES (1, 's', '1111111111111111111111111111111111111111111111111111111111111111', 1)",
        "INSERT INTO matters (id, person_id, system_id, external_id, reference, title, category, status, handler, opened_at, updated_at) \
         VALUES (3, 7, 1, 'e', '2025-000001', 't', 'other', 'received', 'h', 1, 1)",
        "INSERT INTO messages (id, person_id, system_id, matter_id, direction, kind, sender, subject, body, search_text, sent_at) \
         VALUES (5, 7, 1, 3, 'incoming', 'message', 's', 'Hej', 'b', 'hej', 1)",
        "INSERT INTO audit_events (at, actor_person_id, subject_person_id, action, object_type) \
         VALUES (1, 7, 7, 'login', 'session')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }

    minsida_server::db::migrate(&pool).await.unwrap();
    minsida_server::db::seed_demo(&pool).await.unwrap();
    let person: (i64, String, String, String) = sqlx::query_as(
        "SELECT id, kind, given_name, registered_since FROM persons WHERE personal_number = '198112189876'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        person,
        (7, "person".into(), "Anna".into(), "2015-03-01".into())
    );
    for (table, n) in [
        (
            "contact_details WHERE person_id = 7 AND email = 'a@example.se'",
            1,
        ),
        ("sessions WHERE person_id = 7", 1),
        ("accessibility_prefs WHERE person_id = 7", 1),
        ("matters WHERE person_id = 7", 1),
        ("messages WHERE person_id = 7", 1),
        ("audit_events WHERE subject_person_id = 7", 1),
        ("persons WHERE kind = 'person'", 3),
        ("organisations", 2),
    ] {
        let got: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(got, n, "{table}");
    }
    // Foreign keys are on again for the pool and point at the rebuilt table.
    let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(on, 1);
    assert!(
        sqlx::query("INSERT INTO contact_details (person_id, updated_at) VALUES (999, 1)")
            .execute(&pool)
            .await
            .is_err()
    );
    // The register's rules hold: a person needs the person fields, an organisation the `16`
    // prefix and none of them, and only organisations have organisation data.
    for sql in [
        "INSERT INTO persons (kind, personal_number) VALUES ('person', '199001012385')",
        "INSERT INTO persons (kind, personal_number) VALUES ('organisation', '195560360793')",
        "INSERT INTO persons (kind, personal_number, given_name) VALUES ('organisation', '165560360793', 'x')",
        "INSERT INTO organisations (party_id, name, legal_form, street, postal_code, city, registered_since) \
         VALUES (7, 'x', 'x', 'x', 'x', 'x', '2020-01-01')",
    ] {
        assert!(sqlx::query(sql).execute(&pool).await.is_err(), "{sql}");
    }
    // Running the migrations again changes nothing.
    minsida_server::db::migrate(&pool).await.unwrap();
}
