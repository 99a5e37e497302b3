//! Server configuration from command-line flags, environment variables and an optional TOML
//! config file.
//!
//! Every setting can be given as a flag, an environment variable or a key of the config file
//! (`--config FILE` / `MINSIDA_CONFIG`); a flag wins over the environment, the environment
//! over the file, the file over the default. clap defines the options and writes `--help`;
//! [`Config::parse`] layers the sources and checks every value.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;

use lettre::message::Mailbox;
use minsida_api::messages::DEFAULT_MAX_UPLOAD_BYTES;

use crate::crypto::KeyEncryptionKey;

mod oidc;
pub use oidc::{ClientAuth, OAuthConfig, OidcProviderConfig};

/// Default idle timeout of a session: 20 minutes.
pub const DEFAULT_SESSION_IDLE_SECS: u32 = 1200;
/// Default maximum age of a session: 8 hours.
pub const DEFAULT_SESSION_MAX_SECS: u32 = 28_800;
/// Name of the SQLite file created in the data directory when no database URL is given.
pub const DEFAULT_DATABASE_FILE: &str = "minsida.sqlite";
/// Shortest accepted system API key.
pub const MIN_SYSTEM_API_KEY_CHARS: usize = 32;
/// Name of the demo agency system registered in demo mode.
pub const DEMO_SYSTEM_NAME: &str = "demo-handlaggning";
/// The fixed, public API key of the demo agency system (demo mode only; never in production).
pub const DEMO_SYSTEM_API_KEY: &str = "demo-system-key-0000000000000000000000000000";
/// Default idle timeout of a visit on a customer terminal: 5 minutes.
pub const DEFAULT_TERMINAL_IDLE_SECS: u32 = 300;
/// Default time before the end of a terminal visit at which the visitor is warned.
pub const DEFAULT_TERMINAL_WARNING_SECS: u32 = 60;
/// Shortest warning WCAG 2.2.1 (Timing Adjustable) accepts: at least 20 seconds to extend.
pub const MIN_TERMINAL_WARNING_SECS: u32 = 20;
/// Shortest accepted terminal enrollment key.
pub const MIN_TERMINAL_KEY_CHARS: usize = 24;
/// Id of the demo service office registered in demo mode.
pub const DEMO_OFFICE_ID: &str = "demo";
/// Display name of the demo service office.
pub const DEMO_OFFICE_NAME: &str = "Servicekontoret Demo";
/// The fixed, public enrollment key of the demo office (demo mode only; never in production).
pub const DEMO_TERMINAL_KEY: &str = "demo-terminal-key-000000000000";
/// Sender of e-mails written to files when no SMTP server is configured (demo and tests).
pub const DEFAULT_MAIL_FROM: &str = "Min sida <no-reply@minsida.invalid>";
/// Default interval between the outbox worker's looks for due e-mails and SMS.
pub const DEFAULT_OUTBOX_POLL_SECS: u32 = 2;

/// Default socket address of the public listener.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Default time in-flight requests get to finish after SIGTERM or Ctrl-C.
pub const DEFAULT_SHUTDOWN_GRACE_SECS: u32 = 30;

/// The options as clap sees them: names, environment variables, help texts.
///
/// Every value is read as text and checked by [`Config::parse`] (one set of rules and error
/// messages for the flag, the environment and the config file), so the fields are never read
/// from this struct: it only defines the command. Defaults are added by [`command`] from
/// [`Config::default`], so `--help` shows the values that are actually used.
#[derive(clap::Parser)]
#[command(
    name = "minsida-server",
    about = "Min sida server: the citizen portal's JSON API and single-page app host.",
    long_about = None,
    disable_version_flag = true,
    term_width = 100,
    after_long_help = AFTER_HELP,
)]
#[allow(dead_code)]
struct Cli {
    /// TOML file with settings; its keys are the long option names, e.g. `bind = "0.0.0.0:8080"`,
    /// `oidc-provider = ["id=…,…"]`, `demo-data = true`. Flags and the environment win over it.
    #[arg(long, env = "MINSIDA_CONFIG", value_name = "FILE")]
    config: Option<String>,

    /// Socket address to listen on.
    #[arg(long, env = "MINSIDA_BIND", value_name = "ADDR")]
    bind: Option<String>,

    /// Directory for the database, documents and keys; created if missing.
    #[arg(long, env = "MINSIDA_DATA_DIR", value_name = "DIR")]
    data_dir: Option<String>,

    /// The database: a SQLite URL (sqlite:///var/lib/minsida/db.sqlite) or a PostgreSQL URL
    /// (postgres://user:password@host:5432/minsida, the production store that several server
    /// instances share) [default: sqlite://<data-dir>/minsida.sqlite]
    #[arg(long, env = "MINSIDA_DATABASE_URL", value_name = "URL")]
    database_url: Option<String>,

    /// Requests each agency system may make to the system API per minute, counted over every
    /// instance; more get 429 with Retry-After.
    #[arg(long, env = "MINSIDA_SYSTEM_REQUESTS_PER_MINUTE", value_name = "N")]
    system_requests_per_minute: Option<String>,

    /// Most connections this instance opens to PostgreSQL (SQLite always keeps 8).
    #[arg(long, env = "MINSIDA_DATABASE_MAX_CONNECTIONS", value_name = "N")]
    database_max_connections: Option<String>,

    /// Keep documents (encrypted, as always) in this bucket of an S3-compatible object store
    /// instead of <data-dir>/documents. Credentials: --s3-access-key-id and
    /// --s3-secret-access-key, or AWS's usual environment variables and instance roles.
    #[arg(long, env = "MINSIDA_S3_BUCKET", value_name = "NAME")]
    s3_bucket: Option<String>,

    /// The object store's URL, for services other than AWS (MinIO, Ceph, …); http:// only for
    /// a store on the same host or private network.
    #[arg(long, env = "MINSIDA_S3_ENDPOINT", value_name = "URL")]
    s3_endpoint: Option<String>,

    /// The bucket's region [default: eu-north-1].
    #[arg(long, env = "MINSIDA_S3_REGION", value_name = "REGION")]
    s3_region: Option<String>,

    /// Prefix of the documents' object names [default: documents].
    #[arg(long, env = "MINSIDA_S3_PREFIX", value_name = "PREFIX")]
    s3_prefix: Option<String>,

    /// Access key id for the object store.
    #[arg(long, env = "MINSIDA_S3_ACCESS_KEY_ID", value_name = "ID")]
    s3_access_key_id: Option<String>,

    /// Secret access key for the object store (better: --s3-secret-access-key-file).
    #[arg(long, env = "MINSIDA_S3_SECRET_ACCESS_KEY", value_name = "SECRET")]
    s3_secret_access_key: Option<String>,

    /// File holding the secret access key (e.g. from a secret store).
    #[arg(long, env = "MINSIDA_S3_SECRET_ACCESS_KEY_FILE", value_name = "PATH")]
    s3_secret_access_key_file: Option<String>,

    /// The SPA build (Trunk's dist/).
    #[arg(long, env = "MINSIDA_STATIC_DIR", value_name = "DIR")]
    static_dir: Option<String>,

    /// URL the browser uses, e.g. https://minsida.example.se (https turns on Secure __Host-
    /// cookies and HSTS) [default: http://<bind>]
    #[arg(long, env = "MINSIDA_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,

    /// Enable the test identity provider (NEVER in production). The environment variable
    /// takes true or false.
    #[arg(long, env = "MINSIDA_TEST_IDP")]
    enable_test_idp: bool,

    /// Seed the demo test persons (demo data also registers the demo agency system and the
    /// demo service office, with public keys). The environment variable takes true or false.
    #[arg(long, env = "MINSIDA_DEMO_DATA")]
    demo_data: bool,

    /// Same as --enable-test-idp --demo-data.
    #[arg(long)]
    demo: bool,

    /// Check the audit trail's hash chain (tamper evidence) in the database and exit: 0 and
    /// the chain's head when intact, 1 and where it breaks when not. Serves nothing.
    #[arg(long)]
    verify_audit: bool,

    /// Take an online backup of the SQLite database and the documents into DIR (new or empty)
    /// and exit; the server may keep running meanwhile. The document key is not included.
    #[arg(long, value_name = "DIR")]
    backup_to: Option<String>,

    /// Restore the backup in DIR into the configured (new) database and document store, check
    /// it, and exit.
    #[arg(long, value_name = "DIR")]
    restore_from: Option<String>,

    /// Session idle timeout in seconds.
    #[arg(long, env = "MINSIDA_SESSION_IDLE_SECS", value_name = "N")]
    session_idle_secs: Option<String>,

    /// Maximum session age in seconds.
    #[arg(long, env = "MINSIDA_SESSION_MAX_SECS", value_name = "N")]
    session_max_secs: Option<String>,

    /// Largest document a person or agency system may send, in bytes.
    #[arg(long, env = "MINSIDA_MAX_UPLOAD_BYTES", value_name = "N")]
    max_upload_bytes: Option<String>,

    /// Key encryption key for documents at rest: base64 of 32 random bytes (default: generated
    /// once in <data-dir>/document-key; production must provide its own, e.g. from a secret
    /// store).
    #[arg(long, env = "MINSIDA_DOCUMENT_KEY", value_name = "BASE64")]
    document_key: Option<String>,

    /// An old key encryption key (base64 of 32 bytes), still accepted for reading documents
    /// and message bodies it wrapped, never for anything new; repeatable. Key rotation: give
    /// every instance the new key here, then make it --document-key with the old one here,
    /// then run --rewrap-keys, then drop the old key. In the environment: comma-separated.
    #[arg(long, env = "MINSIDA_OLD_DOCUMENT_KEYS", value_name = "BASE64")]
    old_document_key: Vec<String>,

    /// Wrap every document's and message body's data key again with --document-key (those of
    /// old keys, and bodies stored before bodies were encrypted), report, and exit; the
    /// servers may keep running meanwhile. Exit 1 when an item cannot be unwrapped.
    #[arg(long)]
    rewrap_keys: bool,

    /// An agency system allowed to use /api/system/v1 with `Authorization: Bearer KEY` (at
    /// least 32 characters); repeatable. Systems no longer configured are revoked at start.
    /// In the environment: name1=key1,name2=key2.
    #[arg(long, env = "MINSIDA_SYSTEM_API_KEYS", value_name = "NAME=KEY")]
    system_api_key: Vec<String>,

    /// Where to tell an agency system that a person sent one of its e-services: a POST of
    /// `{"event": "eservice.submitted", ...}` (ids only; the system fetches the submission
    /// with its key) to URL, through the durable outbox (retried), signed with SECRET (at
    /// least 32 characters): `x-minsida-signature: t=<unix time>,v1=<hex HMAC-SHA256 of
    /// "<t>.<body>">`. URL must be https (or http on the loopback address, for tests);
    /// repeatable, one per system. In the environment: name1=secret1=url1;name2=...
    #[arg(
        long,
        env = "MINSIDA_ESERVICE_CALLBACKS",
        value_name = "NAME=SECRET=URL"
    )]
    eservice_callback: Vec<String>,

    /// A service office whose staff may enroll browsers as customer terminals with KEY (at
    /// least 24 characters); ID is 1-32 lower-case letters, digits, '-' or '_', NAME the
    /// display name (no '=' or ','); repeatable. Terminals of offices no longer configured are
    /// revoked at start. In the environment: id1=Name 1=key1,id2=Name 2=key2.
    #[arg(long, env = "MINSIDA_TERMINAL_OFFICES", value_name = "ID=NAME=KEY")]
    terminal_office: Vec<String>,

    /// Idle timeout of a visit on a customer terminal, at most the session idle timeout
    /// [default: 300, or the session idle timeout if shorter]
    #[arg(long, env = "MINSIDA_TERMINAL_IDLE_SECS", value_name = "N")]
    terminal_idle_secs: Option<String>,

    /// How long before a terminal visit ends the visitor is warned and can extend it; at
    /// least 20, at most half the terminal idle timeout [default: 60, or half the terminal
    /// idle timeout if less]
    #[arg(long, env = "MINSIDA_TERMINAL_WARNING_SECS", value_name = "N")]
    terminal_warning_secs: Option<String>,

    /// SMTP server for e-mail notices and codes: smtp://host:port (plain, for a local relay),
    /// smtp://host?tls=required (STARTTLS, port 587), smtps://host (TLS, port 465);
    /// user:password@ for AUTH, a path (smtp://host/name) sets the EHLO name. Without it,
    /// e-mails are written as .eml files to <data-dir>/mail/ (demo and tests only).
    #[arg(long, env = "MINSIDA_SMTP_URL", value_name = "URL")]
    smtp_url: Option<String>,

    /// Sender of e-mails, e.g. "Min sida <no-reply@example.se>" (required with --smtp-url).
    #[arg(long, env = "MINSIDA_MAIL_FROM", value_name = "MAILBOX")]
    mail_from: Option<String>,

    /// How often the outbox worker looks for due e-mails and SMS, in seconds (it is also
    /// woken at once when something is queued).
    #[arg(long, env = "MINSIDA_OUTBOX_POLL_SECS", value_name = "N")]
    outbox_poll_secs: Option<String>,

    /// An OpenID Connect provider (e-ID broker) people can log in with; repeatable, one login
    /// button each. SPEC is comma-separated KEY=VALUE: id (1-32 of a-z 0-9 -), name (on the
    /// button), issuer (https URL; discovery at <issuer>/.well-known/openid-configuration),
    /// client-id, and client-secret=S, client-secret-file=PATH (client_secret_basic) or
    /// client-key-file=PATH with optional client-key-id=KID (private_key_jwt, PEM PKCS#8 RSA or
    /// EC P-256); optional claim (the ID token claim with the personal identity number,
    /// default personal_number), scope (space-separated, default "openid") and acr (the
    /// accepted levels of assurance, space-separated; others are refused). Register
    /// <public-url>/api/auth/oidc/<id>/callback as redirect URI and
    /// <public-url>/logga-in?logged_out=1 as post-logout redirect URI. In the environment:
    /// spec1;spec2.
    #[arg(long, env = "MINSIDA_OIDC_PROVIDERS", value_name = "SPEC")]
    oidc_provider: Vec<String>,

    /// Authorization server whose JWT access tokens (client credentials) agency systems may
    /// use on /api/system/v1, with scopes per operation.
    #[arg(long, env = "MINSIDA_OAUTH_ISSUER", value_name = "URL")]
    oauth_issuer: Option<String>,

    /// The audience those tokens must carry (required with --oauth-issuer).
    #[arg(long, env = "MINSIDA_OAUTH_AUDIENCE", value_name = "AUD")]
    oauth_audience: Option<String>,

    /// Serve Prometheus metrics at http://ADDR/metrics, on a listener of its own (off by
    /// default; never expose it publicly: keep it on a private interface or behind a firewall).
    #[arg(long, env = "MINSIDA_METRICS_BIND", value_name = "ADDR")]
    metrics_bind: Option<String>,

    /// Log format on standard error: text (for people) or json (one object per line, for log
    /// collection; production uses json).
    #[arg(long, env = "MINSIDA_LOG_FORMAT", value_name = "FORMAT")]
    log_format: Option<String>,

    /// After SIGTERM or Ctrl-C, how long requests in flight and the outbox worker get to
    /// finish before the server stops anyway, in seconds.
    #[arg(long, env = "MINSIDA_SHUTDOWN_GRACE_SECS", value_name = "N")]
    shutdown_grace_secs: Option<String>,

    /// Behind a reverse proxy or load balancer: the header in which it gives the client's
    /// address (e.g. X-Forwarded-For; the last address in it counts, the one the proxy
    /// added). Only set it when every request comes through that proxy: a client can write
    /// the header itself. Without it, the connection's peer address is the client's. Used for
    /// the limits per client.
    #[arg(long, env = "MINSIDA_CLIENT_IP_HEADER", value_name = "NAME")]
    client_ip_header: Option<String>,
}

const AFTER_HELP: &str = "\
Every option can also be set with the environment variable shown, or in the TOML file given \
with --config. A flag wins over the environment, the environment over the file, the file over \
the default. For a repeatable option, the values of the winning source replace the others. \
Lists in the environment: MINSIDA_SYSTEM_API_KEYS and MINSIDA_TERMINAL_OFFICES are separated \
by ',', MINSIDA_OIDC_PROVIDERS and MINSIDA_ESERVICE_CALLBACKS by ';'. In the file, use an array of strings, e.g. \
system-api-key = [\"name=key\"].

Log output goes to standard error and is filtered with RUST_LOG (default: info).";

/// The clap command with the defaults of [`Config::default`] and environment values hidden
/// in `--help` (some are secrets).
fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let d = Config::default();
    let defaults = [
        ("bind", d.bind.to_string()),
        ("data_dir", d.data_dir.display().to_string()),
        ("static_dir", d.static_dir.display().to_string()),
        ("session_idle_secs", d.session_idle_secs.to_string()),
        ("session_max_secs", d.session_max_secs.to_string()),
        ("max_upload_bytes", d.max_upload_bytes.to_string()),
        ("mail_from", d.mail_from.to_string()),
        ("outbox_poll_secs", d.outbox_poll_secs.to_string()),
        (
            "database_max_connections",
            d.database_max_connections.to_string(),
        ),
        (
            "system_requests_per_minute",
            d.system_requests_per_minute.to_string(),
        ),
        ("log_format", d.log_format.as_str().to_string()),
        ("shutdown_grace_secs", d.shutdown_grace_secs.to_string()),
    ];
    let mut cmd = Cli::command().mut_args(|a| a.hide_env_values(true));
    for (id, value) in defaults {
        cmd = cmd.mut_arg(id, |a| a.default_value(value));
    }
    cmd
}

/// How each environment list is separated (an OpenID Connect SPEC contains commas).
fn env_list_separator(id: &str) -> char {
    if id == "oidc_provider" || id == "eservice_callback" {
        ';'
    } else {
        ','
    }
}

/// One setting's text and where it came from (`--bind`, `MINSIDA_BIND` or `FILE: bind`), for
/// error messages.
type Given = (String, String);

/// The winning source of each setting: flag, else environment, else config file. Settings
/// absent from all three are missing here and take [`Config::default`]'s value.
struct Layered {
    values: std::collections::HashMap<String, Vec<Given>>,
}

impl Layered {
    /// Parse the command line with clap (its own reading of the environment switched off) and
    /// add the environment, read through `env`, and the config file. `None`: `--help`.
    fn collect<I, S, E>(args: I, env: E) -> Result<Option<Self>, ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        E: Fn(&str) -> Option<String>,
    {
        use clap::parser::ValueSource;
        let cmd = command();
        let parser = cmd.clone().mut_args(|a| a.env(None::<&str>));
        let argv =
            std::iter::once("minsida-server".to_string()).chain(args.into_iter().map(Into::into));
        let matches = match parser.try_get_matches_from(argv) {
            Ok(m) => m,
            Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => return Ok(None),
            Err(e) => {
                let message = e.to_string();
                return err(message.trim_start_matches("error: ").trim_end());
            }
        };

        let mut values = std::collections::HashMap::new();
        let mut file: Option<(String, toml::Table)> = None;
        // The config file is named by the flag or the environment only.
        let config_path = match matches.get_one::<String>("config") {
            Some(p) => Some(p.clone()),
            None => env("MINSIDA_CONFIG").filter(|v| !v.trim().is_empty()),
        };
        if let Some(path) = config_path {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError(format!("cannot read the config file {path:?}: {e}")))?;
            let table: toml::Table = text.parse().map_err(|e| {
                ConfigError(format!("the config file {path:?} is not valid TOML: {e}"))
            })?;
            for key in table.keys() {
                let known = cmd.get_arguments().any(|a| {
                    a.get_long() == Some(key.as_str())
                        && !["config", "help"].contains(&key.as_str())
                });
                if !known {
                    return err(format!(
                        "{path}: unknown setting {key:?} (the keys are the long option names, see --help)"
                    ));
                }
            }
            file = Some((path, table));
        }

        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let Some(long) = arg.get_long() else { continue };
            if id == "config" || id == "help" {
                continue;
            }
            let is_flag = matches!(arg.get_action(), clap::ArgAction::SetTrue);
            let is_list = matches!(arg.get_action(), clap::ArgAction::Append);
            let flag_name = format!("--{long}");
            let given: Vec<Given> = if matches.value_source(id) == Some(ValueSource::CommandLine) {
                if is_flag {
                    vec![("true".to_string(), flag_name)]
                } else {
                    let mut v = Vec::new();
                    for value in matches.get_many::<String>(id).into_iter().flatten() {
                        if value.is_empty() {
                            return err(format!("{flag_name} needs a value"));
                        }
                        v.push((value.clone(), flag_name.clone()));
                    }
                    v
                }
            } else if let Some((name, value)) = arg
                .get_env()
                .and_then(|n| n.to_str())
                .and_then(|n| env(n).map(|v| (n, v)))
                .filter(|(_, v)| is_flag || !v.trim().is_empty())
            {
                if is_list {
                    value
                        .split(env_list_separator(id))
                        .filter(|s| !s.trim().is_empty())
                        .map(|s| (s.to_string(), name.to_string()))
                        .collect()
                } else {
                    vec![(value, name.to_string())]
                }
            } else if let Some(value) = file
                .as_ref()
                .and_then(|(path, t)| t.get(long).map(|v| (path, v)))
            {
                let (path, value) = value;
                let source = format!("{path}: {long}");
                let scalar = |v: &toml::Value| -> Result<String, ConfigError> {
                    match v {
                        toml::Value::String(s) => Ok(s.clone()),
                        toml::Value::Integer(n) => Ok(n.to_string()),
                        toml::Value::Boolean(b) => Ok(b.to_string()),
                        other => err(format!(
                            "{source}: expected a string, number or boolean, got {}",
                            other.type_str()
                        )),
                    }
                };
                match value {
                    toml::Value::Array(items) if is_list => items
                        .iter()
                        .map(|v| match v {
                            toml::Value::String(s) => Ok((s.clone(), source.clone())),
                            _ => err(format!("{source}: expected an array of strings")),
                        })
                        .collect::<Result<_, _>>()?,
                    toml::Value::Boolean(_) | toml::Value::Integer(_) | toml::Value::String(_) => {
                        if is_flag != matches!(value, toml::Value::Boolean(_)) {
                            return err(format!(
                                "{source}: expected {}",
                                if is_flag {
                                    "true or false"
                                } else {
                                    "a string or number"
                                }
                            ));
                        }
                        vec![(scalar(value)?, source.clone())]
                    }
                    _ => vec![(scalar(value)?, source.clone())],
                }
            } else {
                continue;
            };
            if !given.is_empty() {
                values.insert(id.to_string(), given);
            }
        }
        Ok(Some(Self { values }))
    }

    /// The single value of `id`, with its source.
    fn one(&self, id: &str) -> Option<Given> {
        self.values.get(id).and_then(|v| v.last().cloned())
    }

    /// Every value of the repeatable `id`.
    fn list(&self, id: &str) -> Vec<Given> {
        self.values.get(id).cloned().unwrap_or_default()
    }

    /// A switch: given as a flag, `true`/`false` in the environment or the file.
    fn flag(&self, id: &str) -> Result<bool, ConfigError> {
        match self.one(id) {
            Some((value, source)) => parse_bool(&source, &value),
            None => Ok(false),
        }
    }
}

/// Where documents are kept when they are in an S3-compatible object store.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    /// `None`: AWS S3 itself.
    pub endpoint: Option<String>,
    pub region: String,
    /// Object names are `<prefix>/<storage key>`.
    pub prefix: String,
    /// `None`: AWS's environment variables and instance roles.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "…"),
            )
            .finish()
    }
}

fn s3_config(raw: &Layered) -> Result<Option<S3Config>, ConfigError> {
    let value = |id: &str| raw.one(id).map(|(v, _)| v.trim().to_string());
    let Some(bucket) = value("s3_bucket") else {
        for id in ["s3_endpoint", "s3_access_key_id", "s3_secret_access_key"] {
            if raw.one(id).is_some() {
                return err(format!("--{}: needs --s3-bucket", id.replace('_', "-")));
            }
        }
        return Ok(None);
    };
    // S3's bucket names: 3-63 of a-z 0-9 . -, starting and ending with a letter or digit.
    let valid = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric());
    if !valid {
        return err(format!(
            "--s3-bucket: {bucket:?} is not a valid bucket name"
        ));
    }
    let endpoint = value("s3_endpoint");
    if let Some(e) = &endpoint {
        if !(e.starts_with("https://") || e.starts_with("http://")) {
            return err(format!("--s3-endpoint: expected an http(s) URL, got {e:?}"));
        }
    }
    let prefix = value("s3_prefix").unwrap_or_else(|| "documents".into());
    if prefix.is_empty()
        || !prefix.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
    {
        return err(format!(
            "--s3-prefix: {prefix:?} must be names of a-z A-Z 0-9 - _ . separated by /"
        ));
    }
    let secret = match (
        value("s3_secret_access_key"),
        raw.one("s3_secret_access_key_file"),
    ) {
        (Some(_), Some(_)) => {
            return err("--s3-secret-access-key and --s3-secret-access-key-file: give one of them")
        }
        (Some(s), None) => Some(s),
        (None, Some((path, _))) => Some(
            std::fs::read_to_string(path.trim())
                .map_err(|e| ConfigError(format!("--s3-secret-access-key-file {path}: {e}")))?
                .trim()
                .to_string(),
        ),
        (None, None) => None,
    };
    let access_key_id = value("s3_access_key_id");
    if access_key_id.is_some() != secret.is_some() {
        return err("--s3-access-key-id and --s3-secret-access-key go together");
    }
    Ok(Some(S3Config {
        bucket,
        endpoint,
        region: value("s3_region").unwrap_or_else(|| "eu-north-1".into()),
        prefix,
        access_key_id,
        secret_access_key: secret,
    }))
}

/// The public URL of the service, as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    https: bool,
    /// Lower-case host with the port when it is not the scheme's default, e.g. `localhost:8080`.
    authority: String,
}

impl PublicUrl {
    /// Parse `http(s)://host[:port][/]`. A path, query or fragment is refused: the SPA and the
    /// API are served from the root of the origin (and `__Host-` cookies require `Path=/`).
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(s, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(s, "http://") {
            (false, rest)
        } else {
            return Err(format!(
                "public URL {s:?} must start with http:// or https://"
            ));
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty() {
            return Err(format!("public URL {s:?} has no host"));
        }
        if authority.contains(['/', '?', '#', '@']) || authority.chars().any(char::is_whitespace) {
            return Err(format!(
                "public URL {s:?} must be an origin without path, query or user info"
            ));
        }
        let authority = normalize_authority(authority, https)
            .ok_or_else(|| format!("public URL {s:?} has an invalid host or port"))?;
        Ok(Self { https, authority })
    }

    /// `http://<addr>`; an unspecified address (0.0.0.0 or ::) becomes the loopback address so
    /// that the printed URL can be opened in a browser.
    pub fn from_bind(addr: SocketAddr) -> Self {
        let ip = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let authority = normalize_authority(&SocketAddr::new(ip, addr.port()).to_string(), false)
            .expect("a socket address is a valid authority");
        Self {
            https: false,
            authority,
        }
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    pub fn scheme(&self) -> &'static str {
        if self.https {
            "https"
        } else {
            "http"
        }
    }

    /// The origin (`scheme://host[:port]`), as browsers send it in the `Origin` header.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme(), self.authority)
    }
}

impl fmt::Display for PublicUrl {
    /// The URL without a trailing slash.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin())
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Lower-case a `host[:port]` and drop the port when it is the scheme's default, the way
/// browsers serialise an origin. Returns `None` for an empty host or a bad port.
pub fn normalize_authority(authority: &str, https: bool) -> Option<String> {
    let authority = authority.trim().to_ascii_lowercase();
    let (host, port) = if authority.starts_with('[') {
        // IPv6 literal: [::1] or [::1]:8080
        let end = authority.find(']')?;
        let host = &authority[..=end];
        match &authority[end + 1..] {
            "" => (host, None),
            rest => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority.as_str(), None),
        }
    };
    if host.is_empty()
        || (host.contains(':') && !host.starts_with('['))
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.[]:_".contains(c))
    {
        return None;
    }
    let default_port = if https { 443 } else { 80 };
    match port {
        None => Some(host.to_string()),
        Some(p) => {
            let p: u16 = p.parse().ok()?;
            if p == default_port {
                Some(host.to_string())
            } else {
                Some(format!("{host}:{p}"))
            }
        }
    }
}

/// Complete server configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// Explicit database URL; `None` means `<data_dir>/minsida.sqlite`.
    pub database_url: Option<String>,
    /// `--database-max-connections` (PostgreSQL's pool size per instance).
    pub database_max_connections: u32,
    /// `--system-requests-per-minute`.
    pub system_requests_per_minute: u32,
    /// `--s3-*`: documents in an S3-compatible object store; `None`: in the data directory.
    pub s3: Option<S3Config>,
    pub static_dir: PathBuf,
    pub public_url: PublicUrl,
    /// True when `public_url` was derived from `bind` rather than given.
    pub public_url_is_default: bool,
    pub enable_test_idp: bool,
    pub demo_data: bool,
    pub session_idle_secs: u32,
    pub session_max_secs: u32,
    /// Largest document, in bytes (uploads and each system attachment).
    pub max_upload_bytes: u64,
    /// Key encryption key for documents and message bodies; `None` means the key file in the
    /// data directory.
    pub document_key: Option<KeyEncryptionKey>,
    /// Old key encryption keys, for unwrapping only (key rotation).
    pub old_document_keys: Vec<KeyEncryptionKey>,
    /// Agency systems of the system-to-system API.
    pub system_api_keys: Vec<SystemApiKey>,
    /// Where agency systems are told of e-service submissions.
    pub eservice_callbacks: Vec<EServiceCallback>,
    /// Service offices that may enroll customer terminals (without the demo office).
    pub terminal_offices: Vec<TerminalOffice>,
    /// Idle timeout of a session started on a customer terminal.
    pub terminal_idle_secs: u32,
    /// How long before the end of a terminal visit the visitor is warned.
    pub terminal_warning_secs: u32,
    /// SMTP server for e-mail; `None` writes e-mails as files to `<data_dir>/mail/`.
    pub smtp_url: Option<SmtpUrl>,
    /// Sender of every e-mail.
    pub mail_from: Mailbox,
    /// Seconds between the outbox worker's looks for due rows.
    pub outbox_poll_secs: u32,
    /// OpenID Connect providers people can log in with.
    pub oidc_providers: Vec<OidcProviderConfig>,
    /// Authorization server of agency systems' access tokens.
    pub oauth: Option<OAuthConfig>,
    /// Listener of the Prometheus `/metrics` endpoint; `None`: no metrics are served.
    pub metrics_bind: Option<SocketAddr>,
    /// Format of the log on standard error.
    pub log_format: LogFormat,
    /// Seconds requests in flight and the outbox worker get to finish at shutdown.
    pub shutdown_grace_secs: u32,
    /// The header a trusted proxy gives the client's address in; `None`: the peer address.
    pub client_ip_header: Option<axum::http::HeaderName>,
}

/// A service office and the key its staff enroll customer terminals with. `Debug` never
/// shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct TerminalOffice {
    /// Stable id, stored with each terminal, e.g. `malmo`.
    pub id: String,
    /// Display name, e.g. `Servicekontoret Malmö`.
    pub name: String,
    pub key: String,
}

impl fmt::Debug for TerminalOffice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TerminalOffice({:?}, {:?}, <redacted>)",
            self.id, self.name
        )
    }
}

impl TerminalOffice {
    /// Parse `ID=NAME=KEY`. The key is everything after the second `=` (so base64 padding is
    /// fine); the name cannot contain `=`.
    pub fn parse(text: &str, source: &str) -> Result<Self, ConfigError> {
        let mut parts = text.splitn(3, '=');
        let (Some(id), Some(name), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return err(format!("{source}: expected ID=NAME=KEY"));
        };
        let (id, name, key) = (id.trim(), name.trim(), key.trim());
        if id.is_empty()
            || id.len() > 32
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c))
        {
            return err(format!(
                "{source}: the office id {id:?} must be 1-32 lower-case letters, digits, '-' or '_'"
            ));
        }
        if name.is_empty()
            || name.chars().count() > 80
            || name.chars().any(|c| c.is_control() || c == ',')
        {
            return err(format!(
                "{source}: the name of office {id:?} must be 1-80 characters without ',' or control characters"
            ));
        }
        if key.chars().count() < MIN_TERMINAL_KEY_CHARS
            || key
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ',')
        {
            return err(format!(
                "{source}: the enrollment key of office {id:?} must be at least {MIN_TERMINAL_KEY_CHARS} characters without spaces or commas"
            ));
        }
        Ok(Self {
            id: id.to_string(),
            name: name.to_string(),
            key: key.to_string(),
        })
    }
}

/// An SMTP connection URL in lettre's form, checked when parsed. `Debug` never shows it (it
/// may carry a password).
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl(String);

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmtpUrl(<redacted>)")
    }
}

impl SmtpUrl {
    /// Check `url` the way the SMTP client will read it (scheme, host, `tls` parameter,
    /// credentials).
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("not a usable SMTP URL: {e}"))?;
        Ok(Self(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where an agency system is told of its e-services' submissions. `Debug` never shows the
/// secret.
#[derive(Clone, PartialEq, Eq)]
pub struct EServiceCallback {
    /// The system's name (as in --system-api-key).
    pub system: String,
    pub secret: String,
    pub url: String,
}

impl fmt::Debug for EServiceCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EServiceCallback({:?}, <redacted>, {:?})",
            self.system, self.url
        )
    }
}

impl EServiceCallback {
    /// Parse `NAME=SECRET=URL`.
    pub fn parse(text: &str, source: &str) -> Result<Self, ConfigError> {
        let mut parts = text.splitn(3, '=');
        let (Some(name), Some(secret), Some(url)) = (parts.next(), parts.next(), parts.next())
        else {
            return err(format!("{source}: expected NAME=SECRET=URL"));
        };
        let (name, secret, url) = (name.trim(), secret.trim(), url.trim());
        if secret.chars().count() < MIN_SYSTEM_API_KEY_CHARS
            || secret
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ';')
        {
            return err(format!(
                "{source}: the callback secret of {name:?} must be at least {MIN_SYSTEM_API_KEY_CHARS} characters without spaces or ';'"
            ));
        }
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| ConfigError(format!("{source}: the callback URL {url:?}: {e}")))?;
        let host = parsed.host_str().unwrap_or_default();
        let loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !(parsed.scheme() == "https" || parsed.scheme() == "http" && loopback)
            || !parsed.username().is_empty()
            || parsed.password().is_some()
        {
            return err(format!(
                "{source}: the callback URL of {name:?} must be https (http only on the loopback address), without credentials"
            ));
        }
        Ok(Self {
            system: name.to_string(),
            secret: secret.to_string(),
            url: parsed.to_string(),
        })
    }
}

/// A configured agency system and its API key. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct SystemApiKey {
    pub name: String,
    pub key: String,
}

impl fmt::Debug for SystemApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SystemApiKey({:?}, <redacted>)", self.name)
    }
}

impl SystemApiKey {
    /// Parse `NAME=KEY`.
    pub fn parse(text: &str, source: &str) -> Result<Self, ConfigError> {
        let Some((name, key)) = text.split_once('=') else {
            return err(format!("{source}: expected NAME=KEY"));
        };
        let (name, key) = (name.trim(), key.trim());
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return err(format!(
                "{source}: the system name {name:?} must be 1-64 letters, digits, '-', '_' or '.'"
            ));
        }
        if key.chars().count() < MIN_SYSTEM_API_KEY_CHARS
            || key
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ',')
        {
            return err(format!(
                "{source}: the API key of {name:?} must be at least {MIN_SYSTEM_API_KEY_CHARS} characters without spaces or commas"
            ));
        }
        Ok(Self {
            name: name.to_string(),
            key: key.to_string(),
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        let bind: SocketAddr = DEFAULT_BIND.parse().expect("the default address is valid");
        Self {
            bind,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_max_connections: 16,
            system_requests_per_minute: 1200,
            s3: None,
            static_dir: PathBuf::from("./dist"),
            public_url: PublicUrl::from_bind(bind),
            public_url_is_default: true,
            enable_test_idp: false,
            demo_data: false,
            session_idle_secs: DEFAULT_SESSION_IDLE_SECS,
            session_max_secs: DEFAULT_SESSION_MAX_SECS,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            document_key: None,
            old_document_keys: Vec::new(),
            system_api_keys: Vec::new(),
            eservice_callbacks: Vec::new(),
            terminal_offices: Vec::new(),
            terminal_idle_secs: DEFAULT_TERMINAL_IDLE_SECS,
            terminal_warning_secs: DEFAULT_TERMINAL_WARNING_SECS,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM
                .parse()
                .expect("the default sender is a valid mailbox"),
            outbox_poll_secs: DEFAULT_OUTBOX_POLL_SECS,
            oidc_providers: Vec::new(),
            oauth: None,
            metrics_bind: None,
            log_format: LogFormat::Text,
            shutdown_grace_secs: DEFAULT_SHUTDOWN_GRACE_SECS,
            client_ip_header: None,
        }
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    /// Run the server with this configuration.
    Run(Box<Config>),
    /// Print [`Config::help`] and exit successfully.
    Help,
    /// Verify the audit trail's hash chain and exit (`--verify-audit`).
    VerifyAudit(Box<Config>),
    /// Wrap data keys again with the active key and exit (`--rewrap-keys`).
    RewrapKeys(Box<Config>),
    /// `--backup-to DIR`.
    Backup(Box<Config>, PathBuf),
    /// `--restore-from DIR`.
    Restore(Box<Config>, PathBuf),
}

/// A configuration error, meant to be printed to the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError(msg.into()))
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        other => err(format!("{name}: expected true or false, got {other:?}")),
    }
}

fn parse_secs(value: &str, name: &str) -> Result<u32, ConfigError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => err(format!(
            "{name}: expected a positive number of seconds, got {value:?}"
        )),
    }
}

fn parse_addr(value: &str, name: &str) -> Result<SocketAddr, ConfigError> {
    value.trim().parse().or_else(|_| {
        err(format!(
            "{name}: {value:?} is not a socket address like 127.0.0.1:8080"
        ))
    })
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (the default, and what `scripts/run` shows).
    #[default]
    Text,
    /// One JSON object per line, with the request's span (and its request id).
    Json,
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

impl Config {
    /// The `--help` text, generated by clap from the option definitions.
    pub fn help() -> String {
        command().render_long_help().to_string()
    }

    /// Parse the command-line arguments (without the program name), the environment, read
    /// through `env` so that tests need not touch the process environment, and the config
    /// file named by `--config` or `MINSIDA_CONFIG`.
    ///
    /// clap parses the command line (its own reading of the environment is switched off, the
    /// environment variable names are taken from its definitions); each setting then comes
    /// from the flag, else the environment, else the file, else [`Config::default`]; all
    /// values are checked here, with the source named in the error.
    pub fn parse<I, S, E>(args: I, env: E) -> Result<Command, ConfigError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        E: Fn(&str) -> Option<String>,
    {
        let Some(raw) = Layered::collect(args, env)? else {
            return Ok(Command::Help);
        };

        let mut config = Config::default();
        if let Some((v, name)) = raw.one("bind") {
            config.bind = parse_addr(&v, &name)?;
            config.public_url = PublicUrl::from_bind(config.bind);
        }
        if let Some((v, _)) = raw.one("data_dir") {
            config.data_dir = PathBuf::from(v);
        }
        config.database_url = raw.one("database_url").map(|(v, _)| v);
        if let Some(url) = &config.database_url {
            if crate::db::Backend::of_url(url).is_none() {
                return err(format!(
                    "--database-url: expected a sqlite: or postgres:// URL, got {:?}",
                    url.split_once(':')
                        .map_or(url.as_str(), |(scheme, _)| scheme)
                ));
            }
        }
        config.s3 = s3_config(&raw)?;
        if let Some((v, name)) = raw.one("system_requests_per_minute") {
            config.system_requests_per_minute = match v.trim().parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => return err(format!("{name}: expected a positive number, got {v:?}")),
            };
        }
        if let Some((v, name)) = raw.one("database_max_connections") {
            config.database_max_connections = match v.trim().parse::<u32>() {
                Ok(n) if (2..=1000).contains(&n) => n,
                _ => {
                    return err(format!(
                        "{name}: expected a number from 2 to 1000, got {v:?}"
                    ))
                }
            };
        }
        if let Some((v, _)) = raw.one("static_dir") {
            config.static_dir = PathBuf::from(v);
        }
        if let Some((v, name)) = raw.one("public_url") {
            config.public_url =
                PublicUrl::parse(&v).map_err(|e| ConfigError(format!("{name}: {e}")))?;
            config.public_url_is_default = false;
        }
        let demo = raw.flag("demo")?;
        config.enable_test_idp = raw.flag("enable_test_idp")? || demo;
        config.demo_data = raw.flag("demo_data")? || demo;
        if let Some((v, name)) = raw.one("session_idle_secs") {
            config.session_idle_secs = parse_secs(&v, &name)?;
        }
        if let Some((v, name)) = raw.one("session_max_secs") {
            config.session_max_secs = parse_secs(&v, &name)?;
        }
        if let Some((v, name)) = raw.one("max_upload_bytes") {
            config.max_upload_bytes = match v.trim().parse::<u64>() {
                Ok(n) if (1..=1 << 30).contains(&n) => n,
                _ => {
                    return err(format!(
                        "{name}: expected a number of bytes between 1 and 1073741824, got {v:?}"
                    ))
                }
            };
        }
        if let Some((v, name)) = raw.one("document_key") {
            config.document_key = Some(
                KeyEncryptionKey::from_base64(&v)
                    .map_err(|e| ConfigError(format!("{name}: {e}")))?,
            );
        }
        for (v, name) in raw.list("old_document_key") {
            config.old_document_keys.push(
                KeyEncryptionKey::from_base64(&v)
                    .map_err(|e| ConfigError(format!("{name}: {e}")))?,
            );
        }
        if let Some((v, name)) = raw.one("smtp_url") {
            config.smtp_url =
                Some(SmtpUrl::parse(&v).map_err(|e| ConfigError(format!("{name}: {e}")))?);
        }
        match raw.one("mail_from") {
            Some((v, name)) => {
                config.mail_from = v.trim().parse().map_err(|e| {
                    ConfigError(format!(
                        "{name}: {v:?} is not a mailbox like \"Min sida <no-reply@example.se>\" ({e})"
                    ))
                })?;
            }
            None if config.smtp_url.is_some() => {
                return err(
                    "an SMTP server is configured but no sender: set --mail-from or \
                     MINSIDA_MAIL_FROM to an address of the agency's mail domain",
                );
            }
            None => {}
        }
        if let Some((v, name)) = raw.one("outbox_poll_secs") {
            config.outbox_poll_secs = parse_secs(&v, &name)?;
        }
        for (text, source) in raw.list("oidc_provider") {
            let provider = OidcProviderConfig::parse(&text, &source)?;
            if config.oidc_providers.iter().any(|p| p.id == provider.id) {
                return err(format!(
                    "{source}: the provider {:?} is given twice",
                    provider.id
                ));
            }
            config.oidc_providers.push(provider);
        }
        config.oauth = match (raw.one("oauth_issuer"), raw.one("oauth_audience")) {
            (Some((issuer, source)), Some((audience, _))) => {
                let issuer = issuer.trim().trim_end_matches('/').to_string();
                oidc::check_issuer_url(&issuer, &source)?;
                Some(OAuthConfig {
                    issuer,
                    audience: audience.trim().to_string(),
                })
            }
            (None, None) => None,
            (Some((_, source)), None) | (None, Some((_, source))) => {
                return err(format!(
                    "{source}: --oauth-issuer and --oauth-audience go together"
                ))
            }
        };
        for (text, source) in raw.list("system_api_key") {
            let key = SystemApiKey::parse(&text, &source)?;
            if config.system_api_keys.iter().any(|k| k.name == key.name) {
                return err(format!(
                    "{source}: the system {:?} is given twice",
                    key.name
                ));
            }
            if key.name == DEMO_SYSTEM_NAME {
                return err(format!(
                    "{source}: the name {DEMO_SYSTEM_NAME:?} is reserved for the demo"
                ));
            }
            config.system_api_keys.push(key);
        }
        if config.session_idle_secs > config.session_max_secs {
            return err(format!(
                "the session idle timeout ({} s) is longer than the maximum session age ({} s)",
                config.session_idle_secs, config.session_max_secs
            ));
        }
        for (text, source) in raw.list("eservice_callback") {
            let callback = EServiceCallback::parse(&text, &source)?;
            let known = callback.system == DEMO_SYSTEM_NAME && config.demo_data
                || config
                    .system_api_keys
                    .iter()
                    .any(|k| k.name == callback.system);
            if !known {
                return err(format!(
                    "{source}: no system {:?} is given with --system-api-key",
                    callback.system
                ));
            }
            if config
                .eservice_callbacks
                .iter()
                .any(|c| c.system == callback.system)
            {
                return err(format!(
                    "{source}: the system {:?} has a callback already",
                    callback.system
                ));
            }
            config.eservice_callbacks.push(callback);
        }
        for (text, source) in raw.list("terminal_office") {
            let office = TerminalOffice::parse(&text, &source)?;
            if config.terminal_offices.iter().any(|o| o.id == office.id) {
                return err(format!(
                    "{source}: the office {:?} is given twice",
                    office.id
                ));
            }
            if office.id == DEMO_OFFICE_ID {
                return err(format!(
                    "{source}: the office id {DEMO_OFFICE_ID:?} is reserved for the demo"
                ));
            }
            config.terminal_offices.push(office);
        }
        // Defaults follow a shorter session idle timeout, so that a terminal never keeps a
        // visit alive longer than an ordinary session.
        let terminal_idle = raw.one("terminal_idle_secs");
        let terminal_warning = raw.one("terminal_warning_secs");
        let timing_given = terminal_idle.is_some() || terminal_warning.is_some();
        config.terminal_idle_secs = match terminal_idle {
            Some((v, name)) => parse_secs(&v, &name)?,
            None => DEFAULT_TERMINAL_IDLE_SECS.min(config.session_idle_secs),
        };
        config.terminal_warning_secs = match terminal_warning {
            Some((v, name)) => parse_secs(&v, &name)?,
            None => DEFAULT_TERMINAL_WARNING_SECS.min(config.terminal_idle_secs / 2),
        };
        if !config.effective_terminal_offices().is_empty() || timing_given {
            config.check_terminal_timing()?;
        }
        if let Some((v, name)) = raw.one("metrics_bind") {
            let addr = parse_addr(&v, &name)?;
            if addr == config.bind && addr.port() != 0 {
                return err(format!(
                    "{name}: the metrics listener needs an address of its own, not the public {addr}"
                ));
            }
            config.metrics_bind = Some(addr);
        }
        if let Some((v, name)) = raw.one("log_format") {
            config.log_format = match v.trim().to_ascii_lowercase().as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                other => return err(format!("{name}: expected text or json, got {other:?}")),
            };
        }
        if let Some((v, name)) = raw.one("shutdown_grace_secs") {
            config.shutdown_grace_secs = match v.trim().parse::<u32>() {
                Ok(n) if n <= 3600 => n,
                _ => {
                    return err(format!(
                        "{name}: expected a number of seconds between 0 and 3600, got {v:?}"
                    ))
                }
            };
        }
        if let Some((v, name)) = raw.one("client_ip_header") {
            config.client_ip_header = Some(
                axum::http::HeaderName::from_bytes(v.trim().as_bytes())
                    .map_err(|_| ConfigError(format!("{name}: not a header name: {v:?}")))?,
            );
        }
        if raw.flag("verify_audit")? {
            return Ok(Command::VerifyAudit(Box::new(config)));
        }
        if raw.flag("rewrap_keys")? {
            return Ok(Command::RewrapKeys(Box::new(config)));
        }
        match (raw.one("backup_to"), raw.one("restore_from")) {
            (Some(_), Some(_)) => return err("--backup-to and --restore-from: give one of them"),
            (Some((dir, _)), None) => return Ok(Command::Backup(Box::new(config), dir.into())),
            (None, Some((dir, _))) => return Ok(Command::Restore(Box::new(config), dir.into())),
            (None, None) => {}
        }
        Ok(Command::Run(Box::new(config)))
    }
    /// After binding: when the public URL was derived from the bind address, use the address
    /// actually bound (matters for port 0).
    pub fn with_bound_addr(mut self, addr: SocketAddr) -> Self {
        if self.public_url_is_default {
            self.public_url = PublicUrl::from_bind(addr);
        }
        self.bind = addr;
        self
    }

    /// The key ring of the configured keys: `--document-key` active, `--old-document-key`s
    /// for unwrapping only. `None` until the document key is resolved.
    pub fn key_ring(&self) -> Option<crate::crypto::KeyRing> {
        self.document_key.clone().map(|active| {
            crate::crypto::KeyRing::new(active, self.old_document_keys.iter().cloned())
        })
    }

    /// Agency systems to register: the configured ones, plus the demo system when the demo
    /// data is enabled.
    pub fn effective_system_api_keys(&self) -> Vec<SystemApiKey> {
        let mut keys = self.system_api_keys.clone();
        if self.demo_data {
            keys.push(SystemApiKey {
                name: DEMO_SYSTEM_NAME.to_string(),
                key: DEMO_SYSTEM_API_KEY.to_string(),
            });
        }
        keys
    }

    /// Service offices that may enroll terminals: the configured ones, plus the demo office
    /// when the demo data is enabled.
    pub fn effective_terminal_offices(&self) -> Vec<TerminalOffice> {
        let mut offices = self.terminal_offices.clone();
        if self.demo_data {
            offices.push(TerminalOffice {
                id: DEMO_OFFICE_ID.to_string(),
                name: DEMO_OFFICE_NAME.to_string(),
                key: DEMO_TERMINAL_KEY.to_string(),
            });
        }
        offices
    }

    /// The effective office with this id.
    pub fn terminal_office(&self, id: &str) -> Option<TerminalOffice> {
        self.effective_terminal_offices()
            .into_iter()
            .find(|o| o.id == id)
    }

    /// Terminal mode must never weaken the ordinary session rules, and the warning must give
    /// the visitor time to react (WCAG 2.2.1).
    fn check_terminal_timing(&self) -> Result<(), ConfigError> {
        if self.terminal_idle_secs > self.session_idle_secs {
            return err(format!(
                "the terminal idle timeout ({} s) is longer than the session idle timeout ({} s)",
                self.terminal_idle_secs, self.session_idle_secs
            ));
        }
        if self.terminal_warning_secs < MIN_TERMINAL_WARNING_SECS {
            return err(format!(
                "the terminal warning ({} s) must be at least {MIN_TERMINAL_WARNING_SECS} s (WCAG 2.2.1)",
                self.terminal_warning_secs
            ));
        }
        if self.terminal_warning_secs.saturating_mul(2) > self.terminal_idle_secs {
            return err(format!(
                "the terminal warning ({} s) must be at most half the terminal idle timeout ({} s)",
                self.terminal_warning_secs, self.terminal_idle_secs
            ));
        }
        Ok(())
    }

    /// Body limit of the system API: ten attachments of the largest size, base64-encoded, plus
    /// 64 KiB for the rest of the JSON.
    pub fn system_body_limit(&self) -> usize {
        let limit = self.max_upload_bytes.saturating_mul(10).saturating_mul(4) / 3 + 64 * 1024;
        usize::try_from(limit).unwrap_or(usize::MAX)
    }

    /// Path of the default database file.
    pub fn default_database_path(&self) -> PathBuf {
        self.data_dir.join(DEFAULT_DATABASE_FILE)
    }

    /// Name of the session cookie: with the `__Host-` prefix when served over https, so the
    /// browser guarantees it is host-only, `Secure` and `Path=/`.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.public_url.is_https() {
            "__Host-minsida_session"
        } else {
            "minsida_session"
        }
    }

    /// Name of the customer terminal's device cookie, prefixed like the session cookie.
    pub fn terminal_cookie_name(&self) -> &'static str {
        if self.public_url.is_https() {
            "__Host-minsida_terminal"
        } else {
            "minsida_terminal"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        match Config::parse(args.iter().copied(), |k| env.get(k).cloned())? {
            Command::Run(c) => Ok(*c),
            other => panic!("unexpected command {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = parse(&[], &[]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert_eq!(c.database_url, None);
        assert_eq!(
            c.default_database_path(),
            PathBuf::from("./data/minsida.sqlite")
        );
        assert_eq!(c.static_dir, PathBuf::from("./dist"));
        assert_eq!(c.public_url.to_string(), "http://127.0.0.1:8080");
        assert!(c.public_url_is_default);
        assert!(!c.enable_test_idp);
        assert!(!c.demo_data);
        assert_eq!(c.session_idle_secs, 1200);
        assert_eq!(c.session_max_secs, 28800);
        assert_eq!(c.session_cookie_name(), "minsida_session");
        assert!(c.smtp_url.is_none());
        assert_eq!(
            c.mail_from.to_string(),
            "Min sida <no-reply@minsida.invalid>"
        );
        assert_eq!(c.outbox_poll_secs, 2);
    }

    #[test]
    fn mail_settings() {
        let c = parse(
            &[],
            &[
                (
                    "MINSIDA_SMTP_URL",
                    "smtp://user:secret@mail.example.se?tls=required",
                ),
                ("MINSIDA_MAIL_FROM", "Skatteverket <no-reply@example.se>"),
                ("MINSIDA_OUTBOX_POLL_SECS", "5"),
            ],
        )
        .unwrap();
        let url = c.smtp_url.as_ref().unwrap();
        assert_eq!(
            url.as_str(),
            "smtp://user:secret@mail.example.se?tls=required"
        );
        assert!(!format!("{c:?}").contains("secret"));
        assert_eq!(c.mail_from.email.to_string(), "no-reply@example.se");
        assert_eq!(c.mail_from.name.as_deref(), Some("Skatteverket"));
        assert_eq!(c.outbox_poll_secs, 5);

        // Flags win; plain SMTP for a local relay and implicit TLS are accepted too.
        let c = parse(
            &[
                "--smtp-url=smtps://mail.example.se",
                "--mail-from",
                "no-reply@example.se",
                "--outbox-poll-secs",
                "1",
            ],
            &[("MINSIDA_SMTP_URL", "smtp://127.0.0.1:2525")],
        )
        .unwrap();
        assert_eq!(c.smtp_url.unwrap().as_str(), "smtps://mail.example.se");
        assert_eq!(c.outbox_poll_secs, 1);
        assert!(parse(
            &[
                "--smtp-url",
                "smtp://127.0.0.1:2525",
                "--mail-from",
                "a@b.se"
            ],
            &[]
        )
        .is_ok());

        for bad in [
            // A sender is required with a real SMTP server.
            vec!["--smtp-url", "smtp://127.0.0.1:2525"],
            vec![
                "--smtp-url",
                "http://mail.example.se",
                "--mail-from",
                "a@b.se",
            ],
            vec![
                "--smtp-url",
                "smtp://mail.example.se?tls=sometimes",
                "--mail-from",
                "a@b.se",
            ],
            vec!["--smtp-url", "not a url", "--mail-from", "a@b.se"],
            vec!["--mail-from", "not an address"],
            vec!["--outbox-poll-secs", "0"],
        ] {
            assert!(parse(&bad, &[]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn environment_is_read() {
        let c = parse(
            &[],
            &[
                ("MINSIDA_BIND", "0.0.0.0:9000"),
                ("MINSIDA_DATA_DIR", "/var/lib/minsida"),
                ("MINSIDA_DATABASE_URL", "sqlite:///tmp/x.sqlite"),
                ("MINSIDA_STATIC_DIR", "/srv/dist"),
                ("MINSIDA_PUBLIC_URL", "HTTPS://MinSida.Example.se/"),
                ("MINSIDA_TEST_IDP", "true"),
                ("MINSIDA_DEMO_DATA", "1"),
                ("MINSIDA_SESSION_IDLE_SECS", "600"),
                ("MINSIDA_SESSION_MAX_SECS", "3600"),
            ],
        )
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(c.data_dir, PathBuf::from("/var/lib/minsida"));
        assert_eq!(c.database_url.as_deref(), Some("sqlite:///tmp/x.sqlite"));
        assert_eq!(c.static_dir, PathBuf::from("/srv/dist"));
        assert_eq!(c.public_url.origin(), "https://minsida.example.se");
        assert!(c.public_url.is_https());
        assert!(!c.public_url_is_default);
        assert!(c.enable_test_idp && c.demo_data);
        assert_eq!((c.session_idle_secs, c.session_max_secs), (600, 3600));
        assert_eq!(c.session_cookie_name(), "__Host-minsida_session");
    }

    #[test]
    fn flags_override_environment() {
        let c = parse(
            &[
                "--bind",
                "127.0.0.1:3000",
                "--data-dir=/d",
                "--enable-test-idp",
                "--session-idle-secs",
                "60",
            ],
            &[
                ("MINSIDA_BIND", "0.0.0.0:9000"),
                ("MINSIDA_TEST_IDP", "false"),
                ("MINSIDA_DATA_DIR", "/e"),
            ],
        )
        .unwrap();
        assert_eq!(c.bind, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(c.public_url.to_string(), "http://127.0.0.1:3000");
        assert_eq!(c.data_dir, PathBuf::from("/d"));
        assert!(c.enable_test_idp);
        assert!(!c.demo_data);
        assert_eq!(c.session_idle_secs, 60);
    }

    #[test]
    fn demo_enables_test_idp_and_demo_data() {
        let c = parse(&["--demo"], &[]).unwrap();
        assert!(c.enable_test_idp && c.demo_data);
        let c = parse(&["--demo-data"], &[]).unwrap();
        assert!(!c.enable_test_idp && c.demo_data);
    }

    #[test]
    fn messages_settings() {
        let c = parse(&[], &[]).unwrap();
        assert_eq!(c.max_upload_bytes, 20 * 1024 * 1024);
        assert!(c.document_key.is_none());
        assert!(c.effective_system_api_keys().is_empty());
        assert_eq!(c.system_body_limit(), 20 * 1024 * 1024 * 40 / 3 + 65536);

        let key = crate::crypto::KeyEncryptionKey::generate();
        let a = "a".repeat(32);
        let c = parse(
            &[],
            &[
                ("MINSIDA_MAX_UPLOAD_BYTES", "1000"),
                ("MINSIDA_DOCUMENT_KEY", &key.to_base64()),
                ("MINSIDA_SYSTEM_API_KEYS", &format!("one={a}, two={a}b")),
            ],
        )
        .unwrap();
        assert_eq!(c.max_upload_bytes, 1000);
        assert_eq!(c.document_key, Some(key));
        let names: Vec<_> = c.system_api_keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        assert_eq!(c.system_api_keys[1].key, format!("{a}b"));
        assert!(!format!("{c:?}").contains(&a));
        assert!(c.old_document_keys.is_empty());

        // Old keys for key rotation: a comma-separated list in the environment, repeatable
        // flags; never shown.
        let (old1, old2) = (
            crate::crypto::KeyEncryptionKey::generate(),
            crate::crypto::KeyEncryptionKey::generate(),
        );
        let c = parse(
            &[],
            &[(
                "MINSIDA_OLD_DOCUMENT_KEYS",
                &format!("{},{}", old1.to_base64(), old2.to_base64()),
            )],
        )
        .unwrap();
        assert_eq!(c.old_document_keys, vec![old1.clone(), old2.clone()]);
        assert!(!format!("{c:?}").contains(&old1.to_base64()));
        let c = parse(&["--old-document-key", &old2.to_base64()], &[]).unwrap();
        assert_eq!(c.old_document_keys, vec![old2]);
        let e = parse(&["--old-document-key", "c2hvcnQ="], &[]).unwrap_err();
        assert!(e.to_string().contains("--old-document-key"), "{e}");
        assert!(matches!(
            Config::parse(["--rewrap-keys"], |_| None),
            Ok(Command::RewrapKeys(_))
        ));

        // Flags replace the environment's list.
        let c = parse(
            &["--system-api-key", &format!("x={a}"), "--demo-data"],
            &[("MINSIDA_SYSTEM_API_KEYS", &format!("one={a}"))],
        )
        .unwrap();
        let names: Vec<_> = c
            .effective_system_api_keys()
            .into_iter()
            .map(|k| k.name)
            .collect();
        assert_eq!(names, ["x", DEMO_SYSTEM_NAME]);

        for bad in [
            vec!["--system-api-key", "nokey"],
            vec!["--system-api-key", "short=abc"],
            vec!["--system-api-key", "=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
            vec!["--max-upload-bytes", "0"],
            vec!["--document-key", "c2hvcnQ="],
        ] {
            assert!(parse(&bad, &[]).is_err(), "{bad:?}");
        }
        let dup = format!("a={a}");
        assert!(parse(&["--system-api-key", &dup, "--system-api-key", &dup], &[]).is_err());
    }

    #[test]
    fn terminal_offices() {
        let c = parse(&[], &[]).unwrap();
        assert!(c.effective_terminal_offices().is_empty());
        assert_eq!((c.terminal_idle_secs, c.terminal_warning_secs), (300, 60));
        assert_eq!(c.terminal_cookie_name(), "minsida_terminal");

        let key = "k".repeat(24);
        let c = parse(
            &[],
            &[
                (
                    "MINSIDA_TERMINAL_OFFICES",
                    &format!(
                        "malmo=Servicekontoret Malmö={key}, lund = Servicekontoret Lund = {key}x=="
                    ),
                ),
                ("MINSIDA_TERMINAL_IDLE_SECS", "240"),
                ("MINSIDA_TERMINAL_WARNING_SECS", "30"),
                ("MINSIDA_PUBLIC_URL", "https://minsida.example.se"),
            ],
        )
        .unwrap();
        let offices: Vec<_> = c
            .terminal_offices
            .iter()
            .map(|o| (o.id.as_str(), o.name.as_str()))
            .collect();
        assert_eq!(
            offices,
            [
                ("malmo", "Servicekontoret Malmö"),
                ("lund", "Servicekontoret Lund")
            ]
        );
        // The key is everything after the second '=' (base64 padding survives).
        assert_eq!(c.terminal_offices[1].key, format!("{key}x=="));
        assert_eq!((c.terminal_idle_secs, c.terminal_warning_secs), (240, 30));
        assert_eq!(c.terminal_cookie_name(), "__Host-minsida_terminal");
        assert!(!format!("{c:?}").contains(&key));
        assert_eq!(
            c.terminal_office("lund").unwrap().name,
            "Servicekontoret Lund"
        );
        assert!(c.terminal_office("demo").is_none());

        // Flags replace the environment's list; demo data adds the demo office.
        let c = parse(
            &[
                "--terminal-office",
                &format!("kiruna=Kiruna={key}"),
                "--demo",
            ],
            &[("MINSIDA_TERMINAL_OFFICES", &format!("malmo=Malmö={key}"))],
        )
        .unwrap();
        let ids: Vec<_> = c
            .effective_terminal_offices()
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(ids, ["kiruna", DEMO_OFFICE_ID]);
        let demo = c.terminal_office(DEMO_OFFICE_ID).unwrap();
        assert_eq!(
            (demo.name.as_str(), demo.key.as_str()),
            (DEMO_OFFICE_NAME, DEMO_TERMINAL_KEY)
        );
    }

    #[test]
    fn terminal_timing_never_weakens_sessions_and_leaves_time_to_react() {
        // A shorter session idle timeout lowers the defaults with it.
        let c = parse(&["--demo", "--session-idle-secs", "120"], &[]).unwrap();
        assert_eq!((c.terminal_idle_secs, c.terminal_warning_secs), (120, 60));
        let c = parse(&["--demo", "--session-idle-secs", "100"], &[]).unwrap();
        assert_eq!((c.terminal_idle_secs, c.terminal_warning_secs), (100, 50));
        // Without any office the timing is not used, so a tiny session timeout is no error.
        assert!(parse(&["--session-idle-secs", "10"], &[]).is_ok());
        let c = parse(
            &[
                "--demo",
                "--terminal-idle-secs",
                "40",
                "--terminal-warning-secs=20",
            ],
            &[],
        )
        .unwrap();
        assert_eq!((c.terminal_idle_secs, c.terminal_warning_secs), (40, 20));
        for bad in [
            // Longer than an ordinary session may idle.
            vec!["--demo", "--terminal-idle-secs", "1201"],
            // Less than 20 s to react (WCAG 2.2.1).
            vec!["--demo", "--terminal-warning-secs", "19"],
            // A warning longer than half the visit.
            vec![
                "--demo",
                "--terminal-idle-secs",
                "100",
                "--terminal-warning-secs",
                "51",
            ],
            // Too short for a 20 s warning.
            vec!["--demo", "--session-idle-secs", "30"],
            vec!["--terminal-warning-secs", "5"],
            vec!["--terminal-idle-secs", "0"],
        ] {
            assert!(parse(&bad, &[]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn terminal_office_errors() {
        let key = "k".repeat(24);
        for bad in [
            "malmo".to_string(),
            format!("malmo={key}"),
            format!("=Malmö={key}"),
            format!("Malmo=Malmö={key}"),
            format!("malmö=Malmö={key}"),
            format!("{}=Malmö={key}", "m".repeat(33)),
            format!("malmo=={key}"),
            format!("malmo={}={key}", "x".repeat(81)),
            "malmo=Malmö=short".to_string(),
            format!("malmo=Malmö={} x", &key),
            format!("demo=Demo={key}"),
        ] {
            assert!(
                parse(&["--terminal-office", &bad], &[]).is_err(),
                "{bad:?} should fail"
            );
        }
        let ok = format!("malmo=Malmö={key}");
        assert!(parse(&["--terminal-office", &ok, "--terminal-office", &ok], &[]).is_err());
        // A comma splits the environment's list, so a name cannot contain one.
        assert!(parse(
            &[],
            &[(
                "MINSIDA_TERMINAL_OFFICES",
                &format!("malmo=Malmö, centrum={key}")
            )]
        )
        .is_err());
    }

    #[test]
    fn verify_audit_is_a_command_with_the_same_settings() {
        match Config::parse(["--verify-audit", "--data-dir", "/srv/minsida"], |_| None) {
            Ok(Command::VerifyAudit(c)) => {
                assert_eq!(c.data_dir, PathBuf::from("/srv/minsida"));
            }
            other => panic!("{other:?}"),
        }
        assert!(Config::parse(["--verify-audit=yes"], |_| None).is_err());
    }

    #[test]
    fn help() {
        assert!(matches!(
            Config::parse(["--help"], |_| None),
            Ok(Command::Help)
        ));
        assert!(matches!(
            Config::parse(["--demo", "-h"], |_| None),
            Ok(Command::Help)
        ));
    }

    #[test]
    fn stores() {
        let c = parse(
            &[
                "--database-url",
                "postgres://minsida@db:5432/minsida",
                "--database-max-connections",
                "40",
                "--s3-bucket",
                "minsida-docs",
                "--s3-endpoint",
                "https://s3.internal",
                "--s3-access-key-id",
                "minsida",
            ],
            &[("MINSIDA_S3_SECRET_ACCESS_KEY", "s3cret")],
        )
        .unwrap();
        assert_eq!(
            crate::db::Backend::of_url(c.database_url.as_deref().unwrap()),
            Some(crate::db::Backend::Postgres)
        );
        assert_eq!(c.database_max_connections, 40);
        let s3 = c.s3.unwrap();
        assert_eq!(
            (
                s3.bucket.as_str(),
                s3.endpoint.as_deref(),
                s3.region.as_str(),
                s3.prefix.as_str()
            ),
            (
                "minsida-docs",
                Some("https://s3.internal"),
                "eu-north-1",
                "documents"
            )
        );
        assert_eq!(s3.secret_access_key.as_deref(), Some("s3cret"));
        assert!(!format!("{s3:?}").contains("s3cret"));
        assert_eq!(parse(&[], &[]).unwrap().s3, None);
        assert_eq!(parse(&[], &[]).unwrap().system_requests_per_minute, 1200);
        assert_eq!(
            parse(&["--system-requests-per-minute", "6000"], &[])
                .unwrap()
                .system_requests_per_minute,
            6000
        );
    }

    #[test]
    fn errors() {
        for (args, env) in [
            (vec!["--nope"], vec![]),
            (vec!["serve"], vec![]),
            (vec!["--bind"], vec![]),
            (vec!["--bind", "localhost"], vec![]),
            (vec!["--bind="], vec![]),
            (vec!["--demo=yes"], vec![]),
            (vec!["--public-url", "ftp://x"], vec![]),
            (vec!["--public-url", "https://x.se/minsida"], vec![]),
            (vec!["--public-url", "https://x.se:99999"], vec![]),
            (vec!["--session-idle-secs", "0"], vec![]),
            (vec!["--database-url", "mysql://x/y"], vec![]),
            (vec!["--database-max-connections", "1"], vec![]),
            (vec!["--system-requests-per-minute", "0"], vec![]),
            (vec!["--s3-endpoint", "http://127.0.0.1:9000"], vec![]),
            (vec!["--s3-bucket", "Not_A_Bucket"], vec![]),
            (
                vec!["--s3-bucket", "docs", "--s3-endpoint", "s3.internal"],
                vec![],
            ),
            (
                vec!["--s3-bucket", "docs", "--s3-access-key-id", "id"],
                vec![],
            ),
            (vec!["--s3-bucket", "docs", "--s3-prefix", "../x"], vec![]),
            (vec!["--session-max-secs", "-5"], vec![]),
            (
                vec!["--session-idle-secs", "100", "--session-max-secs", "50"],
                vec![],
            ),
            (vec![], vec![("MINSIDA_TEST_IDP", "maybe")]),
            (vec![], vec![("MINSIDA_SESSION_IDLE_SECS", "abc")]),
        ] {
            assert!(parse(&args, &env).is_err(), "{args:?} {env:?} should fail");
        }
    }

    #[test]
    fn public_url_normalisation() {
        let u = PublicUrl::parse("https://example.se:443/").unwrap();
        assert_eq!(u.origin(), "https://example.se");
        let u = PublicUrl::parse("http://LOCALHOST:8080").unwrap();
        assert_eq!(u.origin(), "http://localhost:8080");
        assert!(!u.is_https());
        let u = PublicUrl::parse("http://[::1]:8080").unwrap();
        assert_eq!(u.origin(), "http://[::1]:8080");
        assert!(PublicUrl::parse("https://").is_err());
        assert!(PublicUrl::parse("https://user@example.se").is_err());
        assert_eq!(
            PublicUrl::from_bind("0.0.0.0:8080".parse().unwrap()).origin(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            PublicUrl::from_bind("[::]:80".parse().unwrap()).origin(),
            "http://[::1]"
        );
    }

    #[test]
    fn bound_address_replaces_default_public_url_only() {
        let c = parse(&["--bind", "127.0.0.1:0"], &[]).unwrap();
        let c = c.with_bound_addr("127.0.0.1:41234".parse().unwrap());
        assert_eq!(c.public_url.origin(), "http://127.0.0.1:41234");
        let c = parse(
            &["--bind", "127.0.0.1:0", "--public-url", "https://x.se"],
            &[],
        )
        .unwrap();
        let c = c.with_bound_addr("127.0.0.1:41234".parse().unwrap());
        assert_eq!(c.public_url.origin(), "https://x.se");
    }

    #[test]
    fn help_is_generated_with_environment_names_and_defaults() {
        let help = Config::help();
        for env in [
            "MINSIDA_CONFIG",
            "MINSIDA_BIND",
            "MINSIDA_DATA_DIR",
            "MINSIDA_DATABASE_URL",
            "MINSIDA_STATIC_DIR",
            "MINSIDA_PUBLIC_URL",
            "MINSIDA_TEST_IDP",
            "MINSIDA_DEMO_DATA",
            "MINSIDA_SESSION_IDLE_SECS",
            "MINSIDA_SESSION_MAX_SECS",
            "MINSIDA_MAX_UPLOAD_BYTES",
            "MINSIDA_DOCUMENT_KEY",
            "MINSIDA_SYSTEM_API_KEYS",
            "MINSIDA_TERMINAL_OFFICES",
            "MINSIDA_TERMINAL_IDLE_SECS",
            "MINSIDA_TERMINAL_WARNING_SECS",
            "MINSIDA_SMTP_URL",
            "MINSIDA_MAIL_FROM",
            "MINSIDA_OUTBOX_POLL_SECS",
            "MINSIDA_OIDC_PROVIDERS",
            "MINSIDA_OAUTH_ISSUER",
            "MINSIDA_OAUTH_AUDIENCE",
            "MINSIDA_METRICS_BIND",
            "MINSIDA_LOG_FORMAT",
            "MINSIDA_SHUTDOWN_GRACE_SECS",
        ] {
            assert!(help.contains(&format!("[env: {env}]")), "{env} missing");
        }
        for text in [
            "--demo",
            "--enable-test-idp",
            "--system-api-key <NAME=KEY>",
            "--terminal-office <ID=NAME=KEY>",
            "--oidc-provider <SPEC>",
            "[default: 127.0.0.1:8080]",
            "[default: 1200]",
            "[default: 20971520]",
            "[default: 30]",
            "[default: text]",
            "Min sida <no-reply@minsida.invalid>",
            "RUST_LOG",
        ] {
            assert!(help.contains(text), "{text} missing");
        }
        // Environment values (secrets) never show in the help.
        assert!(!help.contains("[env: MINSIDA_DOCUMENT_KEY="));
    }

    #[test]
    fn operations_settings() {
        let c = parse(&[], &[]).unwrap();
        assert_eq!(c.metrics_bind, None);
        assert_eq!(c.log_format, LogFormat::Text);
        assert_eq!(c.shutdown_grace_secs, 30);
        assert_eq!(c.client_ip_header, None);
        let c = parse(&["--client-ip-header", "X-Forwarded-For"], &[]).unwrap();
        assert_eq!(
            c.client_ip_header.as_ref().map(|h| h.as_str()),
            Some("x-forwarded-for")
        );
        assert!(parse(&["--client-ip-header", "bad header"], &[]).is_err());
        let c = parse(
            &[
                "--metrics-bind",
                "127.0.0.1:9100",
                "--shutdown-grace-secs=0",
            ],
            &[("MINSIDA_LOG_FORMAT", "JSON")],
        )
        .unwrap();
        assert_eq!(c.metrics_bind, Some("127.0.0.1:9100".parse().unwrap()));
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.shutdown_grace_secs, 0);
        for bad in [
            vec!["--log-format", "xml"],
            vec!["--metrics-bind", "localhost"],
            // Never on the public listener.
            vec!["--metrics-bind", "127.0.0.1:8080"],
            vec!["--bind", "0.0.0.0:80", "--metrics-bind", "0.0.0.0:80"],
            vec!["--shutdown-grace-secs", "3601"],
            vec!["--shutdown-grace-secs", "-1"],
        ] {
            assert!(parse(&bad, &[]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn oidc_providers_and_oauth() {
        let spec = |id: &str| {
            format!("id={id},name=X,issuer=https://idp.example,client-id=c,client-secret=s")
        };
        let c = parse(
            &[],
            &[(
                "MINSIDA_OIDC_PROVIDERS",
                &format!("{};{};", spec("one"), spec("two")),
            )],
        )
        .unwrap();
        let ids: Vec<_> = c.oidc_providers.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["one", "two"]);
        // Flags replace the environment's list; a SPEC's commas stay inside it.
        let c = parse(
            &["--oidc-provider", &spec("three")],
            &[("MINSIDA_OIDC_PROVIDERS", &spec("one"))],
        )
        .unwrap();
        assert_eq!(c.oidc_providers.len(), 1);
        assert_eq!(c.oidc_providers[0].id, "three");
        assert!(parse(
            &["--oidc-provider", &spec("a"), "--oidc-provider", &spec("a")],
            &[]
        )
        .is_err());

        let c = parse(
            &["--oauth-issuer", "https://as.example/"],
            &[("MINSIDA_OAUTH_AUDIENCE", "urn:minsida")],
        )
        .unwrap();
        let oauth = c.oauth.unwrap();
        assert_eq!(
            (oauth.issuer.as_str(), oauth.audience.as_str()),
            ("https://as.example", "urn:minsida")
        );
        assert!(parse(&["--oauth-issuer", "https://as.example"], &[]).is_err());
        assert!(parse(&["--oauth-audience", "urn:minsida"], &[]).is_err());
        assert!(parse(
            &[
                "--oauth-issuer",
                "http://as.example",
                "--oauth-audience",
                "a"
            ],
            &[]
        )
        .is_err());
    }

    #[test]
    fn config_file_and_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("minsida.toml");
        let key = "a".repeat(32);
        std::fs::write(
            &file,
            format!(
                r#"
bind = "0.0.0.0:9000"
data-dir = "/srv/minsida"
demo-data = true
session-idle-secs = 600
system-api-key = ["one={key}", "two={key}"]
oidc-provider = ["id=bankid,name=BankID,issuer=https://idp.example,client-id=c,client-secret=s"]
log-format = "json"
metrics-bind = "127.0.0.1:9100"
"#
            ),
        )
        .unwrap();
        let path = file.to_str().unwrap();

        // The file alone (named by the flag or the environment).
        for c in [
            parse(&["--config", path], &[]).unwrap(),
            parse(&[], &[("MINSIDA_CONFIG", path)]).unwrap(),
        ] {
            assert_eq!(c.bind, "0.0.0.0:9000".parse().unwrap());
            assert_eq!(c.data_dir, PathBuf::from("/srv/minsida"));
            assert!(c.demo_data && !c.enable_test_idp);
            assert_eq!(c.session_idle_secs, 600);
            assert_eq!(c.system_api_keys.len(), 2);
            assert_eq!(c.oidc_providers[0].id, "bankid");
            assert_eq!(c.log_format, LogFormat::Json);
            assert_eq!(c.metrics_bind, Some("127.0.0.1:9100".parse().unwrap()));
            // Not in the file: the default.
            assert_eq!(c.session_max_secs, DEFAULT_SESSION_MAX_SECS);
        }

        // The environment wins over the file, a flag over both.
        let c = parse(
            &["--config", path, "--session-idle-secs", "60"],
            &[
                ("MINSIDA_BIND", "127.0.0.1:7000"),
                ("MINSIDA_SESSION_IDLE_SECS", "120"),
                ("MINSIDA_DEMO_DATA", "false"),
                ("MINSIDA_SYSTEM_API_KEYS", &format!("three={key}")),
            ],
        )
        .unwrap();
        assert_eq!(c.bind, "127.0.0.1:7000".parse().unwrap());
        assert_eq!(c.session_idle_secs, 60);
        assert!(!c.demo_data);
        let names: Vec<_> = c.system_api_keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["three"]);
        assert_eq!(c.data_dir, PathBuf::from("/srv/minsida"));

        // Errors name the file and the key; unknown keys and wrong types are refused.
        let bad = |text: &str| {
            std::fs::write(&file, text).unwrap();
            parse(&["--config", path], &[]).unwrap_err().0
        };
        let e = bad("bind = \"nowhere\"");
        assert!(e.contains("minsida.toml: bind"), "{e}");
        assert!(bad("bnid = \"0.0.0.0:80\"").contains("unknown setting \"bnid\""));
        assert!(bad("config = \"other.toml\"").contains("unknown setting"));
        assert!(bad("demo = \"yes\"").contains("true or false"));
        assert!(bad("bind = true").contains("bind"));
        assert!(bad("session-idle-secs = [1]").contains("session-idle-secs"));
        assert!(bad("system-api-key = [1]").contains("array of strings"));
        assert!(bad("bind = ").contains("not valid TOML"));
        let missing = dir.path().join("missing.toml");
        assert!(parse(&["--config", missing.to_str().unwrap()], &[]).is_err());
    }
}
