//! The system-to-system API under `/api/system/v1`, for the agency's case handling systems.
//!
//! Authenticated with `Authorization: Bearer <api key>`
//! ([`SystemClient`](crate::systems::SystemClient)); a citizen session cookie means nothing
//! here. A system only sees the matters and messages it created: every query has
//! `system_id = <the caller>` in its SQL, others' objects are 404.
//!
//! One file per resource: [`matters`], [`messages`], [`documents`], [`persons`],
//! [`representations`] and the offices' staff view of the customer [`terminals`]; what the
//! deliveries share (recipients, attachments, the inserted message) is in `delivery.rs`.

pub mod documents;
pub mod eservices;
pub mod feedback;
pub mod matters;
pub mod messages;
pub mod persons;
pub mod representations;
pub mod terminals;

mod delivery;

use minsida_api::messages::{Recipient, SystemMatter};
use minsida_api::representation::PartyKind;
use minsida_api::{FieldError, FieldErrorCode};
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::error::ApiError;
use crate::messaging::MatterRow;
use crate::parties;

/// Longest sender, title, handler, external id, note or requested item, in characters.
const MAX_SHORT_TEXT_CHARS: usize = 200;

/// Collects field errors.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) Vec<FieldError>);

impl Errors {
    pub(crate) fn push(&mut self, field: impl Into<String>, code: FieldErrorCode) {
        self.0.push(FieldError {
            field: field.into(),
            code,
        });
    }

    /// The trimmed text; `required` when blank, `too_long` over `max` characters (counted
    /// as sent, like the OpenAPI document's `maxLength`).
    fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.push(field, FieldErrorCode::Required);
        } else if value.chars().count() > max {
            self.push(field, FieldErrorCode::TooLong);
        }
        v.to_string()
    }

    pub(crate) fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

/// Find the recipient in the register: a person by `recipient.personal_number` or an
/// organisation by `recipient.organisation_number`, exactly one of the two (`recipient`:
/// `required` when neither, `invalid_value` when both). The number's field gets
/// `invalid_personal_number` / `invalid_organisation_number` when malformed, `unknown_person`
/// when no such party is in the register (for an organisation too: a legal person).
async fn resolve_recipient(
    conn: &mut AnyConnection,
    recipient: &Recipient,
    now: i64,
    errors: &mut Errors,
) -> Result<Option<i64>, sqlx::Error> {
    let (field, number, kind) = match (
        recipient.personal_number.as_deref(),
        recipient.organisation_number.as_deref(),
    ) {
        (Some(pn), None) => (
            "recipient.personal_number",
            parties::parse_personal_number(pn, now),
            PartyKind::Person,
        ),
        (None, Some(on)) => (
            "recipient.organisation_number",
            parties::parse_organisation_number(on),
            PartyKind::Organisation,
        ),
        (None, None) => {
            errors.push("recipient", FieldErrorCode::Required);
            return Ok(None);
        }
        (Some(_), Some(_)) => {
            errors.push("recipient", FieldErrorCode::InvalidValue);
            return Ok(None);
        }
    };
    let number = match number {
        Ok(n) => n,
        Err(code) => {
            errors.push(field, code);
            return Ok(None);
        }
    };
    let party = parties::party_by_identifier(conn, &number, kind).await?;
    if party.is_none() {
        errors.push(field, FieldErrorCode::UnknownPerson);
    }
    Ok(party.map(|p| p.id))
}

fn system_matter_body(m: &MatterRow) -> SystemMatter {
    SystemMatter {
        id: m.id,
        reference: m.reference.clone(),
        external_id: m.external_id.clone(),
        status: m.status(),
        opened_at: format_unix(m.opened_at),
    }
}
