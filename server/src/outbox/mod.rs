//! The durable outbox of e-mails and SMS, and the worker that sends them.
//!
//! What causes a mail or SMS (a message delivered to the person, a verification code asked
//! for) writes an `outbox` row in its own transaction, so the row exists exactly when the
//! cause does. Each row has an idempotency key: queueing the same key again does nothing.
//!
//! The [`Worker`] claims due rows one at a time (`pending` or `retrying` with
//! `next_attempt_at` reached) by setting them to `sending` with a lease, hands them to the
//! [`mail::Mailer`] or [`sms::SmsSender`] and then marks them `sent`, or `retrying` with
//! exponential backoff ([`backoff_secs`]) after a transient error, or `failed` after a
//! permanent error or [`MAX_ATTEMPTS`] attempts. A row still `sending` when its lease ran out
//! means the server stopped in the middle of handing it over; whether it went out is unknown,
//! so it is marked `failed` and never sent again: a lost notice is better than a duplicate
//! code or notice. (The one duplicate left is a transient error after the mail server
//! accepted the data but before we saw its answer; the stable `Message-ID` lets the receiver
//! recognise it.)

pub mod mail;
pub mod sms;
pub mod texts;

use std::sync::Arc;
use std::time::Duration;

use crate::db::Pool;
use minsida_api::channels::{
    mask_email, mask_mobile, ContactChannel, NoticeChannel, NoticeLogEntry, NoticePurpose,
    NoticeStatus,
};
use minsida_api::messages::MatterCategory;
use sqlx::AnyConnection;
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::auth::session::format_unix;
use crate::channels;
use crate::config::PublicUrl;
use crate::{AppState, Clock};

/// How long a claimed row may stay `sending` before it counts as interrupted. Longer than
/// any attempt can take ([`mail::SMTP_TIMEOUT`] per step).
pub const LEASE_SECS: i64 = 10 * 60;
/// Attempts before a row with only transient errors is given up.
pub const MAX_ATTEMPTS: u32 = 8;
/// Wait after the first failed attempt; doubled after each further one.
pub const BACKOFF_BASE_SECS: i64 = 30;
/// Longest wait between two attempts.
pub const BACKOFF_CAP_SECS: i64 = 60 * 60;
/// Most rows the notice log shows.
pub const NOTICE_LOG_LIMIT: i64 = 100;
/// Longest `last_error` kept.
const MAX_ERROR_CHARS: usize = 500;
/// SQL that empties the text of a verification code once its row is final (sent or given up):
/// the code must not outlive its delivery in the database.
const BLANK_CODE: &str = "body = CASE WHEN purpose = 'verification_code' THEN '' ELSE body END";
/// What an interrupted row's `last_error` says.
pub const INTERRUPTED: &str = "interrupted while sending; not retried to avoid a duplicate";

/// Why handing a mail or SMS over failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// May work later (SMTP 4xx, connection refused, timeout, a full disk).
    Transient(String),
    /// Will never work (SMTP 5xx, an invalid address).
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Transient(e) => write!(f, "transient: {e}"),
            SendError::Permanent(e) => write!(f, "permanent: {e}"),
        }
    }
}

/// Seconds to wait after the `attempts`-th failed attempt (1-based): 30 s, 1 min, 2 min,
/// ... at most one hour.
pub fn backoff_secs(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(20);
    (BACKOFF_BASE_SECS << doublings).min(BACKOFF_CAP_SECS)
}

/// A row to queue.
#[derive(Debug, Clone)]
pub struct NewRow<'a> {
    pub person_id: i64,
    pub channel: NoticeChannel,
    pub purpose: NoticePurpose,
    pub recipient: &'a str,
    /// E-mail only.
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub idempotency_key: &'a str,
}

/// Queue a row, due at once. Returns its id, or `None` when a row with the same idempotency
/// key already exists (nothing is queued then).
pub async fn enqueue(
    conn: &mut AnyConnection,
    row: &NewRow<'_>,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO outbox (person_id, channel, purpose, recipient, subject, body, \
         idempotency_key, status, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(row.person_id)
    .bind(row.channel.as_str())
    .bind(row.purpose.as_str())
    .bind(row.recipient)
    .bind(row.subject)
    .bind(row.body)
    .bind(row.idempotency_key)
    .bind(now)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(id)
}

/// What the person's choices say about a message just delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryNotices {
    /// Notices queued (by e-mail and/or SMS to verified details).
    pub channels: Vec<NoticeChannel>,
    /// The person wants this kind of matter by paper letter.
    pub paper_letter_requested: bool,
}

/// Queue the notices the person chose for a message the agency delivered in a matter of
/// `category` (`Other` for a message without a matter), in the caller's transaction. The
/// notices say only that something new arrived; nothing of the message itself. Idempotent per
/// message and channel (`new_message:<message id>:<channel>`).
pub async fn queue_new_message_notices(
    conn: &mut AnyConnection,
    person_id: i64,
    message_id: i64,
    category: MatterCategory,
    public_url: &PublicUrl,
    now: i64,
) -> Result<DeliveryNotices, sqlx::Error> {
    // Saved choices only: the defaults send no notices, so the profile's language (another
    // query for every delivery to a person who never chose) would not be used.
    let saved = channels::load_saved_prefs(conn, person_id).await?;
    let contact = channels::contact_state(conn, person_id).await?;
    let wanted = saved.prefs.notices_for(category, contact.verified());
    let lang = saved.prefs.letter_language;
    let url = public_url.to_string();
    for channel in &wanted {
        let (recipient, subject, body) = match channel {
            NoticeChannel::Email => {
                let text = texts::new_message_email(lang, &url);
                (contact.email.as_deref(), Some(text.subject), text.body)
            }
            NoticeChannel::Sms => (
                contact.mobile.as_deref(),
                None,
                texts::new_message_sms(lang, &url),
            ),
        };
        // `notices_for` only names verified details, which have an address.
        let Some(recipient) = recipient else { continue };
        let key = format!("new_message:{message_id}:{}", channel.as_str());
        enqueue(
            conn,
            &NewRow {
                person_id,
                channel: *channel,
                purpose: NoticePurpose::NewMessage,
                recipient,
                subject: subject.as_deref(),
                body: &body,
                idempotency_key: &key,
            },
            now,
        )
        .await?;
    }
    Ok(DeliveryNotices {
        channels: wanted,
        paper_letter_requested: saved.prefs.kind(category).channel == ContactChannel::Paper,
    })
}

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    channel: String,
    purpose: String,
    status: String,
    recipient: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i64,
}

/// The person's notices and codes, newest first, with masked addresses. A row being handed
/// over right now shows as `pending`.
pub async fn notice_log(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<Vec<NoticeLogEntry>, sqlx::Error> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT id, channel, purpose, status, recipient, created_at, sent_at, attempts \
         FROM outbox WHERE person_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(person_id)
    .bind(NOTICE_LOG_LIMIT)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let channel = NoticeChannel::parse(&r.channel)?;
            Some(NoticeLogEntry {
                id: r.id,
                channel,
                purpose: NoticePurpose::parse(&r.purpose)?,
                status: match r.status.as_str() {
                    "sending" => NoticeStatus::Pending,
                    other => NoticeStatus::parse(other)?,
                },
                to: match channel {
                    NoticeChannel::Email => mask_email(&r.recipient),
                    NoticeChannel::Sms => mask_mobile(&r.recipient),
                },
                created_at: format_unix(r.created_at),
                sent_at: r.sent_at.map(format_unix),
                attempts: u32::try_from(r.attempts).unwrap_or(0),
            })
        })
        .collect())
}

/// What one [`Worker::run_once`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub sent: usize,
    /// Failed with a transient error; scheduled again.
    pub retrying: usize,
    /// Given up: a permanent error or the last allowed attempt.
    pub failed: usize,
    /// Found `sending` with an expired lease and marked `failed`.
    pub interrupted: usize,
}

impl RunReport {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    channel: String,
    recipient: String,
    subject: Option<String>,
    body: String,
    attempts: i64,
    created_at: i64,
}

/// How an attempt ended.
enum Outcome {
    Sent,
    Retry(String),
    Failed(String),
}

/// Sends what the outbox holds.
pub struct Worker {
    pool: Pool,
    clock: Clock,
    mailer: Arc<dyn mail::Mailer>,
    sms: Arc<dyn sms::SmsSender>,
    wake: Arc<Notify>,
    poll: Duration,
}

impl Worker {
    /// A worker on the application's database, clock and wake-up signal.
    pub fn new(
        state: &AppState,
        mailer: Arc<dyn mail::Mailer>,
        sms: Arc<dyn sms::SmsSender>,
    ) -> Self {
        Self {
            pool: state.pool.clone(),
            clock: state.clock.clone(),
            mailer,
            sms,
            wake: state.outbox_wake.clone(),
            poll: Duration::from_secs(u64::from(state.config.outbox_poll_secs)),
        }
    }

    /// A worker with the mailer the configuration asks for (SMTP, or `.eml` files) and SMS
    /// written to `<data-dir>/sms.jsonl`.
    pub fn from_config(state: &AppState) -> Result<Self, String> {
        let mailer = mail::from_config(&state.config)?;
        let path = state.config.data_dir.join(sms::SMS_FILE);
        tracing::warn!(
            path = %path.display(),
            "no SMS gateway: SMS (notices and verification codes) are written to this file"
        );
        Ok(Self::new(
            state,
            mailer,
            Arc::new(sms::FileSmsSender::new(path)),
        ))
    }

    fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Mark the rows whose lease ran out `failed`, then send every due row once. Returns
    /// what happened. Safe to run concurrently with itself: each row is claimed by one run.
    pub async fn run_once(&self) -> Result<RunReport, sqlx::Error> {
        self.round(&|| false).await
    }

    /// [`Worker::run_once`], claiming no further row once `stop()` is true.
    async fn round(&self, stop: &(dyn Fn() -> bool + Sync)) -> Result<RunReport, sqlx::Error> {
        let mut report = RunReport {
            interrupted: self.fail_interrupted().await?,
            ..RunReport::default()
        };
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

    /// Run until the task is dropped: a round at start, then whenever something is queued
    /// (the wake-up signal) or the poll interval has passed (retries that became due).
    pub async fn run(self) {
        let (_keep, stop) = tokio::sync::watch::channel(false);
        self.run_until(stop).await;
    }

    /// [`Worker::run`] until `stop` turns true: the send under way is finished (its outcome
    /// recorded), no further row is claimed, and the function returns.
    pub async fn run_until(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            let stopping = || *stop.borrow();
            if stopping() {
                break;
            }
            match self.round(&stopping).await {
                Ok(report) if !report.is_empty() => tracing::info!(
                    sent = report.sent,
                    retrying = report.retrying,
                    failed = report.failed,
                    interrupted = report.interrupted,
                    "outbox round"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox round failed"),
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.poll) => {}
                () = async {
                    // A dropped sender can never ask to stop.
                    if stop.wait_for(|stop| *stop).await.is_err() {
                        std::future::pending::<()>().await;
                    }
                } => {}
            }
        }
        tracing::info!("outbox worker stopped");
    }

    async fn fail_interrupted(&self) -> Result<usize, sqlx::Error> {
        let now = self.now().unix_timestamp();
        let mut tx = crate::db::begin_write(&self.pool).await?;
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $1, \
             {BLANK_CODE} WHERE status = 'sending' AND lease_until <= $2 RETURNING id"
        ))
        .bind(INTERRUPTED)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        for id in &ids {
            tracing::warn!(outbox_id = id, "{INTERRUPTED}");
        }
        Ok(ids.len())
    }

    /// Claim the next due row: `sending`, one more attempt, leased until now + lease.
    async fn claim(&self) -> Result<Option<Claimed>, sqlx::Error> {
        let now = self.now().unix_timestamp();
        // Several workers (one per server instance) may claim at once. SQLite has one writer
        // at a time anyway; on PostgreSQL each worker skips the rows another one has locked
        // (`FOR UPDATE SKIP LOCKED`) instead of waiting for it, and the outer condition
        // refuses a row that changed state meanwhile, so no row is ever claimed twice.
        let (mut tx, skip_locked) = match crate::db::Backend::of(&self.pool) {
            crate::db::Backend::Sqlite => (crate::db::begin_write(&self.pool).await?, ""),
            crate::db::Backend::Postgres => (self.pool.begin().await?, " FOR UPDATE SKIP LOCKED"),
        };
        let row: Option<Claimed> = sqlx::query_as(&format!(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = $1 \
             WHERE status IN ('pending', 'retrying') \
             AND id = (SELECT id FROM outbox WHERE status IN ('pending', 'retrying') \
             AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT 1{skip_locked}) \
             RETURNING id, channel, recipient, subject, body, attempts, created_at",
        ))
        .bind(now + LEASE_SECS)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn attempt(&self, row: &Claimed) -> Outcome {
        let now = self.now();
        let result = match NoticeChannel::parse(&row.channel) {
            Some(NoticeChannel::Email) => {
                self.mailer
                    .send(&mail::OutgoingMail {
                        outbox_id: row.id,
                        created_at: row.created_at,
                        to: &row.recipient,
                        subject: row.subject.as_deref().unwrap_or_default(),
                        body: &row.body,
                        date: now,
                    })
                    .await
            }
            Some(NoticeChannel::Sms) => {
                self.sms
                    .send(&sms::OutgoingSms {
                        outbox_id: row.id,
                        to: &row.recipient,
                        text: &row.body,
                        at: now,
                    })
                    .await
            }
            None => Err(SendError::Permanent(format!(
                "unknown channel {:?}",
                row.channel
            ))),
        };
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let outcome = match result {
            Ok(()) => Outcome::Sent,
            Err(SendError::Transient(e)) if attempts < MAX_ATTEMPTS => Outcome::Retry(e),
            Err(SendError::Transient(e)) => {
                Outcome::Failed(format!("gave up after {attempts} attempts: {e}"))
            }
            Err(SendError::Permanent(e)) => Outcome::Failed(e),
        };
        // Marked with the time the attempt ended, so the backoff counts from then.
        let done = self.now().unix_timestamp();
        if let Err(e) = self.finish(row.id, attempts, &outcome, done).await {
            // The row stays `sending`; when its lease runs out it is marked failed.
            tracing::error!(outbox_id = row.id, error = %e, "cannot record the outcome of an outbox attempt");
        }
        match &outcome {
            Outcome::Sent => tracing::info!(outbox_id = row.id, channel = %row.channel, "sent"),
            Outcome::Retry(e) => tracing::warn!(
                outbox_id = row.id,
                attempts,
                retry_in_secs = backoff_secs(attempts),
                error = %e,
                "sending failed; will retry"
            ),
            Outcome::Failed(e) => {
                tracing::error!(outbox_id = row.id, attempts, error = %e, "sending failed; given up")
            }
        }
        outcome
    }

    async fn finish(
        &self,
        id: i64,
        attempts: u32,
        outcome: &Outcome,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = crate::db::begin_write(&self.pool).await?;
        match outcome {
            Outcome::Sent => {
                sqlx::query(&format!(
                    "UPDATE outbox SET status = 'sent', sent_at = $1, lease_until = NULL, \
                     last_error = NULL, {BLANK_CODE} WHERE id = $2"
                ))
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Outcome::Retry(error) => {
                sqlx::query(
                    "UPDATE outbox SET status = 'retrying', next_attempt_at = $1, \
                     lease_until = NULL, last_error = $2 WHERE id = $3",
                )
                .bind(now + backoff_secs(attempts))
                .bind(truncate(error))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Outcome::Failed(error) => {
                sqlx::query(&format!(
                    "UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $1, \
                     {BLANK_CODE} WHERE id = $2"
                ))
                .bind(truncate(error))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(MAX_ERROR_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_30_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..=MAX_ATTEMPTS).map(backoff_secs).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600]);
        assert_eq!(backoff_secs(0), 30);
        assert_eq!(backoff_secs(u32::MAX), 3600);
    }

    #[test]
    fn errors_are_truncated() {
        assert_eq!(truncate(&"å".repeat(600)).chars().count(), MAX_ERROR_CHARS);
        assert_eq!(truncate("short"), "short");
    }
}
