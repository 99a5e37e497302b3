//! Enrolling a browser as a terminal: the device cookie, the office's enrollment key
//! (compared in constant time) with its rate limit of failed attempts, and the terminal's name.

use axum::http::{HeaderMap, HeaderValue};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

use crate::auth::session;
use crate::config::{Config, TerminalOffice};

/// Longest terminal name, in characters.
pub const MAX_TERMINAL_NAME_CHARS: usize = 60;
/// Lifetime of the device cookie: 400 days, the most browsers accept. It is renewed every
/// time the terminal asks for its status, so a terminal in use stays enrolled.
pub const DEVICE_COOKIE_MAX_AGE_SECS: u32 = 400 * 24 * 60 * 60;
/// Failed enrollment key attempts per office and window before further attempts are refused.
pub const MAX_KEY_FAILURES: u32 = 10;
/// The rate limiting window of enrollment key attempts: 15 minutes.
pub const KEY_FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Limiter bucket shared by every office id that is not configured.
const UNKNOWN_OFFICE_BUCKET: &str = "";

/// Builds the `Set-Cookie` values of the device cookie. Same attributes as the session
/// cookie (`HttpOnly; SameSite=Strict; Path=/`, plus `Secure` and the `__Host-` prefix over
/// https), but persistent: it must survive the browser restarting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCookie {
    pub name: &'static str,
    pub secure: bool,
}

impl DeviceCookie {
    pub fn from_config(config: &Config) -> Self {
        Self {
            name: config.terminal_cookie_name(),
            secure: config.public_url.is_https(),
        }
    }

    fn attributes(&self) -> &'static str {
        if self.secure {
            "; HttpOnly; SameSite=Strict; Path=/; Secure"
        } else {
            "; HttpOnly; SameSite=Strict; Path=/"
        }
    }

    pub fn set(&self, token: &str) -> HeaderValue {
        HeaderValue::from_str(&format!(
            "{}={}; Max-Age={DEVICE_COOKIE_MAX_AGE_SECS}{}",
            self.name,
            token,
            self.attributes()
        ))
        .expect("device cookies are ASCII")
    }

    pub fn clear(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("{}=; Max-Age=0{}", self.name, self.attributes()))
            .expect("device cookies are ASCII")
    }

    pub fn read<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        session::read_cookie(headers, self.name)
    }
}

/// Whether `given` is the office's enrollment key, compared in constant time (both sides are
/// hashed first, so neither the length nor the content of the key leaks through timing). An
/// unknown office never matches but takes the same time.
pub fn key_matches(office: Option<&TerminalOffice>, given: &str) -> bool {
    let expected = Sha256::digest(office.map_or("", |o| o.key.as_str()).as_bytes());
    let given = Sha256::digest(given.as_bytes());
    let equal: bool = expected.ct_eq(&given).into();
    office.is_some() & equal
}

/// The rate-limit bucket ([`crate::limits`]) of failed enrollment key attempts for an office:
/// its own when configured; unknown office ids share one bucket, so guessing office ids
/// creates no counters. While a bucket is full every attempt is refused without looking at
/// the key, on every server instance, so guessing cannot go on.
pub fn key_failure_bucket(office: Option<&TerminalOffice>) -> String {
    format!(
        "office_key:{}",
        office.map_or(UNKNOWN_OFFICE_BUCKET, |o| o.id.as_str())
    )
}

/// The name of a terminal as given at enrollment: trimmed, 1–60 characters, no control
/// characters.
pub fn clean_terminal_name(name: &str) -> Result<String, minsida_api::FieldErrorCode> {
    let name = name.trim();
    if name.is_empty() {
        Err(minsida_api::FieldErrorCode::Required)
    } else if name.chars().count() > MAX_TERMINAL_NAME_CHARS {
        Err(minsida_api::FieldErrorCode::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(minsida_api::FieldErrorCode::InvalidValue)
    } else {
        Ok(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::FieldErrorCode;

    fn office(id: &str, key: &str) -> TerminalOffice {
        TerminalOffice {
            id: id.into(),
            name: format!("Servicekontoret {id}"),
            key: key.into(),
        }
    }

    #[test]
    fn keys_must_match_exactly_and_unknown_offices_never_match() {
        let o = office("malmo", "the-right-key-000000000000");
        assert!(key_matches(Some(&o), "the-right-key-000000000000"));
        assert!(!key_matches(Some(&o), "the-right-key-00000000000"));
        assert!(!key_matches(Some(&o), "the-right-key-0000000000000"));
        assert!(!key_matches(Some(&o), ""));
        assert!(!key_matches(None, ""));
        assert!(!key_matches(None, "the-right-key-000000000000"));
    }

    #[test]
    fn key_failure_buckets_are_per_configured_office() {
        assert_eq!(key_failure_bucket(None), "office_key:");
        assert_eq!(
            key_failure_bucket(Some(&office("lund", "k"))),
            "office_key:lund"
        );
    }

    #[test]
    fn terminal_names() {
        assert_eq!(clean_terminal_name("  Malmö 2 ").as_deref(), Ok("Malmö 2"));
        assert_eq!(clean_terminal_name("   "), Err(FieldErrorCode::Required));
        assert_eq!(
            clean_terminal_name(&"å".repeat(60)).map(|n| n.chars().count()),
            Ok(60)
        );
        assert_eq!(
            clean_terminal_name(&"å".repeat(61)),
            Err(FieldErrorCode::TooLong)
        );
        assert_eq!(
            clean_terminal_name("a\u{7}b"),
            Err(FieldErrorCode::InvalidValue)
        );
    }

    #[test]
    fn device_cookie_attributes() {
        let http = DeviceCookie {
            name: "minsida_terminal",
            secure: false,
        };
        assert_eq!(
            http.set("tok"),
            "minsida_terminal=tok; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/"
        );
        assert_eq!(
            http.clear(),
            "minsida_terminal=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"
        );
        let https = DeviceCookie {
            name: "__Host-minsida_terminal",
            secure: true,
        };
        assert_eq!(
            https.set("tok"),
            "__Host-minsida_terminal=tok; Max-Age=34560000; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
    }
}
