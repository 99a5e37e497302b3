//! Tokens signed by an identity provider or authorization server (an *issuer*): its metadata
//! (discovery), its signing keys (JWKS) and the verification of the JSON Web Tokens it signs.
//!
//! The JOSE work is done by `jsonwebtoken` (pure-Rust crypto backend); this module decides
//! which key and algorithm a token may use:
//! - only RS256 and ES256, never `none` (the library has no such algorithm) and never HMAC: keys
//!   come only from the issuer's JWKS and only RSA and EC P-256 keys are taken, so a public
//!   key can never be used as an HMAC secret;
//! - the key is chosen by the token's `kid` (a token without `kid` only when exactly one key
//!   of its algorithm's family exists), and its family must match the token's algorithm;
//! - the JWKS is cached; a token naming an unknown `kid` fetches it again (key rotation), at
//!   most once per [`FORCED_REFRESH_INTERVAL`] so that tokens with invented key ids cannot make
//!   us flood the issuer.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Header, TokenData, Validation};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

/// The algorithms a token may be signed with.
pub const ALLOWED_ALGORITHMS: [Algorithm; 2] = [Algorithm::RS256, Algorithm::ES256];
/// Clock skew tolerated on `exp`, `nbf` and `iat`.
pub const LEEWAY_SECS: u64 = 60;
/// How long metadata and keys are used before they are fetched again.
const CACHE_TTL: Duration = Duration::from_secs(60 * 60);
/// The shortest time between two fetches of the JWKS caused by an unknown `kid`.
pub const FORCED_REFRESH_INTERVAL: Duration = Duration::from_secs(30);
/// The largest metadata or JWKS document read from an issuer.
const MAX_DOCUMENT_BYTES: usize = 512 * 1024;

/// Why a token or an issuer's document was not accepted. The text is for the logs only.
#[derive(Debug)]
pub enum JoseError {
    /// The issuer's metadata or keys could not be fetched or read.
    Fetch(String),
    /// Not a JWS with an acceptable header.
    Malformed(String),
    /// The algorithm is not RS256 or ES256 (e.g. `none` or HS256).
    Algorithm(String),
    /// No key of the issuer has the token's `kid` (also after fetching the keys again).
    UnknownKey(Option<String>),
    /// The signature or a registered claim (`iss`, `aud`, `exp`, `nbf`) is wrong.
    Invalid(String),
}

impl std::fmt::Display for JoseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JoseError::Fetch(e) => write!(f, "issuer document: {e}"),
            JoseError::Malformed(e) => write!(f, "malformed token: {e}"),
            JoseError::Algorithm(a) => write!(f, "algorithm {a} is not accepted"),
            JoseError::UnknownKey(kid) => write!(f, "no signing key with kid {kid:?}"),
            JoseError::Invalid(e) => write!(f, "invalid token: {e}"),
        }
    }
}

impl std::error::Error for JoseError {}

/// The HTTP client for issuers: short timeouts, no redirects (an issuer's endpoints are
/// named in its metadata), TLS with rustls.
pub fn http_client() -> reqwest::Client {
    // reqwest is built without a crypto provider of its own: use ring, which rustls already
    // has through lettre. Installing twice is harmless (the first one stays).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("minsida-server")
        .build()
        .expect("the HTTP client's settings are valid")
}

/// Read a JSON document, refusing bodies over [`MAX_DOCUMENT_BYTES`].
pub async fn read_json<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, String> {
    let status = response.status();
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
            return Err(format!("answer larger than {MAX_DOCUMENT_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        return Err(format!(
            "HTTP {status}: {}",
            text.chars().take(300).collect::<String>()
        ));
    }
    serde_json::from_slice(&body).map_err(|e| format!("unreadable JSON: {e}"))
}

async fn get_json<T: DeserializeOwned>(http: &reqwest::Client, url: &str) -> Result<T, String> {
    let response = http
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    read_json(response)
        .await
        .map_err(|e| format!("GET {url}: {e}"))
}

/// The parts of an issuer's metadata (OpenID Connect discovery, RFC 8414) that Min sida uses.
#[derive(Debug, Clone, Deserialize)]
pub struct IssuerMetadata {
    pub issuer: String,
    #[serde(default)]
    pub authorization_endpoint: Option<String>,
    #[serde(default)]
    pub token_endpoint: Option<String>,
    pub jwks_uri: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

#[derive(Default)]
struct Keys {
    by_kid: HashMap<String, (DecodingKey, AlgorithmFamily)>,
    without_kid: Vec<(DecodingKey, AlgorithmFamily)>,
    fetched_at: Option<Instant>,
    last_forced: Option<Instant>,
}

/// An issuer: its metadata and keys, fetched when first needed and cached.
pub struct Issuer {
    issuer: String,
    http: reqwest::Client,
    metadata: RwLock<Option<(Arc<IssuerMetadata>, Instant)>>,
    keys: RwLock<Keys>,
    /// One fetch of the keys at a time.
    fetching: Mutex<()>,
}

impl Issuer {
    /// An issuer identified by its URL (without a trailing `/`).
    pub fn new(issuer: impl Into<String>, http: reqwest::Client) -> Self {
        Self {
            issuer: issuer.into(),
            http,
            metadata: RwLock::new(None),
            keys: RwLock::new(Keys::default()),
            fetching: Mutex::new(()),
        }
    }

    pub fn url(&self) -> &str {
        &self.issuer
    }

    /// The metadata, from the cache or from `<issuer>/.well-known/openid-configuration`
    /// (then `/.well-known/oauth-authorization-server`). Its `issuer` must be ours exactly.
    /// A failed refresh of stale metadata keeps using the old one.
    pub async fn metadata(&self) -> Result<Arc<IssuerMetadata>, JoseError> {
        if let Some((m, at)) = self.metadata.read().await.as_ref() {
            if at.elapsed() < CACHE_TTL {
                return Ok(m.clone());
            }
        }
        let fetched = self.fetch_metadata().await;
        let mut slot = self.metadata.write().await;
        match fetched {
            Ok(m) => {
                let m = Arc::new(m);
                *slot = Some((m.clone(), Instant::now()));
                Ok(m)
            }
            Err(e) => match slot.as_ref() {
                Some((m, _)) => {
                    tracing::warn!(issuer = %self.issuer, error = %e, "issuer metadata refresh failed; using the cached copy");
                    Ok(m.clone())
                }
                None => Err(e),
            },
        }
    }

    async fn fetch_metadata(&self) -> Result<IssuerMetadata, JoseError> {
        let oidc = format!("{}/.well-known/openid-configuration", self.issuer);
        let metadata: IssuerMetadata = match get_json(&self.http, &oidc).await {
            Ok(m) => m,
            Err(first) => {
                let oauth = format!("{}/.well-known/oauth-authorization-server", self.issuer);
                get_json(&self.http, &oauth)
                    .await
                    .map_err(|e| JoseError::Fetch(format!("{first}; {e}")))?
            }
        };
        if metadata.issuer.trim_end_matches('/') != self.issuer {
            return Err(JoseError::Fetch(format!(
                "the metadata names the issuer {:?}, expected {:?}",
                metadata.issuer, self.issuer
            )));
        }
        Ok(metadata)
    }

    /// Fetch the JWKS (again). `forced`: because a token named an unknown key.
    async fn refresh_keys(&self, forced: bool) -> Result<(), JoseError> {
        let _one_at_a_time = self.fetching.lock().await;
        {
            let keys = self.keys.read().await;
            if forced {
                if keys
                    .last_forced
                    .is_some_and(|t| t.elapsed() < FORCED_REFRESH_INTERVAL)
                {
                    return Ok(());
                }
            } else if keys.fetched_at.is_some_and(|t| t.elapsed() < CACHE_TTL) {
                // Another request fetched them while this one waited.
                return Ok(());
            }
        }
        let uri = self.metadata().await?.jwks_uri.clone();
        let set: JwkSet = get_json(&self.http, &uri).await.map_err(JoseError::Fetch)?;
        let mut fresh = Keys::default();
        for jwk in &set.keys {
            if matches!(&jwk.common.public_key_use, Some(u) if *u != PublicKeyUse::Signature) {
                continue;
            }
            let family = match &jwk.algorithm {
                AlgorithmParameters::RSA(_) => AlgorithmFamily::Rsa,
                AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P256 => {
                    AlgorithmFamily::Ec
                }
                // HMAC secrets, other curves, Ed25519, unknown key types: never used.
                _ => continue,
            };
            let Ok(key) = DecodingKey::from_jwk(jwk) else {
                tracing::warn!(issuer = %self.issuer, kid = ?jwk.common.key_id, "unreadable key in the JWKS skipped");
                continue;
            };
            match &jwk.common.key_id {
                Some(kid) => {
                    fresh.by_kid.insert(kid.clone(), (key, family));
                }
                None => fresh.without_kid.push((key, family)),
            }
        }
        let mut keys = self.keys.write().await;
        fresh.fetched_at = Some(Instant::now());
        fresh.last_forced = if forced {
            Some(Instant::now())
        } else {
            keys.last_forced
        };
        tracing::info!(issuer = %self.issuer, keys = fresh.by_kid.len() + fresh.without_kid.len(), forced, "signing keys fetched");
        *keys = fresh;
        Ok(())
    }

    /// The key a token with this header must be verified with, if the issuer has one.
    async fn find_key(&self, header: &Header) -> Option<DecodingKey> {
        let family = header.alg.family();
        let keys = self.keys.read().await;
        match &header.kid {
            Some(kid) => keys
                .by_kid
                .get(kid)
                .filter(|(_, f)| *f == family)
                .map(|(k, _)| k.clone()),
            None => {
                let mut candidates = keys
                    .by_kid
                    .values()
                    .chain(keys.without_kid.iter())
                    .filter(|(_, f)| *f == family);
                match (candidates.next(), candidates.next()) {
                    (Some((k, _)), None) => Some(k.clone()),
                    _ => None,
                }
            }
        }
    }

    /// Verify a token's signature against this issuer's keys and its registered claims with
    /// `validation` (its `algorithms` are set here). `iss` is always checked to be this issuer.
    pub async fn verify<T: DeserializeOwned>(
        &self,
        token: &str,
        mut validation: Validation,
    ) -> Result<TokenData<T>, JoseError> {
        let header = header_of(token)?;
        if !ALLOWED_ALGORITHMS.contains(&header.alg) {
            return Err(JoseError::Algorithm(format!("{:?}", header.alg)));
        }
        let stale = self
            .keys
            .read()
            .await
            .fetched_at
            .is_none_or(|t| t.elapsed() >= CACHE_TTL);
        if stale {
            self.refresh_keys(false).await?;
        }
        let key = match self.find_key(&header).await {
            Some(key) => key,
            None => {
                self.refresh_keys(true).await?;
                self.find_key(&header)
                    .await
                    .ok_or_else(|| JoseError::UnknownKey(header.kid.clone()))?
            }
        };
        validation.algorithms = vec![header.alg];
        validation.set_issuer(&[&self.issuer]);
        validation.leeway = LEEWAY_SECS;
        jsonwebtoken::decode::<T>(token, &key, &validation)
            .map_err(|e| JoseError::Invalid(e.to_string()))
    }
}

/// The token's protected header. `alg: none` and unknown algorithms fail here.
pub fn header_of(token: &str) -> Result<Header, JoseError> {
    if token.len() > 16 * 1024 {
        return Err(JoseError::Malformed("longer than 16 KiB".into()));
    }
    jsonwebtoken::decode_header(token).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::Json(_) => {
            JoseError::Algorithm("unknown or none".to_string())
        }
        _ => JoseError::Malformed(e.to_string()),
    })
}
