//! A visitor on a customer terminal asks the office's staff for help, and tells which step
//! (kind of page) they are on while they consent to share it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use minsida_api::terminal::{HelpRequest, HelpState, StepUpdate};
use minsida_api::{ApiErrorBody, ErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::Session;
use crate::auth::MaybeSession;
use crate::error::ApiError;
use crate::routes::ApiJson;
use crate::terminals::{self, Device, Terminal};
use crate::AppState;

fn not_a_terminal() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "this browser is not an enrolled customer terminal",
    )
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
pub async fn update_visit_step(
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
