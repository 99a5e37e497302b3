//! Publishing through the system API: checked definitions, versions, ownership, withdrawal.

use axum::http::{Method, StatusCode};
use minsida_api::eservices::{SystemEService, SystemEServiceDetail, SystemEServiceList};
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::json;

use super::*;
use crate::common::messaging::audit_count;

#[tokio::test]
async fn a_bad_definition_is_refused_with_every_problem_by_its_path() {
    let app = TestApp::new().await;
    let mut d = minsida_server::demo::eservices::flyttanmalan();
    d["pages"][1]["questions"][2]["earliest_days"] = json!(100);
    d["pages"][2]["questions"][1]["show_if"] = json!({ "question": "fler", "equals": "kanske" });
    d["pages"][3]["questions"][0]["prefill"] = json!("registered_address");
    d["title"] = json!("  ");
    let r = publish(&app, SYSTEM_A_KEY, "flyttanmalan", &d).await;
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    let fields: Vec<(&str, FieldErrorCode)> = body
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("title", FieldErrorCode::InvalidValue),
            (
                "pages[1].questions[2].earliest_days",
                FieldErrorCode::InvalidValue
            ),
            (
                "pages[2].questions[1].show_if.equals",
                FieldErrorCode::InvalidValue
            ),
            (
                "pages[3].questions[0].prefill",
                FieldErrorCode::InvalidValue
            ),
        ]
    );
    // What is wrong, in words, for the agency's developer.
    assert!(
        body.message.contains("title: must not be blank"),
        "{}",
        body.message
    );
    assert!(
        body.message
            .contains("RegisteredAddress cannot fill a Text question"),
        "{}",
        body.message
    );
    // Nothing was published.
    let list: SystemEServiceList = app
        .system(
            Method::GET,
            "/api/system/v1/eservices",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert!(list.services.is_empty());

    // A malformed id.
    let good = minsida_server::demo::eservices::flyttanmalan();
    let r = publish(&app, SYSTEM_A_KEY, "Flytt", &good).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // An unknown question kind is not a definition at all.
    let mut d = good.clone();
    d["pages"][0]["questions"][0]["kind"] = json!("signature");
    let r = publish(&app, SYSTEM_A_KEY, "flyttanmalan", &d).await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

#[tokio::test]
async fn versions_change_only_with_the_definition_and_ids_belong_to_one_system() {
    let app = TestApp::new().await;
    let d = minsida_server::demo::eservices::bestall_personbevis();
    let r = publish(&app, SYSTEM_A_KEY, "bestall-personbevis", &d).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v1: SystemEService = r.json();
    assert_eq!(v1.version, 1);
    assert_eq!(v1.definition_sha256.len(), 64);

    // The same again: nothing new.
    let r = publish(&app, SYSTEM_A_KEY, "bestall-personbevis", &d).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<SystemEService>(), v1);

    // Changed: version 2.
    let mut changed = d.clone();
    changed["pages"][0]["questions"][1]["max"] = json!(10);
    let r = publish(&app, SYSTEM_A_KEY, "bestall-personbevis", &changed).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v2: SystemEService = r.json();
    assert_eq!(v2.version, 2);
    assert_ne!(v2.definition_sha256, v1.definition_sha256);
    let detail: SystemEServiceDetail = app
        .system(
            Method::GET,
            "/api/system/v1/eservices/bestall-personbevis",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(detail.service, v2);
    assert_eq!(detail.definition.pages[0].questions[1].max, Some(10));
    assert_eq!(audit_count(&app, "system_publish_eservice").await, 2);

    // Another system cannot take the id, nor see or withdraw the service.
    let r = publish(&app, SYSTEM_B_KEY, "bestall-personbevis", &d).await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    for (method, path) in [
        (Method::GET, "/api/system/v1/eservices/bestall-personbevis"),
        (
            Method::POST,
            "/api/system/v1/eservices/bestall-personbevis/withdrawal",
        ),
    ] {
        let r = app.system(method, path, Some(SYSTEM_B_KEY), None).await;
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/eservices/bestall-personbevis/submissions",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let list: SystemEServiceList = app
        .system(
            Method::GET,
            "/api/system/v1/eservices",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await
        .json();
    assert!(list.services.is_empty());
}

#[tokio::test]
async fn a_withdrawn_service_is_gone_for_people_until_published_again() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    let anna = app.login(ANNA).await;
    form(&app, &anna, "flyttanmalan").await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/eservices/flyttanmalan/withdrawal",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json::<SystemEService>().withdrawn_at.is_some());
    let r = app
        .get("/api/eservices/flyttanmalan", Some(&anna.cookie))
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let r = submit(
        &app,
        &anna,
        "flyttanmalan",
        &moving_answers(1, "withdrawn-key-0000001"),
    )
    .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // The agency still reads it.
    let detail: SystemEServiceDetail = app
        .system(
            Method::GET,
            "/api/system/v1/eservices/flyttanmalan",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert!(detail.service.withdrawn_at.is_some());

    // Published again (the same definition): a new version, open again.
    let r = publish(
        &app,
        SYSTEM_A_KEY,
        "flyttanmalan",
        &minsida_server::demo::eservices::flyttanmalan(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json::<SystemEService>().version, 2);
    assert_eq!(form(&app, &anna, "flyttanmalan").await.version, 2);
}
