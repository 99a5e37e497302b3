//! Liveness, readiness and the API description.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use minsida_api::{ApiErrorBody, CheckStatus, Health, Liveness, Readiness};

use crate::AppState;

/// Longest time a readiness check may take before it counts as failed.
pub const READINESS_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

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

/// Liveness for an orchestrator: the process answers. Touches neither the database nor the
/// document store, so a slow dependency never gets a healthy instance restarted.
#[utoipa::path(
    get,
    path = "/health/live",
    tag = "system",
    responses((status = 200, description = "The process is alive", body = Liveness))
)]
pub async fn get_liveness() -> Json<Liveness> {
    Json(Liveness {
        status: "ok".to_string(),
    })
}

/// Readiness for a load balancer: the database answers a cheap query and the document store
/// can be written, each within 2 seconds. The reason of a failure is logged, not returned.
#[utoipa::path(
    get,
    path = "/health/ready",
    tag = "system",
    responses(
        (status = 200, description = "Ready: every check is `ok`", body = Readiness),
        (status = 503, description = "Not ready: the failed check says `failed`", body = Readiness)
    )
)]
pub async fn get_readiness(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = async {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&state.pool)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    };
    let store = async { state.store.check().await.map_err(|e| e.to_string()) };
    let (database, store) = tokio::join!(
        tokio::time::timeout(READINESS_CHECK_TIMEOUT, database),
        tokio::time::timeout(READINESS_CHECK_TIMEOUT, store)
    );
    let status = |name: &str, result: Result<Result<(), String>, _>| match result {
        Ok(Ok(())) => CheckStatus::Ok,
        Ok(Err(e)) => {
            tracing::warn!(check = name, error = %e, "not ready");
            CheckStatus::Failed
        }
        Err(_) => {
            tracing::warn!(check = name, "not ready: the check timed out");
            CheckStatus::Failed
        }
    };
    let readiness = Readiness {
        database: status("database", database),
        document_store: status("document_store", store),
        ready: false,
    };
    let ready =
        readiness.database == CheckStatus::Ok && readiness.document_store == CheckStatus::Ok;
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(Readiness { ready, ..readiness }))
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
