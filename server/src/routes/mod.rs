//! The JSON API under `/api`.

pub mod auth;
pub mod channels;
pub mod drafts;
pub mod grants;
pub mod health;
pub mod me;
pub mod messages;
pub mod parties;
pub mod session;
pub mod system;
pub mod system_representations;
pub mod terminal;
pub mod uploads;

use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;
use tower_http::limit::RequestBodyLimitLayer;

use crate::auth::csrf;
use crate::error::ApiError;
use crate::AppState;

/// Largest accepted request body.
pub const API_BODY_LIMIT: usize = 64 * 1024;

/// Path of the upload route inside the API router: the only citizen route that takes a raw
/// (non-JSON) body larger than [`API_BODY_LIMIT`].
pub const UPLOAD_PATH: &str = "/uploads";
/// Prefix of the system-to-system API inside the API router.
pub const SYSTEM_API_PREFIX: &str = "/system/v1";

/// The API router, to be nested under [`minsida_api::API_PREFIX`].
///
/// Three parts with their own body rules: the citizen JSON API (64 KiB, JSON only, CSRF
/// guard), the upload route (raw `application/octet-stream`, size limit enforced while
/// streaming by the handler, CSRF guard) and the system API (bearer key, no cookies, body
/// limit sized for ten base64 attachments).
pub fn router(state: AppState) -> Router {
    let citizen = Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(health::openapi))
        .route("/auth/providers", get(auth::providers))
        .route("/auth/test/persons", get(auth::test_persons))
        .route("/auth/test/login", post(auth::test_login))
        .route("/auth/logout", post(auth::logout))
        .route("/session", get(session::session))
        .route("/session/acting-as", put(session::switch_party))
        .route("/session/extend", post(session::extend))
        .route("/me", get(me::personal_details))
        .route("/me/contact", put(me::update_contact))
        .route(
            "/me/accessibility",
            get(me::accessibility_prefs).put(me::update_accessibility_prefs),
        )
        .route(
            "/me/channels",
            get(channels::get_channels).put(channels::put_channels),
        )
        .route("/me/channels/history", get(channels::get_history))
        .route(
            "/me/channels/verification",
            post(channels::start_verification),
        )
        .route(
            "/me/channels/verification/confirm",
            post(channels::confirm_verification),
        )
        .route("/me/notices", get(channels::get_notices))
        .route("/messages", get(messages::list_messages))
        .route("/messages/{id}", get(messages::get_message))
        .route("/messages/{id}/state", put(messages::update_state))
        .route("/matters", get(messages::list_matters))
        .route("/matters/{id}", get(messages::get_matter))
        .route("/matters/{id}/messages", post(messages::send_message))
        .route(
            "/matters/{id}/draft",
            get(drafts::get_draft)
                .put(drafts::save_draft)
                .delete(drafts::delete_draft),
        )
        .route("/uploads/{id}", delete(uploads::delete_upload))
        .route("/documents/{id}", get(uploads::download_document))
        .route("/me/parties", get(parties::parties))
        .route("/organisation", get(parties::organisation))
        .route("/me/access-log", get(parties::access_log))
        .route(
            "/me/grants",
            get(grants::list_grants).post(grants::create_grant),
        )
        .route("/me/grants/{id}", delete(grants::revoke_grant))
        .route("/terminal", get(terminal::status))
        .route("/terminal/enroll", post(terminal::enroll))
        .route("/terminal/unenroll", post(terminal::unenroll))
        .route(
            "/terminal/help",
            get(terminal::get_help)
                .post(terminal::request_help)
                .delete(terminal::cancel_help),
        )
        .route("/terminal/step", put(terminal::update_step))
        .layer(RequestBodyLimitLayer::new(API_BODY_LIMIT));
    let upload = Router::new().route(UPLOAD_PATH, post(uploads::upload));
    let system_api = Router::new()
        .route("/matters", post(system::create_matter))
        .route("/matters/{id}/status", put(system::set_status))
        .route(
            "/matters/{id}/supplement-requests",
            post(system::create_supplement_request),
        )
        .route("/matters/{id}/submissions", get(system::submissions))
        .route("/messages", post(system::deliver_message))
        .route("/messages/{id}/receipt", get(system::read_receipt))
        .route("/documents/{id}", get(system::download_document))
        .route("/terminals", get(terminal::staff_terminals))
        .route(
            "/representations",
            get(system_representations::list_representations)
                .post(system_representations::create_representation),
        )
        .route(
            "/representations/{id}",
            delete(system_representations::revoke_representation),
        )
        .route(
            "/persons/{personal_number}/channel-preferences",
            get(system::channel_preferences),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(state.config.system_body_limit()));
    Router::new()
        .merge(citizen)
        .merge(upload)
        .nest(SYSTEM_API_PREFIX, system_api)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(middleware::from_fn(api_responses))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::not_found()
}

/// Every API response: `Cache-Control: no-store`, and errors produced outside our handlers
/// (axum's 405, the body limit's 413, ...) turned into JSON [`minsida_api::ApiErrorBody`]s.
async fn api_responses(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let mut response = if (status.is_client_error() || status.is_server_error()) && !is_json {
        let (mut parts, _) = response.into_parts();
        let mut replacement = ApiError::from_status(status).into_response();
        // Keep headers such as `Allow` on a 405.
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        for (name, value) in parts.headers.drain().filter_map(|(n, v)| n.map(|n| (n, v))) {
            replacement.headers_mut().entry(name).or_insert(value);
        }
        replacement
    } else {
        response
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `Json` whose rejections are [`ApiError`]s: 400 for malformed JSON or JSON of the wrong
/// shape, 415 for a wrong content type, 413 for a too large body.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(rejection.into()),
        }
    }
}
