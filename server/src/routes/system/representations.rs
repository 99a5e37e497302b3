//! The system API for representations: an agency system that knows of a company's
//! signatories, a power of attorney or a guardianship registers it, lists it and revokes it.
//!
//! As everywhere in the system API, a system only sees and revokes what it registered itself
//! (`system_id = <the caller>` in every query). Grants persons give in Min sida, and what
//! other systems registered, are not shown to it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::representation::{
    PartyKind, RepresentationRole, SystemCreateRepresentation, SystemRepresentation,
};
use minsida_api::{ApiErrorBody, FieldErrorCode};
use serde::Deserialize;
use sqlx::AnyConnection;

use super::Errors;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::error::ApiError;
use crate::representation::{
    self, NewRepresentation, RepresentationRow, Source, REPRESENTATION_COLUMNS, SOURCE_SYSTEM,
};
use crate::routes::ApiJson;
use crate::systems::{scope, Authorized};
use crate::{dates, parties, AppState};

/// The API form of a representation.
async fn system_representation(
    conn: &mut AnyConnection,
    row: &RepresentationRow,
) -> Result<SystemRepresentation, ApiError> {
    let representative = parties::party(&mut *conn, row.representative_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let represented = parties::party(&mut *conn, row.represented_id)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok(SystemRepresentation {
        id: row.id,
        representative,
        represented,
        role: row.role(),
        scopes: row.scopes(),
        valid_from: row.valid_from.clone(),
        valid_until: row.valid_until.clone(),
        revoked_at: row.revoked_at.map(format_unix),
    })
}

/// Whether `role` can be held for a party of `kind`: only organisations have signatories;
/// guardians, trustees and administrators are appointed for natural persons; anyone can
/// appoint a representative.
fn role_fits(role: RepresentationRole, kind: PartyKind) -> bool {
    match role {
        RepresentationRole::Signatory => kind == PartyKind::Organisation,
        RepresentationRole::Guardian
        | RepresentationRole::Trustee
        | RepresentationRole::Administrator => kind == PartyKind::Person,
        RepresentationRole::Representative => true,
    }
}

/// Register a representation.
///
/// `representative` is a person's identity number; `represented` a personal identity number
/// or an organisation number. Valid from `valid_from` (default today) to `valid_until`
/// (inclusive; absent = until revoked), Swedish dates; past dates are accepted (a record of a
/// representation that has ended). A session that acts for the represented party picks the
/// representation up at its next request.
#[utoipa::path(
    post,
    path = "/representations",
    tag = "system-api",
    request_body = SystemCreateRepresentation,
    security(("bearer" = []), ("oauth2" = ["minsida:representations.write"])),
    responses(
        (status = 201, description = "Registered", body = SystemRepresentation),
        (status = 400, description = "Malformed JSON or an unknown `role`, `area` or `level` (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "`representative` or `represented`: `unknown_person` (`not_found`, with the fields)", body = ApiErrorBody),
        (status = 409, description = "`represented`: `self_grant`, the representative themself (`conflict`, with the field)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `representative` `invalid_personal_number`; `represented` `invalid_personal_number`/`invalid_organisation_number`; `role` `invalid_value` (signatory only for organisations; guardian, trustee, administrator only for persons); `scopes` `required`/`invalid_value` (one entry per area); `valid_from`/`valid_until` `invalid_date` (not a date, or the end before the start)", body = ApiErrorBody)
    )
)]
pub async fn create_representation(
    State(state): State<AppState>,
    system: Authorized<scope::RepresentationsWrite>,
    ApiJson(request): ApiJson<SystemCreateRepresentation>,
) -> Result<(StatusCode, Json<SystemRepresentation>), ApiError> {
    let now = state.now_unix();
    let mut errors = Errors::default();
    let mut tx = crate::db::begin_write(&state.pool).await?;

    let representative = match parties::parse_personal_number(&request.representative, now) {
        Err(code) => {
            errors.push("representative", code);
            None
        }
        Ok(number) => {
            let p = parties::party_by_identifier(&mut tx, &number, PartyKind::Person).await?;
            if p.is_none() {
                errors.push("representative", FieldErrorCode::UnknownPerson);
            }
            p
        }
    };
    let represented = match parties::parse_party_number(&request.represented, now) {
        Err(code) => {
            errors.push("represented", code);
            None
        }
        Ok((number, kind)) => {
            let p = parties::party_by_identifier(&mut tx, &number, kind).await?;
            match (&p, &representative) {
                (None, _) => errors.push("represented", FieldErrorCode::UnknownPerson),
                (Some(d), Some(r)) if d.id == r.id => {
                    errors.push("represented", FieldErrorCode::SelfGrant)
                }
                _ => {}
            }
            p
        }
    };
    if let Some(p) = &represented {
        if !role_fits(request.role, p.kind) {
            errors.push("role", FieldErrorCode::InvalidValue);
        }
    }
    representation::validate_scopes(&request.scopes, "scopes", &mut errors.0);
    let valid_from = match request.valid_from.as_deref() {
        None => Some(dates::stockholm_date(now)),
        Some(text) => {
            let d = dates::parse_date(text);
            if d.is_none() {
                errors.push("valid_from", FieldErrorCode::InvalidDate);
            }
            d
        }
    };
    let valid_until = match request.valid_until.as_deref() {
        None => None,
        Some(text) => match dates::parse_date(text) {
            Some(d) if valid_from.is_none_or(|from| d >= from) => Some(d),
            _ => {
                errors.push("valid_until", FieldErrorCode::InvalidDate);
                None
            }
        },
    };
    errors.finish()?;
    let (Some(representative), Some(represented), Some(valid_from)) =
        (representative, represented, valid_from)
    else {
        return Err(ApiError::internal());
    };

    let id = representation::insert(
        &mut tx,
        &NewRepresentation {
            representative_id: representative.id,
            represented_id: represented.id,
            role: request.role,
            scopes: &request.scopes,
            valid_from: dates::format_date(valid_from),
            valid_until: valid_until.map(dates::format_date),
            source: Source::System(system.id),
            now,
        },
    )
    .await?;
    let event = AuditEvent::system(
        now,
        AuditAction::SystemCreateRepresentation,
        "representation",
        system.id,
        Some(represented.id),
    )
    .object_id(id)
    .detail(serde_json::json!({
        "representative": representative.id,
        "role": request.role.as_str(),
    }));
    audit::record(&mut *tx, &event).await?;
    let row = representation::load(&mut tx, id)
        .await?
        .ok_or_else(ApiError::internal)?;
    let body = system_representation(&mut tx, &row).await?;
    tx.commit().await?;
    tracing::info!(system = %system.name, representation = id, "representation registered");
    Ok((StatusCode::CREATED, Json(body)))
}

/// The query of `GET /api/system/v1/representations`, as text so that a bad value is a field
/// error.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RepresentationsQuery {
    /// The represented party: a personal identity number or an organisation number.
    #[param(
        required = true,
        format = "party-number",
        example = "5591234561",
        pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$|^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$"
    )]
    represented: Option<String>,
}

/// The representations this system registered for a party, newest first, including revoked
/// and expired ones.
#[utoipa::path(
    get,
    path = "/representations",
    tag = "system-api",
    params(RepresentationsQuery),
    security(("bearer" = []), ("oauth2" = ["minsida:representations.read"])),
    responses(
        (status = 200, description = "The representations", body = Vec<SystemRepresentation>),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "`represented`: `unknown_person` (`not_found`, with the field)", body = ApiErrorBody),
        (status = 422, description = "`represented`: `required`, `invalid_personal_number` or `invalid_organisation_number` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn list_representations(
    State(state): State<AppState>,
    system: Authorized<scope::RepresentationsRead>,
    Query(query): Query<RepresentationsQuery>,
) -> Result<Json<Vec<SystemRepresentation>>, ApiError> {
    let now = state.now_unix();
    let text = query.represented.unwrap_or_default();
    let (number, kind) = parties::parse_party_number(&text, now)
        .map_err(|code| ApiError::field("represented", code))?;
    let mut conn = state.pool.acquire().await?;
    let party = parties::party_by_identifier(&mut conn, &number, kind)
        .await?
        .ok_or_else(|| ApiError::field("represented", FieldErrorCode::UnknownPerson))?;
    let rows: Vec<RepresentationRow> = sqlx::query_as(&format!(
        "SELECT {REPRESENTATION_COLUMNS} FROM representations r \
         WHERE r.represented_id = $1 AND r.source = $2 AND r.system_id = $3 \
         ORDER BY r.created_at DESC, r.id DESC"
    ))
    .bind(party.id)
    .bind(SOURCE_SYSTEM)
    .bind(system.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(system_representation(&mut conn, row).await?);
    }
    let event = AuditEvent::system(
        now,
        AuditAction::SystemListRepresentations,
        "representations",
        system.id,
        Some(party.id),
    )
    .detail(serde_json::json!({ "count": out.len() }));
    state.audit.record(&event).await?;
    Ok(Json(out))
}

/// Revoke a representation this system registered, at once: a session acting on it is refused
/// at its next request. Idempotent (revoking a revoked one changes nothing).
#[utoipa::path(
    delete,
    path = "/representations/{id}",
    tag = "system-api",
    params(("id" = i64, Path, description = "Representation id")),
    security(("bearer" = []), ("oauth2" = ["minsida:representations.write"])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such representation registered by this system (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn revoke_representation(
    State(state): State<AppState>,
    system: Authorized<scope::RepresentationsWrite>,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let represented: Option<i64> = sqlx::query_scalar(
        "SELECT represented_id FROM representations WHERE id = $1 AND source = $2 AND system_id = $3",
    )
    .bind(id)
    .bind(SOURCE_SYSTEM)
    .bind(system.id)
    .fetch_optional(&mut *tx)
    .await?;
    let represented = represented.ok_or_else(ApiError::not_found)?;
    if representation::revoke(&mut tx, id, now).await? {
        let event = AuditEvent::system(
            now,
            AuditAction::SystemRevokeRepresentation,
            "representation",
            system.id,
            Some(represented),
        )
        .object_id(id);
        audit::record(&mut *tx, &event).await?;
        tracing::info!(system = %system.name, representation = id, "representation revoked");
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_fit_the_kind_of_party() {
        use PartyKind::{Organisation, Person};
        assert!(role_fits(RepresentationRole::Signatory, Organisation));
        assert!(!role_fits(RepresentationRole::Signatory, Person));
        for role in [
            RepresentationRole::Guardian,
            RepresentationRole::Trustee,
            RepresentationRole::Administrator,
        ] {
            assert!(role_fits(role, Person));
            assert!(!role_fits(role, Organisation));
        }
        assert!(role_fits(RepresentationRole::Representative, Person));
        assert!(role_fits(RepresentationRole::Representative, Organisation));
    }
}
