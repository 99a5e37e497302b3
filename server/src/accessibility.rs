//! The person's saved accessibility and language preferences (`accessibility_prefs`).
//!
//! Stored as one JSON document per person, so that a field added to
//! [`AccessibilityPrefs`] needs no migration: every field has a serde default and older
//! documents still read. A document that no longer parses at all is treated as never saved
//! (and logged), never as an error: the person's device choices then apply.

use crate::db::Pool;
use minsida_api::a11y::{AccessibilityPrefs, StoredAccessibilityPrefs};
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::persons::Access;

/// What the database holds for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stored {
    /// No row: never saved.
    None,
    /// A row whose JSON no longer parses.
    Unreadable,
    /// Readable preferences and when they were saved (unix seconds).
    Saved(AccessibilityPrefs, i64),
}

impl Stored {
    fn into_api(self) -> StoredAccessibilityPrefs {
        match self {
            Stored::Saved(prefs, at) => StoredAccessibilityPrefs {
                prefs: Some(prefs),
                updated_at: Some(format_unix(at)),
            },
            Stored::None | Stored::Unreadable => StoredAccessibilityPrefs {
                prefs: None,
                updated_at: None,
            },
        }
    }

    /// For the audit trail: what there was before a save.
    fn kind(&self) -> &'static str {
        match self {
            Stored::None => "none",
            Stored::Unreadable => "unreadable",
            Stored::Saved(..) => "saved",
        }
    }
}

/// Parse a stored document. A language no longer offered is dropped (the device's choice
/// then applies) rather than losing the other preferences.
fn parse(person_id: i64, json: &str, updated_at: i64) -> Stored {
    match serde_json::from_str::<AccessibilityPrefs>(json) {
        Ok(mut prefs) => {
            if prefs.validate().is_err() {
                tracing::warn!(
                    person_id,
                    "stored accessibility preferences have an unsupported language; ignoring it"
                );
                prefs.language = None;
            }
            Stored::Saved(prefs, updated_at)
        }
        Err(error) => {
            tracing::warn!(
                person_id,
                %error,
                "stored accessibility preferences no longer parse; treating them as never saved"
            );
            Stored::Unreadable
        }
    }
}

async fn fetch(conn: &mut AnyConnection, person_id: i64) -> Result<Stored, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT prefs, updated_at FROM accessibility_prefs WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match row {
        None => Stored::None,
        Some((json, updated_at)) => parse(person_id, &json, updated_at),
    })
}

/// The interface language the person chose and keeps in their profile, if any.
pub async fn profile_language(
    conn: &mut AnyConnection,
    person_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    Ok(match fetch(conn, person_id).await? {
        Stored::Saved(prefs, _) => prefs.language,
        Stored::None | Stored::Unreadable => None,
    })
}

/// The subject's saved preferences; `prefs` and `updated_at` are absent if never saved.
pub async fn load(pool: &Pool, access: &Access) -> Result<StoredAccessibilityPrefs, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    Ok(fetch(&mut conn, access.subject()).await?.into_api())
}

/// Names of the fields whose values differ, sorted. Compares the wire form, so a field added
/// to [`AccessibilityPrefs`] is covered without touching this.
fn changed_fields(old: &AccessibilityPrefs, new: &AccessibilityPrefs) -> Vec<String> {
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(field, value)| old.get(*field) != Some(*value))
        .map(|(field, _)| field.clone())
        .collect();
    changed.sort();
    changed
}

/// Replace the subject's preferences with already validated ones. Returns what is now
/// stored and an audit summary (`previous`: `none`, `saved` or `unreadable`; `changed`: the
/// names of the fields that differ from before, or from the defaults if nothing readable was
/// saved), never the values. Runs on the caller's connection so that the change and its
/// audit event share one transaction.
pub async fn replace(
    conn: &mut AnyConnection,
    access: &Access,
    prefs: &AccessibilityPrefs,
    now: i64,
) -> Result<(StoredAccessibilityPrefs, serde_json::Value), sqlx::Error> {
    let old = fetch(conn, access.subject()).await?;
    let json = serde_json::to_string(prefs).expect("preferences serialise");
    sqlx::query(
        "INSERT INTO accessibility_prefs (person_id, prefs, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET prefs = excluded.prefs, \
         updated_at = excluded.updated_at",
    )
    .bind(access.subject())
    .bind(json)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let changed = match &old {
        Stored::Saved(old_prefs, _) => changed_fields(old_prefs, prefs),
        Stored::None | Stored::Unreadable => changed_fields(&AccessibilityPrefs::default(), prefs),
    };
    let summary = serde_json::json!({ "previous": old.kind(), "changed": changed });
    Ok((Stored::Saved(prefs.clone(), now).into_api(), summary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::a11y::{TextSize, Theme};

    #[test]
    fn changed_fields_names_only_the_differences() {
        let base = AccessibilityPrefs::default();
        assert!(changed_fields(&base, &base).is_empty());
        let new = AccessibilityPrefs {
            theme: Theme::Dark,
            text_size: TextSize::Large,
            language: Some("en".into()),
            ..Default::default()
        };
        assert_eq!(
            changed_fields(&base, &new),
            ["language", "text_size", "theme"]
        );
    }

    #[test]
    fn stored_documents_are_read_leniently() {
        assert_eq!(
            parse(1, r#"{"theme":"dark","unknown":1}"#, 5),
            Stored::Saved(
                AccessibilityPrefs {
                    theme: Theme::Dark,
                    ..Default::default()
                },
                5
            )
        );
        assert_eq!(parse(1, r#"{"theme":"purple"}"#, 5), Stored::Unreadable);
        assert_eq!(parse(1, "not json", 5), Stored::Unreadable);
        assert_eq!(
            parse(1, r#"{"language":"xx","easy_read":true}"#, 5),
            Stored::Saved(
                AccessibilityPrefs {
                    easy_read: true,
                    ..Default::default()
                },
                5
            )
        );
    }
}
