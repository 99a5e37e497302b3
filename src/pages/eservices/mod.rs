//! "Mina e-tjänster": the e-services the acting party may use, filled in one question page at
//! a time, checked on a "check your answers" page and sent with a receipt (the public-sector
//! pattern of question pages → check your answers → confirmation).
//!
//! - [`EServicesPage`] (`/e-tjanster`): the services, with a draft to continue and when each
//!   was last sent;
//! - [`EServiceStartPage`] (`/e-tjanster/:id`): what the service is, for whom, Start or
//!   Continue (and start over);
//! - [`EServiceQuestionPage`] (`/e-tjanster/:id/sida/:page`): one page of questions, shown
//!   and hidden live as answers change, checked with the same function as the server's;
//! - [`EServiceCheckPage`] (`/e-tjanster/:id/kontrollera`): every answer, a Change link each,
//!   and Send;
//! - [`EServiceReceiptPage`] (`/e-tjanster/:id/kvittens`): the receipt.
//!
//! The filling-in lives in memory per service while the person moves between these pages
//! ([`store`]); the draft is saved on the server on every Continue, so another device or a new
//! login continues where the person left off. Nothing typed is lost on an error or a language
//! switch: the answers are never cleared by the app, only by "start over".
//!
//! Texts from a definition (titles, labels, options) are the agency's Swedish and are marked
//! so (`lang="sv"`); easy-to-read summaries, guidance and hints replace the ordinary ones in
//! the easy-to-read mode.

mod check;
mod files;
mod flow;
mod list;
mod question;
mod question_page;
mod receipt;
mod start;
mod store;

pub use check::EServiceCheckPage;
pub use list::EServicesPage;
pub use question_page::EServiceQuestionPage;
pub use receipt::EServiceReceiptPage;
pub use start::EServiceStartPage;

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use minsida_api::eservices::{Question, QuestionKind, ServiceDefinition, TextFormat};
use minsida_api::{FieldError, FieldErrorCode};

use crate::i18n::{I18n, Key, Lang};

pub const ESERVICES_PATH: &str = "/e-tjanster";
/// The route parameter of a service's pages: `/e-tjanster/:id/…`.
pub const SERVICE_ID_PARAM: &str = "id";
/// `/e-tjanster/:id/sida/:page`.
pub const PAGE_SEGMENT: &str = "sida";
pub const PAGE_ID_PARAM: &str = "page";
/// `/e-tjanster/:id/kontrollera`.
pub const CHECK_SEGMENT: &str = "kontrollera";
/// `/e-tjanster/:id/kvittens`.
pub const RECEIPT_SEGMENT: &str = "kvittens";
/// The query of a question page reached through a Change link: Continue leads back to the
/// check page.
const RETURN_QUERY: &str = "tillbaka";

fn service_href(id: &str) -> String {
    format!("{ESERVICES_PATH}/{id}")
}

fn page_href(id: &str, page: &str, return_to_check: bool) -> String {
    let back = if return_to_check {
        format!("?{RETURN_QUERY}={CHECK_SEGMENT}")
    } else {
        String::new()
    };
    format!("{ESERVICES_PATH}/{id}/{PAGE_SEGMENT}/{page}{back}")
}

fn check_href(id: &str) -> String {
    format!("{ESERVICES_PATH}/{id}/{CHECK_SEGMENT}")
}

fn receipt_href(id: &str) -> String {
    format!("{ESERVICES_PATH}/{id}/{RECEIPT_SEGMENT}")
}

/// The service id of the route.
fn use_service_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(SERVICE_ID_PARAM).unwrap_or_default()))
}

/// Whether the easy-to-read texts of a definition are to be shown (easy-to-read Swedish on).
fn easy_read(i18n: I18n) -> bool {
    i18n.easy_read.get() && i18n.lang.get() == Lang::Sv
}

thread_local! {
    static INTERNED: RefCell<HashMap<String, &'static str>> = RefCell::new(HashMap::new());
}

/// A DOM id as `&'static str` (what the error summary links take). Each distinct id is
/// allocated once: a service has at most 150 questions, so this stays small.
fn intern(id: String) -> &'static str {
    INTERNED.with(|i| {
        let mut i = i.borrow_mut();
        if let Some(s) = i.get(&id) {
            return *s;
        }
        let s: &'static str = id.clone().leak();
        i.insert(id, s);
        s
    })
}

/// The message of an answer's error, in the words of its kind of question.
fn message_key(definition: &ServiceDefinition, error: &FieldError) -> Key {
    let Some((id, part)) = flow::split_field(&error.field) else {
        return crate::api::field_error_key(error.code);
    };
    let q: Option<&Question> = flow::question(definition, id);
    let kind = q.map(|q| q.kind);
    use FieldErrorCode as C;
    use QuestionKind as K;
    match (kind, part, error.code) {
        (_, Some("street"), C::Required) => Key::ErrEserviceStreet,
        (_, Some("town"), C::Required) => Key::ErrEserviceTown,
        (_, Some("postal_code"), _) => Key::ErrEservicePostalCode,
        (Some(K::YesNo | K::OneOf), _, C::Required | C::InvalidValue) => Key::ErrEserviceChoose,
        (Some(K::ManyOf), _, C::Required) => Key::ErrEserviceChoose,
        (Some(K::ManyOf), _, C::OutOfRange) => Key::ErrEserviceChoiceCount,
        (Some(K::File), _, C::Required) => Key::ErrEserviceFile,
        (Some(K::File), _, C::OutOfRange | C::TooManyDocuments) => Key::ErrEserviceFileCount,
        (Some(K::Address), None, C::Required) => Key::ErrEserviceStreet,
        (_, _, C::Required) => Key::ErrEserviceRequired,
        (_, _, C::InvalidDate) => Key::ErrEserviceDate,
        (Some(K::Number | K::AmountSek), _, C::InvalidValue) => Key::ErrEserviceNumber,
        (Some(K::Text), _, C::InvalidValue) => match q.and_then(|q| q.format) {
            Some(TextFormat::Digits) => Key::ErrEserviceDigits,
            Some(TextFormat::PostalCode) => Key::ErrEservicePostalCode,
            Some(TextFormat::RegistrationNumber) => Key::ErrEserviceRegistration,
            Some(TextFormat::Email) => Key::ErrInvalidEmail,
            Some(TextFormat::Phone) => Key::ErrInvalidPhone,
            None => Key::ErrInvalidValue,
        },
        _ => crate::api::field_error_key(error.code),
    }
}

/// The label shown with an error in the summary: the question's (the agency's words).
fn error_label(definition: &ServiceDefinition, error: &FieldError) -> String {
    flow::split_field(&error.field)
        .and_then(|(id, _)| flow::question(definition, id))
        .map(|q| q.label.clone())
        .unwrap_or_default()
}
