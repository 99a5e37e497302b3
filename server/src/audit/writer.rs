//! Group commit of the audit events that reads write.
//!
//! Every read of personal data writes an audit event, and the response may only be sent once
//! the event is durable. Written one by one, each read pays a commit of its own, and on
//! SQLite every one of them also waits for the single write lock. The [`Writer`] collects the
//! events of the requests that arrive meanwhile and writes them in one transaction; each
//! request waits (`record`) until the transaction holding its event has committed, and gets
//! the error if it failed. Nothing is acknowledged before it is stored, so nothing can be lost:
//! an event still waiting belongs to a request that has not answered yet.
//!
//! Events that belong to a change are not written here but in the change's own transaction
//! ([`super::record`]), so that both are stored or neither.

use std::sync::OnceLock;

use sqlx::{AnyConnection, Connection as _};
use tokio::sync::{mpsc, oneshot};

use super::AuditEvent;
use crate::db::{Backend, Pool};

/// Most events in one transaction.
const MAX_BATCH: usize = 256;
/// Events waiting for the writer at most; more wait for room (back-pressure).
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<Result<(), String>>;

/// The group committer of one pool (started on first use, inside the runtime).
#[derive(Debug)]
pub struct Writer {
    pool: Pool,
    sender: OnceLock<mpsc::Sender<(AuditEvent, Reply)>>,
}

impl Writer {
    pub fn new(pool: Pool) -> Self {
        Self {
            pool,
            sender: OnceLock::new(),
        }
    }

    /// Store `event`; returns once it is committed.
    pub async fn record(&self, event: &AuditEvent) -> Result<(), sqlx::Error> {
        let sender = self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE);
            tokio::spawn(run(self.pool.clone(), receiver));
            sender
        });
        let (reply, done) = oneshot::channel();
        let closed = || sqlx::Error::Protocol("the audit writer has stopped".into());
        sender
            .send((event.clone(), reply))
            .await
            .map_err(|_| closed())?;
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(sqlx::Error::Protocol(format!(
                "audit events not stored: {e}"
            ))),
            Err(_) => Err(closed()),
        }
    }
}

async fn run(pool: Pool, mut receiver: mpsc::Receiver<(AuditEvent, Reply)>) {
    // A connection of its own, outside the pool: requests hold pool connections while they
    // wait for their events, so the writer must never wait for one of those.
    let mut conn: Option<AnyConnection> = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let result = write(&pool, &mut conn, &batch)
            .await
            .map_err(|e| e.to_string());
        if let Err(e) = &result {
            tracing::error!(error = %e, events = batch.len(), "cannot store audit events");
            // Start over with a fresh connection next time.
            conn = None;
        }
        for (_, reply) in batch.drain(..) {
            // A request that gave up waiting is gone; its event is stored all the same.
            let _ = reply.send(result.clone());
        }
    }
}

async fn write(
    pool: &Pool,
    conn: &mut Option<AnyConnection>,
    batch: &[(AuditEvent, Reply)],
) -> Result<(), sqlx::Error> {
    let conn = match conn {
        Some(conn) => conn,
        slot => slot.insert(pool.acquire().await?.detach()),
    };
    // SQLite: take the write lock at once (see `db::begin_write`). PostgreSQL: appending
    // events needs no order with other writers, so no global lock.
    let mut tx = match Backend::of_conn(conn) {
        Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => conn.begin().await?,
    };
    for (event, _) in batch {
        super::record(&mut *tx, event).await?;
    }
    tx.commit().await
}
