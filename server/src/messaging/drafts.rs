//! Drafts of messages in a matter, kept on the server so that an idle timeout, an extension
//! or a new login (on a customer terminal, or another device) loses nothing the person typed.
//!
//! One draft per party and matter: the `person_id` of a draft is the party the session acts
//! for (the person themself, or the organisation or person they have a mandate for), like
//! the matter, the uploads and the message the draft becomes. Every query carries that id, so
//! a draft is only ever found through its own party. A draft is deleted when the message is sent (in the
//! same transaction), when the person discards it, and by the cleanup job after
//! [`DRAFT_LIFETIME_SECS`] without a change. Uploads a live draft refers to are kept past the
//! usual 24 hours of pending uploads (see [`super::documents::delete_stale_uploads`]).

use minsida_api::messages::{
    UploadedDocument, MAX_BODY_CHARS, MAX_DOCUMENTS_PER_MESSAGE, MAX_SUBJECT_CHARS,
};
use minsida_api::terminal::{Draft, StoredDraft};
use minsida_api::{FieldError, FieldErrorCode};
use sqlx::AnyConnection;

use super::{documents, SupplementRow, SUPPLEMENT_FROM};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::auth::session::format_unix;
use crate::crypto::{self, KeyRing};
use crate::AppState;

/// A draft unchanged for this long is deleted (with the uploads only it kept alive): 7 days.
pub const DRAFT_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// The checks that need no database: lengths (as the send route counts them: as sent), the
/// number of documents and duplicate uploads.
pub fn check_shape(draft: &Draft) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, code| {
        errors.push(FieldError {
            field: field.to_string(),
            code,
        })
    };
    if draft.subject.chars().count() > MAX_SUBJECT_CHARS {
        push("subject", FieldErrorCode::TooLong);
    }
    if draft.body.chars().count() > MAX_BODY_CHARS {
        push("body", FieldErrorCode::TooLong);
    }
    if draft.upload_ids.len() > MAX_DOCUMENTS_PER_MESSAGE {
        push("upload_ids", FieldErrorCode::TooManyDocuments);
    } else {
        let mut ids = draft.upload_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != draft.upload_ids.len() {
            push("upload_ids", FieldErrorCode::UnknownUpload);
        }
    }
    errors
}

/// A request to supplement of the person in this matter that still waits for an answer.
async fn open_request(
    conn: &mut AnyConnection,
    person_id: i64,
    matter_id: i64,
    request_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<SupplementRow> = sqlx::query_as(&format!(
        "{SUPPLEMENT_FROM} WHERE s.id = $1 AND s.person_id = $2 AND s.matter_id = $3"
    ))
    .bind(request_id)
    .bind(person_id)
    .bind(matter_id)
    .fetch_optional(&mut *conn)
    .await?;
    let today = super::today(now);
    Ok(row.is_some_and(|r| r.status(&today).awaits_answer()))
}

/// The person's pending (unsent) upload.
async fn pending_upload(
    conn: &mut AnyConnection,
    person_id: i64,
    upload_id: i64,
) -> Result<Option<UploadedDocument>, sqlx::Error> {
    let row: Option<documents::DocumentRow> = sqlx::query_as(&format!(
        "SELECT {} FROM documents d WHERE d.id = $1 AND d.person_id = $2 AND d.message_id IS NULL",
        documents::DOCUMENT_COLUMNS
    ))
    .bind(upload_id)
    .bind(person_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| UploadedDocument {
        document: r.info(),
        uploaded_at: format_unix(r.created_at),
    }))
}

/// Every check of a draft to save: [`check_shape`], then that the request to supplement is
/// an open one of this matter and person, and that every upload is one of the person's
/// unsent uploads. Field errors as the send route names them.
pub async fn validate(
    conn: &mut AnyConnection,
    person_id: i64,
    matter_id: i64,
    draft: &Draft,
    now: i64,
) -> Result<Vec<FieldError>, sqlx::Error> {
    let mut errors = check_shape(draft);
    if let Some(request) = draft.supplement_request_id {
        if !open_request(conn, person_id, matter_id, request, now).await? {
            errors.push(FieldError {
                field: "supplement_request_id".to_string(),
                code: FieldErrorCode::RequestNotOpen,
            });
        }
    }
    if !errors.iter().any(|e| e.field == "upload_ids") {
        for &id in &draft.upload_ids {
            if pending_upload(conn, person_id, id).await?.is_none() {
                errors.push(FieldError {
                    field: "upload_ids".to_string(),
                    code: FieldErrorCode::UnknownUpload,
                });
                break;
            }
        }
    }
    Ok(errors)
}

/// What a draft's sealed value is bound to.
pub fn draft_context(person_id: i64, matter_id: i64) -> String {
    format!("draft:{person_id}:{matter_id}")
}

/// The clear part of a stored draft: only the upload ids (for the cleanup of pending uploads).
pub fn clear_part(draft: &Draft) -> String {
    serde_json::json!({ "upload_ids": draft.upload_ids }).to_string()
}

/// Insert or replace the person's draft in a matter: sealed with the active key, with only
/// the upload ids in clear.
pub async fn save(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    person_id: i64,
    matter_id: i64,
    draft: &Draft,
    now: i64,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(draft).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let sealed = crypto::seal_text(keys.active(), &draft_context(person_id, matter_id), &json);
    sqlx::query(
        "INSERT INTO drafts (person_id, matter_id, draft, draft_sealed, kek_id, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (person_id, matter_id) DO UPDATE SET draft = excluded.draft, \
         draft_sealed = excluded.draft_sealed, kek_id = excluded.kek_id, \
         updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(matter_id)
    .bind(clear_part(draft))
    .bind(sealed)
    .bind(keys.active_id())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The person's draft in a matter as it can be resumed now: uploads that were sent or have
/// expired are left out, and a request to supplement that no longer waits for an answer is
/// dropped. `None` when there is no draft, and when the stored draft fails its integrity
/// check (logged loudly; the person starts afresh rather than being shown changed text).
pub async fn load(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    person_id: i64,
    matter_id: i64,
    now: i64,
) -> Result<Option<StoredDraft>, sqlx::Error> {
    let row: Option<(String, Option<Vec<u8>>, i64)> = sqlx::query_as(
        "SELECT draft, draft_sealed, updated_at FROM drafts WHERE person_id = $1 AND matter_id = $2",
    )
    .bind(person_id)
    .bind(matter_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((clear, sealed, updated_at)) = row else {
        return Ok(None);
    };
    // A draft written before drafts were sealed is the clear JSON itself.
    let json = match sealed {
        Some(sealed) => {
            match crypto::open_text(keys, &draft_context(person_id, matter_id), &sealed) {
                Ok(json) => json,
                Err(_) => {
                    tracing::error!(
                        matter = matter_id,
                        "DRAFT INTEGRITY FAILURE: the draft failed authenticated decryption and is not shown"
                    );
                    return Ok(None);
                }
            }
        }
        None => clear,
    };
    let mut draft: Draft = match serde_json::from_str(&json) {
        Ok(d) => d,
        Err(e) => {
            // Only the server writes drafts; a row that no longer parses is treated as none.
            tracing::error!(error = %e, matter = matter_id, "a stored draft does not parse");
            return Ok(None);
        }
    };
    let mut uploads = Vec::with_capacity(draft.upload_ids.len());
    for &id in &draft.upload_ids {
        if let Some(upload) = pending_upload(conn, person_id, id).await? {
            uploads.push(upload);
        }
    }
    draft.upload_ids = uploads.iter().map(|u| u.document.id).collect();
    if let Some(request) = draft.supplement_request_id {
        if !open_request(conn, person_id, matter_id, request, now).await? {
            draft.supplement_request_id = None;
        }
    }
    Ok(Some(StoredDraft {
        draft,
        uploads,
        updated_at: format_unix(updated_at),
    }))
}

/// Delete the person's draft in a matter; true if there was one.
pub async fn delete(
    conn: &mut AnyConnection,
    person_id: i64,
    matter_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM drafts WHERE person_id = $1 AND matter_id = $2")
        .bind(person_id)
        .bind(matter_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Delete the drafts unchanged for [`DRAFT_LIFETIME_SECS`], with an audit event for each
/// person. Returns how many were deleted.
pub async fn delete_expired(state: &AppState) -> Result<u64, sqlx::Error> {
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let expired: Vec<(i64, i64)> =
        sqlx::query_as("DELETE FROM drafts WHERE updated_at <= $1 RETURNING person_id, matter_id")
            .bind(now - DRAFT_LIFETIME_SECS)
            .fetch_all(&mut *tx)
            .await?;
    for (person_id, matter_id) in &expired {
        let event =
            AuditEvent::anonymous(now, AuditAction::ExpireDrafts, "draft", Some(*person_id))
                .object_id(matter_id);
        audit::record(&mut *tx, &event).await?;
    }
    // Drafts of e-services live longer (crate::eservices::DRAFT_LIFETIME_SECS).
    let expired_eservice: Vec<(i64, String)> = sqlx::query_as(
        "DELETE FROM eservice_drafts WHERE saved_at <= $1 RETURNING party_id, service_id",
    )
    .bind(now - crate::eservices::DRAFT_LIFETIME_SECS)
    .fetch_all(&mut *tx)
    .await?;
    for (party_id, service_id) in &expired_eservice {
        let event = AuditEvent::anonymous(
            now,
            AuditAction::ExpireDrafts,
            "eservice_draft",
            Some(*party_id),
        )
        .detail(serde_json::json!({ "service": service_id }));
        audit::record(&mut *tx, &event).await?;
    }
    tx.commit().await?;
    Ok((expired.len() + expired_eservice.len()) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(draft: &Draft) -> Vec<(String, FieldErrorCode)> {
        check_shape(draft)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn shape_limits_follow_the_send_route() {
        assert!(codes(&Draft::default()).is_empty());
        let full = Draft {
            subject: "s".repeat(MAX_SUBJECT_CHARS),
            body: "å".repeat(MAX_BODY_CHARS),
            supplement_request_id: Some(1),
            upload_ids: (1..=MAX_DOCUMENTS_PER_MESSAGE as i64).collect(),
        };
        assert!(codes(&full).is_empty());
        let over = Draft {
            subject: "s".repeat(MAX_SUBJECT_CHARS + 1),
            body: "b".repeat(MAX_BODY_CHARS + 1),
            supplement_request_id: None,
            upload_ids: (0..=MAX_DOCUMENTS_PER_MESSAGE as i64).collect(),
        };
        assert_eq!(
            codes(&over),
            vec![
                ("subject".to_string(), FieldErrorCode::TooLong),
                ("body".to_string(), FieldErrorCode::TooLong),
                ("upload_ids".to_string(), FieldErrorCode::TooManyDocuments),
            ]
        );
        // Counted as sent, white space included (the OpenAPI document's `maxLength`).
        let padded = Draft {
            subject: format!(" {}", "s".repeat(MAX_SUBJECT_CHARS)),
            ..Draft::default()
        };
        assert_eq!(
            codes(&padded),
            vec![("subject".to_string(), FieldErrorCode::TooLong)]
        );
        let twice = Draft {
            upload_ids: vec![4, 5, 4],
            ..Draft::default()
        };
        assert_eq!(
            codes(&twice),
            vec![("upload_ids".to_string(), FieldErrorCode::UnknownUpload)]
        );
    }
}
