//! Server-side sessions and the session cookie.
//!
//! The cookie carries 32 random bytes (base64url). The database stores only the hex SHA-256 of
//! that token, so reading the database does not allow taking over sessions. A session ends
//! after `session_idle_secs` without a request (sliding) and at `expires_at` whatever the
//! activity.
//!
//! A session started on a customer terminal (see [`crate::terminals`]) is linked to it: it
//! ends after the shorter `terminal_idle_secs`, and it is only valid together with that
//! terminal's device cookie, so its cookie is worth nothing away from the terminal.

use crate::db::Pool;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use minsida_api::{PersonSummary, SessionInfo};
use rand::rngs::OsRng;
use rand::TryRngCore;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyConnection};
use subtle::ConstantTimeEq;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::config::Config;
use crate::error::ApiError;
use crate::AppState;

/// Length in characters of a base64url-encoded 32-byte token.
const TOKEN_LEN: usize = 43;

/// 32 bytes from the operating system's CSPRNG, base64url without padding.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random number generator failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a session token: the session's key in the database.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// True if `s` could be a token we issued; anything else is not even looked up.
pub(crate) fn is_well_formed_token(s: &str) -> bool {
    s.len() == TOKEN_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The value of the cookie `name` from the request's `Cookie` header(s), if it has one.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim().trim_matches('"'))
}

/// Builds the `Set-Cookie` values of the session cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCookie {
    pub name: &'static str,
    pub secure: bool,
}

impl SessionCookie {
    pub fn from_config(config: &Config) -> Self {
        Self {
            name: config.session_cookie_name(),
            secure: config.public_url.is_https(),
        }
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "; HttpOnly; SameSite=Strict; Path=/; Secure"
        } else {
            "; HttpOnly; SameSite=Strict; Path=/"
        }
    }

    /// A session cookie (no `Max-Age`: the browser drops it when it closes).
    pub fn set(&self, token: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("{}={}{}", self.name, token, self.attributes()))
            .expect("session cookies are ASCII")
    }

    /// Removes the cookie from the browser.
    pub fn clear(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("{}=; Max-Age=0{}", self.name, self.attributes()))
            .expect("session cookies are ASCII")
    }

    /// The token from the request's `Cookie` header(s), if it has this cookie.
    pub fn read<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        read_cookie(headers, self.name)
    }
}

/// Idle timeouts: ordinary sessions and sessions on a customer terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimeouts {
    pub normal: u32,
    pub terminal: u32,
}

impl IdleTimeouts {
    pub fn from_config(config: &Config) -> Self {
        Self {
            normal: config.session_idle_secs,
            terminal: config.terminal_idle_secs,
        }
    }

    /// The idle timeout of a session, by whether it runs on a terminal.
    pub fn for_session(&self, on_terminal: bool) -> u32 {
        if on_terminal {
            self.terminal
        } else {
            self.normal
        }
    }
}

/// A live session with the summary of its person.
#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub person_id: i64,
    pub csrf_token: String,
    pub provider: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub person: PersonSummary,
    /// The party the session acts for, when not the person themself (see
    /// [`crate::representation`]); checked against a valid mandate on every request.
    pub acting_party_id: Option<i64>,
    /// The customer terminal the session was started on.
    pub terminal_id: Option<i64>,
    /// The session's idle timeout (shorter on a terminal).
    pub idle_timeout_secs: u32,
    /// The level of assurance of the login (`acr`), when the provider reported one.
    pub acr: Option<String>,
}

impl Session {
    /// Short reference for audit events and logs (first 12 hex digits of the hash).
    pub fn session_ref(&self) -> &str {
        &self.id_hash[..12]
    }

    /// The session as the API shows it, without `acting_as`: that needs the register
    /// ([`crate::representation::session_info`]).
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            person: self.person.clone(),
            csrf_token: self.csrf_token.clone(),
            idle_timeout_secs: self.idle_timeout_secs,
            expires_at: format_unix(self.expires_at),
            provider: self.provider.clone(),
            acting_as: None,
            can_act_for_others: false,
        }
    }

    /// Check the `x-csrf-token` header against this session's token in constant time.
    pub fn verify_csrf(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let sent = headers
            .get(minsida_api::CSRF_HEADER)
            .ok_or_else(|| ApiError::csrf_failed("missing CSRF token header"))?;
        if bool::from(sent.as_bytes().ct_eq(self.csrf_token.as_bytes())) {
            Ok(())
        } else {
            Err(ApiError::csrf_failed("wrong CSRF token"))
        }
    }
}

/// RFC 3339 in UTC, e.g. `2025-01-31T12:00:00Z`.
pub fn format_unix(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Result of looking a token up.
#[derive(Debug)]
pub enum Lookup {
    Valid(Box<Session>),
    /// There was such a session, but it timed out; it has now been deleted.
    Expired,
    /// No such session.
    Missing,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id_hash: String,
    person_id: i64,
    csrf_token: String,
    provider: String,
    created_at: i64,
    last_seen_at: i64,
    expires_at: i64,
    personal_number: String,
    given_name: String,
    last_name: String,
    acting_party_id: Option<i64>,
    terminal_id: Option<i64>,
    /// The terminal's device token hash and revocation (LEFT JOIN).
    terminal_token_hash: Option<String>,
    terminal_revoked_at: Option<i64>,
    acr: Option<String>,
}

const SELECT_SESSION: &str = "SELECT s.id_hash, s.person_id, s.csrf_token, s.provider, \
     s.created_at, s.last_seen_at, s.expires_at, p.personal_number, p.given_name, p.last_name, \
     s.acting_party_id, s.terminal_id, t.token_hash AS terminal_token_hash, t.revoked_at AS terminal_revoked_at, s.acr \
     FROM sessions s JOIN persons p ON p.id = s.person_id \
     LEFT JOIN terminals t ON t.id = s.terminal_id WHERE s.id_hash = $1";

fn from_row(row: SessionRow, timeouts: IdleTimeouts) -> Session {
    Session {
        idle_timeout_secs: timeouts.for_session(row.terminal_id.is_some()),
        id_hash: row.id_hash,
        person_id: row.person_id,
        csrf_token: row.csrf_token,
        provider: row.provider,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        person: PersonSummary {
            personal_number: row.personal_number,
            given_name: row.given_name,
            last_name: row.last_name,
        },
        acting_party_id: row.acting_party_id,
        terminal_id: row.terminal_id,
        acr: row.acr,
    }
}

/// Whether the request comes from the terminal a session was started on: an ordinary
/// session always does; a terminal session needs that terminal's (unrevoked) device cookie.
fn on_its_device(row: &SessionRow, device_token: Option<&str>) -> bool {
    match (
        row.terminal_id,
        &row.terminal_token_hash,
        row.terminal_revoked_at,
    ) {
        (None, _, _) => true,
        (Some(_), Some(stored), None) => device_token
            .is_some_and(|token| bool::from(hash_token(token).as_bytes().ct_eq(stored.as_bytes()))),
        _ => false,
    }
}

/// Whether a session is past its idle or absolute timeout at `now`.
pub fn is_expired(last_seen_at: i64, expires_at: i64, now: i64, idle_secs: u32) -> bool {
    now >= expires_at || now >= last_seen_at.saturating_add(i64::from(idle_secs))
}

/// Create a session for `person_id`, on `terminal_id` if the login came from a customer
/// terminal, and return its cookie token. Runs on the caller's connection so it can share a
/// transaction with the audit event.
/// What the identity provider said of the login, kept with the session.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginProof<'a> {
    /// The level of assurance (`acr`).
    pub acr: Option<&'a str>,
    /// The ID token, for logging out at the provider (`id_token_hint`).
    pub id_token: Option<&'a str>,
}

#[allow(clippy::too_many_arguments)]
pub async fn create(
    conn: &mut AnyConnection,
    person_id: i64,
    provider: &str,
    now: i64,
    max_secs: u32,
    terminal_id: Option<i64>,
    timeouts: IdleTimeouts,
    proof: LoginProof<'_>,
) -> Result<(String, Session), sqlx::Error> {
    let token = generate_token();
    let id_hash = hash_token(&token);
    let csrf_token = generate_token();
    let expires_at = now + i64::from(max_secs);
    sqlx::query(
        "INSERT INTO sessions (id_hash, person_id, csrf_token, provider, created_at, last_seen_at, \
         expires_at, terminal_id, acr, id_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id_hash)
    .bind(person_id)
    .bind(&csrf_token)
    .bind(provider)
    .bind(now)
    .bind(now)
    .bind(expires_at)
    .bind(terminal_id)
    .bind(proof.acr)
    .bind(proof.id_token)
    .execute(&mut *conn)
    .await?;
    let row: SessionRow = sqlx::query_as(SELECT_SESSION)
        .bind(&id_hash)
        .fetch_one(&mut *conn)
        .await?;
    Ok((token, from_row(row, timeouts)))
}

/// Find the session of a cookie token. `device_token` is the request's terminal device
/// cookie: a terminal session is only found together with its own terminal's cookie. A live
/// session's `last_seen_at` moves to `now` (it can never pass `expires_at`, since the session
/// would have expired); an expired session, or one whose terminal was revoked, is deleted
/// (which also ends its help request).
pub async fn lookup(
    pool: &Pool,
    token: &str,
    device_token: Option<&str>,
    now: i64,
    timeouts: IdleTimeouts,
) -> Result<Lookup, sqlx::Error> {
    if !is_well_formed_token(token) {
        return Ok(Lookup::Missing);
    }
    let id_hash = hash_token(token);
    let Some(row) = sqlx::query_as::<Any, SessionRow>(SELECT_SESSION)
        .bind(&id_hash)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(Lookup::Missing);
    };
    if row.terminal_id.is_some() && row.terminal_revoked_at.is_some() {
        delete(pool, &row.id_hash).await?;
        return Ok(Lookup::Missing);
    }
    if !on_its_device(&row, device_token) {
        tracing::warn!(
            session = &row.id_hash[..12],
            "a terminal session's cookie was sent without its terminal's device cookie"
        );
        return Ok(Lookup::Missing);
    }
    let mut session = from_row(row, timeouts);
    if is_expired(
        session.last_seen_at,
        session.expires_at,
        now,
        session.idle_timeout_secs,
    ) {
        delete(pool, &session.id_hash).await?;
        return Ok(Lookup::Expired);
    }
    if now > session.last_seen_at {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = CASE \
             WHEN $1 >= expires_at THEN expires_at \
             WHEN $1 > last_seen_at THEN $1 ELSE last_seen_at END WHERE id_hash = $2",
        )
        .bind(now)
        .bind(&session.id_hash)
        .execute(pool)
        .await?;
        session.last_seen_at = now.min(session.expires_at);
    }
    Ok(Lookup::Valid(Box::new(session)))
}

/// Set whose data the session shows: `None` for the person themself.
pub async fn set_acting_party<'e, E>(
    executor: E,
    id_hash: &str,
    party_id: Option<i64>,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query("UPDATE sessions SET acting_party_id = $1 WHERE id_hash = $2")
        .bind(party_id)
        .bind(id_hash)
        .execute(executor)
        .await?;
    Ok(())
}

/// The ID token a session was logged in with (OpenID Connect providers only).
pub async fn id_token(pool: &Pool, id_hash: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT id_token FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(t,)| t))
}

/// Delete one session.
pub async fn delete<'e, E>(executor: E, id_hash: &str) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(executor)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Delete every session that has passed its idle or absolute timeout (with their help
/// requests); returns how many.
pub async fn delete_expired(
    pool: &Pool,
    now: i64,
    timeouts: IdleTimeouts,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 \
         OR (terminal_id IS NULL AND last_seen_at <= $2) \
         OR (terminal_id IS NOT NULL AND last_seen_at <= $3)",
    )
    .bind(now)
    .bind(now - i64::from(timeouts.normal))
    .bind(now - i64::from(timeouts.terminal))
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Look the request's session up: `Some` for a live session (with the CSRF token checked on
/// unsafe methods), `None` without a cookie or with a stale one.
pub async fn current(state: &AppState, parts: &Parts) -> Result<Option<Session>, ApiError> {
    let cookie = SessionCookie::from_config(&state.config);
    let Some(token) = cookie.read(&parts.headers) else {
        return Ok(None);
    };
    let device = read_cookie(&parts.headers, state.config.terminal_cookie_name());
    match lookup(
        &state.pool,
        token,
        device,
        state.now_unix(),
        IdleTimeouts::from_config(&state.config),
    )
    .await?
    {
        Lookup::Valid(session) => {
            if !parts.method.is_safe() {
                session.verify_csrf(&parts.headers)?;
            }
            Ok(Some(*session))
        }
        Lookup::Expired | Lookup::Missing => Ok(None),
    }
}

/// Extractor for handlers that work with and without login (customer terminal routes): the
/// live session, if any, with its CSRF token checked on unsafe methods (403 `csrf_failed`).
#[derive(Debug, Clone)]
pub struct MaybeSession(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        current(state, parts).await.map(MaybeSession)
    }
}

/// Extractor for handlers that need a logged-in person. Rejects with 401 `unauthenticated` or
/// `session_expired` (and removes a stale cookie). For unsafe methods (POST, PUT, PATCH,
/// DELETE) it also checks the `x-csrf-token` header against the session (403 `csrf_failed`).
#[derive(Debug, Clone)]
pub struct CurrentSession(pub Session);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let cookie = SessionCookie::from_config(&state.config);
        let Some(token) = cookie.read(&parts.headers) else {
            return Err(ApiError::unauthenticated().into_response());
        };
        let stale = |e: ApiError| ([(header::SET_COOKIE, cookie.clear())], e).into_response();
        let device = read_cookie(&parts.headers, state.config.terminal_cookie_name());
        match lookup(
            &state.pool,
            token,
            device,
            state.now_unix(),
            IdleTimeouts::from_config(&state.config),
        )
        .await
        {
            Ok(Lookup::Valid(session)) => {
                if !parts.method.is_safe() {
                    session
                        .verify_csrf(&parts.headers)
                        .map_err(IntoResponse::into_response)?;
                }
                Ok(CurrentSession(*session))
            }
            Ok(Lookup::Expired) => Err(stale(ApiError::session_expired())),
            Ok(Lookup::Missing) => Err(stale(ApiError::unauthenticated())),
            Err(e) => Err(ApiError::from(e).into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_well_formed() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a, b);
        assert!(is_well_formed_token(&a), "{a}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert!(!is_well_formed_token("short"));
        assert!(!is_well_formed_token(&format!("{}=", &a[..42])));
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn cookie_attributes() {
        let http = SessionCookie {
            name: "minsida_session",
            secure: false,
        };
        assert_eq!(
            http.set("tok"),
            "minsida_session=tok; HttpOnly; SameSite=Strict; Path=/"
        );
        assert_eq!(
            http.clear(),
            "minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"
        );
        let https = SessionCookie {
            name: "__Host-minsida_session",
            secure: true,
        };
        assert_eq!(
            https.set("tok"),
            "__Host-minsida_session=tok; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
        assert_eq!(
            https.clear(),
            "__Host-minsida_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
    }

    #[test]
    fn cookie_is_read_from_any_cookie_header() {
        let c = SessionCookie {
            name: "minsida_session",
            secure: false,
        };
        let mut h = HeaderMap::new();
        assert_eq!(c.read(&h), None);
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; xminsida_session=no"),
        );
        assert_eq!(c.read(&h), None);
        h.append(
            header::COOKIE,
            HeaderValue::from_static("b=2;  minsida_session=tok ; c=3"),
        );
        assert_eq!(c.read(&h), Some("tok"));
    }

    #[test]
    fn expiry() {
        // Idle timeout 100 s, absolute end at 1000.
        assert!(!is_expired(500, 1000, 599, 100));
        assert!(is_expired(500, 1000, 600, 100));
        assert!(is_expired(950, 1000, 1000, 100));
        assert!(!is_expired(950, 1000, 999, 100));
    }
}
