//! The audit trail's hash chain: tamper evidence.
//!
//! Events are written by the requests that cause them, in their own transactions, so that
//! reads never wait for one another. The sealer ([`run`], [`seal_pending`]) then gives every
//! event without a seal the next seal, in one writing transaction at a time: the seal's hash is
//! SHA-256 over the previous seal's hash and the event's canonical form ([`canonical`]). The
//! order of the chain is the order of sealing, not of event ids, so an event committed late
//! (after a higher id) is simply sealed later.
//!
//! [`verify`] recomputes the chain: an event changed after sealing, a removed event or seal,
//! or a seal inserted or reordered breaks it at that point. Removing the newest events and
//! seals together can only be noticed against an earlier head: [`ChainReport::head`] is meant
//! to be written down outside the database (the verify command prints it; logs keep it).

use std::time::Duration;

use crate::db::Pool;
use sha2::{Digest as _, Sha256};
use sqlx::FromRow;

use crate::crypto::hex;
use crate::AppState;

/// The "previous hash" of the first seal.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Most events sealed in one transaction.
const BATCH: i64 = 1000;

#[derive(Debug, Clone, FromRow)]
struct EventRow {
    id: i64,
    at: i64,
    actor_person_id: Option<i64>,
    subject_person_id: Option<i64>,
    action: String,
    object_type: String,
    object_id: Option<String>,
    session_ref: Option<String>,
    detail: Option<String>,
    actor_system: Option<i64>,
    actor_role: Option<String>,
    representation_id: Option<i64>,
    terminal_id: Option<i64>,
}

const EVENT_COLUMNS: &str = "e.id, e.at, e.actor_person_id, e.subject_person_id, e.action, \
     e.object_type, e.object_id, e.session_ref, e.detail, e.actor_system, e.actor_role, \
     e.representation_id, e.terminal_id";

/// The event as the hash sees it: every column, in a fixed order, as a JSON array (so that
/// no two different events have the same form).
fn canonical(e: &EventRow) -> String {
    serde_json::json!([
        e.id,
        e.at,
        e.actor_person_id,
        e.subject_person_id,
        e.action,
        e.object_type,
        e.object_id,
        e.session_ref,
        e.detail,
        e.actor_system,
        e.actor_role,
        e.representation_id,
        e.terminal_id,
    ])
    .to_string()
}

fn link(previous: &str, event: &EventRow) -> String {
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(b"\n");
    h.update(canonical(event).as_bytes());
    hex(&h.finalize())
}

/// Seal the events that have no seal yet (at most [`BATCH`] per call); returns how many.
pub async fn seal_pending(pool: &Pool) -> Result<usize, sqlx::Error> {
    let mut tx = crate::db::begin_write(pool).await?;
    let head: Option<(String,)> =
        sqlx::query_as("SELECT hash FROM audit_seals ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let mut previous = head.map_or_else(|| GENESIS.to_string(), |(h,)| h);
    let pending: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events e \
         LEFT JOIN audit_seals s ON s.event_id = e.id \
         WHERE s.event_id IS NULL ORDER BY e.id LIMIT $1"
    ))
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    for event in &pending {
        let hash = link(&previous, event);
        sqlx::query("INSERT INTO audit_seals (event_id, hash) VALUES ($1, $2)")
            .bind(event.id)
            .bind(&hash)
            .execute(&mut *tx)
            .await?;
        previous = hash;
    }
    tx.commit().await?;
    Ok(pending.len())
}

/// Seal until nothing is left (e.g. before verifying).
pub async fn seal_all(pool: &Pool) -> Result<usize, sqlx::Error> {
    let mut total = 0;
    loop {
        let n = seal_pending(pool).await?;
        total += n;
        if n < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            return Ok(total);
        }
    }
}

/// The sealer: seals new events every `interval`.
pub async fn run(state: AppState, interval: Duration) {
    loop {
        match seal_all(&state.pool).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(sealed = n, "audit events sealed"),
            Err(e) => tracing::error!(error = %e, "sealing audit events failed; retrying"),
        }
        tokio::time::sleep(interval).await;
    }
}

/// A chain that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Seals checked.
    pub sealed: u64,
    /// Events without a seal yet (written after the last sealing).
    pub unsealed: u64,
    /// The newest seal's hash: note it outside the database to notice later truncation.
    pub head: String,
}

/// Where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainError {
    /// The seal `seq` does not match its event and the seal before it: the event was changed,
    /// or an event or seal before it was removed or inserted.
    Broken {
        seq: i64,
        event_id: i64,
    },
    /// The seal `seq` names an event that does not exist (removed).
    MissingEvent {
        seq: i64,
        event_id: i64,
    },
    Database(String),
}

impl std::fmt::Display for ChainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainError::Broken { seq, event_id } => write!(
                f,
                "the audit chain is broken at seal {seq} (event {event_id}): the event was changed, or an event or seal before it was removed or inserted"
            ),
            ChainError::MissingEvent { seq, event_id } => {
                write!(f, "seal {seq} names event {event_id}, which is gone")
            }
            ChainError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for ChainError {}

impl From<sqlx::Error> for ChainError {
    fn from(e: sqlx::Error) -> Self {
        ChainError::Database(e.to_string())
    }
}

#[derive(FromRow)]
struct SealRow {
    seq: i64,
    event_id: i64,
    hash: String,
}

/// Recompute the whole chain, oldest seal first, in pages.
pub async fn verify(pool: &Pool) -> Result<ChainReport, ChainError> {
    let mut previous = GENESIS.to_string();
    let mut after = 0i64;
    let mut sealed = 0u64;
    loop {
        let seals: Vec<SealRow> = sqlx::query_as(
            "SELECT seq, event_id, hash FROM audit_seals WHERE seq > $1 ORDER BY seq LIMIT 1000",
        )
        .bind(after)
        .fetch_all(pool)
        .await?;
        if seals.is_empty() {
            break;
        }
        for seal in &seals {
            let event: Option<EventRow> = sqlx::query_as(&format!(
                "SELECT {EVENT_COLUMNS} FROM audit_events e WHERE e.id = $1"
            ))
            .bind(seal.event_id)
            .fetch_optional(pool)
            .await?;
            let Some(event) = event else {
                return Err(ChainError::MissingEvent {
                    seq: seal.seq,
                    event_id: seal.event_id,
                });
            };
            if link(&previous, &event) != seal.hash {
                return Err(ChainError::Broken {
                    seq: seal.seq,
                    event_id: seal.event_id,
                });
            }
            previous = seal.hash.clone();
            after = seal.seq;
            sealed += 1;
        }
    }
    let (unsealed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_events e LEFT JOIN audit_seals s ON s.event_id = e.id \
         WHERE s.event_id IS NULL",
    )
    .fetch_one(pool)
    .await?;
    Ok(ChainReport {
        sealed,
        unsealed: u64::try_from(unsealed).unwrap_or(0),
        head: previous,
    })
}
