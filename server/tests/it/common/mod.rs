//! Test harness: the real router over a real database: a SQLite file in a temporary
//! directory, or, when `MINSIDA_TEST_POSTGRES_URL` names a PostgreSQL server (see
//! `scripts/with-postgres`), a fresh PostgreSQL database of its own for every test.

pub mod issuer;
pub mod messaging;
pub mod oidc;
pub mod smtp_sink;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use minsida_api::{ApiErrorBody, ErrorCode, SessionInfo, SessionStatus};
use minsida_server::config::SmtpUrl;
use minsida_server::config::{
    Config, OAuthConfig, OidcProviderConfig, PublicUrl, SystemApiKey, TerminalOffice,
};
use minsida_server::db::Pool;
use minsida_server::outbox::Worker;
use minsida_server::{app, db, systems, AppState, Clock};
use serde::de::DeserializeOwned;
use tempfile::TempDir;
use time::OffsetDateTime;
use tower::ServiceExt;

/// 2025-06-01T12:00:00Z, the tests' "now" before any time travel.
pub const START: i64 = 1_748_779_200;

pub const ANNA: &str = "198112189876";
pub const TOLVAN: &str = "191212121212";
pub const LARS: &str = "197010632391";

/// API keys of the two agency systems every test app has.
pub const SYSTEM_A_KEY: &str = "system-a-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const SYSTEM_B_KEY: &str = "system-b-key-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// Trunk's output for the SPA, as it would be in `dist/index.html`.
pub const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><link rel="stylesheet" href="/style-0123456789abcdef.css" integrity="sha384-x"/>
<link rel="modulepreload" href="/minsida-web-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-y"><link rel="preload" href="/minsida-web-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-z" as="fetch" type="application/wasm"></head><body>
<script type="module">
import init, * as bindings from '/minsida-web-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/minsida-web-0123456789abcdef_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

#[derive(Debug, Clone)]
pub struct Options {
    pub test_idp: bool,
    pub https: bool,
    /// Write a Trunk-like `dist/` into the static directory.
    pub spa_built: bool,
    pub idle_secs: u32,
    pub max_secs: u32,
    pub max_upload_bytes: u64,
    /// Service offices besides the demo office (which demo data brings).
    pub terminal_offices: Vec<TerminalOffice>,
    /// `--smtp-url`; without it e-mails are written to `<data-dir>/mail/`.
    pub smtp_url: Option<String>,
    /// `--outbox-poll-secs`.
    pub outbox_poll_secs: u32,
    /// `--oidc-provider`s.
    pub oidc_providers: Vec<OidcProviderConfig>,
    /// `--oauth-issuer` and `--oauth-audience`.
    pub oauth: Option<OAuthConfig>,
    /// Abuse limits other than the defaults.
    pub limits: Option<minsida_server::limits::Limits>,
}

/// Sender of the tests' e-mails.
pub const MAIL_FROM: &str = "Min sida <no-reply@minsida.example.se>";

impl Default for Options {
    fn default() -> Self {
        Self {
            test_idp: true,
            https: false,
            spa_built: true,
            idle_secs: 1200,
            max_secs: 28_800,
            max_upload_bytes: minsida_api::messages::DEFAULT_MAX_UPLOAD_BYTES,
            terminal_offices: Vec::new(),
            smtp_url: None,
            outbox_poll_secs: 2,
            oidc_providers: Vec::new(),
            oauth: None,
            limits: None,
        }
    }
}

/// A clock at [`START`] plus `offset` seconds.
fn shared_clock(offset: Arc<AtomicI64>) -> Clock {
    Arc::new(move || {
        OffsetDateTime::from_unix_timestamp(START + offset.load(Ordering::SeqCst)).unwrap()
    })
}

pub struct TestApp {
    pub router: Router,
    pub pool: Pool,
    pub state: AppState,
    pub config: Config,
    offset: Arc<AtomicI64>,
    /// The data and static directories; deleted when the last instance is dropped.
    _dir: Arc<TempDir>,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not the expected JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ASCII header"))
    }

    pub fn set_cookie(&self) -> &str {
        self.header("set-cookie").expect("a Set-Cookie header")
    }

    /// Every `Set-Cookie` header, in order.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().expect("ASCII header"))
            .collect()
    }

    /// Assert an API error with this status and code.
    pub fn assert_error(&self, status: StatusCode, code: ErrorCode) -> ApiErrorBody {
        assert_eq!(
            self.status,
            status,
            "body: {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body: ApiErrorBody = self.json();
        assert_eq!(body.code, code, "{body:?}");
        body
    }

    /// Assert field errors with the status their codes call for: 422 `validation`, or 404
    /// `not_found` / 409 `conflict` when every field names something that does not exist or
    /// does not fit the current state (`minsida_server::error::validation_code`; the statuses
    /// themselves are tested in `http.rs`).
    pub fn assert_field_errors(&self) -> ApiErrorBody {
        let body: ApiErrorBody = self.json();
        assert!(!body.fields.is_empty(), "no field errors: {body:?}");
        let code = minsida_server::error::validation_code(&body.fields);
        self.assert_error(minsida_server::error::status_for(code), code)
    }
}

/// A logged-in browser.
#[derive(Debug, Clone)]
pub struct Login {
    /// `name=value` for the `Cookie` header.
    pub cookie: String,
    pub info: SessionInfo,
}

fn write_dist(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("index.html"), TRUNK_INDEX).unwrap();
    let js = "export default function init() { return 'Min sida'; }\n".repeat(20);
    std::fs::write(dir.join("minsida-web-0123456789abcdef.js"), js).unwrap();
    std::fs::write(
        dir.join("minsida-web-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dir.join("style-0123456789abcdef.css"),
        "body { margin: 0; }\n",
    )
    .unwrap();
    std::fs::write(dir.join("favicon.ico"), [0u8, 0, 1, 0]).unwrap();
}

/// The store the tests run on: PostgreSQL when `MINSIDA_TEST_POSTGRES_URL` is set.
pub fn on_postgres() -> bool {
    std::env::var_os("MINSIDA_TEST_POSTGRES_URL").is_some()
}

/// A new, empty database on the PostgreSQL server of `MINSIDA_TEST_POSTGRES_URL` (its URL),
/// or `None` when the tests run on SQLite. The databases are dropped with the server
/// (`scripts/with-postgres` removes it when the tests are done).
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    let admin = std::env::var("MINSIDA_TEST_POSTGRES_URL").ok()?;
    db::install_drivers();
    let name = format!("t_{}", minsida_server::store::new_storage_key());
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .expect("the test PostgreSQL server answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (server, _) = admin.rsplit_once('/').expect("a database URL");
    Some(format!("{server}/{name}"))
}

/// When `MINSIDA_TEST_S3_ENDPOINT` names an S3-compatible server (see `scripts/with-s3`):
/// documents in its test bucket, under a prefix of the test's own.
pub fn test_object_store() -> Option<minsida_server::config::S3Config> {
    let endpoint = std::env::var("MINSIDA_TEST_S3_ENDPOINT").ok()?;
    Some(minsida_server::config::S3Config {
        bucket: std::env::var("MINSIDA_TEST_S3_BUCKET").expect("the test bucket"),
        endpoint: Some(endpoint),
        region: "eu-north-1".into(),
        prefix: format!("t{}/documents", minsida_server::store::new_storage_key()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test-secret".into()),
    })
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(Options::default()).await
    }

    pub async fn with(options: Options) -> Self {
        // Server errors in the test's captured output (shown when it fails).
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().unwrap();
        let static_dir: PathBuf = dir.path().join("dist");
        if options.spa_built {
            write_dist(&static_dir);
        }
        let mut config = Config {
            data_dir: dir.path().join("data"),
            static_dir,
            enable_test_idp: options.test_idp,
            demo_data: true,
            session_idle_secs: options.idle_secs,
            session_max_secs: options.max_secs,
            max_upload_bytes: options.max_upload_bytes,
            terminal_offices: options.terminal_offices.clone(),
            system_api_keys: vec![
                SystemApiKey {
                    name: "system-a".into(),
                    key: SYSTEM_A_KEY.into(),
                },
                SystemApiKey {
                    name: "system-b".into(),
                    key: SYSTEM_B_KEY.into(),
                },
            ],
            smtp_url: options
                .smtp_url
                .as_deref()
                .map(|u| SmtpUrl::parse(u).unwrap()),
            mail_from: MAIL_FROM.parse().unwrap(),
            outbox_poll_secs: options.outbox_poll_secs,
            oidc_providers: options.oidc_providers.clone(),
            oauth: options.oauth.clone(),
            ..Config::default()
        };
        if options.https {
            config.public_url = PublicUrl::parse("https://minsida.example.se").unwrap();
            config.public_url_is_default = false;
        }
        if let Some(url) = fresh_postgres_database().await {
            config.database_url = Some(url);
            config.database_max_connections = 4;
        }
        config.s3 = test_object_store();
        let pool = db::connect(&config).await.unwrap();
        db::migrate(&pool).await.unwrap();
        db::seed_demo(&pool).await.unwrap();
        systems::register(&pool, &config.effective_system_api_keys(), START)
            .await
            .unwrap();

        let offset = Arc::new(AtomicI64::new(0));
        let mut state =
            AppState::with_clock(pool.clone(), config.clone(), shared_clock(offset.clone()));
        if let Some(limits) = options.limits {
            state.limits = limits;
        }
        let router = app(state.clone());
        Self {
            router,
            pool,
            state,
            config,
            offset,
            _dir: Arc::new(dir),
        }
    }

    /// A second server instance beside this one, as behind a load balancer: its own pool,
    /// state and router (nothing in memory shared), on the same database, data directory,
    /// configuration and clock.
    pub async fn another_instance(&self) -> TestApp {
        self.instance_with(|_| {}).await
    }

    /// Another instance ([`Self::another_instance`]) whose settings `change` changes, e.g.
    /// its keys during a key rotation.
    pub async fn instance_with(&self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.config.clone();
        change(&mut config);
        let pool = db::connect(&config).await.unwrap();
        let mut state = AppState::with_clock(pool.clone(), config.clone(), self.clock());
        state.limits = self.state.limits;
        TestApp {
            router: app(state.clone()),
            pool,
            state,
            config,
            offset: self.offset.clone(),
            _dir: self._dir.clone(),
        }
    }

    /// The injected clock of this app (and its other instances).
    fn clock(&self) -> Clock {
        shared_clock(self.offset.clone())
    }

    /// Restore the backup in `backup` into a new data directory (SQLite, documents in the
    /// directory) with this app's document key, as an operator would, and open it: the
    /// restored instance, on the same clock.
    pub async fn restored_from(&self, backup: &Path) -> Result<TestApp, String> {
        let dir = tempfile::tempdir().unwrap();
        let mut config = self.config.clone();
        config.data_dir = dir.path().join("data");
        config.database_url = None;
        config.s3 = None;
        config.document_key = Some((*self.state.kek).clone());
        minsida_server::backup::restore_from(&config, backup).await?;
        let pool = db::connect(&config).await.unwrap();
        let state = AppState::with_clock(pool.clone(), config.clone(), self.clock());
        Ok(TestApp {
            router: app(state.clone()),
            pool,
            state,
            config,
            offset: self.offset.clone(),
            _dir: Arc::new(dir),
        })
    }

    /// Move the injected clock forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::SeqCst);
    }

    /// The injected clock's time in unix seconds.
    pub fn now(&self) -> i64 {
        START + self.offset.load(Ordering::SeqCst)
    }

    /// An outbox worker as `main` starts it: the configured mailer (SMTP or `.eml` files) and
    /// SMS to `<data-dir>/sms.jsonl`, on the app's database, clock and wake-up signal.
    pub fn worker(&self) -> Worker {
        Worker::from_config(&self.state).unwrap()
    }

    pub fn host(&self) -> String {
        self.config
            .public_url
            .origin()
            .split_once("://")
            .unwrap()
            .1
            .to_string()
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// A request as the browser would send it (same-origin fetch).
    pub fn request(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
    ) -> axum::http::request::Builder {
        let mut b = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::HOST, self.host());
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        if method != Method::GET && method != Method::HEAD {
            b = b
                .header("sec-fetch-site", "same-origin")
                .header(header::ORIGIN, self.config.public_url.origin());
        }
        b
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        self.send(
            self.request(Method::GET, path, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A same-origin JSON request with an optional session cookie and CSRF token.
    pub async fn json(
        &self,
        method: Method,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        csrf: Option<&str>,
    ) -> TestResponse {
        let mut b = self
            .request(method, path, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(t) = csrf {
            b = b.header("x-csrf-token", t);
        }
        self.send(b.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn try_login(&self, personal_number: &str, cookie: Option<&str>) -> TestResponse {
        let body = serde_json::json!({ "personal_number": personal_number }).to_string();
        self.json(Method::POST, "/api/auth/test/login", &body, cookie, None)
            .await
    }

    pub async fn login(&self, personal_number: &str) -> Login {
        let r = self.try_login(personal_number, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        Login {
            cookie: cookie_pair(r.set_cookie()),
            info: r.json(),
        }
    }

    /// `GET /api/session` with an optional cookie: always 200, and the visitor's state.
    pub async fn session_status(&self, cookie: Option<&str>) -> (TestResponse, SessionStatus) {
        let r = self.get("/api/session", cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        let status = r.json();
        (r, status)
    }

    pub async fn update_contact(&self, login: &Login, body: &str) -> TestResponse {
        self.json(
            Method::PUT,
            "/api/me/contact",
            body,
            Some(&login.cookie),
            Some(&login.info.csrf_token),
        )
        .await
    }

    /// A system API request with an optional bearer key and JSON body.
    pub async fn system(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> TestResponse {
        self.system_with(method, path, key, body, &[]).await
    }

    /// The offices' staff view of one office's terminals, with its office key.
    pub async fn staff_view(
        &self,
        key: Option<&str>,
        office: &str,
        office_key: &str,
    ) -> TestResponse {
        self.system_with(
            Method::GET,
            &format!("/api/system/v1/terminals?office={office}"),
            key,
            None,
            &[("x-office-key", office_key)],
        )
        .await
    }

    /// A system API request with extra headers.
    pub async fn system_with(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.host());
        for (name, value) in headers {
            b = b.header(*name, *value);
        }
        if let Some(k) = key {
            b = b.header(header::AUTHORIZATION, format!("Bearer {k}"));
        }
        let body = match body {
            Some(v) => {
                let text = v.to_string();
                b = b
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::CONTENT_LENGTH, text.len());
                Body::from(text)
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap()).await
    }

    /// A raw upload as the SPA sends it.
    pub async fn upload(
        &self,
        login: &Login,
        file_name: Option<&str>,
        bytes: &[u8],
    ) -> TestResponse {
        let mut b = self
            .request(Method::POST, "/api/uploads", Some(&login.cookie))
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::CONTENT_LENGTH, bytes.len())
            .header("x-csrf-token", &login.info.csrf_token);
        if let Some(name) = file_name {
            b = b.header(
                "x-file-name",
                percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            );
        }
        self.send(b.body(Body::from(bytes.to_vec())).unwrap()).await
    }

    /// A same-origin JSON request of a logged-in person (with the CSRF token).
    pub async fn as_person(
        &self,
        login: &Login,
        method: Method,
        path: &str,
        body: &serde_json::Value,
    ) -> TestResponse {
        self.json(
            method,
            path,
            &body.to_string(),
            Some(&login.cookie),
            Some(&login.info.csrf_token),
        )
        .await
    }

    pub async fn person_id(&self, personal_number: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM persons WHERE personal_number = $1")
            .bind(personal_number)
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    pub async fn session_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&self.pool)
            .await
            .unwrap()
    }

    /// The stored contact details (email, mobile, updated_at) of a person.
    pub async fn contact_row(
        &self,
        personal_number: &str,
    ) -> Option<(Option<String>, Option<String>, i64)> {
        sqlx::query_as(
            "SELECT c.email, c.mobile, c.updated_at FROM contact_details c \
             JOIN persons p ON p.id = c.person_id WHERE p.personal_number = $1",
        )
        .bind(personal_number)
        .fetch_optional(&self.pool)
        .await
        .unwrap()
    }

    /// (action, actor, subject, session_ref, detail) of every audit event, oldest first.
    pub async fn audit_events(
        &self,
    ) -> Vec<(
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
    )> {
        sqlx::query_as(
            "SELECT action, actor_person_id, subject_person_id, session_ref, detail \
             FROM audit_events ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .unwrap()
    }
}

/// `name=value` from a `Set-Cookie` value.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().trim().to_string()
}

/// The security headers every response must have.
pub fn assert_security_headers(r: &TestResponse) {
    let csp = r.header("content-security-policy").expect("CSP header");
    assert!(
        csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("object-src 'none'"));
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(
        r.header("permissions-policy"),
        Some("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
    );
    assert_eq!(r.header("cross-origin-opener-policy"), Some("same-origin"));
    assert_eq!(
        r.header("cross-origin-resource-policy"),
        Some("same-origin")
    );
}
