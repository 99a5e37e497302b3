//! Legal persons and representation through the real router and a real SQLite database:
//! organisation numbers, mandates with scopes and validity, the acting-as switch, the check
//! every citizen endpoint makes, grants, the access log and the system API.
//!
//! The tests' "today" is 2025-06-01 (Swedish time).

mod common;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::*;
use minsida_api::channels::ChannelPrefs;
use minsida_api::messages::{
    InboxPage, MatterDetail, MatterList, MessageDetail, Receipt, SystemDelivery, SystemMatter,
    SystemSubmissions, UploadedDocument,
};
use minsida_api::representation::{
    AccessActor, AccessKind, AccessLevel, AccessLog, Area, Grant, Grants, OrganisationDetails,
    Parties, PartyKind, RepresentationRole, Scope, SystemRepresentation, TaxRegistrationKind,
};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode, PersonalDetails, SessionInfo};
use serde_json::{json, Value};

/// Andersson Konsult AB, seeded with the demo persons.
const KONSULT: &str = "559123-4561";
const KONSULT_ID: &str = "165591234561";
/// Berg & Tolvansson Handelsbolag, seeded with the demo persons.
const HANDELSBOLAG: &str = "969789-0128";
const HANDELSBOLAG_ID: &str = "169697890128";
/// A valid personal identity number of no one in the register.
const UNKNOWN_PERSON: &str = "199001012385";
/// A valid organisation number of no organisation in the register.
const UNKNOWN_ORG: &str = "556036-0793";

fn pdf(tag: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% test document {tag}\n%%EOF\n").into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn field_errors(r: &TestResponse) -> Vec<(String, FieldErrorCode)> {
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation)
        .fields
        .into_iter()
        .map(|FieldError { field, code }| (field, code))
        .collect()
}

fn all_act() -> Value {
    json!([
        {"area": "messages", "level": "act"},
        {"area": "matters", "level": "act"},
        {"area": "preferences", "level": "act"},
        {"area": "personal_data", "level": "act"},
    ])
}

fn scope(area: Area, level: AccessLevel) -> Scope {
    Scope { area, level }
}

/// `POST /api/system/v1/representations` as the system with `key`.
async fn register(app: &TestApp, key: &str, body: Value) -> TestResponse {
    app.system(
        Method::POST,
        "/api/system/v1/representations",
        Some(key),
        Some(&body),
    )
    .await
}

/// Register a representation as system A; it must succeed.
async fn register_ok(
    app: &TestApp,
    representative: &str,
    represented: &str,
    role: &str,
    scopes: Value,
    valid_from: Option<&str>,
    valid_until: Option<&str>,
) -> SystemRepresentation {
    let r = register(
        app,
        SYSTEM_A_KEY,
        json!({
            "representative": representative,
            "represented": represented,
            "role": role,
            "scopes": scopes,
            "valid_from": valid_from,
            "valid_until": valid_until,
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn revoke(app: &TestApp, id: i64) {
    let r = app
        .system(
            Method::DELETE,
            &format!("/api/system/v1/representations/{id}"),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
}

async fn switch(app: &TestApp, login: &Login, party_id: i64) -> TestResponse {
    app.as_person(
        login,
        Method::PUT,
        "/api/session/acting-as",
        &json!({ "party_id": party_id }),
    )
    .await
}

async fn switch_ok(app: &TestApp, login: &Login, party_id: i64) -> SessionInfo {
    let r = switch(app, login, party_id).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn session(app: &TestApp, login: &Login) -> SessionInfo {
    app.get("/api/session", Some(&login.cookie)).await.json()
}

async fn parties(app: &TestApp, login: &Login) -> Parties {
    let r = app.get("/api/me/parties", Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn inbox(app: &TestApp, login: &Login) -> InboxPage {
    let r = app.get("/api/messages", Some(&login.cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// A matter for a recipient (`{"personal_number": ..}` or `{"organisation_number": ..}`).
async fn create_matter(app: &TestApp, recipient: Value, external_id: &str) -> SystemMatter {
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": recipient,
                "title": format!("Ärende {external_id}"),
                "category": "recurring",
                "handler": "Skatteverket, Mervärdesskatt",
                "external_id": external_id,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn deliver(
    app: &TestApp,
    recipient: Value,
    matter_id: Option<i64>,
    subject: &str,
    with_pdf: bool,
) -> SystemDelivery {
    let attachments = if with_pdf {
        json!([{"file_name": format!("{subject}.pdf"), "content_base64": b64(&pdf(subject))}])
    } else {
        json!([])
    };
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": recipient,
                "matter_id": matter_id,
                "sender": "Skatteverket",
                "subject": subject,
                "body": format!("Text: {subject}"),
                "attachments": attachments,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn request_supplement(app: &TestApp, matter_id: i64) -> SystemDelivery {
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{matter_id}/supplement-requests"),
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "sender": "Skatteverket, Mervärdesskatt",
                "subject": "Begäran om komplettering",
                "body": "Vi behöver fakturorna.",
                "requested_items": ["Fakturor"],
                "due_date": "2025-06-30",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn upload_ok(app: &TestApp, login: &Login, name: &str) -> UploadedDocument {
    let r = app.upload(login, Some(name), &pdf(name)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

/// Every stored draft (party, matter, content, time), to see that nothing changed.
async fn drafts(app: &TestApp) -> Vec<(i64, i64, String, i64)> {
    sqlx::query_as("SELECT person_id, matter_id, draft, updated_at FROM drafts ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

type AuditRow = (
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// (action, actor, subject, role, representation, object_id, session_ref) of every audit
/// event with `action`, oldest first.
async fn audit_rows(app: &TestApp, action: &str) -> Vec<AuditRow> {
    sqlx::query_as(
        "SELECT action, actor_person_id, subject_person_id, actor_role, representation_id, \
         object_id, session_ref FROM audit_events WHERE action = ? ORDER BY id",
    )
    .bind(action)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn session_ref(login: &Login) -> String {
    minsida_server::auth::session::hash_token(login.cookie.split_once('=').unwrap().1)[..12]
        .to_string()
}

/// A company with a matter, a request to supplement, a message with a PDF and a plain
/// message; Anna with her own matter, message and upload.
struct Company {
    org_id: i64,
    matter: SystemMatter,
    request: SystemDelivery,
    with_pdf: SystemDelivery,
    plain: SystemDelivery,
    anna_matter: SystemMatter,
    anna_message: SystemDelivery,
}

async fn company(app: &TestApp) -> Company {
    let org = json!({ "organisation_number": KONSULT });
    let matter = create_matter(app, org.clone(), "moms-q1").await;
    let request = request_supplement(app, matter.id).await;
    let with_pdf = deliver(app, org.clone(), Some(matter.id), "Bolagets beslut", true).await;
    let plain = deliver(app, org, None, "Välkommen bolaget", false).await;
    let anna = json!({ "personal_number": ANNA });
    let anna_matter = create_matter(app, anna.clone(), "anna-1").await;
    let anna_message = deliver(app, anna, Some(anna_matter.id), "Annas eget", true).await;
    Company {
        org_id: app.person_id(KONSULT_ID).await,
        matter,
        request,
        with_pdf,
        plain,
        anna_matter,
        anna_message,
    }
}

// ---------------------------------------------------------------------------------------------
// Organisation numbers and recipients
// ---------------------------------------------------------------------------------------------

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
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM matters WHERE person_id = ?")
        .bind(org_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 4);
    // Organisations never log in.
    app.try_login(KONSULT_ID, None)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
}

// ---------------------------------------------------------------------------------------------
// Acting for a company
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_signatory_switches_to_the_company_and_sees_only_its_data() {
    let app = TestApp::new().await;
    let c = company(&app).await;
    let rep = register_ok(&app, ANNA, KONSULT, "signatory", all_act(), None, None).await;
    assert_eq!(rep.represented.kind, PartyKind::Organisation);
    assert_eq!(rep.represented.identifier, KONSULT_ID);
    assert_eq!(rep.valid_from, "2025-06-01");
    let anna = app.login(ANNA).await;
    let anna_id = app.person_id(ANNA).await;
    assert_eq!(anna.info.acting_as, None);
    let own_upload = upload_ok(&app, &anna, "annas-uppladdning").await;

    let p = parties(&app, &anna).await;
    assert_eq!(p.me.id, anna_id);
    assert_eq!(p.me.name, "Anna Andersson");
    assert_eq!(p.me.kind, PartyKind::Person);
    assert_eq!(p.mandates.len(), 1);
    let m = &p.mandates[0];
    assert_eq!(m.id, rep.id);
    assert_eq!(
        (m.party.id, m.party.name.as_str(), m.party.kind),
        (c.org_id, "Andersson Konsult AB", PartyKind::Organisation)
    );
    assert_eq!(m.role, RepresentationRole::Signatory);
    assert_eq!(m.scopes.len(), 4);
    assert_eq!(m.valid_until, None);

    let info = switch_ok(&app, &anna, c.org_id).await;
    let acting = info.acting_as.expect("acting for the company");
    assert_eq!(acting.party.identifier, KONSULT_ID);
    assert_eq!(acting.role, RepresentationRole::Signatory);
    assert_eq!(
        info.person.personal_number, ANNA,
        "the person stays who they are"
    );
    assert_eq!(
        session(&app, &anna).await.acting_as.unwrap().party.id,
        c.org_id
    );

    // The company's inbox, matter, message, document and register data.
    let page = inbox(&app, &anna).await;
    let ids: BTreeSet<i64> = page.messages.iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            c.request.message_id,
            c.with_pdf.message_id,
            c.plain.message_id
        ])
    );
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(
        list.matters.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![c.matter.id]
    );
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", c.matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(detail.supplement_requests.len(), 1);
    let msg: MessageDetail = app
        .get(
            &format!("/api/messages/{}", c.with_pdf.message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(msg.summary.subject, "Bolagets beslut");
    let r = app
        .get(
            &format!("/api/documents/{}", msg.attachments[0].id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("Bolagets beslut"));
    let org: OrganisationDetails = app
        .get("/api/organisation", Some(&anna.cookie))
        .await
        .json();
    assert_eq!(org.organisation_number, KONSULT_ID);
    assert_eq!(org.name, "Andersson Konsult AB");
    assert_eq!(org.legal_form, "Aktiebolag");
    assert_eq!(
        (
            org.address.street.as_str(),
            org.address.postal_code.as_str(),
            org.address.city.as_str()
        ),
        ("Sveavägen 44", "111 34", "Stockholm")
    );
    assert_eq!(org.registered_since, "2019-04-01");
    let kinds: Vec<TaxRegistrationKind> = org.registrations.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TaxRegistrationKind::FTax,
            TaxRegistrationKind::Vat,
            TaxRegistrationKind::Employer
        ]
    );
    // Person-only data is not the company's: 404, and nothing of Anna's shows.
    for path in ["/api/me"] {
        let r = app.get(path, Some(&anna.cookie)).await;
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert!(!r.text().contains("Anna"), "{}", r.text());
    }
    app.update_contact(&anna, r#"{"email":"bolaget@example.se"}"#)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // Id swapping: Anna's own objects are unreachable while acting for the company.
    let own_attachment: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE message_id = ?")
        .bind(c.anna_message.message_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    for r in [
        app.get(
            &format!("/api/messages/{}", c.anna_message.message_id),
            Some(&anna.cookie),
        )
        .await,
        app.get(
            &format!("/api/matters/{}", c.anna_matter.id),
            Some(&anna.cookie),
        )
        .await,
        app.get(
            &format!("/api/documents/{own_attachment}"),
            Some(&anna.cookie),
        )
        .await,
        app.get(
            &format!("/api/documents/{}", own_upload.document.id),
            Some(&anna.cookie),
        )
        .await,
        app.as_person(
            &anna,
            Method::PUT,
            &format!("/api/messages/{}/state", c.anna_message.message_id),
            &json!({"archived": true}),
        )
        .await,
        app.as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", c.anna_matter.id),
            &json!({"subject": "x", "body": "y"}),
        )
        .await,
        app.as_person(
            &anna,
            Method::DELETE,
            &format!("/api/uploads/{}", own_upload.document.id),
            &json!(null),
        )
        .await,
    ] {
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert!(!r.text().contains("Annas"), "{}", r.text());
    }
    // Anna's own upload cannot be sent in the company's matter.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", c.matter.id),
            &json!({"subject": "x", "upload_ids": [own_upload.document.id]}),
        )
        .await;
    assert_eq!(
        field_errors(&r),
        vec![("upload_ids".into(), FieldErrorCode::UnknownUpload)]
    );

    // Back to herself: her own data, and none of the company's.
    let info = switch_ok(&app, &anna, anna_id).await;
    assert_eq!(info.acting_as, None);
    assert_eq!(session(&app, &anna).await.acting_as, None);
    let page = inbox(&app, &anna).await;
    assert_eq!(
        page.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![c.anna_message.message_id]
    );
    for path in [
        format!("/api/messages/{}", c.with_pdf.message_id),
        format!("/api/matters/{}", c.matter.id),
        format!("/api/documents/{}", msg.attachments[0].id),
        "/api/organisation".to_string(),
    ] {
        app.get(&path, Some(&anna.cookie))
            .await
            .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    }
    let me: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    assert_eq!(me.personal_number, ANNA);
    // Every read for the company is in the trail with both identities and the role.
    let reads = audit_rows(&app, "read_message").await;
    let for_company: Vec<_> = reads.iter().filter(|r| r.2 == Some(c.org_id)).collect();
    assert_eq!(for_company.len(), 1);
    assert_eq!(for_company[0].1, Some(anna_id));
    assert_eq!(for_company[0].3.as_deref(), Some("signatory"));
    assert_eq!(for_company[0].4, Some(rep.id));
    assert_eq!(
        audit_rows(&app, "read_organisation").await[0].2,
        Some(c.org_id)
    );
    let switches = audit_rows(&app, "switch_party").await;
    assert_eq!(
        switches
            .iter()
            .map(|r| (r.1, r.2, r.6.clone()))
            .collect::<Vec<_>>(),
        vec![
            (Some(anna_id), Some(c.org_id), Some(session_ref(&anna))),
            (Some(anna_id), Some(anna_id), Some(session_ref(&anna))),
        ]
    );
}

#[tokio::test]
async fn a_signatory_answers_the_company_request_and_both_identities_are_audited() {
    let app = TestApp::new().await;
    let c = company(&app).await;
    let rep = register_ok(&app, ANNA, KONSULT, "signatory", all_act(), None, None).await;
    let anna = app.login(ANNA).await;
    let anna_id = app.person_id(ANNA).await;
    switch_ok(&app, &anna, c.org_id).await;

    // The upload belongs to the company.
    let up = upload_ok(&app, &anna, "Fakturor").await;
    let owner: i64 = sqlx::query_scalar("SELECT person_id FROM documents WHERE id = ?")
        .bind(up.document.id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(owner, c.org_id);
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", c.matter.id),
            &json!({
                "supplement_request_id": c.request.supplement_request_id,
                "subject": "Fakturorna",
                "body": "Här är fakturorna.",
                "upload_ids": [up.document.id],
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: Receipt = r.json();
    assert_eq!(receipt.documents.len(), 1);

    // The receipt is in the company's inbox and names who sent it for the company.
    let receipt_msg: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.receipt_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    let text = serde_json::to_string(&receipt_msg.body).unwrap();
    assert!(
        text.contains("Inskickat av: Anna Andersson för Andersson Konsult AB"),
        "{text}"
    );
    let sent: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.sent_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(
        sent.summary.sender,
        "Anna Andersson för Andersson Konsult AB"
    );
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", c.matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(
        detail.supplement_requests[0]
            .answer_receipt_number
            .as_deref(),
        Some(receipt.receipt_number.as_str())
    );

    // The audit row of the answer has both identities, the role and the representation.
    let send = audit_rows(&app, "send_message").await;
    assert_eq!(send.len(), 1);
    assert_eq!(
        send[0],
        (
            "send_message".to_string(),
            Some(anna_id),
            Some(c.org_id),
            Some("signatory".to_string()),
            Some(rep.id),
            Some(receipt.sent_message_id.to_string()),
            Some(session_ref(&anna)),
        )
    );
    let upload = audit_rows(&app, "upload_document").await;
    assert_eq!(
        (upload[0].1, upload[0].2, upload[0].3.as_deref()),
        (Some(anna_id), Some(c.org_id), Some("signatory"))
    );

    // The agency sees the answer; the company's access log shows Anna and the system.
    let subs: SystemSubmissions = app
        .system(
            Method::GET,
            &format!("/api/system/v1/matters/{}/submissions", c.matter.id),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(subs.submissions.len(), 1);
    let log: AccessLog = app
        .get("/api/me/access-log", Some(&anna.cookie))
        .await
        .json();
    assert!(log.entries.iter().any(|e| {
        e.area == Area::Matters
            && e.kind == AccessKind::Sent
            && e.actor
                == AccessActor::Person {
                    name: "Anna Andersson".into(),
                    identifier: ANNA.into(),
                    role: Some(RepresentationRole::Signatory),
                }
    }));
    assert!(log.entries.iter().any(|e| {
        e.area == Area::Matters
            && e.kind == AccessKind::Read
            && e.actor
                == AccessActor::System {
                    name: "system-a".into(),
                }
    }));
    assert!(
        log.entries.windows(2).all(|w| w[0].at >= w[1].at),
        "newest first"
    );

    // Anna's own inbox got nothing of it.
    switch_ok(&app, &anna, anna_id).await;
    let page = inbox(&app, &anna).await;
    assert_eq!(page.total, 1);
}

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn switching_without_a_valid_mandate_is_refused_and_shows_nothing() {
    let app = TestApp::with(Options {
        idle_secs: 200_000,
        max_secs: 400_000,
        ..Options::default()
    })
    .await;
    let c = company(&app).await;
    let anna_id = app.person_id(ANNA).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let hb_id = app.person_id(HANDELSBOLAG_ID).await;
    // Lars: expired for the company, not yet valid for Anna, revoked for Tolvan, and no
    // mandate at all for the handelsbolag.
    register_ok(
        &app,
        LARS,
        KONSULT,
        "signatory",
        all_act(),
        Some("2024-01-01"),
        Some("2025-05-31"),
    )
    .await;
    register_ok(
        &app,
        LARS,
        ANNA,
        "representative",
        all_act(),
        Some("2025-06-02"),
        Some("2025-12-31"),
    )
    .await;
    let revoked = register_ok(&app, LARS, TOLVAN, "trustee", all_act(), None, None).await;
    revoke(&app, revoked.id).await;
    let lars = app.login(LARS).await;
    let lars_id = app.person_id(LARS).await;
    deliver(
        &app,
        json!({"personal_number": LARS}),
        None,
        "Lars eget",
        false,
    )
    .await;
    assert!(parties(&app, &lars).await.mandates.is_empty());

    for party in [c.org_id, anna_id, tolvan_id, hb_id, 999_999, -1] {
        let r = switch(&app, &lars, party).await;
        let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        for secret in ["Andersson", "Konsult", "Tolvan", "Berg &"] {
            assert!(!body.message.contains(secret), "{}", body.message);
        }
        assert_eq!(session(&app, &lars).await.acting_as, None);
        // The session still shows Lars's own data only.
        let page = inbox(&app, &lars).await;
        assert_eq!(
            page.messages
                .iter()
                .map(|m| m.subject.as_str())
                .collect::<Vec<_>>(),
            vec!["Lars eget"]
        );
    }
    let refused = audit_rows(&app, "switch_party_refused").await;
    assert_eq!(
        refused.iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(),
        vec![
            (Some(lars_id), Some(c.org_id)),
            (Some(lars_id), Some(anna_id)),
            (Some(lars_id), Some(tolvan_id)),
            (Some(lars_id), Some(hb_id)),
            (Some(lars_id), None),
            (Some(lars_id), None),
        ]
    );
    assert_eq!(refused[4].5.as_deref(), Some("999999"));
    assert!(audit_rows(&app, "switch_party").await.is_empty());
    // The switch needs the CSRF token like every change.
    app.json(
        Method::PUT,
        "/api/session/acting-as",
        &json!({ "party_id": anna_id }).to_string(),
        Some(&lars.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);

    // The next day the mandate for Anna is valid (log in again: the clock moved).
    app.advance(24 * 60 * 60);
    let lars = app.login(LARS).await;
    let p = parties(&app, &lars).await;
    assert_eq!(
        p.mandates.iter().map(|m| m.party.id).collect::<Vec<_>>(),
        vec![anna_id]
    );
    assert_eq!(p.mandates[0].valid_from, "2025-06-02");
    let info = switch_ok(&app, &lars, anna_id).await;
    assert_eq!(info.acting_as.unwrap().party.name, "Anna Andersson");
}

#[tokio::test]
async fn a_mandate_revoked_or_ended_while_acting_is_refused_at_the_next_request() {
    let app = TestApp::with(Options {
        idle_secs: 200_000,
        max_secs: 400_000,
        ..Options::default()
    })
    .await;
    let c = company(&app).await;
    let anna_id = app.person_id(ANNA).await;
    let rep = register_ok(&app, ANNA, KONSULT, "signatory", all_act(), None, None).await;
    let anna = app.login(ANNA).await;
    switch_ok(&app, &anna, c.org_id).await;
    assert_eq!(inbox(&app, &anna).await.total, 3);

    revoke(&app, rep.id).await;
    let r = app.get("/api/messages", Some(&anna.cookie)).await;
    let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert!(!r.text().contains("Bolagets"), "{}", body.message);
    // The session is back to Anna: her own data, never the company's.
    assert_eq!(session(&app, &anna).await.acting_as, None);
    let page = inbox(&app, &anna).await;
    assert_eq!(
        page.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![c.anna_message.message_id]
    );
    let ended = audit_rows(&app, "acting_as_ended").await;
    assert_eq!(
        ended.iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(),
        vec![(Some(anna_id), Some(c.org_id))]
    );
    switch(&app, &anna, c.org_id)
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);

    // A mandate whose last day is today ends at midnight, Swedish time.
    register_ok(
        &app,
        ANNA,
        KONSULT,
        "signatory",
        all_act(),
        Some("2025-05-01"),
        Some("2025-06-01"),
    )
    .await;
    switch_ok(&app, &anna, c.org_id).await;
    // 2025-06-01T21:59:59Z is 23:59:59 in Stockholm: still valid.
    app.advance(10 * 3600 - 1);
    assert_eq!(inbox(&app, &anna).await.total, 3);
    app.advance(1);
    app.get(&format!("/api/matters/{}", c.matter.id), Some(&anna.cookie))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(session(&app, &anna).await.acting_as, None);
    // GET /api/session alone also notices the end.
    let rep = register_ok(&app, ANNA, KONSULT, "signatory", all_act(), None, None).await;
    switch_ok(&app, &anna, c.org_id).await;
    revoke(&app, rep.id).await;
    assert_eq!(session(&app, &anna).await.acting_as, None);
    assert_eq!(audit_rows(&app, "acting_as_ended").await.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Scope enforcement on every citizen endpoint
// ---------------------------------------------------------------------------------------------

/// What a route sends.
enum Send {
    Get,
    Json(Value),
    /// A raw document upload.
    Upload,
}

/// One citizen route: what it sends, what it needs (`None`: always the logged-in person's
/// own), and its status when allowed.
struct Route {
    method: Method,
    path: String,
    send: Send,
    needs: Option<(Area, AccessLevel)>,
    allowed: StatusCode,
}

fn route(
    method: Method,
    path: impl Into<String>,
    send: Send,
    needs: Option<(Area, AccessLevel)>,
    allowed: StatusCode,
) -> Route {
    Route {
        method,
        path: path.into(),
        send,
        needs,
        allowed,
    }
}

#[tokio::test]
async fn every_citizen_endpoint_respects_the_mandate_scope() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let tolvan = app.login(TOLVAN).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let t = json!({ "personal_number": TOLVAN });
    let matter = create_matter(&app, t.clone(), "tolvan").await;
    let msg = deliver(&app, t, Some(matter.id), "Tolvans brev", true).await;

    let mut previous: Option<i64> = None;
    let mut combos: Vec<Vec<Scope>> = Vec::new();
    for area in Area::ALL {
        for level in [AccessLevel::Read, AccessLevel::Act] {
            combos.push(vec![scope(area, level)]);
        }
    }
    combos.push(
        Area::ALL
            .iter()
            .map(|a| scope(*a, AccessLevel::Read))
            .collect(),
    );
    combos.push(vec![
        scope(Area::Messages, AccessLevel::Act),
        scope(Area::Matters, AccessLevel::Read),
    ]);

    let mut checked = 0;
    for scopes in combos {
        if let Some(id) = previous {
            revoke(&app, id).await;
        }
        let rep = register_ok(
            &app,
            ANNA,
            TOLVAN,
            "trustee",
            serde_json::to_value(&scopes).unwrap(),
            None,
            None,
        )
        .await;
        previous = Some(rep.id);
        // A fresh pending upload of Tolvan's for the DELETE route.
        let pending = upload_ok(&app, &tolvan, "tolvans").await;
        // Tolvan's own draft in his matter, for the draft routes.
        let r = app
            .as_person(
                &tolvan,
                Method::PUT,
                &format!("/api/matters/{}/draft", matter.id),
                &json!({"subject": "Tolvans utkast", "body": "Påbörjat"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        switch_ok(&app, &anna, tolvan_id).await;

        use AccessLevel::{Act, Read};
        use Area::{Matters, Messages, PersonalData, Preferences};
        let ok = StatusCode::OK;
        let routes = vec![
            route(
                Method::GET,
                "/api/me",
                Send::Get,
                Some((PersonalData, Read)),
                ok,
            ),
            route(
                Method::PUT,
                "/api/me/contact",
                Send::Json(json!({"email": "tolvan@example.se"})),
                Some((PersonalData, Act)),
                ok,
            ),
            // Allowed through, but Tolvan is no organisation.
            route(
                Method::GET,
                "/api/organisation",
                Send::Get,
                Some((PersonalData, Read)),
                StatusCode::NOT_FOUND,
            ),
            route(
                Method::GET,
                "/api/me/access-log",
                Send::Get,
                Some((PersonalData, Read)),
                ok,
            ),
            route(
                Method::GET,
                "/api/messages",
                Send::Get,
                Some((Messages, Read)),
                ok,
            ),
            route(
                Method::GET,
                format!("/api/messages/{}", msg.message_id),
                Send::Get,
                Some((Messages, Read)),
                ok,
            ),
            route(
                Method::GET,
                format!("/api/documents/{}", msg.attachments[0].id),
                Send::Get,
                Some((Messages, Read)),
                ok,
            ),
            route(
                Method::PUT,
                format!("/api/messages/{}/state", msg.message_id),
                Send::Json(json!({"read": false})),
                Some((Messages, Act)),
                ok,
            ),
            route(
                Method::GET,
                "/api/matters",
                Send::Get,
                Some((Matters, Read)),
                ok,
            ),
            route(
                Method::GET,
                format!("/api/matters/{}", matter.id),
                Send::Get,
                Some((Matters, Read)),
                ok,
            ),
            route(
                Method::POST,
                "/api/uploads",
                Send::Upload,
                Some((Matters, Act)),
                StatusCode::CREATED,
            ),
            route(
                Method::DELETE,
                format!("/api/uploads/{}", pending.document.id),
                Send::Json(json!(null)),
                Some((Matters, Act)),
                StatusCode::NO_CONTENT,
            ),
            // Tolvan's draft: the party's, like the matter (before sending, which deletes it).
            route(
                Method::GET,
                format!("/api/matters/{}/draft", matter.id),
                Send::Get,
                Some((Matters, Read)),
                ok,
            ),
            route(
                Method::PUT,
                format!("/api/matters/{}/draft", matter.id),
                Send::Json(json!({"subject": "Utkast från god man", "body": "Hej"})),
                Some((Matters, Act)),
                ok,
            ),
            route(
                Method::DELETE,
                format!("/api/matters/{}/draft", matter.id),
                Send::Json(json!(null)),
                Some((Matters, Act)),
                StatusCode::NO_CONTENT,
            ),
            route(
                Method::POST,
                format!("/api/matters/{}/messages", matter.id),
                Send::Json(json!({"subject": "Från god man", "body": "Hej"})),
                Some((Matters, Act)),
                StatusCode::CREATED,
            ),
            route(
                Method::GET,
                "/api/me/channels",
                Send::Get,
                Some((Preferences, Read)),
                ok,
            ),
            route(
                Method::PUT,
                "/api/me/channels",
                Send::Json(serde_json::to_value(ChannelPrefs::default()).unwrap()),
                Some((Preferences, Act)),
                ok,
            ),
            route(
                Method::GET,
                "/api/me/channels/history",
                Send::Get,
                Some((Preferences, Read)),
                ok,
            ),
            route(
                Method::GET,
                "/api/me/notices",
                Send::Get,
                Some((Preferences, Read)),
                ok,
            ),
            route(Method::GET, "/api/session", Send::Get, None, ok),
            route(Method::GET, "/api/me/parties", Send::Get, None, ok),
            route(Method::GET, "/api/me/grants", Send::Get, None, ok),
            route(Method::GET, "/api/me/accessibility", Send::Get, None, ok),
            route(
                Method::PUT,
                "/api/me/accessibility",
                Send::Json(json!({"theme": "dark"})),
                None,
                ok,
            ),
        ];
        for route in routes {
            let before = (
                count(&app, "SELECT COUNT(*) FROM messages").await,
                count(&app, "SELECT COUNT(*) FROM documents").await,
                count(&app, "SELECT COUNT(*) FROM contact_details").await,
                drafts(&app).await,
            );
            let r = match &route.send {
                Send::Get => app.get(&route.path, Some(&anna.cookie)).await,
                Send::Json(body) => {
                    app.as_person(&anna, route.method.clone(), &route.path, body)
                        .await
                }
                Send::Upload => {
                    app.upload(&anna, Some("fran-god-man.pdf"), &pdf("gm"))
                        .await
                }
            };
            let allowed = route.needs.is_none_or(|(area, level)| {
                minsida_api::representation::scopes_allow(&scopes, area, level)
            });
            let what = format!("{} {} with {scopes:?}", route.method, route.path);
            if allowed {
                assert_eq!(r.status, route.allowed, "{what}: {}", r.text());
            } else {
                let body = r.assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
                assert!(!r.text().contains("Tolvan"), "{what}: {}", body.message);
                let after = (
                    count(&app, "SELECT COUNT(*) FROM messages").await,
                    count(&app, "SELECT COUNT(*) FROM documents").await,
                    count(&app, "SELECT COUNT(*) FROM contact_details").await,
                    drafts(&app).await,
                );
                assert_eq!(before, after, "{what} changed something");
                // A refusal keeps the session on the party: the mandate is still valid.
                assert_eq!(
                    session(&app, &anna).await.acting_as.map(|a| a.party.id),
                    Some(tolvan_id),
                    "{what}"
                );
            }
            checked += 1;
        }
        // The display settings saved were Anna's own, never Tolvan's.
        let tolvans_prefs: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM accessibility_prefs WHERE person_id = ?")
                .bind(tolvan_id)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        assert_eq!(tolvans_prefs, 0);
    }
    assert_eq!(checked, 25 * 10);
    // Every refusal was audited with both identities.
    let denied = audit_rows(&app, "access_denied").await;
    assert!(!denied.is_empty());
    let anna_id = app.person_id(ANNA).await;
    assert!(denied
        .iter()
        .all(|r| r.1 == Some(anna_id) && r.2 == Some(tolvan_id)));
    // Drafts read, saved and discarded for Tolvan are his, with both identities and the role.
    for action in ["read_draft", "save_draft", "delete_draft"] {
        let rows: Vec<_> = audit_rows(&app, action)
            .await
            .into_iter()
            .filter(|r| r.1 == Some(anna_id))
            .collect();
        assert!(!rows.is_empty(), "{action}");
        assert!(
            rows.iter().all(|r| r.2 == Some(tolvan_id)
                && r.3.as_deref() == Some("trustee")
                && r.4.is_some()),
            "{action}: {rows:?}"
        );
    }
    // Anna never had a draft of her own: every draft saved while acting was Tolvan's.
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM drafts WHERE person_id = {anna_id}")
        )
        .await,
        0
    );
    // Grants are given and revoked only while acting for oneself.
    app.as_person(
        &anna,
        Method::POST,
        "/api/me/grants",
        &json!({"personal_number": LARS, "scopes": [{"area": "messages", "level": "read"}], "valid_until": "2025-07-01"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    app.as_person(&anna, Method::DELETE, "/api/me/grants/1", &json!(null))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM representations WHERE source = 'grant'"
        )
        .await,
        0
    );
}

// ---------------------------------------------------------------------------------------------
// Grants
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn grants_are_validated_created_listed_and_revoked() {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let anna_id = app.person_id(ANNA).await;
    let t = json!({ "personal_number": TOLVAN });
    let matter = create_matter(&app, t.clone(), "tolvan").await;
    deliver(&app, t, Some(matter.id), "Tolvans brev", false).await;
    let grant = |pn: &str, scopes: Value, until: &str| json!({"personal_number": pn, "scopes": scopes, "valid_until": until});
    let read_messages = json!([{"area": "messages", "level": "read"}]);

    // Validation: every field error at once; nothing stored.
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
            grant(UNKNOWN_PERSON, read_messages.clone(), "2026-06-03"),
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
            grant(KONSULT_ID, read_messages.clone(), "2025-07-01"),
            vec![("personal_number", FieldErrorCode::InvalidPersonalNumber)],
        ),
    ] {
        let r = app
            .as_person(&tolvan, Method::POST, "/api/me/grants", &body)
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
    assert_eq!(count(&app, "SELECT COUNT(*) FROM representations").await, 0);
    app.as_person(
        &tolvan,
        Method::POST,
        "/api/me/grants",
        &json!({"personal_number": ANNA, "scopes": [{"area": "everything", "level": "read"}], "valid_until": "2025-07-01"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    // The longest grant is 366 days; today is the shortest.
    for until in ["2026-06-02", "2025-06-01"] {
        let r = app
            .as_person(
                &tolvan,
                Method::POST,
                "/api/me/grants",
                &grant(LARS, read_messages.clone(), until),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{until}: {}", r.text());
    }
    let r = app
        .as_person(
            &tolvan,
            Method::POST,
            "/api/me/grants",
            &grant("19811218-9876", read_messages.clone(), "2025-07-01"),
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
    let created = audit_rows(&app, "create_grant").await;
    assert_eq!(
        (created[2].1, created[2].2),
        (Some(tolvan_id), Some(tolvan_id))
    );
    assert_eq!(created[2].5, Some(g.id.to_string()));

    // The grantee sees Tolvan and can act within the scope, not beyond.
    let anna = app.login(ANNA).await;
    let p = parties(&app, &anna).await;
    assert_eq!(p.mandates.len(), 1);
    assert_eq!(p.mandates[0].party.id, tolvan_id);
    assert_eq!(p.mandates[0].role, RepresentationRole::Representative);
    assert_eq!(p.mandates[0].valid_until.as_deref(), Some("2025-07-01"));
    let info = switch_ok(&app, &anna, tolvan_id).await;
    assert_eq!(
        info.acting_as.as_ref().map(|a| a.scopes.clone()),
        Some(vec![scope(Area::Messages, AccessLevel::Read)])
    );
    let page = inbox(&app, &anna).await;
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

    // Tolvan sees who looked at his data, with the role; his own reads are not listed.
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

    // Only the grantor revokes, at once; revoking again changes nothing.
    let lars = app.login(LARS).await;
    for (login, id) in [(&lars, g.id), (&tolvan, 999_999)] {
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
                &tolvan,
                Method::DELETE,
                &format!("/api/me/grants/{}", g.id),
                &json!(null),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    }
    assert_eq!(audit_rows(&app, "revoke_grant").await.len(), 1);
    app.get("/api/messages", Some(&anna.cookie))
        .await
        .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    assert_eq!(session(&app, &anna).await.acting_as, None);
    assert!(parties(&app, &anna).await.mandates.is_empty());
    let list: Grants = app.get("/api/me/grants", Some(&tolvan.cookie)).await.json();
    assert!(list.grants[0].revoked_at.is_some());
    assert!(list.grants[1..].iter().all(|g| g.revoked_at.is_none()));

    // Grants are always one's own: acting for the handelsbolag, Tolvan cannot give one.
    register_ok(
        &app,
        TOLVAN,
        HANDELSBOLAG,
        "signatory",
        all_act(),
        None,
        None,
    )
    .await;
    switch_ok(&app, &tolvan, app.person_id(HANDELSBOLAG_ID).await).await;
    app.as_person(
        &tolvan,
        Method::POST,
        "/api/me/grants",
        &grant(ANNA, read_messages, "2025-07-01"),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    let list: Grants = app.get("/api/me/grants", Some(&tolvan.cookie)).await.json();
    assert_eq!(list.grants.len(), 3, "still Tolvan's own grants");
}

// ---------------------------------------------------------------------------------------------
// System API
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_system_api_registers_lists_and_revokes_representations() {
    let app = TestApp::new().await;
    let body = json!({"representative": ANNA, "represented": KONSULT, "role": "signatory", "scopes": all_act()});
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

    // Validation.
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

    // Register, list, revoke.
    let a = register_ok(&app, ANNA, "5591234561", "signatory", all_act(), None, None).await;
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
        &app,
        LARS,
        KONSULT,
        "representative",
        json!([{"area": "matters", "level": "read"}]),
        Some("2024-01-01"),
        Some("2024-12-31"),
    )
    .await;
    // Another system's representation for the same company.
    let r = register(&app, SYSTEM_B_KEY, json!({"representative": TOLVAN, "represented": KONSULT, "role": "signatory", "scopes": all_act()})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let b: SystemRepresentation = r.json();

    let list = |key: &'static str, q: &'static str| {
        let app = &app;
        async move {
            app.system(
                Method::GET,
                &format!("/api/system/v1/representations{q}"),
                Some(key),
                None,
            )
            .await
        }
    };
    let r = list(SYSTEM_A_KEY, "?represented=165591234561").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got: Vec<SystemRepresentation> = r.json();
    assert_eq!(
        got.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![earlier.id, a.id]
    );
    let got: Vec<SystemRepresentation> =
        list(SYSTEM_B_KEY, "?represented=559123-4561").await.json();
    assert_eq!(got, vec![b.clone()]);
    let got: Vec<SystemRepresentation> =
        list(SYSTEM_A_KEY, "?represented=191212121212").await.json();
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
            field_errors(&list(SYSTEM_A_KEY, q).await),
            vec![("represented".to_string(), code)],
            "{q}"
        );
    }

    // Only the registering system revokes; idempotent.
    app.system(
        Method::DELETE,
        &format!("/api/system/v1/representations/{}", a.id),
        Some(SYSTEM_B_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    revoke(&app, a.id).await;
    revoke(&app, a.id).await;
    let got: Vec<SystemRepresentation> =
        list(SYSTEM_A_KEY, "?represented=559123-4561").await.json();
    let revoked = got.iter().find(|r| r.id == a.id).unwrap();
    assert_eq!(revoked.revoked_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(
        audit_rows(&app, "system_revoke_representation").await.len(),
        1
    );
    // Anna sees nothing to act for; Tolvan sees the company through system B.
    assert!(parties(&app, &anna).await.mandates.is_empty());
    let tolvan = app.login(TOLVAN).await;
    assert_eq!(
        parties(&app, &tolvan).await.mandates[0].party.identifier,
        KONSULT_ID
    );
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

// ---------------------------------------------------------------------------------------------
// Several mandates for one party
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn several_valid_mandates_for_one_party_add_up() {
    let app = TestApp::new().await;
    let tolvan_id = app.person_id(TOLVAN).await;
    let trustee = register_ok(
        &app,
        ANNA,
        TOLVAN,
        "trustee",
        json!([{"area": "messages", "level": "read"}]),
        None,
        Some("2025-12-31"),
    )
    .await;
    let tolvan = app.login(TOLVAN).await;
    let r = app
        .as_person(
            &tolvan,
            Method::POST,
            "/api/me/grants",
            &json!({"personal_number": ANNA, "scopes": [{"area": "matters", "level": "act"}], "valid_until": "2025-09-30"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let grant: Grant = r.json();
    let anna = app.login(ANNA).await;
    let p = parties(&app, &anna).await;
    assert_eq!(p.mandates.len(), 1, "one entry per party");
    assert_eq!(p.mandates[0].role, RepresentationRole::Trustee);
    assert_eq!(
        p.mandates[0].scopes,
        vec![
            scope(Area::Messages, AccessLevel::Read),
            scope(Area::Matters, AccessLevel::Act)
        ]
    );
    assert_eq!(p.mandates[0].valid_until.as_deref(), Some("2025-12-31"));
    switch_ok(&app, &anna, tolvan_id).await;
    let matter = create_matter(&app, json!({"personal_number": TOLVAN}), "t").await;
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({"subject": "Hej", "body": "Från ombudet"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(inbox(&app, &anna).await.total, 1, "the receipt");
    // The trail records the representation that allowed each request.
    let send = audit_rows(&app, "send_message").await;
    assert_eq!(
        (send[0].3.as_deref(), send[0].4),
        (Some("representative"), Some(grant.id))
    );
    let list = audit_rows(&app, "list_messages").await;
    assert_eq!(
        (list[0].3.as_deref(), list[0].4),
        (Some("trustee"), Some(trustee.id))
    );
}

// ---------------------------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Migration of existing data
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn existing_data_survives_the_party_migration() {
    use sqlx::sqlite::SqliteConnectOptions;

    let dir = tempfile::tempdir().unwrap();
    // The migrations before organisations became parties.
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
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
    let pool = minsida_server::db::connect_with(
        SqliteConnectOptions::new().filename(dir.path().join("minsida.db")),
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
