//! E-services as agency systems publish them (`/api/system/v1/eservices`): publish a
//! definition (a changed one is a new version), read and withdraw the system's services, and
//! fetch what people sent. A system only sees its own services; a service id another system
//! publishes is 409 to publish and 404 for everything else.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::eservices::{
    is_valid_service_id, ServiceDefinition, SystemEService, SystemEServiceDetail,
    SystemEServiceList, SystemEServiceSubmissionPage,
};
use minsida_api::{ApiErrorBody, FieldError, FieldErrorCode};
use serde::Deserialize;

use crate::audit::{AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::eservices::{self, Published, ServiceRow};
use crate::routes::ApiJson;
use crate::systems::{scope, Authorized};
use crate::AppState;

/// Submissions per page when `limit` is not given.
const DEFAULT_PAGE: i64 = 50;

fn check_id(id: &str) -> Result<(), ApiError> {
    if is_valid_service_id(id) {
        Ok(())
    } else {
        Err(ApiError::field("id", FieldErrorCode::InvalidValue))
    }
}

/// The system's service, latest version (404 when it has none with this id).
async fn own_service(state: &AppState, system: i64, id: &str) -> Result<ServiceRow, ApiError> {
    let mut conn = state.pool.acquire().await?;
    eservices::latest(&mut conn, id)
        .await?
        .filter(|r| r.system_id == system)
        .ok_or_else(ApiError::not_found)
}

/// Publish an e-service: the definition is checked as a whole and refused with every problem
/// at once (422, each problem a field named by its JSON path, e.g.
/// `pages[1].questions[0].options`, the texts in `message`). The same definition as the
/// latest version changes nothing (200); a changed one (or publishing a withdrawn service
/// again) is a new version (201), and people then fill in that one — a person who answered
/// the version before is asked to look at the service again when sending.
#[utoipa::path(
    put,
    path = "/eservices/{id}",
    tag = "system-api",
    params(("id" = String, Path, description = "Service id, `[a-z][a-z0-9-]{2,59}`: the service's address in Min sida, `/e-tjanster/<id>`")),
    request_body = ServiceDefinition,
    security(("bearer" = []), ("oauth2" = ["minsida:eservices.write"])),
    responses(
        (status = 201, description = "Published as a new version", body = SystemEService),
        (status = 200, description = "The latest version already has this definition", body = SystemEService),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 409, description = "Another system publishes a service with this id (`conflict`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "The id (`id`: `invalid_value`) or the definition has problems (`validation`): one field per problem, named by its JSON path, all with `invalid_value`; `message` lists what is wrong with each", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn publish_eservice(
    State(state): State<AppState>,
    system: Authorized<scope::EServicesWrite>,
    Path(id): Path<String>,
    ApiJson(definition): ApiJson<ServiceDefinition>,
) -> Result<(StatusCode, Json<SystemEService>), ApiError> {
    check_id(&id)?;
    let problems = definition.check();
    if !problems.is_empty() {
        let mut error = ApiError::validation(
            problems
                .iter()
                .map(|p| FieldError {
                    field: p.path.clone(),
                    code: FieldErrorCode::InvalidValue,
                })
                .collect(),
        );
        error.body.message = problems
            .iter()
            .map(|p| format!("{}: {}", p.path, p.problem))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(error);
    }
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let (status, row) = match eservices::publish(&mut tx, system.id, &id, &definition, now).await? {
        Published::OwnedByOther => {
            return Err(ApiError::conflict(
                "another system publishes a service with this id",
            ))
        }
        Published::Unchanged(row) => (StatusCode::OK, row),
        Published::Created(row) => {
            let event = AuditEvent::system(
                now,
                AuditAction::SystemPublishEService,
                "eservice",
                system.id,
                None,
            )
            .object_id(row.id)
            .detail(serde_json::json!({
                "service": row.service_id,
                "version": row.version,
                "definition_sha256": row.definition_sha256,
            }));
            crate::audit::record(&mut *tx, &event).await?;
            (StatusCode::CREATED, row)
        }
    };
    tx.commit().await?;
    if status == StatusCode::CREATED {
        tracing::info!(service = %row.service_id, version = row.version, "e-service published");
    }
    Ok((status, Json(row.system_view())))
}

/// The system's e-services (latest versions, withdrawn ones too).
#[utoipa::path(
    get,
    path = "/eservices",
    tag = "system-api",
    security(("bearer" = []), ("oauth2" = ["minsida:eservices.read"])),
    responses(
        (status = 200, description = "The services", body = SystemEServiceList),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn list_system_eservices(
    State(state): State<AppState>,
    system: Authorized<scope::EServicesRead>,
) -> Result<Json<SystemEServiceList>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let rows = eservices::system_services(&mut conn, system.id).await?;
    Ok(Json(SystemEServiceList {
        services: rows.iter().map(ServiceRow::system_view).collect(),
    }))
}

/// One of the system's e-services: the latest version with its definition.
#[utoipa::path(
    get,
    path = "/eservices/{id}",
    tag = "system-api",
    params(("id" = String, Path, description = "Service id")),
    security(("bearer" = []), ("oauth2" = ["minsida:eservices.read"])),
    responses(
        (status = 200, description = "The service", body = SystemEServiceDetail),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 404, description = "No such service of this system (`not_found`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn get_system_eservice(
    State(state): State<AppState>,
    system: Authorized<scope::EServicesRead>,
    Path(id): Path<String>,
) -> Result<Json<SystemEServiceDetail>, ApiError> {
    let row = own_service(&state, system.id, &id).await?;
    let definition = row.definition().map_err(|_| ApiError::internal())?;
    Ok(Json(SystemEServiceDetail {
        service: row.system_view(),
        definition,
    }))
}

/// Withdraw one of the system's e-services: nobody can start or send it any more. The service
/// and what people sent with it stay readable; drafts are kept, and publishing it again opens
/// it again (as a new version).
#[utoipa::path(
    post,
    path = "/eservices/{id}/withdrawal",
    tag = "system-api",
    params(("id" = String, Path, description = "Service id")),
    security(("bearer" = []), ("oauth2" = ["minsida:eservices.write"])),
    responses(
        (status = 200, description = "Withdrawn (or withdrawn before)", body = SystemEService),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 404, description = "No such service of this system (`not_found`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn withdraw_eservice(
    State(state): State<AppState>,
    system: Authorized<scope::EServicesWrite>,
    Path(id): Path<String>,
) -> Result<Json<SystemEService>, ApiError> {
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let row = eservices::withdraw(&mut tx, system.id, &id, now)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::system(
        now,
        AuditAction::SystemWithdrawEService,
        "eservice",
        system.id,
        None,
    )
    .object_id(row.id)
    .detail(serde_json::json!({ "service": row.service_id, "version": row.version }));
    crate::audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(row.system_view()))
}

/// A page query; every value as text, so that a bad one is a field error.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmissionQuery {
    /// Submissions with an id above this one (the previous page's `next_after`); 0 by default.
    #[param(value_type = Option<i64>, minimum = 0)]
    after: Option<String>,
    /// Submissions per page, 1–200 (50 by default).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    limit: Option<String>,
}

impl SubmissionQuery {
    fn parse(&self) -> Result<(i64, i64), ApiError> {
        let mut errors = Vec::new();
        let mut number =
            |field: &str, value: Option<&str>, default: i64, max: i64, min: i64| match value
                .map(str::parse::<i64>)
            {
                None => default,
                Some(Ok(n)) if (min..=max).contains(&n) => n,
                Some(_) => {
                    errors.push(FieldError {
                        field: field.to_string(),
                        code: FieldErrorCode::InvalidValue,
                    });
                    default
                }
            };
        let after = number("after", self.after.as_deref(), 0, i64::MAX, 0);
        let limit = number(
            "limit",
            self.limit.as_deref(),
            DEFAULT_PAGE,
            eservices::MAX_PAGE,
            1,
        );
        if errors.is_empty() {
            Ok((after, limit))
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

/// What people sent with one of the system's e-services, oldest first: the answers as
/// checked (in the definition's order), the SHA-256 of their canonical JSON as in the
/// person's receipt, the files, and the matter each submission opened (continue it with the
/// matters API: status, messages, requests to supplement). Every page is logged for every
/// party in it.
#[utoipa::path(
    get,
    path = "/eservices/{id}/submissions",
    tag = "system-api",
    params(("id" = String, Path, description = "Service id"), SubmissionQuery),
    security(("bearer" = []), ("oauth2" = ["minsida:eservices.read"])),
    responses(
        (status = 200, description = "A page of submissions", body = SystemEServiceSubmissionPage),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 404, description = "No such service of this system (`not_found`)", body = ApiErrorBody),
        (status = 422, description = "`after` or `limit` out of range or not a number (`validation`, `invalid_value`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 500, description = "Stored answers failed their integrity check (`integrity_error`); nothing is served", body = ApiErrorBody)
    )
)]
pub async fn list_eservice_submissions(
    State(state): State<AppState>,
    system: Authorized<scope::EServicesRead>,
    Path(id): Path<String>,
    Query(query): Query<SubmissionQuery>,
) -> Result<Json<SystemEServiceSubmissionPage>, ApiError> {
    let (after, limit) = query.parse()?;
    let row = own_service(&state, system.id, &id).await?;
    let mut conn = state.pool.acquire().await?;
    let items = eservices::system_submissions(&mut conn, &state.keys, &row, after, limit)
        .await?
        .map_err(|_| ApiError::integrity_error())?;
    drop(conn);
    let now = state.now_unix();
    for (item, party) in &items {
        let event = AuditEvent::system(
            now,
            AuditAction::SystemReadEServiceSubmissions,
            "eservice_submission",
            system.id,
            Some(*party),
        )
        .object_id(item.id)
        .detail(serde_json::json!({ "service": row.service_id, "matter": item.matter_id }));
        state.audit.record(&event).await?;
    }
    let full = i64::try_from(items.len()).unwrap_or(0) >= limit;
    let next_after = items.last().map(|(i, _)| i.id).filter(|_| full);
    Ok(Json(SystemEServiceSubmissionPage {
        submissions: items.into_iter().map(|(i, _)| i).collect(),
        next_after,
    }))
}
