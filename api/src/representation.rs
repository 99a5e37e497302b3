//! Acting for someone else: parties (persons and organisations), mandates (who may act for
//! whom, in which areas, how far and for how long), the "acting as" switch, grants a person
//! gives for their own matters, organisation data, and the log of who acted on one's data.

use serde::{Deserialize, Serialize};

use crate::{FieldError, FieldErrorCode, PostalAddress};

/// A natural person or a legal person (organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organisation,
}

/// Someone whose data can be shown: oneself, a represented person or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    /// Internal id, used to switch to the party. Knowing it gives no access.
    pub id: i64,
    pub kind: PartyKind,
    /// Canonical 12 digits: a personal identity number, or `16` + organisation number.
    pub identifier: String,
    /// Full name of a person, or the organisation's name.
    pub name: String,
}

/// An area of Min sida that a mandate covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The mailbox: messages and their documents.
    Messages,
    /// Matters, requests to supplement and writing in them.
    Matters,
    /// Contact choices and notices, accessibility settings.
    Preferences,
    /// Registered data, contact details, organisation data.
    PersonalData,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Messages,
        Area::Matters,
        Area::Preferences,
        Area::PersonalData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Messages => "messages",
            Area::Matters => "matters",
            Area::Preferences => "preferences",
            Area::PersonalData => "personal_data",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How far a mandate goes in an area. `Act` includes `Read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    Read,
    /// Read and act: send messages, answer requests, change settings.
    Act,
}

impl AccessLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::Read => "read",
            AccessLevel::Act => "act",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [AccessLevel::Read, AccessLevel::Act]
            .into_iter()
            .find(|a| a.as_str() == s)
    }

    /// Whether this level allows what `needed` asks for.
    pub fn allows(self, needed: AccessLevel) -> bool {
        self >= needed
    }
}

/// One area and how far the mandate goes in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scope {
    pub area: Area,
    pub level: AccessLevel,
}

/// Whether these scopes allow `level` in `area`.
pub fn scopes_allow(scopes: &[Scope], area: Area, level: AccessLevel) -> bool {
    scopes
        .iter()
        .any(|s| s.area == area && s.level.allows(level))
}

/// Why someone may act for a party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RepresentationRole {
    /// Authorised signatory of an organisation (firmatecknare).
    Signatory,
    /// Appointed representative (ombud), by a power of attorney or a grant in Min sida.
    Representative,
    /// Guardian of a minor (vårdnadshavare).
    Guardian,
    /// Trustee appointed by the chief guardian (god man).
    Trustee,
    /// Administrator appointed by the chief guardian (förvaltare).
    Administrator,
}

impl RepresentationRole {
    pub const ALL: [RepresentationRole; 5] = [
        RepresentationRole::Signatory,
        RepresentationRole::Representative,
        RepresentationRole::Guardian,
        RepresentationRole::Trustee,
        RepresentationRole::Administrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RepresentationRole::Signatory => "signatory",
            RepresentationRole::Representative => "representative",
            RepresentationRole::Guardian => "guardian",
            RepresentationRole::Trustee => "trustee",
            RepresentationRole::Administrator => "administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A valid-now right to act for a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mandate {
    /// Id of the representation.
    pub id: i64,
    pub party: Party,
    pub role: RepresentationRole,
    pub scopes: Vec<Scope>,
    /// `YYYY-MM-DD`, first day of validity.
    pub valid_from: String,
    /// `YYYY-MM-DD`, last day of validity; absent when open-ended.
    pub valid_until: Option<String>,
}

/// `GET /api/me/parties`: the logged-in person and everyone they may act for right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parties {
    pub me: Party,
    pub mandates: Vec<Mandate>,
}

/// Whose data the session shows. Part of `SessionInfo`; absent when acting for oneself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActingAs {
    pub party: Party,
    pub role: RepresentationRole,
    pub scopes: Vec<Scope>,
    pub valid_until: Option<String>,
}

/// `PUT /api/session/acting-as`: switch whose data the session shows. `party_id` of the
/// logged-in person switches back to oneself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SwitchParty {
    pub party_id: i64,
}

/// A tax registration of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxRegistrationKind {
    /// F-skatt (approved for business tax).
    FTax,
    /// Registered for VAT (moms).
    Vat,
    /// Registered as employer.
    Employer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxRegistration {
    pub kind: TaxRegistrationKind,
    /// `YYYY-MM-DD`.
    pub registered_since: String,
}

/// `GET /api/organisation`: the organisation the session acts for (area personal data, read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDetails {
    /// Canonical `16` + 10 digits.
    pub organisation_number: String,
    pub name: String,
    /// E.g. `Aktiebolag`, `Handelsbolag`, `Ekonomisk förening`.
    pub legal_form: String,
    pub address: PostalAddress,
    pub registrations: Vec<TaxRegistration>,
    /// `YYYY-MM-DD`.
    pub registered_since: String,
}

/// `POST /api/me/grants`: let another person act for me in my own matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateGrant {
    /// The representative's personal identity number, any accepted form.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "personal-identity-number",
            example = "198112189876",
            pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$"
        )
    )]
    pub personal_number: String,
    /// At least one area; one entry per area.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub scopes: Vec<Scope>,
    /// `YYYY-MM-DD`, today or later, at most [`GRANT_MAX_DAYS`] days ahead.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_until: String,
}

/// Longest a grant made in Min sida may last.
pub const GRANT_MAX_DAYS: u32 = 366;

impl CreateGrant {
    /// The checks that need no database: scopes present and unique. (The server also checks
    /// the number, that it is a known person other than oneself, and the date.)
    pub fn validate_scopes(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.scopes.is_empty() {
            errors.push(FieldError {
                field: "scopes".into(),
                code: FieldErrorCode::Required,
            });
        } else if Area::ALL
            .iter()
            .any(|a| self.scopes.iter().filter(|s| s.area == *a).count() > 1)
        {
            errors.push(FieldError {
                field: "scopes".into(),
                code: FieldErrorCode::InvalidValue,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A representation the person has given in Min sida.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grant {
    pub id: i64,
    pub representative: Party,
    pub scopes: Vec<Scope>,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    /// `YYYY-MM-DD`.
    pub valid_until: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; absent while not revoked.
    pub revoked_at: Option<String>,
}

/// `GET /api/me/grants`: grants given, newest first (active, expired and revoked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grants {
    pub grants: Vec<Grant>,
}

/// What someone did with the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// Looked at it (a list or a single item).
    Read,
    /// Opened or downloaded a document.
    Downloaded,
    /// Sent a message or an answer.
    Sent,
    /// Changed something (settings, contact details, message state).
    Changed,
}

/// Who acted on the person's data: a representative, or an agency system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AccessActor {
    /// A person acting for them (with the role they acted in).
    Person {
        name: String,
        identifier: String,
        role: Option<RepresentationRole>,
    },
    /// An agency system (by its configured name).
    System { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLogEntry {
    /// RFC 3339.
    pub at: String,
    pub actor: AccessActor,
    pub area: Area,
    pub kind: AccessKind,
}

/// `GET /api/me/access-log`: who else looked at or acted on the party's data ("who looked
/// at my data"), newest first. The person's own actions are not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLog {
    pub entries: Vec<AccessLogEntry>,
}

/// `POST /api/system/v1/representations`: register a representation (an agency system that
/// knows of a power of attorney, a guardianship or a company's signatories).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemCreateRepresentation {
    /// The representative's personal identity number.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "personal-identity-number",
            example = "198112189876",
            pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$"
        )
    )]
    pub representative: String,
    /// The represented party: a personal identity number or an organisation number.
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "party-number",
            example = "5591234561",
            pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$|^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$"
        )
    )]
    pub represented: String,
    pub role: RepresentationRole,
    /// At least one area; one entry per area.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub scopes: Vec<Scope>,
    /// `YYYY-MM-DD`; absent means today.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`, not before `valid_from`; absent means open-ended.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_until: Option<String>,
}

/// A representation as the system API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemRepresentation {
    pub id: i64,
    pub representative: Party,
    pub represented: Party,
    pub role: RepresentationRole,
    pub scopes: Vec<Scope>,
    pub valid_from: String,
    pub valid_until: Option<String>,
    /// RFC 3339; absent while not revoked.
    pub revoked_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_includes_read() {
        let scopes = [
            Scope {
                area: Area::Messages,
                level: AccessLevel::Act,
            },
            Scope {
                area: Area::Matters,
                level: AccessLevel::Read,
            },
        ];
        assert!(scopes_allow(&scopes, Area::Messages, AccessLevel::Read));
        assert!(scopes_allow(&scopes, Area::Messages, AccessLevel::Act));
        assert!(scopes_allow(&scopes, Area::Matters, AccessLevel::Read));
        assert!(!scopes_allow(&scopes, Area::Matters, AccessLevel::Act));
        assert!(!scopes_allow(
            &scopes,
            Area::PersonalData,
            AccessLevel::Read
        ));
    }

    #[test]
    fn grant_scopes_must_be_present_and_unique() {
        let mut g = CreateGrant {
            personal_number: "x".into(),
            scopes: vec![],
            valid_until: "2027-01-01".into(),
        };
        assert_eq!(
            g.validate_scopes().unwrap_err()[0].code,
            FieldErrorCode::Required
        );
        g.scopes = vec![
            Scope {
                area: Area::Messages,
                level: AccessLevel::Read,
            },
            Scope {
                area: Area::Messages,
                level: AccessLevel::Act,
            },
        ];
        assert_eq!(
            g.validate_scopes().unwrap_err()[0].code,
            FieldErrorCode::InvalidValue
        );
        g.scopes.pop();
        assert!(g.validate_scopes().is_ok());
        assert_eq!(
            serde_json::to_value(Area::PersonalData).unwrap(),
            "personal_data"
        );
        assert_eq!(
            serde_json::to_value(AccessActor::System { name: "x".into() }).unwrap(),
            serde_json::json!({"type": "system", "name": "x"})
        );
    }
}
