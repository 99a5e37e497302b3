//! Operating the server: request ids, liveness and readiness, Prometheus metrics, and a
//! graceful shutdown of the real binary.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::*;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use http_body_util::BodyExt as _;
use minsida_api::{ApiErrorBody, CheckStatus, ErrorCode, Liveness, Readiness};
use tower::ServiceExt as _;

#[tokio::test]
async fn every_response_has_a_request_id_and_error_bodies_carry_it() {
    let app = TestApp::new().await;
    let r = app.get("/api/health", None).await;
    let id = r.header("x-request-id").expect("a request id").to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let r = app.get("/api/nope", None).await;
    let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(body.request_id.as_deref(), r.header("x-request-id"));
    assert!(body.request_id.is_some());
    // Errors made in handlers and middleware (here the session check) too.
    let r = app.get("/api/me", None).await;
    let body: ApiErrorBody = r.json();
    assert_eq!(body.request_id.as_deref(), r.header("x-request-id"));

    // A load balancer's well-formed id is kept; anything else is replaced.
    let send = |id: &'static str| {
        app.send(
            app.request(Method::GET, "/api/me", None)
                .header("x-request-id", id)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let r = send("lb-4f1c2b9e.0001").await;
    assert_eq!(r.header("x-request-id"), Some("lb-4f1c2b9e.0001"));
    assert_eq!(
        r.json::<ApiErrorBody>().request_id.as_deref(),
        Some("lb-4f1c2b9e.0001")
    );
    let r = send("bad id\" with spaces").await;
    let id = r.header("x-request-id").unwrap();
    assert_ne!(id, "bad id\" with spaces");
    assert_eq!(id.len(), 36);
}

/// An object store nobody answers at: readiness says the document store failed (within its
/// time limit), the database is fine.
#[tokio::test]
async fn an_object_store_out_of_reach_is_not_ready() {
    use minsida_server::config::S3Config;
    use tower::ServiceExt as _;
    let app = TestApp::new().await;
    let s3 = S3Config {
        bucket: "minsida-test".into(),
        // The discard port: nothing listens there.
        endpoint: Some("http://127.0.0.1:9".into()),
        region: "eu-north-1".into(),
        prefix: "documents".into(),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test-secret".into()),
    };
    let store = minsida_server::store::S3Store::new(&s3).unwrap();
    let state = minsida_server::AppState::with_store(
        app.pool.clone(),
        app.config.clone(),
        app.state.clock.clone(),
        (*app.state.kek).clone(),
        std::sync::Arc::new(store),
    );
    let response = minsida_server::app(state)
        .oneshot(
            app.request(axum::http::Method::GET, "/api/health/ready", None)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let ready: Readiness = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (ready.ready, ready.database, ready.document_store),
        (false, CheckStatus::Ok, CheckStatus::Failed)
    );
}

/// What the request log writes.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The request log names the route's template: no personal identity number, search word or
/// login code from a path or query ever reaches it.
#[tokio::test]
async fn request_logs_name_the_route_never_the_personal_number_or_query() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    app.system(
        Method::GET,
        &format!("/api/system/v1/persons/{ANNA}/channel-preferences"),
        Some(SYSTEM_A_KEY),
        None,
    )
    .await;
    app.system(
        Method::GET,
        &format!("/api/system/v1/representations?represented={ANNA}"),
        Some(SYSTEM_A_KEY),
        None,
    )
    .await;
    app.get("/api/messages?q=hemligtord", Some(&anna.cookie))
        .await;
    app.get(&format!("/api/no-such-route/{ANNA}"), None).await;
    drop(_guard);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("route=/api/system/v1/persons/{personal_number}/channel-preferences"),
        "{log}"
    );
    assert!(log.contains("route=/api/messages"), "{log}");
    assert!(log.contains("route=(no API route)"), "{log}");
    for secret in [ANNA, "hemligtord"] {
        assert!(!log.contains(secret), "{secret} in the log: {log}");
    }
}

#[tokio::test]
async fn liveness_and_readiness() {
    let app = TestApp::new().await;
    let r = app.get("/api/health/live", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json::<Liveness>().status, "ok");

    let r = app.get("/api/health/ready", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json::<Readiness>(),
        Readiness {
            ready: true,
            database: CheckStatus::Ok,
            document_store: CheckStatus::Ok,
        }
    );

    // The document directory cannot be created: the store is not ready. (For the object
    // store, see `an_object_store_out_of_reach_is_not_ready`.)
    if app.config.s3.is_none() {
        let documents = app.config.data_dir.join("documents");
        let _ = std::fs::remove_dir_all(&documents);
        std::fs::write(&documents, b"in the way").unwrap();
        let r = app.get("/api/health/ready", None).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        let ready: Readiness = r.json();
        assert!(!ready.ready);
        assert_eq!(
            (ready.database, ready.document_store),
            (CheckStatus::Ok, CheckStatus::Failed)
        );
        std::fs::remove_file(&documents).unwrap();
    }

    // The database is gone: not ready, while the process stays alive.
    app.pool.close().await;
    let r = app.get("/api/health/ready", None).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    let ready: Readiness = r.json();
    assert_eq!(
        (ready.database, ready.document_store),
        (CheckStatus::Failed, CheckStatus::Ok)
    );
    assert_eq!(
        app.get("/api/health/live", None).await.status,
        StatusCode::OK
    );
}

async fn scrape(app: &TestApp) -> String {
    let handle = minsida_server::metrics::install();
    let response = minsida_server::metrics::router(app.state.clone(), handle)
        .oneshot(
            axum::http::Request::get("/metrics")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(body.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_have_latency_per_route_template_and_the_gauges() {
    let app = TestApp::new().await;
    minsida_server::metrics::install();
    // A route with a parameter, called with a value that must never become a label.
    let r = app.get("/api/messages/424242", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app.get("/api/health/live", None).await;
    assert_eq!(r.status, StatusCode::OK);

    let text = scrape(&app).await;
    let bucket = |route: &str, status: &str| {
        text.lines().any(|l| {
            l.starts_with("http_request_duration_seconds_bucket{")
                && l.contains(&format!("route=\"{route}\""))
                && l.contains("method=\"GET\"")
                && l.contains(&format!("status=\"{status}\""))
                && l.contains("le=\"+Inf\"")
        })
    };
    assert!(bucket("/api/messages/{id}", "4xx"), "{text}");
    assert!(bucket("/api/health/live", "2xx"), "{text}");
    assert!(text.contains("# TYPE http_request_duration_seconds histogram"));
    assert!(!text.contains("424242"), "no raw path in the metrics");
    for gauge in [
        "minsida_outbox_queued",
        "minsida_outbox_due",
        "minsida_outbox_sending",
        "minsida_outbox_oldest_due_age_seconds",
        "minsida_db_pool_connections",
        "minsida_db_pool_idle_connections",
        "minsida_db_pool_max_connections",
        "minsida_documents_stored",
        "minsida_documents_stored_bytes",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{gauge} "))),
            "{gauge} missing in {text}"
        );
    }
    // The demo data holds documents; the gauge counts the database's rows.
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        text.lines()
            .any(|l| l == format!("minsida_documents_stored {stored}")),
        "{text}"
    );
}

/// The metrics are not served on the public listener.
#[tokio::test]
async fn metrics_are_not_on_the_public_router() {
    let app = TestApp::new().await;
    let r = app.get("/metrics", None).await;
    assert!(!r.text().contains("http_request_duration_seconds"));
    let r = app.get("/api/metrics", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// SIGTERM with a request in flight: the server stops accepting, answers the request, stops
/// the worker and exits with 0.
#[cfg(unix)]
#[test]
fn sigterm_drains_the_request_in_flight_and_exits_cleanly() {
    const WAIT: Duration = Duration::from_secs(60);
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_minsida-server"));
    // On the tests' PostgreSQL server when there is one (the binary migrates it at start).
    if let Some(url) = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(fresh_postgres_database())
    {
        command.arg("--database-url").arg(url);
    }
    let mut child = command
        .args([
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--shutdown-grace-secs",
            "30",
        ])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--static-dir")
        .arg(dir.path().join("dist"))
        .env("RUST_LOG", "info")
        .env_remove("MINSIDA_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let guard = KillOnDrop(child.id());

    // The log, line by line, for waiting on the server's states.
    let (log_tx, log_rx) = mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if log_tx.send(line).is_err() {
                break;
            }
        }
    });
    // Every line read so far is kept: the server's tasks log concurrently, so a line waited
    // for later may already have come before the one waited for first.
    let seen = std::cell::RefCell::new(Vec::<String>::new());
    let wait_for_log = |needle: &str| {
        if seen.borrow().iter().any(|l| l.contains(needle)) {
            return;
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match log_rx.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(needle);
                    seen.borrow_mut().push(line);
                    if found {
                        return;
                    }
                }
                Err(e) => panic!("no log line with {needle:?}: {e}; log: {:?}", seen.borrow()),
            }
        }
    };

    let mut running = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut running)
        .unwrap();
    let addr = running
        .trim()
        .strip_prefix("Min sida is running at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {running:?}"))
        .to_string();

    // A login whose body is not sent yet: the handler is reading it once the server answers
    // `100 Continue`.
    let body = format!("{{\"personal_number\":\"{ANNA}\"}}");
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "POST /api/auth/test/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut continue_line = [0u8; 25];
    stream.read_exact(&mut continue_line).unwrap();
    assert_eq!(&continue_line, b"HTTP/1.1 100 Continue\r\n\r\n");

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    wait_for_log("no new connections");
    // New connections are refused once the listener is closed.
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(&addr).is_ok() {
        assert!(Instant::now() < deadline, "still accepting connections");
        std::thread::yield_now();
    }

    // The request in flight still gets its answer.
    stream.write_all(body.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.to_ascii_lowercase().contains("x-request-id: "));

    wait_for_log("outbox worker stopped");
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        wait_for_log_or_exit(&log_rx);
    };
    assert_eq!(status.code(), Some(0));
    std::mem::forget(guard);
}

/// Wait for the next log line (or the end of the log, when the process has exited).
fn wait_for_log_or_exit(log: &mpsc::Receiver<String>) {
    let _ = log.recv_timeout(Duration::from_millis(100));
}

/// Kills the server if the test fails before it exited.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", &self.0.to_string()])
            .status();
    }
}
