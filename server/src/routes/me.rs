//! "Mina uppgifter": the registered data and contact details of the person the session acts
//! for (the logged-in person, or a person they represent with a mandate for personal data),
//! and the logged-in person's own accessibility preferences. Nothing in the request can point
//! at someone else. An organisation's data is at `GET /api/organisation`.

use axum::extract::State;
use axum::Json;
use minsida_api::a11y::{AccessibilityPrefs, StoredAccessibilityPrefs};
use minsida_api::representation::{AccessLevel, Area, PartyKind};
use minsida_api::{ApiErrorBody, ContactDetails, ErrorCode, PersonalDetails, UpdateContactRequest};

use crate::accessibility;
use crate::audit::{self, AuditAction};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::persons::{self, Access};
use crate::routes::ApiJson;
use crate::AppState;

/// 404 for the person-only routes while the session acts for an organisation.
fn organisation_has_no_personal_details() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "the session acts for an organisation: its data is at GET /api/organisation",
    )
}

/// The registered data and contact details of the person the session acts for.
///
/// The logged-in person's own, or, when acting for another person, that person's (the
/// mandate must allow reading personal data). Not for organisations: see
/// `GET /api/organisation`.
#[utoipa::path(
    get,
    path = "/me",
    tag = "me",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Personal details", body = PersonalDetails),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone without a valid mandate to read personal data (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "The session acts for an organisation (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_personal_details(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<PersonalDetails>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::PersonalData, AccessLevel::Read).await?;
    if access.subject_kind() == PartyKind::Organisation {
        return Err(organisation_has_no_personal_details());
    }
    let details = persons::personal_details(&state.pool, &access)
        .await?
        .ok_or_else(|| {
            tracing::error!(
                session = session.session_ref(),
                "the session's subject person is missing"
            );
            ApiError::internal()
        })?;
    // No audit event, no data.
    let event = access
        .event(
            state.now_unix(),
            AuditAction::ReadPersonalDetails,
            "personal_details",
        )
        .object_id(access.subject())
        .session(&session);
    state.audit.record(&event).await?;
    Ok(Json(details))
}

/// Replace the contact details of the person the session acts for.
///
/// A missing or empty value removes it. Invalid input changes nothing and returns every
/// field error. When acting for another person the mandate must allow acting on personal
/// data. Not for organisations.
#[utoipa::path(
    put,
    path = "/me/contact",
    tag = "me",
    request_body = UpdateContactRequest,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The stored, normalised contact details", body = ContactDetails),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone without a valid mandate to act on personal data (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "The session acts for an organisation (`not_found`)", body = ApiErrorBody),
        (status = 413, description = "Body too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Invalid `email` and/or `mobile` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn update_contact_details(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(request): ApiJson<UpdateContactRequest>,
) -> Result<Json<ContactDetails>, ApiError> {
    let access =
        Access::for_request(&state, &session, Area::PersonalData, AccessLevel::Act).await?;
    if access.subject_kind() == PartyKind::Organisation {
        return Err(organisation_has_no_personal_details());
    }
    let (email, mobile) = request.validate().map_err(ApiError::validation)?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let (details, changes) = persons::replace_contact_details(
        &mut tx,
        &access,
        email.as_deref(),
        mobile.as_deref(),
        now,
    )
    .await?;
    let event = access
        .event(now, AuditAction::UpdateContactDetails, "contact_details")
        .object_id(access.subject())
        .session(&session)
        .detail(changes);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(details))
}

/// The logged-in person's saved accessibility and language preferences.
///
/// Always the logged-in person's own display settings, also while acting for someone else.
/// `prefs` and `updated_at` are absent when nothing was ever saved (or what was saved can no
/// longer be read): the device's own choices then apply.
#[utoipa::path(
    get,
    path = "/me/accessibility",
    tag = "me",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The saved preferences, if any", body = StoredAccessibilityPrefs),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn get_accessibility_prefs(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<StoredAccessibilityPrefs>, ApiError> {
    let access = Access::own(&session);
    // No audit event: these are the person's own display settings, not register data, and
    // the SPA reads them on every start; the trail records every change (PUT) instead.
    Ok(Json(accessibility::load(&state.pool, &access).await?))
}

/// Save the logged-in person's accessibility and language preferences, replacing any saved
/// before (their own, also while acting for someone else).
///
/// Every field is optional and defaults as in `AccessibilityPrefs`, so a partial body saves
/// the defaults for the missing fields.
#[utoipa::path(
    put,
    path = "/me/accessibility",
    tag = "me",
    request_body = AccessibilityPrefs,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The stored preferences", body = StoredAccessibilityPrefs),
        (status = 400, description = "Malformed JSON or a value that is not one of the enum's (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 413, description = "Body too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Unsupported `language` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn update_accessibility_prefs(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(prefs): ApiJson<AccessibilityPrefs>,
) -> Result<Json<StoredAccessibilityPrefs>, ApiError> {
    prefs.validate().map_err(ApiError::validation)?;
    let access = Access::own(&session);
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let (stored, changes) = accessibility::replace(&mut tx, &access, &prefs, now).await?;
    let event = access
        .event(
            now,
            AuditAction::UpdateAccessibilityPrefs,
            "accessibility_prefs",
        )
        .object_id(access.subject())
        .session(&session)
        .detail(changes);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(stored))
}
