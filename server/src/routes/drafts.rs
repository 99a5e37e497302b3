//! Drafts of messages in the matters of the party the session acts for
//! (`/api/matters/{id}/draft`), for every session: the SPA saves what is typed as it goes, so
//! an idle timeout, an extension or a new login loses nothing. A draft belongs to the party,
//! like the matter, the uploads and the message it becomes: a signatory's draft in the
//! company's matter is the company's draft ([`Access::for_request`]: reading needs `read` in
//! `matters`, saving and discarding `act`, as sending does). The matter must be the party's
//! (404 otherwise, exactly like a missing one), so nobody can reach another party's draft by
//! changing the id.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::terminal::{Draft, StoredDraft};
use minsida_api::{ApiErrorBody, ErrorCode};

use crate::audit::{self, AuditAction};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::messaging::{self, drafts};
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::AppState;

fn no_draft() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "there is no draft in this matter")
}

/// The saved draft in a matter of the party the session acts for, as it can be resumed now:
/// uploads that were sent or have expired are left out, and a request to supplement that no
/// longer waits for an answer is dropped.
#[utoipa::path(
    get,
    path = "/matters/{id}/draft",
    tag = "matters",
    params(("id" = i64, Path, description = "Matter id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The draft", body = StoredDraft),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `read` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of the party, or no draft in it (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_draft(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(matter_id): Path<i64>,
) -> Result<Json<StoredDraft>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Read).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    messaging::person_matter(&mut conn, access.subject(), matter_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let stored = drafts::load(&mut conn, &state.keys, access.subject(), matter_id, now)
        .await?
        .ok_or_else(no_draft)?;
    let event = access
        .event(now, AuditAction::ReadDraft, "draft")
        .object_id(matter_id)
        .session(&session);
    state.audit.record(&event).await?;
    Ok(Json(stored))
}

/// Save (create or replace) the draft in a matter of the party the session acts for.
///
/// Checked like sending, except that nothing is required: at most the subject and body
/// lengths of a message, the request to supplement must be one of this matter that still
/// waits for the party's answer, and the uploads must be the party's own, not yet sent,
/// each once and at most as many as a message may carry. Uploads in a draft are kept past
/// the usual 24 hours of pending uploads for as long as the draft lives (7 days after its
/// last change).
#[utoipa::path(
    put,
    path = "/matters/{id}/draft",
    tag = "matters",
    params(("id" = i64, Path, description = "Matter id")),
    request_body = Draft,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "Saved; the draft as stored", body = StoredDraft),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of the party (`not_found`), or `upload_ids`: `unknown_upload` (`not_found`, with the field)", body = ApiErrorBody),
        (status = 409, description = "The matter is decided or closed (`conflict`), or `supplement_request_id`: `request_not_open` (`conflict`, with the field)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `subject` `too_long`, `body` `too_long`, `upload_ids` `too_many_documents`", body = ApiErrorBody)
    )
)]
pub async fn save_draft(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(matter_id): Path<i64>,
    ApiJson(draft): ApiJson<Draft>,
) -> Result<Json<StoredDraft>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let party = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let matter = messaging::person_matter(&mut tx, party, matter_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !matter.status().is_open() {
        return Err(ApiError::conflict("the matter is decided or closed"));
    }
    let errors = drafts::validate(&mut tx, party, matter_id, &draft, now).await?;
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    drafts::save(&mut tx, &state.keys, party, matter_id, &draft, now).await?;
    let event = access
        .event(now, AuditAction::SaveDraft, "draft")
        .object_id(matter_id)
        .session(&session)
        .detail(serde_json::json!({
            "documents": draft.upload_ids,
            "supplement_request": draft.supplement_request_id,
        }));
    audit::record(&mut *tx, &event).await?;
    let stored = drafts::load(&mut tx, &state.keys, party, matter_id, now)
        .await?
        .ok_or_else(ApiError::internal)?;
    tx.commit().await?;
    Ok(Json(stored))
}

/// Discard the draft in a matter of the party the session acts for. Idempotent: 204 also
/// when there was none. The uploads it listed stay until sent, removed or expired.
#[utoipa::path(
    delete,
    path = "/matters/{id}/draft",
    tag = "matters",
    params(("id" = i64, Path, description = "Matter id")),
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "No draft any more"),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such matter of the party (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn delete_draft(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(matter_id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let party = access.subject();
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    messaging::person_matter(&mut tx, party, matter_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if drafts::delete(&mut tx, party, matter_id).await? {
        let event = access
            .event(now, AuditAction::DeleteDraft, "draft")
            .object_id(matter_id)
            .session(&session);
        audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
