//! Login through an OpenID Connect provider: the two browser navigations of the authorization
//! code flow. Both answer with redirects, never JSON: the browser is on its way to the
//! provider, or back to the SPA (the page asked for, or the login page with `?login_error=`).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minsida_api::{ApiErrorBody, FieldErrorCode, LoginFailure};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::oidc::OidcLogin;
use crate::auth::session::read_cookie;
use crate::auth::{complete_login, VerifiedIdentity};
use crate::error::ApiError;
use crate::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// The local path to return to after login (default `/`; anything but a path on this
    /// site is ignored).
    pub next: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// The provider's error (`access_denied` when the person cancelled).
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// The issuer of the answer (RFC 9207), checked when present.
    pub iss: Option<String>,
}

fn redirect(location: &str, cookies: &[String]) -> Response {
    let mut response = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location.to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// The login page, telling why the login did not complete and keeping where the person was
/// going.
fn login_page(failure: LoginFailure, next: Option<&str>) -> String {
    let mut url = format!("/logga-in?{}={}", LoginFailure::QUERY, failure.as_str());
    if let Some(next) = next.filter(|n| *n != "/") {
        url.push_str("&next=");
        url.extend(form_urlencoded::byte_serialize(next.as_bytes()));
    }
    url
}

/// Start a login at an OpenID Connect provider.
///
/// Sends the browser to the provider's authorization endpoint (authorization code flow with
/// PKCE S256, `state` and `nonce`) and sets the login transaction cookie (`minsida_login`, or
/// `__Host-minsida_login` over https: HttpOnly, SameSite=Lax, 10 minutes). When the provider
/// cannot be reached, the browser goes back to the login page with `?login_error=failed`.
#[utoipa::path(
    get,
    path = "/auth/oidc/{provider}/start",
    tag = "auth",
    params(("provider" = String, Path, description = "The provider's id, as listed by `GET /api/auth/providers`"), StartQuery),
    responses(
        (status = 303, description = "To the provider (or back to the login page when it cannot be reached)",
            headers(("location" = String), ("set-cookie" = String, description = "The login transaction cookie"))),
        (status = 404, description = "No such provider (`provider_disabled`)", body = ApiErrorBody)
    )
)]
pub async fn start_oidc_login(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<StartQuery>,
) -> Result<Response, ApiError> {
    let provider = state
        .providers
        .oidc(&provider)
        .ok_or_else(ApiError::provider_disabled)?;
    let next = query.next.unwrap_or_else(|| "/".to_string());
    match provider.start(&next, state.now_unix()).await {
        Ok((url, cookie)) => Ok(redirect(&url, &[cookie])),
        Err(e) => {
            tracing::error!(provider = provider.id(), error = %e, "cannot start a login at the provider");
            Ok(redirect(
                &login_page(LoginFailure::Failed, Some(&next)),
                &[],
            ))
        }
    }
}

/// The provider's redirect back after a login (the OpenID Connect redirect URI).
///
/// The `state` must be the one in this browser's login transaction cookie; the code is
/// exchanged (with the PKCE verifier) and the ID token verified completely: signature from
/// the provider's keys (RS256/ES256), `iss`, `aud`, `azp`, `exp`/`iat`, `nonce`, then the
/// personal identity number in the configured claim and the level of assurance (`acr`). On
/// success a new session starts (any earlier one of this browser ends) and the browser goes
/// to the page it asked for; otherwise to the login page with `?login_error=` one of
/// `cancelled`, `expired`, `failed`, `assurance`, `unknown_person`, `invalid_identity`. The
/// transaction cookie is removed either way.
#[utoipa::path(
    get,
    path = "/auth/oidc/{provider}/callback",
    tag = "auth",
    params(("provider" = String, Path, description = "The provider's id"), CallbackQuery),
    responses(
        (status = 303, description = "Logged in (to the page asked for, with the session cookie) or not (to the login page with `login_error`)",
            headers(("location" = String), ("set-cookie" = String, description = "Removes the login transaction cookie; sets the session cookie after a login"))),
        (status = 404, description = "No such provider (`provider_disabled`)", body = ApiErrorBody)
    )
)]
pub async fn finish_oidc_login(
    State(state): State<AppState>,
    Path(provider_id): Path<String>,
    Query(query): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let provider = state
        .providers
        .oidc(&provider_id)
        .ok_or_else(ApiError::provider_disabled)?;
    let clear = provider.cookie().clear();
    let now = state.now_unix();
    // Mix-up defence (RFC 9207): an answer that says it comes from another issuer is refused
    // before its code is redeemed anywhere.
    if let Some(iss) = &query.iss {
        if iss.trim_end_matches('/') != provider.issuer_url() {
            tracing::warn!(
                provider = provider.id(),
                iss = %iss,
                "login at the provider did not complete: the answer names another issuer"
            );
            return Ok(redirect(&login_page(LoginFailure::Failed, None), &[clear]));
        }
    }
    let result = provider
        .finish(
            read_cookie(&headers, provider.cookie().name),
            query.state.as_deref(),
            query.code.as_deref(),
            query.error.as_deref(),
            now,
            crate::parties::today_ymd(now),
        )
        .await;
    let login: OidcLogin = match result {
        Ok(login) => login,
        Err(failure) => {
            tracing::warn!(
                provider = provider.id(),
                failure = failure.kind.as_str(),
                reason = %failure.reason,
                description = query.error_description.as_deref().unwrap_or(""),
                "login at the provider did not complete"
            );
            return Ok(redirect(
                &login_page(failure.kind, failure.next.as_deref()),
                &[clear],
            ));
        }
    };
    let identity = VerifiedIdentity {
        personal_number: login.personal_number,
        provider: provider.id().to_string(),
        acr: login.acr,
        id_token: Some(login.id_token),
    };
    match complete_login(&state, &headers, identity).await {
        Ok(outcome) => {
            let session_cookie = outcome
                .set_cookie
                .to_str()
                .expect("session cookies are ASCII")
                .to_string();
            Ok(redirect(&login.next, &[clear, session_cookie]))
        }
        Err(e)
            if e.body
                .fields
                .iter()
                .any(|f| f.code == FieldErrorCode::UnknownPerson) =>
        {
            tracing::warn!(
                provider = provider.id(),
                "login by a person not in the register"
            );
            Ok(redirect(
                &login_page(LoginFailure::UnknownPerson, Some(&login.next)),
                &[clear],
            ))
        }
        Err(e) => Err(e),
    }
}
