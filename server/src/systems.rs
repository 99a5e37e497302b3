//! Agency systems: who may use the system-to-system API under `/api/system/v1`.
//!
//! A system authenticates with `Authorization: Bearer <api key>`. Only the SHA-256 of each
//! key is stored; a request's key is hashed and looked up by that hash, so no comparison of
//! secrets happens in a data-dependent way. Cookies are never looked at on these routes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::Response;
use sha2::{Digest as _, Sha256};
use sqlx::SqlitePool;

use crate::config::SystemApiKey;
use crate::crypto::hex;
use crate::error::ApiError;
use crate::AppState;

/// SHA-256 of an API key, lower-case hex.
pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Make the `agency_systems` table match the configuration: insert or update the configured
/// systems (un-revoking them) and revoke every other system. Returns how many are active.
pub async fn register(
    pool: &SqlitePool,
    keys: &[SystemApiKey],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    for k in keys {
        sqlx::query(
            "INSERT INTO agency_systems (name, key_hash, created_at) VALUES (?, ?, ?) \
             ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, revoked_at = NULL",
        )
        .bind(&k.name)
        .bind(hash_key(&k.key))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let names: Vec<String> = keys.iter().map(|k| k.name.clone()).collect();
    let active: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM agency_systems WHERE revoked_at IS NULL")
            .fetch_all(&mut *tx)
            .await?;
    for (id, name) in active {
        if !names.contains(&name) {
            sqlx::query("UPDATE agency_systems SET revoked_at = ? WHERE id = ?")
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

/// An authenticated agency system. Extracting it rejects with 401 and
/// `WWW-Authenticate: Bearer` when the key is missing, unknown or revoked.
#[derive(Debug, Clone)]
pub struct SystemClient {
    pub id: i64,
    pub name: String,
}

impl FromRequestParts<AppState> for SystemClient {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|t| !t.is_empty());
        let Some(key) = key else {
            return Err(ApiError::system_unauthenticated());
        };
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM agency_systems WHERE key_hash = ? AND revoked_at IS NULL",
        )
        .bind(hash_key(key))
        .fetch_optional(&state.pool)
        .await
        .map_err(|e| axum::response::IntoResponse::into_response(ApiError::from(e)))?;
        match row {
            Some((id, name)) => Ok(SystemClient { id, name }),
            None => {
                tracing::warn!("system API request with an unknown or revoked key");
                Err(ApiError::system_unauthenticated())
            }
        }
    }
}
