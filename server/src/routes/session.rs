//! The current session, keeping it alive, and whose data it shows ("acting as").

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::representation::SwitchParty;
use minsida_api::{ApiErrorBody, SessionInfo, SessionStatus};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::{self, read_cookie, set_acting_party, IdleTimeouts, Lookup};
use crate::auth::{CurrentSession, Session, SessionCookie};
use crate::error::ApiError;
use crate::routes::ApiJson;
use crate::{parties, representation, AppState};

/// Whether the visitor is logged in, and the session if so.
///
/// Always 200, also for a visitor who is not logged in: `state` is `logged_in` with the
/// session's fields, `anonymous` (no session cookie, or one the server does not know), or
/// `expired` (the cookie named a session that has timed out, idle or at its maximum age; it
/// ends now). A stale cookie is cleared with `Set-Cookie`. An anonymous or expired answer neither
/// creates a session nor writes the audit trail; asking keeps a live session alive, like every
/// request on it.
///
/// A live session includes the CSRF token to send on state-changing requests, and `acting_as`
/// when the session shows the data of someone the person acts for. The mandate is checked
/// again here: when it has expired or been revoked, the session is back to the person and
/// `acting_as` is absent.
#[utoipa::path(
    get,
    path = "/session",
    tag = "auth",
    security((), ("session_cookie" = [])),
    responses(
        (status = 200, description = "Logged in (`state`: `logged_in`, with the session), not logged in (`anonymous`) or timed out (`expired`)", body = SessionStatus)
    )
)]
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let cookie = SessionCookie::from_config(&state.config);
    let Some(token) = cookie.read(&headers) else {
        return Ok(Json(SessionStatus::Anonymous).into_response());
    };
    let device = read_cookie(&headers, state.config.terminal_cookie_name());
    let lookup = session::lookup(
        &state.pool,
        token,
        device,
        state.now_unix(),
        IdleTimeouts::from_config(&state.config),
    )
    .await?;
    let status = match lookup {
        Lookup::Valid(session) => {
            let info = representation::session_info(&state, &session).await?;
            return Ok(Json(SessionStatus::LoggedIn(Box::new(info))).into_response());
        }
        Lookup::Expired => SessionStatus::Expired,
        Lookup::Missing => SessionStatus::Anonymous,
    };
    // The browser is told to forget the useless cookie.
    Ok(([(header::SET_COOKIE, cookie.clear())], Json(status)).into_response())
}

/// Switch whose data the session shows.
///
/// `party_id` of a party from `GET /api/me/parties` switches to it; the logged-in person's own
/// id switches back. Every later request on the session reads and acts on that party's data,
/// within the mandate, until the next switch, logout, or the mandate's end. A party without a
/// valid mandate is refused with 403, whether it exists or not (audited); the session stays as
/// it was.
#[utoipa::path(
    put,
    path = "/session/acting-as",
    tag = "representation",
    request_body = SwitchParty,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The session, with `acting_as` unless switched back to oneself", body = SessionInfo),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); no valid mandate for that party, or no such party (`forbidden`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn switch_acting_party(
    State(state): State<AppState>,
    CurrentSession(mut session): CurrentSession,
    ApiJson(request): ApiJson<SwitchParty>,
) -> Result<Json<SessionInfo>, ApiError> {
    let now = state.now_unix();
    let person = session.person_id;
    let previous = session.acting_party_id;
    let detail = serde_json::json!({ "from": previous });

    if request.party_id == person {
        return back_to_oneself(&state, session).await.map(Json);
    }

    let mut tx = crate::db::begin_write(&state.pool).await?;
    let mandates = representation::valid_mandates(
        &mut tx,
        person,
        Some(request.party_id),
        &representation::today(now),
    )
    .await?;
    let party = if mandates.is_empty() {
        None
    } else {
        parties::party(&mut tx, request.party_id).await?
    };
    let Some(party) = party else {
        // The same answer whether the party exists or not; the trail names it if it does.
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE id = $1")
            .bind(request.party_id)
            .fetch_optional(&mut *tx)
            .await?;
        let mut event = AuditEvent::new(
            now,
            AuditAction::SwitchPartyRefused,
            "party",
            person,
            person,
        )
        .object_id(request.party_id)
        .session(&session)
        .detail(detail);
        event.subject_person_id = exists;
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        return Err(ApiError::forbidden(
            "no valid mandate to act for that party",
        ));
    };
    set_acting_party(&mut *tx, &session.id_hash, Some(party.id)).await?;
    let principal = representation::principal(&mandates).ok_or_else(ApiError::internal)?;
    let event = AuditEvent::new(now, AuditAction::SwitchParty, "session", person, party.id)
        .on_behalf(principal.role(), principal.id)
        .session(&session)
        .detail(detail);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    session.acting_party_id = Some(party.id);
    let mut info = session.info();
    info.acting_as = representation::acting_as(party, &mandates);
    info.can_act_for_others = true;
    Ok(Json(info))
}

/// The session shows the logged-in person's own data again (audited as a switch).
async fn back_to_oneself(state: &AppState, mut session: Session) -> Result<SessionInfo, ApiError> {
    let now = state.now_unix();
    let person = session.person_id;
    let detail = serde_json::json!({ "from": session.acting_party_id });
    let mut tx = crate::db::begin_write(&state.pool).await?;
    set_acting_party(&mut *tx, &session.id_hash, None).await?;
    let event = AuditEvent::new(now, AuditAction::SwitchParty, "session", person, person)
        .session(&session)
        .detail(detail);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    session.acting_party_id = None;
    representation::session_info(state, &session).await
}

/// Stop acting for someone else: the session shows the person's own data again.
///
/// The same as `PUT /api/session/acting-as` with one's own id, without needing to know it.
/// Also when the session already shows the person's own data (idempotent).
#[utoipa::path(
    delete,
    path = "/session/acting-as",
    tag = "representation",
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The session, without `acting_as`", body = SessionInfo),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "A body that is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn stop_acting(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<SessionInfo>, ApiError> {
    back_to_oneself(&state, session).await.map(Json)
}

/// Keep the session alive.
///
/// Looking the session up already moves its idle timeout; this route does nothing else. The
/// SPA calls it when the person chooses to continue in the inactivity warning (WCAG 2.2.1)
/// and, throttled, while they are active. Like `GET /api/session` it shows `acting_as` when
/// the session acts for someone with a valid mandate; keeping the session alive is the
/// person's own act, never one on behalf of that party.
#[utoipa::path(
    post,
    path = "/session/extend",
    tag = "auth",
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The session, idle timeout restarted", body = SessionInfo),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "A body that is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn extend_session(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<SessionInfo>, ApiError> {
    Ok(Json(representation::session_info(&state, &session).await?))
}
