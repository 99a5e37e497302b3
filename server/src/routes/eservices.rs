//! E-services for the party the session acts for (`/api/eservices`): the services it may use,
//! a service with what the agency already knows and the saved draft, saving the draft on
//! every step, and sending. Every request needs `act` in `matters` when acting for someone
//! else (sending opens a matter), and a service whose audience does not include the acting
//! party is as unknown as a missing one (404).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use minsida_api::eservices::{
    check_answers, Answer, Answers, EServiceDraft, EServiceForm, EServiceList, EServiceReceipt,
    EServiceSummary, SaveEServiceDraft, ServiceDefinition, SubmitEService,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, ErrorCode, FieldError, FieldErrorCode};

use crate::audit::AuditAction;
use crate::auth::session::format_unix;
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::eservices::submit::{self, Submitted};
use crate::eservices::{self, prefill, ServiceRow};
use crate::messaging::documents::DocumentRow;
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::{messaging, parties, AppState};

/// The latest version of a service the acting party may use now, with its definition.
async fn usable_service(
    state: &AppState,
    access: &Access,
    service_id: &str,
) -> Result<(ServiceRow, ServiceDefinition), ApiError> {
    let mut conn = state.pool.acquire().await?;
    let row = eservices::latest(&mut conn, service_id)
        .await?
        .filter(|r| r.withdrawn_at.is_none())
        .ok_or_else(ApiError::not_found)?;
    let definition = row.definition().map_err(|e| {
        tracing::error!(service = service_id, %e, "a stored e-service definition does not parse");
        ApiError::internal()
    })?;
    if !eservices::may_use(&definition.audience, access) {
        return Err(ApiError::not_found());
    }
    Ok((row, definition))
}

/// The e-services the party the session acts for may use, with its drafts and when it last
/// sent each.
#[utoipa::path(
    get,
    path = "/eservices",
    tag = "eservices",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The services", body = EServiceList),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody)
    )
)]
pub async fn list_eservices(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<Json<EServiceList>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let mut conn = state.pool.acquire().await?;
    let rows = eservices::open_services(&mut conn).await?;
    let activity = eservices::party_activity(&mut conn, access.subject()).await?;
    let services = rows
        .iter()
        .filter_map(|row| {
            let d = row.definition().ok()?;
            if !eservices::may_use(&d.audience, &access) {
                return None;
            }
            let (draft, sent) = activity.get(&row.service_id).copied().unwrap_or_default();
            Some(EServiceSummary {
                id: row.service_id.clone(),
                title: d.title,
                summary: d.summary,
                easy_read_summary: d.easy_read_summary,
                category: d.category,
                handler: d.handler,
                draft_saved_at: draft.map(format_unix),
                last_submitted_at: sent.map(format_unix),
            })
        })
        .collect();
    Ok(Json(EServiceList { services }))
}

/// A service to fill in: its latest definition, what the agency already has about the party
/// (prefill), and the party's saved draft (answers to questions the version no longer has
/// left out). Reading the prefilled register data is logged like any look at personal data.
#[utoipa::path(
    get,
    path = "/eservices/{id}",
    tag = "eservices",
    params(("id" = String, Path, description = "Service id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The service", body = EServiceForm),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such service open to the party (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn get_eservice(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<String>,
) -> Result<Json<EServiceForm>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let (row, definition) = usable_service(&state, &access, &id).await?;
    let now = state.now_unix();
    let mut conn = state.pool.acquire().await?;
    let prefill = prefill::prefill(
        &mut conn,
        &state.keys,
        &access,
        &row.service_id,
        &definition,
    )
    .await?;
    let draft =
        match eservices::draft(&mut conn, &state.keys, access.subject(), &row.service_id).await? {
            None => None,
            Some((answers, saved_at)) => {
                let mut answers = known_answers(&definition, answers);
                // Files sent or expired since are no longer part of the draft.
                let ids = eservices::upload_ids(answers.values());
                let pending = eservices::pending_uploads(&mut conn, access.subject(), &ids).await?;
                for answer in answers.values_mut() {
                    if let Answer::Uploads(ids) = answer {
                        ids.retain(|id| pending.iter().any(|d| d.id == *id));
                    }
                }
                Some(EServiceDraft {
                    answers,
                    saved_at: format_unix(saved_at),
                    uploads: pending.iter().map(DocumentRow::info).collect(),
                })
            }
        };
    let party_name = parties::party(&mut conn, access.subject())
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    drop(conn);
    let event = access
        .event(now, AuditAction::ReadEServiceForm, "eservice")
        .session(&session)
        .detail(serde_json::json!({
            "service": row.service_id,
            "version": row.version,
            "prefilled": prefill.keys().collect::<Vec<_>>(),
            "draft": draft.is_some(),
        }));
    state.audit.record(&event).await?;
    Ok(Json(EServiceForm {
        id: row.service_id,
        version: row.version,
        definition,
        prefill,
        draft,
        today: messaging::today(now),
        party_name,
    }))
}

/// The answers to questions the definition has; the rest is dropped.
fn known_answers(definition: &ServiceDefinition, mut answers: Answers) -> Answers {
    answers.retain(|id, _| {
        definition
            .pages
            .iter()
            .any(|p| p.questions.iter().any(|q| &q.id == id))
    });
    answers
}

/// Save the answers so far as the party's draft of the service (replacing the one before).
/// A draft may be incomplete or wrong: it is not checked against the questions' rules, only
/// kept. Answers to questions the service does not have are dropped. The uploads of a file
/// answer must be the party's own unsent ones, each once (as when sending); they are kept
/// past the usual 24 hours of pending uploads while the draft lives (30 days after its last
/// change).
#[utoipa::path(
    put,
    path = "/eservices/{id}/draft",
    tag = "eservices",
    params(("id" = String, Path, description = "Service id")),
    request_body = SaveEServiceDraft,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 200, description = "Saved", body = EServiceDraft),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters` (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such service open to the party (`not_found`); an upload in a file answer that is not the party's unsent upload, or named twice (`not_found`, field `answers.<question>`: `unknown_upload`)", body = ApiErrorBody),
        (status = 413, description = "The body is larger than 64 KiB (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn save_eservice_draft(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SaveEServiceDraft>,
) -> Result<Json<EServiceDraft>, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let (row, definition) = usable_service(&state, &access, &id).await?;
    let now = state.now_unix();
    let party = access.subject();
    let answers = known_answers(&definition, request.answers);
    let mut tx = crate::db::begin_write(&state.pool).await?;
    // Only the party's own unsent uploads, each once.
    let mut errors = Vec::new();
    let mut uploads = Vec::new();
    for (question, answer) in &answers {
        if let Answer::Uploads(ids) = answer {
            let pending = eservices::pending_uploads(&mut tx, party, ids).await?;
            let mut distinct = ids.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if pending.len() != ids.len() || distinct.len() != ids.len() {
                errors.push(FieldError {
                    field: format!("answers.{question}"),
                    code: FieldErrorCode::UnknownUpload,
                });
            }
            uploads.extend(pending.iter().map(DocumentRow::info));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    eservices::save_draft(
        &mut tx,
        &state.keys,
        party,
        access.actor(),
        &row.service_id,
        &answers,
        now,
    )
    .await?;
    let event = access
        .event(now, AuditAction::SaveEServiceDraft, "eservice")
        .session(&session)
        .detail(serde_json::json!({ "service": row.service_id, "answers": answers.len() }));
    crate::audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(Json(EServiceDraft {
        answers,
        saved_at: format_unix(now),
        uploads,
    }))
}

/// Throw away the party's draft of the service ("start over").
#[utoipa::path(
    delete,
    path = "/eservices/{id}/draft",
    tag = "eservices",
    params(("id" = String, Path, description = "Service id")),
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters` (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such service open to the party, or no draft of it (`not_found`)", body = ApiErrorBody)
    )
)]
pub async fn delete_eservice_draft(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let (row, _) = usable_service(&state, &access, &id).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    if !eservices::delete_draft(&mut tx, access.subject(), &row.service_id).await? {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "there is no draft of this service",
        ));
    }
    let event = access
        .event(now, AuditAction::DeleteEServiceDraft, "eservice")
        .session(&session)
        .detail(serde_json::json!({ "service": row.service_id }));
    crate::audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send the answers. They are checked again against the version the person answered, which
/// must still be the latest: every shown question's rules, the rules between answers, that
/// every answer is to a question of the service (answers to questions hidden by an earlier
/// answer are dropped, not sent). Sending opens a matter of the agency system that publishes
/// the service, puts the answers (and files) in the sent folder and a receipt in the inbox,
/// and deletes the draft. The same `idempotency_key` again answers 200 with the first
/// submission's receipt and makes nothing new.
#[utoipa::path(
    post,
    path = "/eservices/{id}/submissions",
    tag = "eservices",
    params(("id" = String, Path, description = "Service id")),
    request_body = SubmitEService,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "Sent; the receipt", body = EServiceReceipt),
        (status = 200, description = "Sent before with this idempotency key; that receipt", body = EServiceReceipt),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters` (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such service open to the party (`not_found`); an upload in a file answer that is not the party's unsent upload (`not_found`, field `answers.<question>`: `unknown_upload`)", body = ApiErrorBody),
        (status = 409, description = "The service has a newer version than the one answered (`conflict`): load it again", body = ApiErrorBody),
        (status = 413, description = "The body is larger than 64 KiB (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `idempotency_key` `invalid_value`; `answers.<question>` (or `answers.<question>.<street|postal_code|town|care_of>` for addresses) with `required`, `too_long`, `invalid_value`, `out_of_range`, `invalid_date`, `invalid_email`, `invalid_phone`, `invalid_personal_number`, `invalid_organisation_number` or `too_many_documents`, by the service's published rules", body = ApiErrorBody)
    )
)]
pub async fn submit_eservice(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SubmitEService>,
) -> Result<(StatusCode, Json<EServiceReceipt>), ApiError> {
    request.validate().map_err(ApiError::validation)?;
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let (row, definition) = usable_service(&state, &access, &id).await?;
    // A retried request is answered before anything else is checked: the service may have
    // changed since the first one was accepted.
    let mut conn = state.pool.acquire().await?;
    if let Some(first) =
        eservices::submission_by_key(&mut conn, access.subject(), &request.idempotency_key).await?
    {
        let receipt = submit::receipt(&mut conn, &first, &row.title).await?;
        return Ok((StatusCode::OK, Json(receipt)));
    }
    drop(conn);
    if request.version != row.version {
        return Err(ApiError::conflict(
            "the service has changed since it was loaded; load it again",
        ));
    }
    let today = parties::today_ymd(state.now_unix());
    let answers =
        check_answers(&definition, &request.answers, today).map_err(ApiError::validation)?;
    let result = submit::submit(
        &state,
        &session,
        &access,
        &row,
        &definition,
        &answers,
        &request.idempotency_key,
    )
    .await;
    match result {
        Ok(Submitted::Created(receipt)) => Ok((StatusCode::CREATED, Json(receipt))),
        Ok(Submitted::Again(receipt)) => Ok((StatusCode::OK, Json(receipt))),
        Err(e) => {
            // Two requests with one key at once: the second loses on the unique key, and
            // answers with the first one's receipt.
            let mut conn = state.pool.acquire().await?;
            match eservices::submission_by_key(
                &mut conn,
                access.subject(),
                &request.idempotency_key,
            )
            .await?
            {
                Some(first) => Ok((
                    StatusCode::OK,
                    Json(submit::receipt(&mut conn, &first, &row.title).await?),
                )),
                None => Err(e),
            }
        }
    }
}
