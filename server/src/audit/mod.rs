//! The audit trail: who read or changed whose personal data, and when.
//!
//! Events are only ever appended (the database refuses updates and deletes). They never
//! contain the personal data itself, only what kind of data was touched and by whom.

use minsida_api::representation::{AccessKind, Area, RepresentationRole};
use sqlx::Any;

use crate::auth::Session;

pub mod chain;
pub mod writer;

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
    /// The organisation's register data was read.
    ReadOrganisation,
    /// The "who looked at my data" log was read.
    ReadAccessLog,
    /// The session switched whose data it shows (subject: the party switched to).
    SwitchParty,
    /// A switch to a party without a valid mandate was refused.
    SwitchPartyRefused,
    /// The session's mandate expired or was revoked: back to the person themself.
    ActingAsEnded,
    /// A request on behalf of a party that the mandate does not cover was refused.
    AccessDenied,
    /// The person gave a representation in Min sida.
    CreateGrant,
    /// The person revoked a representation they had given.
    RevokeGrant,
    /// The person listed the representations they have given.
    ListGrants,
    SystemCreateRepresentation,
    SystemRevokeRepresentation,
    SystemListRepresentations,
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
    /// An abuse limit refused requests (the first refusal of each window; `detail.limit`).
    RateLimited,
    /// A login attempt failed (`detail.reason`); never the identity typed. Bounded by the
    /// failed-login limits: a refused attempt is not recorded again.
    LoginFailed,
    /// The person gave feedback and chose to be known (an answer in Min sida, or a matter).
    GiveFeedback,
    /// An agency system read feedback (one event per page, and one per party named in it).
    SystemReadFeedback,
    /// The person opened an e-service: its prefilled register data and their draft.
    ReadEServiceForm,
    /// The person saved their answers so far to an e-service.
    SaveEServiceDraft,
    /// The person threw away their draft of an e-service.
    DeleteEServiceDraft,
    /// The person sent an e-service (a matter, a receipt).
    SubmitEService,
    /// An agency system published a new version of an e-service.
    SystemPublishEService,
    /// An agency system withdrew an e-service.
    SystemWithdrawEService,
    /// An agency system fetched a submission of an e-service (one event per submission).
    SystemReadEServiceSubmissions,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::RateLimited => "rate_limited",
            AuditAction::LoginFailed => "login_failed",
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
            AuditAction::ReadOrganisation => "read_organisation",
            AuditAction::ReadAccessLog => "read_access_log",
            AuditAction::SwitchParty => "switch_party",
            AuditAction::SwitchPartyRefused => "switch_party_refused",
            AuditAction::ActingAsEnded => "acting_as_ended",
            AuditAction::AccessDenied => "access_denied",
            AuditAction::CreateGrant => "create_grant",
            AuditAction::RevokeGrant => "revoke_grant",
            AuditAction::ListGrants => "list_grants",
            AuditAction::SystemCreateRepresentation => "system_create_representation",
            AuditAction::SystemRevokeRepresentation => "system_revoke_representation",
            AuditAction::SystemListRepresentations => "system_list_representations",
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
            AuditAction::GiveFeedback => "give_feedback",
            AuditAction::SystemReadFeedback => "system_read_feedback",
            AuditAction::ReadEServiceForm => "read_eservice_form",
            AuditAction::SaveEServiceDraft => "save_eservice_draft",
            AuditAction::DeleteEServiceDraft => "delete_eservice_draft",
            AuditAction::SubmitEService => "submit_eservice",
            AuditAction::SystemPublishEService => "system_publish_eservice",
            AuditAction::SystemWithdrawEService => "system_withdraw_eservice",
            AuditAction::SystemReadEServiceSubmissions => "system_read_eservice_submissions",
        }
    }

    /// How the action shows in the "who looked at my data" log (`GET /api/me/access-log`):
    /// the area it touched and what was done. `None` for actions that are not a look at or an
    /// act on the party's data (logins, switching, refusals, grants the person manages
    /// themself, housekeeping).
    pub fn access_log_entry(self) -> Option<(Area, AccessKind)> {
        use AccessKind::{Changed, Downloaded, Read, Sent};
        Some(match self {
            AuditAction::ReadPersonalDetails
            | AuditAction::ReadOrganisation
            | AuditAction::ReadAccessLog => (Area::PersonalData, Read),
            AuditAction::UpdateContactDetails => (Area::PersonalData, Changed),
            AuditAction::UpdateAccessibilityPrefs => (Area::Preferences, Changed),
            AuditAction::ReadChannelPrefs
            | AuditAction::ReadChannelHistory
            | AuditAction::ReadNotices
            | AuditAction::SystemReadChannelPrefs => (Area::Preferences, Read),
            AuditAction::UpdateChannelPrefs
            | AuditAction::StartContactVerification
            | AuditAction::ConfirmContactVerification => (Area::Preferences, Changed),
            AuditAction::ListMessages | AuditAction::ReadMessage => (Area::Messages, Read),
            AuditAction::UpdateMessageState => (Area::Messages, Changed),
            AuditAction::DownloadDocument => (Area::Messages, Downloaded),
            AuditAction::ListMatters | AuditAction::ReadMatter => (Area::Matters, Read),
            AuditAction::UploadDocument | AuditAction::DeleteUpload => (Area::Matters, Changed),
            AuditAction::ReadDraft => (Area::Matters, Read),
            AuditAction::SaveDraft | AuditAction::DeleteDraft => (Area::Matters, Changed),
            AuditAction::SendMessage => (Area::Matters, Sent),
            AuditAction::SystemCreateMatter | AuditAction::SystemSetMatterStatus => {
                (Area::Matters, Changed)
            }
            AuditAction::SystemDeliverMessage => (Area::Messages, Sent),
            AuditAction::SystemRequestSupplement => (Area::Matters, Sent),
            AuditAction::SystemReadReceipt => (Area::Messages, Read),
            AuditAction::SystemReadSubmissions => (Area::Matters, Read),
            AuditAction::SystemDownloadDocument => (Area::Matters, Downloaded),
            AuditAction::SystemCreateRepresentation | AuditAction::SystemRevokeRepresentation => {
                (Area::PersonalData, Changed)
            }
            // Staff saw which kind of page the visitor was on (with their consent): shown to
            // the visitor like any other look at them.
            AuditAction::SystemReadVisitStep => (Area::PersonalData, Read),
            // The agency read feedback in which the party asked for an answer or named a
            // matter of theirs.
            AuditAction::SystemReadFeedback => (Area::PersonalData, Read),
            // Opening an e-service shows the party's register data (prefill) and draft.
            AuditAction::ReadEServiceForm => (Area::PersonalData, Read),
            AuditAction::SaveEServiceDraft | AuditAction::DeleteEServiceDraft => {
                (Area::Matters, Changed)
            }
            AuditAction::SubmitEService => (Area::Matters, Sent),
            AuditAction::SystemReadEServiceSubmissions => (Area::Matters, Read),
            AuditAction::Login
            | AuditAction::RateLimited
            | AuditAction::LoginFailed
            | AuditAction::Logout
            | AuditAction::ExpireUploads
            | AuditAction::SwitchParty
            | AuditAction::SwitchPartyRefused
            | AuditAction::ActingAsEnded
            | AuditAction::AccessDenied
            | AuditAction::CreateGrant
            | AuditAction::RevokeGrant
            | AuditAction::ListGrants
            | AuditAction::SystemListRepresentations
            | AuditAction::EnrollTerminal
            | AuditAction::UnenrollTerminal
            | AuditAction::TerminalKeyRefused
            | AuditAction::RequestHelp
            | AuditAction::CancelHelp
            | AuditAction::DownloadRefusedOnTerminal
            | AuditAction::ExpireDrafts
            | AuditAction::SystemReadTerminals
            | AuditAction::GiveFeedback
            | AuditAction::SystemPublishEService
            | AuditAction::SystemWithdrawEService => return None,
        })
    }

    /// Every action, for the access log's mapping back from the stored name.
    pub const ALL: [AuditAction; 64] = [
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::ReadPersonalDetails,
        AuditAction::UpdateContactDetails,
        AuditAction::UpdateAccessibilityPrefs,
        AuditAction::ListMessages,
        AuditAction::ReadMessage,
        AuditAction::UpdateMessageState,
        AuditAction::ListMatters,
        AuditAction::ReadMatter,
        AuditAction::UploadDocument,
        AuditAction::DeleteUpload,
        AuditAction::SendMessage,
        AuditAction::DownloadDocument,
        AuditAction::ExpireUploads,
        AuditAction::SystemCreateMatter,
        AuditAction::SystemSetMatterStatus,
        AuditAction::SystemDeliverMessage,
        AuditAction::SystemRequestSupplement,
        AuditAction::SystemReadReceipt,
        AuditAction::SystemReadSubmissions,
        AuditAction::SystemDownloadDocument,
        AuditAction::ReadOrganisation,
        AuditAction::ReadAccessLog,
        AuditAction::SwitchParty,
        AuditAction::SwitchPartyRefused,
        AuditAction::ActingAsEnded,
        AuditAction::AccessDenied,
        AuditAction::CreateGrant,
        AuditAction::RevokeGrant,
        AuditAction::ListGrants,
        AuditAction::SystemCreateRepresentation,
        AuditAction::SystemRevokeRepresentation,
        AuditAction::SystemListRepresentations,
        AuditAction::EnrollTerminal,
        AuditAction::UnenrollTerminal,
        AuditAction::TerminalKeyRefused,
        AuditAction::RequestHelp,
        AuditAction::CancelHelp,
        AuditAction::DownloadRefusedOnTerminal,
        AuditAction::ReadDraft,
        AuditAction::SaveDraft,
        AuditAction::DeleteDraft,
        AuditAction::ExpireDrafts,
        AuditAction::SystemReadTerminals,
        AuditAction::SystemReadVisitStep,
        AuditAction::ReadChannelPrefs,
        AuditAction::UpdateChannelPrefs,
        AuditAction::ReadChannelHistory,
        AuditAction::StartContactVerification,
        AuditAction::ConfirmContactVerification,
        AuditAction::ReadNotices,
        AuditAction::SystemReadChannelPrefs,
        AuditAction::RateLimited,
        AuditAction::LoginFailed,
        AuditAction::GiveFeedback,
        AuditAction::SystemReadFeedback,
        AuditAction::ReadEServiceForm,
        AuditAction::SaveEServiceDraft,
        AuditAction::DeleteEServiceDraft,
        AuditAction::SubmitEService,
        AuditAction::SystemPublishEService,
        AuditAction::SystemWithdrawEService,
        AuditAction::SystemReadEServiceSubmissions,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
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
    /// When the actor acted for the subject: the role they acted in.
    pub actor_role: Option<RepresentationRole>,
    /// When the actor acted for the subject: the representation that allowed it.
    pub representation_id: Option<i64>,
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
            actor_role: None,
            representation_id: None,
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
            actor_role: None,
            representation_id: None,
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
            actor_role: None,
            representation_id: None,
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

    /// The actor acted for the subject in `role`, allowed by `representation_id`.
    pub fn on_behalf(mut self, role: RepresentationRole, representation_id: i64) -> Self {
        self.actor_role = Some(role);
        self.representation_id = Some(representation_id);
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
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_events (at, actor_person_id, subject_person_id, action, object_type, \
         object_id, session_ref, detail, actor_system, actor_role, representation_id, \
         terminal_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
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
    .bind(event.actor_role.map(RepresentationRole::as_str))
    .bind(event.representation_id)
    .bind(event.terminal_id)
    .execute(executor)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }

    #[test]
    fn the_access_log_shows_looks_and_acts_not_housekeeping() {
        assert_eq!(
            AuditAction::ReadMessage.access_log_entry(),
            Some((Area::Messages, AccessKind::Read))
        );
        assert_eq!(
            AuditAction::SendMessage.access_log_entry(),
            Some((Area::Matters, AccessKind::Sent))
        );
        assert_eq!(
            AuditAction::DownloadDocument.access_log_entry(),
            Some((Area::Messages, AccessKind::Downloaded))
        );
        assert_eq!(
            AuditAction::ReadDraft.access_log_entry(),
            Some((Area::Matters, AccessKind::Read))
        );
        assert_eq!(
            AuditAction::SaveDraft.access_log_entry(),
            Some((Area::Matters, AccessKind::Changed))
        );
        assert_eq!(
            AuditAction::SystemReadVisitStep.access_log_entry(),
            Some((Area::PersonalData, AccessKind::Read))
        );
        for a in [
            AuditAction::Login,
            AuditAction::SwitchParty,
            AuditAction::AccessDenied,
            AuditAction::CreateGrant,
            AuditAction::DownloadRefusedOnTerminal,
            AuditAction::RequestHelp,
            AuditAction::ExpireDrafts,
        ] {
            assert_eq!(a.access_log_entry(), None, "{}", a.as_str());
        }
    }
}
