//! Verifying an e-mail address or mobile number with a one-time code.

use serde::{Deserialize, Serialize};

/// A contact detail that can be verified with a one-time code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerifyTarget {
    /// The e-mail address (code sent by e-mail).
    Email,
    /// The mobile number (code sent by SMS).
    Mobile,
}

impl VerifyTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyTarget::Email => "email",
            VerifyTarget::Mobile => "mobile",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [VerifyTarget::Email, VerifyTarget::Mobile]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Number of digits of a one-time verification code.
pub const CODE_LENGTH: usize = 6;

/// Normalise a typed one-time code: spaces and hyphens removed. `None` unless exactly
/// [`CODE_LENGTH`] ASCII digits remain.
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A code that was sent and can still be entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingCode {
    /// RFC 3339.
    pub expires_at: String,
    pub attempts_left: u32,
    /// Earliest time a new code can be asked for (RFC 3339).
    pub resend_after: String,
}

/// Verification state of one contact detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactVerification {
    pub target: VerifyTarget,
    /// The current address or number (from "Mina uppgifter"); absent when none is given.
    pub address: Option<String>,
    /// RFC 3339; absent while not verified. Changing the address clears it.
    pub verified_at: Option<String>,
    /// A code that was sent and can be entered; absent otherwise.
    pub pending: Option<PendingCode>,
}

impl ContactVerification {
    pub fn is_verified(&self) -> bool {
        self.address.is_some() && self.verified_at.is_some()
    }
}

/// `POST /api/me/channels/verification`: send a new one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartVerification {
    pub target: VerifyTarget,
}

/// `POST /api/me/channels/verification/confirm`: enter the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmVerification {
    pub target: VerifyTarget,
    /// As typed: six digits, spaces and hyphens are ignored ([`normalize_code`]).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[ \\u00a0-]*([0-9][ \\u00a0-]*){6}$")
    )]
    pub code: String,
}
