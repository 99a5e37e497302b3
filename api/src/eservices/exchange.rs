//! What the SPA and agency systems exchange about e-services: the list and the form a person
//! gets, drafts, submissions and their receipts, and the system API's views.

use serde::{Deserialize, Serialize};

use super::{Answer, Answers, ServiceDefinition};
use crate::messages::{DocumentInfo, MatterCategory, MatterRef};
use crate::{FieldError, FieldErrorCode};

/// Shortest and longest idempotency key of a submission.
pub const IDEMPOTENCY_KEY_LEN: std::ops::RangeInclusive<usize> = 16..=64;

/// One e-service the party the session acts for may use (`GET /api/eservices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EServiceSummary {
    /// E.g. `flyttanmalan`; the service's address is `/e-tjanster/<id>`.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub easy_read_summary: String,
    pub category: MatterCategory,
    pub handler: String,
    /// When the party's draft was last saved (RFC 3339), if there is one.
    pub draft_saved_at: Option<String>,
    /// When the party last sent this service (RFC 3339), if ever.
    pub last_submitted_at: Option<String>,
}

/// `GET /api/eservices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EServiceList {
    pub services: Vec<EServiceSummary>,
}

/// The party's saved draft of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EServiceDraft {
    /// The answers given so far, by question id (answers to questions the current version
    /// no longer has are left out).
    pub answers: Answers,
    /// RFC 3339.
    pub saved_at: String,
    /// The files the answers refer to (the party's uploads not sent yet), to show them.
    #[serde(default)]
    pub uploads: Vec<DocumentInfo>,
}

/// `GET /api/eservices/{id}`: everything needed to fill in the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EServiceForm {
    pub id: String,
    /// The version the answers are checked against; sent back with the submission.
    pub version: i64,
    pub definition: ServiceDefinition,
    /// What the agency already has, by question id: shown as "this is what we have — is it
    /// right?", and changeable.
    pub prefill: Answers,
    pub draft: Option<EServiceDraft>,
    /// Today in Sweden, `YYYY-MM-DD`: date questions' ranges count from it.
    pub today: String,
    /// Who the answers are given for (the party's name), shown on every page.
    pub party_name: String,
}

/// `PUT /api/eservices/{id}/draft`: the answers so far (saved on every step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveEServiceDraft {
    /// Answers by question id, in the shapes of [`Answer`]; checked only for shape and size
    /// (a draft may be incomplete or wrong). At most 64 KB of JSON.
    pub answers: Answers,
}

/// `POST /api/eservices/{id}/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitEService {
    /// The version the person answered ([`EServiceForm::version`]); 409 when the service
    /// has changed since.
    pub version: i64,
    pub answers: Answers,
    /// Chosen by the client once per filling-in: sending the same key again (a double click,
    /// a retried request) answers with the first submission's receipt and makes nothing new.
    /// 16–64 characters of `[A-Za-z0-9_-]`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{16,64}$"))]
    pub idempotency_key: String,
}

/// Whether `key` is a valid idempotency key.
pub fn is_idempotency_key(key: &str) -> bool {
    IDEMPOTENCY_KEY_LEN.contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl SubmitEService {
    /// The checks of the request itself (the answers are checked against the definition).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        if is_idempotency_key(&self.idempotency_key) {
            Ok(())
        } else {
            Err(vec![FieldError {
                field: "idempotency_key".into(),
                code: FieldErrorCode::InvalidValue,
            }])
        }
    }
}

/// The receipt of a submitted e-service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EServiceReceipt {
    /// E.g. `K-2026-4F7Q-9XK2`.
    pub receipt_number: String,
    /// RFC 3339.
    pub received_at: String,
    pub service_id: String,
    pub service_title: String,
    /// The matter the submission opened.
    pub matter: MatterRef,
    /// The receipt as a message in the inbox.
    pub receipt_message_id: i64,
    /// SHA-256 (hex) of the canonical answers: their JSON as an array of `[question id,
    /// answer]` pairs in the definition's order, without spaces.
    pub answers_sha256: String,
    /// The files sent with the answers, each with its SHA-256.
    pub documents: Vec<DocumentInfo>,
}

// --- System API -----------------------------------------------------------------------------

/// A published version of an e-service, as the system API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemEService {
    /// The service's id, e.g. `flyttanmalan`.
    pub id: String,
    /// 1 for the first definition, one more for every changed one.
    pub version: i64,
    pub title: String,
    /// RFC 3339.
    pub published_at: String,
    /// When the system withdrew the service (RFC 3339); nobody can start or send it then.
    pub withdrawn_at: Option<String>,
    /// SHA-256 (hex) of the stored definition's JSON.
    pub definition_sha256: String,
}

/// The latest version of an e-service with its definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemEServiceDetail {
    #[serde(flatten)]
    pub service: SystemEService,
    pub definition: ServiceDefinition,
}

/// `GET /api/system/v1/eservices`: the system's services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemEServiceList {
    pub services: Vec<SystemEService>,
}

/// One answer of a submission as the agency fetches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemAnswer {
    pub question: String,
    pub answer: Answer,
}

/// One submission of an e-service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemEServiceSubmission {
    /// Increasing; page with `after`.
    pub id: i64,
    pub service_id: String,
    pub version: i64,
    pub receipt_number: String,
    /// RFC 3339.
    pub submitted_at: String,
    /// The matter the submission opened (continue it with the matters API).
    pub matter_id: i64,
    pub matter_reference: String,
    /// Whose matter it is: a personal identity number (`YYYYMMDD-NNNC`) or an organisation
    /// number (`NNNNNN-NNNC`).
    pub party: String,
    /// Who sent it when acting for the party (`YYYYMMDD-NNNC`), else `null`.
    pub submitted_by: Option<String>,
    /// The answers to the questions shown, in the definition's order (uploads as document
    /// ids: fetch them with `GET /api/system/v1/documents/{id}`).
    pub answers: Vec<SystemAnswer>,
    /// SHA-256 (hex) of the canonical answers, as in the person's receipt.
    pub answers_sha256: String,
    pub documents: Vec<DocumentInfo>,
}

/// `GET /api/system/v1/eservices/{id}/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemEServiceSubmissionPage {
    pub submissions: Vec<SystemEServiceSubmission>,
    /// Pass as `after` for the next page; `null` when this page was the last.
    pub next_after: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys() {
        assert!(is_idempotency_key("0123456789abcdef"));
        assert!(is_idempotency_key(&"A-_z".repeat(16)));
        assert!(!is_idempotency_key("short"));
        assert!(!is_idempotency_key(&"a".repeat(65)));
        assert!(!is_idempotency_key("0123456789abcdef ghij"));
    }
}
