//! Service-office customer terminals ("kundterminaler"): shared public devices enrolled by
//! the office, where nothing may survive a visit; drafts kept on the server; help from staff.

use serde::{Deserialize, Serialize};

/// `GET /api/terminal`: whether this browser is an enrolled customer terminal. Answered
/// without login; the SPA switches to terminal mode when `terminal` is present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalStatus {
    pub terminal: Option<TerminalInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalInfo {
    /// The terminal's name as the office knows it, e.g. `Malmö 2`.
    pub name: String,
    /// The office's display name, e.g. `Servicekontoret Malmö`.
    pub office: String,
    /// The visit ends after this many seconds without activity (the warning comes
    /// `warning_secs` before).
    pub idle_timeout_secs: u32,
    /// How long before the end the visitor is warned and can extend (WCAG 2.2.1: at least 20).
    pub warning_secs: u32,
}

/// `POST /api/terminal/enroll`: make this browser a customer terminal of an office. Done by
/// staff with the office's enrollment key (configured on the server), never by a visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrollTerminal {
    /// Office id as configured (`--terminal-office ID=KEY`).
    pub office: String,
    pub enrollment_key: String,
    /// Name of this terminal, 1–60 characters, e.g. `Malmö 2`.
    pub name: String,
}

/// `POST /api/terminal/unenroll`: turn terminal mode off on this browser (staff, with the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnenrollTerminal {
    pub enrollment_key: String,
}

/// Where in the app a visitor is: the kind of page only, never an id or any data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VisitStep {
    Welcome,
    Login,
    Start,
    Inbox,
    Message,
    Matters,
    Matter,
    Compose,
    Receipt,
    Personal,
    Channels,
    Accessibility,
    Other,
}

impl VisitStep {
    pub const ALL: [VisitStep; 13] = [
        VisitStep::Welcome,
        VisitStep::Login,
        VisitStep::Start,
        VisitStep::Inbox,
        VisitStep::Message,
        VisitStep::Matters,
        VisitStep::Matter,
        VisitStep::Compose,
        VisitStep::Receipt,
        VisitStep::Personal,
        VisitStep::Channels,
        VisitStep::Accessibility,
        VisitStep::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitStep::Welcome => "welcome",
            VisitStep::Login => "login",
            VisitStep::Start => "start",
            VisitStep::Inbox => "inbox",
            VisitStep::Message => "message",
            VisitStep::Matters => "matters",
            VisitStep::Matter => "matter",
            VisitStep::Compose => "compose",
            VisitStep::Receipt => "receipt",
            VisitStep::Personal => "personal",
            VisitStep::Channels => "channels",
            VisitStep::Accessibility => "accessibility",
            VisitStep::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// `POST /api/terminal/help`: the visitor asks staff for help, optionally letting staff see
/// which step they are on (never their data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRequest {
    pub share_step: bool,
    pub step: VisitStep,
}

/// The terminal's current help request, as the visitor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpState {
    /// RFC 3339; absent when no help is asked for.
    pub requested_at: Option<String>,
    pub share_step: bool,
}

/// `PUT /api/terminal/step`: the step the visitor is on. Stored only while they have asked
/// for help and consented to share it; otherwise accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepUpdate {
    pub step: VisitStep,
}

/// One terminal in the staff view (`GET /api/system/v1/terminals`, the office's staff system).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTerminal {
    pub id: i64,
    pub name: String,
    pub office: String,
    /// RFC 3339: when the visitor asked for help; absent when not asking.
    pub help_requested_at: Option<String>,
    /// The step the visitor is on, only when they consented to share it.
    pub step: Option<VisitStep>,
    /// A visitor is logged in right now (no identity is given).
    pub visit_in_progress: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffTerminals {
    pub terminals: Vec<StaffTerminal>,
}

/// A draft of a message in a matter, kept on the server so that a timeout, an extension or a
/// new login loses nothing the person typed. `GET/PUT/DELETE /api/matters/{id}/draft`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// The subject typed so far (at most the limit of `SendMessageRequest`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subject: String,
    /// The text typed so far (at most the limit of `SendMessageRequest`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub body: String,
    /// The request to supplement being answered, if any.
    #[serde(default)]
    pub supplement_request_id: Option<i64>,
    /// Uploaded, not yet sent documents (ids from `POST /api/uploads`), each once.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub upload_ids: Vec<i64>,
}

/// A saved draft with its documents, as `GET /api/matters/{id}/draft` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredDraft {
    pub draft: Draft,
    /// The uploads still available (sent or expired ones are left out).
    pub uploads: Vec<crate::messages::UploadedDocument>,
    /// RFC 3339.
    pub updated_at: String,
}
