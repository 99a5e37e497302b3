//! Types exchanged between the Min sida SPA and server, and validation both sides share.
//!
//! Every request and response body of `/api/...` is defined here, so the client and server
//! cannot drift apart. Timestamps are RFC 3339 strings in UTC; dates are `YYYY-MM-DD`.
//! Personal identity numbers travel in the canonical 12-digit form `YYYYMMDDNNNC`.

pub mod a11y;
pub mod channels;
pub mod contact;
pub mod eservices;
pub mod feedback;
pub mod messages;
pub mod org;
pub mod pin;
pub mod representation;
pub mod terminal;

use serde::{Deserialize, Serialize};

/// Path prefix of the JSON API.
pub const API_PREFIX: &str = "/api";
/// Header that carries the per-session CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Machine-readable error kind. The SPA translates it; `message` is for developers and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No valid session: log in.
    Unauthenticated,
    /// The session ended because of inactivity or its maximum age.
    SessionExpired,
    /// Logged in, but not allowed to see or do this.
    Forbidden,
    NotFound,
    /// One or more fields are invalid; see `fields`.
    Validation,
    /// Missing or wrong CSRF token, or a cross-site request.
    CsrfFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    BadRequest,
    RateLimited,
    /// The requested identity provider is switched off.
    ProviderDisabled,
    /// The file is not one of the accepted types (PDF, JPEG, PNG), judged by its content.
    UnsupportedFileType,
    /// The action does not fit the object's state (e.g. writing in a closed matter, answering
    /// a request to supplement twice).
    Conflict,
    /// A stored document failed its integrity check; it is not served.
    IntegrityError,
    Internal,
}

/// Why one field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidPersonalNumber,
    /// A well-formed personal identity number that the identity provider does not know.
    UnknownPerson,
    /// A message needs a text or at least one document.
    BodyOrDocumentRequired,
    /// More documents than one message may carry.
    TooManyDocuments,
    /// An upload that does not exist, is not this person's or has already been sent.
    UnknownUpload,
    /// A date that is not `YYYY-MM-DD` or is out of range.
    InvalidDate,
    /// A value that is not one of the allowed ones.
    InvalidValue,
    /// An organisation number that is malformed or has a wrong check digit.
    InvalidOrganisationNumber,
    /// One cannot give a representation to oneself.
    SelfGrant,
    /// E-mail notices need a verified e-mail address.
    EmailNotVerified,
    /// SMS notices and phone calls need a verified mobile number.
    MobileNotVerified,
    /// Paper letters cannot be chosen while paper is opted out.
    PaperOptedOut,
    /// The one-time code is not the one sent.
    WrongCode,
    /// The one-time code is no longer valid: ask for a new one.
    CodeExpired,
    /// Too many wrong codes: this code is spent; ask for a new one.
    TooManyAttempts,
    /// No code has been sent (or it was already used): ask for one.
    NoPendingCode,
    /// There is no e-mail address or mobile number to verify.
    NoAddress,
    /// The request to supplement is not one of this matter, or no longer waits for an answer.
    RequestNotOpen,
    /// A number, an amount or a count of choices or files outside the bounds the question
    /// allows.
    OutOfRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Name of the request field, as in the JSON body (e.g. `email`).
    pub field: String,
    pub code: FieldErrorCode,
}

/// Body of every non-2xx response from `/api/...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// English explanation for developers and logs; never shown to the person as is.
    pub message: String,
    /// Per-field problems when `code` is `validation`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// The request's id (the `x-request-id` response header), to quote when reporting a
    /// problem: the server's log lines of the request carry it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Liveness: the process is up and answering (no database or storage is touched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Liveness {
    /// Always `ok`.
    pub status: String,
}

/// The result of one readiness check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Failed,
}

/// Readiness: whether this instance can serve requests now. 200 when every check is `ok`,
/// 503 when one failed (the server's log says why).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub ready: bool,
    /// A cheap query on the database.
    pub database: CheckStatus,
    /// The document store can be written.
    pub document_store: CheckStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    /// The database's write-ahead log (SQLite), kept bounded by checkpoints.
    pub database: DatabaseHealth,
}

/// Size of the database's write-ahead log and the last checkpoint that bounded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseHealth {
    /// Size of the log file now, in bytes.
    pub wal_bytes: u64,
    /// The size in bytes the log file is cut back to whenever it starts over.
    pub journal_size_limit: u64,
    /// A log at least this large (bytes) is checkpointed within seconds.
    pub checkpoint_threshold: u64,
    /// The last checkpoint since the server started, if any.
    pub last_checkpoint: Option<WalCheckpoint>,
}

/// The result of one checkpoint: a non-blocking `PASSIVE` step, then a `TRUNCATE` step that
/// empties the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WalCheckpoint {
    /// When it finished (unix seconds).
    pub at: i64,
    /// The `TRUNCATE` step gave up within its time: the write lock, the checkpoint lock or
    /// readers of an older snapshot stayed busy. It is tried again within a second, with a
    /// longer wait.
    pub busy: bool,
    /// Frames in the log when the `TRUNCATE` step looked (-1 when busy).
    pub log_frames: i64,
    /// Frames of those copied into the database (-1 when busy).
    pub checkpointed_frames: i64,
    /// Frames the `PASSIVE` step copied first, without blocking anybody.
    pub passive_frames: i64,
    /// Milliseconds the `TRUNCATE` step's tries took (without the short pauses between
    /// them): the longest it held writers back.
    pub truncate_ms: u64,
    /// Size of the log file afterwards, in bytes.
    pub wal_bytes_after: u64,
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// Built-in test identity provider for demo and test environments. Never in production.
    Test,
    /// An external e-ID broker speaking OpenID Connect.
    Oidc,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthProvider {
    /// Stable identifier, e.g. `test`.
    pub id: String,
    pub kind: ProviderKind,
    /// Human name of the provider (not translated: it is a product name).
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthProviders {
    pub providers: Vec<AuthProvider>,
}

/// Why a login through an OpenID Connect provider did not complete. The server's callback
/// sends the browser back to the login page with `?login_error=<code>` (see
/// [`LoginFailure::QUERY`]), and the page explains it; nothing the person typed is lost
/// because nothing was typed in Min sida.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoginFailure {
    /// The person cancelled at the provider (`access_denied`).
    Cancelled,
    /// The login took too long or was started in another browser tab or window: the login
    /// transaction is gone or does not match (`state`).
    Expired,
    /// The provider refused or its answer could not be trusted (token, signature, protocol).
    Failed,
    /// The person's e-ID gives a lower level of assurance than Min sida requires.
    Assurance,
    /// The identity is valid but not a person in the register.
    UnknownPerson,
    /// The provider gave no valid personal identity or coordination number.
    InvalidIdentity,
}

impl LoginFailure {
    /// The login page's query parameter that carries the code.
    pub const QUERY: &'static str = "login_error";

    pub const ALL: [LoginFailure; 6] = [
        LoginFailure::Cancelled,
        LoginFailure::Expired,
        LoginFailure::Failed,
        LoginFailure::Assurance,
        LoginFailure::UnknownPerson,
        LoginFailure::InvalidIdentity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LoginFailure::Cancelled => "cancelled",
            LoginFailure::Expired => "expired",
            LoginFailure::Failed => "failed",
            LoginFailure::Assurance => "assurance",
            LoginFailure::UnknownPerson => "unknown_person",
            LoginFailure::InvalidIdentity => "invalid_identity",
        }
    }

    pub fn parse(code: &str) -> Option<LoginFailure> {
        LoginFailure::ALL.into_iter().find(|f| f.as_str() == code)
    }
}

/// The login page's query parameter set (to `1`) when the identity provider sends the browser
/// back after logging out there too (RP-initiated logout).
pub const LOGGED_OUT_QUERY: &str = "logged_out";

/// The answer to `POST /api/auth/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutOutcome {
    /// Where to send the browser so that the person is logged out at the identity provider
    /// too (its `end_session_endpoint`, RP-initiated logout), which then returns to the login
    /// page with `?logged_out=1`. Absent when the session's provider has no such endpoint (the
    /// test provider) or there was no session.
    #[serde(default)]
    pub provider_logout_url: Option<String>,
}

/// A person the test identity provider can log in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestPerson {
    /// Canonical 12-digit personal identity number.
    pub personal_number: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestLoginRequest {
    /// Personal identity number in any accepted form (10 or 12 digits, with or without separator).
    pub personal_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub personal_number: String,
    /// The name the person is called by (tilltalsnamn).
    pub given_name: String,
    pub last_name: String,
}

/// The current session. Returned by login and, as the `logged_in` state of `SessionStatus`,
/// by `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub person: PersonSummary,
    /// Send this in the `x-csrf-token` header on every POST, PUT, PATCH and DELETE.
    pub csrf_token: String,
    /// The session ends after this many seconds without a request.
    pub idle_timeout_secs: u32,
    /// The session ends at this time whatever the activity (RFC 3339).
    pub expires_at: String,
    /// Identifier of the identity provider used to log in.
    pub provider: String,
    /// Whose data the session shows when the person acts for someone else (an organisation,
    /// a represented person); absent when acting for themselves.
    #[serde(default)]
    pub acting_as: Option<representation::ActingAs>,
    /// Whether the person holds a valid mandate today to act for someone else (a company,
    /// another person): the choice can be offered without asking `GET /api/me/parties` first.
    #[serde(default)]
    pub can_act_for_others: bool,
}

/// Whether the visitor is logged in: the answer of `GET /api/session`, which is 200 in every
/// state (a logged-out visitor is no error). Tagged by `state`:
/// `{"state":"logged_in", "person":{...}, "csrf_token":"...", ...}` (the `SessionInfo`
/// fields beside the tag), `{"state":"anonymous"}` or `{"state":"expired"}`.
// `Deserialize` is written by hand (below) for the same shape: serde's derive for an
// internally tagged enum buffers the whole object before it can look at the tag, and that
// buffering code was 8 KB (brotli) of the SPA's main module, which reads this first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionStatus {
    /// A live session; its fields are those of `SessionInfo`.
    // Boxed: much larger than the other states.
    LoggedIn(Box<SessionInfo>),
    /// No session: no session cookie, or one the server does not know (any longer).
    Anonymous,
    /// The session cookie named a session that has just timed out (idle or maximum age); it
    /// has ended now. The SPA tells the person they were logged out for inactivity.
    Expired,
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum State {
            LoggedIn,
            Anonymous,
            Expired,
        }
        /// The tag and every field of `SessionInfo`, as one flat object (what the derive of
        /// `Serialize` writes): a plain struct, read in one pass.
        #[derive(Deserialize)]
        struct Flat {
            state: State,
            person: Option<PersonSummary>,
            csrf_token: Option<String>,
            idle_timeout_secs: Option<u32>,
            expires_at: Option<String>,
            provider: Option<String>,
            #[serde(default)]
            acting_as: Option<representation::ActingAs>,
            #[serde(default)]
            can_act_for_others: bool,
        }
        let flat = Flat::deserialize(deserializer)?;
        fn required<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(field))
        }
        Ok(match flat.state {
            State::Anonymous => SessionStatus::Anonymous,
            State::Expired => SessionStatus::Expired,
            State::LoggedIn => SessionStatus::LoggedIn(Box::new(SessionInfo {
                person: required(flat.person, "person")?,
                csrf_token: required(flat.csrf_token, "csrf_token")?,
                idle_timeout_secs: required(flat.idle_timeout_secs, "idle_timeout_secs")?,
                expires_at: required(flat.expires_at, "expires_at")?,
                provider: required(flat.provider, "provider")?,
                acting_as: flat.acting_as,
                can_act_for_others: flat.can_act_for_others,
            })),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Personal information ("Mina uppgifter")
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostalAddress {
    /// c/o line, if any.
    pub care_of: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// Only set for addresses abroad.
    pub country: Option<String>,
}

/// Contact details that the person controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetails {
    pub email: Option<String>,
    /// E.164, e.g. `+46701234567`.
    pub mobile: Option<String>,
    /// When the person last changed them (RFC 3339); absent if never.
    pub updated_at: Option<String>,
}

/// The person's registered data, read from the agency's population register, and their own
/// contact details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalDetails {
    pub personal_number: String,
    pub coordination_number: bool,
    /// All first names as registered.
    pub first_names: String,
    /// The name the person is called by (tilltalsnamn).
    pub given_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub registered_address: PostalAddress,
    /// Special postal address (särskild postadress), if registered.
    pub postal_address: Option<PostalAddress>,
    pub municipality: String,
    pub county: String,
    /// Date registered at the current address, `YYYY-MM-DD`.
    pub registered_since: String,
    pub citizenship: String,
    pub contact: ContactDetails,
}

/// Replace the contact details. A missing or empty value removes that detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateContactRequest {
    /// An e-mail address (at most 254 characters, 64 before the `@`), or blank. The pattern
    /// gives the ASCII forms; letters and digits of other alphabets are accepted too.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "contact-email",
            max_length = 254,
            pattern = "^[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$|^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
        )
    )]
    pub email: Option<String>,
    /// A Swedish mobile number (`070-123 45 67`, `+46 70 123 45 67`) or another country's in
    /// `+<country code><number>` form; spaces, hyphens, dots and parentheses may separate
    /// the digits. Or blank.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = "^[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$|^(\\+[ .()-]*4[ .()-]*6[ .()-]*(0[ .()-]*)?7[ .()-]*[02369][ .()-]*([0-9][ .()-]*){7}|[ .()-]*0[ .()-]*0[ .()-]*4[ .()-]*6[ .()-]*(0[ .()-]*)?7[ .()-]*[02369][ .()-]*([0-9][ .()-]*){7}|[ .()-]*0[ .()-]*7[ .()-]*[02369][ .()-]*([0-9][ .()-]*){7}|\\+[ .()-]*([1-35-9][ .()-]*([0-9][ .()-]*){7,14}|4[ .()-]*[0-57-9][ .()-]*([0-9][ .()-]*){6,13})|[ .()-]*0[ .()-]*0[ .()-]*([1-35-9][ .()-]*([0-9][ .()-]*){7,14}|4[ .()-]*[0-57-9][ .()-]*([0-9][ .()-]*){6,13}))$"
        )
    )]
    pub mobile: Option<String>,
}

impl UpdateContactRequest {
    /// Validate and normalise; the same rules run in the SPA and on the server.
    /// Returns the normalised `(email, mobile)` or every field error at once.
    pub fn validate(&self) -> Result<(Option<String>, Option<String>), Vec<FieldError>> {
        // The length is counted as sent (the OpenAPI document's `maxLength`), also for a
        // blank value.
        fn optional(
            value: &Option<String>,
            field: &str,
            check: fn(&str) -> Result<String, FieldErrorCode>,
            max: usize,
            errors: &mut Vec<FieldError>,
        ) -> Option<String> {
            if value.as_deref().is_some_and(|v| v.chars().count() > max) {
                errors.push(FieldError {
                    field: field.to_string(),
                    code: FieldErrorCode::TooLong,
                });
                return None;
            }
            match value.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(v) => match check(v) {
                    Ok(n) => Some(n),
                    Err(code) => {
                        errors.push(FieldError {
                            field: field.to_string(),
                            code,
                        });
                        None
                    }
                },
            }
        }
        let mut errors = Vec::new();
        let email = optional(
            &self.email,
            "email",
            contact::normalize_email,
            contact::EMAIL_MAX_LEN,
            &mut errors,
        );
        let mobile = optional(
            &self.mobile,
            "mobile",
            contact::normalize_mobile,
            contact::MOBILE_MAX_LEN,
            &mut errors,
        );
        if errors.is_empty() {
            Ok((email, mobile))
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_status_reads_what_it_writes() {
        let info = SessionInfo {
            person: PersonSummary {
                personal_number: "198112189876".into(),
                given_name: "Anna".into(),
                last_name: "Andersson".into(),
            },
            csrf_token: "t".into(),
            idle_timeout_secs: 900,
            expires_at: "2026-11-29T12:00:00Z".into(),
            provider: "test".into(),
            acting_as: Some(representation::ActingAs {
                party: representation::Party {
                    id: 7,
                    kind: representation::PartyKind::Organisation,
                    name: "Bolaget AB".into(),
                    identifier: "5560000001".into(),
                },
                role: representation::RepresentationRole::Signatory,
                scopes: vec![],
                valid_until: Some("2027-01-01".into()),
            }),
            can_act_for_others: true,
        };
        for status in [
            SessionStatus::LoggedIn(Box::new(info.clone())),
            SessionStatus::Anonymous,
            SessionStatus::Expired,
        ] {
            let json = serde_json::to_value(&status).unwrap();
            assert_eq!(
                serde_json::from_value::<SessionStatus>(json).unwrap(),
                status
            );
        }
        // The wire shape: the session's fields beside the tag; optional ones may be left out.
        let json = serde_json::to_value(SessionStatus::LoggedIn(Box::new(info))).unwrap();
        assert_eq!(json["state"], "logged_in");
        assert_eq!(json["person"]["given_name"], "Anna");
        assert_eq!(json["csrf_token"], "t");
        assert_eq!(
            serde_json::to_value(SessionStatus::Anonymous).unwrap(),
            serde_json::json!({ "state": "anonymous" })
        );
        let minimal = serde_json::json!({
            "state": "logged_in",
            "person": { "personal_number": "1", "given_name": "A", "last_name": "B" },
            "csrf_token": "t", "idle_timeout_secs": 60, "expires_at": "x", "provider": "p",
        });
        let SessionStatus::LoggedIn(read) = serde_json::from_value(minimal).unwrap() else {
            panic!("not logged in");
        };
        assert_eq!((read.acting_as, read.can_act_for_others), (None, false));
        // A logged-in state without its session, or an unknown state, is an error.
        let error =
            serde_json::from_value::<SessionStatus>(serde_json::json!({ "state": "logged_in" }))
                .unwrap_err();
        assert!(
            error.to_string().contains("missing field `person`"),
            "{error}"
        );
        assert!(
            serde_json::from_value::<SessionStatus>(serde_json::json!({ "state": "x" })).is_err()
        );
    }

    #[test]
    fn login_failure_codes_round_trip_and_match_serde() {
        for failure in LoginFailure::ALL {
            assert_eq!(LoginFailure::parse(failure.as_str()), Some(failure));
            assert_eq!(
                serde_json::to_string(&failure).unwrap(),
                format!("\"{}\"", failure.as_str())
            );
        }
        assert_eq!(LoginFailure::parse("nonsense"), None);
    }

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let body = ApiErrorBody {
            code: ErrorCode::CsrfFailed,
            message: "x".into(),
            fields: vec![FieldError {
                field: "email".into(),
                code: FieldErrorCode::InvalidEmail,
            }],
            request_id: Some("r-1".into()),
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["code"], "csrf_failed");
        assert_eq!(json["fields"][0]["code"], "invalid_email");
        assert_eq!(json["request_id"], "r-1");
        let no_fields = ApiErrorBody {
            code: ErrorCode::NotFound,
            message: "x".into(),
            fields: vec![],
            request_id: None,
        };
        let json = serde_json::to_value(&no_fields).unwrap();
        assert!(json.get("fields").is_none());
        assert!(json.get("request_id").is_none());
    }

    #[test]
    fn update_contact_validation_collects_all_errors_and_normalises() {
        let req = UpdateContactRequest {
            email: Some("nope".into()),
            mobile: Some("12".into()),
        };
        let errs = req.validate().unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(
            errs[0],
            FieldError {
                field: "email".into(),
                code: FieldErrorCode::InvalidEmail
            }
        );
        assert_eq!(errs[1].field, "mobile");

        let req = UpdateContactRequest {
            email: Some(" A@B.SE ".into()),
            mobile: Some("".into()),
        };
        assert_eq!(req.validate(), Ok((Some("A@b.se".into()), None)));
        assert_eq!(UpdateContactRequest::default().validate(), Ok((None, None)));
    }
}
