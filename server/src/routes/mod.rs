//! The JSON API under `/api`.

pub mod auth;
pub mod channels;
pub mod drafts;
pub mod eservices;
pub mod feedback;
pub mod grants;
pub mod health;
pub mod matters;
pub mod me;
pub mod messages;
pub mod oidc;
pub mod parties;
pub mod session;
mod strict_json;
pub mod system;
pub mod terminal;
pub mod uploads;

use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::de::DeserializeOwned;
use tower_http::limit::RequestBodyLimitLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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

/// Every route of the API with its OpenAPI description, relative to
/// [`minsida_api::API_PREFIX`]. Each handler is registered once, with [`routes!`], which
/// takes its path and method from the handler's `#[utoipa::path]`: the router and the
/// document cannot disagree.
///
/// Three parts with their own body rules: the citizen JSON API (64 KiB, JSON only), the upload
/// route (raw `application/octet-stream`, size limit enforced while streaming by the handler)
/// and the system API (bearer key, no cookies, body limit `system_body_limit`, sized for ten
/// base64 attachments). The CSRF guard and the error answers are added by [`router`], as they
/// need the state.
pub fn api_routes(system_body_limit: usize) -> OpenApiRouter<AppState> {
    let citizen = OpenApiRouter::new()
        .routes(routes!(health::get_health))
        .routes(routes!(health::get_liveness))
        .routes(routes!(health::get_readiness))
        .routes(routes!(health::get_openapi))
        .routes(routes!(auth::list_auth_providers))
        .routes(routes!(auth::list_test_persons))
        .routes(routes!(auth::log_in_test_person))
        .routes(routes!(auth::log_out))
        .routes(routes!(oidc::start_oidc_login))
        .routes(routes!(oidc::finish_oidc_login))
        .routes(routes!(session::get_session))
        .routes(routes!(session::switch_acting_party, session::stop_acting))
        .routes(routes!(session::extend_session))
        .routes(routes!(me::get_personal_details))
        .routes(routes!(me::update_contact_details))
        .routes(routes!(
            me::get_accessibility_prefs,
            me::update_accessibility_prefs
        ))
        .routes(routes!(
            channels::get_channel_preferences,
            channels::update_channel_preferences
        ))
        .routes(routes!(channels::get_channel_history))
        .routes(routes!(channels::start_verification))
        .routes(routes!(channels::confirm_verification))
        .routes(routes!(channels::list_notices))
        .routes(routes!(messages::list_messages))
        .routes(routes!(messages::get_message))
        .routes(routes!(messages::update_message_state))
        .routes(routes!(matters::list_matters))
        .routes(routes!(matters::get_matter))
        .routes(routes!(matters::send_message))
        .routes(routes!(
            drafts::get_draft,
            drafts::save_draft,
            drafts::delete_draft
        ))
        .routes(routes!(uploads::delete_upload))
        .routes(routes!(uploads::download_document))
        .routes(routes!(parties::list_parties))
        .routes(routes!(parties::get_organisation))
        .routes(routes!(parties::get_access_log))
        .routes(routes!(grants::list_grants, grants::create_grant))
        .routes(routes!(grants::revoke_grant))
        .routes(routes!(terminal::get_terminal_status))
        .routes(routes!(terminal::enroll_terminal))
        .routes(routes!(terminal::unenroll_terminal))
        .routes(routes!(
            terminal::help::get_help,
            terminal::help::request_help,
            terminal::help::cancel_help
        ))
        .routes(routes!(terminal::help::update_visit_step))
        .routes(routes!(feedback::give_feedback))
        .routes(routes!(feedback::answer_satisfaction))
        .routes(routes!(eservices::list_eservices))
        .routes(routes!(eservices::get_eservice))
        .routes(routes!(
            eservices::save_eservice_draft,
            eservices::delete_eservice_draft
        ))
        .routes(routes!(eservices::submit_eservice))
        .layer(RequestBodyLimitLayer::new(API_BODY_LIMIT));
    let upload = OpenApiRouter::new().routes(routes!(uploads::upload_document));
    let system_api = OpenApiRouter::new()
        .routes(routes!(system::matters::create_matter))
        .routes(routes!(system::matters::update_matter_status))
        .routes(routes!(system::matters::create_supplement_request))
        .routes(routes!(system::matters::list_submissions))
        .routes(routes!(system::messages::deliver_message))
        .routes(routes!(system::messages::get_read_receipt))
        .routes(routes!(system::documents::download_system_document))
        .routes(routes!(system::terminals::list_staff_terminals))
        .routes(routes!(
            system::representations::list_representations,
            system::representations::create_representation
        ))
        .routes(routes!(system::representations::revoke_representation))
        .routes(routes!(system::persons::get_person_channel_preferences))
        .routes(routes!(system::feedback::list_feedback))
        .routes(routes!(system::feedback::satisfaction_figures))
        .routes(routes!(system::feedback::satisfaction_comments))
        .routes(routes!(system::eservices::list_system_eservices))
        .routes(routes!(
            system::eservices::get_system_eservice,
            system::eservices::publish_eservice
        ))
        .routes(routes!(system::eservices::withdraw_eservice))
        .routes(routes!(system::eservices::list_eservice_submissions))
        .fallback(not_found)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(system_body_limit));
    OpenApiRouter::new()
        .merge(citizen)
        .merge(upload)
        .nest(SYSTEM_API_PREFIX, system_api)
}

/// The API router, to be nested under [`minsida_api::API_PREFIX`]: [`api_routes`] with the
/// CSRF guard on every part, JSON errors and `Cache-Control: no-store` on every answer.
pub fn router(state: AppState) -> Router {
    let (api, _) = api_routes(state.config.system_body_limit()).split_for_parts();
    api.fallback(not_found)
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
/// shape, 415 for a wrong content type, 413 for a too large body. The body is read with JSON
/// Schema's rules, as the OpenAPI document describes it ([`strict_json`]): `2.0` is an integer,
/// and an object is never given as an array.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(request, state)
            .await
            .map_err(ApiError::from)?;
        strict_json::from_value(value)
            .map(ApiJson)
            .map_err(|e| ApiError::bad_request(format!("unexpected JSON content: {e}")))
    }
}
