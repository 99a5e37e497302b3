//! Login through an OpenID Connect provider (an e-ID broker): the authorization code flow with
//! PKCE (S256), `state` and `nonce`.
//!
//! 1. [`OidcProvider::start`] makes a login transaction (random `state`, `nonce` and PKCE
//!    verifier, and the local path to return to), seals it into a short-lived HttpOnly,
//!    SameSite=Lax cookie ([`TransactionCookie`]) and sends the browser to the provider.
//! 2. [`OidcProvider::finish`] takes the provider's redirect back: the `state` must be the one
//!    in this browser's cookie; the code is exchanged at the token endpoint (with the PKCE
//!    verifier and our client authentication); the ID token is verified completely
//!    ([`OidcProvider::verify_id_token`]): signature from the provider's JWKS, `iss`, `aud`,
//!    `azp`, `exp`/`iat` with a small clock skew, `nonce`; then the configured claim must hold
//!    a valid personal identity or coordination number, and `acr` an accepted level.
//!
//! The transaction lives only in the browser's cookie, sealed with AES-256-GCM under a key
//! derived from the server's key encryption key: any instance can finish a login another one
//! started, and nothing is stored until the person is known.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header, Validation};
use minsida_api::pin::PersonalIdentityNumber;
use minsida_api::{AuthProvider, LoginFailure, ProviderKind};
use rand::RngCore as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use super::jose::{self, Issuer, JoseError};
use crate::config::{ClientAuth, OidcProviderConfig, PublicUrl};
use crate::crypto::KeyEncryptionKey;

/// How long a person has to log in at the provider.
pub const TRANSACTION_MAX_SECS: i64 = 10 * 60;

/// What a login at the provider proved.
#[derive(Debug, Clone)]
pub struct OidcLogin {
    /// Canonical 12-digit personal identity or coordination number.
    pub personal_number: String,
    /// The level of assurance (`acr`) the provider reported, if any.
    pub acr: Option<String>,
    /// The ID token, kept for RP-initiated logout (`id_token_hint`).
    pub id_token: String,
    /// The local path the person was going to.
    pub next: String,
}

/// A login that did not complete: what the person is told, and what the logs get.
#[derive(Debug)]
pub struct Failure {
    pub kind: LoginFailure,
    pub reason: String,
    /// Where the person was going, when the transaction was readable.
    pub next: Option<String>,
}

impl Failure {
    fn new(kind: LoginFailure, reason: impl Into<String>) -> Self {
        Self {
            kind,
            reason: reason.into(),
            next: None,
        }
    }
}

/// The login transaction, sealed into the cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Transaction {
    /// Provider id.
    p: String,
    /// `state`.
    s: String,
    /// `nonce`.
    n: String,
    /// PKCE code verifier.
    v: String,
    /// Local path to return to.
    next: String,
    /// Unix time the login started.
    t: i64,
}

/// The short-lived cookie holding the login transaction: HttpOnly, SameSite=Lax (it must come
/// along on the provider's top-level redirect back), `__Host-` and Secure over https.
#[derive(Debug, Clone, Copy)]
pub struct TransactionCookie {
    pub name: &'static str,
    secure: bool,
}

impl TransactionCookie {
    pub fn new(public_url: &PublicUrl) -> Self {
        let secure = public_url.is_https();
        Self {
            name: if secure {
                "__Host-minsida_login"
            } else {
                "minsida_login"
            },
            secure,
        }
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "; HttpOnly; SameSite=Lax; Path=/; Secure"
        } else {
            "; HttpOnly; SameSite=Lax; Path=/"
        }
    }

    pub fn set(&self, value: &str) -> String {
        format!(
            "{}={}; Max-Age={}{}",
            self.name,
            value,
            TRANSACTION_MAX_SECS,
            self.attributes()
        )
    }

    pub fn clear(&self) -> String {
        format!("{}=; Max-Age=0{}", self.name, self.attributes())
    }
}

fn random_b64(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Whether `next` is a path on this site (never another origin).
pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 1024
        && !next.chars().any(|c| c.is_control() || c == '\\')
}

/// Seals and opens login transactions.
struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    const AAD: &'static [u8] = b"minsida-oidc-transaction-v1";

    fn new(kek: &KeyEncryptionKey) -> Self {
        let key = kek.derive_key("oidc-login-transaction");
        Self {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)),
        }
    }

    fn seal(&self, tx: &Transaction) -> String {
        let plaintext = serde_json::to_vec(tx).expect("a transaction serialises");
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plaintext,
                    aad: Self::AAD,
                },
            )
            .expect("AES-GCM encryption does not fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ciphertext);
        URL_SAFE_NO_PAD.encode(out)
    }

    fn open(&self, value: &str) -> Option<Transaction> {
        if value.len() > 4096 {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let plaintext = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: Self::AAD,
                },
            )
            .ok()?;
        serde_json::from_slice(&plaintext).ok()
    }
}

/// The token endpoint's answer (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3).
#[derive(Deserialize)]
struct TokenResponse {
    id_token: Option<String>,
}

/// The ID token claims Min sida looks at; the configured identity claim is read from `other`.
#[derive(Debug, Deserialize)]
pub struct IdTokenClaims {
    pub sub: String,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub aud: Audience,
    pub iat: i64,
    #[serde(default)]
    pub acr: Option<String>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// `aud`: one string or several.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn len(&self) -> usize {
        match self {
            Audience::None => 0,
            Audience::One(_) => 1,
            Audience::Many(v) => v.len(),
        }
    }
}

/// An OpenID Connect provider people can log in with.
pub struct OidcProvider {
    config: OidcProviderConfig,
    issuer: Issuer,
    http: reqwest::Client,
    redirect_uri: String,
    post_logout_redirect_uri: String,
    sealer: Sealer,
    cookie: TransactionCookie,
}

impl OidcProvider {
    pub fn new(
        config: OidcProviderConfig,
        public_url: &PublicUrl,
        kek: &KeyEncryptionKey,
        http: reqwest::Client,
    ) -> Self {
        let origin = public_url.origin();
        Self {
            redirect_uri: format!("{origin}/api/auth/oidc/{}/callback", config.id),
            post_logout_redirect_uri: format!(
                "{origin}/logga-in?{}=1",
                minsida_api::LOGGED_OUT_QUERY
            ),
            issuer: Issuer::new(config.issuer.clone(), http.clone()),
            http,
            sealer: Sealer::new(kek),
            cookie: TransactionCookie::new(public_url),
            config,
        }
    }

    pub fn id(&self) -> &str {
        &self.config.id
    }

    /// The provider's issuer URL.
    pub fn issuer_url(&self) -> &str {
        self.issuer.url()
    }

    pub fn info(&self) -> AuthProvider {
        AuthProvider {
            id: self.config.id.clone(),
            kind: ProviderKind::Oidc,
            name: self.config.name.clone(),
        }
    }

    pub fn cookie(&self) -> TransactionCookie {
        self.cookie
    }

    /// Begin a login: the provider's authorization URL to send the browser to, and the
    /// `Set-Cookie` value of the transaction.
    pub async fn start(&self, next: &str, now: i64) -> Result<(String, String), JoseError> {
        let metadata = self.issuer.metadata().await?;
        let endpoint = metadata.authorization_endpoint.as_deref().ok_or_else(|| {
            JoseError::Fetch("the provider's metadata has no authorization_endpoint".into())
        })?;
        let tx = Transaction {
            p: self.config.id.clone(),
            s: random_b64(32),
            n: random_b64(32),
            v: random_b64(32),
            next: if is_local_path(next) { next } else { "/" }.to_string(),
            t: now,
        };
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(tx.v.as_bytes()));
        let mut url = reqwest::Url::parse(endpoint)
            .map_err(|e| JoseError::Fetch(format!("authorization_endpoint: {e}")))?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.config.client_id)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("scope", &self.config.scopes.join(" "))
                .append_pair("state", &tx.s)
                .append_pair("nonce", &tx.n)
                .append_pair("code_challenge", &challenge)
                .append_pair("code_challenge_method", "S256");
            if !self.config.acr_values.is_empty() {
                q.append_pair("acr_values", &self.config.acr_values.join(" "));
            }
        }
        Ok((url.into(), self.cookie.set(&self.sealer.seal(&tx))))
    }

    /// Finish a login from the provider's redirect back: `cookie` is this browser's
    /// transaction cookie; `state`, `code` and `error` the redirect's parameters.
    pub async fn finish(
        &self,
        cookie: Option<&str>,
        state: Option<&str>,
        code: Option<&str>,
        error: Option<&str>,
        now: i64,
        today: minsida_api::pin::Ymd,
    ) -> Result<OidcLogin, Failure> {
        let tx = cookie
            .and_then(|c| self.sealer.open(c))
            .filter(|tx| tx.p == self.config.id)
            .ok_or_else(|| {
                Failure::new(
                    LoginFailure::Expired,
                    "no login transaction cookie for this provider",
                )
            })?;
        let with_next = |mut f: Failure| {
            f.next = Some(tx.next.clone());
            f
        };
        if now - tx.t > TRANSACTION_MAX_SECS || tx.t > now + 60 {
            return Err(with_next(Failure::new(
                LoginFailure::Expired,
                "the login transaction is too old",
            )));
        }
        let state_matches = state.is_some_and(|s| bool::from(s.as_bytes().ct_eq(tx.s.as_bytes())));
        if !state_matches {
            return Err(with_next(Failure::new(
                LoginFailure::Expired,
                "state does not match the login transaction",
            )));
        }
        if let Some(error) = error {
            let kind = if error == "access_denied" {
                LoginFailure::Cancelled
            } else {
                LoginFailure::Failed
            };
            return Err(with_next(Failure::new(
                kind,
                format!("the provider answered error={error}"),
            )));
        }
        let code = code
            .filter(|c| !c.is_empty() && c.len() <= 2048)
            .ok_or_else(|| {
                with_next(Failure::new(
                    LoginFailure::Failed,
                    "no code in the redirect",
                ))
            })?;
        let id_token = self
            .exchange_code(code, &tx.v)
            .await
            .map_err(|e| with_next(Failure::new(LoginFailure::Failed, e)))?;
        let claims = self
            .verify_id_token(&id_token, &tx.n)
            .await
            .map_err(|e| with_next(Failure::new(LoginFailure::Failed, e.to_string())))?;
        if !self.config.acr_values.is_empty()
            && !claims
                .acr
                .as_ref()
                .is_some_and(|acr| self.config.acr_values.contains(acr))
        {
            return Err(with_next(Failure::new(
                LoginFailure::Assurance,
                format!(
                    "acr {:?} is not one of the accepted {:?}",
                    claims.acr, self.config.acr_values
                ),
            )));
        }
        let number = claims
            .other
            .get(&self.config.claim)
            .and_then(|v| v.as_str())
            .ok_or_else(|| {
                with_next(Failure::new(
                    LoginFailure::InvalidIdentity,
                    format!("the ID token has no {:?} claim", self.config.claim),
                ))
            })?;
        let pin = PersonalIdentityNumber::parse(number, today).map_err(|_| {
            with_next(Failure::new(
                LoginFailure::InvalidIdentity,
                format!(
                    "the {:?} claim is not a personal identity or coordination number",
                    self.config.claim
                ),
            ))
        })?;
        Ok(OidcLogin {
            personal_number: pin.canonical(),
            acr: claims.acr,
            id_token,
            next: tx.next,
        })
    }

    /// Exchange the authorization code for tokens; returns the ID token.
    async fn exchange_code(&self, code: &str, verifier: &str) -> Result<String, String> {
        let metadata = self.issuer.metadata().await.map_err(|e| e.to_string())?;
        let endpoint = metadata
            .token_endpoint
            .as_deref()
            .ok_or("the provider's metadata has no token_endpoint")?;
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "authorization_code".into()),
            ("code", code.into()),
            ("redirect_uri", self.redirect_uri.clone()),
            ("code_verifier", verifier.into()),
        ];
        let mut request = self.http.post(endpoint);
        match &self.config.client_auth {
            ClientAuth::Secret(secret) => {
                // RFC 6749 §2.3.1: both are form-encoded before Basic encoding.
                let encode =
                    |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
                let basic = base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    encode(&self.config.client_id),
                    encode(secret)
                ));
                request = request.header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"));
            }
            ClientAuth::PrivateKey { pem, kid } => {
                let now = i64::try_from(jsonwebtoken::get_current_timestamp()).unwrap_or(i64::MAX);
                // The audience is the issuer identifier, not the endpoint's URL (the
                // audience-injection fix of draft-ietf-oauth-rfc7523bis).
                let assertion = client_assertion(
                    &self.config.client_id,
                    self.issuer.url(),
                    pem,
                    kid.clone(),
                    now,
                )?;
                form.push(("client_id", self.config.client_id.clone()));
                form.push((
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
                ));
                form.push(("client_assertion", assertion));
            }
        }
        let response = request
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| format!("token endpoint: {e}"))?;
        let tokens: TokenResponse = jose::read_json(response)
            .await
            .map_err(|e| format!("token endpoint: {e}"))?;
        tokens
            .id_token
            .ok_or_else(|| "the token endpoint gave no id_token".to_string())
    }

    /// Verify an ID token completely (OpenID Connect Core §3.1.3.7): signature with the
    /// provider's key (RS256 or ES256), `iss`, `aud` containing our client id, `azp` when there
    /// are several audiences (and, when present, equal to our client id), `exp` and `iat`
    /// (not in the future) with [`jose::LEEWAY_SECS`] of skew, and `nonce`. Token times are
    /// compared with the system clock, like the provider's own.
    pub async fn verify_id_token(
        &self,
        token: &str,
        nonce: &str,
    ) -> Result<IdTokenClaims, JoseError> {
        let now = i64::try_from(jsonwebtoken::get_current_timestamp()).unwrap_or(i64::MAX);
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[&self.config.client_id]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        let claims = self
            .issuer
            .verify::<IdTokenClaims>(token, validation)
            .await?
            .claims;
        let leeway = i64::try_from(jose::LEEWAY_SECS).unwrap_or(60);
        if claims.iat > now + leeway {
            return Err(JoseError::Invalid("iat is in the future".into()));
        }
        if claims.aud.len() > 1 && claims.azp.is_none() {
            return Err(JoseError::Invalid("several audiences but no azp".into()));
        }
        if claims
            .azp
            .as_ref()
            .is_some_and(|azp| *azp != self.config.client_id)
        {
            return Err(JoseError::Invalid("azp is another client".into()));
        }
        let nonce_matches = claims
            .nonce
            .as_ref()
            .is_some_and(|n| bool::from(n.as_bytes().ct_eq(nonce.as_bytes())));
        if !nonce_matches {
            return Err(JoseError::Invalid("nonce does not match".into()));
        }
        Ok(claims)
    }

    /// Where to send the browser to log out at the provider too (RP-initiated logout), when
    /// the provider has an `end_session_endpoint`.
    pub async fn logout_url(&self, id_token: Option<&str>) -> Option<String> {
        let metadata = match self.issuer.metadata().await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(provider = %self.config.id, error = %e, "no logout at the provider: metadata unavailable");
                return None;
            }
        };
        let mut url = reqwest::Url::parse(metadata.end_session_endpoint.as_deref()?).ok()?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(hint) = id_token {
                q.append_pair("id_token_hint", hint);
            }
            q.append_pair("client_id", &self.config.client_id)
                .append_pair("post_logout_redirect_uri", &self.post_logout_redirect_uri);
        }
        Some(url.into())
    }
}

/// A `private_key_jwt` client assertion (RFC 7523) for the token endpoint.
fn client_assertion(
    client_id: &str,
    audience: &str,
    pem: &str,
    kid: Option<String>,
    now: i64,
) -> Result<String, String> {
    #[derive(Serialize)]
    struct Claims<'a> {
        iss: &'a str,
        sub: &'a str,
        aud: &'a str,
        jti: String,
        iat: i64,
        exp: i64,
    }
    let (alg, key) = match EncodingKey::from_ec_pem(pem.as_bytes()) {
        Ok(key) => (Algorithm::ES256, key),
        Err(_) => (
            Algorithm::RS256,
            EncodingKey::from_rsa_pem(pem.as_bytes())
                .map_err(|e| format!("client key: not a PEM EC P-256 or RSA private key ({e})"))?,
        ),
    };
    let mut header = Header::new(alg);
    header.kid = kid;
    jsonwebtoken::encode(
        &header,
        &Claims {
            iss: client_id,
            sub: client_id,
            aud: audience,
            jti: random_b64(16),
            iat: now,
            exp: now + 60,
        },
        &key,
    )
    .map_err(|e| format!("client assertion: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transactions_are_sealed_and_tamper_evident() {
        let kek = KeyEncryptionKey::generate();
        let sealer = Sealer::new(&kek);
        let tx = Transaction {
            p: "bankid".into(),
            s: "state".into(),
            n: "nonce".into(),
            v: "verifier".into(),
            next: "/meddelanden".into(),
            t: 1_700_000_000,
        };
        let sealed = sealer.seal(&tx);
        assert!(!sealed.contains("verifier") && !sealed.contains("meddelanden"));
        assert_eq!(sealer.open(&sealed), Some(tx.clone()));
        // Another key (another installation) cannot open it; a changed byte is refused.
        assert_eq!(
            Sealer::new(&KeyEncryptionKey::generate()).open(&sealed),
            None
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(sealer.open(&URL_SAFE_NO_PAD.encode(bytes)), None);
        assert_eq!(sealer.open("not base64!"), None);
    }

    #[test]
    fn only_local_paths_are_returned_to() {
        assert!(is_local_path("/meddelanden?sida=2"));
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/a\nb",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }
}
