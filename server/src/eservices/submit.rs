//! Sending an e-service: in one transaction, a matter of the publishing system with its
//! timeline, the answers as a readable message (with the files attached), a receipt (with the
//! SHA-256 of the canonical answers and of every file) in the inbox, the stored submission,
//! and the party's draft deleted. The same idempotency key again finds the first submission.

use minsida_api::eservices::{Answer, EServiceReceipt, QuestionKind, ServiceDefinition};
use minsida_api::messages::{
    DocumentInfo, MatterRef, MatterStatus, MessageDirection, MessageKind, TimelineKind,
};
use minsida_api::FieldErrorCode;
use sqlx::AnyConnection;

use super::{canonical_answers_json, NewSubmission, ServiceRow, SubmissionRow};
use crate::audit::{self, AuditAction};
use crate::auth::session::format_unix;
use crate::auth::Session;
use crate::crypto;
use crate::error::ApiError;
use crate::messaging::{self, documents, NewEvent, NewMessage};
use crate::persons::Access;
use crate::routes::matters::RECEIPT_SENDER;
use crate::{parties, AppState};

/// The readable form of one answer: option labels rather than values, an address on one line,
/// files by name.
fn readable(
    kind: QuestionKind,
    options: &[minsida_api::eservices::Choice],
    answer: &Answer,
    docs: &[DocumentInfo],
) -> String {
    let label = |v: &str| {
        options
            .iter()
            .find(|o| o.value == v)
            .map_or_else(|| v.to_string(), |o| o.label.clone())
    };
    match answer {
        Answer::Text(t) => match kind {
            QuestionKind::YesNo => if t == "yes" { "Ja" } else { "Nej" }.to_string(),
            QuestionKind::OneOf => label(t),
            QuestionKind::AmountSek => format!("{t} kr"),
            _ => t.replace('\n', " "),
        },
        Answer::Choices(c) => c.iter().map(|v| label(v)).collect::<Vec<_>>().join(", "),
        Answer::Address(a) => {
            let mut parts = Vec::new();
            if !a.care_of.is_empty() {
                parts.push(format!("c/o {}", a.care_of));
            }
            parts.push(a.street.clone());
            parts.push(format!("{} {}", a.postal_code, a.town));
            parts.join(", ")
        }
        Answer::Uploads(ids) => ids
            .iter()
            .map(|id| {
                docs.iter()
                    .find(|d| d.id == *id)
                    .map_or_else(|| format!("dokument {id}"), |d| d.file_name.clone())
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The answers as the message the person sent: a section per page, a line per answer.
pub fn readable_answers(
    definition: &ServiceDefinition,
    answers: &[(String, Answer)],
    docs: &[DocumentInfo],
) -> String {
    let mut body = format!("Svar i e-tjänsten {}.\n", definition.title);
    for page in &definition.pages {
        let lines: Vec<String> = page
            .questions
            .iter()
            .filter_map(|q| {
                let (_, a) = answers.iter().find(|(id, _)| *id == q.id)?;
                Some(format!(
                    "- {}: {}\n",
                    q.label,
                    readable(q.kind, &q.options, a, docs)
                ))
            })
            .collect();
        if !lines.is_empty() {
            body.push_str(&format!("\n## {}\n", page.title));
            body.extend(lines);
        }
    }
    body
}

/// The receipt message's text.
fn receipt_text(
    number: &str,
    at: i64,
    service: &str,
    matter: &MatterRef,
    sent_on_behalf_by: Option<&str>,
    answers_sha256: &str,
    docs: &[DocumentInfo],
) -> String {
    let mut body = format!(
        "Vi har tagit emot det du skickade i e-tjänsten {service}. Spara kvittensnumret om du \
         behöver kontakta oss.\n\n\
         ## Kvittens\n\
         - Kvittensnummer: {number}\n\
         - Mottaget: {}\n\
         - Ärende: {} {}\n\
         - Kontrollsumma för svaren (SHA-256): {answers_sha256}\n",
        messaging::local_time_text(at),
        matter.reference,
        matter.title,
    );
    if let Some(sender) = sent_on_behalf_by {
        body.push_str(&format!("- Inskickat av: {sender}\n"));
    }
    if docs.is_empty() {
        body.push_str("- Inga bifogade dokument\n");
    } else {
        body.push_str("\n## Bifogade dokument\n");
        for d in docs {
            body.push_str(&format!("- {} (SHA-256 {})\n", d.file_name, d.sha256));
        }
    }
    body
}

/// The receipt of a stored submission.
pub async fn receipt(
    conn: &mut AnyConnection,
    row: &SubmissionRow,
    service_title: &str,
) -> Result<EServiceReceipt, ApiError> {
    let matter = messaging::person_matter(conn, row.party_id, row.matter_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let receipt_message_id: i64 =
        sqlx::query_scalar("SELECT receipt_message_id FROM receipts WHERE receipt_number = $1")
            .bind(&row.receipt_number)
            .fetch_one(&mut *conn)
            .await?;
    Ok(EServiceReceipt {
        receipt_number: row.receipt_number.clone(),
        received_at: format_unix(row.submitted_at),
        service_id: row.service_id.clone(),
        service_title: service_title.to_string(),
        matter: matter.matter_ref(),
        receipt_message_id,
        answers_sha256: row.answers_sha256.clone(),
        documents: messaging::attachments(conn, row.message_id).await?,
    })
}

/// What [`submit`] did.
pub enum Submitted {
    /// A new submission.
    Created(EServiceReceipt),
    /// The idempotency key was used before: that submission's receipt.
    Again(EServiceReceipt),
}

/// Send checked answers (see [`minsida_api::eservices::check_answers`]) of the latest version
/// of a service for the acting party.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    state: &AppState,
    session: &Session,
    access: &Access,
    service: &ServiceRow,
    definition: &ServiceDefinition,
    answers: &[(String, Answer)],
    idempotency_key: &str,
) -> Result<Submitted, ApiError> {
    let party = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    if let Some(row) = super::submission_by_key(&mut tx, party, idempotency_key).await? {
        return Ok(Submitted::Again(
            receipt(&mut tx, &row, &service.title).await?,
        ));
    }

    // The files: the party's own uploads, not sent yet.
    let upload_ids = super::upload_ids(answers.iter().map(|(_, a)| a));
    let mut uploads = Vec::with_capacity(upload_ids.len());
    for &id in &upload_ids {
        let row: Option<documents::DocumentRow> = sqlx::query_as(&format!(
            "SELECT {} FROM documents d WHERE d.id = $1 AND d.person_id = $2 AND d.message_id IS NULL",
            documents::DOCUMENT_COLUMNS
        ))
        .bind(id)
        .bind(party)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            let field = answers
                .iter()
                .find(|(_, a)| matches!(a, Answer::Uploads(ids) if ids.contains(&id)))
                .map_or_else(|| "answers".to_string(), |(q, _)| format!("answers.{q}"));
            return Err(ApiError::validation(vec![minsida_api::FieldError {
                field,
                code: FieldErrorCode::UnknownUpload,
            }]));
        };
        uploads.push(row);
    }
    let docs: Vec<DocumentInfo> = uploads.iter().map(documents::DocumentRow::info).collect();

    // Numbers: the receipt's, and the matter's reference.
    let mut receipt_number = messaging::new_receipt_number(now);
    for _ in 0..10 {
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM receipts WHERE receipt_number = $1")
                .bind(&receipt_number)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_none() {
            break;
        }
        receipt_number = messaging::new_receipt_number(now);
    }
    let mut reference = messaging::new_matter_reference(now);
    for _ in 0..20 {
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM matters WHERE reference = $1")
            .bind(&reference)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_none() {
            break;
        }
        reference = messaging::new_matter_reference(now);
    }

    let matter_id: i64 = sqlx::query_scalar(
        "INSERT INTO matters (person_id, system_id, external_id, reference, title, category, \
         status, handler, opened_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id",
    )
    .bind(party)
    .bind(service.system_id)
    .bind(format!("eservice:{}:{receipt_number}", service.service_id))
    .bind(&reference)
    .bind(&definition.title)
    .bind(definition.category.as_str())
    .bind(MatterStatus::Received.as_str())
    .bind(&definition.handler)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    messaging::add_event(
        &mut tx,
        matter_id,
        now,
        TimelineKind::Opened,
        NewEvent {
            status: Some(MatterStatus::Received),
            ..NewEvent::default()
        },
    )
    .await?;
    let matter = MatterRef {
        id: matter_id,
        reference,
        title: definition.title.clone(),
    };

    let actor_name = format!("{} {}", session.person.given_name, session.person.last_name);
    let sender = if access.on_behalf() {
        let p = parties::party(&mut tx, party)
            .await?
            .ok_or_else(ApiError::internal)?;
        format!("{actor_name} för {}", p.name)
    } else {
        actor_name
    };
    let body = readable_answers(definition, answers, &docs);
    let sent_id = messaging::insert_message(
        &mut tx,
        &state.keys,
        &NewMessage {
            person_id: party,
            system_id: Some(service.system_id),
            matter_id: Some(matter_id),
            direction: MessageDirection::Outgoing,
            kind: MessageKind::Message,
            sender: &sender,
            subject: &definition.title,
            body: &body,
            sent_at: now,
            read: true,
            attachment_count: uploads.len(),
        },
    )
    .await?;
    for upload in &uploads {
        sqlx::query(
            "UPDATE documents SET message_id = $1 WHERE id = $2 AND person_id = $3 AND message_id IS NULL",
        )
        .bind(sent_id)
        .bind(upload.id)
        .bind(party)
        .execute(&mut *tx)
        .await?;
    }

    let answers_sha256 = crypto::sha256_hex(canonical_answers_json(answers).as_bytes());
    let text = receipt_text(
        &receipt_number,
        now,
        &definition.title,
        &matter,
        access.on_behalf().then_some(sender.as_str()),
        &answers_sha256,
        &docs,
    );
    let receipt_message_id = messaging::insert_message(
        &mut tx,
        &state.keys,
        &NewMessage {
            person_id: party,
            system_id: None,
            matter_id: Some(matter_id),
            direction: MessageDirection::Incoming,
            kind: MessageKind::Receipt,
            sender: RECEIPT_SENDER,
            subject: &format!("Kvittens: {}", definition.title),
            body: &text,
            sent_at: now,
            read: false,
            attachment_count: 0,
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO receipts (receipt_number, person_id, sent_message_id, receipt_message_id, \
         received_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&receipt_number)
    .bind(party)
    .bind(sent_id)
    .bind(receipt_message_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    messaging::add_event(
        &mut tx,
        matter_id,
        now,
        TimelineKind::MessageSent,
        NewEvent {
            message_id: Some(sent_id),
            text: Some(definition.title.clone()),
            receipt_number: Some(receipt_number.clone()),
            document_count: docs.len(),
            ..NewEvent::default()
        },
    )
    .await?;
    let submission_id = super::insert_submission(
        &mut tx,
        &state.keys,
        &NewSubmission {
            service,
            party,
            submitted_by: access.actor(),
            matter_id,
            message_id: sent_id,
            receipt_number: &receipt_number,
            idempotency_key,
            answers,
            answers_sha256: &answers_sha256,
            at: now,
        },
    )
    .await?;
    let draft_deleted = super::delete_draft(&mut tx, party, &service.service_id).await?;
    let callback =
        super::callbacks::enqueue(&mut tx, state, service.system_id, submission_id, now).await?;
    let event = access
        .event(now, AuditAction::SubmitEService, "eservice_submission")
        .object_id(submission_id)
        .session(session)
        .detail(serde_json::json!({
            "service": service.service_id,
            "version": service.version,
            "matter": matter_id,
            "documents": docs.iter().map(|d| d.id).collect::<Vec<_>>(),
            "receipt_number": receipt_number,
            "draft_deleted": draft_deleted,
        }));
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    if callback {
        state.wake_callbacks();
    }
    tracing::info!(service = %service.service_id, %receipt_number, "e-service submitted");
    Ok(Submitted::Created(EServiceReceipt {
        receipt_number,
        received_at: format_unix(now),
        service_id: service.service_id.clone(),
        service_title: definition.title.clone(),
        matter,
        receipt_message_id,
        answers_sha256,
        documents: docs,
    }))
}
