//! Secure messages and matters of the party the session acts for: the logged-in person, or
//! an organisation or person they have a valid mandate for ([`Access::for_request`]: messages
//! need `messages`, matters and writing in them `matters`, at `read` or `act`). Every lookup
//! has `person_id = <that party>` in its SQL, so anyone else's message, matter or request is
//! a 404, exactly like a missing one; that includes the person's own objects while acting for
//! someone else, and the other way round.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::messages::{
    parse_body, InboxFolder, InboxPage, InboxQuery, MatterDetail, MatterList, MessageDetail,
    MessageDirection, MessageKind, MessageStateUpdate, MessageSummary, Receipt, SendMessageRequest,
    TimelineKind, INBOX_MAX_PAGE_SIZE, INBOX_PAGE_SIZE,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::audit::{self, AuditAction};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::messaging::{
    self, documents, drafts, MatterRow, MessageRow, NewEvent, NewMessage, SupplementRow,
};
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::AppState;
use crate::{dates, parties};

/// Longest accepted search text, in characters.
const MAX_QUERY_CHARS: usize = 200;
/// Sender of the receipts Min sida writes itself.
pub const RECEIPT_SENDER: &str = "Min sida";

/// The inbox query as received: every value as text, so that bad values become field errors.
#[derive(Debug, Default, Deserialize)]
pub struct RawInboxQuery {
    folder: Option<String>,
    matter: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    page: Option<String>,
    page_size: Option<String>,
}

/// A validated inbox query.
#[derive(Debug)]
struct Filter {
    folder: InboxFolder,
    matter: Option<i64>,
    /// Unix seconds, inclusive.
    from: Option<i64>,
    /// Unix seconds, exclusive (midnight after the `to` date).
    until: Option<i64>,
    /// Lower-cased words; every one must occur.
    words: Vec<String>,
    page: u32,
    page_size: u32,
}

fn parse_filter(raw: RawInboxQuery) -> Result<Filter, ApiError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, code| {
        errors.push(FieldError {
            field: field.to_string(),
            code,
        })
    };
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let folder = match present(&raw.folder) {
        None => InboxFolder::Inbox,
        Some(f) => InboxFolder::parse(&f).unwrap_or_else(|| {
            push("folder", FieldErrorCode::InvalidValue);
            InboxFolder::Inbox
        }),
    };
    let matter = present(&raw.matter).and_then(|m| {
        m.parse::<i64>().ok().or_else(|| {
            push("matter", FieldErrorCode::InvalidValue);
            None
        })
    });
    let mut date = |field: &str, v: &Option<String>| {
        present(v).and_then(|d| {
            dates::parse_date(&d).or_else(|| {
                push(field, FieldErrorCode::InvalidDate);
                None
            })
        })
    };
    let from = date("from", &raw.from).map(dates::stockholm_midnight);
    let until = date("to", &raw.to)
        .and_then(|d| d.next_day())
        .map(dates::stockholm_midnight);
    let q = present(&raw.q).unwrap_or_default();
    if q.chars().count() > MAX_QUERY_CHARS {
        push("q", FieldErrorCode::TooLong);
    }
    let words: Vec<String> = q
        .split_whitespace()
        .map(str::to_lowercase)
        .take(10)
        .collect();
    let page = match present(&raw.page) {
        None => 1,
        Some(p) => match p.parse::<u32>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => {
                push("page", FieldErrorCode::InvalidValue);
                1
            }
        },
    };
    let page_size = match present(&raw.page_size) {
        None => INBOX_PAGE_SIZE,
        Some(p) => match p.parse::<u64>() {
            Ok(n) => n.clamp(1, u64::from(INBOX_MAX_PAGE_SIZE)) as u32,
            Err(_) => {
                push("page_size", FieldErrorCode::InvalidValue);
                INBOX_PAGE_SIZE
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Filter {
        folder,
        matter,
        from,
        until,
        words,
        page,
        page_size,
    })
}

/// ` WHERE ...` for the person's messages matching the filter (table alias `m`).
fn push_where(qb: &mut QueryBuilder<'_, Sqlite>, person_id: i64, f: &Filter) {
    qb.push(" WHERE m.person_id = ").push_bind(person_id);
    qb.push(match f.folder {
        InboxFolder::Inbox => " AND m.direction = 'incoming' AND m.archived = 0",
        InboxFolder::Unread => " AND m.direction = 'incoming' AND m.archived = 0 AND m.read = 0",
        InboxFolder::Archived => " AND m.direction = 'incoming' AND m.archived = 1",
        InboxFolder::Sent => " AND m.direction = 'outgoing'",
    });
    if let Some(matter) = f.matter {
        qb.push(" AND m.matter_id = ").push_bind(matter);
    }
    if let Some(from) = f.from {
        qb.push(" AND m.sent_at >= ").push_bind(from);
    }
    if let Some(until) = f.until {
        qb.push(" AND m.sent_at < ").push_bind(until);
    }
    for word in &f.words {
        qb.push(" AND instr(m.search_text, ")
            .push_bind(word.clone())
            .push(") > 0");
    }
}

/// The inbox: one page of the person's messages, newest first.
///
/// `inbox`, `unread` and `archived` list incoming messages (including receipts); `sent` what
/// the person has sent. `unread` in the answer counts all unread, not archived incoming
/// messages, whatever the query. Dates are Swedish calendar dates.
#[utoipa::path(
    get,
    path = "/messages",
    tag = "messages",
    params(InboxQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of messages", body = InboxPage),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `messages`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 422, description = "`from`/`to`: `invalid_date`; `folder`, `matter`, `page`, `page_size`: `invalid_value`; `q`: `too_long` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn list_messages(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Query(raw): Query<RawInboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Messages, AccessLevel::Read).await?;
    let filter = parse_filter(raw)?;
    let person = access.subject();
    let mut conn = state.pool.acquire().await?;

    let mut qb = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {} FROM messages m LEFT JOIN matters t ON t.id = m.matter_id",
        messaging::MESSAGE_COLUMNS
    ));
    push_where(&mut qb, person, &filter);
    let offset = i64::from(filter.page - 1) * i64::from(filter.page_size);
    qb.push(" ORDER BY m.sent_at DESC, m.id DESC LIMIT ")
        .push_bind(i64::from(filter.page_size))
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<MessageRow> = qb.build_query_as().fetch_all(&mut *conn).await?;

    let mut qb = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM messages m");
    push_where(&mut qb, person, &filter);
    let total: i64 = qb.build_query_scalar().fetch_one(&mut *conn).await?;
    let unread: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE person_id = ? AND direction = 'incoming' \
         AND archived = 0 AND read = 0",
    )
    .bind(person)
    .fetch_one(&mut *conn)
    .await?;

    let event = access
        .event(state.now_unix(), AuditAction::ListMessages, "messages")
        .session(&session)
        .detail(serde_json::json!({
            "folder": filter.folder.as_str(),
            "page": filter.page,
            "matter": filter.matter,
            "search": !filter.words.is_empty(),
            "count": rows.len(),
        }));
    audit::record(&mut *conn, &event).await?;

    Ok(Json(InboxPage {
        messages: rows.iter().map(MessageRow::summary).collect(),
        total: u64::try_from(total).unwrap_or(0),
        page: filter.page,
        page_size: filter.page_size,
        unread: u64::try_from(unread).unwrap_or(0),
    }))
}

/// The whole message (body, attachments, request, receipt) of one of the person's messages.
pub async fn message_detail(
    conn: &mut SqliteConnection,
    person_id: i64,
    row: &MessageRow,
    today: &str,
) -> Result<MessageDetail, sqlx::Error> {
    let attachments = messaging::attachments(&mut *conn, row.id).await?;
    let supplement_request = if row.kind() == MessageKind::SupplementRequest {
        let r: Option<SupplementRow> = sqlx::query_as(&format!(
            "{} WHERE s.message_id = ? AND s.person_id = ?",
            messaging::SUPPLEMENT_FROM
        ))
        .bind(row.id)
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?;
        r.map(|r| r.to_api(today))
    } else {
        None
    };
    let receipt =
        if row.kind() == MessageKind::Receipt || row.direction() == MessageDirection::Outgoing {
            messaging::receipt_for_message(conn, person_id, row.id).await?
        } else {
            None
        };
    Ok(MessageDetail {
        summary: row.summary(),
        body: parse_body(&row.body),
        attachments,
        supplement_request,
        receipt,
    })
}

/// One message. Opening an incoming message marks it read and records when the person first
/// opened it (the read receipt agencies see; never overwritten).
#[utoipa::path(
    get,
    path = "/messages/{id}",
    tag = "messages",
    params(("id" = i64, Path, description = "Message id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The message", body = MessageDetail),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `messages`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such message of the person (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_message(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
) -> Result<Json<MessageDetail>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Messages, AccessLevel::Read).await?;
    let person = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let mut row = messaging::person_message(&mut tx, person, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let first_read = row.direction() == MessageDirection::Incoming && row.first_read_at.is_none();
    if row.direction() == MessageDirection::Incoming && (!row.read || first_read) {
        sqlx::query(
            "UPDATE messages SET read = 1, first_read_at = COALESCE(first_read_at, ?) \
             WHERE id = ? AND person_id = ?",
        )
        .bind(now)
        .bind(id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        row.read = true;
    }
    let detail = message_detail(&mut tx, person, &row, &messaging::today(now)).await?;
    let event = access
        .event(now, AuditAction::ReadMessage, "message")
        .object_id(id)
        .session(&session)
        .detail(serde_json::json!({ "first_read": first_read }));
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(detail))
}

/// Mark a message read or unread, archive or unarchive it. Archiving never deletes. Marking
/// unread does not erase the read receipt. Outgoing messages stay read.
#[utoipa::path(
    put,
    path = "/messages/{id}/state",
    tag = "messages",
    params(("id" = i64, Path, description = "Message id")),
    request_body = MessageStateUpdate,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The message with its new state", body = MessageSummary),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `messages`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such message of the person (`not_found`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn update_state(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
    ApiJson(update): ApiJson<MessageStateUpdate>,
) -> Result<Json<MessageSummary>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Messages, AccessLevel::Act).await?;
    let person = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let row = messaging::person_message(&mut tx, person, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let read = match (row.direction(), update.read) {
        (MessageDirection::Outgoing, _) => true,
        (_, Some(r)) => r,
        (_, None) => row.read,
    };
    let archived = update.archived.unwrap_or(row.archived);
    sqlx::query("UPDATE messages SET read = ?, archived = ? WHERE id = ? AND person_id = ?")
        .bind(read)
        .bind(archived)
        .bind(id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
    let event = access
        .event(now, AuditAction::UpdateMessageState, "message")
        .object_id(id)
        .session(&session)
        .detail(serde_json::json!({ "read": read, "archived": archived }));
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    let mut summary = row.summary();
    summary.read = read;
    summary.archived = archived;
    Ok(Json(summary))
}

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
        "SELECT {} FROM matters t WHERE t.person_id = ? \
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
    audit::record(&state.pool, &event).await?;
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
        "{} WHERE s.matter_id = ? AND s.person_id = ? \
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
    audit::record(&mut *conn, &event).await?;
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
        (status = 404, description = "No such matter or request to supplement of the person (`not_found`)", body = ApiErrorBody),
        (status = 409, description = "The matter is decided or closed, or the request to supplement is not in this matter or no longer waits for an answer (`conflict`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `subject` `required`/`too_long`, `body` `too_long`/`body_or_document_required`, `upload_ids` `too_many_documents`/`unknown_upload`", body = ApiErrorBody)
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
            "SELECT {} FROM documents d WHERE d.id = ? AND d.person_id = ? AND d.message_id IS NULL",
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
                "{} WHERE s.id = ? AND s.person_id = ?",
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
            "UPDATE documents SET message_id = ? WHERE id = ? AND person_id = ? AND message_id IS NULL",
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
            sqlx::query_scalar("SELECT 1 FROM receipts WHERE receipt_number = ?")
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
         VALUES (?, ?, ?, ?, ?)",
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
            "UPDATE supplement_requests SET state = 'answered', answered_at = ?, answer_message_id = ? \
             WHERE id = ? AND state = 'waiting'",
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
