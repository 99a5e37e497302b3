//! Channel preferences ("Kontaktval"): how the agency contacts the person per kind of
//! matter, notices (never the content) by e-mail and SMS to verified contact details, the
//! history of changes and the log of notices sent.
//!
//! The rules live here so that the SPA and the server apply the same ones; the server runs
//! them again on every save.
//!
//! This module holds the choices and their rules; `verification` the one-time codes that
//! verify an e-mail address or mobile number, `history` the history of changes and `notices`
//! the notices and their log. All are re-exported from here.

mod history;
mod notices;
mod verification;

use serde::{Deserialize, Serialize};

use crate::messages::MatterCategory;
use crate::{FieldError, FieldErrorCode};

pub use history::{PreferenceChange, PreferenceHistory, PreferenceHistoryEntry};
pub use notices::{
    mask_email, mask_mobile, NoticeChannel, NoticeLog, NoticeLogEntry, NoticePurpose, NoticeStatus,
};
pub use verification::{
    normalize_code, ConfirmVerification, ContactVerification, PendingCode, StartVerification,
    VerifyTarget, CODE_LENGTH,
};

/// How the agency contacts the person about a kind of matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    /// The Min sida digital mailbox.
    #[default]
    Mailbox,
    /// A paper letter to the registered (or special postal) address.
    Paper,
    /// A phone call to the verified mobile number, at the preferred times.
    Phone,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 3] = [
        ContactChannel::Mailbox,
        ContactChannel::Paper,
        ContactChannel::Phone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Mailbox => "mailbox",
            ContactChannel::Paper => "paper",
            ContactChannel::Phone => "phone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Language of letters, messages and notices from the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterLanguage {
    #[default]
    Sv,
    En,
    /// Finnish, a national minority language.
    Fi,
    Ar,
}

impl LetterLanguage {
    pub const ALL: [LetterLanguage; 4] = [
        LetterLanguage::Sv,
        LetterLanguage::En,
        LetterLanguage::Fi,
        LetterLanguage::Ar,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LetterLanguage::Sv => "sv",
            LetterLanguage::En => "en",
            LetterLanguage::Fi => "fi",
            LetterLanguage::Ar => "ar",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Preferred time of day for phone calls, on weekdays. No choice means any time during the
/// agency's phone hours (08–16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhoneTime {
    /// 08–10.
    Morning,
    /// 10–13.
    Midday,
    /// 13–16.
    Afternoon,
}

impl PhoneTime {
    pub const ALL: [PhoneTime; 3] = [PhoneTime::Morning, PhoneTime::Midday, PhoneTime::Afternoon];

    pub fn as_str(self) -> &'static str {
        match self {
            PhoneTime::Morning => "morning",
            PhoneTime::Midday => "midday",
            PhoneTime::Afternoon => "afternoon",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The choices for one kind of matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindPreference {
    pub category: MatterCategory,
    pub channel: ContactChannel,
    /// A notice (never the content) by e-mail when something new arrives in the mailbox.
    pub notify_email: bool,
    /// A notice (never the content) by SMS when something new arrives in the mailbox.
    pub notify_sms: bool,
}

impl KindPreference {
    pub const fn default_for(category: MatterCategory) -> Self {
        Self {
            category,
            channel: ContactChannel::Mailbox,
            notify_email: false,
            notify_sms: false,
        }
    }
}

/// Everything the person chooses about how the agency reaches them.
///
/// `GET /api/me/channels` returns it inside [`ChannelSettings`]; `PUT /api/me/channels`
/// replaces it (after [`ChannelPrefs::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelPrefs {
    /// Exactly one entry per [`MatterCategory`]; the server returns them in
    /// `MatterCategory::ALL` order.
    pub kinds: Vec<KindPreference>,
    /// No paper letters at all: everything arrives in the digital mailbox.
    pub paper_opt_out: bool,
    pub letter_language: LetterLanguage,
    /// Preferred times for phone calls; empty means any time during phone hours. Sorted,
    /// without repeats, once normalised.
    pub phone_times: Vec<PhoneTime>,
}

impl Default for ChannelPrefs {
    /// What applies to a person who never chose anything: everything arrives in the Min sida
    /// mailbox, no e-mail or SMS notices (there is no verified address yet), paper letters
    /// are not opted out (decisions that the law requires on paper still come on paper),
    /// Swedish, any time of day.
    fn default() -> Self {
        Self {
            kinds: MatterCategory::ALL
                .iter()
                .map(|c| KindPreference::default_for(*c))
                .collect(),
            paper_opt_out: false,
            letter_language: LetterLanguage::Sv,
            phone_times: Vec::new(),
        }
    }
}

/// Which of the person's contact details are verified (the rules need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verified {
    pub email: bool,
    pub mobile: bool,
}

impl ChannelPrefs {
    /// The choice for one kind of matter (the default if missing).
    pub fn kind(&self, category: MatterCategory) -> KindPreference {
        self.kinds
            .iter()
            .find(|k| k.category == category)
            .copied()
            .unwrap_or(KindPreference::default_for(category))
    }

    /// Name of the field of one kind's control in error reports: `kinds.<category>.<name>`.
    pub fn field(category: MatterCategory, name: &str) -> String {
        format!("kinds.{}.{}", category.as_str(), name)
    }

    /// Check the rules and normalise (kinds in `MatterCategory::ALL` order, phone times
    /// sorted without repeats). Returns every problem at once:
    /// - `kinds`: `invalid_value` unless there is exactly one entry per kind of matter;
    /// - `kinds.<c>.channel`: `paper_opted_out` for paper while paper is opted out,
    ///   `mobile_not_verified` for phone without a verified mobile number;
    /// - `kinds.<c>.notify_email`: `email_not_verified`;
    /// - `kinds.<c>.notify_sms`: `mobile_not_verified`.
    pub fn validate(&self, verified: Verified) -> Result<ChannelPrefs, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut push = |field: String, code| errors.push(FieldError { field, code });
        let complete = self.kinds.len() == MatterCategory::ALL.len()
            && MatterCategory::ALL
                .iter()
                .all(|c| self.kinds.iter().filter(|k| k.category == *c).count() == 1);
        if !complete {
            push("kinds".into(), FieldErrorCode::InvalidValue);
        }
        for category in MatterCategory::ALL {
            let Some(k) = self.kinds.iter().find(|k| k.category == category) else {
                continue;
            };
            if k.channel == ContactChannel::Paper && self.paper_opt_out {
                push(
                    Self::field(category, "channel"),
                    FieldErrorCode::PaperOptedOut,
                );
            }
            if k.channel == ContactChannel::Phone && !verified.mobile {
                push(
                    Self::field(category, "channel"),
                    FieldErrorCode::MobileNotVerified,
                );
            }
            if k.notify_email && !verified.email {
                push(
                    Self::field(category, "notify_email"),
                    FieldErrorCode::EmailNotVerified,
                );
            }
            if k.notify_sms && !verified.mobile {
                push(
                    Self::field(category, "notify_sms"),
                    FieldErrorCode::MobileNotVerified,
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut phone_times = self.phone_times.clone();
        phone_times.sort();
        phone_times.dedup();
        Ok(ChannelPrefs {
            kinds: MatterCategory::ALL.iter().map(|c| self.kind(*c)).collect(),
            paper_opt_out: self.paper_opt_out,
            letter_language: self.letter_language,
            phone_times,
        })
    }

    /// The notices to send when something new arrives in a matter of this kind, given which
    /// details are verified now (an address that changed after the choice is not used).
    pub fn notices_for(&self, category: MatterCategory, verified: Verified) -> Vec<NoticeChannel> {
        let k = self.kind(category);
        let mut out = Vec::new();
        if k.notify_email && verified.email {
            out.push(NoticeChannel::Email);
        }
        if k.notify_sms && verified.mobile {
            out.push(NoticeChannel::Sms);
        }
        out
    }
}

/// `GET`/`PUT /api/me/channels`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelSettings {
    /// The saved choices, or the defaults when `is_default`.
    pub prefs: ChannelPrefs,
    /// True when the person has never saved any choice.
    pub is_default: bool,
    /// RFC 3339; absent when never saved.
    pub updated_at: Option<String>,
    pub email: ContactVerification,
    pub mobile: ContactVerification,
}

impl ChannelSettings {
    pub fn verified(&self) -> Verified {
        Verified {
            email: self.email.is_verified(),
            mobile: self.mobile.is_verified(),
        }
    }
}

/// `GET /api/system/v1/persons/{personal_number}/channel-preferences`: what a case officer or
/// a mailing system asks. No addresses: only the choices and what is verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemChannelPreferences {
    pub personal_number: String,
    pub prefs: ChannelPrefs,
    pub is_default: bool,
    /// RFC 3339; absent when never saved.
    pub updated_at: Option<String>,
    pub email_verified: bool,
    pub mobile_verified: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs() -> ChannelPrefs {
        ChannelPrefs::default()
    }

    #[test]
    fn defaults_are_mailbox_for_every_kind_without_notices() {
        let p = prefs();
        assert_eq!(p.kinds.len(), MatterCategory::ALL.len());
        assert!(p
            .kinds
            .iter()
            .all(|k| k.channel == ContactChannel::Mailbox && !k.notify_email && !k.notify_sms));
        assert_eq!(p.validate(Verified::default()), Ok(p.clone()));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["kinds"][1]["category"], "life_event");
        assert_eq!(json["kinds"][1]["channel"], "mailbox");
        assert_eq!(json["letter_language"], "sv");
    }

    #[test]
    fn rules_report_every_problem() {
        let mut p = prefs();
        p.paper_opt_out = true;
        p.kinds[0].channel = ContactChannel::Paper;
        p.kinds[1].channel = ContactChannel::Phone;
        p.kinds[2].notify_email = true;
        p.kinds[3].notify_sms = true;
        let errors = p.validate(Verified::default()).unwrap_err();
        let got: Vec<(&str, FieldErrorCode)> =
            errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            vec![
                ("kinds.recurring.channel", FieldErrorCode::PaperOptedOut),
                (
                    "kinds.life_event.channel",
                    FieldErrorCode::MobileNotVerified
                ),
                (
                    "kinds.ongoing.notify_email",
                    FieldErrorCode::EmailNotVerified
                ),
                ("kinds.other.notify_sms", FieldErrorCode::MobileNotVerified),
            ]
        );
        let ok = p.validate(Verified {
            email: true,
            mobile: true,
        });
        assert_eq!(
            ok.unwrap_err().len(),
            1,
            "paper while opted out stays wrong"
        );
    }

    #[test]
    fn kinds_must_be_complete_and_unique_and_are_normalised() {
        let mut p = prefs();
        p.kinds.pop();
        assert_eq!(
            p.validate(Verified::default()).unwrap_err()[0].field,
            "kinds"
        );
        let mut p = prefs();
        p.kinds[3] = p.kinds[0];
        assert_eq!(
            p.validate(Verified::default()).unwrap_err()[0].field,
            "kinds"
        );
        let mut p = prefs();
        p.kinds.reverse();
        p.phone_times = vec![
            PhoneTime::Afternoon,
            PhoneTime::Morning,
            PhoneTime::Afternoon,
        ];
        let n = p.validate(Verified::default()).unwrap();
        assert_eq!(n.kinds[0].category, MatterCategory::Recurring);
        assert_eq!(
            n.phone_times,
            vec![PhoneTime::Morning, PhoneTime::Afternoon]
        );
    }

    #[test]
    fn notices_only_go_to_verified_details() {
        let mut p = prefs();
        p.kinds[2].notify_email = true;
        p.kinds[2].notify_sms = true;
        let both = Verified {
            email: true,
            mobile: true,
        };
        assert_eq!(
            p.notices_for(MatterCategory::Ongoing, both),
            vec![NoticeChannel::Email, NoticeChannel::Sms]
        );
        assert_eq!(
            p.notices_for(
                MatterCategory::Ongoing,
                Verified {
                    email: false,
                    mobile: true
                }
            ),
            vec![NoticeChannel::Sms]
        );
        assert!(p.notices_for(MatterCategory::Other, both).is_empty());
    }

    #[test]
    fn codes_and_masks() {
        assert_eq!(normalize_code(" 123 456 "), Some("123456".into()));
        assert_eq!(normalize_code("123-456"), Some("123456".into()));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("12345a"), None);
        assert_eq!(normalize_code("１２３４５６"), None, "only ASCII digits");
        assert_eq!(mask_email("anna.svensson@example.se"), "a***@example.se");
        assert_eq!(mask_mobile("+46701234567"), "+4670*****67");
    }
}
