//! The matters of the party the session acts for (see [`crate::routes::messages`] for how
//! access is checked), and writing in them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::messages::{
    MatterDetail, MatterList, MessageDirection, MessageKind, Receipt, SendMessageRequest,
    TimelineKind,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, FieldErrorCode};

use crate::audit::{self, AuditAction};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::messaging::{self, documents, drafts, MatterRow, NewEvent, NewMessage, SupplementRow};
use crate::parties;
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::AppState;

/// Sender of the receipts Min sida writes itself.
pub const RECEIPT_SENDER: &str = "Min sida";

/// The person's matters: open ones first, then by latest event, newest first.
#[utoipa::path(
    get,
    path = "/matters",
    tag = "matters",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The matters", body = MatterList),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody)
    )
)]
pub async fn list_matters(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<MatterList>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Read).await?;
    let rows: Vec<MatterRow> = sqlx::query_as(&format!(
        "SELECT {} FROM matters t WHERE t.person_id = $1 \
         ORDER BY t.status IN ('decided', 'closed'), t.updated_at DESC, t.id DESC",
        messaging::MATTER_COLUMNS
    ))
    .bind(access.subject())
    .fetch_all(&state.pool)
    .await?;
    let event = access
        .event(state.now_unix(), AuditAction::ListMatters, "matters")
        .session(&session)
        .detail(serde_json::json!({ "count": rows.len() }));
    state.audit.record(&event).await?;
    Ok(Json(MatterList {
        matters: rows.iter().map(MatterRow::summary).collect(),
    }))
}

/// One matter with its timeline (oldest first) and its requests to supplement (waiting ones
/// first). A waiting request is `open` until its due date has passed in Swedish time, then
/// `overdue` (it can still be answered).
#[utoipa::path(
    get,
    path = "/matters/{id}",
    tag = "matters",
    params(("id" = i64, Path, description = "Matter id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The matter", body = MatterDetail),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of the person (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_matter(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
) -> Result<Json<MatterDetail>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Read).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let matter = messaging::person_matter(&mut conn, access.subject(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let timeline = messaging::timeline(&mut conn, id).await?;
    let requests: Vec<SupplementRow> = sqlx::query_as(&format!(
        "{} WHERE s.matter_id = $1 AND s.person_id = $2 \
         ORDER BY s.state = 'waiting' DESC, s.due_date, s.id",
        messaging::SUPPLEMENT_FROM
    ))
    .bind(id)
    .bind(access.subject())
    .fetch_all(&mut *conn)
    .await?;
    let today = messaging::today(now);
    let event = access
        .event(now, AuditAction::ReadMatter, "matter")
        .object_id(id)
        .session(&session);
    state.audit.record(&event).await?;
    Ok(Json(MatterDetail {
        summary: matter.summary(),
        timeline,
        supplement_requests: requests.iter().map(|r| r.to_api(&today)).collect(),
        can_reply: matter.status().is_open(),
    }))
}

/// The text of a receipt message.
fn receipt_body(
    number: &str,
    received_at: i64,
    matter: &MatterRow,
    subject: &str,
    sent_on_behalf_by: Option<&str>,
    docs: &[minsida_api::messages::DocumentInfo],
) -> String {
    let mut body = format!(
        "Vi har tagit emot det du skickade. Spara kvittensnumret om du behöver kontakta oss.\n\n\
         ## Kvittens\n\
         - Kvittensnummer: {number}\n\
         - Mottaget: {}\n\
         - Ärende: {} {}\n\
         - Ämne: {subject}\n",
        messaging::local_time_text(received_at),
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

/// Write in a matter, optionally answering a request to supplement, with documents uploaded
/// before. Everything happens in one transaction: the message, the documents, the answered
/// request, the timeline, the receipt, the receipt message in the inbox and deleting the
/// party's draft in the matter.
#[utoipa::path(
    post,
    path = "/matters/{id}/messages",
    tag = "matters",
    params(("id" = i64, Path, description = "Matter id")),
    request_body = SendMessageRequest,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "Sent; the receipt", body = Receipt),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such matter or request to supplement of the person (`not_found`), or `upload_ids`: `unknown_upload` (`not_found`, with the field)", body = ApiErrorBody),
        (status = 409, description = "The matter is decided or closed, or the request to supplement is not in this matter or no longer waits for an answer (`conflict`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `subject` `required`/`too_long`, `body` `too_long`/`body_or_document_required`, `upload_ids` `too_many_documents`", body = ApiErrorBody)
    )
)]
pub async fn send_message(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(matter_id): Path<i64>,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let (subject, body) = request.validate().map_err(ApiError::validation)?;
    let person = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;

    // The uploads: this person's, not sent yet, each once.
    let mut upload_ids = request.upload_ids.clone();
    upload_ids.sort_unstable();
    upload_ids.dedup();
    if upload_ids.len() != request.upload_ids.len() {
        return Err(ApiError::field("upload_ids", FieldErrorCode::UnknownUpload));
    }
    let mut uploads = Vec::with_capacity(upload_ids.len());
    for &upload in &request.upload_ids {
        let row: Option<documents::DocumentRow> = sqlx::query_as(&format!(
            "SELECT {} FROM documents d WHERE d.id = $1 AND d.person_id = $2 AND d.message_id IS NULL",
            documents::DOCUMENT_COLUMNS
        ))
        .bind(upload)
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
        uploads
            .push(row.ok_or_else(|| ApiError::field("upload_ids", FieldErrorCode::UnknownUpload))?);
    }

    let matter = messaging::person_matter(&mut tx, person, matter_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !matter.status().is_open() {
        return Err(ApiError::conflict("the matter is decided or closed"));
    }
    let today = messaging::today(now);
    let request_row = match request.supplement_request_id {
        None => None,
        Some(sid) => {
            let r: SupplementRow = sqlx::query_as(&format!(
                "{} WHERE s.id = $1 AND s.person_id = $2",
                messaging::SUPPLEMENT_FROM
            ))
            .bind(sid)
            .bind(person)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(ApiError::not_found)?;
            if r.matter_id != matter.id {
                return Err(ApiError::conflict(
                    "the request to supplement belongs to another matter",
                ));
            }
            if !r.status(&today).awaits_answer() {
                return Err(ApiError::conflict(
                    "the request to supplement has already been answered or was withdrawn",
                ));
            }
            Some(r)
        }
    };

    // Who sent it: the person, or the person on behalf of the party ("Anna Andersson för
    // Andersson Konsult AB"), also in the receipt.
    let actor_name = format!("{} {}", session.person.given_name, session.person.last_name);
    let sender = if access.on_behalf() {
        let party = parties::party(&mut tx, person)
            .await?
            .ok_or_else(ApiError::internal)?;
        format!("{actor_name} för {}", party.name)
    } else {
        actor_name
    };
    let sent_id = messaging::insert_message(
        &mut tx,
        &state.keys,
        &NewMessage {
            person_id: person,
            system_id: Some(matter.system_id),
            matter_id: Some(matter.id),
            direction: MessageDirection::Outgoing,
            kind: MessageKind::Message,
            sender: &sender,
            subject: &subject,
            body: &body,
            sent_at: now,
            read: true,
            attachment_count: uploads.len(),
        },
    )
    .await?;
    for upload in &uploads {
        let done = sqlx::query(
            "UPDATE documents SET message_id = $1 WHERE id = $2 AND person_id = $3 AND message_id IS NULL",
        )
        .bind(sent_id)
        .bind(upload.id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(ApiError::field("upload_ids", FieldErrorCode::UnknownUpload));
        }
    }
    let docs: Vec<_> = uploads.iter().map(documents::DocumentRow::info).collect();

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
    let receipt_subject = format!("Kvittens: {subject}");
    let receipt_text = receipt_body(
        &receipt_number,
        now,
        &matter,
        &subject,
        access.on_behalf().then_some(sender.as_str()),
        &docs,
    );
    let receipt_message_id = messaging::insert_message(
        &mut tx,
        &state.keys,
        &NewMessage {
            person_id: person,
            system_id: None,
            matter_id: Some(matter.id),
            direction: MessageDirection::Incoming,
            kind: MessageKind::Receipt,
            sender: RECEIPT_SENDER,
            subject: &receipt_subject,
            body: &receipt_text,
            sent_at: now,
            read: false,
            attachment_count: 0,
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO receipts (receipt_number, person_id, sent_message_id, receipt_message_id, received_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&receipt_number)
    .bind(person)
    .bind(sent_id)
    .bind(receipt_message_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;

    if let Some(r) = &request_row {
        sqlx::query(
            "UPDATE supplement_requests SET state = 'answered', answered_at = $1, answer_message_id = $2 \
             WHERE id = $3 AND state = 'waiting'",
        )
        .bind(now)
        .bind(sent_id)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
    }
    messaging::add_event(
        &mut tx,
        matter.id,
        now,
        TimelineKind::MessageSent,
        NewEvent {
            message_id: Some(sent_id),
            text: Some(subject.clone()),
            supplement_request_id: request_row.as_ref().map(|r| r.id),
            receipt_number: Some(receipt_number.clone()),
            document_count: docs.len(),
            ..NewEvent::default()
        },
    )
    .await?;
    if request_row.is_some() {
        messaging::set_status(
            &mut tx,
            matter.id,
            matter.status(),
            minsida_api::messages::MatterStatus::InProgress,
            None,
            now,
        )
        .await?;
    }
    // What was drafted has now been sent: the acting party's draft in the matter.
    let draft_deleted = drafts::delete(&mut tx, person, matter.id).await?;
    let event = access
        .event(now, AuditAction::SendMessage, "message")
        .object_id(sent_id)
        .session(&session)
        .detail(serde_json::json!({
            "matter": matter.id,
            "documents": docs.iter().map(|d| d.id).collect::<Vec<_>>(),
            "supplement_request": request_row.as_ref().map(|r| r.id),
            "receipt_number": receipt_number,
            "draft_deleted": draft_deleted,
        }));
    audit::record(&mut *tx, &event).await?;
    let receipt = messaging::receipt_for_message(&mut tx, person, sent_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    tracing::info!(message = sent_id, %receipt_number, "message sent by a person");
    Ok((StatusCode::CREATED, Json(receipt)))
}
