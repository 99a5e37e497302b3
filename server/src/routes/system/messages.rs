//! Messages a system delivers, and their read receipts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::messages::{
    MessageKind, SystemDeliverMessage, SystemDelivery, SystemReadReceipt, TimelineKind,
    MAX_BODY_CHARS, MAX_SUBJECT_CHARS,
};
use minsida_api::ApiErrorBody;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::error::ApiError;
use crate::messaging::{self, documents, NewEvent};
use crate::routes::ApiJson;
use crate::systems::{scope, Authorized};
use crate::AppState;

use super::delivery::{decode_attachments, delivery_body, insert_delivery, store_attachments};
use super::{resolve_recipient, Errors, MAX_SHORT_TEXT_CHARS};

/// Deliver a message to a person or an organisation (`recipient.organisation_number`),
/// optionally in one of this system's matters of that recipient.
/// Attachments are base64; each must be a PDF, JPEG or PNG (judged by content) within the
/// size limit, at most 10.
#[utoipa::path(
    post,
    path = "/messages",
    tag = "system-api",
    request_body = SystemDeliverMessage,
    security(("bearer" = []), ("oauth2" = ["minsida:messages.write"])),
    responses(
        (status = 201, description = "Delivered", body = SystemDelivery),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 409, description = "`matter_id` is a matter of another person or organisation than the recipient (`conflict`)", body = ApiErrorBody),
        (status = 404, description = "`matter_id` is not a matter of this system (`not_found`), or the recipient is not in the register (`not_found`, field `recipient.personal_number` or `recipient.organisation_number`: `unknown_person`)", body = ApiErrorBody),
        (status = 413, description = "An attachment or the body is too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "An attachment is not PDF, JPEG or PNG (`unsupported_file_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `recipient.personal_number`: `invalid_personal_number`, `recipient.organisation_number`: `invalid_organisation_number`, `recipient`: `required`/`invalid_value` (give exactly one number)", body = ApiErrorBody)
    )
)]
pub async fn deliver_message(
    State(state): State<AppState>,
    system: Authorized<scope::MessagesWrite>,
    ApiJson(request): ApiJson<SystemDeliverMessage>,
) -> Result<(StatusCode, Json<SystemDelivery>), ApiError> {
    let now = state.now_unix();
    let mut errors = Errors::default();
    let sender = errors.text("sender", &request.sender, MAX_SHORT_TEXT_CHARS);
    let subject = errors.text("subject", &request.subject, MAX_SUBJECT_CHARS);
    let body = errors.text("body", &request.body, MAX_BODY_CHARS);
    let decoded = decode_attachments(&request.attachments, &mut errors);
    let (person, matter, other_recipient) = {
        let mut conn = state.pool.acquire().await?;
        let person = resolve_recipient(&mut conn, &request.recipient, now, &mut errors).await?;
        let mut matter = None;
        let mut other_recipient = false;
        if let (Some(matter_id), Some(person)) = (request.matter_id, person) {
            let row = messaging::system_matter(&mut conn, system.id, matter_id)
                .await?
                .ok_or_else(ApiError::not_found)?;
            other_recipient = row.person_id != person;
            matter = Some((matter_id, row.category()));
        }
        (person, matter, other_recipient)
    };
    errors.finish()?;
    // A well-formed request about an existing matter, only not this recipient's.
    if other_recipient {
        return Err(ApiError::conflict(
            "the matter belongs to another person or organisation than the recipient",
        ));
    }
    let person = person.ok_or_else(ApiError::internal)?;
    let stored = store_attachments(&state, decoded).await?;

    let result = async {
        let mut tx = crate::db::begin_write(&state.pool).await?;
        let delivered = insert_delivery(
            &state,
            &mut tx,
            &system,
            person,
            matter,
            MessageKind::Message,
            &sender,
            &subject,
            &body,
            &stored,
            now,
        )
        .await?;
        if let Some(matter_id) = request.matter_id {
            messaging::add_event(
                &mut tx,
                matter_id,
                now,
                TimelineKind::MessageReceived,
                NewEvent {
                    message_id: Some(delivered.message_id),
                    text: Some(subject.clone()),
                    document_count: delivered.attachments.len(),
                    ..NewEvent::default()
                },
            )
            .await?;
        }
        let event = AuditEvent::system(
            now,
            AuditAction::SystemDeliverMessage,
            "message",
            system.id,
            Some(person),
        )
        .object_id(delivered.message_id)
        .detail(serde_json::json!({
            "matter": request.matter_id,
            "attachments": delivered.attachments.len(),
            "notices": delivered.notices.channels,
        }));
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(delivered)
    }
    .await;
    match result {
        Ok(delivered) => {
            state.wake_outbox();
            Ok((
                StatusCode::CREATED,
                Json(delivery_body(delivered, None, now)),
            ))
        }
        Err(e) => {
            documents::discard(&state, &stored).await;
            Err(e.into())
        }
    }
}

/// Whether, and when first, the person opened a message this system delivered.
#[utoipa::path(
    get,
    path = "/messages/{id}/receipt",
    tag = "system-api",
    params(("id" = i64, Path, description = "Message id")),
    security(("bearer" = []), ("oauth2" = ["minsida:messages.read"])),
    responses(
        (status = 200, description = "The read receipt", body = SystemReadReceipt),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such message delivered by this system (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_read_receipt(
    State(state): State<AppState>,
    system: Authorized<scope::MessagesRead>,
    Path(id): Path<i64>,
) -> Result<Json<SystemReadReceipt>, ApiError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT person_id, sent_at, first_read_at FROM messages \
         WHERE id = $1 AND system_id = $2 AND direction = 'incoming'",
    )
    .bind(id)
    .bind(system.id)
    .fetch_optional(&state.pool)
    .await?;
    let (person, sent_at, first_read_at) = row.ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::system(
        state.now_unix(),
        AuditAction::SystemReadReceipt,
        "message",
        system.id,
        Some(person),
    )
    .object_id(id);
    state.audit.record(&event).await?;
    Ok(Json(SystemReadReceipt {
        message_id: id,
        delivered_at: format_unix(sent_at),
        first_read_at: first_read_at.map(format_unix),
    }))
}
