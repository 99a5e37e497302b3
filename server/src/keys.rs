//! Key rotation and the sealing of message bodies stored before bodies were encrypted.
//!
//! Rotation, with no downtime (every step keeps every instance able to read everything):
//! 1. give every instance the new key as an *old* key (`--old-document-key NEW`), so that each
//!    can unwrap what any other wraps next;
//! 2. make the new key active everywhere (`--document-key NEW --old-document-key OLD`);
//! 3. run `minsida-server --rewrap-keys` with the same settings, beside the running servers:
//!    [`rewrap`] wraps every data key of the old key again with the new one (the content is not
//!    re-encrypted) and rebuilds the message's blind search tokens under the new key;
//! 4. when it reports nothing left, remove the old key.
//!
//! Every row is changed by one conditional `UPDATE` (only if it is still under the key it was
//! read under), in batches of [`BATCH`] rows, so instances and several runs of the command may
//! work at once without losing a write; a run that stops half-way is simply run again.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row as _};

use crate::crypto::{self, KeyRing};
use crate::db::Pool;
use crate::messaging::drafts::{clear_part, draft_context};
use crate::messaging::{body_context, open_body, search};

/// Rows read and written per transaction.
pub const BATCH: i64 = 100;

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RewrapReport {
    /// Message bodies that were stored in clear and are now sealed.
    pub bodies_sealed: u64,
    /// Message bodies whose data key is now wrapped by the active key.
    pub bodies_rewrapped: u64,
    /// Documents whose data key is now wrapped by the active key.
    pub documents_rewrapped: u64,
    /// Drafts that were stored in clear and are now sealed.
    pub drafts_sealed: u64,
    /// Drafts whose data key is now wrapped by the active key.
    pub drafts_rewrapped: u64,
    /// Feedback and satisfaction comments whose data key is now wrapped by the active key.
    pub feedback_rewrapped: u64,
    /// E-service drafts and submitted answers whose data key is now wrapped by the active key.
    pub eservices_rewrapped: u64,
    /// Items that no known key opens (tampered, or of a key that is not configured): left as
    /// they are, as `message <id>` / `document <id>` / `draft <party id>:<matter id>` /
    /// `feedback <reference>` / `satisfaction <id>` / `eservice draft <party id>:<service id>` /
    /// `eservice submission <receipt number>`.
    pub failed: Vec<String>,
}

/// Go through the rows `select` finds, in batches of [`BATCH`] in id order: `select` has
/// `$1` = the last id seen, then `$2` = the active key's id when `active` is given, then the
/// batch size. `prepare` turns a row into an update (or nothing), outside any transaction;
/// `write` applies each update inside one write transaction per batch and says how many rows
/// it changed. Returns the rows changed in all.
async fn in_batches<U>(
    pool: &Pool,
    select: &str,
    active: Option<&str>,
    mut prepare: impl FnMut(&AnyRow) -> Result<Option<U>, sqlx::Error>,
    mut write: impl AsyncFnMut(&mut AnyConnection, U) -> Result<u64, sqlx::Error>,
) -> Result<u64, sqlx::Error> {
    let mut done = 0;
    let mut after = 0i64;
    loop {
        let mut query = sqlx::query(select).bind(after);
        if let Some(active) = active {
            query = query.bind(active);
        }
        let rows = query.bind(BATCH).fetch_all(pool).await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.try_get("id")?;
        let mut updates = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(update) = prepare(row)? {
                updates.push(update);
            }
        }
        let mut tx = crate::db::begin_write(pool).await?;
        for update in updates {
            done += write(&mut tx, update).await?;
        }
        tx.commit().await?;
    }
}

/// Seal the bodies that are still in clear (written before bodies were encrypted): the body
/// sealed with the active key, the plain column emptied, the search tokens made blind. The
/// server does this at every start; finding nothing to do is a lookup in a partial index
/// (`messages_plain_body_idx`), which is empty once everything is sealed.
pub async fn seal_plain_bodies(pool: &Pool, keys: &KeyRing) -> Result<u64, sqlx::Error> {
    in_batches(
        pool,
        "SELECT id, subject, body FROM messages \
         WHERE id > $1 AND body_sealed IS NULL ORDER BY id LIMIT $2",
        None,
        |row| {
            let id: i64 = row.try_get("id")?;
            let subject: String = row.try_get("subject")?;
            let body: String = row.try_get("body")?;
            Ok(Some((
                id,
                crypto::seal_text(keys.active(), &body_context(id), &body),
                search::index_text(keys.active(), &subject, &body),
            )))
        },
        async |tx, (id, sealed, index)| {
            let done = sqlx::query(
                "UPDATE messages SET body = '', body_sealed = $1, kek_id = $2, search_text = $3 \
                 WHERE id = $4 AND body_sealed IS NULL",
            )
            .bind(sealed)
            .bind(keys.active_id())
            .bind(index)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}

/// Everything under the active key: plain bodies and drafts sealed ([`seal_plain_bodies`],
/// [`seal_plain_drafts`]), then the bodies, documents and drafts of other keys wrapped again.
/// Items no known key opens are reported, not changed.
pub async fn rewrap(pool: &Pool, keys: &KeyRing) -> Result<RewrapReport, sqlx::Error> {
    let mut failed = Vec::new();
    let bodies_sealed = seal_plain_bodies(pool, keys).await?;
    let drafts_sealed = seal_plain_drafts(pool, keys).await?;
    let bodies_rewrapped = rewrap_bodies(pool, keys, &mut failed).await?;
    let documents_rewrapped = rewrap_documents(pool, keys, &mut failed).await?;
    let drafts_rewrapped = rewrap_drafts(pool, keys, &mut failed).await?;
    let feedback_rewrapped = rewrap_texts(pool, keys, &FEEDBACK_TEXTS, &mut failed).await?
        + rewrap_texts(pool, keys, &SATISFACTION_TEXTS, &mut failed).await?;
    let eservices_rewrapped = rewrap_texts(pool, keys, &ESERVICE_DRAFT_TEXTS, &mut failed).await?
        + rewrap_texts(pool, keys, &ESERVICE_ANSWER_TEXTS, &mut failed).await?;
    Ok(RewrapReport {
        bodies_sealed,
        bodies_rewrapped,
        documents_rewrapped,
        drafts_sealed,
        drafts_rewrapped,
        feedback_rewrapped,
        eservices_rewrapped,
        failed,
    })
}

/// A table of sealed texts, each bound to a context built from one of its columns.
struct SealedTexts {
    table: &'static str,
    /// The column (or expression of columns) the context is built from.
    key: &'static str,
    sealed: &'static str,
    context: fn(&str) -> String,
    /// How a failure is reported: `<label> <key>`.
    label: &'static str,
}

const FEEDBACK_TEXTS: SealedTexts = SealedTexts {
    table: "feedback",
    key: "reference",
    sealed: "content_sealed",
    context: crate::feedback::feedback_context,
    label: "feedback",
};

const SATISFACTION_TEXTS: SealedTexts = SealedTexts {
    table: "satisfaction",
    key: "submission_key",
    sealed: "comment_sealed",
    context: crate::feedback::comment_context,
    label: "satisfaction",
};

const ESERVICE_DRAFT_TEXTS: SealedTexts = SealedTexts {
    table: "eservice_drafts",
    key: "party_id || ':' || service_id",
    sealed: "answers_sealed",
    context: crate::eservices::draft_context_of,
    label: "eservice draft",
};

const ESERVICE_ANSWER_TEXTS: SealedTexts = SealedTexts {
    table: "eservice_submissions",
    key: "receipt_number",
    sealed: "answers_sealed",
    context: crate::eservices::submission_context,
    label: "eservice submission",
};

/// Wrap the data keys of a table's sealed texts of other keys again with the active key.
async fn rewrap_texts(
    pool: &Pool,
    keys: &KeyRing,
    texts: &SealedTexts,
    failed: &mut Vec<String>,
) -> Result<u64, sqlx::Error> {
    let SealedTexts {
        table,
        key,
        sealed: column,
        context,
        label,
    } = *texts;
    let update =
        format!("UPDATE {table} SET {column} = $1, kek_id = $2 WHERE id = $3 AND {column} = $4");
    in_batches(
        pool,
        &format!(
            "SELECT id, {key} AS context_key, {column} AS sealed FROM {table} \
             WHERE id > $1 AND {column} IS NOT NULL AND kek_id <> $2 ORDER BY id LIMIT $3"
        ),
        Some(keys.active_id()),
        |row| {
            let id: i64 = row.try_get("id")?;
            let context_key: String = row.try_get("context_key")?;
            let sealed: Vec<u8> = row.try_get("sealed")?;
            Ok(
                match crypto::rewrap_text(keys, &context(&context_key), &sealed) {
                    Ok(rewrapped) => Some((id, sealed, rewrapped)),
                    Err(_) => {
                        tracing::error!(table, id, "a sealed text that no known key opens");
                        failed.push(format!("{label} {context_key}"));
                        None
                    }
                },
            )
        },
        async |tx, (id, old, sealed)| {
            let done = sqlx::query(&update)
                .bind(sealed)
                .bind(keys.active_id())
                .bind(id)
                .bind(old)
                .execute(&mut *tx)
                .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}

async fn rewrap_bodies(
    pool: &Pool,
    keys: &KeyRing,
    failed: &mut Vec<String>,
) -> Result<u64, sqlx::Error> {
    in_batches(
        pool,
        "SELECT id, subject, body_sealed, kek_id FROM messages \
         WHERE id > $1 AND body_sealed IS NOT NULL AND kek_id <> $2 ORDER BY id LIMIT $3",
        Some(keys.active_id()),
        |row| {
            let id: i64 = row.try_get("id")?;
            let subject: String = row.try_get("subject")?;
            let sealed: Vec<u8> = row.try_get("body_sealed")?;
            let kek_id: String = row.try_get("kek_id")?;
            let opened = open_body(keys, id, String::new(), Some(&sealed))
                .and_then(|body| Ok((crypto::rewrap_text(keys, &body_context(id), &sealed)?, body)));
            Ok(match opened {
                Ok((rewrapped, body)) => Some((
                    id,
                    kek_id,
                    rewrapped,
                    search::index_text(keys.active(), &subject, &body),
                )),
                Err(_) => {
                    tracing::error!(message = id, kek = %kek_id, "a message body that no known key opens");
                    failed.push(format!("message {id}"));
                    None
                }
            })
        },
        async |tx, (id, old_kek, sealed, index)| {
            let done = sqlx::query(
                "UPDATE messages SET body_sealed = $1, kek_id = $2, search_text = $3 \
                 WHERE id = $4 AND kek_id = $5",
            )
            .bind(sealed)
            .bind(keys.active_id())
            .bind(index)
            .bind(id)
            .bind(old_kek)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}

async fn rewrap_documents(
    pool: &Pool,
    keys: &KeyRing,
    failed: &mut Vec<String>,
) -> Result<u64, sqlx::Error> {
    in_batches(
        pool,
        "SELECT id, storage_key, wrapped_key, key_nonce, kek_id FROM documents \
         WHERE id > $1 AND (kek_id IS NULL OR kek_id <> $2) ORDER BY id LIMIT $3",
        Some(keys.active_id()),
        |row| {
            let id: i64 = row.try_get("id")?;
            let storage_key: String = row.try_get("storage_key")?;
            let wrapped: Vec<u8> = row.try_get("wrapped_key")?;
            let nonce: Vec<u8> = row.try_get("key_nonce")?;
            let kek_id: Option<String> = row.try_get("kek_id")?;
            Ok(
                match crypto::rewrap_document(
                    keys,
                    kek_id.as_deref(),
                    &storage_key,
                    &wrapped,
                    &nonce,
                ) {
                    Ok(new) => Some((id, wrapped, new)),
                    Err(_) => {
                        tracing::error!(document = id, "a document key that no known key unwraps");
                        failed.push(format!("document {id}"));
                        None
                    }
                },
            )
        },
        async |tx, (id, old_wrapped, (wrapped, nonce, kek_id))| {
            let done = sqlx::query(
                "UPDATE documents SET wrapped_key = $1, key_nonce = $2, kek_id = $3 \
                 WHERE id = $4 AND wrapped_key = $5",
            )
            .bind(wrapped)
            .bind(nonce)
            .bind(kek_id)
            .bind(id)
            .bind(old_wrapped)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}

/// Seal the drafts still in clear (written before drafts were sealed), as
/// [`seal_plain_bodies`] does for bodies: the whole draft sealed, only its upload ids left in
/// clear. A draft that does not parse is left for its cleanup (it is never shown).
pub async fn seal_plain_drafts(pool: &Pool, keys: &KeyRing) -> Result<u64, sqlx::Error> {
    in_batches(
        pool,
        "SELECT id, person_id, matter_id, draft FROM drafts \
         WHERE id > $1 AND draft_sealed IS NULL ORDER BY id LIMIT $2",
        None,
        |row| {
            let id: i64 = row.try_get("id")?;
            let context = draft_context(row.try_get("person_id")?, row.try_get("matter_id")?);
            let json: String = row.try_get("draft")?;
            let Ok(draft) = serde_json::from_str::<minsida_api::terminal::Draft>(&json) else {
                return Ok(None);
            };
            let sealed = crypto::seal_text(keys.active(), &context, &json);
            Ok(Some((id, json, clear_part(&draft), sealed)))
        },
        async |tx, (id, old, clear, sealed)| {
            let done = sqlx::query(
                "UPDATE drafts SET draft = $1, draft_sealed = $2, kek_id = $3 \
                 WHERE id = $4 AND draft_sealed IS NULL AND draft = $5",
            )
            .bind(clear)
            .bind(sealed)
            .bind(keys.active_id())
            .bind(id)
            .bind(old)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}

async fn rewrap_drafts(
    pool: &Pool,
    keys: &KeyRing,
    failed: &mut Vec<String>,
) -> Result<u64, sqlx::Error> {
    in_batches(
        pool,
        "SELECT id, person_id, matter_id, draft_sealed, kek_id FROM drafts \
         WHERE id > $1 AND draft_sealed IS NOT NULL AND kek_id <> $2 ORDER BY id LIMIT $3",
        Some(keys.active_id()),
        |row| {
            let id: i64 = row.try_get("id")?;
            let (person, matter): (i64, i64) = (row.try_get("person_id")?, row.try_get("matter_id")?);
            let sealed: Vec<u8> = row.try_get("draft_sealed")?;
            Ok(match crypto::rewrap_text(keys, &draft_context(person, matter), &sealed) {
                Ok(rewrapped) => Some((id, sealed, rewrapped)),
                Err(_) => {
                    tracing::error!(draft = id, "a draft that no known key opens");
                    failed.push(format!("draft {person}:{matter}"));
                    None
                }
            })
        },
        // Only if the person has not saved the draft again meanwhile.
        async |tx, (id, old, sealed)| {
            let done = sqlx::query(
                "UPDATE drafts SET draft_sealed = $1, kek_id = $2 WHERE id = $3 AND draft_sealed = $4",
            )
            .bind(sealed)
            .bind(keys.active_id())
            .bind(id)
            .bind(old)
            .execute(&mut *tx)
            .await?;
            Ok(done.rows_affected())
        },
    )
    .await
}
