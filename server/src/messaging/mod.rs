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
pub mod search;

use minsida_api::messages::{
    DocumentInfo, MatterRef, MessageDirection, MessageKind, MessageSummary, Receipt, TimelineKind,
};
use rand::Rng as _;
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::crypto::{self, KeyRing};
use crate::dates;
use crate::error::ApiError;

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
    new_reference("K", now)
}

/// A new reference like `<prefix>-2026-4F7Q-9XK2`: the year and 40 random bits in Crockford's
/// base32, easy to read aloud on the phone.
pub fn new_reference(prefix: &str, now: i64) -> String {
    let mut rng = rand::rng();
    let mut group = || -> String {
        (0..4)
            .map(|_| CROCKFORD[rng.random_range(0..32)] as char)
            .collect()
    };
    let year = dates::stockholm_date(now).year();
    format!("{prefix}-{year}-{}-{}", group(), group())
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
     m.sender, m.subject, m.sent_at, m.read, m.first_read_at, m.archived, \
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

/// How many messages a party has per folder ([`mailbox_counts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct MailboxCounts {
    pub inbox: i64,
    pub archived: i64,
    pub sent: i64,
    /// Unread in the inbox (the unread folder).
    pub unread: i64,
}

impl MailboxCounts {
    pub fn folder(self, folder: minsida_api::messages::InboxFolder) -> i64 {
        use minsida_api::messages::InboxFolder;
        match folder {
            InboxFolder::Inbox => self.inbox,
            InboxFolder::Unread => self.unread,
            InboxFolder::Archived => self.archived,
            InboxFolder::Sent => self.sent,
        }
    }
}

/// The party's folder counts, kept by the database's triggers on `messages` (zero for a
/// party without messages).
pub async fn mailbox_counts(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<MailboxCounts, sqlx::Error> {
    Ok(sqlx::query_as(
        "SELECT inbox, archived, sent, unread FROM mailbox_counts WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await?
    .unwrap_or_default())
}

/// The search terms of an inbox query: its words split where anything other than a letter or
/// a digit stands (as the index splits the text, [`search::words`]), lower-cased. `None` when
/// the query has words but no terms in them (only punctuation): it matches nothing.
pub fn search_terms(words: &[String]) -> Option<Vec<String>> {
    let terms: Vec<String> = words.iter().flat_map(|w| search::words(w)).collect();
    (words.is_empty() || !terms.is_empty()).then_some(terms)
}

/// ` AND …` for messages (alias `m`) that have a word starting with every term, through the
/// blind index ([`search`]): the FTS5 index on SQLite, the `tsvector` on PostgreSQL. A term is
/// looked for under every known key (one token per key, any of them). The tokens are letters
/// and digits only, so they cannot change the query syntax; they are bound as parameters all
/// the same.
pub fn push_search(
    qb: &mut crate::db::SqlBuilder,
    backend: crate::db::Backend,
    keys: &KeyRing,
    terms: &[String],
) {
    if terms.is_empty() {
        return;
    }
    let any_of = |term: &String, quote: &str, or: &str| {
        let tokens: Vec<String> = search::term_tokens(keys, term)
            .into_iter()
            .map(|t| format!("{quote}{t}{quote}"))
            .collect();
        format!("({})", tokens.join(or))
    };
    match backend {
        crate::db::Backend::Sqlite => {
            let query = terms
                .iter()
                .map(|t| any_of(t, "\"", " OR "))
                .collect::<Vec<_>>()
                .join(" AND ");
            qb.push(" AND m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ")
                .push_bind(query)
                .push(")");
        }
        crate::db::Backend::Postgres => {
            let query = terms
                .iter()
                .map(|t| any_of(t, "", " | "))
                .collect::<Vec<_>>()
                .join(" & ");
            qb.push(" AND m.search_vector @@ to_tsquery('simple', ")
                .push_bind(query)
                .push(")");
        }
    }
}

/// The body of a message: sealed ([`crypto::seal_text`], bound to the message's id), or, in a
/// row written before bodies were sealed and not sealed since, the plain `body`.
pub fn open_body(
    keys: &KeyRing,
    message_id: i64,
    plain: String,
    sealed: Option<&[u8]>,
) -> Result<String, crypto::IntegrityError> {
    match sealed {
        Some(sealed) => crypto::open_text(keys, &body_context(message_id), sealed),
        None => Ok(plain),
    }
}

/// What a message's sealed body is bound to.
pub fn body_context(message_id: i64) -> String {
    format!("message:{message_id}")
}

/// The body of one message (found by id only: the caller has found the message through its
/// owner). A body that fails its integrity check is logged loudly and never shown.
pub async fn message_body(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    message_id: i64,
) -> Result<String, ApiError> {
    let (plain, sealed): (String, Option<Vec<u8>>) =
        sqlx::query_as("SELECT body, body_sealed FROM messages WHERE id = $1")
            .bind(message_id)
            .fetch_one(conn)
            .await?;
    verified_body(keys, message_id, plain, sealed.as_deref())
}

/// [`open_body`], with a body that fails its integrity check logged loudly and answered with
/// `integrity_error`: it is never shown.
pub fn verified_body(
    keys: &KeyRing,
    message_id: i64,
    plain: String,
    sealed: Option<&[u8]>,
) -> Result<String, ApiError> {
    open_body(keys, message_id, plain, sealed).map_err(|_| {
        tracing::error!(
            message = message_id,
            "MESSAGE INTEGRITY FAILURE: the body failed authenticated decryption and is not shown"
        );
        ApiError::message_integrity_error()
    })
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

/// Insert a message; returns its id. The body is sealed with the active key, bound to the new
/// id (so a second statement writes it, in the caller's transaction), and indexed blind.
pub async fn insert_message(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    m: &NewMessage<'_>,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO messages (person_id, system_id, matter_id, direction, kind, sender, subject, \
         body, search_text, sent_at, read, attachment_count) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10, $11) RETURNING id",
    )
    .bind(m.person_id)
    .bind(m.system_id)
    .bind(m.matter_id)
    .bind(direction_str(m.direction))
    .bind(kind_str(m.kind))
    .bind(m.sender)
    .bind(m.subject)
    .bind(search::index_text(keys.active(), m.subject, m.body))
    .bind(m.sent_at)
    .bind(m.read)
    .bind(i64::try_from(m.attachment_count).unwrap_or(0))
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE messages SET body_sealed = $1, kek_id = $2 WHERE id = $3")
        .bind(crypto::seal_text(keys.active(), &body_context(id), m.body))
        .bind(keys.active_id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(id)
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
}
