//! Secure messages, matters, requests to supplement and receipts: the queries and the
//! building blocks shared by the citizen routes and the system-to-system API.
//!
//! Every query that reads a person's objects takes the person's id and puts it in the SQL
//! (`person_id = ?`); every query of the system API takes the system's id. An object of
//! someone else is therefore indistinguishable from a missing one (404).

pub mod documents;
pub mod drafts;

use minsida_api::messages::{
    DocumentInfo, MatterCategory, MatterRef, MatterStatus, MatterSummary, MessageDirection,
    MessageKind, MessageSummary, Receipt, SupplementRequest, SupplementStatus, TimelineEvent,
    TimelineKind,
};
use rand::Rng as _;
use sqlx::SqliteConnection;

use crate::auth::session::format_unix;
use crate::dates;

pub fn direction_str(d: MessageDirection) -> &'static str {
    match d {
        MessageDirection::Incoming => "incoming",
        MessageDirection::Outgoing => "outgoing",
    }
}

fn parse_direction(s: &str) -> MessageDirection {
    if s == "outgoing" {
        MessageDirection::Outgoing
    } else {
        MessageDirection::Incoming
    }
}

pub fn kind_str(k: MessageKind) -> &'static str {
    match k {
        MessageKind::Message => "message",
        MessageKind::SupplementRequest => "supplement_request",
        MessageKind::Receipt => "receipt",
    }
}

fn parse_kind(s: &str) -> MessageKind {
    match s {
        "supplement_request" => MessageKind::SupplementRequest,
        "receipt" => MessageKind::Receipt,
        _ => MessageKind::Message,
    }
}

pub fn timeline_kind_str(k: TimelineKind) -> &'static str {
    match k {
        TimelineKind::Opened => "opened",
        TimelineKind::StatusChanged => "status_changed",
        TimelineKind::MessageReceived => "message_received",
        TimelineKind::SupplementRequested => "supplement_requested",
        TimelineKind::MessageSent => "message_sent",
    }
}

fn parse_timeline_kind(s: &str) -> TimelineKind {
    match s {
        "opened" => TimelineKind::Opened,
        "status_changed" => TimelineKind::StatusChanged,
        "supplement_requested" => TimelineKind::SupplementRequested,
        "message_sent" => TimelineKind::MessageSent,
        _ => TimelineKind::MessageReceived,
    }
}

/// The text the inbox search looks in: subject and body, lower-cased (Unicode-aware).
pub fn search_text(subject: &str, body: &str) -> String {
    format!("{}\n{}", subject.to_lowercase(), body.to_lowercase())
}

/// Today's date in Swedish time, `YYYY-MM-DD`.
pub fn today(now: i64) -> String {
    dates::format_date(dates::stockholm_date(now))
}

/// `2026-03-01 14:05` in Swedish time, for texts shown to the person.
pub fn local_time_text(unix: i64) -> String {
    let local = unix + dates::stockholm_offset_secs(unix);
    time::OffsetDateTime::from_unix_timestamp(local)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// Crockford's base32 alphabet (no I, L, O, U).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new receipt number like `K-2026-4F7Q-9XK2` (40 random bits).
pub fn new_receipt_number(now: i64) -> String {
    let mut rng = rand::rng();
    let mut group = || -> String {
        (0..4)
            .map(|_| CROCKFORD[rng.random_range(0..32)] as char)
            .collect()
    };
    let year = dates::stockholm_date(now).year();
    format!("K-{year}-{}-{}", group(), group())
}

/// A new matter reference like `2026-004711` (random, so references reveal no volumes).
pub fn new_matter_reference(now: i64) -> String {
    let year = dates::stockholm_date(now).year();
    format!("{year}-{:06}", rand::rng().random_range(0..1_000_000))
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// The columns of [`MessageRow`], with `m` = messages and `t` = matters (LEFT JOIN).
pub const MESSAGE_COLUMNS: &str = "m.id, m.person_id, m.system_id, m.direction, m.kind, \
     m.sender, m.subject, m.body, m.sent_at, m.read, m.first_read_at, m.archived, \
     m.attachment_count, m.matter_id, t.reference AS matter_reference, t.title AS matter_title";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub person_id: i64,
    pub system_id: Option<i64>,
    pub direction: String,
    pub kind: String,
    pub sender: String,
    pub subject: String,
    pub body: String,
    pub sent_at: i64,
    pub read: bool,
    pub first_read_at: Option<i64>,
    pub archived: bool,
    pub attachment_count: i64,
    pub matter_id: Option<i64>,
    pub matter_reference: Option<String>,
    pub matter_title: Option<String>,
}

impl MessageRow {
    pub fn direction(&self) -> MessageDirection {
        parse_direction(&self.direction)
    }

    pub fn kind(&self) -> MessageKind {
        parse_kind(&self.kind)
    }

    pub fn matter_ref(&self) -> Option<MatterRef> {
        match (self.matter_id, &self.matter_reference, &self.matter_title) {
            (Some(id), Some(reference), Some(title)) => Some(MatterRef {
                id,
                reference: reference.clone(),
                title: title.clone(),
            }),
            _ => None,
        }
    }

    pub fn summary(&self) -> MessageSummary {
        MessageSummary {
            id: self.id,
            direction: self.direction(),
            kind: self.kind(),
            sender: self.sender.clone(),
            subject: self.subject.clone(),
            sent_at: format_unix(self.sent_at),
            read: self.read,
            archived: self.archived,
            attachment_count: u32::try_from(self.attachment_count).unwrap_or(0),
            matter: self.matter_ref(),
        }
    }
}

/// One of the person's messages.
pub async fn person_message(
    conn: &mut SqliteConnection,
    person_id: i64,
    message_id: i64,
) -> Result<Option<MessageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages m LEFT JOIN matters t ON t.id = m.matter_id \
         WHERE m.id = ? AND m.person_id = ?"
    ))
    .bind(message_id)
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// A new message to insert.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub person_id: i64,
    pub system_id: Option<i64>,
    pub matter_id: Option<i64>,
    pub direction: MessageDirection,
    pub kind: MessageKind,
    pub sender: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub sent_at: i64,
    /// Outgoing messages are read from the start.
    pub read: bool,
    pub attachment_count: usize,
}

/// Insert a message; returns its id.
pub async fn insert_message(
    conn: &mut SqliteConnection,
    m: &NewMessage<'_>,
) -> Result<i64, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO messages (person_id, system_id, matter_id, direction, kind, sender, subject, \
         body, search_text, sent_at, read, attachment_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.person_id)
    .bind(m.system_id)
    .bind(m.matter_id)
    .bind(direction_str(m.direction))
    .bind(kind_str(m.kind))
    .bind(m.sender)
    .bind(m.subject)
    .bind(m.body)
    .bind(search_text(m.subject, m.body))
    .bind(m.sent_at)
    .bind(m.read)
    .bind(i64::try_from(m.attachment_count).unwrap_or(0))
    .execute(conn)
    .await?;
    Ok(done.last_insert_rowid())
}

/// The documents attached to a message, in the order they were attached.
pub async fn attachments(
    conn: &mut SqliteConnection,
    message_id: i64,
) -> Result<Vec<DocumentInfo>, sqlx::Error> {
    let rows: Vec<documents::DocumentRow> = sqlx::query_as(&format!(
        "SELECT {} FROM documents d WHERE d.message_id = ? ORDER BY d.id",
        documents::DOCUMENT_COLUMNS
    ))
    .bind(message_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().map(documents::DocumentRow::info).collect())
}

// ---------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    receipt_number: String,
    received_at: i64,
    sent_message_id: i64,
    receipt_message_id: i64,
    subject: String,
    matter_id: Option<i64>,
    matter_reference: Option<String>,
    matter_title: Option<String>,
}

/// The receipt of a message the person sent, found by the sent message or by the receipt
/// message.
pub async fn receipt_for_message(
    conn: &mut SqliteConnection,
    person_id: i64,
    message_id: i64,
) -> Result<Option<Receipt>, sqlx::Error> {
    let row: Option<ReceiptRow> = sqlx::query_as(
        "SELECT r.receipt_number, r.received_at, r.sent_message_id, r.receipt_message_id, \
         m.subject, m.matter_id, t.reference AS matter_reference, t.title AS matter_title \
         FROM receipts r JOIN messages m ON m.id = r.sent_message_id \
         LEFT JOIN matters t ON t.id = m.matter_id \
         WHERE r.person_id = ? AND (r.sent_message_id = ? OR r.receipt_message_id = ?)",
    )
    .bind(person_id)
    .bind(message_id)
    .bind(message_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let documents = attachments(conn, r.sent_message_id).await?;
    let matter = match (r.matter_id, r.matter_reference, r.matter_title) {
        (Some(id), Some(reference), Some(title)) => Some(MatterRef {
            id,
            reference,
            title,
        }),
        _ => None,
    };
    Ok(Some(Receipt {
        receipt_number: r.receipt_number,
        received_at: format_unix(r.received_at),
        sent_message_id: r.sent_message_id,
        receipt_message_id: r.receipt_message_id,
        matter,
        subject: r.subject,
        documents,
    }))
}

// ---------------------------------------------------------------------------------------------
// Requests to supplement
// ---------------------------------------------------------------------------------------------

/// The columns of [`SupplementRow`]: `s` = supplement_requests, `t` = matters, `r` = the
/// answer's receipt (LEFT JOIN).
pub const SUPPLEMENT_FROM: &str = "SELECT s.id, s.matter_id, t.reference AS matter_reference, \
     t.title AS matter_title, s.message_id, s.requested_items, s.due_date, s.state, \
     s.answered_at, r.receipt_number FROM supplement_requests s \
     JOIN matters t ON t.id = s.matter_id \
     LEFT JOIN receipts r ON r.sent_message_id = s.answer_message_id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupplementRow {
    pub id: i64,
    pub matter_id: i64,
    pub matter_reference: String,
    pub matter_title: String,
    pub message_id: i64,
    pub requested_items: String,
    pub due_date: String,
    pub state: String,
    pub answered_at: Option<i64>,
    pub receipt_number: Option<String>,
}

impl SupplementRow {
    /// Open or overdue (by the Swedish date `today`), answered or withdrawn.
    pub fn status(&self, today: &str) -> SupplementStatus {
        match self.state.as_str() {
            "answered" => SupplementStatus::Answered,
            "withdrawn" => SupplementStatus::Withdrawn,
            _ if self.due_date.as_str() >= today => SupplementStatus::Open,
            _ => SupplementStatus::Overdue,
        }
    }

    pub fn to_api(&self, today: &str) -> SupplementRequest {
        SupplementRequest {
            id: self.id,
            matter: MatterRef {
                id: self.matter_id,
                reference: self.matter_reference.clone(),
                title: self.matter_title.clone(),
            },
            message_id: self.message_id,
            requested_items: serde_json::from_str(&self.requested_items).unwrap_or_default(),
            due_date: self.due_date.clone(),
            status: self.status(today),
            answered_at: self.answered_at.map(format_unix),
            answer_receipt_number: self.receipt_number.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matters
// ---------------------------------------------------------------------------------------------

/// Columns of [`MatterRow`] from `matters t`, with the count of waiting requests.
pub const MATTER_COLUMNS: &str = "t.id, t.person_id, t.system_id, t.external_id, t.reference, \
     t.title, t.category, t.status, t.handler, t.opened_at, t.updated_at, \
     (SELECT COUNT(*) FROM supplement_requests s WHERE s.matter_id = t.id AND s.state = 'waiting') \
     AS open_requests";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MatterRow {
    pub id: i64,
    pub person_id: i64,
    pub system_id: i64,
    pub external_id: String,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub status: String,
    pub handler: String,
    pub opened_at: i64,
    pub updated_at: i64,
    pub open_requests: i64,
}

impl MatterRow {
    pub fn status(&self) -> MatterStatus {
        MatterStatus::parse(&self.status).unwrap_or(MatterStatus::Received)
    }

    pub fn matter_ref(&self) -> MatterRef {
        MatterRef {
            id: self.id,
            reference: self.reference.clone(),
            title: self.title.clone(),
        }
    }

    pub fn category(&self) -> MatterCategory {
        MatterCategory::parse(&self.category).unwrap_or(MatterCategory::Other)
    }

    pub fn summary(&self) -> MatterSummary {
        MatterSummary {
            id: self.id,
            reference: self.reference.clone(),
            title: self.title.clone(),
            category: self.category(),
            status: self.status(),
            handler: self.handler.clone(),
            opened_at: format_unix(self.opened_at),
            updated_at: format_unix(self.updated_at),
            open_requests: u32::try_from(self.open_requests).unwrap_or(0),
        }
    }
}

/// One of the person's matters.
pub async fn person_matter(
    conn: &mut SqliteConnection,
    person_id: i64,
    matter_id: i64,
) -> Result<Option<MatterRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MATTER_COLUMNS} FROM matters t WHERE t.id = ? AND t.person_id = ?"
    ))
    .bind(matter_id)
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// One of the system's matters.
pub async fn system_matter(
    conn: &mut SqliteConnection,
    system_id: i64,
    matter_id: i64,
) -> Result<Option<MatterRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MATTER_COLUMNS} FROM matters t WHERE t.id = ? AND t.system_id = ?"
    ))
    .bind(matter_id)
    .bind(system_id)
    .fetch_optional(conn)
    .await
}

/// An event for a matter's timeline.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub status: Option<MatterStatus>,
    pub message_id: Option<i64>,
    pub text: Option<String>,
    pub supplement_request_id: Option<i64>,
    pub receipt_number: Option<String>,
    pub document_count: usize,
}

/// Append a timeline event and move the matter's `updated_at`.
pub async fn add_event(
    conn: &mut SqliteConnection,
    matter_id: i64,
    at: i64,
    kind: TimelineKind,
    event: NewEvent,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO matter_events (matter_id, at, kind, status, message_id, text, \
         supplement_request_id, receipt_number, document_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(matter_id)
    .bind(at)
    .bind(timeline_kind_str(kind))
    .bind(event.status.map(MatterStatus::as_str))
    .bind(event.message_id)
    .bind(event.text)
    .bind(event.supplement_request_id)
    .bind(event.receipt_number)
    .bind(i64::try_from(event.document_count).unwrap_or(0))
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE matters SET updated_at = max(updated_at, ?) WHERE id = ?")
        .bind(at)
        .bind(matter_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Change a matter's status with a timeline event (nothing happens when it already has that
/// status and there is no note). A status that takes no more messages from the person
/// withdraws the requests to supplement still waiting for an answer. Returns whether the
/// status changed.
pub async fn set_status(
    conn: &mut SqliteConnection,
    matter_id: i64,
    current: MatterStatus,
    status: MatterStatus,
    note: Option<String>,
    at: i64,
) -> Result<bool, sqlx::Error> {
    if current == status && note.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE matters SET status = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(matter_id)
        .execute(&mut *conn)
        .await?;
    if !status.is_open() {
        sqlx::query(
            "UPDATE supplement_requests SET state = 'withdrawn' WHERE matter_id = ? AND state = 'waiting'",
        )
        .bind(matter_id)
        .execute(&mut *conn)
        .await?;
    }
    add_event(
        conn,
        matter_id,
        at,
        TimelineKind::StatusChanged,
        NewEvent {
            status: Some(status),
            text: note,
            ..NewEvent::default()
        },
    )
    .await?;
    Ok(current != status)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    kind: String,
    status: Option<String>,
    message_id: Option<i64>,
    text: Option<String>,
    supplement_request_id: Option<i64>,
    receipt_number: Option<String>,
    document_count: i64,
}

/// A matter's timeline, oldest first.
pub async fn timeline(
    conn: &mut SqliteConnection,
    matter_id: i64,
) -> Result<Vec<TimelineEvent>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT at, kind, status, message_id, text, supplement_request_id, receipt_number, \
         document_count FROM matter_events WHERE matter_id = ? ORDER BY at, id",
    )
    .bind(matter_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|e| TimelineEvent {
            at: format_unix(e.at),
            kind: parse_timeline_kind(&e.kind),
            status: e.status.as_deref().and_then(MatterStatus::parse),
            message_id: e.message_id,
            text: e.text,
            supplement_request_id: e.supplement_request_id,
            receipt_number: e.receipt_number,
            document_count: u32::try_from(e.document_count).unwrap_or(0),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_and_references() {
        // 2026-03-01T12:00:00Z
        let now = 1_772_366_400;
        let n = new_receipt_number(now);
        assert_eq!(n.len(), "K-2026-XXXX-XXXX".len(), "{n}");
        assert!(n.starts_with("K-2026-"), "{n}");
        assert!(n[7..]
            .chars()
            .all(|c| c == '-' || CROCKFORD.contains(&(c as u8))));
        assert_ne!(new_receipt_number(now), new_receipt_number(now));
        let r = new_matter_reference(now);
        assert!(r.starts_with("2026-") && r.len() == 11, "{r}");
        assert_eq!(local_time_text(now), "2026-03-01 13:00");
    }

    #[test]
    fn search_text_is_lower_case() {
        assert_eq!(search_text("Ärende", "ÖVRIGT"), "ärende\növrigt");
    }
}
