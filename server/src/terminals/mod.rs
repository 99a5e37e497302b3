//! Service-office customer terminals ("kundterminaler"): shared public browsers that an
//! office enrolls, where nothing may survive a visit.
//!
//! * A terminal is a browser holding the device cookie set at enrollment: 32 random bytes
//!   (base64url), of which the database keeps only the SHA-256. Staff enroll and unenroll
//!   with their office's enrollment key (configured, compared in constant time, failed
//!   attempts rate limited per office); a visitor can neither set nor remove the HttpOnly
//!   cookie.
//! * A login on a terminal creates a session linked to it (see [`crate::auth::session`]):
//!   shorter idle timeout, no downloads, only valid together with the device cookie. A new
//!   login ends every earlier session of the terminal.
//! * A visitor may ask for staff help, before or after login, and may consent to let staff see
//!   which step (kind of page) they are on. The request belongs to the visitor's session (and
//!   is deleted with it) or, before login, to the terminal alone (deleted at the next login or
//!   logout on the terminal, or after the terminal idle timeout without activity).
//! * The offices' staff system reads the terminals through the system API: names, open help
//!   requests, consented steps and whether a visit is in progress, never who the visitor is.
//!
//! This module holds the terminals themselves (looking one up from its device cookie,
//! revoking, ending visits, following the configured offices); `enrollment` the device
//! cookie, the enrollment key check and its rate limit, `help` the visitors' help requests
//! and `staff` the offices' view of their terminals.

mod enrollment;
mod help;
mod staff;

use crate::db::Pool;
use axum::http::HeaderMap;
use minsida_api::terminal::TerminalInfo;
use sqlx::AnyConnection;

use crate::auth::session;
use crate::config::{Config, TerminalOffice};
use crate::AppState;

pub use enrollment::{
    clean_terminal_name, key_failure_bucket, key_matches, DeviceCookie, DEVICE_COOKIE_MAX_AGE_SECS,
    KEY_FAILURE_WINDOW_SECS, MAX_KEY_FAILURES, MAX_TERMINAL_NAME_CHARS,
};
pub use help::{
    cancel_help, clear_help, help_row, no_help, own_help, request_help, update_step, HelpRow,
};
pub use staff::{staff_view, StaffEntry};

/// `last_seen_at` of a terminal is written at most this often.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// `Clear-Site-Data` sent when a visit on a terminal ends (and at enrollment and
/// unenrollment): the browser drops its HTTP cache and everything script could store
/// (local and session storage, IndexedDB, Cache Storage, service workers). Not `"cookies"`:
/// that would remove the terminal's own device cookie; the session cookie is expired
/// explicitly instead.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// An enrolled, unrevoked terminal of a configured office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminal {
    pub id: i64,
    pub office_id: String,
    pub office_name: String,
    pub name: String,
}

impl Terminal {
    pub fn info(&self, config: &Config) -> TerminalInfo {
        TerminalInfo {
            name: self.name.clone(),
            office: self.office_name.clone(),
            idle_timeout_secs: config.terminal_idle_secs,
            warning_secs: config.terminal_warning_secs,
        }
    }
}

/// What the request's device cookie says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Device {
    /// No device cookie: an ordinary browser.
    None,
    /// A device cookie that is not (or no longer) an enrolled terminal's: clear it.
    Unknown,
    Terminal(Terminal),
}

/// Find the terminal of the request's device cookie. Its `last_seen_at` moves to `now`
/// (at most once a minute).
pub async fn lookup_device(state: &AppState, headers: &HeaderMap) -> Result<Device, sqlx::Error> {
    let Some(token) = DeviceCookie::from_config(&state.config).read(headers) else {
        return Ok(Device::None);
    };
    if !session::is_well_formed_token(token) {
        return Ok(Device::Unknown);
    }
    let row: Option<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, office_id, name, last_seen_at FROM terminals \
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(session::hash_token(token))
    .fetch_optional(&state.pool)
    .await?;
    let Some((id, office_id, name, last_seen_at)) = row else {
        return Ok(Device::Unknown);
    };
    let Some(office) = state.config.terminal_office(&office_id) else {
        // The office was removed from the configuration after start.
        return Ok(Device::Unknown);
    };
    let now = state.now_unix();
    if now >= last_seen_at + TOUCH_INTERVAL_SECS {
        sqlx::query("UPDATE terminals SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $3")
            .bind(now)
            .bind(id)
            .bind(now)
            .execute(&state.pool)
            .await?;
    }
    Ok(Device::Terminal(Terminal {
        id,
        office_id,
        office_name: office.name,
        name,
    }))
}

/// Revoke a terminal: it stops being one at once, its sessions end and its help request is
/// dropped. Returns how many sessions ended.
pub async fn revoke(
    conn: &mut AnyConnection,
    terminal_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE terminals SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(terminal_id)
        .execute(&mut *conn)
        .await?;
    end_visits(conn, terminal_id).await
}

/// End everything of the visits on a terminal: its sessions and its help request (also one
/// asked for before login). Used at a new login on the terminal, so the next visitor never
/// meets anything of the previous one. Returns how many sessions ended.
pub async fn end_visits(conn: &mut AnyConnection, terminal_id: i64) -> Result<u64, sqlx::Error> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE terminal_id = $1")
        .bind(terminal_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    clear_help(conn, terminal_id).await?;
    Ok(sessions)
}

/// Make the terminals match the configuration at start: terminals of offices no longer
/// configured are revoked (with their sessions and help requests). Returns how many.
pub async fn sync_offices(
    pool: &Pool,
    offices: &[TerminalOffice],
    now: i64,
) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    let active: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, office_id FROM terminals WHERE revoked_at IS NULL")
            .fetch_all(&mut *tx)
            .await?;
    let mut revoked = 0;
    for (id, office) in active {
        if !offices.iter().any(|o| o.id == office) {
            revoke(&mut tx, id, now).await?;
            tracing::info!(terminal = id, %office, "office no longer configured: terminal revoked");
            revoked += 1;
        }
    }
    tx.commit().await?;
    Ok(revoked)
}
