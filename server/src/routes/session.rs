//! The current session and keeping it alive.

use axum::Json;
use minsida_api::{ApiErrorBody, SessionInfo};

use crate::auth::CurrentSession;

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
pub async fn session(CurrentSession(session): CurrentSession) -> Json<SessionInfo> {
    Json(session.info())
}

/// Keep the session alive.
///
/// Looking the session up already moves its idle timeout; this route does nothing else. The
/// SPA calls it when the person chooses to continue in the inactivity warning (WCAG 2.2.1)
/// and, throttled, while they are active.
#[utoipa::path(
    post,
    path = "/api/session/extend",
    tag = "auth",
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The session, idle timeout restarted", body = SessionInfo),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "A body that is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn extend(CurrentSession(session): CurrentSession) -> Json<SessionInfo> {
    Json(session.info())
}
