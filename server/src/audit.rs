//! The audit trail: who read or changed whose personal data, and when.
//!
//! Events are only ever appended (the database refuses updates and deletes). They never
//! contain the personal data itself, only what kind of data was touched and by whom.

use sqlx::Sqlite;

use crate::auth::Session;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Login,
    Logout,
    ReadPersonalDetails,
    UpdateContactDetails,
    UpdateAccessibilityPrefs,
    ReadChannelPrefs,
    UpdateChannelPrefs,
    ReadChannelHistory,
    /// A one-time code was sent to verify the e-mail address or mobile number.
    StartContactVerification,
    /// A one-time code was entered (`detail.result` says how it went).
    ConfirmContactVerification,
    ReadNotices,
    ListMessages,
    ReadMessage,
    UpdateMessageState,
    ListMatters,
    ReadMatter,
    UploadDocument,
    DeleteUpload,
    SendMessage,
    DownloadDocument,
    /// Pending uploads older than their lifetime, removed by the cleanup job.
    ExpireUploads,
    SystemCreateMatter,
    SystemSetMatterStatus,
    SystemDeliverMessage,
    SystemRequestSupplement,
    SystemReadReceipt,
    SystemReadSubmissions,
    SystemDownloadDocument,
    /// Staff enrolled a browser as a customer terminal.
    EnrollTerminal,
    /// Staff turned terminal mode off on a browser.
    UnenrollTerminal,
    /// An enrollment or unenrollment with an unknown office or a wrong key.
    TerminalKeyRefused,
    /// A visitor asked for staff help (with or without consent to share the step).
    RequestHelp,
    /// A visitor withdrew their request for help.
    CancelHelp,
    /// A download refused because the session runs on a customer terminal.
    DownloadRefusedOnTerminal,
    ReadDraft,
    SaveDraft,
    DeleteDraft,
    /// Drafts unchanged for longer than their lifetime, removed by the cleanup job.
    ExpireDrafts,
    /// An agency system (the offices' staff view) read the terminal list.
    SystemReadTerminals,
    /// The staff view showed the step of a visitor who consented to share it.
    SystemReadVisitStep,
    SystemReadChannelPrefs,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::Logout => "logout",
            AuditAction::ReadPersonalDetails => "read_personal_details",
            AuditAction::UpdateContactDetails => "update_contact_details",
            AuditAction::UpdateAccessibilityPrefs => "update_accessibility_prefs",
            AuditAction::ReadChannelPrefs => "read_channel_prefs",
            AuditAction::UpdateChannelPrefs => "update_channel_prefs",
            AuditAction::ReadChannelHistory => "read_channel_history",
            AuditAction::StartContactVerification => "start_contact_verification",
            AuditAction::ConfirmContactVerification => "confirm_contact_verification",
            AuditAction::ReadNotices => "read_notices",
            AuditAction::ListMessages => "list_messages",
            AuditAction::ReadMessage => "read_message",
            AuditAction::UpdateMessageState => "update_message_state",
            AuditAction::ListMatters => "list_matters",
            AuditAction::ReadMatter => "read_matter",
            AuditAction::UploadDocument => "upload_document",
            AuditAction::DeleteUpload => "delete_upload",
            AuditAction::SendMessage => "send_message",
            AuditAction::DownloadDocument => "download_document",
            AuditAction::ExpireUploads => "expire_uploads",
            AuditAction::SystemCreateMatter => "system_create_matter",
            AuditAction::SystemSetMatterStatus => "system_set_matter_status",
            AuditAction::SystemDeliverMessage => "system_deliver_message",
            AuditAction::SystemRequestSupplement => "system_request_supplement",
            AuditAction::SystemReadReceipt => "system_read_receipt",
            AuditAction::SystemReadSubmissions => "system_read_submissions",
            AuditAction::SystemDownloadDocument => "system_download_document",
            AuditAction::EnrollTerminal => "enroll_terminal",
            AuditAction::UnenrollTerminal => "unenroll_terminal",
            AuditAction::TerminalKeyRefused => "terminal_key_refused",
            AuditAction::RequestHelp => "request_help",
            AuditAction::CancelHelp => "cancel_help",
            AuditAction::DownloadRefusedOnTerminal => "download_refused_on_terminal",
            AuditAction::ReadDraft => "read_draft",
            AuditAction::SaveDraft => "save_draft",
            AuditAction::DeleteDraft => "delete_draft",
            AuditAction::ExpireDrafts => "expire_drafts",
            AuditAction::SystemReadTerminals => "system_read_terminals",
            AuditAction::SystemReadVisitStep => "system_read_visit_step",
            AuditAction::SystemReadChannelPrefs => "system_read_channel_prefs",
        }
    }
}

/// One audit event.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// Unix seconds.
    pub at: i64,
    pub actor_person_id: Option<i64>,
    /// The agency system that acted (system-to-system API), if not a person.
    pub actor_system: Option<i64>,
    pub subject_person_id: Option<i64>,
    pub action: AuditAction,
    /// Kind of object acted on, e.g. `session`, `personal_details`.
    pub object_type: &'static str,
    pub object_id: Option<String>,
    /// First 12 hex digits of the session's `id_hash`.
    pub session_ref: Option<String>,
    /// Extra facts (never personal data).
    pub detail: Option<serde_json::Value>,
    /// The customer terminal the event happened on or concerns.
    pub terminal_id: Option<i64>,
}

impl AuditEvent {
    pub fn new(
        at: i64,
        action: AuditAction,
        object_type: &'static str,
        actor: i64,
        subject: i64,
    ) -> Self {
        Self {
            at,
            actor_person_id: Some(actor),
            actor_system: None,
            subject_person_id: Some(subject),
            action,
            object_type,
            object_id: None,
            session_ref: None,
            detail: None,
            terminal_id: None,
        }
    }

    /// An event without a person or system as actor (before login on a customer terminal, a
    /// refused enrollment key, a cleanup job), optionally concerning `subject`.
    pub fn anonymous(
        at: i64,
        action: AuditAction,
        object_type: &'static str,
        subject: Option<i64>,
    ) -> Self {
        Self {
            at,
            actor_person_id: None,
            actor_system: None,
            subject_person_id: subject,
            action,
            object_type,
            object_id: None,
            session_ref: None,
            detail: None,
            terminal_id: None,
        }
    }

    /// An event caused by an agency system (`system_id` in `agency_systems`) concerning
    /// `subject`'s data.
    pub fn system(
        at: i64,
        action: AuditAction,
        object_type: &'static str,
        system_id: i64,
        subject: Option<i64>,
    ) -> Self {
        Self {
            at,
            actor_person_id: None,
            actor_system: Some(system_id),
            subject_person_id: subject,
            action,
            object_type,
            object_id: None,
            session_ref: None,
            detail: None,
            terminal_id: None,
        }
    }

    /// Tie the event to a session (and to its terminal, if it runs on one).
    pub fn session(mut self, session: &Session) -> Self {
        self.session_ref = Some(session.session_ref().to_string());
        if session.terminal_id.is_some() {
            self.terminal_id = session.terminal_id;
        }
        self
    }

    /// Tie the event to a customer terminal.
    pub fn terminal(mut self, terminal_id: i64) -> Self {
        self.terminal_id = Some(terminal_id);
        self
    }

    pub fn object_id(mut self, id: impl ToString) -> Self {
        self.object_id = Some(id.to_string());
        self
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Append an event. Pass a transaction when the event belongs to a change, so that both are
/// written or neither.
pub async fn record<'e, E>(executor: E, event: &AuditEvent) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    sqlx::query(
        "INSERT INTO audit_events (at, actor_person_id, subject_person_id, action, object_type, \
         object_id, session_ref, detail, actor_system, terminal_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(event.at)
    .bind(event.actor_person_id)
    .bind(event.subject_person_id)
    .bind(event.action.as_str())
    .bind(event.object_type)
    .bind(event.object_id.as_deref())
    .bind(event.session_ref.as_deref())
    .bind(event.detail.as_ref().map(|d| d.to_string()))
    .bind(event.actor_system)
    .bind(event.terminal_id)
    .execute(executor)
    .await?;
    Ok(())
}
