//! Citizen side: the inbox, messages, their documents and receipts.

use serde::{Deserialize, Serialize};

use super::{BodyBlock, InboxFolder, MessageDirection, MessageKind, SupplementRequest};

/// Short reference to a matter, shown wherever a message belongs to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatterRef {
    pub id: i64,
    /// The agency's matter number (ärendenummer), e.g. `2026-000123`.
    pub reference: String,
    pub title: String,
}

/// A message as listed in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageSummary {
    pub id: i64,
    pub direction: MessageDirection,
    pub kind: MessageKind,
    /// The sending unit for incoming messages (e.g. "Skatteverket, Folkbokföring"); the
    /// person's name for outgoing ones.
    pub sender: String,
    pub subject: String,
    /// RFC 3339.
    pub sent_at: String,
    /// Whether the person has marked it read (opening it marks it read).
    pub read: bool,
    pub archived: bool,
    pub attachment_count: u32,
    pub matter: Option<MatterRef>,
}

/// Query of `GET /api/messages`. All filters are combined with AND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InboxQuery {
    /// `inbox` (default), `unread`, `archived` or `sent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<InboxFolder>,
    /// Only messages in this matter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<i64>,
    /// Only messages sent on or after this date (`YYYY-MM-DD`, Swedish time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub from: Option<String>,
    /// Only messages sent on or before this date (`YYYY-MM-DD`, Swedish time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub to: Option<String>,
    /// Words to find in the subject or body: every word must occur as the start of a word
    /// (case-insensitive; words are split at anything but letters and digits; the first ten
    /// count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u32>,
    /// Messages per page (default 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u32>,
}

/// One page of the inbox, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPage {
    pub messages: Vec<MessageSummary>,
    /// Messages matching the query over all pages.
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    /// Unread, not archived messages of the person (for the navigation badge), whatever the query.
    pub unread: u64,
}

/// An attachment or uploaded document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    pub id: i64,
    pub file_name: String,
    /// The type detected from the content: `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    pub size: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
}

/// The receipt (kvittens) for what the person sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// E.g. `K-2026-4F7Q-9XK2`: what to quote when contacting the agency.
    pub receipt_number: String,
    /// When the agency received it (RFC 3339).
    pub received_at: String,
    /// The message the person sent.
    pub sent_message_id: i64,
    /// The receipt as a message in the inbox.
    pub receipt_message_id: i64,
    pub matter: Option<MatterRef>,
    pub subject: String,
    pub documents: Vec<DocumentInfo>,
}

/// A whole message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageDetail {
    #[serde(flatten)]
    pub summary: MessageSummary,
    pub body: Vec<BodyBlock>,
    pub attachments: Vec<DocumentInfo>,
    /// For a request to supplement: the request, so the person can answer it.
    pub supplement_request: Option<SupplementRequest>,
    /// For a receipt, and for a message the person sent: its receipt.
    pub receipt: Option<Receipt>,
}

/// `PUT /api/messages/{id}/state`: mark read/unread, archive/unarchive. Absent fields stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageStateUpdate {
    #[serde(default)]
    pub read: Option<bool>,
    #[serde(default)]
    pub archived: Option<bool>,
}
