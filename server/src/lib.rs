//! Min sida server: the JSON API, sessions, audit trail and hosting of the single-page app.
//!
//! [`app`] builds the complete router; `main.rs` and the integration tests both use it.

pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod openapi;
pub mod persons;
pub mod routes;
pub mod security;
pub mod spa;

use std::sync::Arc;

use axum::middleware;
use axum::Router;
use sqlx::SqlitePool;
use time::OffsetDateTime;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::IdentityProviders;
use crate::config::Config;
use crate::security::SecurityHeaders;

/// Source of the current time. Injectable so that tests can move time (session timeouts).
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The real clock.
pub fn system_clock() -> Clock {
    Arc::new(OffsetDateTime::now_utc)
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub config: Arc<Config>,
    pub providers: Arc<IdentityProviders>,
    pub clock: Clock,
}

impl AppState {
    /// State with the system clock and the identity providers the configuration enables.
    pub fn new(pool: SqlitePool, config: Config) -> Self {
        Self::with_clock(pool, config, system_clock())
    }

    /// State with the given clock.
    pub fn with_clock(pool: SqlitePool, config: Config, clock: Clock) -> Self {
        let providers = IdentityProviders::from_config(&config, &pool, &clock);
        Self {
            pool,
            config: Arc::new(config),
            providers: Arc::new(providers),
            clock,
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Current time in unix seconds.
    pub fn now_unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// The complete application: the API under `/api`, the SPA for everything else, security
/// headers on every response. Reads the SPA's `index.html` from the static directory once.
pub fn app(state: AppState) -> Router {
    let security = Arc::new(SecurityHeaders::from_config(&state.config));
    let spa = spa::Spa::load(&state.config.static_dir);
    Router::new()
        .nest(minsida_api::API_PREFIX, routes::router(state))
        .fallback_service(spa.into_router())
        .layer(middleware::from_fn_with_state(
            security,
            security::add_security_headers,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}
