//! Documents: encrypted storage, integrity-checked download, and the cleanup of pending
//! uploads.
//!
//! Storing is two-phase: [`seal_and_store`] encrypts and writes the ciphertext to the
//! [`crate::store::DocumentStore`], then [`insert`] records the row inside the caller's
//! transaction. If the transaction fails the caller calls [`discard`]; a ciphertext without a
//! row can never be served.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minsida_api::messages::{AcceptedFileType, DocumentInfo};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sqlx::AnyConnection;

use crate::crypto::{self, Sealed};
use crate::error::ApiError;
use crate::store::new_storage_key;
use crate::AppState;

/// How long an upload may wait to be sent before the cleanup job deletes it: 24 hours.
pub const PENDING_UPLOAD_LIFETIME_SECS: i64 = 24 * 60 * 60;

/// Columns of [`DocumentRow`] from `documents d`.
pub const DOCUMENT_COLUMNS: &str = "d.id, d.person_id, d.message_id, d.storage_key, \
     d.file_name, d.content_type, d.size, d.sha256, d.nonce, d.wrapped_key, d.key_nonce, \
     d.kek_id, d.created_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub person_id: i64,
    pub message_id: Option<i64>,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub key_nonce: Vec<u8>,
    pub kek_id: Option<String>,
    pub created_at: i64,
}

impl DocumentRow {
    pub fn info(&self) -> DocumentInfo {
        DocumentInfo {
            id: self.id,
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: u64::try_from(self.size).unwrap_or(0),
            sha256: self.sha256.clone(),
        }
    }
}

/// A document whose ciphertext is in the store, not yet recorded in the database.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub storage_key: String,
    pub file_name: String,
    pub content_type: &'static str,
    pub size: u64,
    pub sha256: String,
    pub sealed: Sealed,
}

/// Encrypt `content` (already checked to be of `file_type`) and write the ciphertext to the
/// store. The checksum is computed from the plaintext.
pub async fn seal_and_store(
    state: &AppState,
    file_name: String,
    file_type: AcceptedFileType,
    content: Vec<u8>,
) -> Result<StoredDocument, ApiError> {
    let storage_key = new_storage_key();
    let kek = state.kek.clone();
    let key = storage_key.clone();
    // Hashing and encrypting 20 MiB takes a noticeable time: keep it off the async workers.
    let (sha256, size, mut sealed) = tokio::task::spawn_blocking(move || {
        let sha256 = crypto::sha256_hex(&content);
        let sealed = crypto::seal(&kek, &key, &content);
        (sha256, content.len() as u64, sealed)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "document encryption task failed");
        ApiError::internal()
    })?;
    let ciphertext = std::mem::take(&mut sealed.ciphertext);
    state
        .store
        .put(&storage_key, &ciphertext)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot write a document to the store");
            ApiError::internal()
        })?;
    Ok(StoredDocument {
        storage_key,
        file_name,
        content_type: file_type.mime(),
        size,
        sha256,
        sealed,
    })
}

/// Record a stored document as owned by `person_id`, attached to `message_id` or pending.
pub async fn insert(
    conn: &mut AnyConnection,
    doc: &StoredDocument,
    person_id: i64,
    message_id: Option<i64>,
    now: i64,
) -> Result<DocumentInfo, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (person_id, message_id, storage_key, file_name, content_type, \
         size, sha256, nonce, wrapped_key, key_nonce, kek_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(person_id)
    .bind(message_id)
    .bind(&doc.storage_key)
    .bind(&doc.file_name)
    .bind(doc.content_type)
    .bind(i64::try_from(doc.size).unwrap_or(i64::MAX))
    .bind(&doc.sha256)
    .bind(&doc.sealed.nonce)
    .bind(&doc.sealed.wrapped_key)
    .bind(&doc.sealed.key_nonce)
    .bind(&doc.sealed.kek_id)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(DocumentInfo {
        id,
        file_name: doc.file_name.clone(),
        content_type: doc.content_type.to_string(),
        size: doc.size,
        sha256: doc.sha256.clone(),
    })
}

/// Remove the ciphertext of documents that were not recorded (failed transaction).
pub async fn discard(state: &AppState, docs: &[StoredDocument]) {
    for doc in docs {
        if let Err(e) = state.store.delete(&doc.storage_key).await {
            tracing::error!(error = %e, "cannot remove an unrecorded document from the store");
        }
    }
}

/// Read, decrypt and verify a document. Any failure (missing ciphertext, failed
/// authentication, checksum or size mismatch) is logged loudly and becomes `integrity_error`:
/// no byte of such a document is ever served.
pub async fn load_verified(state: &AppState, row: &DocumentRow) -> Result<Vec<u8>, ApiError> {
    let fail = |reason: &str| {
        tracing::error!(
            document = row.id,
            storage_key = %row.storage_key,
            reason,
            "DOCUMENT INTEGRITY FAILURE: the document is not served"
        );
        ApiError::integrity_error()
    };
    let ciphertext = match state.store.get(&row.storage_key).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(fail("the ciphertext is missing from the store")),
        Err(e) => {
            tracing::error!(error = %e, document = row.id, "cannot read a document from the store");
            return Err(ApiError::internal());
        }
    };
    let sealed = Sealed {
        ciphertext,
        nonce: row.nonce.clone(),
        wrapped_key: row.wrapped_key.clone(),
        key_nonce: row.key_nonce.clone(),
        kek_id: row.kek_id.clone(),
    };
    let keys = state.keys.clone();
    let key = row.storage_key.clone();
    let result = tokio::task::spawn_blocking(move || {
        crypto::open(&keys, &key, &sealed).map(|plain| {
            let sha = crypto::sha256_hex(&plain);
            (plain, sha)
        })
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "document decryption task failed");
        ApiError::internal()
    })?;
    let (plain, sha) = result.map_err(|_| fail("authenticated decryption failed"))?;
    if sha != row.sha256 {
        return Err(fail("the SHA-256 does not match the stored checksum"));
    }
    if i64::try_from(plain.len()).ok() != Some(row.size) {
        return Err(fail("the size does not match the stored size"));
    }
    Ok(plain)
}

/// Characters kept as they are in `filename*` (RFC 8187 `attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>`.
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(file_name, ATTR_CHAR)
    )
}

/// The download response: the bytes with the stored type, as an attachment, never cached,
/// never sniffed.
pub fn download_response(row: &DocumentRow, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&row.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Delete the pending uploads older than [`PENDING_UPLOAD_LIFETIME_SECS`]: rows first, then
/// their ciphertext. Uploads that a live draft of their person refers to are kept (a draft
/// lives [`super::drafts::DRAFT_LIFETIME_SECS`] after its last change). Returns how many
/// were deleted.
pub async fn delete_stale_uploads(state: &AppState) -> Result<u64, sqlx::Error> {
    let now = state.now_unix();
    let cutoff = now - PENDING_UPLOAD_LIFETIME_SECS;
    let mut tx = crate::db::begin_write(&state.pool).await?;
    // The upload ids a draft refers to are in its JSON (`upload_ids`), read with each
    // store's JSON functions; an e-service draft keeps them as a JSON array of their own.
    let (draft_uploads, eservice_uploads) = match crate::db::Backend::of(&state.pool) {
        crate::db::Backend::Sqlite => (
            "SELECT 1 FROM drafts dr, json_each(dr.draft, '$.upload_ids') j \
             WHERE dr.person_id = d.person_id AND dr.updated_at > $2 AND j.value = d.id",
            "SELECT 1 FROM eservice_drafts ed, json_each(ed.upload_ids) j \
             WHERE ed.party_id = d.person_id AND ed.saved_at > $3 AND j.value = d.id",
        ),
        crate::db::Backend::Postgres => (
            "SELECT 1 FROM drafts dr, \
             jsonb_array_elements_text(dr.draft::jsonb -> 'upload_ids') j (value) \
             WHERE dr.person_id = d.person_id AND dr.updated_at > $2 \
             AND j.value = d.id::text",
            "SELECT 1 FROM eservice_drafts ed, \
             jsonb_array_elements_text(ed.upload_ids::jsonb) j (value) \
             WHERE ed.party_id = d.person_id AND ed.saved_at > $3 AND j.value = d.id::text",
        ),
    };
    let stale: Vec<(i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT d.id, d.person_id, d.storage_key FROM documents d \
         WHERE d.message_id IS NULL AND d.created_at < $1 AND NOT EXISTS ({draft_uploads}) \
         AND NOT EXISTS ({eservice_uploads})"
    ))
    .bind(cutoff)
    .bind(now - super::drafts::DRAFT_LIFETIME_SECS)
    .bind(now - crate::eservices::DRAFT_LIFETIME_SECS)
    .fetch_all(&mut *tx)
    .await?;
    if stale.is_empty() {
        return Ok(0);
    }
    for (id, person_id, _) in &stale {
        sqlx::query("DELETE FROM documents WHERE id = $1 AND message_id IS NULL")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let event = crate::audit::AuditEvent::anonymous(
            now,
            crate::audit::AuditAction::ExpireUploads,
            "document",
            Some(*person_id),
        )
        .object_id(id);
        crate::audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    for (_, _, key) in &stale {
        if let Err(e) = state.store.delete(key).await {
            tracing::error!(error = %e, "cannot remove an expired upload from the store");
        }
    }
    Ok(stale.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_has_ascii_fallback_and_utf8_name() {
        assert_eq!(
            content_disposition("lönebesked 2025.pdf"),
            "attachment; filename=\"l_nebesked 2025.pdf\"; filename*=UTF-8''l%C3%B6nebesked%202025.pdf"
        );
        assert_eq!(
            content_disposition("a\"b\\c.pdf"),
            "attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%22b%5Cc.pdf"
        );
    }
}
