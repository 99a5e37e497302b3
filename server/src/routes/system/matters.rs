//! A system's matters: opening one, its status, requests to supplement and what the person
//! sent in it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::messages::{
    MatterStatus, MessageKind, SystemCreateMatter, SystemDelivery, SystemMatter, SystemSetStatus,
    SystemSubmission, SystemSubmissions, SystemSupplementRequest, TimelineKind, MAX_BODY_CHARS,
    MAX_SUBJECT_CHARS,
};
use minsida_api::{ApiErrorBody, FieldErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::dates;
use crate::error::ApiError;
use crate::messaging::{self, documents, MatterRow, NewEvent};
use crate::routes::ApiJson;
use crate::systems::{scope, Authorized};
use crate::AppState;

use super::delivery::{decode_attachments, delivery_body, insert_delivery, store_attachments};
use super::{resolve_recipient, system_matter_body, Errors, MAX_SHORT_TEXT_CHARS};

/// Most items in one request to supplement.
const MAX_REQUESTED_ITEMS: usize = 20;

/// Open a matter for a person or an organisation (`recipient.organisation_number`). Idempotent on the system's `external_id`: a repeated call
/// answers 200 with the existing matter.
#[utoipa::path(
    post,
    path = "/matters",
    tag = "system-api",
    request_body = SystemCreateMatter,
    security(("bearer" = []), ("oauth2" = ["minsida:matters.write"])),
    responses(
        (status = 201, description = "Created", body = SystemMatter),
        (status = 200, description = "Already created with this `external_id`", body = SystemMatter),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 409, description = "The `external_id` is already used for another person or organisation (`conflict`)", body = ApiErrorBody),
        (status = 404, description = "The recipient is not in the register (`not_found`, field `recipient.personal_number` or `recipient.organisation_number`: `unknown_person`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `recipient.personal_number`: `invalid_personal_number`, `recipient.organisation_number`: `invalid_organisation_number`, `recipient`: `required`/`invalid_value` (give exactly one number)", body = ApiErrorBody)
    )
)]
pub async fn create_matter(
    State(state): State<AppState>,
    system: Authorized<scope::MattersWrite>,
    ApiJson(request): ApiJson<SystemCreateMatter>,
) -> Result<(StatusCode, Json<SystemMatter>), ApiError> {
    let now = state.now_unix();
    let mut errors = Errors::default();
    let title = errors.text("title", &request.title, MAX_SHORT_TEXT_CHARS);
    let handler = errors.text("handler", &request.handler, MAX_SHORT_TEXT_CHARS);
    let external_id = errors.text("external_id", &request.external_id, MAX_SHORT_TEXT_CHARS);
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let person = resolve_recipient(&mut tx, &request.recipient, now, &mut errors).await?;
    errors.finish()?;
    let person = person.ok_or_else(ApiError::internal)?;

    let existing: Option<MatterRow> = sqlx::query_as(&format!(
        "SELECT {} FROM matters t WHERE t.system_id = $1 AND t.external_id = $2",
        messaging::MATTER_COLUMNS
    ))
    .bind(system.id)
    .bind(&external_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(m) = existing {
        if m.person_id != person {
            return Err(ApiError::conflict(
                "this external_id is already used for a matter of another person or organisation",
            ));
        }
        return Ok((StatusCode::OK, Json(system_matter_body(&m))));
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
    let status = request.status.unwrap_or(MatterStatus::Received);
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO matters (person_id, system_id, external_id, reference, title, category, \
         status, handler, opened_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(person)
    .bind(system.id)
    .bind(&external_id)
    .bind(&reference)
    .bind(&title)
    .bind(request.category.as_str())
    .bind(status.as_str())
    .bind(&handler)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    messaging::add_event(
        &mut tx,
        id,
        now,
        TimelineKind::Opened,
        NewEvent {
            status: Some(status),
            ..NewEvent::default()
        },
    )
    .await?;
    let event = AuditEvent::system(
        now,
        AuditAction::SystemCreateMatter,
        "matter",
        system.id,
        Some(person),
    )
    .object_id(id);
    audit::record(&mut *tx, &event).await?;
    let matter = messaging::system_matter(&mut tx, system.id, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(system_matter_body(&matter))))
}

/// Change a matter's status, with an optional note for the person's timeline. A decided or
/// closed matter takes no more messages from the person, and its waiting requests to
/// supplement are withdrawn.
#[utoipa::path(
    put,
    path = "/matters/{id}/status",
    tag = "system-api",
    params(("id" = i64, Path, description = "Matter id")),
    request_body = SystemSetStatus,
    security(("bearer" = []), ("oauth2" = ["minsida:matters.write"])),
    responses(
        (status = 200, description = "The matter", body = SystemMatter),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 422, description = "`note`: `too_long` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn update_matter_status(
    State(state): State<AppState>,
    system: Authorized<scope::MattersWrite>,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SystemSetStatus>,
) -> Result<Json<SystemMatter>, ApiError> {
    let now = state.now_unix();
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if note
        .as_deref()
        .is_some_and(|n| n.chars().count() > MAX_SHORT_TEXT_CHARS)
    {
        return Err(ApiError::field("note", FieldErrorCode::TooLong));
    }
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let matter = messaging::system_matter(&mut tx, system.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    messaging::set_status(&mut tx, id, matter.status(), request.status, note, now).await?;
    let event = AuditEvent::system(
        now,
        AuditAction::SystemSetMatterStatus,
        "matter",
        system.id,
        Some(matter.person_id),
    )
    .object_id(id)
    .detail(serde_json::json!({ "from": matter.status().as_str(), "to": request.status.as_str() }));
    audit::record(&mut *tx, &event).await?;
    let matter = messaging::system_matter(&mut tx, system.id, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    Ok(Json(system_matter_body(&matter)))
}

/// Ask the person to supplement a matter: delivers a message of kind `supplement_request`,
/// creates the request (open until `due_date`, Swedish time) and sets the matter to
/// `awaiting_person`.
#[utoipa::path(
    post,
    path = "/matters/{id}/supplement-requests",
    tag = "system-api",
    params(("id" = i64, Path, description = "Matter id")),
    request_body = SystemSupplementRequest,
    security(("bearer" = []), ("oauth2" = ["minsida:matters.write"])),
    responses(
        (status = 201, description = "Delivered; `supplement_request_id` is set", body = SystemDelivery),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 409, description = "The matter is decided or closed (`conflict`)", body = ApiErrorBody),
        (status = 413, description = "An attachment or the body is too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "An attachment is not PDF, JPEG or PNG (`unsupported_file_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `due_date`: `invalid_date` (not a date, or before today)", body = ApiErrorBody)
    )
)]
pub async fn create_supplement_request(
    State(state): State<AppState>,
    system: Authorized<scope::MattersWrite>,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SystemSupplementRequest>,
) -> Result<(StatusCode, Json<SystemDelivery>), ApiError> {
    let now = state.now_unix();
    let matter = {
        let mut conn = state.pool.acquire().await?;
        messaging::system_matter(&mut conn, system.id, id)
            .await?
            .ok_or_else(ApiError::not_found)?
    };
    let mut errors = Errors::default();
    let sender = errors.text("sender", &request.sender, MAX_SHORT_TEXT_CHARS);
    let subject = errors.text("subject", &request.subject, MAX_SUBJECT_CHARS);
    let body = errors.text("body", &request.body, MAX_BODY_CHARS);
    let mut items = Vec::new();
    if request.requested_items.is_empty() {
        errors.push("requested_items", FieldErrorCode::Required);
    } else if request.requested_items.len() > MAX_REQUESTED_ITEMS {
        errors.push("requested_items", FieldErrorCode::InvalidValue);
    } else {
        for (i, item) in request.requested_items.iter().enumerate() {
            items.push(errors.text(&format!("requested_items[{i}]"), item, MAX_SHORT_TEXT_CHARS));
        }
    }
    let today = dates::stockholm_date(now);
    let due = match dates::parse_date(&request.due_date) {
        Some(d) if d >= today => Some(d),
        _ => {
            errors.push("due_date", FieldErrorCode::InvalidDate);
            None
        }
    };
    let decoded = decode_attachments(&request.attachments, &mut errors);
    errors.finish()?;
    let due = dates::format_date(due.ok_or_else(ApiError::internal)?);
    if !matter.status().is_open() {
        return Err(ApiError::conflict("the matter is decided or closed"));
    }
    let stored = store_attachments(&state, decoded).await?;

    let result = async {
        let mut tx = crate::db::begin_write(&state.pool).await?;
        // The status may have changed since the check above.
        let matter = messaging::system_matter(&mut tx, system.id, id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        if !matter.status().is_open() {
            return Ok(None);
        }
        let delivered = insert_delivery(
            &state,
            &mut tx,
            &system,
            matter.person_id,
            Some((id, matter.category())),
            MessageKind::SupplementRequest,
            &sender,
            &subject,
            &body,
            &stored,
            now,
        )
        .await?;
        let request_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO supplement_requests (matter_id, person_id, message_id, requested_items, \
             due_date, state) VALUES ($1, $2, $3, $4, $5, 'waiting') RETURNING id",
        )
        .bind(id)
        .bind(matter.person_id)
        .bind(delivered.message_id)
        .bind(serde_json::to_string(&items).unwrap_or_else(|_| "[]".into()))
        .bind(&due)
        .fetch_one(&mut *tx)
        .await?;
        messaging::add_event(
            &mut tx,
            id,
            now,
            TimelineKind::SupplementRequested,
            NewEvent {
                message_id: Some(delivered.message_id),
                text: Some(subject.clone()),
                supplement_request_id: Some(request_id),
                document_count: delivered.attachments.len(),
                ..NewEvent::default()
            },
        )
        .await?;
        if matter.status() != MatterStatus::AwaitingPerson {
            messaging::set_status(
                &mut tx,
                id,
                matter.status(),
                MatterStatus::AwaitingPerson,
                None,
                now,
            )
            .await?;
        }
        let event = AuditEvent::system(
            now,
            AuditAction::SystemRequestSupplement,
            "supplement_request",
            system.id,
            Some(matter.person_id),
        )
        .object_id(request_id)
        .detail(serde_json::json!({
            "matter": id,
            "message": delivered.message_id,
            "attachments": delivered.attachments.len(),
            "notices": delivered.notices.channels,
        }));
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some((delivered, request_id)))
    }
    .await;
    match result {
        Ok(Some((delivered, request_id))) => {
            state.wake_outbox();
            Ok((
                StatusCode::CREATED,
                Json(delivery_body(delivered, Some(request_id), now)),
            ))
        }
        Ok(None) => {
            documents::discard(&state, &stored).await;
            Err(ApiError::conflict("the matter is decided or closed"))
        }
        Err(e) => {
            documents::discard(&state, &stored).await;
            Err(e.into())
        }
    }
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    subject: String,
    body: String,
    body_sealed: Option<Vec<u8>>,
    receipt_number: String,
    received_at: i64,
    supplement_request_id: Option<i64>,
}

/// What the person has sent in a matter of this system, oldest first, with receipt numbers
/// and documents (download them with `GET /api/system/v1/documents/{id}`).
#[utoipa::path(
    get,
    path = "/matters/{id}/submissions",
    tag = "system-api",
    params(("id" = i64, Path, description = "Matter id")),
    security(("bearer" = []), ("oauth2" = ["minsida:matters.read"])),
    responses(
        (status = 200, description = "The submissions", body = SystemSubmissions),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 500, description = "A stored message body failed its integrity check (`integrity_error`); nothing is served", body = ApiErrorBody)
    )
)]
pub async fn list_submissions(
    State(state): State<AppState>,
    system: Authorized<scope::MattersRead>,
    Path(id): Path<i64>,
) -> Result<Json<SystemSubmissions>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let matter = messaging::system_matter(&mut conn, system.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let rows: Vec<SubmissionRow> = sqlx::query_as(
        "SELECT m.id, m.subject, m.body, m.body_sealed, r.receipt_number, r.received_at, \
         s.id AS supplement_request_id FROM messages m \
         JOIN receipts r ON r.sent_message_id = m.id \
         LEFT JOIN supplement_requests s ON s.answer_message_id = m.id \
         WHERE m.matter_id = $1 AND m.system_id = $2 AND m.direction = 'outgoing' \
         ORDER BY m.sent_at, m.id",
    )
    .bind(id)
    .bind(system.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let documents = messaging::attachments(&mut conn, r.id).await?;
        out.push(SystemSubmission {
            message_id: r.id,
            receipt_number: r.receipt_number,
            received_at: format_unix(r.received_at),
            supplement_request_id: r.supplement_request_id,
            subject: r.subject,
            body: messaging::verified_body(&state.keys, r.id, r.body, r.body_sealed.as_deref())?,
            documents,
        });
    }
    let event = AuditEvent::system(
        state.now_unix(),
        AuditAction::SystemReadSubmissions,
        "matter",
        system.id,
        Some(matter.person_id),
    )
    .object_id(id)
    .detail(serde_json::json!({ "count": out.len() }));
    state.audit.record(&event).await?;
    Ok(Json(SystemSubmissions {
        matter_id: id,
        submissions: out,
    }))
}
