//! Notices (never the content) by e-mail and SMS, their log, and how the addresses are masked
//! in it.

use serde::{Deserialize, Serialize};

/// How a notice is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    Email,
    Sms,
}

impl NoticeChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeChannel::Email => "email",
            NoticeChannel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [NoticeChannel::Email, NoticeChannel::Sms]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// What a notice was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticePurpose {
    /// Something new arrived in the mailbox.
    NewMessage,
    /// A one-time code to verify the address or number.
    VerificationCode,
}

impl NoticePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticePurpose::NewMessage => "new_message",
            NoticePurpose::VerificationCode => "verification_code",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [NoticePurpose::NewMessage, NoticePurpose::VerificationCode]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Delivery state of a notice in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Waiting for its first attempt.
    Pending,
    /// An attempt failed; it will be tried again later.
    Retrying,
    /// Handed over to the mail server or SMS provider.
    Sent,
    /// Given up (permanent error, too many attempts, or interrupted while sending and not
    /// retried so that it is never sent twice).
    Failed,
}

impl NoticeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Pending => "pending",
            NoticeStatus::Retrying => "retrying",
            NoticeStatus::Sent => "sent",
            NoticeStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            NoticeStatus::Pending,
            NoticeStatus::Retrying,
            NoticeStatus::Sent,
            NoticeStatus::Failed,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// One notice sent (or to be sent) to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeLogEntry {
    pub id: i64,
    pub channel: NoticeChannel,
    pub purpose: NoticePurpose,
    pub status: NoticeStatus,
    /// Address or number, partly masked (e.g. `a***@example.se`, `+4670*****67`).
    pub to: String,
    /// RFC 3339: when it was queued.
    pub created_at: String,
    /// RFC 3339: when it was handed over; absent until sent.
    pub sent_at: Option<String>,
    pub attempts: u32,
}

/// `GET /api/me/notices`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeLog {
    pub entries: Vec<NoticeLogEntry>,
}

/// Mask an e-mail address for display: first character of the local part, then `***`.
pub fn mask_email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Mask a phone number for display: the first five and the last two characters kept.
pub fn mask_mobile(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "***".into();
    }
    let head: String = chars[..5].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}*****{tail}")
}
