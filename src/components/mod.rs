//! Small, reusable, accessible building blocks.

mod fields;
mod page;

pub use fields::{ErrorSummary, SummaryItem, TextField};
pub use page::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
