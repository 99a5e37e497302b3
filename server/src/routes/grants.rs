//! Grants: a person lets another person act for them in their own matters, for a limited
//! time and in chosen areas, and revokes it again.
//!
//! Grants are always the logged-in person's own: given and revoked only while the session
//! acts for the person themself (never on behalf of someone they represent), and listed as
//! theirs whoever the session acts for.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::representation::{
    CreateGrant, Grant, Grants, PartyKind, RepresentationRole, GRANT_MAX_DAYS,
};
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::auth::{CurrentSession, Session};
use crate::error::ApiError;
use crate::representation::{self, NewRepresentation, RepresentationRow, Source, SOURCE_GRANT};
use crate::routes::ApiJson;
use crate::{dates, parties, AppState};

/// 403 unless the session acts for the person themself.
fn require_own_context(session: &Session) -> Result<(), ApiError> {
    match session.acting_party_id {
        None => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "grants are given and revoked only while acting for oneself; switch back first",
        )),
    }
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    #[sqlx(flatten)]
    representation: RepresentationRow,
    representative_identifier: String,
    representative_name: String,
}

const GRANT_SELECT: &str = "SELECT r.id, r.representative_id, r.represented_id, r.role, \
     r.valid_from, r.valid_until, r.source, r.system_id, r.created_at, r.revoked_at, \
     (SELECT string_agg(s.area || ':' || s.level, ',') FROM representation_scopes s \
     WHERE s.representation_id = r.id) AS scopes, \
     p.personal_number AS representative_identifier, \
     p.given_name || ' ' || p.last_name AS representative_name \
     FROM representations r JOIN persons p ON p.id = r.representative_id";

impl GrantRow {
    fn grant(self) -> Grant {
        let r = self.representation;
        Grant {
            id: r.id,
            representative: minsida_api::representation::Party {
                id: r.representative_id,
                kind: PartyKind::Person,
                identifier: self.representative_identifier,
                name: self.representative_name,
            },
            scopes: r.scopes(),
            valid_from: r.valid_from.clone(),
            // Grants always have an end (the table's CHECK).
            valid_until: r.valid_until.clone().unwrap_or_default(),
            created_at: format_unix(r.created_at),
            revoked_at: r.revoked_at.map(format_unix),
        }
    }
}

/// Let another person act for me.
///
/// From today until `valid_until` (inclusive, at most 366 days ahead), in the areas and to the
/// levels of `scopes`, as my representative (ombud). Only while the session acts for the
/// person themself. The representative sees me among their parties and can switch to me.
#[utoipa::path(
    post,
    path = "/me/grants",
    tag = "representation",
    request_body = CreateGrant,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "Given", body = Grant),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); the session acts for someone else (`forbidden`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 404, description = "`personal_number`: `unknown_person` (`not_found`, with the field)", body = ApiErrorBody),
        (status = 409, description = "`personal_number`: `self_grant` (`conflict`, with the field)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `personal_number` `invalid_personal_number`; `scopes` `required`/`invalid_value` (one entry per area); `valid_until` `invalid_date` (not a date, before today or more than 366 days ahead)", body = ApiErrorBody)
    )
)]
pub async fn create_grant(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(request): ApiJson<CreateGrant>,
) -> Result<(StatusCode, Json<Grant>), ApiError> {
    require_own_context(&session)?;
    let now = state.now_unix();
    let me = session.person_id;
    let mut errors: Vec<FieldError> = Vec::new();
    let field = |code| FieldError {
        field: "personal_number".into(),
        code,
    };
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let representative = match parties::parse_personal_number(&request.personal_number, now) {
        Err(code) => {
            errors.push(field(code));
            None
        }
        Ok(number) => {
            match parties::party_by_identifier(&mut tx, &number, PartyKind::Person).await? {
                None => {
                    errors.push(field(FieldErrorCode::UnknownPerson));
                    None
                }
                Some(p) if p.id == me => {
                    errors.push(field(FieldErrorCode::SelfGrant));
                    None
                }
                Some(p) => Some(p),
            }
        }
    };
    if let Err(scope_errors) = request.validate_scopes() {
        errors.extend(scope_errors);
    }
    let today = dates::stockholm_date(now);
    let last_day = today
        .checked_add(time::Duration::days(i64::from(GRANT_MAX_DAYS)))
        .unwrap_or(today);
    let valid_until = match dates::parse_date(&request.valid_until) {
        Some(d) if d >= today && d <= last_day => Some(dates::format_date(d)),
        _ => {
            errors.push(FieldError {
                field: "valid_until".into(),
                code: FieldErrorCode::InvalidDate,
            });
            None
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let (Some(representative), Some(valid_until)) = (representative, valid_until) else {
        return Err(ApiError::internal());
    };
    let id = representation::insert(
        &mut tx,
        &NewRepresentation {
            representative_id: representative.id,
            represented_id: me,
            role: RepresentationRole::Representative,
            scopes: &request.scopes,
            valid_from: dates::format_date(today),
            valid_until: Some(valid_until.clone()),
            source: Source::Grant,
            now,
        },
    )
    .await?;
    let event = AuditEvent::new(now, AuditAction::CreateGrant, "representation", me, me)
        .object_id(id)
        .session(&session)
        .detail(serde_json::json!({
            "representative": representative.id,
            "scopes": request.scopes.iter().map(|s| format!("{}:{}", s.area.as_str(), s.level.as_str())).collect::<Vec<_>>(),
            "valid_until": valid_until,
        }));
    audit::record(&mut *tx, &event).await?;
    let row: GrantRow = sqlx::query_as(&format!("{GRANT_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row.grant())))
}

/// The representations I have given in Min sida, newest first: active, expired and revoked.
///
/// Always the logged-in person's own grants, whoever the session acts for.
#[utoipa::path(
    get,
    path = "/me/grants",
    tag = "representation",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The grants", body = Grants),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn list_grants(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<Grants>, ApiError> {
    let me = session.person_id;
    let mut conn = state.pool.acquire().await?;
    let rows: Vec<GrantRow> = sqlx::query_as(&format!(
        "{GRANT_SELECT} WHERE r.represented_id = $1 AND r.source = $2 \
         ORDER BY r.created_at DESC, r.id DESC"
    ))
    .bind(me)
    .bind(SOURCE_GRANT)
    .fetch_all(&mut *conn)
    .await?;
    let event = AuditEvent::new(
        state.now_unix(),
        AuditAction::ListGrants,
        "representations",
        me,
        me,
    )
    .session(&session)
    .detail(serde_json::json!({ "count": rows.len() }));
    state.audit.record(&event).await?;
    Ok(Json(Grants {
        grants: rows.into_iter().map(GrantRow::grant).collect(),
    }))
}

/// Revoke a grant at once: the representative can no longer act for me, also not in a session
/// that is acting for me right now (its next request is refused).
///
/// Idempotent for my own grants (revoking a revoked one changes nothing). Only while the
/// session acts for the person themself.
#[utoipa::path(
    delete,
    path = "/me/grants/{id}",
    tag = "representation",
    params(("id" = i64, Path, description = "Grant (representation) id")),
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); the session acts for someone else (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such grant given by the person (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn revoke_grant(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    require_own_context(&session)?;
    let now = state.now_unix();
    let me = session.person_id;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let own: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM representations WHERE id = $1 AND represented_id = $2 AND source = $3",
    )
    .bind(id)
    .bind(me)
    .bind(SOURCE_GRANT)
    .fetch_optional(&mut *tx)
    .await?;
    if own.is_none() {
        return Err(ApiError::not_found());
    }
    if representation::revoke(&mut tx, id, now).await? {
        let event = AuditEvent::new(now, AuditAction::RevokeGrant, "representation", me, me)
            .object_id(id)
            .session(&session);
        audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
