//! Representation: who may act for whom, in which areas, how far and for how long, and whose
//! data a session shows ("acting as").
//!
//! A representation (table `representations`) lets a natural person (the representative) act
//! for a party (a person or an organisation) with a set of [`Scope`]s from `valid_from` to
//! `valid_until` (Swedish calendar dates, both inclusive; no end = open-ended) unless it is
//! revoked. It is registered by an agency system through the system API, or given in Min sida
//! by the represented person themself (a grant, always time-limited and of role
//! representative). Rows are never deleted or changed, only revoked.
//!
//! Several valid representations between the same two parties (a signatory registered by one
//! system and a power of attorney by another) add up: in each area the highest level of any
//! of them applies. The role recorded in the audit trail is the one of the representation that
//! allowed the request; statutory roles go before appointed representatives.
//!
//! A session stores only the id of the party it acts for (`sessions.acting_party_id`, NULL for
//! the person themself). The mandate is checked again on every request
//! ([`crate::persons::Access::for_request`]), so an expiry or a revocation takes effect at once:
//! the request is refused and the session is back to the person themself.

use minsida_api::representation::{
    AccessLevel, ActingAs, Area, Mandate, Party, RepresentationRole, Scope,
};
use minsida_api::{FieldError, FieldErrorCode};
use sqlx::AnyConnection;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::Session;
use crate::error::ApiError;
use crate::{dates, parties, AppState};

/// Columns of [`RepresentationRow`] from `representations r`, with the scopes as
/// `area:level,area:level`.
pub const REPRESENTATION_COLUMNS: &str = "r.id, r.representative_id, r.represented_id, r.role, \
     r.valid_from, r.valid_until, r.source, r.system_id, r.created_at, r.revoked_at, \
     (SELECT string_agg(s.area || ':' || s.level, ',') FROM representation_scopes s \
     WHERE s.representation_id = r.id) AS scopes";

/// `source` of a representation given in Min sida by the represented person.
pub const SOURCE_GRANT: &str = "grant";
/// `source` of a representation registered by an agency system.
pub const SOURCE_SYSTEM: &str = "system";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RepresentationRow {
    pub id: i64,
    pub representative_id: i64,
    pub represented_id: i64,
    pub role: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub source: String,
    pub system_id: Option<i64>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub scopes: Option<String>,
}

impl RepresentationRow {
    pub fn role(&self) -> RepresentationRole {
        // The table's CHECK allows only the five roles.
        RepresentationRole::parse(&self.role).unwrap_or(RepresentationRole::Representative)
    }

    /// The scopes, in the order of [`Area::ALL`].
    pub fn scopes(&self) -> Vec<Scope> {
        parse_scopes(self.scopes.as_deref())
    }

    pub fn allows(&self, area: Area, level: AccessLevel) -> bool {
        minsida_api::representation::scopes_allow(&self.scopes(), area, level)
    }

    /// Whether it lets the representative act on the Swedish date `today` (`YYYY-MM-DD`).
    pub fn is_valid_on(&self, today: &str) -> bool {
        self.revoked_at.is_none()
            && self.valid_from.as_str() <= today
            && self.valid_until.as_deref().is_none_or(|u| u >= today)
    }

    pub fn mandate(&self, party: Party) -> Mandate {
        Mandate {
            id: self.id,
            party,
            role: self.role(),
            scopes: self.scopes(),
            valid_from: self.valid_from.clone(),
            valid_until: self.valid_until.clone(),
        }
    }
}

/// Parse `area:level,area:level`; unknown parts are skipped (the table's CHECKs allow none).
pub fn parse_scopes(text: Option<&str>) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = text
        .unwrap_or_default()
        .split(',')
        .filter_map(|part| {
            let (area, level) = part.split_once(':')?;
            Some(Scope {
                area: Area::parse(area)?,
                level: AccessLevel::parse(level)?,
            })
        })
        .collect();
    scopes.sort_by_key(|s| s.area);
    scopes
}

/// Check scopes given by a caller: at least one, at most one per area. Pushes `required` or
/// `invalid_value` for `field`.
pub fn validate_scopes(scopes: &[Scope], field: &str, errors: &mut Vec<FieldError>) {
    let code = if scopes.is_empty() {
        Some(FieldErrorCode::Required)
    } else if Area::ALL
        .iter()
        .any(|a| scopes.iter().filter(|s| s.area == *a).count() > 1)
    {
        Some(FieldErrorCode::InvalidValue)
    } else {
        None
    };
    if let Some(code) = code {
        errors.push(FieldError {
            field: field.to_string(),
            code,
        });
    }
}

/// Statutory roles before appointed ones; decides which representation's role is shown and
/// recorded when several apply.
fn precedence(role: RepresentationRole) -> u8 {
    match role {
        RepresentationRole::Signatory => 0,
        RepresentationRole::Guardian => 1,
        RepresentationRole::Administrator => 2,
        RepresentationRole::Trustee => 3,
        RepresentationRole::Representative => 4,
    }
}

/// In each area, the highest level any of `rows` gives; in the order of [`Area::ALL`].
pub fn combined_scopes(rows: &[RepresentationRow]) -> Vec<Scope> {
    Area::ALL
        .into_iter()
        .filter_map(|area| {
            rows.iter()
                .flat_map(RepresentationRow::scopes)
                .filter(|s| s.area == area)
                .map(|s| s.level)
                .max()
                .map(|level| Scope { area, level })
        })
        .collect()
}

/// The representation that allows `level` in `area`, by role precedence, then the oldest.
pub fn covering(
    rows: &[RepresentationRow],
    area: Area,
    level: AccessLevel,
) -> Option<&RepresentationRow> {
    rows.iter()
        .filter(|r| r.allows(area, level))
        .min_by_key(|r| (precedence(r.role()), r.id))
}

/// Whose role is shown for a combination of representations: by role precedence, then the
/// oldest.
pub fn principal(rows: &[RepresentationRow]) -> Option<&RepresentationRow> {
    rows.iter().min_by_key(|r| (precedence(r.role()), r.id))
}

/// The last day any of `rows` is valid; `None` when one of them is open-ended.
pub fn latest_until(rows: &[RepresentationRow]) -> Option<String> {
    let mut latest: Option<&str> = None;
    for r in rows {
        let until = r.valid_until.as_deref()?;
        if latest.is_none_or(|l| until > l) {
            latest = Some(until);
        }
    }
    latest.map(str::to_string)
}

/// What `SessionInfo.acting_as` shows for a party and its valid representations.
pub fn acting_as(party: Party, rows: &[RepresentationRow]) -> Option<ActingAs> {
    let principal = principal(rows)?;
    Some(ActingAs {
        party,
        role: principal.role(),
        scopes: combined_scopes(rows),
        valid_until: latest_until(rows),
    })
}

/// The representations that let `representative` act on the Swedish date `today`, for one
/// party or (`represented` = `None`) for everyone, ordered by party and id.
pub async fn valid_mandates(
    conn: &mut AnyConnection,
    representative: i64,
    represented: Option<i64>,
    today: &str,
) -> Result<Vec<RepresentationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REPRESENTATION_COLUMNS} FROM representations r \
         WHERE r.representative_id = $1 AND ($2 IS NULL OR r.represented_id = $3) \
         AND r.revoked_at IS NULL AND r.valid_from <= $4 \
         AND (r.valid_until IS NULL OR r.valid_until >= $5) \
         ORDER BY r.represented_id, r.id"
    ))
    .bind(representative)
    .bind(represented)
    .bind(represented)
    .bind(today)
    .bind(today)
    .fetch_all(conn)
    .await
}

/// One representation.
pub async fn load(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<RepresentationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REPRESENTATION_COLUMNS} FROM representations r WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Who registered a representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An agency system (id in `agency_systems`).
    System(i64),
    /// The represented person, in Min sida.
    Grant,
}

/// A representation to insert (already validated).
#[derive(Debug, Clone)]
pub struct NewRepresentation<'a> {
    pub representative_id: i64,
    pub represented_id: i64,
    pub role: RepresentationRole,
    pub scopes: &'a [Scope],
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub source: Source,
    pub now: i64,
}

/// Insert a representation with its scopes; returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    new: &NewRepresentation<'_>,
) -> Result<i64, sqlx::Error> {
    let (source, system_id) = match new.source {
        Source::System(id) => (SOURCE_SYSTEM, Some(id)),
        Source::Grant => (SOURCE_GRANT, None),
    };
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO representations (representative_id, represented_id, role, valid_from, \
         valid_until, source, system_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.representative_id)
    .bind(new.represented_id)
    .bind(new.role.as_str())
    .bind(&new.valid_from)
    .bind(&new.valid_until)
    .bind(source)
    .bind(system_id)
    .bind(new.now)
    .fetch_one(&mut *conn)
    .await?;
    for scope in new.scopes {
        sqlx::query(
            "INSERT INTO representation_scopes (representation_id, area, level) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(scope.area.as_str())
        .bind(scope.level.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Revoke a representation now; `false` when it was already revoked.
pub async fn revoke(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE representations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Today's Swedish date, `YYYY-MM-DD`: the day mandates are checked against.
pub fn today(now: i64) -> String {
    dates::format_date(dates::stockholm_date(now))
}

/// Whose data the session shows, checked against the register now.
#[derive(Debug, Clone)]
pub enum Acting {
    /// The logged-in person's own.
    Own,
    /// Another party's, with the representations valid today (never empty).
    For {
        party: Party,
        mandates: Vec<RepresentationRow>,
    },
    /// The session acted for a party until now, but no representation is valid any longer
    /// (expired or revoked): the session has been switched back to the person themself.
    Ended,
}

/// Resolve whose data the session shows. When the session acts for a party it no longer has
/// a valid mandate for, it is switched back to the person (and that is audited).
pub async fn resolve(state: &AppState, session: &Session) -> Result<Acting, ApiError> {
    let Some(party_id) = session.acting_party_id else {
        return Ok(Acting::Own);
    };
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let mandates =
        valid_mandates(&mut conn, session.person_id, Some(party_id), &today(now)).await?;
    let party = if mandates.is_empty() {
        None
    } else {
        parties::party(&mut conn, party_id).await?
    };
    match party {
        Some(party) => Ok(Acting::For { party, mandates }),
        None => {
            drop(conn);
            end_acting(state, session, party_id, now).await?;
            Ok(Acting::Ended)
        }
    }
}

/// Switch a session that acts for `party_id` back to its person, because no mandate is valid
/// any longer. Audited once (a concurrent request that already did it changes nothing).
pub async fn end_acting(
    state: &AppState,
    session: &Session,
    party_id: i64,
    now: i64,
) -> Result<(), ApiError> {
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let done = sqlx::query(
        "UPDATE sessions SET acting_party_id = NULL WHERE id_hash = $1 AND acting_party_id = $2",
    )
    .bind(&session.id_hash)
    .bind(party_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        let event = AuditEvent::new(
            now,
            AuditAction::ActingAsEnded,
            "session",
            session.person_id,
            party_id,
        )
        .session(session)
        .detail(serde_json::json!({ "reason": "no_valid_mandate" }));
        audit::record(&mut *tx, &event).await?;
        tracing::info!(
            session = session.session_ref(),
            "mandate no longer valid: the session acts for the person again"
        );
    }
    tx.commit().await?;
    Ok(())
}

/// The session with `acting_as` filled in from the register (see [`resolve`]).
pub async fn session_info(
    state: &AppState,
    session: &Session,
) -> Result<minsida_api::SessionInfo, ApiError> {
    let mut info = session.info();
    if let Acting::For { party, mandates } = resolve(state, session).await? {
        info.acting_as = acting_as(party, &mandates);
    }
    info.can_act_for_others = can_act_for_others(state, session.person_id).await?;
    Ok(info)
}

/// Whether `person` holds a valid mandate today for anyone.
pub async fn can_act_for_others(state: &AppState, person: i64) -> Result<bool, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let today = today(state.now_unix());
    Ok(!valid_mandates(&mut conn, person, None, &today)
        .await?
        .is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, role: &str, scopes: &str, until: Option<&str>) -> RepresentationRow {
        RepresentationRow {
            id,
            representative_id: 1,
            represented_id: 2,
            role: role.into(),
            valid_from: "2025-01-01".into(),
            valid_until: until.map(str::to_string),
            source: SOURCE_SYSTEM.into(),
            system_id: Some(1),
            created_at: 0,
            revoked_at: None,
            scopes: Some(scopes.into()),
        }
    }

    #[test]
    fn validity_is_inclusive_and_revocation_ends_it() {
        let mut r = row(1, "trustee", "messages:read", Some("2025-06-30"));
        assert!(!r.is_valid_on("2024-12-31"));
        assert!(r.is_valid_on("2025-01-01"));
        assert!(r.is_valid_on("2025-06-30"));
        assert!(!r.is_valid_on("2025-07-01"));
        r.valid_until = None;
        assert!(r.is_valid_on("2099-01-01"));
        r.revoked_at = Some(1);
        assert!(!r.is_valid_on("2025-03-01"));
    }

    #[test]
    fn several_mandates_add_up() {
        let rows = [
            row(
                7,
                "representative",
                "matters:act,messages:read",
                Some("2025-12-31"),
            ),
            row(
                3,
                "trustee",
                "messages:act,personal_data:read",
                Some("2026-06-30"),
            ),
        ];
        assert_eq!(
            combined_scopes(&rows),
            vec![
                Scope {
                    area: Area::Messages,
                    level: AccessLevel::Act
                },
                Scope {
                    area: Area::Matters,
                    level: AccessLevel::Act
                },
                Scope {
                    area: Area::PersonalData,
                    level: AccessLevel::Read
                },
            ]
        );
        // The representation that allows the request is the one recorded.
        assert_eq!(
            covering(&rows, Area::Matters, AccessLevel::Act).map(|r| r.id),
            Some(7)
        );
        assert_eq!(
            covering(&rows, Area::Messages, AccessLevel::Read).map(|r| r.id),
            Some(3)
        );
        assert!(covering(&rows, Area::Preferences, AccessLevel::Read).is_none());
        assert_eq!(
            principal(&rows).unwrap().role(),
            RepresentationRole::Trustee
        );
        assert_eq!(latest_until(&rows).as_deref(), Some("2026-06-30"));
        let open = [rows[0].clone(), row(9, "signatory", "messages:read", None)];
        assert_eq!(latest_until(&open), None);
        assert_eq!(
            principal(&open).unwrap().role(),
            RepresentationRole::Signatory
        );
    }

    #[test]
    fn scope_validation() {
        let mut errors = Vec::new();
        validate_scopes(&[], "scopes", &mut errors);
        let read = Scope {
            area: Area::Messages,
            level: AccessLevel::Read,
        };
        let act = Scope {
            area: Area::Messages,
            level: AccessLevel::Act,
        };
        validate_scopes(&[read, act], "scopes", &mut errors);
        validate_scopes(&[read], "scopes", &mut errors);
        assert_eq!(
            errors.iter().map(|e| e.code).collect::<Vec<_>>(),
            vec![FieldErrorCode::Required, FieldErrorCode::InvalidValue]
        );
        assert_eq!(
            parse_scopes(Some("personal_data:act,messages:read,bogus:act")),
            vec![
                read,
                Scope {
                    area: Area::PersonalData,
                    level: AccessLevel::Act
                }
            ]
        );
        assert!(parse_scopes(None).is_empty());
    }
}
