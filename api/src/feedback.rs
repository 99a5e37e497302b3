//! The person's voice: feedback ("Lämna synpunkter") and the satisfaction question after a
//! submission, and what agency systems read of them.
//!
//! Validation of what the person gives lives here, so the SPA shows the same errors at once
//! that the server gives when it checks everything again.

use serde::{Deserialize, Serialize};

use crate::contact::normalize_email;
use crate::{FieldError, FieldErrorCode};

/// Longest feedback text, in characters.
pub const MAX_FEEDBACK_CHARS: usize = 2000;
/// Longest name given for a reply, in characters.
pub const MAX_REPLY_NAME_CHARS: usize = 100;
/// Longest free text with a satisfaction answer, in characters.
pub const MAX_SATISFACTION_COMMENT_CHARS: usize = 1000;
/// Longest phone number for a reply by phone, separators included.
pub const MAX_PHONE_CHARS: usize = 32;
/// The languages a reply may be asked in (the app's languages).
pub const REPLY_LANGUAGES: [&str; 4] = ["sv", "en", "fi", "ar"];

/// What kind of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Praise,
    Suggestion,
    Complaint,
    /// Something does not work (a fault in Min sida or in a service).
    ErrorReport,
}

impl FeedbackKind {
    pub const ALL: [FeedbackKind; 4] = [
        FeedbackKind::Praise,
        FeedbackKind::Suggestion,
        FeedbackKind::Complaint,
        FeedbackKind::ErrorReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Praise => "praise",
            FeedbackKind::Suggestion => "suggestion",
            FeedbackKind::Complaint => "complaint",
            FeedbackKind::ErrorReport => "error_report",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How the person wants an answer, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReplyChannel {
    /// No answer wanted.
    None,
    /// A message in the Min sida inbox (logged in only).
    MinSida,
    Email,
    Phone,
}

impl ReplyChannel {
    pub const ALL: [ReplyChannel; 4] = [
        ReplyChannel::None,
        ReplyChannel::MinSida,
        ReplyChannel::Email,
        ReplyChannel::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyChannel::None => "none",
            ReplyChannel::MinSida => "min_sida",
            ReplyChannel::Email => "email",
            ReplyChannel::Phone => "phone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `POST /api/feedback`: feedback, logged in or not. Only what the person chooses to give is
/// stored: no identity unless they want an answer in Min sida or tie it to a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackRequest {
    /// Required (`required` when missing).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = FeedbackKind))]
    pub kind: Option<FeedbackKind>,
    /// The feedback itself, not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
        )
    )]
    pub text: String,
    /// A matter of the party the session acts for (logged in only).
    #[serde(default)]
    pub matter_id: Option<i64>,
    /// The e-service the feedback is about (its id, e.g. `flyttanmalan`; logged in or not).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z][a-z0-9-]{2,59}$"))]
    pub service_id: Option<String>,
    /// How to answer; `none` (the default) for no answer.
    #[serde(default = "no_reply")]
    pub reply: ReplyChannel,
    /// For `reply` = `email` (required then); blank otherwise, or a valid address (it is not
    /// kept unless the answer goes by e-mail).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            format = "contact-email",
            max_length = 254,
            pattern = "^[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$|^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
        )
    )]
    pub email: String,
    /// For `reply` = `phone` (required then): a Swedish number (`08-123 456 78`,
    /// `070-123 45 67`, `+46 8 123 456 78`) or another country's in `+<country code><number>`
    /// form; spaces, hyphens, dots and parentheses may separate the digits. Blank or valid
    /// otherwise.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = "^[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*$|^[ .()-]*(\\+[ .()-]*4[ .()-]*6[ .()-]*|0[ .()-]*0[ .()-]*4[ .()-]*6[ .()-]*|0[ .()-]*)[1-9][ .()-]*([0-9][ .()-]*){6,8}$|^[ .()-]*(\\+[ .()-]*|0[ .()-]*0[ .()-]*)([1-35-9][ .()-]*([0-9][ .()-]*){7,14}|4[ .()-]*[0-57-9][ .()-]*([0-9][ .()-]*){6,13})$"
        )
    )]
    pub phone: String,
    /// Optional, for `reply` = `email` or `phone`: whom to ask for.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// The language of the answer: `sv`, `en`, `fi` or `ar` (the app's language by default).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(sv|en|fi|ar)$"))]
    pub language: Option<String>,
}

fn no_reply() -> ReplyChannel {
    ReplyChannel::None
}

impl Default for FeedbackRequest {
    fn default() -> Self {
        Self {
            kind: None,
            text: String::new(),
            matter_id: None,
            service_id: None,
            reply: ReplyChannel::None,
            email: String::new(),
            phone: String::new(),
            name: String::new(),
            language: None,
        }
    }
}

/// Feedback as it is stored: trimmed, normalised, only the contact detail the channel needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFeedback {
    pub kind: FeedbackKind,
    pub text: String,
    pub matter_id: Option<i64>,
    pub service_id: Option<String>,
    pub reply: ReplyChannel,
    /// The e-mail address or phone number (E.164) for the reply, if by e-mail or phone.
    pub address: Option<String>,
    /// Whom to ask for (e-mail or phone replies only; blank is none).
    pub name: Option<String>,
    pub language: Option<String>,
}

impl FeedbackRequest {
    /// Check what both sides can check. `logged_in`: a Min sida answer and a matter need a
    /// session (`invalid_value` without one).
    pub fn validate(&self, logged_in: bool) -> Result<CheckedFeedback, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut push = |field: &str, code| {
            errors.push(FieldError {
                field: field.into(),
                code,
            })
        };
        if self.kind.is_none() {
            push("kind", FieldErrorCode::Required);
        }
        let text = self.text.trim();
        if text.is_empty() {
            push("text", FieldErrorCode::Required);
        } else if self.text.chars().count() > MAX_FEEDBACK_CHARS {
            push("text", FieldErrorCode::TooLong);
        }
        if self.matter_id.is_some() && !logged_in {
            push("matter_id", FieldErrorCode::InvalidValue);
        }
        if self
            .service_id
            .as_deref()
            .is_some_and(|s| !crate::eservices::is_valid_service_id(s))
        {
            push("service_id", FieldErrorCode::InvalidValue);
        }
        // A contact detail is checked whenever one is given (the SPA sends only the one the
        // answer needs), and required for the channel that needs it.
        let email = (!self.email.trim().is_empty()).then(|| normalize_email(&self.email));
        let phone = (!self.phone.trim().is_empty()).then(|| normalize_phone(&self.phone));
        if let Some(Err(code)) = &email {
            push("email", *code);
        }
        if let Some(Err(code)) = &phone {
            push("phone", *code);
        }
        let mut address = None;
        match self.reply {
            ReplyChannel::None => {}
            ReplyChannel::MinSida if !logged_in => push("reply", FieldErrorCode::InvalidValue),
            ReplyChannel::MinSida => {}
            ReplyChannel::Email => match email {
                Some(Ok(a)) => address = Some(a),
                Some(Err(_)) => {}
                None => push("email", FieldErrorCode::Required),
            },
            ReplyChannel::Phone => match phone {
                Some(Ok(a)) => address = Some(a),
                Some(Err(_)) => {}
                None => push("phone", FieldErrorCode::Required),
            },
        }
        let wants_contact = matches!(self.reply, ReplyChannel::Email | ReplyChannel::Phone);
        let name = self.name.trim();
        if self.name.chars().count() > MAX_REPLY_NAME_CHARS {
            push("name", FieldErrorCode::TooLong);
        }
        let language = match self.language.as_deref() {
            None => None,
            Some(l) if REPLY_LANGUAGES.contains(&l) => Some(l.to_string()),
            Some(_) => {
                push("language", FieldErrorCode::InvalidValue);
                None
            }
        };
        match self.kind {
            Some(kind) if errors.is_empty() => Ok(CheckedFeedback {
                kind,
                text: text.to_string(),
                matter_id: self.matter_id,
                service_id: self.service_id.clone(),
                reply: self.reply,
                address,
                name: (wants_contact && !name.is_empty()).then(|| name.to_string()),
                language,
            }),
            _ => Err(errors),
        }
    }
}

/// A phone number to call back, normalised to E.164 (`+468123456`): a Swedish number (mobile
/// or landline: a 0, `+46` or `0046`, then 7–9 digits not starting with 0) or an international
/// one (`+` or `00`, a country code not starting with 0, 8–15 digits in all). Spaces, hyphens,
/// dots and parentheses may stand anywhere; nothing else (the OpenAPI document's pattern of
/// `FeedbackRequest.phone` is the same rule).
pub fn normalize_phone(input: &str) -> Result<String, FieldErrorCode> {
    if input.trim().is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if input.chars().count() > MAX_PHONE_CHARS {
        return Err(FieldErrorCode::TooLong);
    }
    let mut compact = String::new();
    for c in input.chars() {
        match c {
            '0'..='9' | '+' => compact.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(FieldErrorCode::InvalidPhone),
        }
    }
    let (international, digits) = if let Some(rest) = compact.strip_prefix('+') {
        (true, rest)
    } else if let Some(rest) = compact.strip_prefix("00") {
        (true, rest)
    } else if let Some(rest) = compact.strip_prefix('0') {
        (false, rest)
    } else {
        return Err(FieldErrorCode::InvalidPhone);
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldErrorCode::InvalidPhone);
    }
    let national = if international {
        digits.strip_prefix("46")
    } else {
        Some(digits)
    };
    match national {
        Some(n) if (7..=9).contains(&n.len()) && !n.starts_with('0') => Ok(format!("+46{n}")),
        Some(_) => Err(FieldErrorCode::InvalidPhone),
        None if (8..=15).contains(&digits.len()) && !digits.starts_with('0') => {
            Ok(format!("+{digits}"))
        }
        None => Err(FieldErrorCode::InvalidPhone),
    }
}

/// The answer to `POST /api/feedback`: a reference to quote when contacting the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReceipt {
    /// E.g. `SYN-2026-7KQ4-M2XD`.
    pub reference: String,
    /// RFC 3339.
    pub received_at: String,
}

/// `POST /api/satisfaction`: "How easy was this?" after a submission, once per submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionAnswer {
    /// The receipt number of the submission (of the party the session acts for).
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^K-[0-9]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
    )]
    pub receipt_number: String,
    /// 1 (very hard) to 5 (very easy).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: u8,
    /// Optional free text.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: String,
}

impl SatisfactionAnswer {
    /// The checks both sides can make: a rating of 1–5, a comment within its length.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !is_receipt_number(&self.receipt_number) {
            errors.push(FieldError {
                field: "receipt_number".into(),
                code: FieldErrorCode::InvalidValue,
            });
        }
        if !(1..=5).contains(&self.rating) {
            errors.push(FieldError {
                field: "rating".into(),
                code: FieldErrorCode::Required,
            });
        }
        if self.comment.chars().count() > MAX_SATISFACTION_COMMENT_CHARS {
            errors.push(FieldError {
                field: "comment".into(),
                code: FieldErrorCode::TooLong,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Whether `s` has the shape of a receipt number, `K-2026-4F7Q-9XK2` (Crockford's base32).
pub fn is_receipt_number(s: &str) -> bool {
    let b = s.as_bytes();
    let crockford = |c: u8| c.is_ascii_digit() || (c.is_ascii_uppercase() && !b"ILOU".contains(&c));
    b.len() == 16
        && s.starts_with("K-")
        && b[2..6].iter().all(u8::is_ascii_digit)
        && b[6] == b'-'
        && b[11] == b'-'
        && b[7..11].iter().chain(&b[12..16]).all(|&c| crockford(c))
}

// --- System API -----------------------------------------------------------------------------

/// How the person wants an answer, as the agency reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemFeedbackReply {
    pub channel: ReplyChannel,
    /// For `email`: the address; for `phone`: the number (E.164).
    pub address: Option<String>,
    /// Whom to ask for, if given.
    pub name: Option<String>,
    /// For `min_sida`: the party to deliver the answer to (`POST /api/system/v1/messages`).
    pub personal_number: Option<String>,
    pub organisation_number: Option<String>,
}

/// One piece of feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemFeedback {
    /// Increasing; page with `after`.
    pub id: i64,
    pub reference: String,
    /// RFC 3339.
    pub received_at: String,
    pub kind: FeedbackKind,
    pub text: String,
    /// The matter's reference, when the person tied the feedback to one.
    pub matter_reference: Option<String>,
    /// The e-service's id, when the feedback is about one.
    pub service_id: Option<String>,
    /// `None` when no answer is wanted.
    pub reply: Option<SystemFeedbackReply>,
    /// The language to answer in, when known.
    pub language: Option<String>,
    /// Whether it was given while logged in (the identity is only kept when the person asked
    /// for an answer in Min sida or tied the feedback to a matter).
    pub logged_in: bool,
}

/// A page of feedback, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemFeedbackPage {
    pub items: Vec<SystemFeedback>,
    /// Give as `after` for the next page; `None` when this is the last one for now.
    pub next_after: Option<i64>,
}

/// Ratings 1–5 and their average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionCounts {
    pub count: u64,
    /// How many gave 1, 2, 3, 4 and 5.
    #[cfg_attr(feature = "openapi", schema(min_items = 5, max_items = 5))]
    pub distribution: Vec<u64>,
    /// The mean rating, two decimals; `None` without answers.
    pub average: Option<f64>,
}

/// The figures of one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekSatisfaction {
    /// ISO 8601 week, e.g. `2026-W48` (Swedish time).
    pub week: String,
    #[serde(flatten)]
    pub counts: SatisfactionCounts,
}

/// The figures of one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSatisfaction {
    /// `supplement_answer` (an answer to a request to supplement), `matter_message` (another
    /// message in a matter); e-services by their id.
    pub service: String,
    #[serde(flatten)]
    pub counts: SatisfactionCounts,
    /// Week by week, oldest first; weeks without answers are left out.
    pub weeks: Vec<WeekSatisfaction>,
}

/// `GET /api/system/v1/satisfaction`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionFigures {
    /// First day counted (Swedish time), `YYYY-MM-DD`.
    pub from: String,
    /// Last day counted.
    pub to: String,
    pub services: Vec<ServiceSatisfaction>,
}

/// One satisfaction answer with a free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionComment {
    pub id: i64,
    pub service: String,
    pub rating: u8,
    pub comment: String,
    /// ISO week of the answer (no finer time: the answer cannot be matched to a submission).
    pub week: String,
}

/// A page of satisfaction comments, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SatisfactionCommentPage {
    pub items: Vec<SatisfactionComment>,
    pub next_after: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> FeedbackRequest {
        FeedbackRequest {
            kind: Some(FeedbackKind::Suggestion),
            text: "  Bra sida ".into(),
            ..FeedbackRequest::default()
        }
    }

    fn codes(r: Result<CheckedFeedback, Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn feedback_is_trimmed_and_keeps_only_what_the_channel_needs() {
        let ok = request().validate(false).unwrap();
        assert_eq!(ok.text, "Bra sida");
        assert_eq!((ok.address, ok.name), (None, None));

        let mut by_mail = request();
        by_mail.reply = ReplyChannel::Email;
        by_mail.email = " Anna@Example.SE ".into();
        by_mail.phone = "070-123 45 67".into();
        by_mail.name = " Anna ".into();
        let ok = by_mail.validate(false).unwrap();
        assert_eq!(ok.address.as_deref(), Some("Anna@example.se"));
        assert_eq!(ok.name.as_deref(), Some("Anna"));

        // A name without a channel that needs one is not kept.
        let mut no_reply = request();
        no_reply.name = "Anna".into();
        assert_eq!(no_reply.validate(true).unwrap().name, None);
    }

    #[test]
    fn feedback_errors() {
        let empty = FeedbackRequest::default();
        assert_eq!(
            codes(empty.validate(true)),
            vec![
                ("kind".into(), FieldErrorCode::Required),
                ("text".into(), FieldErrorCode::Required)
            ]
        );
        let mut long = request();
        long.text = "a".repeat(MAX_FEEDBACK_CHARS + 1);
        assert_eq!(
            codes(long.validate(true)),
            vec![("text".into(), FieldErrorCode::TooLong)]
        );
        let mut anonymous = request();
        anonymous.reply = ReplyChannel::MinSida;
        anonymous.matter_id = Some(1);
        assert_eq!(
            codes(anonymous.validate(false)),
            vec![
                ("matter_id".into(), FieldErrorCode::InvalidValue),
                ("reply".into(), FieldErrorCode::InvalidValue)
            ]
        );
        assert!(anonymous.validate(true).is_ok());
        let mut phone = request();
        phone.reply = ReplyChannel::Phone;
        assert_eq!(
            codes(phone.validate(true)),
            vec![("phone".into(), FieldErrorCode::Required)]
        );
        let mut lang = request();
        lang.language = Some("de".into());
        assert_eq!(
            codes(lang.validate(true)),
            vec![("language".into(), FieldErrorCode::InvalidValue)]
        );
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(normalize_phone("070-123 45 67"), Ok("+46701234567".into()));
        assert_eq!(normalize_phone("08-123 456 78"), Ok("+46812345678".into()));
        assert_eq!(normalize_phone("+46 8 123 45 67"), Ok("+4681234567".into()));
        assert_eq!(
            normalize_phone("0046 31 12 34 56"),
            Ok("+4631123456".into())
        );
        assert_eq!(
            normalize_phone("+358 40 123 4567"),
            Ok("+358401234567".into())
        );
        assert_eq!(normalize_phone(""), Err(FieldErrorCode::Required));
        for bad in [
            "08-12",
            "123456789",
            "08-123 45 67 89 01",
            "tel 08123456",
            "00812345",
        ] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn satisfaction_answers() {
        let mut a = SatisfactionAnswer {
            receipt_number: "K-2026-AAAA-BBBB".into(),
            rating: 5,
            comment: String::new(),
        };
        assert!(a.validate().is_ok());
        a.rating = 0;
        a.comment = "x".repeat(MAX_SATISFACTION_COMMENT_CHARS + 1);
        let e = a.validate().unwrap_err();
        assert_eq!(e.len(), 2);
    }
}
