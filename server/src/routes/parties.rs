//! Whom the logged-in person may act for, the organisation the session acts for, and "who
//! looked at my data".

use crate::db::SqlBuilder;
use axum::extract::State;
use axum::Json;
use minsida_api::representation::{
    AccessActor, AccessLevel, AccessLog, AccessLogEntry, Area, Mandate, OrganisationDetails,
    Parties, PartyKind, RepresentationRole,
};
use minsida_api::{ApiErrorBody, ErrorCode};

use crate::audit::AuditAction;
use crate::auth::session::format_unix;
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::persons::Access;
use crate::representation::{self, RepresentationRow};
use crate::{parties, AppState};

/// Most entries `GET /api/me/access-log` returns.
pub const ACCESS_LOG_LIMIT: i64 = 200;

/// The logged-in person and everyone they may act for today.
///
/// Always the logged-in person's own list, whoever the session acts for. Each party appears
/// once: when several representations are valid for it (e.g. registered by two systems), its
/// mandate combines them (in each area the highest level; the role, by precedence, of a
/// statutory role over an appointed representative; `valid_until` the last day any of them
/// is valid). Expired, not yet valid and revoked representations are not listed. Sorted by
/// name.
#[utoipa::path(
    get,
    path = "/me/parties",
    tag = "representation",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The person and the parties they may act for", body = Parties),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn list_parties(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<Parties>, ApiError> {
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let me = parties::party(&mut conn, session.person_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let rows = representation::valid_mandates(
        &mut conn,
        session.person_id,
        None,
        &representation::today(now),
    )
    .await?;
    let mut mandates = Vec::new();
    // `rows` are ordered by party.
    for group in rows.chunk_by(|a, b| a.represented_id == b.represented_id) {
        let Some(party) = parties::party(&mut conn, group[0].represented_id).await? else {
            continue;
        };
        if let Some(mandate) = combined_mandate(party, group) {
            mandates.push(mandate);
        }
    }
    // Swedish alphabetical order: Å, Ä, Ö after Z.
    mandates.sort_by(|a, b| {
        minsida_i18n::swedish_order(&a.party.name, &b.party.name)
            .then_with(|| a.party.id.cmp(&b.party.id))
    });
    Ok(Json(Parties { me, mandates }))
}

/// One mandate for a party from its valid representations (see [`parties`]).
fn combined_mandate(
    party: minsida_api::representation::Party,
    rows: &[RepresentationRow],
) -> Option<Mandate> {
    let principal = representation::principal(rows)?;
    let valid_from = rows
        .iter()
        .map(|r| r.valid_from.as_str())
        .min()?
        .to_string();
    Some(Mandate {
        id: principal.id,
        party,
        role: principal.role(),
        scopes: representation::combined_scopes(rows),
        valid_from,
        valid_until: representation::latest_until(rows),
    })
}

/// The organisation the session acts for: organisation number, name, legal form, address and
/// tax registrations.
///
/// Needs a mandate to read personal data. 404 while the session acts for a person (the
/// logged-in person or someone they represent): their data is at `GET /api/me`.
#[utoipa::path(
    get,
    path = "/organisation",
    tag = "representation",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The organisation's register data", body = OrganisationDetails),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "The mandate does not allow `read` in `personal_data`, or is no longer valid (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "The session acts for a person, not an organisation (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_organisation(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<OrganisationDetails>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::PersonalData, AccessLevel::Read).await?;
    let not_an_organisation = || {
        ApiError::new(
            ErrorCode::NotFound,
            "the session acts for a person: their data is at GET /api/me",
        )
    };
    if access.subject_kind() != PartyKind::Organisation {
        return Err(not_an_organisation());
    }
    let mut conn = state.pool.acquire().await?;
    let details = parties::organisation_details(&mut conn, access.subject())
        .await?
        .ok_or_else(not_an_organisation)?;
    let event = access
        .event(
            state.now_unix(),
            AuditAction::ReadOrganisation,
            "organisation",
        )
        .object_id(access.subject())
        .session(&session);
    state.audit.record(&event).await?;
    Ok(Json(details))
}

#[derive(sqlx::FromRow)]
struct AccessLogRow {
    at: i64,
    action: String,
    actor_role: Option<String>,
    actor_identifier: Option<String>,
    actor_given_name: Option<String>,
    actor_last_name: Option<String>,
    system_name: Option<String>,
}

impl AccessLogRow {
    fn entry(self) -> Option<AccessLogEntry> {
        let (area, kind) = AuditAction::parse(&self.action)?.access_log_entry()?;
        let actor = match (self.actor_identifier, self.system_name) {
            (Some(identifier), _) => AccessActor::Person {
                name: format!(
                    "{} {}",
                    self.actor_given_name.unwrap_or_default(),
                    self.actor_last_name.unwrap_or_default()
                )
                .trim()
                .to_string(),
                identifier,
                role: self
                    .actor_role
                    .as_deref()
                    .and_then(RepresentationRole::parse),
            },
            (None, Some(name)) => AccessActor::System { name },
            (None, None) => return None,
        };
        Some(AccessLogEntry {
            at: format_unix(self.at),
            actor,
            area,
            kind,
        })
    }
}

/// Who else looked at or acted on the data of the party the session acts for ("who looked at
/// my data"): representatives (with the role they acted in) and agency systems, newest first,
/// at most 200 entries. The party's own actions are not listed, nor logins, switches,
/// refusals and grants.
///
/// For the logged-in person's own data nothing more is needed; while acting for someone else
/// the mandate must allow reading personal data.
#[utoipa::path(
    get,
    path = "/me/access-log",
    tag = "representation",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The log, newest first", body = AccessLog),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `personal_data`, or is no longer valid (`forbidden`)", body = ApiErrorBody)
    )
)]
pub async fn get_access_log(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<AccessLog>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::PersonalData, AccessLevel::Read).await?;
    let party = access.subject();
    let mut qb = SqlBuilder::new(
        "SELECT a.at, a.action, a.actor_role, p.personal_number AS actor_identifier, \
         p.given_name AS actor_given_name, p.last_name AS actor_last_name, \
         s.name AS system_name FROM audit_events a \
         LEFT JOIN persons p ON p.id = a.actor_person_id \
         LEFT JOIN agency_systems s ON s.id = a.actor_system \
         WHERE a.subject_person_id = ",
    );
    qb.push_bind(party)
        .push(" AND (a.actor_person_id IS NULL OR a.actor_person_id <> ")
        .push_bind(party)
        .push(
            ") AND (a.actor_person_id IS NOT NULL OR a.actor_system IS NOT NULL) AND a.action IN (",
        );
    qb.push_bind_list(
        AuditAction::ALL
            .into_iter()
            .filter(|a| a.access_log_entry().is_some())
            .map(|a| a.as_str()),
    );
    qb.push(") ORDER BY a.at DESC, a.id DESC LIMIT ")
        .push_bind(ACCESS_LOG_LIMIT);
    let mut conn = state.pool.acquire().await?;
    let (sql, args) = qb.into_parts();
    let rows: Vec<AccessLogRow> = sqlx::query_as_with(&sql, args)
        .fetch_all(&mut *conn)
        .await?;
    let entries: Vec<AccessLogEntry> = rows.into_iter().filter_map(AccessLogRow::entry).collect();
    let event = access
        .event(state.now_unix(), AuditAction::ReadAccessLog, "access_log")
        .session(&session)
        .detail(serde_json::json!({ "count": entries.len() }));
    state.audit.record(&event).await?;
    Ok(Json(AccessLog { entries }))
}
