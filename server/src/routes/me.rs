//! "Mina uppgifter": the logged-in person's own data. The subject is always the session's
//! person; nothing in the request can point at someone else.

use axum::extract::State;
use axum::Json;
use minsida_api::{ApiErrorBody, ContactDetails, PersonalDetails, UpdateContactRequest};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::persons::{self, Access};
use crate::routes::ApiJson;
use crate::AppState;

/// The person's registered data and contact details.
#[utoipa::path(
    get,
    path = "/api/me",
    tag = "me",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Personal details", body = PersonalDetails),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody)
    )
)]
pub async fn personal_details(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<PersonalDetails>, ApiError> {
    let access = Access::own(&session);
    let details = persons::personal_details(&state.pool, &access)
        .await?
        .ok_or_else(|| {
            tracing::error!(
                session = session.session_ref(),
                "the session's person is missing"
            );
            ApiError::internal()
        })?;
    // No audit event, no data.
    let event = AuditEvent::new(
        state.now_unix(),
        AuditAction::ReadPersonalDetails,
        "personal_details",
        access.actor(),
        access.subject(),
    )
    .object_id(access.subject())
    .session(&session);
    audit::record(&state.pool, &event).await?;
    Ok(Json(details))
}

/// Replace the contact details.
///
/// A missing or empty value removes it. Invalid input changes nothing and returns every
/// field error.
#[utoipa::path(
    put,
    path = "/api/me/contact",
    tag = "me",
    request_body = UpdateContactRequest,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "The stored, normalised contact details", body = ContactDetails),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 413, description = "Body too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Invalid `email` and/or `mobile` (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn update_contact(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(request): ApiJson<UpdateContactRequest>,
) -> Result<Json<ContactDetails>, ApiError> {
    let (email, mobile) = request.validate().map_err(ApiError::validation)?;
    let access = Access::own(&session);
    let now = state.now_unix();
    let mut tx = state.pool.begin().await?;
    let (details, changes) = persons::replace_contact_details(
        &mut tx,
        &access,
        email.as_deref(),
        mobile.as_deref(),
        now,
    )
    .await?;
    let event = AuditEvent::new(
        now,
        AuditAction::UpdateContactDetails,
        "contact_details",
        access.actor(),
        access.subject(),
    )
    .object_id(access.subject())
    .session(&session)
    .detail(changes);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(details))
}
