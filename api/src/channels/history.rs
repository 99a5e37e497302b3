//! The history of the person's changes to their choices.

use serde::{Deserialize, Serialize};

use super::{ChannelPrefs, ContactChannel, LetterLanguage, PhoneTime, VerifyTarget};
use crate::messages::MatterCategory;

/// One change in the history of the choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PreferenceChange {
    Channel {
        category: MatterCategory,
        from: ContactChannel,
        to: ContactChannel,
    },
    EmailNotice {
        category: MatterCategory,
        on: bool,
    },
    SmsNotice {
        category: MatterCategory,
        on: bool,
    },
    PaperOptOut {
        on: bool,
    },
    LetterLanguage {
        from: LetterLanguage,
        to: LetterLanguage,
    },
    PhoneTimes {
        to: Vec<PhoneTime>,
    },
    /// An e-mail address or mobile number was verified.
    Verified {
        target: VerifyTarget,
    },
    /// The address or number changed, so it is no longer verified.
    VerificationCleared {
        target: VerifyTarget,
    },
}

impl PreferenceChange {
    /// Every change between two (normalised) sets of choices, in a stable order.
    pub fn between(old: &ChannelPrefs, new: &ChannelPrefs) -> Vec<PreferenceChange> {
        let mut out = Vec::new();
        for category in MatterCategory::ALL {
            let (a, b) = (old.kind(category), new.kind(category));
            if a.channel != b.channel {
                out.push(PreferenceChange::Channel {
                    category,
                    from: a.channel,
                    to: b.channel,
                });
            }
            if a.notify_email != b.notify_email {
                out.push(PreferenceChange::EmailNotice {
                    category,
                    on: b.notify_email,
                });
            }
            if a.notify_sms != b.notify_sms {
                out.push(PreferenceChange::SmsNotice {
                    category,
                    on: b.notify_sms,
                });
            }
        }
        if old.paper_opt_out != new.paper_opt_out {
            out.push(PreferenceChange::PaperOptOut {
                on: new.paper_opt_out,
            });
        }
        if old.letter_language != new.letter_language {
            out.push(PreferenceChange::LetterLanguage {
                from: old.letter_language,
                to: new.letter_language,
            });
        }
        if old.phone_times != new.phone_times {
            out.push(PreferenceChange::PhoneTimes {
                to: new.phone_times.clone(),
            });
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferenceHistoryEntry {
    /// RFC 3339.
    pub at: String,
    pub change: PreferenceChange,
}

/// `GET /api/me/channels/history`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferenceHistory {
    pub entries: Vec<PreferenceHistoryEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs() -> ChannelPrefs {
        ChannelPrefs::default()
    }

    #[test]
    fn history_lists_each_change() {
        let old = prefs();
        let mut new = prefs();
        new.kinds[0].channel = ContactChannel::Paper;
        new.kinds[0].notify_email = true;
        new.letter_language = LetterLanguage::En;
        let changes = PreferenceChange::between(&old, &new);
        assert_eq!(changes.len(), 3);
        assert_eq!(
            serde_json::to_value(&changes[0]).unwrap(),
            serde_json::json!({"type": "channel", "category": "recurring", "from": "mailbox", "to": "paper"})
        );
        assert!(PreferenceChange::between(&new, &new).is_empty());
    }
}
