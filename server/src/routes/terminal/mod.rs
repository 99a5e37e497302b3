//! Customer terminal routes (`/api/terminal...`). See [`crate::terminals`] for the model.
//!
//! The citizen-side routes work with and without login. Their state-changing requests pass
//! the same CSRF guard as login (same-origin `Sec-Fetch-Site`/`Origin`, JSON body) and, when
//! a session is present, need its CSRF token like every other route. Enrollment and
//! unenrollment also need the office's key; the device cookie is `SameSite=Strict`.
//!
//! Enrollment and status are here, the visitor's requests for help in [`help`]; the staff
//! view is part of the system API ([`crate::routes::system::terminals`]).

pub mod help;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::terminal::{EnrollTerminal, TerminalStatus, UnenrollTerminal};
use minsida_api::{ApiErrorBody, ErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session;
use crate::auth::SessionCookie;
use crate::config::TerminalOffice;
use crate::error::ApiError;
use crate::limits;
use crate::routes::ApiJson;
use crate::terminals::{
    self, clean_terminal_name, key_failure_bucket, key_matches, Device, DeviceCookie, Terminal,
};
use crate::AppState;

fn clear_site_data() -> (HeaderName, HeaderValue) {
    (
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static(terminals::CLEAR_SITE_DATA),
    )
}

/// 429 with `Retry-After`.
/// `Err(429)` while the office has used up its allowance of wrong keys (every instance counts
/// together, see [`limits`]); the key is then not even looked at.
async fn office_key_allowed(
    state: &AppState,
    office: Option<&TerminalOffice>,
    now: i64,
) -> Result<(), Response> {
    let blocked = limits::blocked(
        &state.pool,
        &key_failure_bucket(office),
        state.limits.office_key_failures,
        now,
    )
    .await
    .map_err(|e| ApiError::from(e).into_response())?;
    match blocked {
        Some(retry) => Err(rate_limited(retry)),
        None => Ok(()),
    }
}

pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
    let mut response = ApiError::new(
        ErrorCode::RateLimited,
        "too many wrong enrollment keys for this office; try again later",
    )
    .into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(retry_after_secs.max(1)),
    );
    response
}

/// Count a wrong key, audit it and answer 403. The answer is the same for an unknown office
/// and a wrong key.
pub(crate) async fn refuse_key(
    state: &AppState,
    operation: &'static str,
    office: Option<&TerminalOffice>,
    terminal: Option<i64>,
    actor_system: Option<i64>,
    now: i64,
) -> Response {
    let bucket = key_failure_bucket(office);
    if let Err(e) = limits::fail(&state.pool, &bucket, state.limits.office_key_failures, now).await
    {
        return ApiError::from(e).into_response();
    }
    let mut event = AuditEvent::anonymous(now, AuditAction::TerminalKeyRefused, "terminal", None)
        .detail(serde_json::json!({
            "operation": operation,
            "office": office.map(|o| o.id.as_str()),
        }));
    if let Some(id) = terminal {
        event = event.terminal(id).object_id(id);
    }
    event.actor_system = actor_system;
    if let Err(e) = state.audit.record(&event).await {
        return ApiError::from(e).into_response();
    }
    tracing::warn!(
        operation,
        office = office.map(|o| o.id.as_str()),
        "terminal enrollment key refused"
    );
    ApiError::new(
        ErrorCode::Forbidden,
        "unknown office or wrong enrollment key",
    )
    .into_response()
}

/// Whether this browser is an enrolled customer terminal.
///
/// Needs no login. A valid device cookie is renewed (it lives 400 days from the last use);
/// an unknown or revoked one is removed and the answer is `terminal: null`.
#[utoipa::path(
    get,
    path = "/terminal",
    tag = "terminal",
    security((), ("terminal_cookie" = [])),
    responses(
        (status = 200, description = "The terminal, or `terminal: null` on an ordinary browser", body = TerminalStatus,
            headers(("set-cookie" = String, description = "Renews a valid device cookie, or expires an unknown or revoked one")))
    )
)]
pub async fn get_terminal_status(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let cookie = DeviceCookie::from_config(&state.config);
    Ok(match terminals::lookup_device(&state, &headers).await? {
        Device::None => Json(TerminalStatus::default()).into_response(),
        Device::Unknown => (
            [(header::SET_COOKIE, cookie.clear())],
            Json(TerminalStatus::default()),
        )
            .into_response(),
        Device::Terminal(t) => {
            let token = cookie.read(&headers).unwrap_or_default();
            (
                [(header::SET_COOKIE, cookie.set(token))],
                Json(TerminalStatus {
                    terminal: Some(t.info(&state.config)),
                }),
            )
                .into_response()
        }
    })
}

/// Enroll this browser as a customer terminal of an office (staff, with the office's key).
///
/// Sets the device cookie (`minsida_terminal`, or `__Host-minsida_terminal` over https):
/// 32 random bytes, stored only as SHA-256, `HttpOnly; SameSite=Strict; Path=/`, `Secure`
/// over https, `Max-Age` 400 days (renewed by `GET /api/terminal`). A browser is one
/// terminal: enrolling it again revokes its previous terminal. Any session the browser had
/// ends and its site data is cleared, so terminal mode starts clean.
///
/// The key is compared in constant time. A wrong key or unknown office is audited and
/// counted: after 10 failures for an office within 15 minutes every attempt for it is
/// refused with 429 until the window ends.
#[utoipa::path(
    post,
    path = "/terminal/enroll",
    tag = "terminal",
    request_body = EnrollTerminal,
    responses(
        (status = 201, description = "Enrolled; the device cookie is set", body = TerminalStatus,
            headers(
                ("set-cookie" = String, description = "The device cookie; also expires a session cookie the browser sent"),
                ("clear-site-data" = String, description = "`\"cache\", \"storage\"`")
            )),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Unknown office or wrong enrollment key (`forbidden`), or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 409, description = "An active terminal of the office already has this name (`conflict`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field `name`: `required`, `too_long` (over 60 characters) or `invalid_value` (control characters) (`validation`)", body = ApiErrorBody),
        (status = 429, description = "Too many wrong keys for the office; see `Retry-After` (`rate_limited`)", body = ApiErrorBody)
    )
)]
pub async fn enroll_terminal(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EnrollTerminal>,
) -> Result<Response, Response> {
    let now = state.now_unix();
    let office = state.config.terminal_office(&request.office);
    office_key_allowed(&state, office.as_ref(), now).await?;
    // Always compared, also for an unknown office, so timing tells nothing about office ids.
    let matches = key_matches(office.as_ref(), &request.enrollment_key);
    let office = match office {
        Some(office) if matches => office,
        other => return Err(refuse_key(&state, "enroll", other.as_ref(), None, None, now).await),
    };
    let name = clean_terminal_name(&request.name)
        .map_err(|code| ApiError::field("name", code).into_response())?;
    enroll_browser(&state, &headers, &office, name, now)
        .await
        .map_err(IntoResponse::into_response)
}

async fn enroll_browser(
    state: &AppState,
    headers: &HeaderMap,
    office: &TerminalOffice,
    name: String,
    now: i64,
) -> Result<Response, ApiError> {
    let previous = match terminals::lookup_device(state, headers).await? {
        Device::Terminal(t) => Some(t.id),
        Device::None | Device::Unknown => None,
    };
    let session_cookie = SessionCookie::from_config(&state.config);
    let old_session = session_cookie.read(headers);
    let token = session::generate_token();

    let mut tx = crate::db::begin_write(&state.pool).await?;
    if let Some(id) = previous {
        terminals::revoke(&mut tx, id, now).await?;
    }
    if let Some(old) = old_session {
        session::delete(&mut *tx, &session::hash_token(old)).await?;
    }
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM terminals WHERE office_id = $1 AND name = $2 AND revoked_at IS NULL",
    )
    .bind(&office.id)
    .bind(&name)
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        return Err(ApiError::conflict(
            "an active terminal of the office already has this name",
        ));
    }
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO terminals (office_id, name, token_hash, enrolled_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&office.id)
    .bind(&name)
    .bind(session::hash_token(&token))
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let event = AuditEvent::anonymous(now, AuditAction::EnrollTerminal, "terminal", None)
        .object_id(id)
        .terminal(id)
        .detail(serde_json::json!({
            "office": office.id,
            "name": name,
            "replaced_terminal": previous,
        }));
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    tracing::info!(terminal = id, office = %office.id, "customer terminal enrolled");

    let terminal = Terminal {
        id,
        office_id: office.id.clone(),
        office_name: office.name.clone(),
        name,
    };
    let mut response = (
        StatusCode::CREATED,
        [
            (
                header::SET_COOKIE,
                DeviceCookie::from_config(&state.config).set(&token),
            ),
            clear_site_data(),
        ],
        Json(TerminalStatus {
            terminal: Some(terminal.info(&state.config)),
        }),
    )
        .into_response();
    if old_session.is_some() {
        response
            .headers_mut()
            .append(header::SET_COOKIE, session_cookie.clear());
    }
    Ok(response)
}

/// Turn terminal mode off on this browser (staff, with the key of the terminal's office).
///
/// The terminal is revoked at once: its sessions end, its help request is dropped, the
/// device and session cookies are expired and the site data cleared. Wrong keys count
/// towards the same limit as enrollment.
#[utoipa::path(
    post,
    path = "/terminal/unenroll",
    tag = "terminal",
    request_body = UnenrollTerminal,
    security(("terminal_cookie" = [])),
    responses(
        (status = 204, description = "No longer a terminal",
            headers(
                ("set-cookie" = String, description = "Expires the device cookie and the session cookie"),
                ("clear-site-data" = String, description = "`\"cache\", \"storage\"`")
            )),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Wrong enrollment key (`forbidden`), or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 404, description = "This browser is not an enrolled terminal (`not_found`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 429, description = "Too many wrong keys for the office; see `Retry-After` (`rate_limited`)", body = ApiErrorBody)
    )
)]
pub async fn unenroll_terminal(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<UnenrollTerminal>,
) -> Result<Response, Response> {
    let now = state.now_unix();
    let device_cookie = DeviceCookie::from_config(&state.config);
    let not_enrolled = || {
        ApiError::new(
            ErrorCode::NotFound,
            "this browser is not an enrolled customer terminal",
        )
    };
    let terminal = match terminals::lookup_device(&state, &headers)
        .await
        .map_err(|e| ApiError::from(e).into_response())?
    {
        Device::Terminal(t) => t,
        Device::Unknown => {
            return Err((
                [(header::SET_COOKIE, device_cookie.clear())],
                not_enrolled(),
            )
                .into_response())
        }
        Device::None => return Err(not_enrolled().into_response()),
    };
    let office = state.config.terminal_office(&terminal.office_id);
    office_key_allowed(&state, office.as_ref(), now).await?;
    if !key_matches(office.as_ref(), &request.enrollment_key) {
        return Err(refuse_key(
            &state,
            "unenroll",
            office.as_ref(),
            Some(terminal.id),
            None,
            now,
        )
        .await);
    }
    let result = async {
        let mut tx = crate::db::begin_write(&state.pool).await?;
        let ended = terminals::revoke(&mut tx, terminal.id, now).await?;
        let event = AuditEvent::anonymous(now, AuditAction::UnenrollTerminal, "terminal", None)
            .object_id(terminal.id)
            .terminal(terminal.id)
            .detail(serde_json::json!({
                "office": terminal.office_id,
                "ended_sessions": ended,
            }));
        audit::record(&mut *tx, &event).await?;
        tx.commit().await
    }
    .await;
    result.map_err(|e| ApiError::from(e).into_response())?;
    tracing::info!(terminal = terminal.id, office = %terminal.office_id, "customer terminal unenrolled");
    let mut response = (
        StatusCode::NO_CONTENT,
        [
            (header::SET_COOKIE, device_cookie.clear()),
            clear_site_data(),
        ],
    )
        .into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        SessionCookie::from_config(&state.config).clear(),
    );
    Ok(response)
}
