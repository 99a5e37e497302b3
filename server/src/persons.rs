//! Access to a party's data: the [`Access`] check every citizen handler starts with, and a
//! person's registered data and contact details.
//!
//! Every function that reads or changes a subject's data takes an [`Access`]: the proof that
//! the logged-in person may see or change that subject's data. The subject is never taken
//! from the request: it is the party the session acts for (the person themself, an
//! organisation they sign for, a person they represent), and acting for someone else is
//! checked against a valid mandate covering the handler's area and level on every request.

use crate::db::Pool;
use minsida_api::pin::PersonalIdentityNumber;
use minsida_api::representation::{AccessLevel, Area, PartyKind, RepresentationRole};
use minsida_api::{ContactDetails, PersonalDetails, PostalAddress};
use sqlx::AnyConnection;

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::auth::Session;
use crate::channels;
use crate::error::ApiError;
use crate::representation::{self, Acting};
use crate::AppState;

/// Who acts, and whose data they act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    actor_person_id: i64,
    subject_person_id: i64,
    subject_kind: PartyKind,
    /// When acting for someone else: the representation that allows the request and its role.
    mandate: Option<(i64, RepresentationRole)>,
}

impl Access {
    /// The logged-in person acting on their own data, whoever the session acts for. Only for
    /// what is always the person's own: their display settings, the parties they may act
    /// for, the grants they give, the switch itself.
    pub fn own(session: &Session) -> Self {
        Self {
            actor_person_id: session.person_id,
            subject_person_id: session.person_id,
            subject_kind: PartyKind::Person,
            mandate: None,
        }
    }

    /// The access of this request to the data of the party the session acts for, needing
    /// `level` in `area`. The person's own data needs nothing more. For someone else a
    /// representation valid today must cover `area` at `level`: checked now, on every
    /// request, so that an expiry or revocation takes effect at once.
    ///
    /// Refuses with 403 `forbidden` when the mandate does not cover the request (audited as
    /// `access_denied`), or when no mandate for the party is valid any longer; the session
    /// then acts for the person themself again (audited as `acting_as_ended`), and the next
    /// request shows their own data, never the party's.
    pub async fn for_request(
        state: &AppState,
        session: &Session,
        area: Area,
        level: AccessLevel,
    ) -> Result<Self, ApiError> {
        let (party, mandates) = match representation::resolve(state, session).await? {
            Acting::Own => return Ok(Self::own(session)),
            Acting::Ended => {
                return Err(ApiError::forbidden(
                    "the mandate for the party is no longer valid; the session acts for the \
                     person themself again",
                ))
            }
            Acting::For { party, mandates } => (party, mandates),
        };
        let Some(mandate) = representation::covering(&mandates, area, level) else {
            let event = AuditEvent::new(
                state.now_unix(),
                AuditAction::AccessDenied,
                "mandate",
                session.person_id,
                party.id,
            )
            .session(session)
            .detail(serde_json::json!({ "area": area.as_str(), "level": level.as_str() }));
            state.audit.record(&event).await?;
            return Err(ApiError::forbidden(format!(
                "the mandate does not allow {} in {}",
                level.as_str(),
                area.as_str()
            )));
        };
        Ok(Self {
            actor_person_id: session.person_id,
            subject_person_id: party.id,
            subject_kind: party.kind,
            mandate: Some((mandate.id, mandate.role())),
        })
    }

    pub fn actor(&self) -> i64 {
        self.actor_person_id
    }

    pub fn subject(&self) -> i64 {
        self.subject_person_id
    }

    pub fn subject_kind(&self) -> PartyKind {
        self.subject_kind
    }

    /// Whether the actor acts for someone else.
    pub fn on_behalf(&self) -> bool {
        self.mandate.is_some()
    }

    /// The role the actor acts in for the subject, if acting for someone else.
    pub fn role(&self) -> Option<RepresentationRole> {
        self.mandate.map(|(_, role)| role)
    }

    /// An audit event of this access: actor, subject and, when acting for someone else, the
    /// role and the representation.
    pub fn event(&self, at: i64, action: AuditAction, object_type: &'static str) -> AuditEvent {
        let event = AuditEvent::new(
            at,
            action,
            object_type,
            self.actor_person_id,
            self.subject_person_id,
        );
        match self.mandate {
            Some((id, role)) => event.on_behalf(role, id),
            None => event,
        }
    }
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    personal_number: String,
    first_names: String,
    given_name: String,
    last_name: String,
    birth_date: String,
    care_of: Option<String>,
    street: String,
    postal_code: String,
    city: String,
    country: Option<String>,
    postal_care_of: Option<String>,
    postal_street: Option<String>,
    postal_postal_code: Option<String>,
    postal_city: Option<String>,
    postal_country: Option<String>,
    municipality: String,
    county: String,
    registered_since: String,
    citizenship: String,
    email: Option<String>,
    mobile: Option<String>,
    contact_updated_at: Option<i64>,
}

/// The subject's registered data and contact details; `None` if the subject is not a person.
pub async fn personal_details(
    pool: &Pool,
    access: &Access,
) -> Result<Option<PersonalDetails>, sqlx::Error> {
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT p.personal_number, p.first_names, p.given_name, p.last_name, p.birth_date, \
         p.care_of, p.street, p.postal_code, p.city, p.country, p.postal_care_of, p.postal_street, \
         p.postal_postal_code, p.postal_city, p.postal_country, p.municipality, p.county, \
         p.registered_since, p.citizenship, c.email, c.mobile, c.updated_at AS contact_updated_at \
         FROM persons p LEFT JOIN contact_details c ON c.person_id = p.id \
         WHERE p.id = $1 AND p.kind = 'person'",
    )
    .bind(access.subject())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        let postal_address = match (r.postal_street, r.postal_postal_code, r.postal_city) {
            (Some(street), Some(postal_code), Some(city)) => Some(PostalAddress {
                care_of: r.postal_care_of,
                street,
                postal_code,
                city,
                country: r.postal_country,
            }),
            _ => None,
        };
        let coordination_number = PersonalIdentityNumber::parse_canonical(&r.personal_number)
            .map(|p| p.is_coordination_number())
            .unwrap_or(false);
        PersonalDetails {
            personal_number: r.personal_number,
            coordination_number,
            first_names: r.first_names,
            given_name: r.given_name,
            last_name: r.last_name,
            birth_date: r.birth_date,
            registered_address: PostalAddress {
                care_of: r.care_of,
                street: r.street,
                postal_code: r.postal_code,
                city: r.city,
                country: r.country,
            },
            postal_address,
            municipality: r.municipality,
            county: r.county,
            registered_since: r.registered_since,
            citizenship: r.citizenship,
            contact: ContactDetails {
                email: r.email,
                mobile: r.mobile,
                updated_at: r.contact_updated_at.map(format_unix),
            },
        }
    }))
}

/// How one contact detail changed, for the audit trail (never the values themselves).
fn change(old: Option<&str>, new: Option<&str>) -> &'static str {
    match (old, new) {
        (None, None) => "unchanged",
        (None, Some(_)) => "added",
        (Some(_), None) => "removed",
        (Some(a), Some(b)) if a == b => "unchanged",
        (Some(_), Some(_)) => "changed",
    }
}

/// Replace the subject's contact details with already validated and normalised values.
/// A detail whose value changes is no longer verified (see [`channels::contact_changed`]).
/// Returns the stored details and an audit summary of what changed. Runs on the caller's
/// connection so that the change and its audit event share one transaction.
pub async fn replace_contact_details(
    conn: &mut AnyConnection,
    access: &Access,
    email: Option<&str>,
    mobile: Option<&str>,
    now: i64,
) -> Result<(ContactDetails, serde_json::Value), sqlx::Error> {
    let old = channels::contact_state(conn, access.subject()).await?;
    sqlx::query(
        "INSERT INTO contact_details (person_id, email, mobile, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, mobile = excluded.mobile, \
         updated_at = excluded.updated_at",
    )
    .bind(access.subject())
    .bind(email)
    .bind(mobile)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    channels::contact_changed(conn, access.subject(), &old, email, mobile, now).await?;
    let summary = serde_json::json!({
        "email": change(old.email.as_deref(), email),
        "mobile": change(old.mobile.as_deref(), mobile),
    });
    let details = ContactDetails {
        email: email.map(str::to_string),
        mobile: mobile.map(str::to_string),
        updated_at: Some(format_unix(now)),
    };
    Ok((details, summary))
}

#[cfg(test)]
mod tests {
    use super::change;

    #[test]
    fn change_summary() {
        assert_eq!(change(None, None), "unchanged");
        assert_eq!(change(None, Some("a")), "added");
        assert_eq!(change(Some("a"), None), "removed");
        assert_eq!(change(Some("a"), Some("a")), "unchanged");
        assert_eq!(change(Some("a"), Some("b")), "changed");
    }
}
