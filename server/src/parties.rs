//! Parties: the natural and legal persons of the register.
//!
//! Persons and organisations share one id space, the table `persons` (see the migration
//! `20260507000000_representation.sql`): `kind` tells them apart, the identifier column holds
//! the canonical 12 digits (a personal identity number, or `16` + the organisation number),
//! and an organisation's register data is in `organisations` keyed by the same id. Everything
//! that belongs to a subject (messages, matters, documents, receipts, requests to supplement,
//! contact details, audit events) is keyed by that id, so it works for both kinds alike.

use minsida_api::org::{OrgNumber, OrgNumberError};
use minsida_api::pin::{PersonalIdentityNumber, Ymd};
use minsida_api::representation::{
    OrganisationDetails, Party, PartyKind, TaxRegistration, TaxRegistrationKind,
};
use minsida_api::{FieldErrorCode, PostalAddress};
use sqlx::AnyConnection;

use crate::dates;

/// Columns of [`PartyRow`], with `p` = persons and `o` = organisations (LEFT JOIN, see
/// [`PARTY_FROM`]).
pub const PARTY_COLUMNS: &str = "p.id, p.kind, p.personal_number AS identifier, \
     CASE WHEN p.kind = 'organisation' THEN o.name ELSE p.given_name || ' ' || p.last_name END \
     AS name";

/// `FROM` clause for [`PARTY_COLUMNS`].
pub const PARTY_FROM: &str = "persons p LEFT JOIN organisations o ON o.party_id = p.id";

pub fn kind_str(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Person => "person",
        PartyKind::Organisation => "organisation",
    }
}

pub fn parse_kind(s: &str) -> PartyKind {
    if s == "organisation" {
        PartyKind::Organisation
    } else {
        PartyKind::Person
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PartyRow {
    pub id: i64,
    pub kind: String,
    pub identifier: String,
    /// NULL only for an organisation whose register data is missing.
    pub name: Option<String>,
}

impl PartyRow {
    pub fn into_party(self) -> Party {
        let kind = parse_kind(&self.kind);
        Party {
            id: self.id,
            kind,
            name: self.name.unwrap_or_else(|| self.identifier.clone()),
            identifier: self.identifier,
        }
    }
}

/// The party with this id, if any.
pub async fn party(conn: &mut AnyConnection, id: i64) -> Result<Option<Party>, sqlx::Error> {
    let row: Option<PartyRow> = sqlx::query_as(&format!(
        "SELECT {PARTY_COLUMNS} FROM {PARTY_FROM} WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(PartyRow::into_party))
}

/// The party with this canonical identifier and kind, if any.
pub async fn party_by_identifier(
    conn: &mut AnyConnection,
    identifier: &str,
    kind: PartyKind,
) -> Result<Option<Party>, sqlx::Error> {
    let row: Option<PartyRow> = sqlx::query_as(&format!(
        "SELECT {PARTY_COLUMNS} FROM {PARTY_FROM} WHERE p.personal_number = $1 AND p.kind = $2"
    ))
    .bind(identifier)
    .bind(kind_str(kind))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(PartyRow::into_party))
}

/// The Swedish date at `now` as the identity number parser wants it (to tell the century of
/// a 10-digit number).
pub fn today_ymd(now: i64) -> Ymd {
    let today = dates::stockholm_date(now);
    Ymd::new(
        u16::try_from(today.year()).unwrap_or(9999),
        u8::from(today.month()),
        today.day(),
    )
}

/// A personal identity number in any accepted form, canonical; `invalid_personal_number`
/// otherwise.
pub fn parse_personal_number(input: &str, now: i64) -> Result<String, FieldErrorCode> {
    PersonalIdentityNumber::parse(input, today_ymd(now))
        .map(|p| p.canonical())
        .map_err(|_| FieldErrorCode::InvalidPersonalNumber)
}

/// An organisation number in any accepted form, canonical (`16` + 10 digits);
/// `invalid_organisation_number` otherwise.
pub fn parse_organisation_number(input: &str) -> Result<String, FieldErrorCode> {
    OrgNumber::parse(input)
        .map(|o| o.canonical())
        .map_err(|_| FieldErrorCode::InvalidOrganisationNumber)
}

/// A number that may be either a personal identity number or an organisation number (the
/// represented party of a representation). Returns the canonical identifier and the kind.
/// When it is neither, the error tells which of the two it looked like: an organisation
/// number with a wrong check digit, or one with the `16` prefix or a third digit of 2 or more
/// (`invalid_organisation_number`), else `invalid_personal_number`.
pub fn parse_party_number(input: &str, now: i64) -> Result<(String, PartyKind), FieldErrorCode> {
    if let Ok(pin) = parse_personal_number(input, now) {
        return Ok((pin, PartyKind::Person));
    }
    match OrgNumber::parse(input) {
        Ok(o) => Ok((o.canonical(), PartyKind::Organisation)),
        Err(OrgNumberError::Empty) => Err(FieldErrorCode::Required),
        Err(OrgNumberError::Checksum) => Err(FieldErrorCode::InvalidOrganisationNumber),
        Err(OrgNumberError::NotLegalPerson) => Err(FieldErrorCode::InvalidPersonalNumber),
        Err(OrgNumberError::Format) => {
            let digits: Vec<u8> = input
                .bytes()
                .filter(u8::is_ascii_digit)
                .map(|b| b - b'0')
                .collect();
            let looks_like_org = (digits.len() == 12 && digits[..2] == [1, 6])
                || (digits.len() == 10 && digits[2] >= 2);
            Err(if looks_like_org {
                FieldErrorCode::InvalidOrganisationNumber
            } else {
                FieldErrorCode::InvalidPersonalNumber
            })
        }
    }
}

pub fn registration_kind_str(kind: TaxRegistrationKind) -> &'static str {
    match kind {
        TaxRegistrationKind::FTax => "f_tax",
        TaxRegistrationKind::Vat => "vat",
        TaxRegistrationKind::Employer => "employer",
    }
}

fn parse_registration_kind(s: &str) -> Option<TaxRegistrationKind> {
    [
        TaxRegistrationKind::FTax,
        TaxRegistrationKind::Vat,
        TaxRegistrationKind::Employer,
    ]
    .into_iter()
    .find(|k| registration_kind_str(*k) == s)
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    identifier: String,
    name: String,
    legal_form: String,
    care_of: Option<String>,
    street: String,
    postal_code: String,
    city: String,
    country: Option<String>,
    registered_since: String,
}

/// The register data of the organisation with this party id; `None` if the party is not an
/// organisation.
pub async fn organisation_details(
    conn: &mut AnyConnection,
    party_id: i64,
) -> Result<Option<OrganisationDetails>, sqlx::Error> {
    let row: Option<OrganisationRow> = sqlx::query_as(
        "SELECT p.personal_number AS identifier, o.name, o.legal_form, o.care_of, o.street, \
         o.postal_code, o.city, o.country, o.registered_since \
         FROM persons p JOIN organisations o ON o.party_id = p.id \
         WHERE p.id = $1 AND p.kind = 'organisation'",
    )
    .bind(party_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let registrations: Vec<(String, String)> = sqlx::query_as(
        "SELECT kind, registered_since FROM organisation_registrations WHERE party_id = $1 \
         ORDER BY registered_since, kind",
    )
    .bind(party_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(OrganisationDetails {
        organisation_number: r.identifier,
        name: r.name,
        legal_form: r.legal_form,
        address: PostalAddress {
            care_of: r.care_of,
            street: r.street,
            postal_code: r.postal_code,
            city: r.city,
            country: r.country,
        },
        registrations: registrations
            .into_iter()
            .filter_map(|(kind, since)| {
                parse_registration_kind(&kind).map(|kind| TaxRegistration {
                    kind,
                    registered_since: since,
                })
            })
            .collect(),
        registered_since: r.registered_since,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2025-06-01T12:00:00Z
    const NOW: i64 = 1_748_779_200;

    #[test]
    fn party_numbers_of_both_kinds() {
        assert_eq!(
            parse_party_number("811218-9876", NOW),
            Ok(("198112189876".into(), PartyKind::Person))
        );
        assert_eq!(
            parse_party_number("559123-4561", NOW),
            Ok(("165591234561".into(), PartyKind::Organisation))
        );
        assert_eq!(
            parse_party_number("165591234561", NOW),
            Ok(("165591234561".into(), PartyKind::Organisation))
        );
        // Wrong check digits: the kind the number looks like decides the code.
        assert_eq!(
            parse_party_number("559123-4562", NOW),
            Err(FieldErrorCode::InvalidOrganisationNumber)
        );
        assert_eq!(
            parse_party_number("811218-9877", NOW),
            Err(FieldErrorCode::InvalidPersonalNumber)
        );
        assert_eq!(
            parse_party_number("16559123456", NOW),
            Err(FieldErrorCode::InvalidPersonalNumber)
        );
        assert_eq!(
            parse_party_number("1655912345612", NOW),
            Err(FieldErrorCode::InvalidPersonalNumber)
        );
        assert_eq!(
            parse_party_number("16-5591234561", NOW),
            Err(FieldErrorCode::InvalidOrganisationNumber)
        );
        assert_eq!(parse_party_number(" ", NOW), Err(FieldErrorCode::Required));
        assert_eq!(
            parse_organisation_number("5591234561"),
            Ok("165591234561".into())
        );
        assert_eq!(
            parse_organisation_number("811218-9876"),
            Err(FieldErrorCode::InvalidOrganisationNumber)
        );
    }
}
