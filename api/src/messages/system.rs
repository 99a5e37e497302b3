//! Agency side: the types of the system-to-system API (`/api/system/v1`).

use serde::{Deserialize, Serialize};

use super::{DocumentInfo, MatterCategory, MatterStatus};

/// The person or organisation a delivery is for: exactly one of the two numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// Personal identity number or coordination number, 10 or 12 digits.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "personal-identity-number",
            example = "198112189876",
            pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$"
        )
    )]
    pub personal_number: Option<String>,
    /// Organisation number (`NNNNNN-NNNC`, 10 digits or `16` + 10 digits).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "organisation-number",
            example = "5591234561",
            pattern = "^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$"
        )
    )]
    pub organisation_number: Option<String>,
}

/// `POST /api/system/v1/matters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemCreateMatter {
    pub recipient: Recipient,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub title: String,
    pub category: MatterCategory,
    /// The unit handling the matter, shown to the person.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub handler: String,
    /// The agency system's own identifier of the matter (unique per system): makes the call
    /// idempotent, a repeated call returns the existing matter.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
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
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub note: Option<String>,
}

/// A file sent by an agency system, base64-encoded (standard alphabet, with padding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemAttachment {
    /// The file's name (a path is cut to its last part; control characters and
    /// `"<>:|?*` are dropped, and what remains must not be blank or only dots).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^([\\s\\S]*[/\\\\])?[^/\\\\]*[^\\x00-\\x1f\\x7f-\\x9f\"<>:|?*\\s./\\\\][^/\\\\]*$"
        )
    )]
    pub file_name: String,
    /// The file's bytes in base64: a PDF, JPEG or PNG (judged by the content), at most the
    /// configured upload size.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "pdf-jpeg-png-base64",
            example = "JVBERi0xLjQKMSAwIG9iaiA8PCA+PiBlbmRvYmoKdHJhaWxlciA8PCA+PgolJUVPRgo=",
            pattern = "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)$"
        )
    )]
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
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub sender: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub subject: String,
    /// Plain text in the body markup (see the API description); never HTML.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachments: Vec<SystemAttachment>,
}

/// `POST /api/system/v1/matters/{id}/supplement-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemSupplementRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub sender: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub subject: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub body: String,
    /// What the agency needs, one item per thing (1-20 items, each 1-200 characters, not
    /// blank).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub requested_items: Vec<String>,
    /// `YYYY-MM-DD`, today or later.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_date: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
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
