//! Customer terminal routes (`/api/terminal...`) and the offices' staff view
//! (`/api/system/v1/terminals`). See [`crate::terminals`] for the model.
//!
//! The citizen-side routes work with and without login. Their state-changing requests pass
//! the same CSRF guard as login (same-origin `Sec-Fetch-Site`/`Origin`, JSON body) and, when
//! a session is present, need its CSRF token like every other route. Enrollment and
//! unenrollment also need the office's key; the device cookie is `SameSite=Strict`.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::terminal::{
    EnrollTerminal, HelpRequest, HelpState, StaffTerminals, StepUpdate, TerminalStatus,
    UnenrollTerminal,
};
use minsida_api::{ApiErrorBody, ErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::{self, Session};
use crate::auth::{MaybeSession, SessionCookie};
use crate::config::TerminalOffice;
use crate::error::ApiError;
use crate::routes::ApiJson;
use crate::systems::SystemClient;
use crate::terminals::{
    self, clean_terminal_name, key_matches, Device, DeviceCookie, KeyAttemptLimiter, Terminal,
};
use crate::AppState;

fn not_a_terminal() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "this browser is not an enrolled customer terminal",
    )
}

fn clear_site_data() -> (HeaderName, HeaderValue) {
    (
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static(terminals::CLEAR_SITE_DATA),
    )
}

/// 429 with `Retry-After`.
fn rate_limited(retry_after_secs: i64) -> Response {
    let mut response = ApiError::new(
        ErrorCode::RateLimited,
        "too many wrong enrollment keys for this office; try again later",
    )
    .into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(u64::try_from(retry_after_secs.max(1)).unwrap_or(1)),
    );
    response
}

/// Count a wrong key, audit it and answer 403. The answer is the same for an unknown office
/// and a wrong key.
async fn refuse_key(
    state: &AppState,
    operation: &'static str,
    office: Option<&TerminalOffice>,
    terminal: Option<i64>,
    now: i64,
) -> Response {
    state
        .terminal_keys
        .failed(KeyAttemptLimiter::bucket(office), now);
    let mut event = AuditEvent::anonymous(now, AuditAction::TerminalKeyRefused, "terminal", None)
        .detail(serde_json::json!({
            "operation": operation,
            "office": office.map(|o| o.id.as_str()),
        }));
    if let Some(id) = terminal {
        event = event.terminal(id).object_id(id);
    }
    if let Err(e) = audit::record(&state.pool, &event).await {
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
pub async fn status(
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
pub async fn enroll(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EnrollTerminal>,
) -> Result<Response, Response> {
    let now = state.now_unix();
    let office = state.config.terminal_office(&request.office);
    if let Err(retry) = state
        .terminal_keys
        .check(KeyAttemptLimiter::bucket(office.as_ref()), now)
    {
        return Err(rate_limited(retry));
    }
    // Always compared, also for an unknown office, so timing tells nothing about office ids.
    let matches = key_matches(office.as_ref(), &request.enrollment_key);
    let office = match office {
        Some(office) if matches => office,
        other => return Err(refuse_key(&state, "enroll", other.as_ref(), None, now).await),
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
        "SELECT id FROM terminals WHERE office_id = ? AND name = ? AND revoked_at IS NULL",
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
    let id = sqlx::query(
        "INSERT INTO terminals (office_id, name, token_hash, enrolled_at, last_seen_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&office.id)
    .bind(&name)
    .bind(session::hash_token(&token))
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
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
pub async fn unenroll(
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
    if let Err(retry) = state
        .terminal_keys
        .check(KeyAttemptLimiter::bucket(office.as_ref()), now)
    {
        return Err(rate_limited(retry));
    }
    if !key_matches(office.as_ref(), &request.enrollment_key) {
        return Err(refuse_key(&state, "unenroll", office.as_ref(), Some(terminal.id), now).await);
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

/// The terminal of the request, and the visitor's session if they are logged in. 403 when
/// the browser is no terminal, or the session was not started on this terminal (an ordinary
/// session in a browser enrolled later).
async fn visit(
    state: &AppState,
    headers: &HeaderMap,
    session: Option<Session>,
) -> Result<(Terminal, Option<Session>), ApiError> {
    let Device::Terminal(terminal) = terminals::lookup_device(state, headers).await? else {
        return Err(not_a_terminal());
    };
    if let Some(s) = &session {
        if s.terminal_id != Some(terminal.id) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "help from staff is only for sessions started on this customer terminal",
            ));
        }
    }
    Ok((terminal, session))
}

/// The visitor's request for staff help on this terminal, if any.
#[utoipa::path(
    get,
    path = "/terminal/help",
    tag = "terminal",
    security(("terminal_cookie" = []), ("terminal_cookie" = [], "session_cookie" = [])),
    responses(
        (status = 200, description = "The request; `requested_at` is absent when no help is asked for", body = HelpState),
        (status = 403, description = "Not a customer terminal, or a session not started on it (`forbidden`); missing or wrong CSRF token with a session, or cross-site request (`csrf_failed`)", body = ApiErrorBody)
    )
)]
pub async fn get_help(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
) -> Result<Json<HelpState>, ApiError> {
    let (terminal, session) = visit(&state, &headers, session).await?;
    let mut conn = state.pool.acquire().await?;
    let own = terminals::own_help(
        &mut conn,
        terminal.id,
        session.as_ref(),
        state.now_unix(),
        state.config.terminal_idle_secs,
    )
    .await?;
    Ok(Json(own.map_or_else(terminals::no_help, |h| h.state())))
}

/// Ask staff for help, optionally letting them see which step (kind of page) the visitor is
/// on — never any data.
///
/// Works before and after login. Replaces the terminal's request; a visitor already waiting
/// keeps their place when they change their consent. After login the request belongs to the
/// session and ends with it; before login it ends at the next login or logout on the
/// terminal, or after the terminal idle timeout without activity. Audited with the consent.
#[utoipa::path(
    post,
    path = "/terminal/help",
    tag = "terminal",
    request_body = HelpRequest,
    security(("terminal_cookie" = []), ("terminal_cookie" = [], "session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "Help is asked for", body = HelpState),
        (status = 400, description = "Malformed JSON or an unknown step (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Not a customer terminal, or a session not started on it (`forbidden`); missing or wrong CSRF token with a session, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn request_help(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
    ApiJson(request): ApiJson<HelpRequest>,
) -> Result<Json<HelpState>, ApiError> {
    let (terminal, session) = visit(&state, &headers, session).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let row = terminals::request_help(
        &mut tx,
        terminal.id,
        session.as_ref(),
        request.share_step,
        request.step,
        now,
        state.config.terminal_idle_secs,
    )
    .await?;
    let event = match &session {
        Some(s) => AuditEvent::new(
            now,
            AuditAction::RequestHelp,
            "help_request",
            s.person_id,
            s.person_id,
        )
        .session(s),
        None => AuditEvent::anonymous(now, AuditAction::RequestHelp, "help_request", None),
    }
    .object_id(terminal.id)
    .terminal(terminal.id)
    .detail(serde_json::json!({
        "share_step": request.share_step,
        "before_login": session.is_none(),
    }));
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(row.state()))
}

/// Withdraw the visitor's request for help. Idempotent.
#[utoipa::path(
    delete,
    path = "/terminal/help",
    tag = "terminal",
    security(("terminal_cookie" = []), ("terminal_cookie" = [], "session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "No help asked for any more"),
        (status = 403, description = "Not a customer terminal, or a session not started on it (`forbidden`); missing or wrong CSRF token with a session, or cross-site request (`csrf_failed`)", body = ApiErrorBody)
    )
)]
pub async fn cancel_help(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
) -> Result<StatusCode, ApiError> {
    let (terminal, session) = visit(&state, &headers, session).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let cancelled = terminals::cancel_help(
        &mut tx,
        terminal.id,
        session.as_ref(),
        now,
        state.config.terminal_idle_secs,
    )
    .await?;
    if cancelled.is_some() {
        let event = match &session {
            Some(s) => AuditEvent::new(
                now,
                AuditAction::CancelHelp,
                "help_request",
                s.person_id,
                s.person_id,
            )
            .session(s),
            None => AuditEvent::anonymous(now, AuditAction::CancelHelp, "help_request", None),
        }
        .object_id(terminal.id)
        .terminal(terminal.id);
        audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The step (kind of page) the visitor is on. Stored only while their own help request has
/// their consent to share it; otherwise accepted and dropped. Always 204 on a terminal.
#[utoipa::path(
    put,
    path = "/terminal/step",
    tag = "terminal",
    request_body = StepUpdate,
    security(("terminal_cookie" = []), ("terminal_cookie" = [], "session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Accepted (stored only with consent)"),
        (status = 400, description = "Malformed JSON or an unknown step (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Not a customer terminal, or a session not started on it (`forbidden`); missing or wrong CSRF token with a session, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn update_step(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybeSession(session): MaybeSession,
    ApiJson(update): ApiJson<StepUpdate>,
) -> Result<StatusCode, ApiError> {
    let (terminal, session) = visit(&state, &headers, session).await?;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    terminals::update_step(
        &mut tx,
        terminal.id,
        session.as_ref(),
        update.step,
        state.now_unix(),
        state.config.terminal_idle_secs,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The customer terminals, for the offices' staff: every active terminal with its open help
/// request, the visitor's step when they consented to share it, and whether a visit is in
/// progress. Never who the visitor is or any of their data.
///
/// Every read is audited (actor: the system). Each consented step shown is also audited with
/// the visitor as subject, so it appears in that person's own trail.
#[utoipa::path(
    get,
    path = "/terminals",
    tag = "system-api",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The terminals, by office and name", body = StaffTerminals),
        (status = 401, description = "Missing, unknown or revoked API key (`unauthenticated`)", body = ApiErrorBody)
    )
)]
pub async fn staff_terminals(
    State(state): State<AppState>,
    system: SystemClient,
) -> Result<Json<StaffTerminals>, ApiError> {
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let entries = terminals::staff_view(&mut tx, &state.config, now).await?;
    let help = entries
        .iter()
        .filter(|e| e.terminal.help_requested_at.is_some())
        .count();
    let steps = entries.iter().filter(|e| e.terminal.step.is_some()).count();
    let event = AuditEvent::system(
        now,
        AuditAction::SystemReadTerminals,
        "terminals",
        system.id,
        None,
    )
    .detail(serde_json::json!({
        "terminals": entries.len(),
        "help_requests": help,
        "steps_shown": steps,
    }));
    audit::record(&mut *tx, &event).await?;
    for entry in &entries {
        if let (Some(person), Some(step)) = (entry.step_of_person, entry.terminal.step) {
            let event = AuditEvent::system(
                now,
                AuditAction::SystemReadVisitStep,
                "visit_step",
                system.id,
                Some(person),
            )
            .object_id(entry.terminal.id)
            .terminal(entry.terminal.id)
            .detail(serde_json::json!({ "step": step.as_str() }));
            audit::record(&mut *tx, &event).await?;
        }
    }
    tx.commit().await?;
    Ok(Json(StaffTerminals {
        terminals: entries.into_iter().map(|e| e.terminal).collect(),
    }))
}
