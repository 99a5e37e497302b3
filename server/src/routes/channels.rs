//! "Kontaktval": the logged-in person's channel preferences, the verification of their
//! e-mail address and mobile number, the history of changes and the log of notices. The
//! subject is always the session's person.

use axum::extract::State;
use axum::Json;
use minsida_api::channels::{
    normalize_code, ChannelPrefs, ChannelSettings, ConfirmVerification, ContactVerification,
    NoticeLog, PreferenceChange, PreferenceHistory, StartVerification,
};
use minsida_api::{ApiErrorBody, FieldErrorCode};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::CurrentSession;
use crate::channels::{self, verification};
use crate::error::ApiError;
use crate::outbox;
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::AppState;
use minsida_api::representation::{AccessLevel, Area};

fn event(access: &Access, now: i64, action: AuditAction, object_type: &'static str) -> AuditEvent {
    // Both identities (and the role) when a representative acts for the person.
    access
        .event(now, action, object_type)
        .object_id(access.subject())
}

/// The person's channel preferences and the verification state of their e-mail address and
/// mobile number.
///
/// Never saved: `is_default` is true and the defaults are returned (everything to the Min
/// sida mailbox, no notices, Swedish).
#[utoipa::path(
    get,
    path = "/me/channels",
    tag = "channels",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The saved (or default) choices and verification state", body = ChannelSettings),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn get_channel_preferences(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<ChannelSettings>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::Preferences, AccessLevel::Read).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let settings = channels::settings(&mut conn, access.subject(), now).await?;
    let event =
        event(&access, now, AuditAction::ReadChannelPrefs, "channel_prefs").session(&session);
    state.audit.record(&event).await?;
    Ok(Json(settings))
}

/// Save the channel preferences, replacing any saved before.
///
/// Checked with the shared rules against the current verification state; every problem is
/// returned at once and nothing is saved then. Kinds are stored in `MatterCategory` order and
/// phone times sorted. Each change is added to the history.
#[utoipa::path(
    put,
    path = "/me/channels",
    tag = "channels",
    request_body = ChannelPrefs,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The stored choices and verification state", body = ChannelSettings),
        (status = 400, description = "Malformed JSON or an unknown enum value (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 413, description = "Body too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 409, description = "Choices the contact details do not allow yet (`conflict`, with the fields): \
            `kinds.<kind>.channel`: `mobile_not_verified` (phone); `kinds.<kind>.notify_email`: \
            `email_not_verified`; `kinds.<kind>.notify_sms`: `mobile_not_verified`", body = ApiErrorBody),
        (status = 422, description = "Broken rules (`validation`): `kinds`: `invalid_value` (not exactly one entry per kind); \
            `kinds.<kind>.channel`: `paper_opted_out`", body = ApiErrorBody)
    )
)]
pub async fn update_channel_preferences(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(prefs): ApiJson<ChannelPrefs>,
) -> Result<Json<ChannelSettings>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Preferences, AccessLevel::Act).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let changes = channels::save_prefs(&mut tx, access.subject(), &prefs, now)
        .await?
        .map_err(ApiError::validation)?;
    // What changed, by kind of change only (the `type` tag), never the values.
    let change_types: Vec<serde_json::Value> = changes
        .iter()
        .filter_map(|c| serde_json::to_value(c).ok()?.get("type").cloned())
        .collect();
    let event = event(
        &access,
        now,
        AuditAction::UpdateChannelPrefs,
        "channel_prefs",
    )
    .session(&session)
    .detail(serde_json::json!({ "changes": change_types }));
    audit::record(&mut *tx, &event).await?;
    let settings = channels::settings(&mut tx, access.subject(), now).await?;
    tx.commit().await?;
    Ok(Json(settings))
}

/// The history of changes of the choices and of the verification of contact details, newest
/// first (at most 200 entries).
#[utoipa::path(
    get,
    path = "/me/channels/history",
    tag = "channels",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The history, newest first", body = PreferenceHistory),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn get_channel_history(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<PreferenceHistory>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::Preferences, AccessLevel::Read).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let entries = channels::history(&mut conn, access.subject()).await?;
    let event = event(
        &access,
        now,
        AuditAction::ReadChannelHistory,
        "channel_prefs",
    )
    .session(&session)
    .detail(serde_json::json!({ "count": entries.len() }));
    state.audit.record(&event).await?;
    Ok(Json(PreferenceHistory { entries }))
}

/// Send a new one-time code to the current e-mail address (by e-mail) or mobile number (by
/// SMS), replacing any earlier code. The code is valid for 10 minutes and allows 5 wrong
/// attempts. A new code can be sent 60 seconds after the previous one, at most 5 per hour for
/// each detail.
#[utoipa::path(
    post,
    path = "/me/channels/verification",
    tag = "channels",
    request_body = StartVerification,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The code is on its way; `pending` tells until when it can be entered", body = ContactVerification),
        (status = 400, description = "Malformed JSON or unknown `target` (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 409, description = "`target`: `no_address` (no e-mail address or mobile number given) (`conflict`, with the field)", body = ApiErrorBody),
        (status = 429, description = "Too soon after the previous code, or 5 codes in the last hour (`rate_limited`)", body = ApiErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until a new code can be sent")))
    )
)]
pub async fn start_verification(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(request): ApiJson<StartVerification>,
) -> Result<Json<ContactVerification>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Preferences, AccessLevel::Act).await?;
    let now = state.now_unix();
    let target = request.target;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let contact = channels::contact_state(&mut tx, access.subject()).await?;
    let lang = channels::load_prefs(&mut tx, access.subject())
        .await?
        .prefs
        .letter_language;
    let outbox_id = verification::start(
        &mut tx,
        &state.kek,
        access.subject(),
        &contact,
        target,
        lang,
        now,
    )
    .await?;
    let event = event(
        &access,
        now,
        AuditAction::StartContactVerification,
        "contact_details",
    )
    .session(&session)
    .detail(serde_json::json!({ "target": target.as_str(), "outbox": outbox_id }));
    audit::record(&mut *tx, &event).await?;
    let result =
        channels::contact_verification(&mut tx, access.subject(), &contact, target, now).await?;
    tx.commit().await?;
    state.wake_outbox();
    Ok(Json(result))
}

/// Enter the one-time code.
///
/// The code is normalised (spaces and hyphens removed); a code that is not 6 digits is
/// refused as `invalid_value` without spending an attempt, as it cannot be a guess of the
/// code. Every other wrong code spends one of the 5 attempts.
#[utoipa::path(
    post,
    path = "/me/channels/verification/confirm",
    tag = "channels",
    request_body = ConfirmVerification,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "Verified", body = ContactVerification),
        (status = 400, description = "Malformed JSON or unknown `target` (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 409, description = "Field `code` (`conflict`): `wrong_code` (one attempt spent), `too_many_attempts` \
            (the code is spent: ask for a new one), `code_expired`, `no_pending_code` (none sent, already used, or sent \
            to an address that has changed since)", body = ApiErrorBody),
        (status = 422, description = "Field `code` (`validation`): `invalid_value` (not 6 digits; no attempt spent)", body = ApiErrorBody)
    )
)]
pub async fn confirm_verification(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(request): ApiJson<ConfirmVerification>,
) -> Result<Json<ContactVerification>, ApiError> {
    let Some(code) = normalize_code(&request.code) else {
        return Err(ApiError::field("code", FieldErrorCode::InvalidValue));
    };
    let access = Access::for_request(&state, &session, Area::Preferences, AccessLevel::Act).await?;
    let now = state.now_unix();
    let target = request.target;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let contact = channels::contact_state(&mut tx, access.subject()).await?;
    let outcome = verification::confirm(
        &mut tx,
        &state.kek,
        access.subject(),
        &contact,
        target,
        &code,
        now,
    )
    .await?;
    // "verified", or the refusal's code as on the wire (e.g. "wrong_code").
    let result = match outcome {
        verification::Confirmation::Verified => serde_json::json!("verified"),
        verification::Confirmation::Refused(reason) => {
            serde_json::to_value(reason).unwrap_or_default()
        }
    };
    let event = event(
        &access,
        now,
        AuditAction::ConfirmContactVerification,
        "contact_details",
    )
    .session(&session)
    .detail(serde_json::json!({ "target": target.as_str(), "result": result }));
    audit::record(&mut *tx, &event).await?;
    if let verification::Confirmation::Refused(reason) = outcome {
        // Commit the spent attempt and the audit event before refusing.
        tx.commit().await?;
        return Err(ApiError::field("code", reason));
    }
    channels::record_change(
        &mut tx,
        access.subject(),
        now,
        &PreferenceChange::Verified { target },
    )
    .await?;
    let contact = channels::contact_state(&mut tx, access.subject()).await?;
    let verified =
        channels::contact_verification(&mut tx, access.subject(), &contact, target, now).await?;
    tx.commit().await?;
    Ok(Json(verified))
}

/// The e-mails and SMS sent (or to be sent) to the person, notices and codes, newest first
/// (at most 100), with the address partly masked. Never the text.
#[utoipa::path(
    get,
    path = "/me/notices",
    tag = "channels",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The notice log, newest first", body = NoticeLog),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn list_notices(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<NoticeLog>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::Preferences, AccessLevel::Read).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let entries = outbox::notice_log(&mut conn, access.subject()).await?;
    let event = event(&access, now, AuditAction::ReadNotices, "notices")
        .session(&session)
        .detail(serde_json::json!({ "count": entries.len() }));
    state.audit.record(&event).await?;
    Ok(Json(NoticeLog { entries }))
}
