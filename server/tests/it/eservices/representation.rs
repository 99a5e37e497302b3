//! E-services for someone else: a company through its signatory, a person through a trustee.
//! The prefill is the party's data, never the representative's; the audience's roles decide.

use axum::http::{Method, StatusCode};
use minsida_api::eservices::{Answer, EServiceList};
use minsida_api::representation::{OrganisationDetails, Parties};
use minsida_api::{ErrorCode, PersonalDetails};
use serde_json::json;

use super::*;

fn all_act() -> Value {
    json!([
        {"area": "messages", "level": "act"},
        {"area": "matters", "level": "act"},
        {"area": "preferences", "level": "act"},
        {"area": "personal_data", "level": "act"},
    ])
}

async fn mandate(app: &TestApp, representative: &str, represented: &str, role: &str) {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/representations",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "representative": representative,
                "represented": represented,
                "role": role,
                "scopes": all_act(),
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

/// Act for the party with this identifier (canonical).
async fn act_for(app: &TestApp, login: &Login, identifier: &str) {
    let parties: Parties = app.get("/api/me/parties", Some(&login.cookie)).await.json();
    let party = parties
        .mandates
        .iter()
        .find(|m| m.party.identifier == identifier)
        .expect("a mandate for the party");
    let r = app
        .as_person(
            login,
            Method::PUT,
            "/api/session/acting-as",
            &json!({ "party_id": party.party.id }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

async fn ids(app: &TestApp, login: &Login) -> Vec<String> {
    let list: EServiceList = app.get("/api/eservices", Some(&login.cookie)).await.json();
    list.services.into_iter().map(|s| s.id).collect()
}

#[tokio::test]
async fn a_signatory_changes_the_companys_registration_with_its_data_prefilled() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    mandate(&app, ANNA, "559123-4561", "signatory").await;
    mandate(&app, TOLVAN, "559123-4561", "representative").await;
    let anna = app.login(ANNA).await;
    act_for(&app, &anna, "165591234561").await;
    assert_eq!(ids(&app, &anna).await, vec!["andra-f-skatt-moms"]);
    // The person services are not the company's.
    let r = app
        .get("/api/eservices/flyttanmalan", Some(&anna.cookie))
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let f = form(&app, &anna, "andra-f-skatt-moms").await;
    let org: OrganisationDetails = app
        .get("/api/organisation", Some(&anna.cookie))
        .await
        .json();
    assert_eq!(f.party_name, org.name);
    assert_eq!(
        f.prefill.get("orgnr"),
        Some(&Answer::Text("559123-4561".into()))
    );
    assert_eq!(f.prefill.get("namn"), Some(&Answer::Text(org.name.clone())));
    let Some(Answer::Choices(registered)) = f.prefill.get("registreringar") else {
        panic!("{:?}", f.prefill)
    };
    assert_eq!(registered.len(), org.registrations.len());

    let receipt = submit_ok(
        &app,
        &anna,
        "andra-f-skatt-moms",
        &json!({
            "version": 1,
            "idempotency_key": "konsult-fskatt-000001",
            "answers": {
                "orgnr": "5591234561",
                "namn": org.name,
                "registreringar": ["vat", "f_tax"],
                "fran": day(30),
                "omsattning": "1 200 000 kr",
            }
        }),
    )
    .await;
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/eservices/andra-f-skatt-moms/submissions",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    let page: minsida_api::eservices::SystemEServiceSubmissionPage = r.json();
    let s = &page.submissions[0];
    assert_eq!(s.receipt_number, receipt.receipt_number);
    assert_eq!(s.party, "559123-4561");
    assert_eq!(s.submitted_by.as_deref(), Some("19811218-9876"));
    let find = |q: &str| {
        s.answers
            .iter()
            .find(|a| a.question == q)
            .map(|a| a.answer.clone())
    };
    // Canonical: the options' order, the number as digits, the organisation number displayed.
    assert_eq!(
        find("registreringar"),
        Some(Answer::Choices(vec!["f_tax".into(), "vat".into()]))
    );
    assert_eq!(find("omsattning"), Some(Answer::Text("1200000".into())));
    assert_eq!(find("orgnr"), Some(Answer::Text("559123-4561".into())));

    // A representative without the signatory role may not.
    let tolvan = app.login(TOLVAN).await;
    act_for(&app, &tolvan, "165591234561").await;
    assert!(ids(&app, &tolvan).await.is_empty());
    let r = app
        .get("/api/eservices/andra-f-skatt-moms", Some(&tolvan.cookie))
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_trustee_gets_the_represented_persons_address_never_their_own() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    mandate(&app, ANNA, TOLVAN, "trustee").await;
    let anna = app.login(ANNA).await;
    let own: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    act_for(&app, &anna, TOLVAN).await;
    let his: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    assert_ne!(his.registered_address.street, own.registered_address.street);
    assert_eq!(
        ids(&app, &anna).await,
        vec!["bestall-personbevis", "flyttanmalan"]
    );
    let f = form(&app, &anna, "flyttanmalan").await;
    let Some(Answer::Address(a)) = f.prefill.get("nuvarande-adress") else {
        panic!("{:?}", f.prefill)
    };
    assert_eq!(a.street, his.registered_address.street);
    // The draft is Tolvan's: Anna acting for herself has none.
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            "/api/eservices/flyttanmalan/draft",
            &json!({ "answers": { "fler": "no" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .as_person(&anna, Method::DELETE, "/api/session/acting-as", &json!({}))
        .await;
    assert!(r.status.is_success(), "{}", r.text());
    assert!(form(&app, &anna, "flyttanmalan").await.draft.is_none());
    let tolvan = app.login(TOLVAN).await;
    assert!(form(&app, &tolvan, "flyttanmalan").await.draft.is_some());
}
