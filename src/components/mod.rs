//! Small, reusable, accessible building blocks.

mod documents;
mod fields;
mod idle;
mod page;

pub use documents::{
    format_size, status_key, type_label, DocumentList, MessageBody, ReceiptPanel, StatusTag,
};
pub use fields::{ErrorSummary, FieldFrame, FormErrors, SummaryItem, TextArea, TextField};
pub use idle::IdleGuard;
pub use page::{set_document_title, ApiErrorMessage, Loading, PageTitle, RequireAuth};
