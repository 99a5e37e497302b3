//! Identity providers: who may vouch for a person's identity at login.
//!
//! The routes only see the [`IdentityProvider`] trait. A provider turns a provider-specific
//! proof ([`LoginInput`]) into a [`VerifiedIdentity`]; the session is then created by
//! [`crate::auth::complete_login`], the same way for every provider. The built-in
//! [`TestIdentityProvider`] takes a typed personal identity number. OpenID Connect e-ID
//! brokers log people in by redirects instead ([`super::oidc::OidcProvider`]); they are listed
//! beside the test provider and end in the same [`crate::auth::complete_login`].

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::db::Pool;
use async_trait::async_trait;
use minsida_api::pin::{PersonalIdentityNumber, Ymd};
use minsida_api::{AuthProvider, FieldErrorCode, ProviderKind, TestPerson};

use super::oidc::OidcProvider;
use crate::config::Config;
use crate::crypto::KeyEncryptionKey;
use crate::error::ApiError;
use crate::Clock;

/// Identifier of the built-in test identity provider.
pub const TEST_PROVIDER_ID: &str = "test";

/// A person whose identity an identity provider has verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    /// Canonical 12-digit personal identity number or coordination number.
    pub personal_number: String,
    /// Identifier of the provider that verified it.
    pub provider: String,
    /// The level of assurance the provider reported (`acr`), if any.
    pub acr: Option<String>,
    /// The provider's ID token, kept for logging out at the provider (`id_token_hint`).
    pub id_token: Option<String>,
}

/// The proof a person hands over to log in, depending on the kind of provider.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum LoginInput {
    /// A personal identity number typed in by the person (test provider only).
    PersonalNumber(String),
}

/// Why a login did not succeed.
#[derive(Debug)]
pub enum AuthError {
    /// The typed personal identity number is not a valid one.
    InvalidPersonalNumber,
    /// The identity is valid but not someone this provider (or the register) knows.
    UnknownPerson,
    /// This provider does not take this kind of input.
    UnsupportedInput,
    /// The provider refused or the protocol exchange failed; the message is for the logs.
    Rejected(String),
    /// Our own database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for AuthError {
    fn from(e: sqlx::Error) -> Self {
        AuthError::Database(e)
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::InvalidPersonalNumber => {
                ApiError::field("personal_number", FieldErrorCode::InvalidPersonalNumber)
            }
            AuthError::UnknownPerson => {
                ApiError::field("personal_number", FieldErrorCode::UnknownPerson)
            }
            AuthError::UnsupportedInput => {
                ApiError::bad_request("this identity provider does not support this login method")
            }
            AuthError::Rejected(reason) => {
                tracing::warn!(%reason, "login rejected by the identity provider");
                ApiError::new(
                    minsida_api::ErrorCode::Unauthenticated,
                    "the login was not completed",
                )
            }
            AuthError::Database(e) => e.into(),
        }
    }
}

/// An identity provider the person can log in with.
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Public description, as listed by `GET /api/auth/providers`.
    fn info(&self) -> AuthProvider;

    /// Verify the proof and return whose identity it proves.
    async fn verify(&self, input: LoginInput) -> Result<VerifiedIdentity, AuthError>;
}

/// The built-in test identity provider: anyone may log in as any *test person* in the
/// register by typing their personal identity number. Only exists when the configuration
/// enables it; never enable it in production.
pub struct TestIdentityProvider {
    pool: Pool,
    clock: Clock,
}

impl TestIdentityProvider {
    pub fn new(pool: Pool, clock: Clock) -> Self {
        Self { pool, clock }
    }

    /// The persons one can log in as, ordered by last name in Swedish alphabetical order
    /// (Å, Ä, Ö after Z; the databases' byte order would put Ä before Å).
    pub async fn persons(&self) -> Result<Vec<TestPerson>, sqlx::Error> {
        let mut rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT personal_number, given_name, last_name FROM persons \
             WHERE is_test_person = TRUE",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.sort_by(|(pa, ga, la), (pb, gb, lb)| {
            minsida_i18n::swedish_order(la, lb)
                .then_with(|| minsida_i18n::swedish_order(ga, gb))
                .then_with(|| pa.cmp(pb))
        });
        Ok(rows
            .into_iter()
            .map(|(personal_number, given, last)| TestPerson {
                personal_number,
                name: format!("{given} {last}"),
            })
            .collect())
    }

    fn today(&self) -> Ymd {
        let date = (self.clock)().date();
        Ymd::new(
            u16::try_from(date.year()).unwrap_or(9999),
            u8::from(date.month()),
            date.day(),
        )
    }
}

#[async_trait]
impl IdentityProvider for TestIdentityProvider {
    fn info(&self) -> AuthProvider {
        AuthProvider {
            id: TEST_PROVIDER_ID.to_string(),
            kind: ProviderKind::Test,
            name: "Testinloggning (endast test/demo)".to_string(),
        }
    }

    async fn verify(&self, input: LoginInput) -> Result<VerifiedIdentity, AuthError> {
        let LoginInput::PersonalNumber(input) = input;
        let pin = PersonalIdentityNumber::parse(&input, self.today())
            .map_err(|_| AuthError::InvalidPersonalNumber)?;
        let canonical = pin.canonical();
        let known: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM persons WHERE personal_number = $1 AND is_test_person = TRUE",
        )
        .bind(&canonical)
        .fetch_optional(&self.pool)
        .await?;
        match known {
            Some(_) => Ok(VerifiedIdentity {
                personal_number: canonical,
                provider: TEST_PROVIDER_ID.to_string(),
                acr: None,
                id_token: None,
            }),
            None => Err(AuthError::UnknownPerson),
        }
    }
}

/// The identity providers enabled by the configuration.
#[derive(Default)]
pub struct IdentityProviders {
    by_id: BTreeMap<String, Arc<dyn IdentityProvider>>,
    test: Option<Arc<TestIdentityProvider>>,
    oidc: BTreeMap<String, Arc<OidcProvider>>,
}

impl IdentityProviders {
    /// The providers the configuration enables.
    pub fn from_config(
        config: &Config,
        pool: &Pool,
        clock: &Clock,
        kek: &KeyEncryptionKey,
    ) -> Self {
        let mut providers = Self::default();
        if !config.oidc_providers.is_empty() {
            let http = super::jose::http_client();
            for p in &config.oidc_providers {
                let provider = OidcProvider::new(p.clone(), &config.public_url, kek, http.clone());
                providers.oidc.insert(p.id.clone(), Arc::new(provider));
            }
        }
        if config.enable_test_idp {
            providers.add_test(Arc::new(TestIdentityProvider::new(
                pool.clone(),
                clock.clone(),
            )));
        }
        providers
    }

    fn add_test(&mut self, provider: Arc<TestIdentityProvider>) {
        self.test = Some(provider.clone());
        self.add(provider);
    }

    /// Register a provider under the id its [`IdentityProvider::info`] reports.
    pub fn add(&mut self, provider: Arc<dyn IdentityProvider>) {
        self.by_id.insert(provider.info().id, provider);
    }

    /// Public descriptions of all enabled providers: the OpenID Connect providers in the
    /// configured order's id order, then the test provider.
    pub fn list(&self) -> Vec<AuthProvider> {
        self.oidc
            .values()
            .map(|p| p.info())
            .chain(self.by_id.values().map(|p| p.info()))
            .collect()
    }

    /// The OpenID Connect provider with this id.
    pub fn oidc(&self, id: &str) -> Option<Arc<OidcProvider>> {
        self.oidc.get(id).cloned()
    }

    pub fn get(&self, id: &str) -> Option<Arc<dyn IdentityProvider>> {
        self.by_id.get(id).cloned()
    }

    /// The test identity provider, when enabled.
    pub fn test(&self) -> Option<&TestIdentityProvider> {
        self.test.as_deref()
    }
}
