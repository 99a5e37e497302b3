//! Uploading a document with progress: XMLHttpRequest, because `fetch` cannot report upload
//! progress.

use leptos::prelude::*;
use minsida_api::messages::{UploadedDocument, FILE_NAME_HEADER};
use minsida_api::{ApiErrorBody, ErrorCode, CSRF_HEADER};
use wasm_bindgen::{closure::Closure, JsCast};

use super::in_flight::{on_owner_cleanup, InFlight};
use super::{Api, ApiError, AuthState};

impl Api {
    /// Upload one file as a raw body, reporting progress as `(sent, total)` bytes. Uses
    /// XMLHttpRequest because `fetch` cannot report upload progress.
    ///
    /// Like every request, tied to the owner that starts it: when that is cleaned up the
    /// upload is aborted, `on_progress` is not called any more and the call never completes.
    pub async fn upload(
        &self,
        file: &web_sys::File,
        on_progress: impl Fn(f64, f64) + 'static,
    ) -> Result<UploadedDocument, ApiError> {
        let request = InFlight::start();
        let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
        xhr.open("POST", "/api/uploads")
            .map_err(|_| ApiError::Network)?;
        let name: String = js_sys::encode_uri_component(&file.name()).into();
        let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
        let _ = xhr.set_request_header(FILE_NAME_HEADER, &name);
        let _ = xhr.set_request_header("Accept", "application/json");
        if let AuthState::LoggedIn(info) = self.auth.get_untracked() {
            let _ = xhr.set_request_header(CSRF_HEADER, &info.csrf_token);
        }
        let progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() {
                    on_progress(ev.loaded(), ev.total());
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            let _ = xhr.add_event_listener_with_callback("load", &resolve);
            let _ = xhr.add_event_listener_with_callback("error", &reject);
            let _ = xhr.add_event_listener_with_callback("abort", &reject);
        });
        xhr.send_with_opt_blob(Some(file))
            .map_err(|_| ApiError::Network)?;
        if request.is_tied() {
            on_owner_cleanup(xhr.clone(), |xhr| {
                if let Ok(upload) = xhr.upload() {
                    upload.set_onprogress(None);
                }
                let _ = xhr.abort();
            });
        }
        let outcome = request
            .step(wasm_bindgen_futures::JsFuture::from(done))
            .await;
        drop(progress);
        if outcome.is_err() {
            return Err(ApiError::Network);
        }
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            return serde_json::from_str(&text).map_err(|_| ApiError::Decode);
        }
        let error = match serde_json::from_str::<ApiErrorBody>(&text) {
            Ok(body) => ApiError::Server {
                status,
                code: body.code,
                fields: body.fields,
            },
            Err(_) => ApiError::Server {
                status,
                code: match status {
                    413 => ErrorCode::PayloadTooLarge,
                    s if s >= 500 => ErrorCode::Internal,
                    _ => ErrorCode::BadRequest,
                },
                fields: Vec::new(),
            },
        };
        self.note_unauthorized(status);
        Err(error)
    }
}
