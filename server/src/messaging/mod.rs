//! Secure messages, matters, requests to supplement and receipts: the queries and the
//! building blocks shared by the citizen routes and the system-to-system API.
//!
//! Every query that reads a person's objects takes the person's id and puts it in the SQL
//! (`person_id = ?`); every query of the system API takes the system's id. An object of
//! someone else is therefore indistinguishable from a missing one (404).
//!
//! Messages and receipts are here; matters and their requests to supplement in `matters`
//! (re-exported), documents in `documents` and the person's drafts in `drafts`.

pub mod documents;
pub mod drafts;
mod matters;

use minsida_api::messages::{
    DocumentInfo, MatterRef, MessageDirection, MessageKind, MessageSummary, Receipt, TimelineKind,
};
use rand::Rng as _;
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::dates;

pub use matters::{
    add_event, person_matter, set_status, system_matter, timeline, MatterRow, NewEvent,
    SupplementRow, MATTER_COLUMNS, SUPPLEMENT_FROM,
};

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
    #[sqlx(try_from = "crate::db::Flag")]
    pub read: bool,
    pub first_read_at: Option<i64>,
    #[sqlx(try_from = "crate::db::Flag")]
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
    conn: &mut AnyConnection,
    person_id: i64,
    message_id: i64,
) -> Result<Option<MessageRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages m LEFT JOIN matters t ON t.id = m.matter_id \
         WHERE m.id = $1 AND m.person_id = $2"
    ))
    .bind(message_id)
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// The search terms of an inbox query: the words split where anything other than a letter or
/// a digit stands (as the full-text indexes split the text), lower-cased. `None` when the
/// query has words but no terms in them (only punctuation): it matches nothing.
pub fn search_terms(words: &[String]) -> Option<Vec<String>> {
    let terms: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    (words.is_empty() || !terms.is_empty()).then_some(terms)
}

/// ` AND …` for messages (alias `m`) whose text has every term, each as the start of a word:
/// the FTS5 index on SQLite, the `tsvector` (Swedish stemming) on PostgreSQL. The terms are
/// letters and digits only ([`search_terms`]), so they cannot change the query syntax; they
/// are bound as parameters all the same.
pub fn push_search(qb: &mut crate::db::SqlBuilder, backend: crate::db::Backend, terms: &[String]) {
    if terms.is_empty() {
        return;
    }
    match backend {
        crate::db::Backend::Sqlite => {
            let query = terms
                .iter()
                .map(|t| format!("\"{t}\"*"))
                .collect::<Vec<_>>()
                .join(" ");
            qb.push(" AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ")
                .push_bind(query)
                .push(")");
        }
        crate::db::Backend::Postgres => {
            let query = terms
                .iter()
                .map(|t| format!("{t}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            qb.push(" AND m.search_vector @@ to_tsquery('swedish', ")
                .push_bind(query)
                .push(")");
        }
    }
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
    conn: &mut AnyConnection,
    m: &NewMessage<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO messages (person_id, system_id, matter_id, direction, kind, sender, subject, \
         body, search_text, sent_at, read, attachment_count) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
    .fetch_one(conn)
    .await
}

/// The documents attached to a message, in the order they were attached.
pub async fn attachments(
    conn: &mut AnyConnection,
    message_id: i64,
) -> Result<Vec<DocumentInfo>, sqlx::Error> {
    let rows: Vec<documents::DocumentRow> = sqlx::query_as(&format!(
        "SELECT {} FROM documents d WHERE d.message_id = $1 ORDER BY d.id",
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
    conn: &mut AnyConnection,
    person_id: i64,
    message_id: i64,
) -> Result<Option<Receipt>, sqlx::Error> {
    let row: Option<ReceiptRow> = sqlx::query_as(
        "SELECT r.receipt_number, r.received_at, r.sent_message_id, r.receipt_message_id, \
         m.subject, m.matter_id, t.reference AS matter_reference, t.title AS matter_title \
         FROM receipts r JOIN messages m ON m.id = r.sent_message_id \
         LEFT JOIN matters t ON t.id = m.matter_id \
         WHERE r.person_id = $1 AND (r.sent_message_id = $2 OR r.receipt_message_id = $3)",
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
    fn search_terms_are_letters_and_digits() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            search_terms(&words(&["Årsbesked", "e-post:", "\"x\"*"])),
            Some(words(&["årsbesked", "e", "post", "x"]))
        );
        assert_eq!(search_terms(&[]), Some(vec![]));
        assert_eq!(search_terms(&words(&["%", "&|!"])), None);
    }

    #[test]
    fn search_text_is_lower_case() {
        assert_eq!(search_text("Ärende", "ÖVRIGT"), "ärende\növrigt");
    }
}
