//! The system-to-system API under `/api/system/v1`, for the agency's case handling systems.
//!
//! Authenticated with `Authorization: Bearer <api key>` ([`SystemClient`]); a citizen session
//! cookie means nothing here. A system only sees the matters and messages it created:
//! every query has `system_id = <the caller>` in its SQL, others' objects are 404.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use base64::Engine as _;
use minsida_api::channels::SystemChannelPreferences;
use minsida_api::messages::{
    clean_file_name, AcceptedFileType, MatterCategory, MatterStatus, MessageDirection, MessageKind,
    Recipient, SystemAttachment, SystemCreateMatter, SystemDeliverMessage, SystemDelivery,
    SystemMatter, SystemReadReceipt, SystemSetStatus, SystemSubmission, SystemSubmissions,
    SystemSupplementRequest, TimelineKind, MAX_BODY_CHARS, MAX_DOCUMENTS_PER_MESSAGE,
    MAX_SUBJECT_CHARS,
};
use minsida_api::representation::PartyKind;
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};
use sqlx::SqliteConnection;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::channels;
use crate::dates;
use crate::error::ApiError;
use crate::messaging::{self, documents, MatterRow, NewEvent, NewMessage};
use crate::outbox::{self, DeliveryNotices};
use crate::parties;
use crate::routes::ApiJson;
use crate::systems::SystemClient;
use crate::AppState;

/// Longest sender, title, handler, external id, note or requested item, in characters.
const MAX_SHORT_TEXT_CHARS: usize = 200;
/// Most items in one request to supplement.
const MAX_REQUESTED_ITEMS: usize = 20;

/// Collects field errors.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn push(&mut self, field: impl Into<String>, code: FieldErrorCode) {
        self.0.push(FieldError {
            field: field.into(),
            code,
        });
    }

    /// The trimmed text; `required` when empty, `too_long` over `max` characters.
    fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.push(field, FieldErrorCode::Required);
        } else if v.chars().count() > max {
            self.push(field, FieldErrorCode::TooLong);
        }
        v.to_string()
    }

    pub(crate) fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

/// Find the recipient in the register: a person by `recipient.personal_number` or an
/// organisation by `recipient.organisation_number`, exactly one of the two (`recipient`:
/// `required` when neither, `invalid_value` when both). The number's field gets
/// `invalid_personal_number` / `invalid_organisation_number` when malformed, `unknown_person`
/// when no such party is in the register (for an organisation too: a legal person).
async fn resolve_recipient(
    conn: &mut SqliteConnection,
    recipient: &Recipient,
    now: i64,
    errors: &mut Errors,
) -> Result<Option<i64>, sqlx::Error> {
    let (field, number, kind) = match (
        recipient.personal_number.as_deref(),
        recipient.organisation_number.as_deref(),
    ) {
        (Some(pn), None) => (
            "recipient.personal_number",
            parties::parse_personal_number(pn, now),
            PartyKind::Person,
        ),
        (None, Some(on)) => (
            "recipient.organisation_number",
            parties::parse_organisation_number(on),
            PartyKind::Organisation,
        ),
        (None, None) => {
            errors.push("recipient", FieldErrorCode::Required);
            return Ok(None);
        }
        (Some(_), Some(_)) => {
            errors.push("recipient", FieldErrorCode::InvalidValue);
            return Ok(None);
        }
    };
    let number = match number {
        Ok(n) => n,
        Err(code) => {
            errors.push(field, code);
            return Ok(None);
        }
    };
    let party = parties::party_by_identifier(conn, &number, kind).await?;
    if party.is_none() {
        errors.push(field, FieldErrorCode::UnknownPerson);
    }
    Ok(party.map(|p| p.id))
}

/// A checked, decoded attachment.
struct DecodedAttachment {
    file_name: String,
    content: Vec<u8>,
}

/// Check the attachments' names, encoding and count (field errors), then — once every field
/// is valid — their size (413) and type by content (415).
fn decode_attachments(
    attachments: &[SystemAttachment],
    errors: &mut Errors,
) -> Vec<DecodedAttachment> {
    if attachments.len() > MAX_DOCUMENTS_PER_MESSAGE {
        errors.push("attachments", FieldErrorCode::TooManyDocuments);
        return Vec::new();
    }
    let mut out = Vec::with_capacity(attachments.len());
    for (i, a) in attachments.iter().enumerate() {
        let name = clean_file_name(&a.file_name);
        if name.is_none() {
            errors.push(
                format!("attachments[{i}].file_name"),
                FieldErrorCode::Required,
            );
        }
        let content = base64::engine::general_purpose::STANDARD.decode(a.content_base64.trim());
        match content {
            Ok(c) if c.is_empty() => errors.push(
                format!("attachments[{i}].content_base64"),
                FieldErrorCode::Required,
            ),
            Ok(c) => {
                if let Some(file_name) = name {
                    out.push(DecodedAttachment {
                        file_name,
                        content: c,
                    });
                }
            }
            Err(_) => errors.push(
                format!("attachments[{i}].content_base64"),
                FieldErrorCode::InvalidValue,
            ),
        }
    }
    out
}

/// Size and type checks, then encryption and storage of every attachment.
async fn store_attachments(
    state: &AppState,
    attachments: Vec<DecodedAttachment>,
) -> Result<Vec<documents::StoredDocument>, ApiError> {
    let mut checked = Vec::with_capacity(attachments.len());
    for a in attachments {
        if a.content.len() as u64 > state.config.max_upload_bytes {
            return Err(ApiError::payload_too_large());
        }
        let file_type =
            AcceptedFileType::sniff(&a.content).ok_or_else(ApiError::unsupported_file_type)?;
        checked.push((a, file_type));
    }
    let mut stored = Vec::with_capacity(checked.len());
    for (a, file_type) in checked {
        match documents::seal_and_store(state, a.file_name, file_type, a.content).await {
            Ok(doc) => stored.push(doc),
            Err(e) => {
                documents::discard(state, &stored).await;
                return Err(e);
            }
        }
    }
    Ok(stored)
}

fn system_matter_body(m: &MatterRow) -> SystemMatter {
    SystemMatter {
        id: m.id,
        reference: m.reference.clone(),
        external_id: m.external_id.clone(),
        status: m.status(),
        opened_at: format_unix(m.opened_at),
    }
}

/// Open a matter for a person or an organisation (`recipient.organisation_number`). Idempotent on the system's `external_id`: a repeated call
/// answers 200 with the existing matter.
#[utoipa::path(
    post,
    path = "/matters",
    tag = "system-api",
    request_body = SystemCreateMatter,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = SystemMatter),
        (status = 200, description = "Already created with this `external_id`", body = SystemMatter),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 409, description = "The `external_id` is already used for another person or organisation (`conflict`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `recipient.personal_number`: `invalid_personal_number`/`unknown_person`, `recipient.organisation_number`: `invalid_organisation_number`/`unknown_person`, `recipient`: `required`/`invalid_value` (give exactly one number)", body = ApiErrorBody)
    )
)]
pub async fn create_matter(
    State(state): State<AppState>,
    system: SystemClient,
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
        "SELECT {} FROM matters t WHERE t.system_id = ? AND t.external_id = ?",
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
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM matters WHERE reference = ?")
            .bind(&reference)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_none() {
            break;
        }
        reference = messaging::new_matter_reference(now);
    }
    let status = request.status.unwrap_or(MatterStatus::Received);
    let id = sqlx::query(
        "INSERT INTO matters (person_id, system_id, external_id, reference, title, category, \
         status, handler, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
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
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The matter", body = SystemMatter),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 422, description = "`note`: `too_long` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn set_status(
    State(state): State<AppState>,
    system: SystemClient,
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

/// A message delivered in [`insert_delivery`].
struct Delivered {
    message_id: i64,
    attachments: Vec<minsida_api::messages::DocumentInfo>,
    notices: DeliveryNotices,
}

/// Insert an incoming message with its stored attachments and queue the notices the person
/// chose for its kind of matter (`category`; `Other` without a matter). The caller removes
/// the ciphertext again if the transaction fails, and wakes the outbox after the commit.
#[allow(clippy::too_many_arguments)]
async fn insert_delivery(
    state: &AppState,
    tx: &mut SqliteConnection,
    system: &SystemClient,
    person: i64,
    matter: Option<(i64, MatterCategory)>,
    kind: MessageKind,
    sender: &str,
    subject: &str,
    body: &str,
    stored: &[documents::StoredDocument],
    now: i64,
) -> Result<Delivered, sqlx::Error> {
    let matter_id = matter.map(|(id, _)| id);
    let category = matter.map_or(MatterCategory::Other, |(_, c)| c);
    let message_id = messaging::insert_message(
        tx,
        &NewMessage {
            person_id: person,
            system_id: Some(system.id),
            matter_id,
            direction: MessageDirection::Incoming,
            kind,
            sender,
            subject,
            body,
            sent_at: now,
            read: false,
            attachment_count: stored.len(),
        },
    )
    .await?;
    let mut attachments = Vec::with_capacity(stored.len());
    for doc in stored {
        attachments.push(documents::insert(tx, doc, person, Some(message_id), now).await?);
    }
    let notices = outbox::queue_new_message_notices(
        tx,
        person,
        message_id,
        category,
        &state.config.public_url,
        now,
    )
    .await?;
    Ok(Delivered {
        message_id,
        attachments,
        notices,
    })
}

/// The answer to a delivery.
fn delivery_body(
    delivered: Delivered,
    supplement_request_id: Option<i64>,
    now: i64,
) -> SystemDelivery {
    SystemDelivery {
        message_id: delivered.message_id,
        supplement_request_id,
        delivered_at: format_unix(now),
        attachments: delivered.attachments,
        notices: delivered.notices.channels,
        paper_letter_requested: delivered.notices.paper_letter_requested,
    }
}

/// Deliver a message to a person or an organisation (`recipient.organisation_number`),
/// optionally in one of this system's matters of that recipient.
/// Attachments are base64; each must be a PDF, JPEG or PNG (judged by content) within the
/// size limit, at most 10.
#[utoipa::path(
    post,
    path = "/messages",
    tag = "system-api",
    request_body = SystemDeliverMessage,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Delivered", body = SystemDelivery),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "`matter_id` is not a matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 413, description = "An attachment or the body is too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "An attachment is not PDF, JPEG or PNG (`unsupported_file_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `recipient.personal_number`: `invalid_personal_number`/`unknown_person`, `recipient.organisation_number`: `invalid_organisation_number`/`unknown_person`, `recipient`: `required`/`invalid_value` (give exactly one number)", body = ApiErrorBody)
    )
)]
pub async fn deliver_message(
    State(state): State<AppState>,
    system: SystemClient,
    ApiJson(request): ApiJson<SystemDeliverMessage>,
) -> Result<(StatusCode, Json<SystemDelivery>), ApiError> {
    let now = state.now_unix();
    let mut errors = Errors::default();
    let sender = errors.text("sender", &request.sender, MAX_SHORT_TEXT_CHARS);
    let subject = errors.text("subject", &request.subject, MAX_SUBJECT_CHARS);
    let body = errors.text("body", &request.body, MAX_BODY_CHARS);
    let decoded = decode_attachments(&request.attachments, &mut errors);
    let (person, matter) = {
        let mut conn = state.pool.acquire().await?;
        let person = resolve_recipient(&mut conn, &request.recipient, now, &mut errors).await?;
        let mut matter = None;
        if let (Some(matter_id), Some(person)) = (request.matter_id, person) {
            let row = messaging::system_matter(&mut conn, system.id, matter_id)
                .await?
                .ok_or_else(ApiError::not_found)?;
            if row.person_id != person {
                errors.push("matter_id", FieldErrorCode::InvalidValue);
            }
            matter = Some((matter_id, row.category()));
        }
        (person, matter)
    };
    errors.finish()?;
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

/// Ask the person to supplement a matter: delivers a message of kind `supplement_request`,
/// creates the request (open until `due_date`, Swedish time) and sets the matter to
/// `awaiting_person`.
#[utoipa::path(
    post,
    path = "/matters/{id}/supplement-requests",
    tag = "system-api",
    params(("id" = i64, Path, description = "Matter id")),
    request_body = SystemSupplementRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Delivered; `supplement_request_id` is set", body = SystemDelivery),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody),
        (status = 409, description = "The matter is decided or closed (`conflict`)", body = ApiErrorBody),
        (status = 413, description = "An attachment or the body is too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "An attachment is not PDF, JPEG or PNG (`unsupported_file_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`), e.g. `due_date`: `invalid_date` (not a date, or before today)", body = ApiErrorBody)
    )
)]
pub async fn create_supplement_request(
    State(state): State<AppState>,
    system: SystemClient,
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
        let request_id = sqlx::query(
            "INSERT INTO supplement_requests (matter_id, person_id, message_id, requested_items, \
             due_date, state) VALUES (?, ?, ?, ?, ?, 'waiting')",
        )
        .bind(id)
        .bind(matter.person_id)
        .bind(delivered.message_id)
        .bind(serde_json::to_string(&items).unwrap_or_else(|_| "[]".into()))
        .bind(&due)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
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

/// Whether, and when first, the person opened a message this system delivered.
#[utoipa::path(
    get,
    path = "/messages/{id}/receipt",
    tag = "system-api",
    params(("id" = i64, Path, description = "Message id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The read receipt", body = SystemReadReceipt),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such message delivered by this system (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn read_receipt(
    State(state): State<AppState>,
    system: SystemClient,
    Path(id): Path<i64>,
) -> Result<Json<SystemReadReceipt>, ApiError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT person_id, sent_at, first_read_at FROM messages \
         WHERE id = ? AND system_id = ? AND direction = 'incoming'",
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
    audit::record(&state.pool, &event).await?;
    Ok(Json(SystemReadReceipt {
        message_id: id,
        delivered_at: format_unix(sent_at),
        first_read_at: first_read_at.map(format_unix),
    }))
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    subject: String,
    body: String,
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
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The submissions", body = SystemSubmissions),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of this system (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn submissions(
    State(state): State<AppState>,
    system: SystemClient,
    Path(id): Path<i64>,
) -> Result<Json<SystemSubmissions>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let matter = messaging::system_matter(&mut conn, system.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let rows: Vec<SubmissionRow> = sqlx::query_as(
        "SELECT m.id, m.subject, m.body, r.receipt_number, r.received_at, \
         s.id AS supplement_request_id FROM messages m \
         JOIN receipts r ON r.sent_message_id = m.id \
         LEFT JOIN supplement_requests s ON s.answer_message_id = m.id \
         WHERE m.matter_id = ? AND m.system_id = ? AND m.direction = 'outgoing' \
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
            body: r.body,
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
    audit::record(&mut *conn, &event).await?;
    Ok(Json(SystemSubmissions {
        matter_id: id,
        submissions: out,
    }))
}

/// Download a document of a message this system delivered or that was sent in one of its
/// matters. Same headers and integrity check as the person's download.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "system-api",
    params(("id" = i64, Path, description = "Document id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The document, as an attachment with the detected content type",
            content(
                (String = "application/pdf"),
                (String = "image/jpeg"),
                (String = "image/png"),
            )),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such document for this system (`not_found`)", body = ApiErrorBody),
        (status = 500, description = "The stored document failed its integrity check (`integrity_error`)", body = ApiErrorBody)
    )
)]
pub async fn download_document(
    State(state): State<AppState>,
    system: SystemClient,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let row: documents::DocumentRow = sqlx::query_as(&format!(
        "SELECT {} FROM documents d JOIN messages m ON m.id = d.message_id \
         WHERE d.id = ? AND m.system_id = ?",
        documents::DOCUMENT_COLUMNS
    ))
    .bind(id)
    .bind(system.id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::system(
        state.now_unix(),
        AuditAction::SystemDownloadDocument,
        "document",
        system.id,
        Some(row.person_id),
    )
    .object_id(id)
    .detail(serde_json::json!({ "message": row.message_id }));
    audit::record(&state.pool, &event).await?;
    let bytes = documents::load_verified(&state, &row).await?;
    Ok(documents::download_response(&row, bytes))
}

/// A person's channel preferences, for a case officer or a mailing system deciding how to
/// reach them: the choices and which details are verified, never the addresses themselves.
/// Every system with a key may read every person's preferences; each read is audited.
#[utoipa::path(
    get,
    path = "/persons/{personal_number}/channel-preferences",
    tag = "system-api",
    params(("personal_number" = String, Path, description = "Personal identity number or coordination number, 10 or 12 digits, with or without separator")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The saved (or default) choices", body = SystemChannelPreferences),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody),
        (status = 404, description = "No such person (`not_found`)", body = ApiErrorBody),
        (status = 422, description = "`personal_number`: `invalid_personal_number` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn channel_preferences(
    State(state): State<AppState>,
    system: SystemClient,
    Path(personal_number): Path<String>,
) -> Result<Json<SystemChannelPreferences>, ApiError> {
    let now = state.now_unix();
    let pin = parties::parse_personal_number(&personal_number, now)
        .map_err(|code| ApiError::field("personal_number", code))?;
    let mut conn = state.pool.acquire().await?;
    let person = parties::party_by_identifier(&mut conn, &pin, PartyKind::Person)
        .await?
        .ok_or_else(ApiError::not_found)?
        .id;
    let saved = channels::load_prefs(&mut conn, person).await?;
    let verified = channels::contact_state(&mut conn, person).await?.verified();
    let event = AuditEvent::system(
        now,
        AuditAction::SystemReadChannelPrefs,
        "channel_prefs",
        system.id,
        Some(person),
    )
    .object_id(person);
    audit::record(&mut *conn, &event).await?;
    Ok(Json(SystemChannelPreferences {
        personal_number: pin,
        is_default: saved.updated_at.is_none(),
        updated_at: saved.updated_at.map(format_unix),
        prefs: saved.prefs,
        email_verified: verified.email,
        mobile_verified: verified.mobile,
    }))
}
