//! Documents of a system's messages and matters.

use axum::extract::{Path, State};
use axum::response::Response;
use minsida_api::ApiErrorBody;

use crate::audit::{AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::messaging::documents;
use crate::systems::{scope, Authorized};
use crate::AppState;

/// Download a document of a message this system delivered or that was sent in one of its
/// matters. Same headers and integrity check as the person's download.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "system-api",
    params(("id" = i64, Path, description = "Document id")),
    security(("bearer" = []), ("oauth2" = ["minsida:matters.read"])),
    responses(
        (status = 200, description = "The document, as an attachment with the detected content type",
            content(
                (String = "application/pdf"),
                (String = "image/jpeg"),
                (String = "image/png"),
            )),
        (status = 401, description = "Missing, unknown or revoked API key, or an invalid or expired access token (`unauthenticated`)", body = ApiErrorBody),
        (status = 403, description = "The access token lacks this operation's scope (`forbidden`; `WWW-Authenticate: Bearer error=\"insufficient_scope\"` names it)", body = ApiErrorBody),
        (status = 429, description = "The system's request limit is reached (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until requests are allowed again"))),
        (status = 404, description = "No such document for this system (`not_found`)", body = ApiErrorBody),
        (status = 500, description = "The stored document failed its integrity check (`integrity_error`)", body = ApiErrorBody)
    )
)]
pub async fn download_system_document(
    State(state): State<AppState>,
    system: Authorized<scope::MattersRead>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let row: documents::DocumentRow = sqlx::query_as(&format!(
        "SELECT {} FROM documents d JOIN messages m ON m.id = d.message_id \
         WHERE d.id = $1 AND m.system_id = $2",
        documents::DOCUMENT_COLUMNS
    ))
    .bind(id)
    .bind(system.id)
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(ApiError::not_found)?;
    let event = AuditEvent::system(
        state.now_unix(),
        AuditAction::SystemDownloadDocument,
        "document",
        system.id,
        Some(row.person_id),
    )
    .object_id(id)
    .detail(serde_json::json!({ "message": row.message_id }));
    state.audit.record(&event).await?;
    let bytes = documents::load_verified(&state, &row).await?;
    Ok(documents::download_response(&row, bytes))
}
