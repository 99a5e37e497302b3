//! Configuration of the OpenID Connect identity providers (citizens' e-ID login) and of the
//! OAuth 2.0 authorization server whose access tokens agency systems may present.

use std::fmt;
use std::path::Path;

use super::{err, ConfigError};

/// How Min sida authenticates itself at a provider's token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_secret_basic`: the client id and secret in an HTTP Basic header.
    Secret(String),
    /// `private_key_jwt`: a JWT signed with our private key (PEM, PKCS#8 RSA or EC P-256),
    /// whose public key is registered at the provider under `kid`.
    PrivateKey { pem: String, kid: Option<String> },
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientAuth::Secret(_) => f.write_str("ClientAuth::Secret(<redacted>)"),
            ClientAuth::PrivateKey { kid, .. } => {
                write!(f, "ClientAuth::PrivateKey(<redacted>, kid {kid:?})")
            }
        }
    }
}

/// One OpenID Connect provider (an e-ID broker) people can log in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcProviderConfig {
    /// Stable id in URLs and sessions: 1-32 lower-case letters, digits or `-`; not `test`.
    pub id: String,
    /// The name on the login button, e.g. `BankID` (a product name, not translated).
    pub name: String,
    /// The issuer URL; its discovery document is `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_auth: ClientAuth,
    /// The ID token claim holding the personal identity or coordination number.
    pub claim: String,
    /// The scopes asked for (always including `openid`).
    pub scopes: Vec<String>,
    /// The accepted `acr` values (levels of assurance), asked for as `acr_values`; a login
    /// with any other `acr` (or none) is refused. Empty: any level is accepted.
    pub acr_values: Vec<String>,
}

/// The authorization server whose JWT access tokens (client credentials grant) agency systems
/// may present instead of a static API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthConfig {
    /// Issuer URL; its metadata (OpenID discovery or RFC 8414) names the JWKS.
    pub issuer: String,
    /// The audience our tokens must carry (this API's resource identifier).
    pub audience: String,
}

/// Whether `url` is acceptable as an issuer: `https://`, or `http://` to the loopback
/// interface (tests and local development only).
pub fn check_issuer_url(url: &str, source: &str) -> Result<(), ConfigError> {
    let lower = url.to_ascii_lowercase();
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    if !(lower.starts_with("https://") || loopback) {
        return err(format!(
            "{source}: the issuer {url:?} must be an https:// URL (http:// only to 127.0.0.1 or localhost)"
        ));
    }
    if url.contains(['?', '#', ' ']) {
        return err(format!(
            "{source}: the issuer {url:?} must not have a query, fragment or spaces"
        ));
    }
    Ok(())
}

impl OidcProviderConfig {
    /// Parse `id=…,name=…,issuer=…,client-id=…,client-secret=…|client-secret-file=…|
    /// client-key-file=…[,client-key-id=…][,claim=…][,scope=…][,acr=…]`. Lists (scope, acr)
    /// are separated by spaces.
    pub fn parse(text: &str, source: &str) -> Result<Self, ConfigError> {
        let mut id = None;
        let mut name = None;
        let mut issuer = None;
        let mut client_id = None;
        let mut secret = None;
        let mut key_file = None;
        let mut key_id = None;
        let mut claim = None;
        let mut scopes = None;
        let mut acr = None;
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let Some((key, value)) = part.split_once('=') else {
                return err(format!(
                    "{source}: expected KEY=VALUE in the OpenID Connect provider, got {part:?}"
                ));
            };
            let value = value.trim().to_string();
            let slot = match key.trim() {
                "id" => &mut id,
                "name" => &mut name,
                "issuer" => &mut issuer,
                "client-id" => &mut client_id,
                "client-secret" => &mut secret,
                "client-secret-file" => {
                    let read = std::fs::read_to_string(Path::new(&value)).map_err(|e| {
                        ConfigError(format!("{source}: cannot read client-secret-file: {e}"))
                    })?;
                    if secret.is_some() {
                        return err(format!("{source}: the client secret is given twice"));
                    }
                    secret = Some(read.trim().to_string());
                    continue;
                }
                "client-key-file" => {
                    let read = std::fs::read_to_string(Path::new(&value)).map_err(|e| {
                        ConfigError(format!("{source}: cannot read client-key-file: {e}"))
                    })?;
                    key_file = Some(read);
                    continue;
                }
                "client-key-id" => &mut key_id,
                "claim" => &mut claim,
                "scope" => &mut scopes,
                "acr" => &mut acr,
                other => {
                    return err(format!(
                        "{source}: unknown key {other:?} in the OpenID Connect provider \
                         (id, name, issuer, client-id, client-secret, client-secret-file, \
                         client-key-file, client-key-id, claim, scope, acr)"
                    ))
                }
            };
            if slot.is_some() {
                return err(format!("{source}: {key:?} is given twice"));
            }
            *slot = Some(value);
        }
        let required = |v: Option<String>, key: &str| -> Result<String, ConfigError> {
            v.filter(|v| !v.is_empty()).ok_or_else(|| {
                ConfigError(format!(
                    "{source}: the OpenID Connect provider needs {key}=…"
                ))
            })
        };
        let id = required(id, "id")?;
        if id.is_empty()
            || id.len() > 32
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || id == crate::auth::TEST_PROVIDER_ID
        {
            return err(format!(
                "{source}: the provider id {id:?} must be 1-32 lower-case letters, digits or '-', and not \"test\""
            ));
        }
        let name = required(name, "name")?;
        let issuer = required(issuer, "issuer")?;
        check_issuer_url(&issuer, source)?;
        let client_id = required(client_id, "client-id")?;
        let client_auth = match (secret, key_file) {
            (Some(s), None) if !s.is_empty() => ClientAuth::Secret(s),
            (None, Some(pem)) => ClientAuth::PrivateKey { pem, kid: key_id },
            (Some(_), Some(_)) => {
                return err(format!(
                    "{source}: give either a client secret or a client key, not both"
                ))
            }
            _ => {
                return err(format!(
                    "{source}: the OpenID Connect provider {id:?} needs client-secret, \
                     client-secret-file or client-key-file"
                ))
            }
        };
        let scopes: Vec<String> = match scopes {
            Some(s) => s.split_whitespace().map(str::to_string).collect(),
            None => vec!["openid".to_string()],
        };
        if !scopes.iter().any(|s| s == "openid") {
            return err(format!("{source}: the scopes must include \"openid\""));
        }
        Ok(Self {
            id,
            name,
            issuer: issuer.trim_end_matches('/').to_string(),
            client_id,
            client_auth,
            claim: claim
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "personal_number".to_string()),
            scopes,
            acr_values: acr
                .map(|a| a.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_provider() {
        let p = OidcProviderConfig::parse(
            "id=bankid, name=BankID, issuer=https://idp.example/, client-id=minsida, \
             client-secret=s3cret, claim=sub, scope=openid profile, acr=loa3 loa4",
            "--oidc-provider",
        )
        .unwrap();
        assert_eq!(p.id, "bankid");
        assert_eq!(p.name, "BankID");
        assert_eq!(p.issuer, "https://idp.example");
        assert_eq!(p.client_auth, ClientAuth::Secret("s3cret".into()));
        assert_eq!(p.claim, "sub");
        assert_eq!(p.scopes, ["openid", "profile"]);
        assert_eq!(p.acr_values, ["loa3", "loa4"]);
        assert!(!format!("{p:?}").contains("s3cret"));
    }

    #[test]
    fn defaults_and_refusals() {
        let p = OidcProviderConfig::parse(
            "id=x,name=X,issuer=http://127.0.0.1:9000,client-id=c,client-secret=s",
            "t",
        )
        .unwrap();
        assert_eq!(p.claim, "personal_number");
        assert_eq!(p.scopes, ["openid"]);
        assert!(p.acr_values.is_empty());

        for bad in [
            "name=X,issuer=https://i,client-id=c,client-secret=s",
            "id=test,name=X,issuer=https://i,client-id=c,client-secret=s",
            "id=Bank ID,name=X,issuer=https://i,client-id=c,client-secret=s",
            "id=x,name=X,issuer=http://idp.example,client-id=c,client-secret=s",
            "id=x,name=X,issuer=http://127.0.0.1.evil.example,client-id=c,client-secret=s",
            "id=x,name=X,issuer=https://i,client-id=c",
            "id=x,name=X,issuer=https://i,client-id=c,client-secret=s,scope=profile",
            "id=x,name=X,issuer=https://i,client-id=c,client-secret=s,colour=blue",
            "id=x,id=y,name=X,issuer=https://i,client-id=c,client-secret=s",
        ] {
            assert!(OidcProviderConfig::parse(bad, "t").is_err(), "{bad}");
        }
    }
}
