//! Secure messages and matters of the party the session acts for: the logged-in person, or
//! an organisation or person they have a valid mandate for ([`Access::for_request`]: messages
//! need `messages`, matters and writing in them `matters`, at `read` or `act`). Every lookup
//! has `person_id = <that party>` in its SQL, so anyone else's message, matter or request is
//! a 404, exactly like a missing one; that includes the person's own objects while acting for
//! someone else, and the other way round.

use axum::extract::{Path, Query, State};
use axum::Json;
use minsida_api::messages::{
    parse_body, InboxFolder, InboxPage, InboxQuery, MessageDetail, MessageDirection, MessageKind,
    MessageStateUpdate, MessageSummary, INBOX_MAX_PAGE, INBOX_MAX_PAGE_SIZE, INBOX_MAX_QUERY_CHARS,
    INBOX_PAGE_SIZE,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::db::{Backend, SqlBuilder};

use crate::audit::{self, AuditAction};
use crate::auth::CurrentSession;
use crate::dates;
use crate::error::ApiError;
use crate::messaging::{self, MessageRow, SupplementRow};
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::AppState;

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
    /// Lower-cased words; every one must occur (as the start of a word of the message).
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
    // A parameter given is checked as given: an empty value is not a folder, number or date
    // (the OpenAPI document's types), so it is an error rather than the default.
    let folder = match raw.folder.as_deref() {
        None => InboxFolder::Inbox,
        Some(f) => InboxFolder::parse(f).unwrap_or_else(|| {
            push("folder", FieldErrorCode::InvalidValue);
            InboxFolder::Inbox
        }),
    };
    let matter = raw.matter.as_deref().and_then(|m| {
        m.parse::<i64>().ok().or_else(|| {
            push("matter", FieldErrorCode::InvalidValue);
            None
        })
    });
    let mut date = |field: &str, v: &Option<String>| {
        v.as_deref().and_then(|d| {
            dates::parse_date(d).or_else(|| {
                push(field, FieldErrorCode::InvalidDate);
                None
            })
        })
    };
    let from = date("from", &raw.from).map(dates::stockholm_midnight);
    let until = date("to", &raw.to)
        .and_then(|d| d.next_day())
        .map(dates::stockholm_midnight);
    let q = raw.q.unwrap_or_default();
    if q.chars().count() > INBOX_MAX_QUERY_CHARS {
        push("q", FieldErrorCode::TooLong);
    }
    let words: Vec<String> = q
        .split_whitespace()
        .map(str::to_lowercase)
        .take(10)
        .collect();
    let mut number = |field: &str, v: Option<&str>, default: u32, max: u32| match v {
        None => default,
        Some(p) => match p.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                push(field, FieldErrorCode::InvalidValue);
                default
            }
        },
    };
    let page = number("page", raw.page.as_deref(), 1, INBOX_MAX_PAGE);
    let page_size = number(
        "page_size",
        raw.page_size.as_deref(),
        INBOX_PAGE_SIZE,
        INBOX_MAX_PAGE_SIZE,
    );
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
fn push_where(
    qb: &mut SqlBuilder,
    backend: Backend,
    keys: &crate::crypto::KeyRing,
    person_id: i64,
    f: &Filter,
) {
    qb.push(" WHERE m.person_id = ").push_bind(person_id);
    qb.push(match f.folder {
        InboxFolder::Inbox => " AND m.direction = 'incoming' AND m.archived = FALSE",
        InboxFolder::Unread => {
            " AND m.direction = 'incoming' AND m.archived = FALSE AND m.read = FALSE"
        }
        InboxFolder::Archived => " AND m.direction = 'incoming' AND m.archived = TRUE",
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
    match messaging::search_terms(&f.words) {
        Some(terms) => messaging::push_search(qb, backend, keys, &terms),
        None => {
            qb.push(" AND 1 = 0");
        }
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
    let backend = Backend::of_conn(&conn);

    // The page's ids first, from the index alone (a deep page skips thousands of entries),
    // then only those rows: a row also holds the sealed body and the search tokens, which
    // skipping whole rows would read for nothing.
    let mut qb = SqlBuilder::new(format!(
        "SELECT {} FROM messages m LEFT JOIN matters t ON t.id = m.matter_id \
         WHERE m.id IN (SELECT m.id FROM messages m",
        messaging::MESSAGE_COLUMNS
    ));
    push_where(&mut qb, backend, &state.keys, person, &filter);
    let offset = i64::from(filter.page - 1) * i64::from(filter.page_size);
    qb.push(" ORDER BY m.sent_at DESC, m.id DESC LIMIT ")
        .push_bind(i64::from(filter.page_size))
        .push(" OFFSET ")
        .push_bind(offset)
        .push(") ORDER BY m.sent_at DESC, m.id DESC");
    let (sql, args) = qb.into_parts();
    let rows: Vec<MessageRow> = sqlx::query_as_with(&sql, args)
        .fetch_all(&mut *conn)
        .await?;

    // A folder as it is: its count is kept (`mailbox_counts`); with filters, counted.
    let counts = messaging::mailbox_counts(&mut conn, person).await?;
    let unfiltered = filter.matter.is_none()
        && filter.from.is_none()
        && filter.until.is_none()
        && filter.words.is_empty();
    let total = if unfiltered {
        counts.folder(filter.folder)
    } else {
        let mut qb = SqlBuilder::new("SELECT COUNT(*) FROM messages m");
        push_where(&mut qb, backend, &state.keys, person, &filter);
        let (sql, args) = qb.into_parts();
        sqlx::query_scalar_with(&sql, args)
            .fetch_one(&mut *conn)
            .await?
    };
    let unread = counts.unread;

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
    state.audit.record(&event).await?;

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
    conn: &mut AnyConnection,
    keys: &crate::crypto::KeyRing,
    person_id: i64,
    row: &MessageRow,
    today: &str,
) -> Result<MessageDetail, ApiError> {
    let body = messaging::message_body(&mut *conn, keys, row.id).await?;
    let attachments = messaging::attachments(&mut *conn, row.id).await?;
    let supplement_request = if row.kind() == MessageKind::SupplementRequest {
        let r: Option<SupplementRow> = sqlx::query_as(&format!(
            "{} WHERE s.message_id = $1 AND s.person_id = $2",
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
        body: parse_body(&body),
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
        (status = 404, description = "No such message of the person (`not_found`)", body = ApiErrorBody),
        (status = 500, description = "The stored message body failed its integrity check (`integrity_error`); it is not shown", body = ApiErrorBody)
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
            "UPDATE messages SET read = TRUE, first_read_at = COALESCE(first_read_at, $1) \
             WHERE id = $2 AND person_id = $3",
        )
        .bind(now)
        .bind(id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        row.read = true;
    }
    let detail = message_detail(&mut tx, &state.keys, person, &row, &messaging::today(now)).await?;
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
pub async fn update_message_state(
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
    sqlx::query("UPDATE messages SET read = $1, archived = $2 WHERE id = $3 AND person_id = $4")
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
