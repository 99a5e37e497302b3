//! Keeping SQLite's write-ahead log bounded.
//!
//! SQLite's automatic checkpoints are `PASSIVE`: they copy pages from the log into the
//! database but can only start the log over from the beginning when no reader still uses an
//! older snapshot. Under steady concurrent reads that moment never comes, so the log file
//! grows without bound (321 MB of log for 15 MB of data was measured) and every reader has to
//! search a longer log. Two things bound it:
//!
//! - every connection sets `PRAGMA journal_size_limit` ([`JOURNAL_SIZE_LIMIT`]): whenever the
//!   log is started over, its file is truncated to at most that size;
//! - a background task ([`run`]) looks at the log's size every [`CHECK_INTERVAL`] and, past
//!   [`WalPolicy::threshold_bytes`] (or when a log has been left unchecked for
//!   [`WalPolicy::max_age`]), checkpoints in two steps on a connection of its own: `PASSIVE`
//!   first, which copies the log into the database without blocking anybody, then
//!   `TRUNCATE`, which copies the little that was written meanwhile, waits (at most
//!   [`WalPolicy::busy_timeout`]) for the checkpoint lock (which the automatic checkpoints
//!   of committing writers take often under load; SQLite does not wait for it, so the step
//!   is tried again after short pauses), the write lock and the readers of older snapshots,
//!   and empties the log file. Only that second step holds writers back, for the time it
//!   reports in [`WalCheckpoint::truncate_ms`]. When it cannot get its moment in time it gives
//!   up (`busy`) and is tried again at the next look, each time waiting twice as long, up to
//!   [`WalPolicy::max_busy_timeout`], so a steady stream of writers cannot starve it.
//!
//! Reads never hold a transaction open beyond the request that needs it (handlers use the
//! pool's auto-commit statements or a connection for the length of one request), so the
//! `TRUNCATE` step finds its moment within milliseconds. The last checkpoint's result and the
//! log's size are part of `GET /api/health` ([`WalMonitor::health`]).
//!
//! On PostgreSQL the monitor does nothing: the server manages its own log.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use minsida_api::{DatabaseHealth, WalCheckpoint};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::db::{Backend, Pool};

/// `PRAGMA journal_size_limit` of every connection: the size in bytes the log file is cut
/// back to whenever it is started over.
pub const JOURNAL_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// How often [`run`] looks at the log's size (a `stat` of the file; a checkpoint only when due).
/// Under load the log grows by tens of MiB a second (every read writes an audit row), so a
/// log past the threshold must not wait long for its checkpoint.
pub const CHECK_INTERVAL: Duration = Duration::from_millis(250);

/// When and how the background task checkpoints.
#[derive(Debug, Clone, Copy)]
pub struct WalPolicy {
    /// A log at least this large is checkpointed at the next look.
    pub threshold_bytes: u64,
    /// A non-empty log is checkpointed at least this often, however small it is, so an idle
    /// server does not keep a log (and its readers' search through it) for ever.
    pub max_age: Duration,
    /// How long the `TRUNCATE` step waits for the write lock and for readers of older
    /// snapshots (meanwhile holding writers back) before it gives up until the next look.
    pub busy_timeout: Duration,
    /// After each `busy` result the next wait is twice as long, up to this.
    pub max_busy_timeout: Duration,
}

impl Default for WalPolicy {
    fn default() -> Self {
        Self {
            threshold_bytes: 16 * 1024 * 1024,
            max_age: Duration::from_secs(300),
            busy_timeout: Duration::from_millis(250),
            max_busy_timeout: Duration::from_secs(2),
        }
    }
}

/// Watches one database's log: its size, the last checkpoint, and the connection the
/// checkpoints run on.
pub struct WalMonitor {
    /// `<database>-wal`; `None` for an in-memory database, which has no log file, and for
    /// PostgreSQL.
    wal_path: Option<PathBuf>,
    /// The SQLite database's connection settings; `None` for PostgreSQL.
    options: Option<SqliteConnectOptions>,
    policy: WalPolicy,
    /// The dedicated checkpoint connection (opened on first use), also making sure that only
    /// one checkpoint runs at a time.
    conn: tokio::sync::Mutex<Option<SqliteConnection>>,
    tracking: Mutex<Tracking>,
}

/// What the monitor remembers between looks.
#[derive(Debug)]
struct Tracking {
    /// `busy` results in a row since the last finished checkpoint.
    busy_streak: u32,
    /// The last checkpoint's result.
    last: Option<WalCheckpoint>,
    /// When the log was last seen empty or checkpointed.
    since: Instant,
}

impl std::fmt::Debug for WalMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WalMonitor")
            .field("wal_path", &self.wal_path)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl WalMonitor {
    /// A monitor of the database `pool` is connected to.
    pub fn new(pool: &Pool, policy: WalPolicy) -> Self {
        let options = match Backend::of(pool) {
            Backend::Sqlite => <SqliteConnectOptions as std::str::FromStr>::from_str(
                pool.connect_options().database_url.as_str(),
            )
            .ok(),
            Backend::Postgres => None,
        };
        let wal_path = options.as_ref().and_then(|o| {
            let filename = o.get_filename();
            (!is_in_memory(filename)).then(|| wal_path_of(filename))
        });
        let options = options.map(|o| {
            o.create_if_missing(false)
                .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT.to_string())
        });
        Self {
            wal_path,
            options,
            policy,
            conn: tokio::sync::Mutex::new(None),
            tracking: Mutex::new(Tracking {
                busy_streak: 0,
                last: None,
                since: Instant::now(),
            }),
        }
    }

    /// Size of the log file in bytes (0 when there is none).
    pub fn wal_bytes(&self) -> u64 {
        self.wal_path
            .as_deref()
            .and_then(|path| std::fs::metadata(path).ok())
            .map_or(0, |m| m.len())
    }

    /// The last checkpoint's result, if any ran since the start.
    pub fn last_checkpoint(&self) -> Option<WalCheckpoint> {
        self.tracking().last.clone()
    }

    /// The log's size and the last checkpoint, for the health output.
    pub fn health(&self) -> DatabaseHealth {
        DatabaseHealth {
            wal_bytes: self.wal_bytes(),
            journal_size_limit: JOURNAL_SIZE_LIMIT,
            checkpoint_threshold: self.policy.threshold_bytes,
            last_checkpoint: self.last_checkpoint(),
        }
    }

    /// Whether the log is due for a checkpoint now: past the threshold, or non-empty and
    /// unchecked for longer than the policy's maximum age.
    pub fn is_due(&self) -> bool {
        let bytes = self.wal_bytes();
        let mut tracking = self.tracking();
        if bytes == 0 {
            tracking.since = Instant::now();
            return false;
        }
        bytes >= self.policy.threshold_bytes || tracking.since.elapsed() >= self.policy.max_age
    }

    /// Checkpoint now (`PASSIVE`, then `TRUNCATE`), whatever the log's size; `None` for an
    /// in-memory database. Only one checkpoint runs at a time.
    pub async fn checkpoint(&self, now_unix: i64) -> Result<Option<WalCheckpoint>, sqlx::Error> {
        let (Some(_), Some(options)) = (&self.wal_path, &self.options) else {
            return Ok(None);
        };
        let mut guard = self.conn.lock().await;
        let conn = match &mut *guard {
            Some(conn) => conn,
            slot => slot.insert(options.connect().await?),
        };
        let result = checkpoint_on(conn, self.busy_timeout()).await;
        if result.is_err() {
            // Start with a fresh connection next time.
            if let Some(conn) = guard.take() {
                let _ = conn.close().await;
            }
        }
        let (passive_frames, truncate) = result?;
        let checkpoint = WalCheckpoint {
            at: now_unix,
            busy: truncate.busy,
            log_frames: truncate.log_frames,
            checkpointed_frames: truncate.checkpointed_frames,
            passive_frames,
            truncate_ms: truncate.elapsed.as_millis().try_into().unwrap_or(u64::MAX),
            wal_bytes_after: self.wal_bytes(),
        };
        let mut tracking = self.tracking();
        if checkpoint.busy {
            tracking.busy_streak = tracking.busy_streak.saturating_add(1);
        } else {
            tracking.busy_streak = 0;
            tracking.since = Instant::now();
        }
        tracking.last = Some(checkpoint.clone());
        drop(tracking);
        Ok(Some(checkpoint))
    }

    /// How long the next `TRUNCATE` step may wait: the policy's busy timeout, doubled for
    /// every `busy` result in a row, at most the policy's maximum.
    pub fn busy_timeout(&self) -> Duration {
        let streak = self.tracking().busy_streak;
        let factor = 1u32.checked_shl(streak.min(16)).unwrap_or(u32::MAX);
        self.policy
            .busy_timeout
            .saturating_mul(factor)
            .min(self.policy.max_busy_timeout)
    }

    /// Checkpoint if [`Self::is_due`]; the result when one ran.
    pub async fn checkpoint_if_due(
        &self,
        now_unix: i64,
    ) -> Result<Option<WalCheckpoint>, sqlx::Error> {
        if self.is_due() {
            self.checkpoint(now_unix).await
        } else {
            Ok(None)
        }
    }

    fn tracking(&self) -> std::sync::MutexGuard<'_, Tracking> {
        self.tracking.lock().expect("not poisoned")
    }

    /// Close the checkpoint connection (at shutdown, before the pool closes).
    pub async fn close(&self) {
        if let Some(conn) = self.conn.lock().await.take() {
            let _ = conn.close().await;
        }
    }
}

/// One `PRAGMA wal_checkpoint(...)` answer.
struct Step {
    busy: bool,
    log_frames: i64,
    checkpointed_frames: i64,
    elapsed: Duration,
}

/// Pause between two tries of the `TRUNCATE` step that found the checkpoint lock taken.
const RETRY_PAUSE: Duration = Duration::from_millis(5);

async fn checkpoint_on(
    conn: &mut SqliteConnection,
    busy_timeout: Duration,
) -> Result<(i64, Step), sqlx::Error> {
    // PASSIVE never waits; the busy timeout only applies to the TRUNCATE step.
    let passive = pragma_checkpoint(conn, "PASSIVE").await?;
    // SQLite answers `busy` at once, without calling the busy handler, while another
    // connection holds the checkpoint lock - and under load the automatic PASSIVE checkpoint
    // that commits run holds it often. So the TRUNCATE step is tried again after a short
    // pause until it finishes or its time is used up; each try waits (busy handler) at most
    // the time that is left. Only the tries themselves can hold writers back: their time adds
    // up to the reported `elapsed`, the pauses do not count.
    let deadline = Instant::now() + busy_timeout;
    let mut held = Duration::ZERO;
    loop {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        sqlx::query(&format!("PRAGMA busy_timeout = {}", left.as_millis()))
            .execute(&mut *conn)
            .await?;
        let mut truncate = pragma_checkpoint(conn, "TRUNCATE").await?;
        held += truncate.elapsed;
        if !truncate.busy || Instant::now() + RETRY_PAUSE >= deadline {
            truncate.elapsed = held;
            return Ok((passive.checkpointed_frames.max(0), truncate));
        }
        tokio::time::sleep(RETRY_PAUSE).await;
    }
}

async fn pragma_checkpoint(conn: &mut SqliteConnection, mode: &str) -> Result<Step, sqlx::Error> {
    let started = Instant::now();
    // The mode is one of two constants above, never input.
    let (busy, log_frames, checkpointed_frames): (i64, i64, i64) =
        sqlx::query_as(&format!("PRAGMA wal_checkpoint({mode})"))
            .fetch_one(&mut *conn)
            .await?;
    Ok(Step {
        busy: busy != 0,
        log_frames,
        checkpointed_frames,
        elapsed: started.elapsed(),
    })
}

/// The background task: every [`CHECK_INTERVAL`], checkpoint when [`WalMonitor::is_due`].
pub async fn run(monitor: Arc<WalMonitor>, clock: crate::Clock) {
    let mut interval = tokio::time::interval(CHECK_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let before = monitor.wal_bytes();
        match monitor.checkpoint_if_due(clock().unix_timestamp()).await {
            Ok(None) => {}
            Ok(Some(c)) if c.busy => tracing::warn!(
                wal_bytes = before,
                truncate_ms = c.truncate_ms,
                "write-ahead log checkpoint postponed: readers of an older snapshot were busy"
            ),
            Ok(Some(c)) => tracing::info!(
                wal_bytes_before = before,
                wal_bytes_after = c.wal_bytes_after,
                frames = c.checkpointed_frames,
                passive_frames = c.passive_frames,
                truncate_ms = c.truncate_ms,
                "write-ahead log checkpointed"
            ),
            Err(e) => tracing::error!(error = %e, "write-ahead log checkpoint failed"),
        }
    }
}

fn is_in_memory(filename: &Path) -> bool {
    // sqlx names the databases of `sqlite::memory:` URLs `file:sqlx-in-memory-N`.
    let name = filename.to_string_lossy();
    name.is_empty() || name.contains(":memory:") || name.starts_with("file:sqlx-in-memory")
}

/// SQLite's name for a database's log: the database file's name with `-wal` appended.
fn wal_path_of(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: i64 = 3_000;
    const PAYLOAD: usize = 4_000;

    async fn open(path: &Path) -> Pool {
        crate::db::connect_url(&crate::db::sqlite_url(path), 8)
            .await
            .unwrap()
    }

    async fn in_memory() -> Pool {
        crate::db::connect_url("sqlite::memory:", 8).await.unwrap()
    }

    async fn pool_in(dir: &Path) -> Pool {
        let pool = open(&dir.join("t.sqlite")).await;
        sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
            .execute(&pool)
            .await
            .unwrap();
        pool
    }

    /// Writes `ROWS` rows, one transaction each (as requests do), from `first_id` on.
    async fn write_rows(pool: &Pool, first_id: i64) {
        for id in first_id..first_id + ROWS {
            let mut tx = crate::db::begin_write(pool).await.unwrap();
            sqlx::query("INSERT INTO t (id, payload) VALUES ($1, $2)")
                .bind(id)
                .bind(vec![(id % 251) as u8; PAYLOAD])
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    }

    async fn check_rows(pool: &Pool, count: i64) {
        let (n, bytes, ids): (i64, i64, i64) =
            sqlx::query_as("SELECT count(*), sum(length(payload)), sum(id) FROM t")
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(n, count);
        assert_eq!(bytes, count * PAYLOAD as i64);
        assert_eq!(ids, count * (count + 1) / 2);
    }

    #[tokio::test]
    async fn a_log_grown_under_an_open_reader_is_truncated_once_the_reader_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_in(dir.path()).await;
        let policy = WalPolicy {
            threshold_bytes: 1024 * 1024,
            ..WalPolicy::default()
        };
        let monitor = WalMonitor::new(&pool, policy);
        assert_eq!(
            monitor.wal_path.as_deref(),
            Some(dir.path().join("t.sqlite-wal").as_path())
        );

        // A reader keeps a snapshot open (on its own connection, outside the pool) while
        // 12 MB are written in 3,000 transactions: no automatic checkpoint can start the log
        // over, so it grows past the threshold.
        let mut reader = monitor.options.clone().unwrap().connect().await.unwrap();
        sqlx::query("BEGIN").execute(&mut reader).await.unwrap();
        let (seen,): (i64,) = sqlx::query_as("SELECT count(*) FROM t")
            .fetch_one(&mut reader)
            .await
            .unwrap();
        assert_eq!(seen, 0);
        write_rows(&pool, 1).await;
        let grown = monitor.wal_bytes();
        assert!(
            grown > (ROWS as u64) * (PAYLOAD as u64),
            "the log holds every row: {grown} bytes"
        );
        assert!(monitor.is_due());

        // While the reader is still there, the TRUNCATE step gives up after its busy timeout
        // and says so; the PASSIVE step still copied what it could; nothing is lost.
        assert_eq!(monitor.busy_timeout(), policy.busy_timeout);
        let busy = monitor
            .checkpoint(1)
            .await
            .unwrap()
            .expect("a file database");
        assert!(busy.busy, "{busy:?}");
        // The next attempt waits twice as long, and never longer than the maximum.
        assert_eq!(monitor.busy_timeout(), policy.busy_timeout * 2);
        assert_eq!(monitor.last_checkpoint(), Some(busy.clone()));
        assert!(busy.wal_bytes_after >= grown);
        assert!(monitor.health().last_checkpoint.unwrap().busy);
        check_rows(&pool, ROWS).await;

        // The reader is done: the next look truncates the log.
        sqlx::query("COMMIT").execute(&mut reader).await.unwrap();
        reader.close().await.unwrap();
        let done = monitor
            .checkpoint_if_due(2)
            .await
            .unwrap()
            .expect("the log is past the threshold");
        assert!(!done.busy, "{done:?}");
        assert_eq!(done.log_frames, 0, "the log was started over: {done:?}");
        assert_eq!(done.wal_bytes_after, 0);
        assert_eq!(monitor.wal_bytes(), 0);
        assert!(!monitor.is_due(), "an empty log is not due");
        assert_eq!(
            monitor.busy_timeout(),
            policy.busy_timeout,
            "back to the first wait"
        );
        let health = monitor.health();
        assert_eq!(health.wal_bytes, 0);
        assert_eq!(health.last_checkpoint.unwrap().at, 2);

        // Every row survived, also for a new connection reading the database file alone.
        check_rows(&pool, ROWS).await;
        monitor.close().await;
        pool.close().await;
        let reopened = open(&dir.path().join("t.sqlite")).await;
        check_rows(&reopened, ROWS).await;
        reopened.close().await;
    }

    #[tokio::test]
    async fn a_log_under_the_threshold_is_left_alone_and_every_connection_limits_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let pool = pool_in(dir.path()).await;
        let monitor = WalMonitor::new(&pool, WalPolicy::default());
        let (limit,): (i64,) = sqlx::query_as("PRAGMA journal_size_limit")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(limit as u64, JOURNAL_SIZE_LIMIT);
        sqlx::query("INSERT INTO t (id, payload) VALUES (1, x'00')")
            .execute(&pool)
            .await
            .unwrap();
        assert!(monitor.wal_bytes() > 0);
        assert!(!monitor.is_due(), "a small, fresh log waits");
        assert_eq!(monitor.checkpoint_if_due(1).await.unwrap(), None);
        assert_eq!(monitor.last_checkpoint(), None);
        monitor.close().await;
        pool.close().await;
    }

    #[tokio::test]
    async fn each_busy_result_doubles_the_next_wait_up_to_the_maximum() {
        let pool = in_memory().await;
        let policy = WalPolicy::default();
        let monitor = WalMonitor::new(&pool, policy);
        let waits: Vec<u128> = (0..6)
            .map(|streak| {
                monitor.tracking().busy_streak = streak;
                monitor.busy_timeout().as_millis()
            })
            .collect();
        assert_eq!(waits, [250, 500, 1000, 2000, 2000, 2000]);
        monitor.tracking().busy_streak = u32::MAX;
        assert_eq!(monitor.busy_timeout(), policy.max_busy_timeout);
    }

    #[tokio::test]
    async fn an_in_memory_database_has_no_log_to_watch() {
        let pool = in_memory().await;
        let monitor = WalMonitor::new(&pool, WalPolicy::default());
        assert_eq!(monitor.wal_bytes(), 0);
        assert!(!monitor.is_due());
        assert_eq!(monitor.checkpoint(1).await.unwrap(), None);
        assert_eq!(monitor.health().last_checkpoint, None);
    }
}
