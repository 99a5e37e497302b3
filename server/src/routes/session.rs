//! The current session.

use axum::extract::State;
use axum::Json;
use minsida_api::{ApiErrorBody, SessionInfo};

use crate::auth::CurrentSession;
use crate::AppState;

/// The current session.
///
/// Includes the CSRF token to send on state-changing requests.
#[utoipa::path(
    get,
    path = "/api/session",
    tag = "auth",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The session", body = SessionInfo),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn session(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Json<SessionInfo> {
    Json(session.info(state.config.session_idle_secs))
}
