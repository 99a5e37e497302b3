//! The filling-in of each service, kept in memory (never in storage) while the person moves
//! between its pages: the definition, the answers, the idempotency key of the submission and
//! the names of uploaded files; and the receipts of what was sent in this window.
//!
//! Everything belongs to one person acting for one party: when someone else is logged in (or
//! the same person acts for another party) the memory of the previous one is dropped before
//! anything is read.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use leptos::prelude::GetUntracked;
use minsida_api::eservices::{Answers, EServiceForm, EServiceReceipt};
use minsida_api::FieldError;

use crate::api::{Api, ApiError, AuthState};

/// One filling-in of a service.
#[derive(Debug, Clone)]
pub struct Filling {
    pub form: Arc<EServiceForm>,
    pub answers: Answers,
    /// Chosen when the form was loaded; the same for every attempt to send these answers.
    pub idempotency_key: String,
    /// Names of the files uploaded in this window, by upload id.
    pub files: BTreeMap<i64, String>,
    /// Problems the server found on sending, to show on the page they belong to.
    pub pending_errors: Vec<FieldError>,
    /// When the draft was last saved on the server (RFC 3339).
    pub saved_at: Option<String>,
    /// To announce on the next page: the draft was saved (or could not be).
    pub announce: Option<Announce>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announce {
    Saved,
    SaveFailed,
}

#[derive(Default)]
struct Store {
    owner: Option<String>,
    fillings: HashMap<String, Filling>,
    receipts: HashMap<String, EServiceReceipt>,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
}

/// Who the memory belongs to: the logged-in person and the party they act for.
pub fn owner(api: Api) -> Option<String> {
    match api.auth.get_untracked() {
        AuthState::LoggedIn(info) => Some(format!(
            "{}|{}",
            info.person.personal_number,
            info.acting_as.map(|a| a.party.id).unwrap_or_default()
        )),
        _ => None,
    }
}

/// Forget everything when the page in use is left by logging out (or a session timing out):
/// on a shared computer the next person must not find the answers in the window's memory.
/// Registered by every e-service page.
pub fn forget_on_logout(api: Api) {
    leptos::prelude::on_cleanup(move || {
        let logged_in = matches!(api.auth.try_get_untracked(), Some(AuthState::LoggedIn(_)));
        if !logged_in {
            STORE.with(|s| *s.borrow_mut() = Store::default());
        }
    });
}

/// Runs `f` on the store of `owner`, dropping another owner's memory first.
fn with<R>(owner: &str, f: impl FnOnce(&mut Store) -> R) -> R {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        if s.owner.as_deref() != Some(owner) {
            *s = Store {
                owner: Some(owner.to_string()),
                ..Store::default()
            };
        }
        f(&mut s)
    })
}

pub fn get(owner: &str, id: &str) -> Option<Filling> {
    with(owner, |s| s.fillings.get(id).cloned())
}

pub fn update(owner: &str, id: &str, f: impl FnOnce(&mut Filling)) {
    with(owner, |s| {
        if let Some(filling) = s.fillings.get_mut(id) {
            f(filling);
        }
    });
}

pub fn forget(owner: &str, id: &str) {
    with(owner, |s| {
        s.fillings.remove(id);
    });
}

pub fn receipt(owner: &str, id: &str) -> Option<EServiceReceipt> {
    with(owner, |s| s.receipts.get(id).cloned())
}

/// The answers were sent: the receipt stays, the filling-in is over.
pub fn sent(owner: &str, id: &str, receipt: EServiceReceipt) {
    with(owner, |s| {
        s.fillings.remove(id);
        s.receipts.insert(id.to_string(), receipt);
    });
}

/// A new filling-in from a form as the server gave it: the draft's answers if there is one,
/// else what the agency already has.
pub fn start(owner: &str, form: EServiceForm) -> Filling {
    let answers = form
        .draft
        .as_ref()
        .map_or_else(|| form.prefill.clone(), |d| d.answers.clone());
    // The files a saved draft refers to, by name (uploaded in an earlier visit).
    let files = form
        .draft
        .as_ref()
        .map(|d| {
            d.uploads
                .iter()
                .map(|u| (u.id, u.file_name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let filling = Filling {
        saved_at: form.draft.as_ref().map(|d| d.saved_at.clone()),
        form: Arc::new(form),
        answers,
        idempotency_key: new_idempotency_key(),
        files,
        pending_errors: Vec::new(),
        announce: None,
    };
    let id = filling.form.id.clone();
    with(owner, |s| {
        s.fillings.insert(id, filling.clone());
    });
    filling
}

/// The filling-in of service `id`: from memory, else loaded from the server.
pub async fn load(api: Api, owner: String, id: String) -> Result<Filling, ApiError> {
    if let Some(filling) = get(&owner, &id) {
        return Ok(filling);
    }
    let form = api.eservice(&id).await?;
    Ok(get(&owner, &id).unwrap_or_else(|| start(&owner, form)))
}

/// Load the form again from the server (the start page: a draft saved elsewhere, a new
/// version), keeping the key and the names of files when the filling-in goes on.
pub async fn reload(api: Api, owner: String, id: String) -> Result<Filling, ApiError> {
    let form = api.eservice(&id).await?;
    let before = get(&owner, &id);
    let mut filling = start(&owner, form);
    if let Some(before) = before.filter(|b| b.form.version == filling.form.version) {
        filling.idempotency_key = before.idempotency_key;
        filling.files = before.files;
        // What was typed in this window and not yet saved is newer than the draft.
        if !before.answers.is_empty() {
            filling.answers = before.answers;
        }
        let kept = filling.clone();
        with(&owner, |s| {
            s.fillings.insert(id, kept);
        });
    }
    Ok(filling)
}

/// 32 random characters of `[A-Za-z0-9]`, from the browser's cryptographic generator.
fn new_idempotency_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 32];
    random_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(target_arch = "wasm32")]
fn random_bytes(out: &mut [u8]) {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::new_with_length(out.len() as u32);
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok();
    let filled = crypto
        .as_ref()
        .and_then(|c| js_sys::Reflect::get(c, &"getRandomValues".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|f| {
            f.call1(
                crypto.as_ref().unwrap_or(&wasm_bindgen::JsValue::UNDEFINED),
                &array,
            )
            .is_ok()
        });
    if filled {
        array.copy_to(out);
    } else {
        for b in out.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn random_bytes(out: &mut [u8]) {
    // Host tests only.
    for (i, b) in out.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37);
    }
}
