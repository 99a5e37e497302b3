//! Prometheus metrics, served on a listener of their own (`--metrics-bind`), never on the
//! public one.
//!
//! - `http_request_duration_seconds` (histogram): time to the response head, labelled with
//!   the route template (axum's `MatchedPath`, e.g. `/api/messages/{id}`; never the raw path,
//!   which can hold a personal identity number), the method and the status class (`2xx`, ...).
//! - `minsida_outbox_queued` (gauge): e-mails and SMS waiting (pending or retrying);
//!   `minsida_outbox_due`: of those, the ones due now; `minsida_outbox_sending`: handed to the
//!   worker; `minsida_outbox_oldest_due_age_seconds`: how long the oldest due row has waited
//!   since it was queued (0 when none is due).
//! - `minsida_db_pool_connections` / `minsida_db_pool_idle_connections` /
//!   `minsida_db_pool_max_connections` (gauges): the SQLite pool.
//! - `minsida_documents_stored` / `minsida_documents_stored_bytes` (gauges): document rows in
//!   the database (sent documents and pending uploads), counted from the database, not the
//!   store.
//!
//! The gauges are read from the database when Prometheus scrapes.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics::Unit;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::AppState;

/// Name of the request latency histogram.
pub const REQUEST_DURATION: &str = "http_request_duration_seconds";

/// Buckets of the latency histogram, in seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often histograms are compacted between scrapes.
pub const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Install the process-wide Prometheus recorder (once; later calls return the same handle).
/// Until it is installed, recording costs next to nothing and goes nowhere.
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(REQUEST_DURATION.to_string()),
                    LATENCY_BUCKETS,
                )
                .expect("the latency buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder)
                .expect("no other metrics recorder is installed in this process");
            describe();
            handle
        })
        .clone()
}

fn describe() {
    metrics::describe_histogram!(
        REQUEST_DURATION,
        Unit::Seconds,
        "Time from the request to the response head, per route template, method and status class"
    );
    metrics::describe_gauge!(
        "minsida_outbox_queued",
        "E-mails and SMS waiting to be sent (pending or retrying)"
    );
    metrics::describe_gauge!(
        "minsida_outbox_due",
        "Queued e-mails and SMS whose time to be sent has come"
    );
    metrics::describe_gauge!(
        "minsida_outbox_sending",
        "E-mails and SMS handed to the worker"
    );
    metrics::describe_gauge!(
        "minsida_outbox_oldest_due_age_seconds",
        Unit::Seconds,
        "Time since the oldest due e-mail or SMS was queued (0 when none is due)"
    );
    metrics::describe_gauge!("minsida_db_pool_connections", "Open database connections");
    metrics::describe_gauge!(
        "minsida_db_pool_idle_connections",
        "Idle database connections"
    );
    metrics::describe_gauge!(
        "minsida_db_pool_max_connections",
        "Largest number of database connections"
    );
    metrics::describe_gauge!("minsida_documents_stored", "Documents in the database");
    metrics::describe_gauge!(
        "minsida_documents_stored_bytes",
        Unit::Bytes,
        "Plaintext size of the documents in the database"
    );
}

/// Record the latency of every request with its route template. Added by [`crate::app`]
/// as a route layer, so that the matched path is known.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| route_label(p.as_str()).to_string());
    let method = method_label(request.method());
    let start = Instant::now();
    let response = next.run(request).await;
    let status = match response.status().as_u16() / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    };
    metrics::histogram!(
        REQUEST_DURATION,
        "route" => route.unwrap_or_else(|| "unmatched".to_string()),
        "method" => method,
        "status" => status,
    )
    .record(start.elapsed().as_secs_f64());
    response
}

/// The route label: the template, except for the catch-all routes axum makes for nested
/// fallbacks, whose parameter name is private.
fn route_label(template: &str) -> &str {
    if template.contains("__private__") {
        "unmatched"
    } else {
        template
    }
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The router of the metrics listener: `GET /metrics` in Prometheus' text format.
pub fn router(state: AppState, handle: PrometheusHandle) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((state, handle))
}

async fn scrape(State((state, handle)): State<(AppState, PrometheusHandle)>) -> Response {
    if let Err(e) = update_gauges(&state).await {
        tracing::error!(error = %e, "cannot read the metrics from the database");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

#[allow(clippy::cast_precision_loss)]
async fn update_gauges(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now_unix();
    let (queued, due, oldest_due): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE next_attempt_at <= $1), \
         MIN(CASE WHEN next_attempt_at <= $1 THEN created_at END) \
         FROM outbox WHERE status IN ('pending', 'retrying')",
    )
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    let sending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sending'")
        .fetch_one(&state.pool)
        .await?;
    let (documents, bytes): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM documents")
            .fetch_one(&state.pool)
            .await?;
    metrics::gauge!("minsida_outbox_queued").set(queued as f64);
    metrics::gauge!("minsida_outbox_due").set(due as f64);
    metrics::gauge!("minsida_outbox_sending").set(sending as f64);
    metrics::gauge!("minsida_outbox_oldest_due_age_seconds")
        .set(oldest_due.map_or(0, |t| (now - t).max(0)) as f64);
    let pool = &state.pool;
    metrics::gauge!("minsida_db_pool_connections").set(f64::from(pool.size()));
    metrics::gauge!("minsida_db_pool_idle_connections").set(pool.num_idle() as f64);
    metrics::gauge!("minsida_db_pool_max_connections")
        .set(f64::from(pool.options().get_max_connections()));
    metrics::gauge!("minsida_documents_stored").set(documents as f64);
    metrics::gauge!("minsida_documents_stored_bytes").set(bytes as f64);
    Ok(())
}
