//! Authentication: identity providers, sessions and CSRF protection.

pub mod csrf;
pub mod jose;
pub mod oidc;
pub mod provider;
pub mod session;

use axum::http::{HeaderMap, HeaderValue};
use minsida_api::SessionInfo;

pub use provider::{
    AuthError, IdentityProvider, IdentityProviders, LoginInput, TestIdentityProvider,
    VerifiedIdentity, TEST_PROVIDER_ID,
};
pub use session::{CurrentSession, MaybeSession, Session, SessionCookie};

use crate::audit::{self, AuditAction, AuditEvent};
use crate::error::ApiError;
use crate::{terminals, AppState};

/// A successful login: the body for the response and the cookie to set.
#[derive(Debug)]
pub struct LoginOutcome {
    pub info: SessionInfo,
    pub set_cookie: HeaderValue,
}

/// Finish a login for an identity a provider has verified, whichever provider it was: find
/// the person in the register, end the session the request came with (if any, so a session
/// can never be fixed by an attacker), create a new one and record the audit event.
///
/// On a customer terminal (a valid device cookie) the new session is linked to the terminal
/// and gets its shorter idle timeout; every earlier session of the terminal and its help
/// request (also one asked for before login) end first, so a visitor never meets anything of
/// the one before.
pub async fn complete_login(
    state: &AppState,
    request_headers: &HeaderMap,
    identity: VerifiedIdentity,
) -> Result<LoginOutcome, ApiError> {
    // Only natural persons log in; an organisation acts through its signatories.
    let person: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM persons WHERE personal_number = $1 AND kind = 'person'")
            .bind(&identity.personal_number)
            .fetch_optional(&state.pool)
            .await?;
    let Some((person_id,)) = person else {
        return Err(AuthError::UnknownPerson.into());
    };
    let cookie = SessionCookie::from_config(&state.config);
    let terminal = match terminals::lookup_device(state, request_headers).await? {
        terminals::Device::Terminal(t) => Some(t),
        terminals::Device::None | terminals::Device::Unknown => None,
    };
    let now = state.now_unix();

    let mut tx = crate::db::begin_write(&state.pool).await?;
    if let Some(old_token) = cookie.read(request_headers) {
        session::delete(&mut *tx, &session::hash_token(old_token)).await?;
    }
    let ended = match &terminal {
        Some(t) => terminals::end_visits(&mut tx, t.id).await?,
        None => 0,
    };
    let (token, session) = session::create(
        &mut tx,
        person_id,
        &identity.provider,
        now,
        state.config.session_max_secs,
        terminal.as_ref().map(|t| t.id),
        session::IdleTimeouts::from_config(&state.config),
        session::LoginProof {
            acr: identity.acr.as_deref(),
            id_token: identity.id_token.as_deref(),
        },
    )
    .await?;
    let detail = match &terminal {
        Some(t) => serde_json::json!({
            "provider": identity.provider,
            "terminal": t.id,
            "ended_terminal_sessions": ended,
        }),
        None => serde_json::json!({ "provider": identity.provider }),
    };
    let mut detail = detail;
    if let Some(acr) = &identity.acr {
        detail["acr"] = serde_json::Value::String(acr.clone());
    }
    let event = AuditEvent::new(now, AuditAction::Login, "session", person_id, person_id)
        .session(&session)
        .detail(detail);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;

    tracing::info!(
        session = session.session_ref(),
        provider = %identity.provider,
        terminal = terminal.as_ref().map(|t| t.id),
        "login"
    );
    let mut info = session.info();
    info.can_act_for_others =
        crate::representation::can_act_for_others(state, session.person_id).await?;
    Ok(LoginOutcome {
        info,
        set_cookie: cookie.set(&token),
    })
}
