//! Liveness and the API description.

use axum::extract::State;
use axum::Json;
use minsida_api::{ApiErrorBody, Health};

use crate::AppState;

/// Liveness check, with the size of the database's write-ahead log and the last checkpoint.
#[utoipa::path(
    get,
    path = "/health",
    tag = "system",
    responses((status = 200, description = "The server is up", body = Health))
)]
pub async fn get_health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        database: state.wal.health(),
    })
}

/// This OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "system",
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object),
        (status = 500, description = "Internal error", body = ApiErrorBody)
    )
)]
pub async fn get_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document())
}
