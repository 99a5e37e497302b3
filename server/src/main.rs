//! Min sida server binary: configuration, database, background jobs and the HTTP server.

use std::future::IntoFuture as _;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use minsida_server::auth::session;
use minsida_server::config::{
    Command, Config, LogFormat, DEMO_OFFICE_ID, DEMO_SYSTEM_API_KEY, DEMO_SYSTEM_NAME,
    DEMO_TERMINAL_KEY,
};
use minsida_server::messaging::{documents, drafts};
use minsida_server::outbox::Worker;
use minsida_server::{
    app, audit, db, demo, metrics, resolve_document_key, systems, terminals, wal, AppState,
};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// How often new audit events are sealed into the hash chain.
const AUDIT_SEAL_INTERVAL: Duration = Duration::from_secs(2);
/// How often expired sessions are deleted.
const SESSION_CLEANUP_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// How often pending uploads older than 24 hours (and drafts older than 7 days) are deleted.
const UPLOAD_CLEANUP_INTERVAL: Duration = Duration::from_secs(15 * 60);

// A command-line program: usage on standard output, fatal errors on standard error before (or
// besides) the log, and the "running" line that scripts/run reads.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let (config, task) =
        match Config::parse(std::env::args().skip(1), |name| std::env::var(name).ok()) {
            Ok(Command::Run(config)) => (*config, Task::Run),
            Ok(Command::VerifyAudit(config)) => (*config, Task::VerifyAudit),
            Ok(Command::RewrapKeys(config)) => (*config, Task::RewrapKeys),
            Ok(Command::Backup(config, dir)) => (*config, Task::Backup(dir)),
            Ok(Command::Restore(config, dir)) => (*config, Task::Restore(dir)),
            Ok(Command::Help) => {
                print!("{}", Config::help());
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("minsida-server: {e}");
                return ExitCode::from(2);
            }
        };

    // Logs go to standard error: standard output carries only the "running" line.
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    match config.log_format {
        LogFormat::Text => tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .with_env_filter(filter)
            .init(),
        // One object per line; the fields of the request's span (with `request_id`) on each.
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(std::io::stderr)
            .with_env_filter(filter)
            .init(),
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("minsida-server: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match task {
        Task::Run => {}
        Task::VerifyAudit => return runtime.block_on(verify_audit_chain(config)),
        Task::RewrapKeys => return runtime.block_on(rewrap_keys(config)),
        Task::Backup(dir) => return runtime.block_on(backup(config, dir)),
        Task::Restore(dir) => return runtime.block_on(restore(config, dir)),
    }
    match runtime.block_on(run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("minsida-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What the command line asks for.
enum Task {
    Run,
    VerifyAudit,
    RewrapKeys,
    Backup(std::path::PathBuf),
    Restore(std::path::PathBuf),
}

/// `--backup-to DIR`: an online backup of the SQLite store (see `backup.rs`).
#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn backup(config: Config, dir: std::path::PathBuf) -> ExitCode {
    // Only ciphertext is copied: no document key is needed (nor created).
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match minsida_server::backup::backup_to(&config, &dir, now).await {
        Ok(m) => {
            println!(
                "backup in {}: database and {} documents ({} gone while copying); audit head {}",
                dir.display(),
                m.documents.len(),
                m.missing_documents.len(),
                m.audit_head
            );
            println!("the document key is not in the backup: keep it in the secret store");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("minsida-server: backup failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--restore-from DIR`: restore a backup into the configured, new store.
#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn restore(config: Config, dir: std::path::PathBuf) -> ExitCode {
    // Only ciphertext is copied: no document key is needed (nor created).
    match minsida_server::backup::restore_from(&config, &dir).await {
        Ok(m) => {
            println!(
                "restored the backup of {} with {} documents; audit chain intact, head {}",
                m.created_at,
                m.documents.len(),
                m.audit_head
            );
            if config.document_key.is_none() {
                println!(
                    "before starting: give the server the document key of the backed-up data \
                     (MINSIDA_DOCUMENT_KEY, or the file {}), or no document can be read",
                    config
                        .data_dir
                        .join(minsida_server::crypto::KEY_FILE)
                        .display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("minsida-server: restore failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--rewrap-keys`: everything under the active key (see `keys.rs`).
#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn rewrap_keys(mut config: Config) -> ExitCode {
    if config.document_key.is_none()
        && config
            .data_dir
            .join(minsida_server::crypto::KEY_FILE)
            .exists()
    {
        if let Err(e) = resolve_document_key(&mut config) {
            eprintln!("minsida-server: no document key: {e}");
            return ExitCode::FAILURE;
        }
    }
    let Some(keys) = config.key_ring() else {
        eprintln!("minsida-server: --rewrap-keys needs the active key: --document-key");
        return ExitCode::FAILURE;
    };
    let pool = match db::connect(&config).await {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("minsida-server: cannot open the database: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = db::migrate(&pool).await {
        eprintln!("minsida-server: cannot migrate the database: {e}");
        return ExitCode::FAILURE;
    }
    match minsida_server::keys::rewrap(&pool, &keys).await {
        Ok(report) => {
            println!(
                "active key {}: message bodies sealed {}, re-wrapped {}; documents re-wrapped \
                 {}; drafts sealed {}, re-wrapped {}; feedback and comments re-wrapped {}; \
                 e-service drafts and answers re-wrapped {}",
                keys.active_id(),
                report.bodies_sealed,
                report.bodies_rewrapped,
                report.documents_rewrapped,
                report.drafts_sealed,
                report.drafts_rewrapped,
                report.feedback_rewrapped,
                report.eservices_rewrapped
            );
            if report.failed.is_empty() {
                println!("nothing is left under another key: the old keys may be removed");
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "minsida-server: {} item(s) no known key opens (tampered, or of a key not \
                     given): {}",
                    report.failed.len(),
                    report.failed.join(", ")
                );
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("minsida-server: re-wrapping failed (run it again): {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--verify-audit`: recompute the audit trail's hash chain and say whether it holds.
#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn verify_audit_chain(config: Config) -> ExitCode {
    let pool = match db::connect(&config).await {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("minsida-server: cannot open the database: {e}");
            return ExitCode::FAILURE;
        }
    };
    match audit::chain::verify(&pool).await {
        Ok(report) => {
            println!(
                "audit chain intact: {} events sealed, {} not sealed yet; head {}",
                report.sealed, report.unsealed, report.head
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("minsida-server: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(mut config: Config) -> Result<(), Box<dyn std::error::Error>> {
    resolve_document_key(&mut config).map_err(|e| format!("no document key: {e}"))?;
    let store = minsida_server::store::from_config(&config)
        .map_err(|e| format!("cannot set up the document store: {e}"))?;
    if let Some(s3) = &config.s3 {
        // Like the database: a store that cannot be reached stops the start, with the reason.
        store
            .check()
            .await
            .map_err(|e| format!("cannot use the object store bucket {}: {e}", s3.bucket))?;
        tracing::info!(bucket = %s3.bucket, prefix = %s3.prefix, "documents are kept in the object store");
    }
    let pool = db::connect(&config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db::migrate(&pool)
        .await
        .map_err(|e| format!("cannot migrate the database: {e}"))?;
    if config.demo_data {
        db::seed_demo(&pool)
            .await
            .map_err(|e| format!("cannot seed the demo data: {e}"))?;
        tracing::info!("demo persons are in the database");
    }
    {
        // Bodies and drafts stored before they were encrypted (none after the first start).
        let keys = config.key_ring().expect("resolved above");
        let sealed = minsida_server::keys::seal_plain_bodies(&pool, &keys)
            .await
            .map_err(|e| format!("cannot seal the message bodies stored in clear: {e}"))?;
        let drafts = minsida_server::keys::seal_plain_drafts(&pool, &keys)
            .await
            .map_err(|e| format!("cannot seal the drafts stored in clear: {e}"))?;
        if sealed + drafts > 0 {
            tracing::info!(
                messages = sealed,
                drafts,
                "message bodies and drafts stored in clear are now sealed"
            );
        }
    }
    let system_keys = config.effective_system_api_keys();
    let active = systems::register(
        &pool,
        &system_keys,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    )
    .await
    .map_err(|e| format!("cannot register the agency systems: {e}"))?;
    tracing::info!(
        systems = active,
        "agency systems registered for /api/system/v1"
    );
    if config.demo_data {
        tracing::warn!(
            system = DEMO_SYSTEM_NAME,
            key = DEMO_SYSTEM_API_KEY,
            "the DEMO agency system is registered with a public, fixed API key: anyone can \
             deliver messages through /api/system/v1. Never enable demo data in production."
        );
    }
    let offices = config.effective_terminal_offices();
    let revoked = terminals::sync_offices(
        &pool,
        &offices,
        time::OffsetDateTime::now_utc().unix_timestamp(),
    )
    .await
    .map_err(|e| format!("cannot check the customer terminals: {e}"))?;
    tracing::info!(
        offices = offices.len(),
        revoked_terminals = revoked,
        "service offices configured for customer terminals"
    );
    if config.demo_data {
        tracing::warn!(
            office = DEMO_OFFICE_ID,
            key = DEMO_TERMINAL_KEY,
            "the DEMO service office is configured with a public, fixed enrollment key: anyone \
             can enroll a browser as its customer terminal. Never enable demo data in production."
        );
    }
    if config.enable_test_idp {
        tracing::warn!(
            "the TEST identity provider is enabled: anyone can log in as a test person. \
             Never enable it in production."
        );
    }

    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let config = config.with_bound_addr(listener.local_addr()?);
    let public_url = config.public_url.clone();
    let state = AppState::with_store(
        pool.clone(),
        config.clone(),
        minsida_server::system_clock(),
        config.document_key.clone().expect("resolved above"),
        store,
    );

    if state.config.demo_data {
        match demo::seed_messages(&state).await {
            Ok(0) => tracing::info!("demo data already in the database"),
            Ok(n) => tracing::info!(
                requests = n,
                "demo data (messages, representations, e-services) through the system API"
            ),
            Err(e) => return Err(format!("cannot seed the demo messages: {e}").into()),
        }
    }

    // Asked to stop (SIGTERM, Ctrl-C): the listeners stop accepting and the outbox worker
    // claims nothing more.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let grace = Duration::from_secs(u64::from(state.config.shutdown_grace_secs));

    let worker = Worker::from_config(&state).map_err(|e| format!("cannot set up sending: {e}"))?;
    let mut outbox = tokio::spawn(worker.run_until(stop_rx.clone()));
    let mut callbacks = tokio::spawn(
        minsida_server::eservices::callbacks::CallbackWorker::new(&state)
            .run_until(stop_rx.clone()),
    );
    let cleanup = tokio::spawn(delete_expired_sessions(state.clone()));
    let upload_cleanup = tokio::spawn(delete_stale_uploads(state.clone()));
    let wal = state.wal.clone();
    let checkpoints = tokio::spawn(wal::run(wal.clone(), state.clock.clone()));
    let sealer = tokio::spawn(audit::chain::run(state.clone(), AUDIT_SEAL_INTERVAL));

    let mut metrics_server = None;
    let mut metrics_upkeep = None;
    if let Some(addr) = state.config.metrics_bind {
        let handle = metrics::install();
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr} for metrics: {e}"))?;
        tracing::info!(bind = %listener.local_addr()?, "serving Prometheus metrics at /metrics");
        let upkeep = handle.clone();
        metrics_upkeep = Some(tokio::spawn(async move {
            let mut interval = tokio::time::interval(metrics::UPKEEP_INTERVAL);
            loop {
                interval.tick().await;
                upkeep.run_upkeep();
            }
        }));
        let server = axum::serve(listener, metrics::router(state.clone(), handle))
            .with_graceful_shutdown(stopped(stop_rx.clone()));
        metrics_server = Some(tokio::spawn(server.into_future()));
    }

    let router = app(state);
    // Before the server says it is running (see `shutdown_signal`).
    let shutdown = shutdown_signal();
    tracing::info!(bind = %listener.local_addr()?, %public_url, "listening");
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "Min sida is running at {public_url}/")?;
        stdout.flush()?;
    }

    // With the peer's address in every request (the limits per client).
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(stopped(stop_rx.clone()))
    .into_future();
    let mut server = std::pin::pin!(server);
    let finished = tokio::select! {
        result = &mut server => { result?; true }
        () = shutdown => false,
    };
    let _ = stop_tx.send(true);
    // Requests in flight, the metrics listener and the outbox worker's send under way share
    // one deadline.
    let deadline = tokio::time::Instant::now() + grace;
    tracing::info!(
        grace_secs = grace.as_secs(),
        "no new connections; finishing the requests in flight"
    );
    if !finished {
        match tokio::time::timeout_at(deadline, &mut server).await {
            Ok(result) => result?,
            Err(_) => tracing::warn!(
                grace_secs = grace.as_secs(),
                "requests still in flight after the shutdown grace time are cut off"
            ),
        }
    }
    if let Some(mut metrics_server) = metrics_server {
        if tokio::time::timeout_at(deadline, &mut metrics_server)
            .await
            .is_err()
        {
            metrics_server.abort();
        }
    }
    // A send cut off here leaves its row `sending`; the next start marks it failed rather than
    // risk sending it twice.
    if tokio::time::timeout_at(deadline, &mut outbox)
        .await
        .is_err()
    {
        tracing::warn!("the outbox worker's send under way is cut off by the shutdown grace time");
        outbox.abort();
    }
    // A callback cut off here is sent again after the next start (its lease runs out).
    if tokio::time::timeout_at(deadline, &mut callbacks)
        .await
        .is_err()
    {
        callbacks.abort();
    }
    cleanup.abort();
    upload_cleanup.abort();
    checkpoints.abort();
    if let Some(upkeep) = metrics_upkeep {
        upkeep.abort();
    }
    // The events of the last requests get their seals before the database closes.
    sealer.abort();
    match audit::chain::seal_all(&pool).await {
        Ok(n) => tracing::info!(sealed = n, "audit events sealed"),
        Err(e) => tracing::error!(error = %e, "could not seal the last audit events"),
    }
    wal.close().await;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves once `stop` turns true (never, if its sender is gone without saying so).
async fn stopped(mut stop: tokio::sync::watch::Receiver<bool>) {
    if stop.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Every [`SESSION_CLEANUP_INTERVAL`], delete the sessions that have timed out.
async fn delete_expired_sessions(state: AppState) {
    let mut interval = tokio::time::interval(SESSION_CLEANUP_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match session::delete_expired(
            &state.pool,
            state.now_unix(),
            session::IdleTimeouts::from_config(&state.config),
        )
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "deleted expired sessions"),
            Err(e) => tracing::error!(error = %e, "could not delete expired sessions"),
        }
        if let Err(e) = minsida_server::limits::prune(&state.pool, state.now_unix()).await {
            tracing::error!(error = %e, "could not prune old rate-limit counters");
        }
    }
}

/// Every [`UPLOAD_CLEANUP_INTERVAL`], delete the drafts unchanged for 7 days, then the
/// uploads never sent within 24 hours that no live draft refers to.
async fn delete_stale_uploads(state: AppState) {
    let mut interval = tokio::time::interval(UPLOAD_CLEANUP_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match drafts::delete_expired(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "deleted drafts unchanged for 7 days"),
            Err(e) => tracing::error!(error = %e, "could not delete expired drafts"),
        }
        match documents::delete_stale_uploads(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "deleted pending uploads older than 24 hours"),
            Err(e) => tracing::error!(error = %e, "could not delete stale uploads"),
        }
    }
}

/// A future that resolves on SIGINT (Ctrl-C) or SIGTERM. The handlers are registered when
/// this is called, not when the future is first polled: called before the server says it
/// is running, a signal sent right after that line is never left to the default action
/// (which ends the process at once, without draining).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{signal, SignalKind};
        [
            (signal(SignalKind::interrupt()), "SIGINT"),
            (signal(SignalKind::terminate()), "SIGTERM"),
        ]
    };
    async move {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = signals.map(|(registered, name)| async move {
                match registered {
                    Ok(mut signal) => {
                        signal.recv().await;
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "cannot listen for {name}");
                        std::future::pending::<()>().await;
                    }
                }
            });
            tokio::select! {
                () = interrupt => {},
                () = terminate => {},
            }
        }
        #[cfg(not(unix))]
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}
