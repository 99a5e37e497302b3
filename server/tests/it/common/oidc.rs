//! The real OpenID Connect provider (npm `oidc-provider`, `e2e/oidc-provider.mjs`) as a plain
//! process on a free port, started and stopped by the test that needs it, and a small
//! browser that goes through the provider's own pages (redirects, cookies, its login form).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use minsida_server::config::{ClientAuth, OidcProviderConfig};
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};

/// The origin of the test app (its default public URL).
pub const APP_ORIGIN: &str = "http://127.0.0.1:8080";
/// The provider id the tests configure.
pub const PROVIDER_ID: &str = "idp";
pub const SYSTEM_AUDIENCE: &str = "urn:minsida:system-api";

pub struct RealProvider {
    child: Child,
    pub issuer: String,
    pub port: u16,
}

/// The private key of the `minsida-pkjwt` client (test only).
pub fn client_key_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/test-ec-1.pem")
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e/oidc-provider.mjs")
}

impl RealProvider {
    /// Start the provider on `port` (0: any free port), knowing the test app's redirect URIs.
    pub async fn start(port: u16) -> Self {
        let mut child = Command::new("node")
            .arg(script())
            .args(["--port", &port.to_string()])
            .args([
                "--redirect-uri",
                &format!("{APP_ORIGIN}/api/auth/oidc/{PROVIDER_ID}/callback"),
            ])
            .args([
                "--post-logout-redirect-uri",
                &format!("{APP_ORIGIN}/logga-in?logged_out=1"),
            ])
            .args(["--resource", SYSTEM_AUDIENCE])
            .args(["--client-key-pem", &client_key_path().display().to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs e2e/oidc-provider.mjs (installed by scripts/setup --e2e)");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        // The provider prints its issuer once it listens. The deadline only turns a provider
        // that cannot start into a failure instead of a hang.
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the OpenID Connect provider did not start within 60 s")
            .unwrap()
            .expect("the OpenID Connect provider exited before listening (is e2e/node_modules installed?)");
        let issuer = serde_json::from_str::<serde_json::Value>(&line).unwrap()["issuer"]
            .as_str()
            .unwrap()
            .to_string();
        let port = issuer.rsplit(':').next().unwrap().parse().unwrap();
        Self {
            child,
            issuer,
            port,
        }
    }

    /// Stop the provider and start it again on the same port: new signing keys (a key
    /// rotation), no sessions.
    pub async fn restart(mut self) -> Self {
        let port = self.port;
        self.child.kill().await.unwrap();
        Self::start(port).await
    }

    /// Min sida's configuration for this provider as client `client_id`.
    pub fn config(&self, client_id: &str, acr: &[&str]) -> OidcProviderConfig {
        OidcProviderConfig {
            id: PROVIDER_ID.into(),
            name: "Test-e-legitimation".into(),
            issuer: self.issuer.clone(),
            client_id: client_id.into(),
            client_auth: ClientAuth::Secret(format!("{client_id}-secret")),
            claim: "personal_number".into(),
            scopes: vec!["openid".into(), "personal_number".into(), "profile".into()],
            acr_values: acr.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// Min sida's configuration as the client `minsida-pkjwt`, which authenticates with a
    /// signed JWT (private_key_jwt) instead of a secret.
    pub fn config_private_key_jwt(&self) -> OidcProviderConfig {
        OidcProviderConfig {
            client_auth: ClientAuth::PrivateKey {
                pem: std::fs::read_to_string(client_key_path()).unwrap(),
                kid: Some("minsida-client-1".into()),
            },
            ..self.config("minsida-pkjwt", &[])
        }
    }

    /// An access token for an agency system (client credentials grant).
    pub async fn system_token(&self, client_id: &str, scope: &str) -> reqwest::Response {
        http()
            .post(format!("{}/token", self.issuer))
            .basic_auth(client_id, Some(format!("{client_id}-secret")))
            .form(&[("grant_type", "client_credentials"), ("scope", scope)])
            .send()
            .await
            .unwrap()
    }
}

/// What the person does on the provider's login form.
#[derive(Debug, Clone, Copy)]
pub enum AtProvider<'a> {
    LogIn(&'a str),
    Cancel,
}

/// A browser at the provider: keeps its cookies, follows its redirects, fills in its login
/// form, and stops at the redirect back to the app.
#[derive(Default)]
pub struct ProviderBrowser {
    cookies: BTreeMap<String, String>,
}

/// An HTTP client that does not follow redirects (the server's own issuer client).
fn http() -> reqwest::Client {
    minsida_server::auth::jose::http_client()
}

impl ProviderBrowser {
    fn remember(&mut self, response: &reqwest::Response) {
        for v in response.headers().get_all(reqwest::header::SET_COOKIE) {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_string(), value.to_string());
                }
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> reqwest::Response {
        let response = request
            .header(reqwest::header::COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        self.remember(&response);
        response
    }

    /// Open `url` at the provider and go on until the provider sends the browser back to the
    /// app; returns that URL's path and query. Panics on anything unexpected.
    pub async fn run(&mut self, url: &str, what: AtProvider<'_>) -> String {
        let client = http();
        let mut response = self.send(client.get(url)).await;
        let mut current = reqwest::Url::parse(url).unwrap();
        for _ in 0..20 {
            if response.status().is_redirection() {
                let location = response.headers()[reqwest::header::LOCATION]
                    .to_str()
                    .unwrap()
                    .to_string();
                let next = current.join(&location).unwrap();
                if next.as_str().starts_with(APP_ORIGIN) {
                    return next.as_str()[APP_ORIGIN.len()..].to_string();
                }
                current = next;
                response = self.send(client.get(current.clone())).await;
                continue;
            }
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(status, 200, "the provider answered {status}: {body}");
            let action = form_action(&body)
                .unwrap_or_else(|| panic!("no login form on the provider's page: {body}"));
            current = current.join(&action).unwrap();
            let form: Vec<(&str, &str)> = match what {
                AtProvider::LogIn(user) => {
                    vec![
                        ("username", user),
                        ("password", "test"),
                        ("action", "login"),
                    ]
                }
                AtProvider::Cancel => vec![("action", "cancel")],
            };
            response = self.send(client.post(current.clone()).form(&form)).await;
        }
        panic!("too many steps at the provider");
    }

    /// Open the provider's logout URL: its confirmation page, which must not be an error.
    pub async fn logout_page(&mut self, url: &str) -> String {
        let response = self.send(http().get(url)).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "{body}");
        body
    }
}

/// The `action` of the page's first POST form.
fn form_action(html: &str) -> Option<String> {
    let start = html.find("<form")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let at = tag.find("action=\"")? + "action=\"".len();
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].replace("&amp;", "&"))
}
