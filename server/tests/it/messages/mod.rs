//! The citizen side of secure messages: `/api/messages`, `/api/uploads`, `/api/documents`.
//! Helpers shared with `matters` and `system` are in `common::messaging`.

mod access;
mod documents;
mod encryption;
mod inbox;
mod uploads;
