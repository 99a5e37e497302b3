//! Acting for a company: answering its requests, with both identities audited.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{MatterDetail, MessageDetail, Receipt, SystemSubmissions};
use minsida_api::representation::{AccessActor, AccessKind, AccessLog, Area, RepresentationRole};
use serde_json::json;

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
    let owner: i64 = sqlx::query_scalar("SELECT person_id FROM documents WHERE id = $1")
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
