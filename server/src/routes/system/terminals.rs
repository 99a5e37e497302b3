//! The offices' staff view of the customer terminals. See [`crate::terminals`] for the model.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::terminal::StaffTerminals;
use minsida_api::{ApiErrorBody, FieldErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::limits;
use crate::routes::terminal::{rate_limited, refuse_key};
use crate::systems::{scope, Authorized};
use crate::terminals::{self, key_matches};
use crate::AppState;

/// The header that carries the office's key.
pub const OFFICE_KEY_HEADER: &str = "x-office-key";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// The office whose terminals to show (its id, e.g. `malmo`).
    #[param(
        required = true,
        min_length = 1,
        pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
    )]
    pub office: Option<String>,
}

/// The customer terminals of one office, for its staff: every active terminal with its open
/// help request, the visitor's step when they consented to share it, and whether a visit is in
/// progress. Never who the visitor is or any of their data.
///
/// Besides the system's credential, the office's key (the one its staff enroll terminals with)
/// is needed in `x-office-key`: a system sees the terminals of the offices whose keys it was
/// given, not every office's. A wrong key or an unknown office is refused the same way (403,
/// audited) and counted: after 10 wrong keys for an office within 15 minutes every attempt is
/// refused with 429 for the rest of the window.
///
/// Every read is audited (actor: the system). Each consented step shown is also audited with
/// the visitor as subject, so it appears in that person's own trail.
#[utoipa::path(
    get,
    path = "/terminals",
    tag = "system-api",
    params(StaffQuery, ("x-office-key" = String, Header, description = "The office's key")),
    security(("bearer" = []), ("oauth2" = ["minsida:terminals.read"])),
    responses(
        (status = 200, description = "The office's terminals, by name", body = StaffTerminals),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it), or an unknown office or a wrong office key (`forbidden`)", body = ApiErrorBody),
        (status = 422, description = "No `office` (`validation`, field `office`: `required`)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached, or too many wrong keys for this office (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn list_staff_terminals(
    State(state): State<AppState>,
    system: Authorized<scope::TerminalsRead>,
    Query(query): Query<StaffQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let now = state.now_unix();
    let Some(office_id) = query.office.filter(|o| !o.trim().is_empty()) else {
        return Err(ApiError::field("office", FieldErrorCode::Required));
    };
    let offices = state.config.effective_terminal_offices();
    let office = offices.iter().find(|o| o.id == office_id);
    if let Some(retry_after) = limits::blocked(
        &state.pool,
        &terminals::key_failure_bucket(office),
        state.limits.office_key_failures,
        now,
    )
    .await?
    {
        return Ok(rate_limited(retry_after));
    }
    let given = headers
        .get(OFFICE_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(office) = office.filter(|o| key_matches(Some(o), given)) else {
        return Ok(refuse_key(&state, "staff_view", office, None, Some(system.id), now).await);
    };
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let entries = terminals::staff_view(&mut tx, &state.config, &office.id, now).await?;
    let help = entries
        .iter()
        .filter(|e| e.terminal.help_requested_at.is_some())
        .count();
    let steps = entries.iter().filter(|e| e.terminal.step.is_some()).count();
    let event = AuditEvent::system(
        now,
        AuditAction::SystemReadTerminals,
        "terminals",
        system.id,
        None,
    )
    .detail(serde_json::json!({
        "office": office.id,
        "terminals": entries.len(),
        "help_requests": help,
        "steps_shown": steps,
    }));
    audit::record(&mut *tx, &event).await?;
    for entry in &entries {
        if let (Some(person), Some(step)) = (entry.step_of_person, entry.terminal.step) {
            let event = AuditEvent::system(
                now,
                AuditAction::SystemReadVisitStep,
                "visit_step",
                system.id,
                Some(person),
            )
            .object_id(entry.terminal.id)
            .terminal(entry.terminal.id)
            .detail(serde_json::json!({ "step": step.as_str() }));
            audit::record(&mut *tx, &event).await?;
        }
    }
    tx.commit().await?;
    Ok(Json(StaffTerminals {
        terminals: entries.into_iter().map(|e| e.terminal).collect(),
    })
    .into_response())
}
