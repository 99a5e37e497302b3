//! Visitors' help requests on a terminal, before or after login, with the consented step.

use minsida_api::terminal::{HelpState, VisitStep};
use sqlx::AnyConnection;

use crate::auth::session::{format_unix, Session};

/// Drop the terminal's help request, whoever it belongs to.
pub async fn clear_help(conn: &mut AnyConnection, terminal_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM help_requests WHERE terminal_id = $1")
        .bind(terminal_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A terminal's help request as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HelpRow {
    pub terminal_id: i64,
    pub session_hash: Option<String>,
    pub requested_at: i64,
    #[sqlx(try_from = "crate::db::Flag")]
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
    conn: &mut AnyConnection,
    terminal_id: i64,
) -> Result<Option<HelpRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT terminal_id, session_hash, requested_at, share_step, step, updated_at \
         FROM help_requests WHERE terminal_id = $1",
    )
    .bind(terminal_id)
    .fetch_optional(conn)
    .await
}

/// The visitor's own help request on the terminal.
pub async fn own_help(
    conn: &mut AnyConnection,
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
    conn: &mut AnyConnection,
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
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (terminal_id) DO UPDATE SET \
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
    conn: &mut AnyConnection,
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
        "UPDATE help_requests SET step = $1, updated_at = $2 \
         WHERE terminal_id = $3 AND share_step = TRUE AND session_hash IS NOT DISTINCT FROM $4",
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
    conn: &mut AnyConnection,
    terminal_id: i64,
    session: Option<&Session>,
    now: i64,
    idle_secs: u32,
) -> Result<Option<HelpRow>, sqlx::Error> {
    let Some(row) = own_help(conn, terminal_id, session, now, idle_secs).await? else {
        return Ok(None);
    };
    sqlx::query(
        "DELETE FROM help_requests WHERE terminal_id = $1 AND session_hash IS NOT DISTINCT FROM $2",
    )
    .bind(terminal_id)
    .bind(&row.session_hash)
    .execute(&mut *conn)
    .await?;
    Ok(Some(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::PersonSummary;

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
            acr: None,
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
