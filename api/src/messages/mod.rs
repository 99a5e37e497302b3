//! Secure messages, matters (ärenden), requests to supplement, documents and receipts.
//!
//! Two audiences share these types:
//! - the citizen SPA (`/api/messages`, `/api/matters`, `/api/uploads`, `/api/documents`),
//!   always scoped to the logged-in person;
//! - agency systems through the system-to-system API (`/api/system/v1/...`), authenticated
//!   with a per-system API key, never a citizen session.
//!
//! Message bodies are never HTML. Agencies send plain text in a tiny, safe markup
//! ([`parse_body`]): blank lines separate paragraphs, `## ` starts a heading, `- ` a bullet
//! item and `1. ` a numbered item. The server parses it into [`BodyBlock`]s and the SPA renders
//! those as elements, so no markup from outside can ever reach the DOM.
//!
//! The types are split by audience and subject: the enumerations and limits are here, the body
//! markup in `body`, the inbox and messages in `inbox`, matters and requests to supplement in
//! `matters`, what the person sends in `sending`, accepted file types and file names in
//! `files`, and the system-to-system API in `system`. All are re-exported from this module.

mod body;
mod files;
mod inbox;
mod matters;
mod sending;
mod system;

use serde::{Deserialize, Serialize};

pub use body::{parse_body, BodyBlock};
pub use files::{clean_file_name, AcceptedFileType};
pub use inbox::{
    DocumentInfo, InboxPage, InboxQuery, MatterRef, MessageDetail, MessageStateUpdate,
    MessageSummary, Receipt,
};
pub use matters::{MatterDetail, MatterList, MatterSummary, SupplementRequest, TimelineEvent};
pub use sending::{SendMessageRequest, UploadedDocument};
pub use system::{
    Recipient, SystemAttachment, SystemCreateMatter, SystemDeliverMessage, SystemDelivery,
    SystemMatter, SystemReadReceipt, SystemSetStatus, SystemSubmission, SystemSubmissions,
    SystemSupplementRequest,
};

/// Default largest size of one uploaded document: 20 MiB (the server can be configured).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 20 * 1024 * 1024;
/// Most documents in one message.
pub const MAX_DOCUMENTS_PER_MESSAGE: usize = 10;
/// Longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// Longest message body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Longest file name, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;
/// Default number of messages per inbox page.
pub const INBOX_PAGE_SIZE: u32 = 25;
/// Largest accepted inbox page size.
pub const INBOX_MAX_PAGE_SIZE: u32 = 100;
/// Highest accepted inbox page number.
pub const INBOX_MAX_PAGE: u32 = 1_000_000;
/// Longest inbox search text, in characters.
pub const INBOX_MAX_QUERY_CHARS: usize = 200;
/// Header carrying the percent-encoded (UTF-8) original file name of an upload.
pub const FILE_NAME_HEADER: &str = "x-file-name";

// ---------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------

/// Kind of matter, as the agency's channel strategy groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatterCategory {
    /// Recurring, e.g. the yearly income tax return.
    Recurring,
    /// Life events: moving, marriage, a child is born, a death in the family.
    LifeEvent,
    /// An ongoing matter the person started or the agency opened.
    Ongoing,
    Other,
}

impl MatterCategory {
    pub const ALL: [MatterCategory; 4] = [
        MatterCategory::Recurring,
        MatterCategory::LifeEvent,
        MatterCategory::Ongoing,
        MatterCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MatterCategory::Recurring => "recurring",
            MatterCategory::LifeEvent => "life_event",
            MatterCategory::Ongoing => "ongoing",
            MatterCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where a matter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatterStatus {
    /// Registered, not yet handled.
    Received,
    /// A case officer is working on it.
    InProgress,
    /// The agency waits for something from the person (e.g. a request to supplement).
    AwaitingPerson,
    /// A decision has been made.
    Decided,
    /// Closed; kept for the record.
    Closed,
}

impl MatterStatus {
    pub const ALL: [MatterStatus; 5] = [
        MatterStatus::Received,
        MatterStatus::InProgress,
        MatterStatus::AwaitingPerson,
        MatterStatus::Decided,
        MatterStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MatterStatus::Received => "received",
            MatterStatus::InProgress => "in_progress",
            MatterStatus::AwaitingPerson => "awaiting_person",
            MatterStatus::Decided => "decided",
            MatterStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Decided and closed matters take no more messages from the person.
    pub fn is_open(self) -> bool {
        !matches!(self, MatterStatus::Decided | MatterStatus::Closed)
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageDirection {
    /// From the agency to the person.
    Incoming,
    /// Sent by the person to the agency.
    Outgoing,
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An ordinary message.
    Message,
    /// A request to supplement a matter (kompletteringsbegäran).
    SupplementRequest,
    /// The receipt for something the person sent (kvittens).
    Receipt,
}

/// Which messages the inbox lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InboxFolder {
    /// Everything not archived.
    #[default]
    Inbox,
    /// Only unread messages that are not archived.
    Unread,
    /// Archived messages (never deleted: the agency's record stays).
    Archived,
    /// What the person has sent, with receipts.
    Sent,
}

impl InboxFolder {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxFolder::Inbox => "inbox",
            InboxFolder::Unread => "unread",
            InboxFolder::Archived => "archived",
            InboxFolder::Sent => "sent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            InboxFolder::Inbox,
            InboxFolder::Unread,
            InboxFolder::Archived,
            InboxFolder::Sent,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

/// State of a request to supplement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupplementStatus {
    /// Waiting for the person; the due date has not passed.
    Open,
    /// Waiting for the person after the due date (still possible to answer).
    Overdue,
    /// The person has answered.
    Answered,
    /// The agency withdrew the request (e.g. the matter was closed).
    Withdrawn,
}

impl SupplementStatus {
    /// Whether the request still waits for the person's answer (open or overdue).
    pub fn awaits_answer(self) -> bool {
        matches!(self, SupplementStatus::Open | SupplementStatus::Overdue)
    }
}

/// Kind of an entry in a matter's timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// The matter was opened.
    Opened,
    /// The agency changed the status (see `status`).
    StatusChanged,
    /// The agency sent a message (see `message_id`).
    MessageReceived,
    /// The agency asked for a supplement (see `message_id`, `supplement_request_id`).
    SupplementRequested,
    /// The person sent a message or documents (see `message_id`, `receipt_number`).
    MessageSent,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip() {
        for c in MatterCategory::ALL {
            assert_eq!(MatterCategory::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        for s in MatterStatus::ALL {
            assert_eq!(MatterStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(InboxFolder::parse("sent"), Some(InboxFolder::Sent));
        let block = serde_json::to_value(BodyBlock::Heading { text: "x".into() }).unwrap();
        assert_eq!(block["type"], "heading");
    }
}
