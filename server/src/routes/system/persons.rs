//! What a system may know about a person: their channel preferences.

use axum::extract::{Path, State};
use axum::Json;
use minsida_api::channels::SystemChannelPreferences;
use minsida_api::representation::PartyKind;
use minsida_api::ApiErrorBody;

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::channels;
use crate::error::ApiError;
use crate::parties;
use crate::systems::{scope, Authorized};
use crate::AppState;

/// A person's channel preferences, for a case officer or a mailing system deciding how to
/// reach them: the choices and which details are verified, never the addresses themselves.
/// Every system with a key may read every person's preferences; each read is audited.
#[utoipa::path(
    get,
    path = "/persons/{personal_number}/channel-preferences",
    tag = "system-api",
    params(("personal_number" = String, Path, description = "Personal identity number or coordination number, 10 or 12 digits, with or without separator", format = "personal-identity-number", example = "198112189876", pattern = "^([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}$")),
    security(("bearer" = []), ("oauth2" = ["minsida:persons.read"])),
    responses(
        (status = 200, description = "The saved (or default) choices", body = SystemChannelPreferences),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such person (`not_found`)", body = ApiErrorBody),
        (status = 422, description = "`personal_number`: `invalid_personal_number` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn get_person_channel_preferences(
    State(state): State<AppState>,
    system: Authorized<scope::PersonsRead>,
    Path(personal_number): Path<String>,
) -> Result<Json<SystemChannelPreferences>, ApiError> {
    let now = state.now_unix();
    let pin = parties::parse_personal_number(&personal_number, now)
        .map_err(|code| ApiError::field("personal_number", code))?;
    let mut conn = state.pool.acquire().await?;
    let person = parties::party_by_identifier(&mut conn, &pin, PartyKind::Person)
        .await?
        .ok_or_else(ApiError::not_found)?
        .id;
    let saved = channels::load_prefs(&mut conn, person).await?;
    let verified = channels::contact_state(&mut conn, person).await?.verified();
    let event = AuditEvent::system(
        now,
        AuditAction::SystemReadChannelPrefs,
        "channel_prefs",
        system.id,
        Some(person),
    )
    .object_id(person);
    state.audit.record(&event).await?;
    Ok(Json(SystemChannelPreferences {
        personal_number: pin,
        is_default: saved.updated_at.is_none(),
        updated_at: saved.updated_at.map(format_unix),
        prefs: saved.prefs,
        email_verified: verified.email,
        mobile_verified: verified.mobile,
    }))
}
