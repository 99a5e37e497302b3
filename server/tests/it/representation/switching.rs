//! `PUT /api/session/acting-as`: switching to a party one has a mandate for, and what is
//! refused without one.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{MatterDetail, MatterList, MessageDetail, UploadedDocument};
use minsida_api::representation::{
    AccessLevel, Area, Grant, OrganisationDetails, PartyKind, RepresentationRole,
    SystemRepresentation, TaxRegistrationKind,
};
use minsida_api::{ErrorCode, FieldErrorCode, PersonalDetails};
use serde_json::json;
use std::collections::BTreeSet;

/// Anna, logged in, with a pending upload of her own and a mandate (registered by system A)
/// to sign for the company with its data.
struct Signatory {
    app: TestApp,
    c: Company,
    rep: SystemRepresentation,
    anna: Login,
    anna_id: i64,
    own_upload: UploadedDocument,
}

async fn a_signatory() -> Signatory {
    let app = TestApp::new().await;
    let c = company(&app).await;
    let rep = register_ok(&app, ANNA, KONSULT, "signatory", all_act(), None, None).await;
    assert_eq!(rep.represented.kind, PartyKind::Organisation);
    assert_eq!(rep.represented.identifier, KONSULT_ID);
    assert_eq!(rep.valid_from, "2025-06-01");
    let anna = app.login(ANNA).await;
    let anna_id = app.person_id(ANNA).await;
    assert_eq!(anna.info.acting_as, None);
    assert!(
        anna.info.can_act_for_others,
        "the login says she may act for others"
    );
    let own_upload = upload_ok(&app, &anna, "annas-uppladdning").await;

    Signatory {
        app,
        c,
        rep,
        anna,
        anna_id,
        own_upload,
    }
}

async fn check_the_company_is_among_her_parties(s: &Signatory) {
    let Signatory {
        app,
        c,
        anna,
        anna_id,
        ..
    } = s;
    let anna_id = *anna_id;
    assert!(session(app, anna).await.can_act_for_others);
    let p = parties(app, anna).await;
    assert_eq!(p.me.id, anna_id);
    assert_eq!(p.me.name, "Anna Andersson");
    assert_eq!(p.me.kind, PartyKind::Person);
    assert_eq!(p.mandates.len(), 1);
    let m = &p.mandates[0];
    assert_eq!(m.id, s.rep.id);
    assert_eq!(
        (m.party.id, m.party.name.as_str(), m.party.kind),
        (c.org_id, "Andersson Konsult AB", PartyKind::Organisation)
    );
    assert_eq!(m.role, RepresentationRole::Signatory);
    assert_eq!(m.scopes.len(), 4);
    assert_eq!(m.valid_until, None);
}

async fn switch_to_the_company(s: &Signatory) {
    let Signatory { app, c, anna, .. } = s;
    let info = switch_ok(app, anna, c.org_id).await;
    assert!(info.can_act_for_others);
    let acting = info.acting_as.expect("acting for the company");
    assert_eq!(acting.party.identifier, KONSULT_ID);
    assert_eq!(acting.role, RepresentationRole::Signatory);
    assert_eq!(
        info.person.personal_number, ANNA,
        "the person stays who they are"
    );
    assert_eq!(
        session(app, anna).await.acting_as.unwrap().party.id,
        c.org_id
    );
}

/// The company's inbox, matter, message, document and register data; returns the message
/// with the PDF.
async fn check_the_company_data(s: &Signatory) -> MessageDetail {
    let Signatory { app, c, anna, .. } = s;
    let page = inbox(app, anna).await;
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
    msg
}

async fn check_person_only_data_is_not_the_companys(s: &Signatory) {
    let Signatory { app, anna, .. } = s;
    // Person-only data is not the company's: 404, and nothing of Anna's shows.
    for path in ["/api/me"] {
        let r = app.get(path, Some(&anna.cookie)).await;
        r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert!(!r.text().contains("Anna"), "{}", r.text());
    }
    app.update_contact(anna, r#"{"email":"bolaget@example.se"}"#)
        .await
        .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

async fn check_her_own_objects_are_unreachable(s: &Signatory) {
    let Signatory {
        app,
        c,
        anna,
        own_upload,
        ..
    } = s;
    // Id swapping: Anna's own objects are unreachable while acting for the company.
    let own_attachment: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE message_id = $1")
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
            anna,
            Method::PUT,
            &format!("/api/messages/{}/state", c.anna_message.message_id),
            &json!({"archived": true}),
        )
        .await,
        app.as_person(
            anna,
            Method::POST,
            &format!("/api/matters/{}/messages", c.anna_matter.id),
            &json!({"subject": "x", "body": "y"}),
        )
        .await,
        app.as_person(
            anna,
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
            anna,
            Method::POST,
            &format!("/api/matters/{}/messages", c.matter.id),
            &json!({"subject": "x", "upload_ids": [own_upload.document.id]}),
        )
        .await;
    assert_eq!(
        field_errors(&r),
        vec![("upload_ids".into(), FieldErrorCode::UnknownUpload)]
    );
}

/// Back to herself: her own data, and none of the company's (`msg`: the company's message).
async fn check_back_to_herself(s: &Signatory, msg: &MessageDetail) {
    let Signatory {
        app,
        c,
        anna,
        anna_id,
        ..
    } = s;
    let anna_id = *anna_id;
    let info = switch_ok(app, anna, anna_id).await;
    assert_eq!(info.acting_as, None);
    assert!(info.can_act_for_others);
    assert_eq!(session(app, anna).await.acting_as, None);
    let page = inbox(app, anna).await;
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
}

#[tokio::test]
async fn a_person_without_mandates_is_not_offered_to_act_for_others() {
    let app = TestApp::new().await;
    let lars = app.login(LARS).await;
    assert!(!lars.info.can_act_for_others);
    assert!(!session(&app, &lars).await.can_act_for_others);
    assert!(parties(&app, &lars).await.mandates.is_empty());
}

#[tokio::test]
async fn a_signatory_has_the_company_among_her_parties() {
    let s = a_signatory().await;
    check_the_company_is_among_her_parties(&s).await;
}

#[tokio::test]
async fn a_signatory_switches_to_the_company_and_stays_herself() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
}

#[tokio::test]
async fn acting_for_the_company_shows_its_messages_matters_documents_and_register_data() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
    check_the_company_data(&s).await;
}

#[tokio::test]
async fn acting_for_the_company_shows_no_person_only_data() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
    check_person_only_data_is_not_the_companys(&s).await;
}

#[tokio::test]
async fn acting_for_the_company_her_own_objects_are_unreachable() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
    check_her_own_objects_are_unreachable(&s).await;
}

#[tokio::test]
async fn back_to_herself_she_sees_her_own_data_and_none_of_the_companys() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
    let msg = check_the_company_data(&s).await;
    check_back_to_herself(&s, &msg).await;
}

#[tokio::test]
async fn stopping_to_act_is_switching_back_without_knowing_ones_own_id() {
    let s = a_signatory().await;
    switch_to_the_company(&s).await;
    let (app, anna) = (&s.app, &s.anna);
    // Like every change, it needs the CSRF token.
    app.json(
        Method::DELETE,
        "/api/session/acting-as",
        "",
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    assert!(session(app, anna).await.acting_as.is_some());
    for _ in 0..2 {
        // Idempotent: the second time she already acts for herself.
        let r = app
            .json(
                Method::DELETE,
                "/api/session/acting-as",
                "",
                Some(&anna.cookie),
                Some(&anna.info.csrf_token),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let info: SessionInfo = r.json();
        assert_eq!(info.acting_as, None);
        assert!(info.can_act_for_others);
        assert_eq!(session(app, anna).await.acting_as, None);
    }
    let page = inbox(app, anna).await;
    assert_eq!(
        page.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![s.c.anna_message.message_id]
    );
}

/// The whole visit, step by step, and what it wrote to the audit trail.
#[tokio::test]
async fn acting_for_the_company_is_audited_with_both_identities_and_the_role() {
    let s = a_signatory().await;
    check_the_company_is_among_her_parties(&s).await;
    switch_to_the_company(&s).await;
    let msg = check_the_company_data(&s).await;
    check_person_only_data_is_not_the_companys(&s).await;
    check_her_own_objects_are_unreachable(&s).await;
    check_back_to_herself(&s, &msg).await;
    let Signatory {
        app,
        c,
        anna,
        anna_id,
        rep,
        ..
    } = &s;
    let anna_id = *anna_id;
    // Every read for the company is in the trail with both identities and the role.
    let reads = audit_rows(app, "read_message").await;
    let for_company: Vec<_> = reads.iter().filter(|r| r.2 == Some(c.org_id)).collect();
    assert_eq!(for_company.len(), 1);
    assert_eq!(for_company[0].1, Some(anna_id));
    assert_eq!(for_company[0].3.as_deref(), Some("signatory"));
    assert_eq!(for_company[0].4, Some(rep.id));
    assert_eq!(
        audit_rows(app, "read_organisation").await[0].2,
        Some(c.org_id)
    );
    let switches = audit_rows(app, "switch_party").await;
    assert_eq!(
        switches
            .iter()
            .map(|r| (r.1, r.2, r.6.clone()))
            .collect::<Vec<_>>(),
        vec![
            (Some(anna_id), Some(c.org_id), Some(session_ref(anna))),
            (Some(anna_id), Some(anna_id), Some(session_ref(anna))),
        ]
    );
}

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
