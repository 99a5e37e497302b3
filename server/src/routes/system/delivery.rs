//! What a delivery to a person needs: decoded and stored attachments, the inserted message
//! with its notices, and the answer.

use base64::Engine as _;
use minsida_api::messages::{
    clean_file_name, AcceptedFileType, MatterCategory, MessageDirection, MessageKind,
    SystemAttachment, SystemDelivery, MAX_DOCUMENTS_PER_MESSAGE,
};
use minsida_api::FieldErrorCode;
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::error::ApiError;
use crate::messaging::{self, documents, NewMessage};
use crate::outbox::{self, DeliveryNotices};
use crate::systems::SystemClient;
use crate::AppState;

use super::Errors;

/// A checked, decoded attachment.
pub(super) struct DecodedAttachment {
    file_name: String,
    content: Vec<u8>,
}

/// Check the attachments' names, encoding and count (field errors), then — once every field
/// is valid — their size (413) and type by content (415).
pub(super) fn decode_attachments(
    attachments: &[SystemAttachment],
    errors: &mut Errors,
) -> Vec<DecodedAttachment> {
    if attachments.len() > MAX_DOCUMENTS_PER_MESSAGE {
        errors.push("attachments", FieldErrorCode::TooManyDocuments);
        return Vec::new();
    }
    let mut out = Vec::with_capacity(attachments.len());
    for (i, a) in attachments.iter().enumerate() {
        let name = clean_file_name(&a.file_name);
        if name.is_none() {
            errors.push(
                format!("attachments[{i}].file_name"),
                FieldErrorCode::Required,
            );
        }
        let content = base64::engine::general_purpose::STANDARD.decode(a.content_base64.trim());
        match content {
            Ok(c) if c.is_empty() => errors.push(
                format!("attachments[{i}].content_base64"),
                FieldErrorCode::Required,
            ),
            Ok(c) => {
                if let Some(file_name) = name {
                    out.push(DecodedAttachment {
                        file_name,
                        content: c,
                    });
                }
            }
            Err(_) => errors.push(
                format!("attachments[{i}].content_base64"),
                FieldErrorCode::InvalidValue,
            ),
        }
    }
    out
}

/// Size and type checks, then encryption and storage of every attachment.
pub(super) async fn store_attachments(
    state: &AppState,
    attachments: Vec<DecodedAttachment>,
) -> Result<Vec<documents::StoredDocument>, ApiError> {
    let mut checked = Vec::with_capacity(attachments.len());
    for a in attachments {
        if a.content.len() as u64 > state.config.max_upload_bytes {
            return Err(ApiError::payload_too_large());
        }
        let file_type =
            AcceptedFileType::sniff(&a.content).ok_or_else(ApiError::unsupported_file_type)?;
        checked.push((a, file_type));
    }
    let mut stored = Vec::with_capacity(checked.len());
    for (a, file_type) in checked {
        match documents::seal_and_store(state, a.file_name, file_type, a.content).await {
            Ok(doc) => stored.push(doc),
            Err(e) => {
                documents::discard(state, &stored).await;
                return Err(e);
            }
        }
    }
    Ok(stored)
}

/// A message delivered in [`insert_delivery`].
pub(super) struct Delivered {
    pub(super) message_id: i64,
    pub(super) attachments: Vec<minsida_api::messages::DocumentInfo>,
    pub(super) notices: DeliveryNotices,
}

/// Insert an incoming message with its stored attachments and queue the notices the person
/// chose for its kind of matter (`category`; `Other` without a matter). The caller removes
/// the ciphertext again if the transaction fails, and wakes the outbox after the commit.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_delivery(
    state: &AppState,
    tx: &mut AnyConnection,
    system: &SystemClient,
    person: i64,
    matter: Option<(i64, MatterCategory)>,
    kind: MessageKind,
    sender: &str,
    subject: &str,
    body: &str,
    stored: &[documents::StoredDocument],
    now: i64,
) -> Result<Delivered, sqlx::Error> {
    let matter_id = matter.map(|(id, _)| id);
    let category = matter.map_or(MatterCategory::Other, |(_, c)| c);
    let message_id = messaging::insert_message(
        tx,
        &state.keys,
        &NewMessage {
            person_id: person,
            system_id: Some(system.id),
            matter_id,
            direction: MessageDirection::Incoming,
            kind,
            sender,
            subject,
            body,
            sent_at: now,
            read: false,
            attachment_count: stored.len(),
        },
    )
    .await?;
    let mut attachments = Vec::with_capacity(stored.len());
    for doc in stored {
        attachments.push(documents::insert(tx, doc, person, Some(message_id), now).await?);
    }
    let notices = outbox::queue_new_message_notices(
        tx,
        person,
        message_id,
        category,
        &state.config.public_url,
        now,
    )
    .await?;
    Ok(Delivered {
        message_id,
        attachments,
        notices,
    })
}

/// The answer to a delivery.
pub(super) fn delivery_body(
    delivered: Delivered,
    supplement_request_id: Option<i64>,
    now: i64,
) -> SystemDelivery {
    SystemDelivery {
        message_id: delivered.message_id,
        supplement_request_id,
        delivered_at: format_unix(now),
        attachments: delivered.attachments,
        notices: delivered.notices.channels,
        paper_letter_requested: delivered.notices.paper_letter_requested,
    }
}
