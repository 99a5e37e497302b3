//! A token issuer the tests control: serves discovery and a JWKS over real HTTP on a free
//! port, and signs whatever tokens a test needs with fixed test keys (`fixtures/test-*.pem`,
//! made for these tests only). It exists for the cases a standards-compliant provider never
//! produces — tampered, expired, wrongly addressed or unsigned tokens; the login flow itself
//! is tested against the real OpenID Connect provider (`oidc.rs`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

/// A signing key with its public JWK.
#[derive(Clone)]
pub struct TestKey {
    pub kid: String,
    pub alg: Algorithm,
    pub encoding: EncodingKey,
    pub jwk: Jwk,
}

impl TestKey {
    fn new(pem: &'static str, alg: Algorithm, kid: &str) -> Self {
        let encoding = match alg {
            Algorithm::ES256 => EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(),
            _ => EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
        };
        let mut jwk = Jwk::from_encoding_key(&encoding, alg).unwrap();
        jwk.common.key_id = Some(kid.to_string());
        Self {
            kid: kid.to_string(),
            alg,
            encoding,
            jwk,
        }
    }

    pub fn rsa1() -> Self {
        Self::new(
            include_str!("../fixtures/test-rsa-1.pem"),
            Algorithm::RS256,
            "rsa-1",
        )
    }

    pub fn rsa2() -> Self {
        Self::new(
            include_str!("../fixtures/test-rsa-2.pem"),
            Algorithm::RS256,
            "rsa-2",
        )
    }

    pub fn ec1() -> Self {
        Self::new(
            include_str!("../fixtures/test-ec-1.pem"),
            Algorithm::ES256,
            "ec-1",
        )
    }

    /// A JWS of `claims` signed with this key, with `typ` in the header when given.
    pub fn sign(&self, claims: &Value, typ: Option<&str>) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(self.kid.clone());
        header.typ = typ.map(str::to_string);
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap()
    }
}

/// Unix time now (tokens are checked against the system clock).
pub fn unix_now() -> i64 {
    i64::try_from(jsonwebtoken::get_current_timestamp()).unwrap()
}

/// Base64url without padding, for hand-made token parts.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub struct TestIssuer {
    pub url: String,
    keys: Arc<Mutex<Vec<Jwk>>>,
    jwks_fetches: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestIssuer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestIssuer {
    /// An issuer publishing `keys` in its JWKS.
    pub async fn start(keys: &[&TestKey]) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let published: Arc<Mutex<Vec<Jwk>>> =
            Arc::new(Mutex::new(keys.iter().map(|k| k.jwk.clone()).collect()));
        let jwks_fetches = Arc::new(AtomicUsize::new(0));
        let metadata = json!({
            "issuer": url,
            "authorization_endpoint": format!("{url}/auth"),
            "token_endpoint": format!("{url}/token"),
            "jwks_uri": format!("{url}/jwks"),
            "end_session_endpoint": format!("{url}/session/end"),
            "code_challenge_methods_supported": ["S256"],
        });
        let router = Router::new()
            .route(
                "/.well-known/openid-configuration",
                get(move || {
                    let metadata = metadata.clone();
                    async move { Json(metadata) }
                }),
            )
            .route("/jwks", {
                let published = published.clone();
                let fetches = jwks_fetches.clone();
                get(move || {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    let keys = published.lock().unwrap().clone();
                    async move { Json(JwkSet { keys }) }
                })
            });
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            url,
            keys: published,
            jwks_fetches,
            task,
        }
    }

    /// Publish another key (a key rotation).
    pub fn publish(&self, key: &TestKey) {
        self.keys.lock().unwrap().push(key.jwk.clone());
    }

    /// Publish a raw JWK (e.g. a symmetric key).
    pub fn publish_jwk(&self, jwk: Value) {
        self.keys
            .lock()
            .unwrap()
            .push(serde_json::from_value(jwk).unwrap());
    }

    /// How often the JWKS was fetched.
    pub fn jwks_fetches(&self) -> usize {
        self.jwks_fetches.load(Ordering::SeqCst)
    }
}
