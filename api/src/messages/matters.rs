//! Citizen side: matters, their timelines and requests to supplement.

use serde::{Deserialize, Serialize};

use super::{MatterCategory, MatterRef, MatterStatus, SupplementStatus, TimelineKind};

/// A request to supplement (kompletteringsbegäran).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementRequest {
    pub id: i64,
    pub matter: MatterRef,
    /// The message that carried the request.
    pub message_id: i64,
    /// What the agency needs, one item per thing asked for.
    pub requested_items: Vec<String>,
    /// Last day to answer, `YYYY-MM-DD`.
    pub due_date: String,
    pub status: SupplementStatus,
    /// When the person answered (RFC 3339).
    pub answered_at: Option<String>,
    /// The receipt of the answer.
    pub answer_receipt_number: Option<String>,
}

/// A matter as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterSummary {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub category: MatterCategory,
    pub status: MatterStatus,
    /// The agency unit handling the matter.
    pub handler: String,
    /// RFC 3339.
    pub opened_at: String,
    /// RFC 3339: the latest event.
    pub updated_at: String,
    /// Requests to supplement that wait for the person (open or overdue).
    pub open_requests: u32,
}

/// One event in a matter's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// RFC 3339.
    pub at: String,
    pub kind: TimelineKind,
    /// The new status for `status_changed`.
    pub status: Option<MatterStatus>,
    /// The message concerned, if any.
    pub message_id: Option<i64>,
    /// Subject of the message, or the agency's note on a status change.
    pub text: Option<String>,
    pub supplement_request_id: Option<i64>,
    pub receipt_number: Option<String>,
    /// Documents attached to the message.
    pub document_count: u32,
}

/// A matter with its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterDetail {
    #[serde(flatten)]
    pub summary: MatterSummary,
    /// Oldest first.
    pub timeline: Vec<TimelineEvent>,
    /// Every request to supplement in the matter, open ones first.
    pub supplement_requests: Vec<SupplementRequest>,
    /// Whether the person can still write in this matter.
    pub can_reply: bool,
}

/// `GET /api/matters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterList {
    /// Open matters first, then by latest event, newest first.
    pub matters: Vec<MatterSummary>,
}
