//! Citizen side: writing in a matter, and documents uploaded to send.

use serde::{Deserialize, Serialize};

use super::{DocumentInfo, MAX_BODY_CHARS, MAX_DOCUMENTS_PER_MESSAGE, MAX_SUBJECT_CHARS};
use crate::FieldErrorCode;

/// `POST /api/matters/{id}/messages`: write in a matter, optionally answering a request to
/// supplement, with documents uploaded before through `POST /api/uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessageRequest {
    /// Answer to this request to supplement (must belong to the matter and wait for an answer).
    #[serde(default)]
    pub supplement_request_id: Option<i64>,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub subject: String,
    /// Not blank, unless there are documents.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub body: String,
    /// Uploads of this person that have not been sent yet (at most 10, each once).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
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
        // Lengths are counted as sent (the OpenAPI document's `maxLength`).
        if subject.is_empty() {
            push("subject", FieldErrorCode::Required);
        } else if self.subject.chars().count() > MAX_SUBJECT_CHARS {
            push("subject", FieldErrorCode::TooLong);
        }
        if self.body.chars().count() > MAX_BODY_CHARS {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
