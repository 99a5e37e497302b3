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

use serde::{Deserialize, Serialize};

use crate::FieldErrorCode;

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

// ---------------------------------------------------------------------------------------------
// Message bodies: a safe subset, never HTML
// ---------------------------------------------------------------------------------------------

/// One block of a message body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BodyBlock {
    /// A paragraph; `lines` are the lines of the paragraph (rendered with line breaks).
    Paragraph { lines: Vec<String> },
    /// A sub-heading (rendered one level below the message subject).
    Heading { text: String },
    /// A bullet list.
    BulletList { items: Vec<String> },
    /// A numbered list.
    NumberedList { items: Vec<String> },
}

/// Parse the plain-text body markup into blocks. Anything that looks like HTML stays text.
///
/// - blank lines separate blocks;
/// - a line starting with `## ` (or `# `) is a heading;
/// - consecutive lines starting with `- ` or `* ` form a bullet list;
/// - consecutive lines starting with `<number>. ` form a numbered list;
/// - other consecutive lines form a paragraph.
pub fn parse_body(text: &str) -> Vec<BodyBlock> {
    fn bullet(line: &str) -> Option<&str> {
        line.strip_prefix("- ").or_else(|| line.strip_prefix("* "))
    }
    fn numbered(line: &str) -> Option<&str> {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        line[digits..].strip_prefix(". ")
    }
    fn heading(line: &str) -> Option<&str> {
        line.strip_prefix("## ").or_else(|| line.strip_prefix("# "))
    }

    let mut blocks = Vec::new();
    let mut current: Option<BodyBlock> = None;
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    for raw in normalized.split('\n') {
        let line = raw.trim();
        if line.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if let Some(h) = heading(line) {
            blocks.extend(current.take());
            blocks.push(BodyBlock::Heading {
                text: h.trim().to_string(),
            });
            continue;
        }
        if let Some(item) = bullet(line) {
            match &mut current {
                Some(BodyBlock::BulletList { items }) => items.push(item.trim().to_string()),
                _ => {
                    blocks.extend(current.take());
                    current = Some(BodyBlock::BulletList {
                        items: vec![item.trim().to_string()],
                    });
                }
            }
            continue;
        }
        if let Some(item) = numbered(line) {
            match &mut current {
                Some(BodyBlock::NumberedList { items }) => items.push(item.trim().to_string()),
                _ => {
                    blocks.extend(current.take());
                    current = Some(BodyBlock::NumberedList {
                        items: vec![item.trim().to_string()],
                    });
                }
            }
            continue;
        }
        match &mut current {
            Some(BodyBlock::Paragraph { lines }) => lines.push(line.to_string()),
            _ => {
                blocks.extend(current.take());
                current = Some(BodyBlock::Paragraph {
                    lines: vec![line.to_string()],
                });
            }
        }
    }
    blocks.extend(current);
    blocks
}

// ---------------------------------------------------------------------------------------------
// Citizen side: inbox and messages
// ---------------------------------------------------------------------------------------------

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
    pub from: Option<String>,
    /// Only messages sent on or before this date (`YYYY-MM-DD`, Swedish time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Words to find in the subject or body (case-insensitive; every word must occur).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Messages per page (default 25, at most 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

// ---------------------------------------------------------------------------------------------
// Citizen side: matters and requests to supplement
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Citizen side: sending
// ---------------------------------------------------------------------------------------------

/// `POST /api/matters/{id}/messages`: write in a matter, optionally answering a request to
/// supplement, with documents uploaded before through `POST /api/uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageRequest {
    /// Answer to this request to supplement (must belong to the matter and wait for an answer).
    #[serde(default)]
    pub supplement_request_id: Option<i64>,
    pub subject: String,
    #[serde(default)]
    pub body: String,
    /// Uploads of this person that have not been sent yet (at most 10).
    #[serde(default)]
    pub upload_ids: Vec<i64>,
}

impl SendMessageRequest {
    /// Check the fields both sides can check. Returns the trimmed subject and body.
    /// An answer to a request to supplement needs a document or a text; a new message a subject
    /// and a text or document.
    pub fn validate(&self) -> Result<(String, String), Vec<crate::FieldError>> {
        let mut errors = Vec::new();
        let subject = self.subject.trim().to_string();
        let body = self.body.trim().to_string();
        let mut push = |field: &str, code| {
            errors.push(crate::FieldError {
                field: field.into(),
                code,
            })
        };
        if subject.is_empty() {
            push("subject", FieldErrorCode::Required);
        } else if subject.chars().count() > MAX_SUBJECT_CHARS {
            push("subject", FieldErrorCode::TooLong);
        }
        if body.chars().count() > MAX_BODY_CHARS {
            push("body", FieldErrorCode::TooLong);
        } else if body.is_empty() && self.upload_ids.is_empty() {
            push("body", FieldErrorCode::BodyOrDocumentRequired);
        }
        if self.upload_ids.len() > MAX_DOCUMENTS_PER_MESSAGE {
            push("upload_ids", FieldErrorCode::TooManyDocuments);
        }
        if errors.is_empty() {
            Ok((subject, body))
        } else {
            Err(errors)
        }
    }
}

/// Answer of `POST /api/uploads`: the document is stored encrypted and waits to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadedDocument {
    #[serde(flatten)]
    pub document: DocumentInfo,
    /// RFC 3339.
    pub uploaded_at: String,
}

/// The file types accepted from persons, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptedFileType {
    Pdf,
    Jpeg,
    Png,
}

impl AcceptedFileType {
    /// Recognise the type from the first bytes of the content (at least 8 bytes for PNG).
    pub fn sniff(head: &[u8]) -> Option<Self> {
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

/// Clean a file name for storage and for `Content-Disposition`: the last path component,
/// control characters and characters that are unsafe in file names removed, at most
/// [`MAX_FILE_NAME_CHARS`] characters. `None` if nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return None;
    }
    Some(cleaned.chars().take(MAX_FILE_NAME_CHARS).collect())
}

// ---------------------------------------------------------------------------------------------
// Agency side: system-to-system API (`/api/system/v1`)
// ---------------------------------------------------------------------------------------------

/// The person or organisation a delivery is for: exactly one of the two numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// Personal identity number or coordination number, 10 or 12 digits.
    #[serde(default)]
    pub personal_number: Option<String>,
    /// Organisation number (`NNNNNN-NNNC`, 10 digits or `16` + 10 digits).
    #[serde(default)]
    pub organisation_number: Option<String>,
}

/// `POST /api/system/v1/matters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemCreateMatter {
    pub recipient: Recipient,
    pub title: String,
    pub category: MatterCategory,
    /// The unit handling the matter, shown to the person.
    pub handler: String,
    /// The agency system's own identifier of the matter (unique per system): makes the call
    /// idempotent, a repeated call returns the existing matter.
    pub external_id: String,
    #[serde(default)]
    pub status: Option<MatterStatus>,
}

/// Answer of `POST /api/system/v1/matters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemMatter {
    pub id: i64,
    pub reference: String,
    pub external_id: String,
    pub status: MatterStatus,
    /// RFC 3339.
    pub opened_at: String,
}

/// `PUT /api/system/v1/matters/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSetStatus {
    pub status: MatterStatus,
    /// A short note shown to the person in the matter's timeline.
    #[serde(default)]
    pub note: Option<String>,
}

/// A file sent by an agency system, base64-encoded (standard alphabet, with padding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemAttachment {
    pub file_name: String,
    pub content_base64: String,
}

/// `POST /api/system/v1/messages`: deliver a message to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemDeliverMessage {
    pub recipient: Recipient,
    /// A matter of this system that belongs to the same person.
    #[serde(default)]
    pub matter_id: Option<i64>,
    /// The sending unit shown to the person.
    pub sender: String,
    pub subject: String,
    /// Plain text in the body markup (see the API description); never HTML.
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<SystemAttachment>,
}

/// `POST /api/system/v1/matters/{id}/supplement-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSupplementRequest {
    pub sender: String,
    pub subject: String,
    pub body: String,
    /// What the agency needs, one item per thing (at least one).
    pub requested_items: Vec<String>,
    /// `YYYY-MM-DD`, today or later.
    pub due_date: String,
    #[serde(default)]
    pub attachments: Vec<SystemAttachment>,
}

/// Answer of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemDelivery {
    pub message_id: i64,
    /// Set when a request to supplement was created.
    pub supplement_request_id: Option<i64>,
    /// RFC 3339.
    pub delivered_at: String,
    pub attachments: Vec<DocumentInfo>,
    /// Notices queued for the person by their channel preferences (e-mail and/or SMS to
    /// verified details; never the content).
    #[serde(default)]
    pub notices: Vec<crate::channels::NoticeChannel>,
    /// The person wants this kind of matter by paper letter: the mailing system should also
    /// print and post it.
    #[serde(default)]
    pub paper_letter_requested: bool,
}

/// `GET /api/system/v1/messages/{id}/receipt`: whether the person has opened a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemReadReceipt {
    pub message_id: i64,
    pub delivered_at: String,
    /// When the person first opened it (RFC 3339); absent while unopened.
    pub first_read_at: Option<String>,
}

/// Something the person sent in a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSubmission {
    pub message_id: i64,
    pub receipt_number: String,
    /// RFC 3339.
    pub received_at: String,
    pub supplement_request_id: Option<i64>,
    pub subject: String,
    /// The text exactly as the person wrote it.
    pub body: String,
    /// Download with `GET /api/system/v1/documents/{id}`.
    pub documents: Vec<DocumentInfo>,
}

/// `GET /api/system/v1/matters/{id}/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSubmissions {
    pub matter_id: i64,
    /// Oldest first.
    pub submissions: Vec<SystemSubmission>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_markup_becomes_blocks_and_html_stays_text() {
        let blocks = parse_body(
            "Hej!\r\nVi behöver mer.\n\n## Vad vi behöver\n- Lönebesked\n- Hyresavtal\n\n1. Logga in\n2. Skicka\n\n<script>alert(1)</script>",
        );
        assert_eq!(
            blocks,
            vec![
                BodyBlock::Paragraph {
                    lines: vec!["Hej!".into(), "Vi behöver mer.".into()]
                },
                BodyBlock::Heading {
                    text: "Vad vi behöver".into()
                },
                BodyBlock::BulletList {
                    items: vec!["Lönebesked".into(), "Hyresavtal".into()]
                },
                BodyBlock::NumberedList {
                    items: vec!["Logga in".into(), "Skicka".into()]
                },
                BodyBlock::Paragraph {
                    lines: vec!["<script>alert(1)</script>".into()]
                },
            ]
        );
        assert!(parse_body("  \n\n ").is_empty());
        // "2026. " is not a list item (more than 3 digits).
        assert!(matches!(
            &parse_body("2026. Året")[0],
            BodyBlock::Paragraph { .. }
        ));
    }

    #[test]
    fn file_types_are_recognised_by_content() {
        assert_eq!(
            AcceptedFileType::sniff(b"%PDF-1.7\n..."),
            Some(AcceptedFileType::Pdf)
        );
        assert_eq!(
            AcceptedFileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some(AcceptedFileType::Jpeg)
        );
        assert_eq!(
            AcceptedFileType::sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(AcceptedFileType::Png)
        );
        assert_eq!(
            AcceptedFileType::sniff(b"MZ\x90\x00 an exe named .pdf"),
            None
        );
        assert_eq!(AcceptedFileType::sniff(b"%PD"), None);
        assert_eq!(AcceptedFileType::sniff(b""), None);
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_file_name("C:\\Users\\a\\lön.pdf").as_deref(),
            Some("lön.pdf")
        );
        assert_eq!(
            clean_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(clean_file_name("a\"b\n.pdf").as_deref(), Some("ab.pdf"));
        assert_eq!(clean_file_name("...hidden").as_deref(), Some("hidden"));
        assert_eq!(clean_file_name("  "), None);
        assert_eq!(
            clean_file_name(&"x".repeat(300)).unwrap().chars().count(),
            MAX_FILE_NAME_CHARS
        );
    }

    #[test]
    fn send_message_validation() {
        let ok = SendMessageRequest {
            subject: " Svar ".into(),
            body: "Här".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate(), Ok(("Svar".into(), "Här".into())));
        let docs_only = SendMessageRequest {
            subject: "Svar".into(),
            upload_ids: vec![1],
            ..Default::default()
        };
        assert!(docs_only.validate().is_ok());
        let errs = SendMessageRequest {
            subject: " ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].code, FieldErrorCode::Required);
        assert_eq!(errs[1].code, FieldErrorCode::BodyOrDocumentRequired);
        let many = SendMessageRequest {
            subject: "x".into(),
            upload_ids: (0..11).collect(),
            ..Default::default()
        };
        assert_eq!(
            many.validate().unwrap_err()[0].code,
            FieldErrorCode::TooManyDocuments
        );
        let long = SendMessageRequest {
            subject: "x".repeat(201),
            body: "b".into(),
            ..Default::default()
        };
        assert_eq!(
            long.validate().unwrap_err()[0].code,
            FieldErrorCode::TooLong
        );
    }

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
