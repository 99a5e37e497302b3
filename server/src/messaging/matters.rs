//! Matters and their requests to supplement: the rows, the person's and the system's lookups,
//! status changes and the timeline.

use minsida_api::messages::{
    MatterCategory, MatterRef, MatterStatus, MatterSummary, SupplementRequest, SupplementStatus,
    TimelineEvent, TimelineKind,
};
use sqlx::AnyConnection;

use super::{parse_timeline_kind, timeline_kind_str};
use crate::auth::session::format_unix;

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
    conn: &mut AnyConnection,
    person_id: i64,
    matter_id: i64,
) -> Result<Option<MatterRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MATTER_COLUMNS} FROM matters t WHERE t.id = $1 AND t.person_id = $2"
    ))
    .bind(matter_id)
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

/// One of the system's matters.
pub async fn system_matter(
    conn: &mut AnyConnection,
    system_id: i64,
    matter_id: i64,
) -> Result<Option<MatterRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {MATTER_COLUMNS} FROM matters t WHERE t.id = $1 AND t.system_id = $2"
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
    conn: &mut AnyConnection,
    matter_id: i64,
    at: i64,
    kind: TimelineKind,
    event: NewEvent,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO matter_events (matter_id, at, kind, status, message_id, text, \
         supplement_request_id, receipt_number, document_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
    sqlx::query(
        "UPDATE matters SET updated_at = CASE WHEN $1 > updated_at THEN $1 ELSE updated_at END \
         WHERE id = $2",
    )
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
    conn: &mut AnyConnection,
    matter_id: i64,
    current: MatterStatus,
    status: MatterStatus,
    note: Option<String>,
    at: i64,
) -> Result<bool, sqlx::Error> {
    if current == status && note.is_none() {
        return Ok(false);
    }
    sqlx::query("UPDATE matters SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(matter_id)
        .execute(&mut *conn)
        .await?;
    if !status.is_open() {
        sqlx::query(
            "UPDATE supplement_requests SET state = 'withdrawn' WHERE matter_id = $1 AND state = 'waiting'",
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
    conn: &mut AnyConnection,
    matter_id: i64,
) -> Result<Vec<TimelineEvent>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT at, kind, status, message_id, text, supplement_request_id, receipt_number, \
         document_count FROM matter_events WHERE matter_id = $1 ORDER BY at, id",
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
