//! Agency systems: who may use the system-to-system API under `/api/system/v1`.
//!
//! A system authenticates with `Authorization: Bearer <credential>`, where the credential is
//! either
//! - a JWT access token from the configured OAuth 2.0 authorization server (client credentials
//!   grant, RFC 9068: `typ` `at+jwt`, our audience, not expired, signed RS256/ES256 with a key
//!   of the server's JWKS). The token's `client_id` identifies the system and its `scope`
//!   says what it may do: every operation needs its [`Scope`]; or
//! - a static API key (demo and transition): only the SHA-256 of each key is stored; a
//!   request's key is hashed and looked up by that hash, so no comparison of secrets happens
//!   in a data-dependent way. A key grants every scope.
//!
//! Cookies are never looked at on these routes.

use std::marker::PhantomData;
use std::ops::Deref;

use crate::db::Pool;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use crate::auth::jose::{self, Issuer};
use crate::config::{OAuthConfig, SystemApiKey};
use crate::crypto::hex;
use crate::error::ApiError;
use crate::AppState;

/// Defines [`Scope`] (with its wire names and descriptions) and one marker type per scope in
/// [`scope`], from one list, so that they cannot drift apart.
macro_rules! scopes {
    ($($name:ident => $text:literal, $description:literal;)*) => {
        /// What an agency system may do on the system API: the OAuth 2.0 scopes of its tokens.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Scope {
            $(#[doc = $description] $name,)*
        }

        impl Scope {
            pub const ALL: &'static [Scope] = &[$(Scope::$name),*];

            /// The scope's name in tokens, e.g. `minsida:messages.write`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Scope::$name => $text,)*
                }
            }

            pub fn description(self) -> &'static str {
                match self {
                    $(Scope::$name => $description,)*
                }
            }
        }

        /// Marker types of the scopes, one per [`Scope`]: handlers take
        /// [`Authorized`]`<scope::X>`.
        pub mod scope {
            use super::{RequiredScope, Scope};
            $(
                #[derive(Debug)]
                pub struct $name;
                impl RequiredScope for $name {
                    const SCOPE: Scope = Scope::$name;
                }
            )*
        }
    };
}

scopes! {
    MattersWrite => "minsida:matters.write", "Open matters, change their status and ask for supplements";
    MattersRead => "minsida:matters.read", "Read what people submitted in matters, with its documents";
    MessagesWrite => "minsida:messages.write", "Deliver messages to people";
    MessagesRead => "minsida:messages.read", "Read the read receipts of delivered messages";
    RepresentationsRead => "minsida:representations.read", "Read registered representations";
    RepresentationsWrite => "minsida:representations.write", "Register and revoke representations";
    TerminalsRead => "minsida:terminals.read", "Read the customer terminals of service offices";
    PersonsRead => "minsida:persons.read", "Read people's channel preferences";
    FeedbackRead => "minsida:feedback.read", "Read feedback and the satisfaction figures";
    EServicesWrite => "minsida:eservices.write", "Publish and withdraw e-services";
    EServicesRead => "minsida:eservices.read", "Read the system's e-services and what people sent with them";
}

impl Scope {
    fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|x| x.as_str() == s)
    }
}

/// The scope an operation needs, as a type: handlers take [`Authorized`]`<`one of these`>`.
pub trait RequiredScope {
    const SCOPE: Scope;
}

/// SHA-256 of an API key, lower-case hex.
pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Make the `agency_systems` table match the configuration: insert or update the configured
/// systems (un-revoking them) and revoke every other system. Returns how many are active.
pub async fn register(pool: &Pool, keys: &[SystemApiKey], now: i64) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    for k in keys {
        sqlx::query(
            "INSERT INTO agency_systems (name, key_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, revoked_at = NULL",
        )
        .bind(&k.name)
        .bind(hash_key(&k.key))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let names: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
    let active: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM agency_systems WHERE revoked_at IS NULL AND client_id IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (id, name) in active {
        if !names.contains(&name) {
            sqlx::query("UPDATE agency_systems SET revoked_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tracing::info!(system = %name, "agency system no longer configured: revoked");
        }
    }
    tx.commit().await?;
    Ok(keys.len())
}

/// What an authenticated system may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// A static API key: everything.
    ApiKey,
    /// An access token with these scopes.
    Token(Vec<Scope>),
}

/// An authenticated agency system (any scope); handlers take [`Authorized`] instead, which
/// also checks the operation's scope.
#[derive(Debug, Clone)]
pub struct SystemClient {
    pub id: i64,
    pub name: String,
    pub grant: Grant,
}

impl SystemClient {
    /// Whether the system may do what `scope` covers.
    pub fn may(&self, scope: Scope) -> bool {
        match &self.grant {
            Grant::ApiKey => true,
            Grant::Token(scopes) => scopes.contains(&scope),
        }
    }
}

/// An agency system allowed to do what the scope `S` covers. Rejects with 401 and
/// `WWW-Authenticate: Bearer` when the credential is missing, unknown, revoked, expired or
/// otherwise invalid, and with 403 and `WWW-Authenticate: Bearer error="insufficient_scope"`
/// naming the scope when a token lacks it.
#[derive(Debug)]
pub struct Authorized<S>(pub SystemClient, PhantomData<S>);

impl<S> Deref for Authorized<S> {
    type Target = SystemClient;

    fn deref(&self) -> &SystemClient {
        &self.0
    }
}

impl<S: RequiredScope + Send> FromRequestParts<AppState> for Authorized<S> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let client = authenticate(parts, state).await?;
        within_rate_limit(&client, state).await?;
        if !client.may(S::SCOPE) {
            tracing::warn!(system = %client.name, scope = S::SCOPE.as_str(), "system token without the operation's scope");
            return Err(insufficient_scope(S::SCOPE));
        }
        Ok(Authorized(client, PhantomData))
    }
}

/// Count the request against the system's rate limit; over it, 429 with `Retry-After` (the
/// first refusal of a window is audited).
async fn within_rate_limit(client: &SystemClient, state: &AppState) -> Result<(), Response> {
    let now = state.now_unix();
    let limit = state.limits.system_requests;
    let hit = crate::limits::hit(&state.pool, &format!("system:{}", client.id), limit, now)
        .await
        .map_err(db_error)?;
    let crate::limits::Hit::Refused { retry_after, first } = hit else {
        return Ok(());
    };
    if first {
        tracing::warn!(system = %client.name, "system API rate limit reached");
        let event = crate::audit::AuditEvent::system(
            now,
            crate::audit::AuditAction::RateLimited,
            "system_api",
            client.id,
            None,
        )
        .detail(limit.audit_detail("system_requests"));
        state.audit.record(&event).await.map_err(db_error)?;
    }
    Err(ApiError::rate_limited(
        format!(
            "at most {} requests per {} seconds per system",
            limit.max, limit.window_secs
        ),
        retry_after,
    )
    .into_response())
}

fn insufficient_scope(scope: Scope) -> Response {
    let mut response = ApiError::new(
        minsida_api::ErrorCode::Forbidden,
        format!("the access token lacks the scope {}", scope.as_str()),
    )
    .into_response();
    debug_assert_eq!(response.status(), StatusCode::FORBIDDEN);
    if let Ok(v) = HeaderValue::from_str(&format!(
        "Bearer error=\"insufficient_scope\", scope=\"{}\"",
        scope.as_str()
    )) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    response
}

/// The claims of an access token (RFC 9068) that Min sida looks at.
#[derive(Debug, Deserialize)]
struct AccessTokenClaims {
    client_id: String,
    #[serde(default)]
    scope: Option<String>,
}

/// Verifies agency systems' access tokens from the configured authorization server.
pub struct TokenVerifier {
    issuer: Issuer,
    audience: String,
}

impl TokenVerifier {
    pub fn new(config: &OAuthConfig) -> Self {
        Self {
            issuer: Issuer::new(config.issuer.clone(), jose::http_client()),
            audience: config.audience.clone(),
        }
    }

    /// The client id and scopes of a valid access token.
    pub async fn verify(&self, token: &str) -> Result<(String, Vec<Scope>), jose::JoseError> {
        let header = jose::header_of(token)?;
        let typ_ok = header.typ.as_deref().is_some_and(|t| {
            t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt")
        });
        if !typ_ok {
            return Err(jose::JoseError::Malformed(format!(
                "typ {:?} is not at+jwt (an ID token or other JWT is no access token)",
                header.typ
            )));
        }
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        let claims = self
            .issuer
            .verify::<AccessTokenClaims>(token, validation)
            .await?
            .claims;
        let scopes = claims
            .scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(Scope::parse)
            .collect();
        Ok((claims.client_id, scopes))
    }
}

/// Whether a bearer credential has the shape of a JWT (three base64url parts).
fn looks_like_jwt(credential: &str) -> bool {
    credential.split('.').count() == 3 && credential.starts_with("eyJ")
}

/// The system a token's client id names, registered on its first request.
async fn system_of_client(
    pool: &Pool,
    client_id: &str,
    now: i64,
) -> Result<(i64, String), sqlx::Error> {
    if let Some(row) = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, name FROM agency_systems WHERE client_id = $1",
    )
    .bind(client_id)
    .fetch_optional(pool)
    .await?
    {
        return Ok(row);
    }
    let mut tx = crate::db::begin_write(pool).await?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM agency_systems WHERE name = $1")
        .bind(client_id)
        .fetch_optional(&mut *tx)
        .await?;
    let name = match taken {
        None => client_id.to_string(),
        Some(_) => format!("{client_id} (OAuth)"),
    };
    // No API key: the hash of a random value nobody knows.
    let unusable = hash_key(&crate::store::new_storage_key());
    sqlx::query(
        "INSERT INTO agency_systems (name, key_hash, created_at, client_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(&name)
    .bind(unusable)
    .bind(now)
    .bind(client_id)
    .execute(&mut *tx)
    .await?;
    let row: (i64, String) =
        sqlx::query_as("SELECT id, name FROM agency_systems WHERE client_id = $1")
            .bind(client_id)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    tracing::info!(system = %row.1, client_id, "agency system registered by its first access token");
    Ok(row)
}

fn db_error(e: sqlx::Error) -> Response {
    ApiError::from(e).into_response()
}

/// The system behind the request's bearer credential (a token or an API key).
async fn authenticate(parts: &Parts, state: &AppState) -> Result<SystemClient, Response> {
    let credential = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|t| !t.is_empty());
    let Some(credential) = credential else {
        return Err(ApiError::system_unauthenticated());
    };
    if let (Some(verifier), true) = (&state.system_tokens, looks_like_jwt(credential)) {
        return match verifier.verify(credential).await {
            Ok((client_id, scopes)) => {
                let (id, name) = system_of_client(&state.pool, &client_id, state.now_unix())
                    .await
                    .map_err(db_error)?;
                Ok(SystemClient {
                    id,
                    name,
                    grant: Grant::Token(scopes),
                })
            }
            Err(e) => {
                tracing::warn!(error = %e, "system API request with an invalid access token");
                Err(ApiError::system_unauthenticated())
            }
        };
    }
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM agency_systems WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash_key(credential))
    .fetch_optional(&state.pool)
    .await
    .map_err(db_error)?;
    match row {
        Some((id, name)) => Ok(SystemClient {
            id,
            name,
            grant: Grant::ApiKey,
        }),
        None => {
            tracing::warn!("system API request with an unknown or revoked key");
            Err(ApiError::system_unauthenticated())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_keys_grant_everything() {
        for &s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        assert_eq!(Scope::parse("minsida:everything"), None);
        let key = SystemClient {
            id: 1,
            name: "a".into(),
            grant: Grant::ApiKey,
        };
        assert!(Scope::ALL.iter().all(|s| key.may(*s)));
        let token = SystemClient {
            id: 1,
            name: "a".into(),
            grant: Grant::Token(vec![Scope::MessagesRead]),
        };
        assert!(token.may(Scope::MessagesRead) && !token.may(Scope::MessagesWrite));
    }

    #[test]
    fn only_jwt_shaped_credentials_are_tried_as_tokens() {
        assert!(looks_like_jwt("eyJhbGciOiJSUzI1NiJ9.eyJ9.sig"));
        assert!(!looks_like_jwt("demo-system-api-key-0000000000000000"));
        assert!(!looks_like_jwt("eyJ.only-two"));
    }
}
