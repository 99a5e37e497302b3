//! Channel preferences ("Kontaktval"): the person's saved choices, which contact details are
//! verified, and the history of changes. The rules themselves are in
//! [`minsida_api::channels`], shared with the SPA.
//!
//! The choices are stored as one JSON document per person (`channel_prefs`). A saved choice
//! that needs a verified detail stays saved when that detail changes (and so is no longer
//! verified), but it is not used until the new detail is verified:
//! [`ChannelPrefs::notices_for`] is always asked with the current verification state.

pub mod verification;

use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ContactVerification, LetterLanguage, PreferenceChange,
    PreferenceHistoryEntry, Verified, VerifyTarget,
};
use minsida_api::FieldError;
use sqlx::AnyConnection;

use crate::auth::session::format_unix;

/// Most entries the history shows.
pub const HISTORY_LIMIT: i64 = 200;

/// The person's contact details and when each was verified.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactState {
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub email_verified_at: Option<i64>,
    pub mobile_verified_at: Option<i64>,
}

impl ContactState {
    /// The current address or number of `target`.
    pub fn address(&self, target: VerifyTarget) -> Option<&str> {
        match target {
            VerifyTarget::Email => self.email.as_deref(),
            VerifyTarget::Mobile => self.mobile.as_deref(),
        }
    }

    /// When the current address of `target` was verified; `None` without an address.
    pub fn verified_at(&self, target: VerifyTarget) -> Option<i64> {
        self.address(target)?;
        match target {
            VerifyTarget::Email => self.email_verified_at,
            VerifyTarget::Mobile => self.mobile_verified_at,
        }
    }

    pub fn verified(&self) -> Verified {
        Verified {
            email: self.verified_at(VerifyTarget::Email).is_some(),
            mobile: self.verified_at(VerifyTarget::Mobile).is_some(),
        }
    }
}

/// Name of the column holding when `target` was verified.
fn verified_column(target: VerifyTarget) -> &'static str {
    match target {
        VerifyTarget::Email => "email_verified_at",
        VerifyTarget::Mobile => "mobile_verified_at",
    }
}

/// The person's contact details (all absent when never given).
pub async fn contact_state(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<ContactState, sqlx::Error> {
    let row: Option<ContactState> = sqlx::query_as(
        "SELECT email, mobile, email_verified_at, mobile_verified_at FROM contact_details \
         WHERE person_id = $1",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Mark the current address of `target` verified.
pub async fn set_verified(
    conn: &mut AnyConnection,
    person_id: i64,
    target: VerifyTarget,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE contact_details SET {} = $1 WHERE person_id = $2",
        verified_column(target)
    ))
    .bind(now)
    .bind(person_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// After the contact details were replaced: every detail whose value changed is no longer
/// verified, its pending code is void, and if it had been verified the history says so.
/// `old` is the state before the change.
pub async fn contact_changed(
    conn: &mut AnyConnection,
    person_id: i64,
    old: &ContactState,
    email: Option<&str>,
    mobile: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for (target, new) in [(VerifyTarget::Email, email), (VerifyTarget::Mobile, mobile)] {
        if old.address(target) == new {
            continue;
        }
        sqlx::query(&format!(
            "UPDATE contact_details SET {} = NULL WHERE person_id = $1",
            verified_column(target)
        ))
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
        verification::discard(conn, person_id, target).await?;
        if old.verified_at(target).is_some() {
            record_change(
                conn,
                person_id,
                now,
                &PreferenceChange::VerificationCleared { target },
            )
            .await?;
        }
    }
    Ok(())
}

/// The saved choices, or the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPrefs {
    pub prefs: ChannelPrefs,
    /// When saved; `None` when never saved (the defaults apply).
    pub updated_at: Option<i64>,
}

/// The person's choices: the saved ones, else the defaults with the letter language taken
/// from the interface language the person keeps in their profile (every interface language is
/// also a letter language), else Swedish.
pub async fn load_prefs(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<SavedPrefs, sqlx::Error> {
    let mut saved = load_saved_prefs(conn, person_id).await?;
    if saved.updated_at.is_none() {
        if let Some(lang) = crate::accessibility::profile_language(conn, person_id)
            .await?
            .as_deref()
            .and_then(LetterLanguage::parse)
        {
            saved.prefs.letter_language = lang;
        }
    }
    Ok(saved)
}

/// The person's saved choices, or the plain defaults; without [`load_prefs`]'s look-up of the
/// profile's language, for callers to whom the letter language of the defaults does not matter
/// (the defaults send no notices). A stored document that no longer parses is logged and
/// treated as never saved: the defaults (everything to the mailbox, no notices) are the safe
/// reading.
pub async fn load_saved_prefs(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<SavedPrefs, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT prefs, updated_at FROM channel_prefs WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((json, updated_at)) = row {
        match serde_json::from_str::<ChannelPrefs>(&json) {
            Ok(prefs) => {
                return Ok(SavedPrefs {
                    prefs,
                    updated_at: Some(updated_at),
                })
            }
            Err(error) => tracing::warn!(
                person_id,
                %error,
                "stored channel preferences no longer parse; using the defaults"
            ),
        }
    }
    Ok(SavedPrefs {
        prefs: ChannelPrefs::default(),
        updated_at: None,
    })
}

/// Validate `prefs` against the current verification state and save them. Writes one history
/// entry per change. Returns the changes, or every field error (nothing is written then).
pub async fn save_prefs(
    conn: &mut AnyConnection,
    person_id: i64,
    prefs: &ChannelPrefs,
    now: i64,
) -> Result<Result<Vec<PreferenceChange>, Vec<FieldError>>, sqlx::Error> {
    let contact = contact_state(conn, person_id).await?;
    let prefs = match prefs.validate(contact.verified()) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(errors)),
    };
    let old = load_prefs(conn, person_id).await?;
    let json = serde_json::to_string(&prefs).expect("preferences serialise");
    sqlx::query(
        "INSERT INTO channel_prefs (person_id, prefs, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET prefs = excluded.prefs, \
         updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(json)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let changes = PreferenceChange::between(&old.prefs, &prefs);
    for change in &changes {
        record_change(conn, person_id, now, change).await?;
    }
    Ok(Ok(changes))
}

/// Append one entry to the history.
pub async fn record_change(
    conn: &mut AnyConnection,
    person_id: i64,
    at: i64,
    change: &PreferenceChange,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO channel_pref_history (person_id, at, change) VALUES ($1, $2, $3)")
        .bind(person_id)
        .bind(at)
        .bind(serde_json::to_string(change).expect("a change serialises"))
        .execute(conn)
        .await?;
    Ok(())
}

/// The history, newest first, at most [`HISTORY_LIMIT`] entries. Entries of a kind this
/// version no longer knows are skipped.
pub async fn history(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<Vec<PreferenceHistoryEntry>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at, change FROM channel_pref_history WHERE person_id = $1 \
         ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(person_id)
    .bind(HISTORY_LIMIT)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(at, json)| match serde_json::from_str(&json) {
            Ok(change) => Some(PreferenceHistoryEntry {
                at: format_unix(at),
                change,
            }),
            Err(error) => {
                tracing::warn!(person_id, %error, "skipping an unreadable history entry");
                None
            }
        })
        .collect())
}

/// Verification state of one detail, with the code that can be entered now, if any.
pub async fn contact_verification(
    conn: &mut AnyConnection,
    person_id: i64,
    contact: &ContactState,
    target: VerifyTarget,
    now: i64,
) -> Result<ContactVerification, sqlx::Error> {
    let address = contact.address(target);
    Ok(ContactVerification {
        target,
        address: address.map(str::to_string),
        verified_at: contact.verified_at(target).map(format_unix),
        pending: verification::pending(conn, person_id, target, address, now).await?,
    })
}

/// Everything `GET /api/me/channels` shows.
pub async fn settings(
    conn: &mut AnyConnection,
    person_id: i64,
    now: i64,
) -> Result<ChannelSettings, sqlx::Error> {
    let saved = load_prefs(conn, person_id).await?;
    let contact = contact_state(conn, person_id).await?;
    Ok(ChannelSettings {
        is_default: saved.updated_at.is_none(),
        updated_at: saved.updated_at.map(format_unix),
        prefs: saved.prefs,
        email: contact_verification(conn, person_id, &contact, VerifyTarget::Email, now).await?,
        mobile: contact_verification(conn, person_id, &contact, VerifyTarget::Mobile, now).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_is_verified_only_with_an_address_and_a_time() {
        let c = ContactState {
            email: Some("a@b.se".into()),
            mobile: None,
            email_verified_at: Some(5),
            mobile_verified_at: Some(6),
        };
        assert_eq!(
            c.verified(),
            Verified {
                email: true,
                mobile: false
            }
        );
        assert_eq!(c.verified_at(VerifyTarget::Email), Some(5));
        assert_eq!(
            c.verified_at(VerifyTarget::Mobile),
            None,
            "no number, nothing verified"
        );
        assert_eq!(c.address(VerifyTarget::Mobile), None);
        assert_eq!(ContactState::default().verified(), Verified::default());
    }
}
