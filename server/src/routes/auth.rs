//! Login, logout and the identity providers.

use std::net::IpAddr;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use minsida_api::representation::PartyKind;
use minsida_api::{
    ApiErrorBody, AuthProviders, LogoutOutcome, SessionInfo, TestLoginRequest, TestPerson,
};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::{self, IdleTimeouts, Lookup};
use crate::auth::{complete_login, LoginInput, SessionCookie, TEST_PROVIDER_ID};
use crate::client_addr::{self, ClientAddr};
use crate::error::ApiError;
use crate::routes::ApiJson;
use crate::terminals::{self, Device, DeviceCookie};
use crate::AppState;

/// The identity providers one can log in with (empty when none is enabled).
#[utoipa::path(
    get,
    path = "/auth/providers",
    tag = "auth",
    responses((status = 200, description = "Enabled identity providers", body = AuthProviders))
)]
pub async fn list_auth_providers(State(state): State<AppState>) -> Json<AuthProviders> {
    Json(AuthProviders {
        providers: state.providers.list(),
    })
}

/// The test persons the test identity provider can log in as, ordered by last name.
#[utoipa::path(
    get,
    path = "/auth/test/persons",
    tag = "auth",
    responses(
        (status = 200, description = "Test persons", body = Vec<TestPerson>),
        (status = 404, description = "The test identity provider is disabled (`provider_disabled`)", body = ApiErrorBody)
    )
)]
pub async fn list_test_persons(
    State(state): State<AppState>,
) -> Result<Json<Vec<TestPerson>>, ApiError> {
    let provider = state
        .providers
        .test()
        .ok_or_else(ApiError::provider_disabled)?;
    Ok(Json(provider.persons().await?))
}

/// Log in with the test identity provider.
///
/// Always starts a new session; a session cookie sent with the request is ended first. From
/// a customer terminal (device cookie) the session is linked to the terminal, with the
/// terminal idle timeout (reported in `idle_timeout_secs`), and the terminal's earlier
/// sessions and help request end.
#[utoipa::path(
    post,
    path = "/auth/test/login",
    tag = "auth",
    request_body = TestLoginRequest,
    security((), ("terminal_cookie" = [])),
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = SessionInfo,
            headers(("set-cookie" = String, description = "The session cookie (`minsida_session`, or `__Host-minsida_session` over https): HttpOnly; SameSite=Strict; Path=/"))),
        (status = 400, description = "Malformed JSON (`bad_request`)", body = ApiErrorBody),
        (status = 403, description = "Cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 404, description = "The test identity provider is disabled (`provider_disabled`), or the person is not in the register (`not_found`, field `personal_number`: `unknown_person`)", body = ApiErrorBody),
        (status = 413, description = "Body too large (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "Body is not JSON (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field `personal_number`: `invalid_personal_number` (`validation`)", body = ApiErrorBody),
        (status = 429, description = "Too many failed login attempts for this identity or from this client address (`rate_limited`), with `Retry-After`", body = ApiErrorBody,
            headers(("retry-after" = u64, description = "Seconds until attempts are allowed again")))
    )
)]
pub async fn log_in_test_person(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<TestLoginRequest>,
) -> Result<Response, ApiError> {
    let provider = state
        .providers
        .get(TEST_PROVIDER_ID)
        .ok_or_else(ApiError::provider_disabled)?;
    refuse_if_blocked(&state, &request.personal_number, client).await?;
    let identity = match provider
        .verify(LoginInput::PersonalNumber(request.personal_number.clone()))
        .await
    {
        Ok(identity) => identity,
        Err(e) => {
            let e: ApiError = e.into();
            count_failed_login(&state, &request.personal_number, client, &e).await?;
            return Err(e);
        }
    };
    let outcome = complete_login(&state, &headers, identity).await?;
    Ok((
        [(header::SET_COOKIE, outcome.set_cookie)],
        Json(outcome.info),
    )
        .into_response())
}

/// The limiter bucket of a typed identity, when it is a valid number (every written form of
/// it the same bucket); `None` for text no one can log in with.
fn login_bucket(state: &AppState, typed: &str, now: i64) -> Option<(String, String)> {
    let pin =
        minsida_api::pin::PersonalIdentityNumber::parse(typed, crate::parties::today_ymd(now))
            .ok()?;
    let canonical = pin.canonical();
    let bucket = crate::limits::keyed_bucket(&state.kek, "login-identity", &canonical);
    Some((bucket, canonical))
}

/// The limiter bucket of a client address.
fn client_bucket(state: &AppState, client: IpAddr) -> String {
    crate::limits::keyed_bucket(&state.kek, "login-client", &client_addr::counted_as(client))
}

/// 429 when the client address or the typed identity has used up its failed attempts in the
/// current window.
async fn refuse_if_blocked(
    state: &AppState,
    typed: &str,
    client: Option<IpAddr>,
) -> Result<(), ApiError> {
    let now = state.now_unix();
    if let Some(client) = client {
        let limit = state.limits.failed_logins_per_client;
        let bucket = client_bucket(state, client);
        if let Some(retry_after) = crate::limits::blocked(&state.pool, &bucket, limit, now).await? {
            return Err(ApiError::rate_limited(
                "too many failed login attempts from this address; wait and try again",
                retry_after,
            ));
        }
    }
    let Some((bucket, _)) = login_bucket(state, typed, now) else {
        return Ok(());
    };
    let limit = state.limits.failed_logins_per_identity;
    match crate::limits::blocked(&state.pool, &bucket, limit, now).await? {
        Some(retry_after) => Err(ApiError::rate_limited(
            "too many failed login attempts for this identity; wait and try again",
            retry_after,
        )),
        None => Ok(()),
    }
}

/// Audit a failed login (ASVS 16.3.1) and count it for the client address and the typed
/// identity; when that used up an allowance, audit that too (once per window). The trail gets
/// no more than the limits let through: a refused attempt never comes here.
async fn count_failed_login(
    state: &AppState,
    typed: &str,
    client: Option<IpAddr>,
    failure: &ApiError,
) -> Result<(), ApiError> {
    let now = state.now_unix();
    // The typed identity is not in the event: it failed, so it is no one's, or someone
    // else's number mistyped. The reason is the answer's error and field codes.
    let fields: Vec<_> = failure.body.fields.iter().map(|f| f.code).collect();
    let event = AuditEvent::anonymous(now, AuditAction::LoginFailed, "login", None).detail(
        serde_json::json!({ "provider": TEST_PROVIDER_ID, "code": failure.body.code, "fields": fields }),
    );
    state.audit.record(&event).await?;
    if let Some(client) = client {
        let limit = state.limits.failed_logins_per_client;
        if crate::limits::fail(&state.pool, &client_bucket(state, client), limit, now).await? {
            // The address itself is not in the trail's detail: it is personal data of
            // whoever shares it; the log line has it for the operators.
            let event = AuditEvent::anonymous(now, AuditAction::RateLimited, "login", None)
                .detail(limit.audit_detail("failed_logins_per_client"));
            state.audit.record(&event).await?;
            tracing::warn!(client = %client_addr::counted_as(client), "failed logins from one client address reached the limit");
        }
    }
    let Some((bucket, canonical)) = login_bucket(state, typed, now) else {
        return Ok(());
    };
    let limit = state.limits.failed_logins_per_identity;
    if crate::limits::fail(&state.pool, &bucket, limit, now).await? {
        let mut conn = state.pool.acquire().await?;
        let subject = crate::parties::party_by_identifier(&mut conn, &canonical, PartyKind::Person)
            .await?
            .map(|p| p.id);
        drop(conn);
        let event = AuditEvent::anonymous(now, AuditAction::RateLimited, "login", subject)
            .detail(limit.audit_detail("failed_logins_per_identity"));
        state.audit.record(&event).await?;
        tracing::warn!("failed logins for one identity reached the limit");
    }
    Ok(())
}

/// Log out.
///
/// Ends the session and removes the cookie. Idempotent: without a valid session it still
/// answers 200 and removes the cookie; with a live session the CSRF token is required. When
/// the session was logged in through an OpenID Connect provider with an
/// `end_session_endpoint`, `provider_logout_url` says where to send the browser to end the
/// session at the provider too (with `id_token_hint`, returning to `/logga-in?logged_out=1`);
/// on a customer terminal that matters most, so that the next visitor cannot log in again
/// through the provider's own session.
///
/// On a customer terminal (a terminal session, or any request with a valid device cookie)
/// logging out ends the visit: the terminal's help request is dropped too (also one asked
/// for before login), and the response carries `Clear-Site-Data: "cache", "storage"` so the
/// browser drops everything the visit left. Not `"cookies"`, which would also remove the
/// terminal's device cookie. Ordinary logouts do not clear site data: on a personal device
/// the storage holds the person's own device-level accessibility choices, which must survive
/// a logout.
#[utoipa::path(
    post,
    path = "/auth/logout",
    tag = "auth",
    security((), ("session_cookie" = [], "csrf_token" = []), ("terminal_cookie" = [])),
    responses(
        (status = 200, description = "Logged out; the cookie is cleared. `provider_logout_url`, when present, is where to send the browser to log out at the identity provider too", body = LogoutOutcome,
            headers(
                ("set-cookie" = String, description = "Expires the session cookie (Max-Age=0)"),
                ("clear-site-data" = String, description = "On a customer terminal only: `\"cache\", \"storage\"`")
            )),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)", body = ApiErrorBody),
        (status = 415, description = "A body that is not JSON (`unsupported_media_type`)", body = ApiErrorBody)
    )
)]
pub async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let cookie = SessionCookie::from_config(&state.config);
    let device_cookie = DeviceCookie::from_config(&state.config);
    let device = terminals::lookup_device(&state, &headers).await?;
    let now = state.now_unix();
    let live = match cookie.read(&headers) {
        Some(token) => match session::lookup(
            &state.pool,
            token,
            device_cookie.read(&headers),
            now,
            IdleTimeouts::from_config(&state.config),
        )
        .await?
        {
            Lookup::Valid(session) => {
                session.verify_csrf(&headers)?;
                Some(session)
            }
            Lookup::Expired | Lookup::Missing => None,
        },
        None => None,
    };
    let terminal_id = match &device {
        Device::Terminal(t) => Some(t.id),
        Device::None | Device::Unknown => live.as_ref().and_then(|s| s.terminal_id),
    };
    // Logging out at the provider too (RP-initiated logout), when it offers that: on a shared
    // device (a customer terminal) the provider's own session must not outlive ours either.
    let provider_logout_url = match &live {
        Some(session) => match state.providers.oidc(&session.provider) {
            Some(provider) => {
                let id_token = session::id_token(&state.pool, &session.id_hash).await?;
                provider.logout_url(id_token.as_deref()).await
            }
            None => None,
        },
        None => None,
    };
    if live.is_some() || terminal_id.is_some() {
        let mut tx = crate::db::begin_write(&state.pool).await?;
        if let Some(session) = &live {
            session::delete(&mut *tx, &session.id_hash).await?;
            let event = AuditEvent::new(
                now,
                AuditAction::Logout,
                "session",
                session.person_id,
                session.person_id,
            )
            .session(session);
            audit::record(&mut *tx, &event).await?;
        }
        if let Some(id) = terminal_id {
            terminals::clear_help(&mut tx, id).await?;
        }
        tx.commit().await?;
        if let Some(session) = &live {
            tracing::info!(
                session = session.session_ref(),
                terminal = terminal_id,
                "logout"
            );
        }
    }
    let mut response = (
        [(header::SET_COOKIE, cookie.clear())],
        Json(LogoutOutcome {
            provider_logout_url,
        }),
    )
        .into_response();
    if terminal_id.is_some() {
        response.headers_mut().insert(
            HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static(terminals::CLEAR_SITE_DATA),
        );
    }
    Ok(response)
}
