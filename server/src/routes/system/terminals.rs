//! The offices' staff view of the customer terminals. See [`crate::terminals`] for the model.

use axum::extract::State;
use axum::Json;
use minsida_api::terminal::StaffTerminals;
use minsida_api::ApiErrorBody;

use crate::audit::{self, AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::systems::{scope, Authorized};
use crate::terminals;
use crate::AppState;

/// The customer terminals, for the offices' staff: every active terminal with its open help
/// request, the visitor's step when they consented to share it, and whether a visit is in
/// progress. Never who the visitor is or any of their data.
///
/// Every read is audited (actor: the system). Each consented step shown is also audited with
/// the visitor as subject, so it appears in that person's own trail.
#[utoipa::path(
    get,
    path = "/terminals",
    tag = "system-api",
    security(("bearer" = []), ("oauth2" = ["minsida:terminals.read"])),
    responses(
        (status = 200, description = "The terminals, by office and name", body = StaffTerminals),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again")))
    )
)]
pub async fn list_staff_terminals(
    State(state): State<AppState>,
    system: Authorized<scope::TerminalsRead>,
) -> Result<Json<StaffTerminals>, ApiError> {
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let entries = terminals::staff_view(&mut tx, &state.config, now).await?;
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
    }))
}
