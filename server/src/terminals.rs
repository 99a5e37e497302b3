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

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue};
use minsida_api::terminal::{HelpState, StaffTerminal, TerminalInfo, VisitStep};
use sha2::{Digest as _, Sha256};
use sqlx::{SqliteConnection, SqlitePool};
use subtle::ConstantTimeEq;

use crate::auth::session::{self, format_unix, is_expired, Session};
use crate::config::{Config, TerminalOffice};
use crate::AppState;

/// Longest terminal name, in characters.
pub const MAX_TERMINAL_NAME_CHARS: usize = 60;
/// Lifetime of the device cookie: 400 days, the most browsers accept. It is renewed every
/// time the terminal asks for its status, so a terminal in use stays enrolled.
pub const DEVICE_COOKIE_MAX_AGE_SECS: u32 = 400 * 24 * 60 * 60;
/// Failed enrollment key attempts per office and window before further attempts are refused.
pub const MAX_KEY_FAILURES: u32 = 10;
/// The rate limiting window of enrollment key attempts: 15 minutes.
pub const KEY_FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// `last_seen_at` of a terminal is written at most this often.
const TOUCH_INTERVAL_SECS: i64 = 60;
/// Limiter bucket shared by every office id that is not configured.
const UNKNOWN_OFFICE_BUCKET: &str = "";

/// `Clear-Site-Data` sent when a visit on a terminal ends (and at enrollment and
/// unenrollment): the browser drops its HTTP cache and everything script could store
/// (local and session storage, IndexedDB, Cache Storage, service workers). Not `"cookies"`:
/// that would remove the terminal's own device cookie; the session cookie is expired
/// explicitly instead.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// Builds the `Set-Cookie` values of the device cookie. Same attributes as the session
/// cookie (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` and the `__Host-` prefix over
/// https), but persistent: it must survive the browser restarting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCookie {
    pub name: &'static str,
    pub secure: bool,
}

impl DeviceCookie {
    pub fn from_config(config: &Config) -> Self {
        Self {
            name: config.terminal_cookie_name(),
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

    pub fn set(&self, token: &str) -> HeaderValue {
        HeaderValue::from_str(&format!(
            "{}={}; Max-Age={DEVICE_COOKIE_MAX_AGE_SECS}{}",
            self.name,
            token,
            self.attributes()
        ))
        .expect("device cookies are ASCII")
    }

    pub fn clear(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("{}=; Max-Age=0{}", self.name, self.attributes()))
            .expect("device cookies are ASCII")
    }

    pub fn read<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        session::read_cookie(headers, self.name)
    }
}

/// Whether `given` is the office's enrollment key, compared in constant time (both sides are
/// hashed first, so neither the length nor the content of the key leaks through timing). An
/// unknown office never matches but takes the same time.
pub fn key_matches(office: Option<&TerminalOffice>, given: &str) -> bool {
    let expected = Sha256::digest(office.map_or("", |o| o.key.as_str()).as_bytes());
    let given = Sha256::digest(given.as_bytes());
    let equal: bool = expected.ct_eq(&given).into();
    office.is_some() & equal
}

/// Rate limit of failed enrollment key attempts: at most `max_failures` per bucket (office)
/// in a fixed window; while a bucket is full every attempt is refused without looking at the
/// key, so guessing cannot go on. Unknown office ids share one bucket, so the map stays as
/// small as the configuration. Kept in memory: a restart resets it, which does not help a
/// guesser noticeably with keys of at least 24 characters.
#[derive(Debug)]
pub struct KeyAttemptLimiter {
    max_failures: u32,
    window_secs: i64,
    /// bucket -> (window start, failures in the window)
    buckets: Mutex<HashMap<String, (i64, u32)>>,
}

impl Default for KeyAttemptLimiter {
    fn default() -> Self {
        Self::new(MAX_KEY_FAILURES, KEY_FAILURE_WINDOW_SECS)
    }
}

impl KeyAttemptLimiter {
    pub fn new(max_failures: u32, window_secs: i64) -> Self {
        Self {
            max_failures,
            window_secs,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The bucket of an office id: its own when configured, else the shared one.
    pub fn bucket(office: Option<&TerminalOffice>) -> &str {
        office.map_or(UNKNOWN_OFFICE_BUCKET, |o| o.id.as_str())
    }

    /// `Err(seconds until the window ends)` when the bucket has no attempts left.
    pub fn check(&self, bucket: &str, now: i64) -> Result<(), i64> {
        let buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        match buckets.get(bucket) {
            Some(&(start, failures))
                if now < start + self.window_secs && failures >= self.max_failures =>
            {
                Err(start + self.window_secs - now)
            }
            _ => Ok(()),
        }
    }

    /// Count a failed attempt.
    pub fn failed(&self, bucket: &str, now: i64) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let entry = buckets.entry(bucket.to_string()).or_insert((now, 0));
        if now >= entry.0 + self.window_secs {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }
}

/// The name of a terminal as given at enrollment: trimmed, 1–60 characters, no control
/// characters.
pub fn clean_terminal_name(name: &str) -> Result<String, minsida_api::FieldErrorCode> {
    let name = name.trim();
    if name.is_empty() {
        Err(minsida_api::FieldErrorCode::Required)
    } else if name.chars().count() > MAX_TERMINAL_NAME_CHARS {
        Err(minsida_api::FieldErrorCode::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(minsida_api::FieldErrorCode::InvalidValue)
    } else {
        Ok(name.to_string())
    }
}

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
         WHERE token_hash = ? AND revoked_at IS NULL",
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
        sqlx::query("UPDATE terminals SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")
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
    conn: &mut SqliteConnection,
    terminal_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(terminal_id)
        .execute(&mut *conn)
        .await?;
    end_visits(conn, terminal_id).await
}

/// End everything of the visits on a terminal: its sessions and its help request (also one
/// asked for before login). Used at a new login on the terminal, so the next visitor never
/// meets anything of the previous one. Returns how many sessions ended.
pub async fn end_visits(conn: &mut SqliteConnection, terminal_id: i64) -> Result<u64, sqlx::Error> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE terminal_id = ?")
        .bind(terminal_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    clear_help(conn, terminal_id).await?;
    Ok(sessions)
}

/// Drop the terminal's help request, whoever it belongs to.
pub async fn clear_help(conn: &mut SqliteConnection, terminal_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM help_requests WHERE terminal_id = ?")
        .bind(terminal_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Make the terminals match the configuration at start: terminals of offices no longer
/// configured are revoked (with their sessions and help requests). Returns how many.
pub async fn sync_offices(
    pool: &SqlitePool,
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

// ---------------------------------------------------------------------------------------------
// Help requests
// ---------------------------------------------------------------------------------------------

/// A terminal's help request as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HelpRow {
    pub terminal_id: i64,
    pub session_hash: Option<String>,
    pub requested_at: i64,
    pub share_step: bool,
    pub step: Option<String>,
    pub updated_at: i64,
}

impl HelpRow {
    /// Whether the visitor making a request (logged in with `session`, or not) owns this help
    /// request. A request made before login lives `idle_secs` after its last activity.
    pub fn belongs_to(&self, session: Option<&Session>, now: i64, idle_secs: u32) -> bool {
        match (&self.session_hash, session) {
            (None, None) => now < self.updated_at.saturating_add(i64::from(idle_secs)),
            (Some(hash), Some(s)) => *hash == s.id_hash,
            _ => false,
        }
    }

    pub fn state(&self) -> HelpState {
        HelpState {
            requested_at: Some(format_unix(self.requested_at)),
            share_step: self.share_step,
        }
    }

    /// The consented step, if any.
    pub fn shared_step(&self) -> Option<VisitStep> {
        if self.share_step {
            self.step.as_deref().and_then(VisitStep::parse)
        } else {
            None
        }
    }
}

/// No help asked for.
pub fn no_help() -> HelpState {
    HelpState {
        requested_at: None,
        share_step: false,
    }
}

/// The terminal's help request, whoever it belongs to.
pub async fn help_row(
    conn: &mut SqliteConnection,
    terminal_id: i64,
) -> Result<Option<HelpRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT terminal_id, session_hash, requested_at, share_step, step, updated_at \
         FROM help_requests WHERE terminal_id = ?",
    )
    .bind(terminal_id)
    .fetch_optional(conn)
    .await
}

/// The visitor's own help request on the terminal.
pub async fn own_help(
    conn: &mut SqliteConnection,
    terminal_id: i64,
    session: Option<&Session>,
    now: i64,
    idle_secs: u32,
) -> Result<Option<HelpRow>, sqlx::Error> {
    Ok(help_row(conn, terminal_id)
        .await?
        .filter(|row| row.belongs_to(session, now, idle_secs)))
}

/// Ask for help: the terminal's request becomes the visitor's, replacing whatever was there.
/// A visitor who already waits keeps their place (`requested_at`) when changing consent.
/// The step is only stored with consent.
pub async fn request_help(
    conn: &mut SqliteConnection,
    terminal_id: i64,
    session: Option<&Session>,
    share_step: bool,
    step: VisitStep,
    now: i64,
    idle_secs: u32,
) -> Result<HelpRow, sqlx::Error> {
    let requested_at = own_help(conn, terminal_id, session, now, idle_secs)
        .await?
        .map_or(now, |row| row.requested_at);
    let row = HelpRow {
        terminal_id,
        session_hash: session.map(|s| s.id_hash.clone()),
        requested_at,
        share_step,
        step: share_step.then(|| step.as_str().to_string()),
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO help_requests (terminal_id, session_hash, requested_at, share_step, step, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE SET \
         session_hash = excluded.session_hash, requested_at = excluded.requested_at, \
         share_step = excluded.share_step, step = excluded.step, updated_at = excluded.updated_at",
    )
    .bind(row.terminal_id)
    .bind(&row.session_hash)
    .bind(row.requested_at)
    .bind(row.share_step)
    .bind(&row.step)
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(row)
}

/// Record the visitor's step, only when their own help request has their consent. Returns
/// whether it was stored.
pub async fn update_step(
    conn: &mut SqliteConnection,
    terminal_id: i64,
    session: Option<&Session>,
    step: VisitStep,
    now: i64,
    idle_secs: u32,
) -> Result<bool, sqlx::Error> {
    let Some(row) = own_help(conn, terminal_id, session, now, idle_secs).await? else {
        return Ok(false);
    };
    if !row.share_step {
        return Ok(false);
    }
    let done = sqlx::query(
        "UPDATE help_requests SET step = ?, updated_at = ? \
         WHERE terminal_id = ? AND share_step = 1 AND session_hash IS ?",
    )
    .bind(step.as_str())
    .bind(now)
    .bind(terminal_id)
    .bind(&row.session_hash)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdraw the visitor's own help request; returns it if there was one.
pub async fn cancel_help(
    conn: &mut SqliteConnection,
    terminal_id: i64,
    session: Option<&Session>,
    now: i64,
    idle_secs: u32,
) -> Result<Option<HelpRow>, sqlx::Error> {
    let Some(row) = own_help(conn, terminal_id, session, now, idle_secs).await? else {
        return Ok(None);
    };
    sqlx::query("DELETE FROM help_requests WHERE terminal_id = ? AND session_hash IS ?")
        .bind(terminal_id)
        .bind(&row.session_hash)
        .execute(&mut *conn)
        .await?;
    Ok(Some(row))
}

// ---------------------------------------------------------------------------------------------
// Staff view
// ---------------------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    office_id: String,
    name: String,
    session_hash: Option<String>,
    requested_at: Option<i64>,
    share_step: Option<bool>,
    step: Option<String>,
    updated_at: Option<i64>,
    /// The help request's session (LEFT JOIN): whose step it is, and whether it is live.
    help_person_id: Option<i64>,
    help_last_seen_at: Option<i64>,
    help_expires_at: Option<i64>,
}

/// One terminal of the staff view, with the person whose consented step it shows (for the
/// audit trail only; never returned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEntry {
    pub terminal: StaffTerminal,
    pub step_of_person: Option<i64>,
}

/// Every active terminal of a configured office, by office and name: its live help request,
/// the step when the visitor consented to share it, and whether a visit is in progress.
pub async fn staff_view(
    conn: &mut SqliteConnection,
    config: &Config,
    now: i64,
) -> Result<Vec<StaffEntry>, sqlx::Error> {
    let idle = config.terminal_idle_secs;
    let rows: Vec<StaffRow> = sqlx::query_as(
        "SELECT t.id, t.office_id, t.name, h.session_hash, h.requested_at, h.share_step, h.step, \
         h.updated_at, hs.person_id AS help_person_id, hs.last_seen_at AS help_last_seen_at, \
         hs.expires_at AS help_expires_at \
         FROM terminals t LEFT JOIN help_requests h ON h.terminal_id = t.id \
         LEFT JOIN sessions hs ON hs.id_hash = h.session_hash \
         WHERE t.revoked_at IS NULL ORDER BY t.office_id, t.name, t.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let visits: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT terminal_id, last_seen_at, expires_at FROM sessions WHERE terminal_id IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    let offices = config.effective_terminal_offices();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(office) = offices.iter().find(|o| o.id == r.office_id) else {
            continue;
        };
        let help = match (r.requested_at, r.updated_at, &r.session_hash) {
            (Some(requested_at), Some(updated_at), None) => {
                (now < updated_at.saturating_add(i64::from(idle))).then_some((requested_at, None))
            }
            (Some(requested_at), Some(_), Some(_)) => {
                match (r.help_person_id, r.help_last_seen_at, r.help_expires_at) {
                    (Some(person), Some(last_seen), Some(expires))
                        if !is_expired(last_seen, expires, now, idle) =>
                    {
                        Some((requested_at, Some(person)))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let step = match help {
            Some(_) if r.share_step == Some(true) => r.step.as_deref().and_then(VisitStep::parse),
            _ => None,
        };
        let visit_in_progress = visits.iter().any(|&(t, last_seen, expires)| {
            t == r.id && !is_expired(last_seen, expires, now, idle)
        });
        out.push(StaffEntry {
            step_of_person: step.and(help.and_then(|(_, person)| person)),
            terminal: StaffTerminal {
                id: r.id,
                name: r.name,
                office: office.name.clone(),
                help_requested_at: help.map(|(at, _)| format_unix(at)),
                step,
                visit_in_progress,
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::{FieldErrorCode, PersonSummary};

    fn office(id: &str, key: &str) -> TerminalOffice {
        TerminalOffice {
            id: id.into(),
            name: format!("Servicekontoret {id}"),
            key: key.into(),
        }
    }

    #[test]
    fn keys_must_match_exactly_and_unknown_offices_never_match() {
        let o = office("malmo", "the-right-key-000000000000");
        assert!(key_matches(Some(&o), "the-right-key-000000000000"));
        assert!(!key_matches(Some(&o), "the-right-key-00000000000"));
        assert!(!key_matches(Some(&o), "the-right-key-0000000000000"));
        assert!(!key_matches(Some(&o), ""));
        assert!(!key_matches(None, ""));
        assert!(!key_matches(None, "the-right-key-000000000000"));
    }

    #[test]
    fn limiter_refuses_after_too_many_failures_until_the_window_ends() {
        let l = KeyAttemptLimiter::new(3, 100);
        for t in [0, 10, 20] {
            assert_eq!(l.check("malmo", t), Ok(()));
            l.failed("malmo", t);
        }
        assert_eq!(l.check("malmo", 30), Err(70));
        assert_eq!(l.check("malmo", 99), Err(1));
        // Other offices are not affected.
        assert_eq!(l.check("lund", 30), Ok(()));
        // A new window starts after 100 s.
        assert_eq!(l.check("malmo", 100), Ok(()));
        l.failed("malmo", 100);
        assert_eq!(l.check("malmo", 101), Ok(()));
        assert_eq!(KeyAttemptLimiter::bucket(None), UNKNOWN_OFFICE_BUCKET);
        assert_eq!(
            KeyAttemptLimiter::bucket(Some(&office("lund", "k"))),
            "lund"
        );
    }

    #[test]
    fn terminal_names() {
        assert_eq!(clean_terminal_name("  Malmö 2 ").as_deref(), Ok("Malmö 2"));
        assert_eq!(clean_terminal_name("   "), Err(FieldErrorCode::Required));
        assert_eq!(
            clean_terminal_name(&"å".repeat(60)).map(|n| n.chars().count()),
            Ok(60)
        );
        assert_eq!(
            clean_terminal_name(&"å".repeat(61)),
            Err(FieldErrorCode::TooLong)
        );
        assert_eq!(
            clean_terminal_name("a\u{7}b"),
            Err(FieldErrorCode::InvalidValue)
        );
    }

    #[test]
    fn device_cookie_attributes() {
        let http = DeviceCookie {
            name: "minsida_terminal",
            secure: false,
        };
        assert_eq!(
            http.set("tok"),
            "minsida_terminal=tok; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/"
        );
        assert_eq!(
            http.clear(),
            "minsida_terminal=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"
        );
        let https = DeviceCookie {
            name: "__Host-minsida_terminal",
            secure: true,
        };
        assert_eq!(
            https.set("tok"),
            "__Host-minsida_terminal=tok; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
    }

    fn session(hash: &str) -> Session {
        Session {
            id_hash: hash.into(),
            person_id: 1,
            csrf_token: String::new(),
            provider: "test".into(),
            created_at: 0,
            last_seen_at: 0,
            expires_at: 1000,
            person: PersonSummary {
                personal_number: "191212121212".into(),
                given_name: "T".into(),
                last_name: "T".into(),
            },
            acting_party_id: None,
            terminal_id: Some(1),
            idle_timeout_secs: 300,
        }
    }

    #[test]
    fn help_requests_belong_to_one_visitor() {
        let before_login = HelpRow {
            terminal_id: 1,
            session_hash: None,
            requested_at: 100,
            share_step: true,
            step: Some("login".into()),
            updated_at: 200,
        };
        // Before login: anyone at the terminal without a session, until it goes idle.
        assert!(before_login.belongs_to(None, 499, 300));
        assert!(!before_login.belongs_to(None, 500, 300));
        assert!(!before_login.belongs_to(Some(&session("a")), 300, 300));
        let logged_in = HelpRow {
            session_hash: Some("a".into()),
            ..before_login.clone()
        };
        assert!(logged_in.belongs_to(Some(&session("a")), 300, 300));
        assert!(!logged_in.belongs_to(Some(&session("b")), 300, 300));
        assert!(!logged_in.belongs_to(None, 300, 300));
        assert_eq!(logged_in.shared_step(), Some(VisitStep::Login));
        let no_consent = HelpRow {
            share_step: false,
            ..before_login
        };
        assert_eq!(no_consent.shared_step(), None);
        assert_eq!(
            no_consent.state(),
            HelpState {
                requested_at: Some("1970-01-01T00:01:40Z".into()),
                share_step: false
            }
        );
        assert_eq!(no_help().requested_at, None);
    }
}
