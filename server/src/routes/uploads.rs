//! Uploading documents before sending them, and downloading documents.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use futures_util::StreamExt as _;
use minsida_api::messages::{
    clean_file_name, AcceptedFileType, UploadedDocument, FILE_NAME_HEADER,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, ErrorCode, FieldErrorCode};

use crate::audit::{self, AuditAction};
use crate::auth::session::format_unix;
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::messaging::documents;
use crate::persons::Access;
use crate::AppState;

/// Bytes needed to recognise every accepted type.
const SNIFF_BYTES: usize = 8;

/// The cleaned file name of an upload from the percent-encoded `x-file-name` header:
/// visible ASCII, spaces and tabs with `%XX` escapes of UTF-8 (`invalid_value` otherwise,
/// also for a `%` that starts no escape), cleaned by [`clean_file_name`] (`required` when
/// nothing is left). The OpenAPI document's pattern for the header says exactly this
/// (`scripts/file-name-pattern.py`).
fn upload_file_name(headers: &HeaderMap) -> Result<String, ApiError> {
    let raw = headers
        .get(FILE_NAME_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !is_percent_encoded(raw) {
        return Err(ApiError::field("file", FieldErrorCode::InvalidValue));
    }
    let decoded = percent_encoding::percent_decode(raw)
        .decode_utf8()
        .map_err(|_| ApiError::field("file", FieldErrorCode::InvalidValue))?;
    clean_file_name(&decoded).ok_or_else(|| ApiError::field("file", FieldErrorCode::Required))
}

/// Visible ASCII, spaces and tabs, where every `%` starts a `%XX` escape.
fn is_percent_encoded(raw: &[u8]) -> bool {
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' => {
                if !raw
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
            }
            b'\t' | b' '..=b'~' => i += 1,
            _ => return false,
        }
    }
    true
}

/// Upload a document to send later.
///
/// The body is the raw file (`Content-Type: application/octet-stream`, not multipart), the
/// percent-encoded UTF-8 file name goes in `x-file-name`. The type is judged by the content
/// (PDF, JPEG or PNG), never by the name. The size limit is enforced while the body streams
/// in. The document is stored encrypted and stays pending (only the person sees it) until it
/// is sent with `POST /api/matters/{id}/messages`; unsent uploads are deleted after 24 hours.
#[utoipa::path(
    post,
    path = super::UPLOAD_PATH,
    tag = "documents",
    request_body(content = String, content_type = "application/octet-stream", description = "The file's bytes"),
    // The header's pattern is long; `openapi.rs` sets it from `file-name-pattern.txt`.
    params(("x-file-name" = String, Header, description = "The percent-encoded UTF-8 file name: visible ASCII, spaces and `%XX` escapes of UTF-8 (a `%` that starts no escape is refused). A path is cut to its last part; control characters and `\"<>:|?*` are dropped, and what remains must not be blank or only dots")),
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 201, description = "Stored encrypted, waiting to be sent", body = UploadedDocument),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 413, description = "Larger than the configured maximum (default 20 MiB) (`payload_too_large`)", body = ApiErrorBody),
        (status = 415, description = "The content is not PDF, JPEG or PNG (`unsupported_file_type`), or the body is not `application/octet-stream` (`unsupported_media_type`)", body = ApiErrorBody),
        (status = 422, description = "Field `file`: `required` (no name or an empty file) or `invalid_value` (the name is not percent-encoded UTF-8) (`validation`)", body = ApiErrorBody)
    )
)]
pub async fn upload_document(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<UploadedDocument>), ApiError> {
    // Before a byte of the body is read: the upload belongs to the party the session acts
    // for, and needs a mandate to act in matters when that is someone else.
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let file_name = upload_file_name(&headers)?;
    let max = state.config.max_upload_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > max) {
        return Err(ApiError::payload_too_large());
    }

    let capacity = declared.unwrap_or(64 * 1024).min(max) as usize;
    let mut content: Vec<u8> = Vec::with_capacity(capacity);
    let mut file_type = None;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            tracing::info!(error = %e, "upload aborted while reading the body");
            ApiError::bad_request("could not read the request body")
        })?;
        if (content.len() + chunk.len()) as u64 > max {
            return Err(ApiError::payload_too_large());
        }
        content.extend_from_slice(&chunk);
        if file_type.is_none() && content.len() >= SNIFF_BYTES {
            file_type = Some(
                AcceptedFileType::sniff(&content).ok_or_else(ApiError::unsupported_file_type)?,
            );
        }
    }
    if content.is_empty() {
        return Err(ApiError::field("file", FieldErrorCode::Required));
    }
    let file_type = match file_type {
        Some(t) => t,
        None => AcceptedFileType::sniff(&content).ok_or_else(ApiError::unsupported_file_type)?,
    };

    let now = state.now_unix();
    let stored = documents::seal_and_store(&state, file_name, file_type, content).await?;
    let result = async {
        let mut tx = crate::db::begin_write(&state.pool).await?;
        let info = documents::insert(&mut tx, &stored, access.subject(), None, now).await?;
        let event = access
            .event(now, AuditAction::UploadDocument, "document")
            .object_id(info.id)
            .session(&session)
            .detail(serde_json::json!({ "size": info.size, "content_type": info.content_type }));
        audit::record(&mut *tx, &event).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(info)
    }
    .await;
    match result {
        Ok(document) => Ok((
            StatusCode::CREATED,
            Json(UploadedDocument {
                document,
                uploaded_at: format_unix(now),
            }),
        )),
        Err(e) => {
            documents::discard(&state, std::slice::from_ref(&stored)).await;
            Err(e.into())
        }
    }
}

/// Remove an upload that has not been sent.
#[utoipa::path(
    delete,
    path = "/uploads/{id}",
    tag = "documents",
    params(("id" = i64, Path, description = "Upload (document) id")),
    security(("session_cookie" = [], "csrf_token" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "Missing or wrong CSRF token, or cross-site request (`csrf_failed`); acting for someone whose mandate does not allow `act` in `matters`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such pending upload of the person (`not_found`); sent documents cannot be removed", body = ApiErrorBody)
    )
)]
pub async fn delete_upload(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let access = Access::for_request(&state, &session, Area::Matters, AccessLevel::Act).await?;
    let now = state.now_unix();
    let mut tx = crate::db::begin_write(&state.pool).await?;
    let key: Option<String> = sqlx::query_scalar(
        "DELETE FROM documents WHERE id = $1 AND person_id = $2 AND message_id IS NULL \
         RETURNING storage_key",
    )
    .bind(id)
    .bind(access.subject())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(key) = key else {
        return Err(ApiError::not_found());
    };
    let event = access
        .event(now, AuditAction::DeleteUpload, "document")
        .object_id(id)
        .session(&session);
    audit::record(&mut *tx, &event).await?;
    tx.commit().await?;
    if let Err(e) = state.store.delete(&key).await {
        tracing::error!(error = %e, "cannot remove a deleted upload from the store");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Download a document: an attachment of one of the person's messages (either direction) or
/// one of their pending uploads. The content is decrypted and its SHA-256 checked against the
/// stored checksum before any byte is sent.
///
/// Refused (403 `forbidden`, audited) for a session on a customer terminal, whoever it acts
/// for: no file may be written to a shared public device's disk. The visitor prints the page
/// or reads the document at home, where it stays in their inbox.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "documents",
    params(("id" = i64, Path, description = "Document id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The document, as an attachment with the detected content type",
            content(
                (String = "application/pdf"),
                (String = "image/jpeg"),
                (String = "image/png"),
            ),
            headers(
                ("content-disposition" = String, description = "attachment; filename=\"<ASCII fallback>\"; filename*=UTF-8''<percent-encoded name>"),
                ("x-content-type-options" = String, description = "nosniff"),
                ("cache-control" = String, description = "no-store")
            )),
        (status = 401, description = "Not logged in (`unauthenticated`) or timed out (`session_expired`)", body = ApiErrorBody),
        (status = 403, description = "The session runs on a customer terminal, where downloads are off; or acting for someone whose mandate does not allow `read` in `messages`, or without a valid mandate (`forbidden`)", body = ApiErrorBody),
        (status = 404, description = "No such document of the person (`not_found`)", body = ApiErrorBody),
        (status = 500, description = "The stored document failed its integrity check (`integrity_error`)", body = ApiErrorBody)
    )
)]
pub async fn download_document(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let access = Access::for_request(&state, &session, Area::Messages, AccessLevel::Read).await?;
    if let Some(terminal) = session.terminal_id {
        // Refused before the document is even looked up: nothing about it is revealed. Also
        // when acting for someone else: the refusal is audited with both identities.
        let event = access
            .event(
                state.now_unix(),
                AuditAction::DownloadRefusedOnTerminal,
                "document",
            )
            .object_id(id)
            .session(&session);
        state.audit.record(&event).await?;
        tracing::info!(
            terminal,
            document = id,
            "download refused on a customer terminal"
        );
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "downloads are off on customer terminals: print the page or read the document in \
             your inbox on your own device",
        ));
    }
    let row: documents::DocumentRow = sqlx::query_as(&format!(
        "SELECT {} FROM documents d WHERE d.id = $1 AND d.person_id = $2",
        documents::DOCUMENT_COLUMNS
    ))
    .bind(id)
    .bind(access.subject())
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(ApiError::not_found)?;
    let event = access
        .event(state.now_unix(), AuditAction::DownloadDocument, "document")
        .object_id(id)
        .session(&session)
        .detail(serde_json::json!({ "message": row.message_id }));
    state.audit.record(&event).await?;
    let bytes = documents::load_verified(&state, &row).await?;
    Ok(documents::download_response(&row, bytes))
}
