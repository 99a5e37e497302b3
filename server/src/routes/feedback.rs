//! The person's voice: feedback, logged in or not, and the satisfaction question after a
//! submission (see [`crate::feedback`] for what is stored).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use minsida_api::feedback::{FeedbackReceipt, FeedbackRequest, ReplyChannel, SatisfactionAnswer};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::ApiErrorBody;

use crate::audit::{AuditAction, AuditEvent};
use crate::auth::session::{format_unix, MaybeSession};
use crate::auth::CurrentSession;
use crate::client_addr::{self, ClientAddr};
use crate::error::ApiError;
use crate::limits::{self, Hit};
use crate::persons::Access;
use crate::routes::ApiJson;
use crate::{feedback, messaging, AppState};

/// Give feedback: praise, a suggestion, a complaint or an error report. Works logged out as
/// well. The identity is kept only when the person asks for an answer in Min sida or ties the
/// feedback to one of their matters; an e-mail address or phone number only when they ask for
/// an answer that way. Limited per client address.
#[utoipa::path(
    post,
    path = "/feedback",
    tag = "feedback",
    request_body = FeedbackRequest,
    security((), ("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "Received; the reference to quote", body = FeedbackReceipt),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token with a session, or cross-site request (`csrf_failed`); acting for someone whose mandate does not cover the matter or the inbox (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "`matter_id` is not a matter of the party the session acts for, or `service_id` is not an e-service open now (`not_found`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `kind` `required`, `text` `required`/`too_long`, `email` `required`/`invalid_email`, `phone` `required`/`invalid_phone`, `name` `too_long`, `language` `invalid_value`, `service_id` `invalid_value`, `reply`/`matter_id` `invalid_value` (logged out)", body = ApiErrorBody),
        (status = 429, description = "Too much feedback from this client address (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until feedback is accepted again")))
    )
)]
pub async fn give_feedback(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    MaybeSession(session): MaybeSession,
    ApiJson(request): ApiJson<FeedbackRequest>,
) -> Result<(StatusCode, Json<FeedbackReceipt>), ApiError> {
    let now = state.now_unix();
    let checked = request
        .validate(session.is_some())
        .map_err(ApiError::validation)?;
    // Who the person chose to be known as: the party of the matter, or the party whose inbox
    // gets the answer. Nobody otherwise.
    let access = match &session {
        Some(s) if checked.matter_id.is_some() => {
            Some(Access::for_request(&state, s, Area::Matters, AccessLevel::Read).await?)
        }
        Some(s) if checked.reply == ReplyChannel::MinSida => {
            Some(Access::for_request(&state, s, Area::Messages, AccessLevel::Read).await?)
        }
        _ => None,
    };
    if let Some(ip) = client {
        let limit = state.limits.feedback_per_client;
        let bucket =
            limits::keyed_bucket(&state.kek, "feedback-client", &client_addr::counted_as(ip));
        if let Hit::Refused { retry_after, first } =
            limits::hit(&state.pool, &bucket, limit, now).await?
        {
            if first {
                let event = AuditEvent::anonymous(now, AuditAction::RateLimited, "feedback", None)
                    .detail(limit.audit_detail("feedback_per_client"));
                state.audit.record(&event).await?;
                tracing::warn!(client = %client_addr::counted_as(ip), "feedback from one client address reached the limit");
            }
            return Err(ApiError::rate_limited(
                "too much feedback from this address; wait and try again",
                retry_after,
            ));
        }
    }
    let mut tx = crate::db::begin_write(&state.pool).await?;
    // An e-service that is not published (or withdrawn) is as unknown as a missing one.
    if let Some(service) = &checked.service_id {
        let open = crate::eservices::latest(&mut tx, service)
            .await?
            .is_some_and(|s| s.withdrawn_at.is_none());
        if !open {
            return Err(ApiError::not_found());
        }
    }
    if let (Some(access), Some(matter)) = (&access, checked.matter_id) {
        // Another party's matter is as unknown as one that does not exist.
        if messaging::person_matter(&mut tx, access.subject(), matter)
            .await?
            .is_none()
        {
            return Err(ApiError::not_found());
        }
    }
    let reference = feedback::insert(
        &mut tx,
        state.keys.active(),
        state.keys.active_id(),
        &checked,
        session.is_some(),
        access.as_ref().map(Access::subject),
        now,
    )
    .await?;
    if let (Some(access), Some(session)) = (&access, &session) {
        let event = access
            .event(now, AuditAction::GiveFeedback, "feedback")
            .session(session)
            .detail(serde_json::json!({
                "reference": reference,
                "matter": checked.matter_id,
                "service": checked.service_id,
                "reply": checked.reply.as_str(),
            }));
        crate::audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    tracing::info!(%reference, kind = checked.kind.as_str(), "feedback received");
    Ok((
        StatusCode::CREATED,
        Json(FeedbackReceipt {
            reference,
            received_at: format_unix(now),
        }),
    ))
}

/// Answer "How easy was this?" (1–5, optional comment) for a submission of the party the
/// session acts for, named by its receipt number. Once per submission; the answer is kept
/// without anything that names the person or the submission.
#[utoipa::path(
    post,
    path = "/satisfaction",
    tag = "feedback",
    request_body = SatisfactionAnswer,
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters` (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No submission of the party with this receipt number (`not_found`)", body = ApiErrorBody),
        (status = 409, description = "This submission has already been answered (`conflict`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field errors (`validation`): `receipt_number` `invalid_value` (not the shape of a receipt number), `rating` `required` (not 1–5), `comment` `too_long`", body = ApiErrorBody)
    )
)]
pub async fn answer_satisfaction(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    ApiJson(answer): ApiJson<SatisfactionAnswer>,
) -> Result<StatusCode, ApiError> {
    answer.validate().map_err(ApiError::validation)?;
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let service =
        feedback::submission_service(&mut tx, access.subject(), answer.receipt_number.trim())
            .await?
            .ok_or_else(ApiError::not_found)?;
    let answer = SatisfactionAnswer {
        receipt_number: answer.receipt_number.trim().to_string(),
        ..answer
    };
    let recorded = feedback::record_satisfaction(
        &mut tx,
        state.keys.active(),
        state.keys.active_id(),
        &service,
        &answer,
        now,
    )
    .await?;
    tx.commit().await?;
    if recorded {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::conflict(
            "this submission has already been answered",
        ))
    }
}
