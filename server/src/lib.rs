//! Min sida server: the JSON API, sessions, audit trail and hosting of the single-page app.
//!
//! [`app`] builds the complete router; `main.rs` and the integration tests both use it.

pub mod accessibility;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod channels;
pub mod client_addr;
pub mod config;
pub mod crypto;
pub mod dates;
pub mod db;
pub mod demo;
pub mod error;
pub mod eservices;
pub mod feedback;
pub mod keys;
pub mod limits;
pub mod messaging;
pub mod metrics;
pub mod openapi;
pub mod outbox;
pub mod parties;
pub mod persons;
pub mod representation;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod spa;
pub mod store;
pub mod systems;
pub mod terminals;
pub mod wal;

use std::sync::Arc;

use crate::db::Pool;
use axum::body::Body;
use axum::http::Request;
use axum::middleware;
use axum::Router;
use time::OffsetDateTime;
use tokio::sync::Notify;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::IdentityProviders;
use crate::config::Config;
use crate::crypto::KeyEncryptionKey;
use crate::security::SecurityHeaders;
use crate::store::DocumentStore;

/// Source of the current time. Injectable so that tests can move time (session timeouts).
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The real clock.
pub fn system_clock() -> Clock {
    Arc::new(OffsetDateTime::now_utc)
}

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub providers: Arc<IdentityProviders>,
    pub clock: Clock,
    /// The active key encryption key (documents and message bodies at rest); the keys of
    /// other purposes are derived from it ([`KeyEncryptionKey::derive_key`]).
    pub kek: Arc<KeyEncryptionKey>,
    /// The active key and the old ones still accepted for unwrapping (key rotation).
    pub keys: Arc<crypto::KeyRing>,
    /// Where document ciphertext is kept.
    pub store: Arc<dyn DocumentStore>,
    /// Writes the audit events of reads in group commits ([`audit::writer`]).
    pub audit: Arc<audit::writer::Writer>,
    /// Wakes the outbox worker ([`outbox::Worker`]) when something was queued.
    pub outbox_wake: Arc<Notify>,
    /// Wakes the e-service callback worker ([`eservices::callbacks::CallbackWorker`]).
    pub callbacks_wake: Arc<Notify>,
    /// The database's write-ahead log: its size, checkpoints ([`wal::run`]).
    pub wal: Arc<wal::WalMonitor>,
    /// Verifies agency systems' OAuth 2.0 access tokens, when an authorization server is
    /// configured.
    pub system_tokens: Option<Arc<systems::TokenVerifier>>,
    /// Abuse limits ([`limits`]).
    pub limits: limits::Limits,
}

impl AppState {
    /// State with the system clock and the identity providers the configuration enables.
    pub fn new(pool: Pool, config: Config) -> Self {
        Self::with_clock(pool, config, system_clock())
    }

    /// State with the given clock. Documents are stored in `<data-dir>/documents/`.
    ///
    /// # Panics
    /// When no document key is configured and the key file in the data directory can neither
    /// be read nor created; `main` resolves the key first (see [`resolve_document_key`]) so
    /// that it can report the error.
    pub fn with_clock(pool: Pool, mut config: Config, clock: Clock) -> Self {
        if config.document_key.is_none() {
            let (key, _) = KeyEncryptionKey::load_or_create(&config.data_dir)
                .unwrap_or_else(|e| panic!("no document key: {e}"));
            config.document_key = Some(key);
        }
        let kek = config.document_key.clone().expect("set above");
        let store = store::from_config(&config)
            .unwrap_or_else(|e| panic!("the document store cannot be set up: {e}"));
        Self::with_store(pool, config, clock, kek, store)
    }

    /// State with every part given.
    pub fn with_store(
        pool: Pool,
        config: Config,
        clock: Clock,
        kek: KeyEncryptionKey,
        store: Arc<dyn DocumentStore>,
    ) -> Self {
        let providers = IdentityProviders::from_config(&config, &pool, &clock, &kek);
        let wal = Arc::new(wal::WalMonitor::new(&pool, wal::WalPolicy::default()));
        let audit = Arc::new(audit::writer::Writer::new(pool.clone()));
        let system_requests_per_minute = config.system_requests_per_minute;
        let system_tokens = config
            .oauth
            .as_ref()
            .map(|c| Arc::new(systems::TokenVerifier::new(c)));
        let keys = Arc::new(crypto::KeyRing::new(
            kek.clone(),
            config.old_document_keys.iter().cloned(),
        ));
        Self {
            pool,
            config: Arc::new(config),
            providers: Arc::new(providers),
            clock,
            kek: Arc::new(kek),
            keys,
            store,
            audit,
            outbox_wake: Arc::new(Notify::new()),
            callbacks_wake: Arc::new(Notify::new()),
            wal,
            system_tokens,
            limits: limits::Limits {
                system_requests: limits::Limit {
                    max: system_requests_per_minute,
                    window_secs: 60,
                },
                ..limits::Limits::default()
            },
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Current time in unix seconds.
    pub fn now_unix(&self) -> i64 {
        self.now().unix_timestamp()
    }

    /// Tell the outbox worker that rows were queued (call after the commit). If it is busy,
    /// it looks again as soon as it is done.
    pub fn wake_outbox(&self) {
        self.outbox_wake.notify_one();
    }

    /// Tell the e-service callback worker that a callback was queued (after the commit).
    pub fn wake_callbacks(&self) {
        self.callbacks_wake.notify_one();
    }
}

/// Make sure the configuration has a document key: the configured one, or the key file in
/// the data directory, created on first start (with a loud warning: production must provide
/// its own key, kept apart from the data).
pub fn resolve_document_key(config: &mut Config) -> Result<(), String> {
    if config.document_key.is_some() {
        return Ok(());
    }
    let (key, created) = KeyEncryptionKey::load_or_create(&config.data_dir)?;
    let path = config.data_dir.join(crypto::KEY_FILE);
    if created {
        tracing::warn!(
            path = %path.display(),
            "generated a new document encryption key. Production must provide its own key \
             (--document-key / MINSIDA_DOCUMENT_KEY) from a secret store, apart from the data"
        );
    } else {
        tracing::warn!(
            path = %path.display(),
            "using the document encryption key file in the data directory; production should \
             provide --document-key / MINSIDA_DOCUMENT_KEY instead"
        );
    }
    config.document_key = Some(key);
    Ok(())
}

/// The complete application: the API under `/api`, the SPA for everything else, security
/// headers on every response, a request id ([`request_id`]) and latency metrics
/// ([`metrics::track`]) for every request. Reads the SPA's `index.html` from the static
/// directory once.
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
        .layer(middleware::from_fn(metrics::track))
        .layer(middleware::from_fn(request_id::scope))
        .layer(PropagateRequestIdLayer::new(request_id::HEADER))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id::HEADER, MakeRequestUuid))
        .layer(middleware::from_fn(request_id::drop_malformed))
}

/// The span of a request, with its id (set by `SetRequestIdLayer` before the span is made).
fn request_span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(request_id::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // The route's template, never the path or query as sent: those can carry personal
    // identity numbers (system API paths, `?represented=`), search words and login codes,
    // which the log must not hold (the audit trail records access, without them).
    let route = match request.extensions().get::<axum::extract::MatchedPath>() {
        Some(p) if !p.as_str().contains("__private__") => p.as_str().to_owned(),
        _ if request.uri().path().starts_with(minsida_api::API_PREFIX) => {
            "(no API route)".to_owned()
        }
        // The SPA's files and pages: their paths name no one.
        _ => request.uri().path().to_owned(),
    };
    tracing::info_span!(
        "request",
        method = %request.method(),
        route = %route,
        version = ?request.version(),
        request_id = %id,
    )
}
