//! A person fills in and sends an e-service: the list, prefill, drafts, the checks on
//! sending, the matter, receipt and inbox document, idempotency, and what the agency fetches.

use axum::http::{Method, StatusCode};
use minsida_api::eservices::{
    Answer, EServiceDraft, EServiceList, EServiceReceipt, SystemEServiceSubmissionPage,
};
use minsida_api::messages::{MatterDetail, MatterList, MessageDetail};
use minsida_api::{ErrorCode, FieldErrorCode, PersonalDetails};
use serde_json::json;

use super::*;
use crate::common::messaging::{audit_count, field_errors, inbox, pdf, upload_ok};

fn codes(r: &TestResponse) -> Vec<(String, FieldErrorCode)> {
    field_errors(r)
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect()
}

async fn submissions(app: &TestApp, key: &str, id: &str) -> SystemEServiceSubmissionPage {
    let r = app
        .system(
            Method::GET,
            &format!("/api/system/v1/eservices/{id}/submissions"),
            Some(key),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

#[tokio::test]
async fn a_person_moves_house_with_prefilled_answers_and_the_agency_gets_the_same_answers() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    let anna = app.login(ANNA).await;

    // Only the services for persons: not the company's.
    let list: EServiceList = app.get("/api/eservices", Some(&anna.cookie)).await.json();
    let ids: Vec<&str> = list.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["bestall-personbevis", "flyttanmalan"]);
    assert!(list.services.iter().all(|s| s.draft_saved_at.is_none()));
    let r = app
        .get("/api/eservices/andra-f-skatt-moms", Some(&anna.cookie))
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // An unverified e-mail address is not prefilled; the registered address is.
    let r = app
        .update_contact(&anna, r#"{"email":"anna@example.se","mobile":null}"#)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let f = form(&app, &anna, "flyttanmalan").await;
    assert_eq!(f.version, 1);
    assert_eq!(f.today, "2025-06-01");
    assert_eq!(
        f.party_name,
        format!(
            "{} {}",
            anna.info.person.given_name, anna.info.person.last_name
        )
    );
    let me: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    let Some(Answer::Address(a)) = f.prefill.get("nuvarande-adress") else {
        panic!("no address prefilled: {:?}", f.prefill);
    };
    assert_eq!(a.street, me.registered_address.street);
    assert_eq!(a.town, me.registered_address.city.to_uppercase());
    assert_eq!(
        a.postal_code.replace(' ', ""),
        me.registered_address.postal_code.replace(' ', "")
    );
    assert!(!f.prefill.contains_key("epost"), "{:?}", f.prefill);
    assert!(f.draft.is_none());
    assert_eq!(audit_count(&app, "read_eservice_form").await, 1);

    // A draft on the way, with an answer to a question the service does not have.
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            "/api/eservices/flyttanmalan/draft",
            &json!({ "answers": { "fler": "yes", "vilka": "Kalle", "ingen-sadan": "x" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: EServiceDraft = r.json();
    assert_eq!(saved.answers.len(), 2);
    let f = form(&app, &anna, "flyttanmalan").await;
    assert_eq!(f.draft.as_ref().map(|d| d.answers.len()), Some(2));
    let list: EServiceList = app.get("/api/eservices", Some(&anna.cookie)).await.json();
    assert!(list.services[1].draft_saved_at.is_some());

    // Sending checks everything again: field errors by question, nothing stored.
    let mut bad = moving_answers(1, "anna-moves-0000000001");
    bad["answers"]["ny-adress"]["postal_code"] = json!("1234");
    bad["answers"]["flyttdatum"] = json!(day(60));
    bad["answers"]["fler"] = json!("yes");
    bad["answers"]["vilka"] = json!("");
    bad["answers"]["epost"] = json!("anna@");
    bad["answers"]["okand"] = json!("x");
    let r = submit(&app, &anna, "flyttanmalan", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert_eq!(
        codes(&r),
        vec![
            (
                "answers.ny-adress.postal_code".into(),
                FieldErrorCode::InvalidValue
            ),
            ("answers.flyttdatum".into(), FieldErrorCode::InvalidDate),
            ("answers.vilka".into(), FieldErrorCode::Required),
            ("answers.epost".into(), FieldErrorCode::InvalidEmail),
            ("answers.okand".into(), FieldErrorCode::InvalidValue),
        ]
    );
    // An old version is refused: the service changed.
    let r = submit(
        &app,
        &anna,
        "flyttanmalan",
        &moving_answers(7, "anna-moves-0000000002"),
    )
    .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    let matters: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    let matters_before = matters.matters.len();

    // Sent: a receipt, a matter, the answers in the sent folder and the receipt in the inbox.
    let body = moving_answers(1, "anna-moves-0000000003");
    let receipt = submit_ok(&app, &anna, "flyttanmalan", &body).await;
    assert!(receipt.receipt_number.starts_with("K-2025-"));
    assert_eq!(receipt.service_id, "flyttanmalan");
    assert_eq!(receipt.matter.title, "Flyttanmälan");
    assert!(receipt.documents.is_empty());

    // A double click (the same key): the same receipt, nothing new.
    let r = submit(&app, &anna, "flyttanmalan", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<EServiceReceipt>(), receipt);
    let matters: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(matters.matters.len(), matters_before + 1);
    assert_eq!(audit_count(&app, "submit_eservice").await, 1);

    let matter: MatterDetail = app
        .get(
            &format!("/api/matters/{}", receipt.matter.id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(matter.summary.handler, "Skatteverket, Folkbokföring");
    assert_eq!(matter.timeline.len(), 2);
    assert_eq!(
        matter.timeline[1].receipt_number.as_deref(),
        Some(receipt.receipt_number.as_str())
    );
    let message: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.receipt_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    let text = format!("{:?}", message.body);
    assert!(text.contains(&receipt.receipt_number), "{text}");
    assert!(text.contains(&receipt.answers_sha256), "{text}");
    let page = inbox(&app, &anna, "").await;
    assert!(page
        .messages
        .iter()
        .any(|m| m.id == receipt.receipt_message_id));

    // The draft is gone; the service shows when it was last sent.
    let list: EServiceList = app.get("/api/eservices", Some(&anna.cookie)).await.json();
    assert!(list.services[1].draft_saved_at.is_none());
    assert!(list.services[1].last_submitted_at.is_some());

    // The agency fetches the same answers, canonical, with the hidden one dropped.
    let page = submissions(&app, SYSTEM_A_KEY, "flyttanmalan").await;
    assert_eq!(page.submissions.len(), 1);
    let s = &page.submissions[0];
    assert_eq!(s.receipt_number, receipt.receipt_number);
    assert_eq!(s.matter_id, receipt.matter.id);
    assert_eq!(s.party, "19811218-9876");
    assert_eq!(s.submitted_by, None);
    let answers: Vec<(String, Answer)> = s
        .answers
        .iter()
        .map(|a| (a.question.clone(), a.answer.clone()))
        .collect();
    let ids: Vec<&str> = answers.iter().map(|(q, _)| q.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "nuvarande-adress",
            "ny-adress",
            "lagenhetsnummer",
            "flyttdatum",
            "fler",
            "epost"
        ]
    );
    let Answer::Address(new) = &answers[1].1 else {
        panic!("{answers:?}")
    };
    assert_eq!(
        (new.postal_code.as_str(), new.town.as_str()),
        ("413 01", "GÖTEBORG")
    );
    let canonical = serde_json::to_string(&answers).unwrap();
    assert_eq!(
        minsida_server::crypto::sha256_hex(canonical.as_bytes()),
        receipt.answers_sha256
    );
    assert_eq!(
        audit_count(&app, "system_read_eservice_submissions").await,
        1
    );

    // The agency continues the matter with the matters API.
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", receipt.matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({ "status": "in_progress" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // "How easy was this?" is asked once, for the e-service.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/satisfaction",
            &json!({ "receipt_number": receipt.receipt_number, "rating": 5 }),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let service: String = sqlx::query_scalar("SELECT service FROM satisfaction")
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(service, "flyttanmalan");
}

#[tokio::test]
async fn drafts_and_submissions_belong_to_their_party_and_files_go_with_the_answers() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    let anna = app.login(ANNA).await;
    let tolvan = app.login(TOLVAN).await;

    // Anna's upload in her draft: kept; Tolvan's upload id in Anna's draft: refused.
    let mine = upload_ok(&app, &anna, "kontrakt.pdf", &pdf("kontrakt")).await;
    let theirs = upload_ok(&app, &tolvan, "annat.pdf", &pdf("annat")).await;
    let mut definition = minsida_server::demo::eservices::flyttanmalan();
    definition["pages"][1]["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "kontrakt", "kind": "file", "label": "Kontrakt", "min": 1, "max": 2 }));
    let r = publish(&app, SYSTEM_A_KEY, "flyttanmalan", &definition).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    for ids in [
        json!([mine.document.id, theirs.document.id]),
        json!([mine.document.id, mine.document.id]),
    ] {
        let r = app
            .as_person(
                &anna,
                Method::PUT,
                "/api/eservices/flyttanmalan/draft",
                &json!({ "answers": { "kontrakt": ids } }),
            )
            .await;
        let e = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert_eq!(e.fields[0].field, "answers.kontrakt");
    }
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            "/api/eservices/flyttanmalan/draft",
            &json!({ "answers": { "kontrakt": [mine.document.id] } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let saved: EServiceDraft = r.json();
    assert_eq!(saved.uploads, vec![mine.document.clone()]);
    let draft = form(&app, &anna, "flyttanmalan").await.draft.unwrap();
    assert_eq!(
        draft.answers.get("kontrakt"),
        Some(&Answer::Uploads(vec![mine.document.id]))
    );
    assert_eq!(draft.uploads, vec![mine.document.clone()]);
    // Tolvan has no draft of Anna's, and cannot delete hers.
    assert!(form(&app, &tolvan, "flyttanmalan").await.draft.is_none());
    let r = app
        .as_person(
            &tolvan,
            Method::DELETE,
            "/api/eservices/flyttanmalan/draft",
            &json!({}),
        )
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert!(form(&app, &anna, "flyttanmalan").await.draft.is_some());

    // Sending someone else's upload: as unknown as a missing one.
    let mut body = moving_answers(2, "anna-files-000000001");
    body["answers"]["kontrakt"] = json!([theirs.document.id]);
    let r = submit(&app, &anna, "flyttanmalan", &body).await;
    let e = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(e.fields[0].field, "answers.kontrakt");
    // A required file question without files.
    body["answers"]["kontrakt"] = json!([]);
    let r = submit(&app, &anna, "flyttanmalan", &body).await;
    assert_eq!(
        codes(&r),
        vec![("answers.kontrakt".to_string(), FieldErrorCode::Required)]
    );

    body["answers"]["kontrakt"] = json!([mine.document.id]);
    let receipt = submit_ok(&app, &anna, "flyttanmalan", &body).await;
    assert_eq!(receipt.documents.len(), 1);
    assert_eq!(receipt.documents[0].sha256, mine.document.sha256);
    // The upload is sent: it cannot be sent again.
    body["idempotency_key"] = json!("anna-files-000000002");
    let r = submit(&app, &anna, "flyttanmalan", &body).await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // The agency gets the file with the answers; Tolvan sees nothing of Anna's.
    let page = submissions(&app, SYSTEM_A_KEY, "flyttanmalan").await;
    assert_eq!(page.submissions[0].documents, receipt.documents);
    let r = app
        .get(
            &format!("/api/matters/{}", receipt.matter.id),
            Some(&tolvan.cookie),
        )
        .await;
    r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // Tolvan's own idempotency key space: the same key makes his own submission.
    let mut his = moving_answers(2, "anna-files-000000001");
    let upload = upload_ok(&app, &tolvan, "hans.pdf", &pdf("hans")).await;
    his["answers"]["kontrakt"] = json!([upload.document.id]);
    let r = submit(&app, &tolvan, "flyttanmalan", &his).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_ne!(
        r.json::<EServiceReceipt>().receipt_number,
        receipt.receipt_number
    );
}

#[tokio::test]
async fn every_route_needs_a_session_and_state_changes_a_csrf_token() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    for path in ["/api/eservices", "/api/eservices/flyttanmalan"] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    let anna = app.login(ANNA).await;
    let r = app
        .json(
            Method::POST,
            "/api/eservices/flyttanmalan/submissions",
            &moving_answers(1, "no-csrf-000000000001").to_string(),
            Some(&anna.cookie),
            None,
        )
        .await;
    r.assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    let r = submit(&app, &anna, "flyttanmalan", &moving_answers(1, "short")).await;
    assert_eq!(
        codes(&r),
        vec![("idempotency_key".to_string(), FieldErrorCode::InvalidValue)]
    );
}

#[tokio::test]
async fn feedback_can_be_about_an_e_service_the_agency_sees_which() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    let anna = app.login(ANNA).await;
    let give = |service: &'static str| {
        let app = &app;
        let anna = &anna;
        async move {
            app.as_person(
                anna,
                Method::POST,
                "/api/feedback",
                &json!({ "kind": "suggestion", "text": "Fråga om hyresvärd också", "service_id": service }),
            )
            .await
        }
    };
    let r = give("flyttanmalan").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    give("finns-inte")
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(
        codes(&give("Flytt").await),
        vec![("service_id".to_string(), FieldErrorCode::InvalidValue)]
    );
    let page: minsida_api::feedback::SystemFeedbackPage = app
        .system(
            Method::GET,
            "/api/system/v1/feedback",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].service_id.as_deref(), Some("flyttanmalan"));
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/feedback?format=csv",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert!(
        r.text().lines().nth(1).unwrap().contains(",flyttanmalan,"),
        "{}",
        r.text()
    );
}
