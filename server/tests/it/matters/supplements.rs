//! `/api/matters/{id}/messages`: answering requests to supplement, receipts, due dates, and
//! closing a matter.

use crate::common::messaging::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{
    MatterDetail, MatterList, MatterStatus, MessageDetail, MessageDirection, MessageKind, Receipt,
    SupplementStatus, SystemDelivery, SystemMatter, SystemSubmissions, TimelineKind,
    UploadedDocument,
};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use minsida_server::crypto::sha256_hex;
use serde_json::json;

/// Anna's matter of system A with a request to supplement, due 2025-06-15; Lars is logged in
/// too.
struct Case {
    app: TestApp,
    anna: Login,
    lars: Login,
    matter: SystemMatter,
    req: SystemDelivery,
    request_id: i64,
    /// Where the person answers.
    path: String,
}

async fn a_request_to_supplement() -> Case {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "flytt-1").await;
    app.advance(60);
    let r = request_supplement(&app, SYSTEM_A_KEY, matter.id, "2025-06-15").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let req: SystemDelivery = r.json();
    let request_id = req.supplement_request_id.unwrap();

    let path = format!("/api/matters/{}/messages", matter.id);
    Case {
        app,
        anna,
        lars,
        matter,
        req,
        request_id,
        path,
    }
}

/// Anna's two uploads for the answer, and one of Lars's.
struct Uploads {
    contract: UploadedDocument,
    cert: UploadedDocument,
    lars_upload: UploadedDocument,
}

async fn upload_the_documents(c: &Case) -> Uploads {
    let Case {
        app, anna, lars, ..
    } = c;
    let contract = upload_ok(app, anna, "Hyreskontrakt.pdf", &pdf("kontrakt")).await;
    let cert = upload_ok(app, anna, "Intyg.png", PNG).await;
    let lars_upload = upload_ok(app, lars, "lars.pdf", &pdf("lars")).await;
    Uploads {
        contract,
        cert,
        lars_upload,
    }
}

/// The person sees the matter, its open request and the message carrying it.
async fn check_the_person_sees_the_request(c: &Case) {
    let Case {
        app,
        anna,
        matter,
        req,
        request_id,
        ..
    } = c;
    let request_id = *request_id;
    let list: MatterList = app.get("/api/matters", Some(&anna.cookie)).await.json();
    assert_eq!(list.matters.len(), 1);
    assert_eq!(list.matters[0].status, MatterStatus::AwaitingPerson);
    assert_eq!(list.matters[0].open_requests, 1);
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(detail.can_reply);
    assert_eq!(detail.supplement_requests[0].status, SupplementStatus::Open);
    assert_eq!(
        detail.supplement_requests[0].requested_items,
        vec!["Kopia av hyreskontrakt", "Intyg från hyresvärd"]
    );
    assert_eq!(detail.supplement_requests[0].due_date, "2025-06-15");
    let kinds: Vec<TimelineKind> = detail.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![
            TimelineKind::Opened,
            TimelineKind::SupplementRequested,
            TimelineKind::StatusChanged
        ]
    );
    let msg: MessageDetail = app
        .get(
            &format!("/api/messages/{}", req.message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(msg.summary.kind, MessageKind::SupplementRequest);
    assert_eq!(msg.supplement_request.as_ref().unwrap().id, request_id);
}

/// Someone else's upload, an unknown one, a duplicate, and empty fields are refused.
async fn check_bad_answers_are_refused(c: &Case, u: &Uploads) {
    let Case {
        app, anna, path, ..
    } = c;
    let Uploads {
        contract,
        lars_upload,
        ..
    } = u;
    // Someone else's upload, an unknown one, a duplicate.
    for ids in [
        vec![contract.document.id, lars_upload.document.id],
        vec![999_999],
        vec![contract.document.id, contract.document.id],
    ] {
        let r = app
            .as_person(
                anna,
                Method::POST,
                path,
                &json!({"subject": "Svar", "body": "Här", "upload_ids": ids}),
            )
            .await;
        assert_eq!(
            field_errors(&r),
            vec![FieldError {
                field: "upload_ids".into(),
                code: FieldErrorCode::UnknownUpload
            }]
        );
    }
    // Validation errors, all at once.
    let r = app
        .as_person(
            anna,
            Method::POST,
            path,
            &json!({"subject": " ", "body": ""}),
        )
        .await;
    assert_eq!(field_errors(&r).len(), 2);
}

/// Anna answers with both documents, two minutes later, and gets a receipt.
async fn answer(c: &Case, u: &Uploads) -> Receipt {
    let Case {
        app,
        anna,
        matter,
        request_id,
        path,
        ..
    } = c;
    let Uploads { contract, cert, .. } = u;
    app.advance(120);
    let r = app
        .as_person(
            anna,
            Method::POST,
            path,
            &json!({"supplement_request_id": request_id, "subject": "Komplettering", "body": "Här är handlingarna.", "upload_ids": [contract.document.id, cert.document.id]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receipt: Receipt = r.json();
    let n = &receipt.receipt_number;

    assert!(
        n.starts_with("K-2025-") && n.len() == 16 && n.chars().nth(11) == Some('-'),
        "{n}"
    );
    assert_eq!(receipt.received_at, "2025-06-01T12:03:00Z");
    assert_eq!(receipt.subject, "Komplettering");
    assert_eq!(receipt.matter.as_ref().unwrap().id, matter.id);
    assert_eq!(receipt.documents.len(), 2);
    assert_eq!(receipt.documents[0].sha256, sha256_hex(&pdf("kontrakt")));
    assert_eq!(receipt.documents[1].sha256, sha256_hex(PNG));

    receipt
}

/// The receipt is in the inbox as a message; the sent message in "sent".
async fn check_the_receipt_and_the_sent_message(c: &Case, receipt: &Receipt) {
    let Case { app, anna, .. } = c;
    let n = &receipt.receipt_number;
    let page = inbox(app, anna, "?folder=unread").await;
    let rm = page
        .messages
        .iter()
        .find(|m| m.id == receipt.receipt_message_id)
        .expect("receipt in inbox");
    assert_eq!(
        (rm.kind, rm.sender.as_str()),
        (MessageKind::Receipt, "Min sida")
    );
    let rd: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.receipt_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(rd.receipt.as_ref(), Some(receipt));
    assert!(format!("{:?}", rd.body).contains(n.as_str()));
    let sent = inbox(app, anna, "?folder=sent").await;
    assert_eq!(sent.messages.len(), 1);
    assert_eq!(sent.messages[0].id, receipt.sent_message_id);
    assert_eq!(sent.messages[0].direction, MessageDirection::Outgoing);
    assert_eq!(sent.messages[0].sender, "Anna Andersson");
    let sd: MessageDetail = app
        .get(
            &format!("/api/messages/{}", receipt.sent_message_id),
            Some(&anna.cookie),
        )
        .await
        .json();
    assert_eq!(sd.receipt.as_ref().unwrap().receipt_number, *n);
    assert_eq!(sd.attachments, receipt.documents);
}

/// The matter moved on.
async fn check_the_matter_moved_on(c: &Case, receipt: &Receipt) {
    let Case {
        app, anna, matter, ..
    } = c;
    let n = &receipt.receipt_number;
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert_eq!(detail.summary.status, MatterStatus::InProgress);
    assert_eq!(detail.summary.open_requests, 0);
    let sr = &detail.supplement_requests[0];
    assert_eq!(sr.status, SupplementStatus::Answered);
    assert_eq!(sr.answer_receipt_number.as_deref(), Some(n.as_str()));
    assert_eq!(sr.answered_at.as_deref(), Some("2025-06-01T12:03:00Z"));
    let last: Vec<_> = detail.timeline.iter().rev().take(2).collect();
    assert_eq!(last[1].kind, TimelineKind::MessageSent);
    assert_eq!(last[1].receipt_number.as_deref(), Some(n.as_str()));
    assert_eq!(last[1].document_count, 2);
    assert_eq!(
        (last[0].kind, last[0].status),
        (TimelineKind::StatusChanged, Some(MatterStatus::InProgress))
    );
}

/// Answering twice is a conflict; the sent uploads cannot be reused.
async fn check_no_second_answer(c: &Case, u: &Uploads) {
    let Case {
        app,
        anna,
        request_id,
        path,
        ..
    } = c;
    let contract = &u.contract;
    let r = app
        .as_person(
            anna,
            Method::POST,
            path,
            &json!({"supplement_request_id": request_id, "subject": "Igen", "body": "x"}),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    let r = app
        .as_person(
            anna,
            Method::POST,
            path,
            &json!({"subject": "Igen", "upload_ids": [contract.document.id]}),
        )
        .await;
    assert_eq!(field_errors(&r)[0].code, FieldErrorCode::UnknownUpload);
    app.as_person(
        anna,
        Method::DELETE,
        &format!("/api/uploads/{}", contract.document.id),
        &json!(null),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

/// The system fetches the submission and downloads identical bytes; other systems see
/// nothing; a pending upload is not reachable through the system API.
async fn check_the_system_fetches_the_answer(c: &Case, u: &Uploads, receipt: &Receipt) {
    let Case {
        app,
        matter,
        request_id,
        ..
    } = c;
    let request_id = *request_id;
    let lars_upload = &u.lars_upload;
    let n = &receipt.receipt_number;
    let subs: SystemSubmissions = app
        .system(
            Method::GET,
            &format!("/api/system/v1/matters/{}/submissions", matter.id),
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(subs.matter_id, matter.id);
    assert_eq!(subs.submissions.len(), 1);
    let s = &subs.submissions[0];
    assert_eq!(
        (s.receipt_number.as_str(), s.supplement_request_id),
        (n.as_str(), Some(request_id))
    );
    assert_eq!(
        (s.subject.as_str(), s.body.as_str()),
        ("Komplettering", "Här är handlingarna.")
    );
    for (doc, bytes) in s.documents.iter().zip([pdf("kontrakt"), PNG.to_vec()]) {
        let r = app
            .system(
                Method::GET,
                &format!("/api/system/v1/documents/{}", doc.id),
                Some(SYSTEM_A_KEY),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, bytes);
        assert_eq!(sha256_hex(&r.body), doc.sha256);
        assert_eq!(r.header("content-type"), Some(doc.content_type.as_str()));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert!(r
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename="));
    }
    // Other systems see nothing; a pending upload is not reachable through the system API.
    app.system(
        Method::GET,
        &format!("/api/system/v1/documents/{}", s.documents[0].id),
        Some(SYSTEM_B_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    app.system(
        Method::GET,
        &format!("/api/system/v1/documents/{}", lars_upload.document.id),
        Some(SYSTEM_A_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_person_sees_the_matter_its_open_request_and_the_message() {
    let c = a_request_to_supplement().await;
    check_the_person_sees_the_request(&c).await;
}

#[tokio::test]
async fn answers_with_unknown_uploads_or_empty_fields_are_refused() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    check_bad_answers_are_refused(&c, &u).await;
}

#[tokio::test]
async fn answering_a_request_to_supplement_gives_a_receipt() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    answer(&c, &u).await;
}

#[tokio::test]
async fn the_receipt_is_in_the_inbox_and_the_answer_in_sent() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    let receipt = answer(&c, &u).await;
    check_the_receipt_and_the_sent_message(&c, &receipt).await;
}

#[tokio::test]
async fn answering_moves_the_matter_on() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    let receipt = answer(&c, &u).await;
    check_the_matter_moved_on(&c, &receipt).await;
}

#[tokio::test]
async fn a_request_is_answered_only_once_and_sent_uploads_are_spent() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    answer(&c, &u).await;
    check_no_second_answer(&c, &u).await;
}

#[tokio::test]
async fn the_system_fetches_the_answer_with_identical_bytes() {
    let c = a_request_to_supplement().await;
    let u = upload_the_documents(&c).await;
    let receipt = answer(&c, &u).await;
    check_the_system_fetches_the_answer(&c, &u, &receipt).await;
}

/// The whole exchange, step by step, and what it wrote to the audit trail.
#[tokio::test]
async fn answering_a_request_to_supplement_is_audited() {
    let c = a_request_to_supplement().await;
    check_the_person_sees_the_request(&c).await;
    let u = upload_the_documents(&c).await;
    check_bad_answers_are_refused(&c, &u).await;
    let receipt = answer(&c, &u).await;
    check_the_receipt_and_the_sent_message(&c, &receipt).await;
    check_the_matter_moved_on(&c, &receipt).await;
    check_no_second_answer(&c, &u).await;
    check_the_system_fetches_the_answer(&c, &u, &receipt).await;
    let app = &c.app;
    assert_eq!(audit_count(app, "send_message").await, 1);
    assert_eq!(audit_count(app, "system_download_document").await, 2);
    assert_eq!(audit_count(app, "read_matter").await, 2);
    assert_eq!(audit_count(app, "list_matters").await, 1);
}

#[tokio::test]
async fn overdue_requests_can_still_be_answered_and_closing_withdraws_them() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m").await;
    // Due today (Swedish date 2025-06-01) is fine; yesterday and nonsense are not.
    for (due, ok) in [
        ("2025-05-31", false),
        ("2025-13-01", false),
        ("snart", false),
        ("2025-06-01", true),
        ("2025-06-02", true),
    ] {
        let r = request_supplement(&app, SYSTEM_A_KEY, matter.id, due).await;
        if ok {
            assert_eq!(r.status, StatusCode::CREATED, "{due}: {}", r.text());
        } else {
            assert_eq!(
                field_errors(&r),
                vec![FieldError {
                    field: "due_date".into(),
                    code: FieldErrorCode::InvalidDate
                }],
                "{due}"
            );
        }
    }
    // Two days later (2025-06-03 in Stockholm) both are overdue.
    app.advance(2 * 24 * 3600);
    let anna = app.login(ANNA).await;
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(detail
        .supplement_requests
        .iter()
        .all(|r| r.status == SupplementStatus::Overdue));
    let first = detail.supplement_requests[0].id;
    let r = app
        .as_person(&anna, Method::POST, &format!("/api/matters/{}/messages", matter.id), &json!({"supplement_request_id": first, "subject": "Sent svar", "body": "Förlåt dröjsmålet."}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Closing withdraws the other request; nothing more can be written.
    let r = app
        .system(
            Method::PUT,
            &format!("/api/system/v1/matters/{}/status", matter.id),
            Some(SYSTEM_A_KEY),
            Some(&json!({"status": "closed", "note": "Ärendet är avslutat."})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json::<SystemMatter>().status, MatterStatus::Closed);
    let detail: MatterDetail = app
        .get(&format!("/api/matters/{}", matter.id), Some(&anna.cookie))
        .await
        .json();
    assert!(!detail.can_reply);
    let statuses: Vec<SupplementStatus> = detail
        .supplement_requests
        .iter()
        .map(|r| r.status)
        .collect();
    assert!(
        statuses.contains(&SupplementStatus::Answered)
            && statuses.contains(&SupplementStatus::Withdrawn)
    );
    let last = detail.timeline.last().unwrap();
    assert_eq!(
        (last.kind, last.status, last.text.as_deref()),
        (
            TimelineKind::StatusChanged,
            Some(MatterStatus::Closed),
            Some("Ärendet är avslutat.")
        )
    );
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{}/messages", matter.id),
            &json!({"subject": "Fråga", "body": "Hej"}),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    request_supplement(&app, SYSTEM_A_KEY, matter.id, "2025-07-01")
        .await
        .assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    // The agency may still deliver messages (e.g. a decision) into a closed matter.
    deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        Some(matter.id),
        "Beslut",
        "Beslutet bifogas.",
        json!([]),
    )
    .await;
    // But not into a matter of another person: a well-formed request that does not fit.
    let r = app
        .system(Method::POST, "/api/system/v1/messages", Some(SYSTEM_A_KEY), Some(&json!({"recipient": {"personal_number": LARS}, "matter_id": matter.id, "sender": "s", "subject": "s", "body": "b"})))
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(audit_count(&app, "system_set_matter_status").await, 1);
}
