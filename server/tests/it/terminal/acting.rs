//! A visitor acting for a company on a terminal.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{SystemDelivery, SystemMatter};
use minsida_api::terminal::StoredDraft;
use minsida_api::{ErrorCode, SessionInfo};
use serde_json::{json, Value};

/// Andersson Konsult AB, seeded with the demo persons.
const KONSULT: &str = "559123-4561";

const KONSULT_ID: &str = "165591234561";

/// Switch whose data the session shows (`PUT /api/session/acting-as`); must succeed.
async fn act_as(app: &TestApp, login: &Login, party_id: i64) -> SessionInfo {
    let r = app
        .as_person(
            login,
            Method::PUT,
            "/api/session/acting-as",
            &json!({ "party_id": party_id }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// Anna, on the "Demo 1" terminal, acting for the company she signs for (registered by an
/// agency system). The company has a matter and a message with a PDF, Anna a matter of her
/// own.
struct Visit {
    app: TestApp,
    device: String,
    terminal: i64,
    anna_id: i64,
    company_id: i64,
    representation: i64,
    company_matter: SystemMatter,
    company_document: i64,
    annas: SystemMatter,
    visitor: Login,
}

async fn acting_for_the_company() -> Visit {
    let app = TestApp::new().await;
    let device = enroll(&app, "Demo 1").await;
    let terminal = terminal_id(&app, "Demo 1").await;
    let anna_id = app.person_id(ANNA).await;
    let company_id = app.person_id(KONSULT_ID).await;
    // Anna signs for the company (registered by an agency system); the company has a matter
    // and a message with a PDF, Anna a matter of her own.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/representations",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "representative": ANNA,
                "represented": KONSULT,
                "role": "signatory",
                "scopes": [
                    {"area": "messages", "level": "act"},
                    {"area": "matters", "level": "act"},
                    {"area": "preferences", "level": "act"},
                    {"area": "personal_data", "level": "act"},
                ],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let representation: i64 = r.json::<Value>()["id"].as_i64().unwrap();
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "organisation_number": KONSULT },
                "title": "Moms",
                "category": "recurring",
                "handler": "Skatteverket, Mervärdesskatt",
                "external_id": "moms",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let company_matter: SystemMatter = r.json();
    let content = base64::engine::general_purpose::STANDARD.encode(pdf("bolagets"));
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": { "organisation_number": KONSULT },
                "matter_id": company_matter.id,
                "sender": "Skatteverket",
                "subject": "Bolagets beslut",
                "body": "Se bilagan.",
                "attachments": [{ "file_name": "beslut.pdf", "content_base64": content }],
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let company_document = r.json::<SystemDelivery>().attachments[0].id;
    let annas = create_matter(&app, ANNA, "a").await;
    // On the terminal Anna acts for the company and starts a message in its matter.
    let visitor = login_on(&app, &device, ANNA).await;
    let info = act_as(&app, &visitor, company_id).await;
    assert_eq!(info.acting_as.map(|a| a.party.id), Some(company_id));
    assert_eq!(info.idle_timeout_secs, 300);
    Visit {
        app,
        device,
        terminal,
        anna_id,
        company_id,
        representation,
        company_matter,
        company_document,
        annas,
        visitor,
    }
}

/// The visitor starts a message in the company's matter, and reads it back.
async fn draft_for_the_company(v: &Visit) {
    let Visit {
        app,
        visitor,
        company_matter,
        ..
    } = v;
    let r = put_draft(
        app,
        visitor,
        company_matter.id,
        json!({ "subject": "Svar", "body": "Bolagets svar" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = app
        .get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<StoredDraft>().draft.body, "Bolagets svar");
}

/// The visitor logs out: the visit ends.
async fn end_visit(v: &Visit) {
    let Visit { app, visitor, .. } = v;
    // Ending the visit ends acting for the company: the next login on the terminal, even
    // Anna's own, starts as herself and sees nothing of the company.
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("clear-site-data"), Some("\"cache\", \"storage\""));
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn a_visitor_acting_for_a_company_drafts_for_the_company() {
    let v = acting_for_the_company().await;
    draft_for_the_company(&v).await;
    let Visit {
        app,
        terminal,
        anna_id,
        company_id,
        representation,
        ..
    } = &v;
    let (terminal, anna_id, company_id, representation) =
        (*terminal, *anna_id, *company_id, *representation);
    // The draft is the company's, not Anna's.
    let owners: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM drafts")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(owners, vec![company_id]);
    // Saved and read for the company, with both identities, the role and the terminal.
    for action in ["save_draft", "read_draft"] {
        let row: (i64, i64, Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT actor_person_id, subject_person_id, actor_role, representation_id, \
             terminal_id FROM audit_events WHERE action = $1",
        )
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(
            row,
            (
                anna_id,
                company_id,
                Some("signatory".to_string()),
                Some(representation),
                Some(terminal)
            ),
            "{action}"
        );
    }
}

#[tokio::test]
async fn a_visitor_acting_for_a_company_cannot_download_its_documents_on_the_terminal() {
    let v = acting_for_the_company().await;
    draft_for_the_company(&v).await;
    let Visit {
        app,
        terminal,
        anna_id,
        company_id,
        representation,
        company_document,
        visitor,
        ..
    } = &v;
    let (terminal, anna_id, company_id, representation) =
        (*terminal, *anna_id, *company_id, *representation);
    // No downloads on the terminal, also not of the company's documents.
    let r = app
        .get(
            &format!("/api/documents/{company_document}"),
            Some(&visitor.cookie),
        )
        .await;
    let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(
        body.message.contains("customer terminals"),
        "{}",
        body.message
    );
    assert_eq!(r.header("content-disposition"), None);
    let refused: (i64, i64, Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT actor_person_id, subject_person_id, actor_role, representation_id, terminal_id \
         FROM audit_events WHERE action = 'download_refused_on_terminal'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        refused,
        (
            anna_id,
            company_id,
            Some("signatory".to_string()),
            Some(representation),
            Some(terminal)
        )
    );
    assert_eq!(audit_of(app, "download_document").await.len(), 0);
}

#[tokio::test]
async fn extending_the_session_and_asking_for_help_stay_the_visitors_own_while_acting() {
    let v = acting_for_the_company().await;
    let Visit {
        app,
        terminal,
        anna_id,
        company_id,
        visitor,
        ..
    } = &v;
    let (terminal, anna_id, company_id) = (*terminal, *anna_id, *company_id);
    // Keeping the session alive and asking for help stay Anna's own, while acting.
    let r = app
        .json(
            Method::POST,
            "/api/session/extend",
            "",
            Some(&visitor.cookie),
            Some(&visitor.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let extended: SessionInfo = r.json();
    assert_eq!(extended.acting_as.map(|a| a.party.id), Some(company_id));
    assert_eq!(
        ask_help(
            app,
            &visitor.cookie,
            Some(&visitor.info.csrf_token),
            false,
            "compose"
        )
        .await
        .status,
        StatusCode::OK
    );
    let help = audit_of(app, "request_help").await;
    assert_eq!(
        (help[0].0, help[0].2, help[0].3),
        (Some(anna_id), Some(anna_id), Some(terminal))
    );
}

#[tokio::test]
async fn the_company_draft_is_out_of_reach_when_acting_for_oneself() {
    let v = acting_for_the_company().await;
    draft_for_the_company(&v).await;
    let Visit {
        app,
        anna_id,
        company_id,
        company_matter,
        annas,
        visitor,
        ..
    } = &v;
    let (anna_id, company_id) = (*anna_id, *company_id);
    // Back to herself: the company's draft is out of reach, like its matter.
    let info = act_as(app, visitor, anna_id).await;
    assert!(info.acting_as.is_none());
    app.get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(&draft_path(annas.id), Some(&visitor.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    // For the company again: there it is.
    act_as(app, visitor, company_id).await;
    let r = app
        .get(&draft_path(company_matter.id), Some(&visitor.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn ending_the_visit_ends_acting_for_the_company() {
    let v = acting_for_the_company().await;
    draft_for_the_company(&v).await;
    end_visit(&v).await;
    let Visit {
        app,
        device,
        company_matter,
        company_document,
        ..
    } = &v;
    let again = login_on(app, device, ANNA).await;
    let info: SessionInfo = app.get("/api/session", Some(&again.cookie)).await.json();
    assert!(info.acting_as.is_none());
    app.get(&draft_path(company_matter.id), Some(&again.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.get(
        &format!("/api/documents/{company_document}"),
        Some(&again.cookie),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
}

#[tokio::test]
async fn at_home_the_company_draft_waits_and_sending_for_the_company_deletes_it() {
    let v = acting_for_the_company().await;
    draft_for_the_company(&v).await;
    end_visit(&v).await;
    let Visit {
        app,
        company_id,
        company_matter,
        company_document,
        ..
    } = &v;
    let company_id = *company_id;
    // At home, acting for the company, the draft waits and the document downloads.
    let at_home = app.login(ANNA).await;
    app.get(&draft_path(company_matter.id), Some(&at_home.cookie))
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    act_as(app, &at_home, company_id).await;
    let stored: StoredDraft = app
        .get(&draft_path(company_matter.id), Some(&at_home.cookie))
        .await
        .json();
    assert_eq!(stored.draft.body, "Bolagets svar");
    let r = app
        .get(
            &format!("/api/documents/{company_document}"),
            Some(&at_home.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("bolagets"));
    // Sending the message for the company deletes the company's draft.
    let r = app
        .as_person(
            &at_home,
            Method::POST,
            &format!("/api/matters/{}/messages", company_matter.id),
            &json!({ "subject": "Svar", "body": "Bolagets svar" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM drafts")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
}
