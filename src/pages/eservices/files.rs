//! A file question: documents uploaded the way they are when writing in a matter (with
//! progress, checked by content on the server, `POST /api/uploads`), listed with a remove
//! button each; the answer is the list of upload ids.

use leptos::prelude::*;
use minsida_api::eservices::{Answer, Question, MAX_FILES_PER_QUESTION};
use minsida_api::messages::DEFAULT_MAX_UPLOAD_BYTES;
use minsida_api::ErrorCode;
use wasm_bindgen::JsCast;

use super::flow;
use super::question::FormCtx;
use crate::api::{use_api, ApiError};
use crate::i18n::{use_i18n, Fmt, Key};

/// A file being uploaded, or one whose upload failed.
#[derive(Clone)]
struct Pending {
    key: u32,
    name: String,
    progress: RwSignal<f64>,
    failed: RwSignal<Option<Key>>,
}

fn upload_error_key(e: &ApiError) -> Key {
    match e {
        ApiError::Server {
            code: ErrorCode::UnsupportedFileType | ErrorCode::UnsupportedMediaType,
            ..
        } => Key::ErrFileType,
        ApiError::Server {
            code: ErrorCode::PayloadTooLarge,
            ..
        } => Key::ErrFileTooLarge,
        ApiError::Server {
            code: ErrorCode::Validation,
            ..
        } => Key::ErrFileName,
        other => other.message_key(),
    }
}

/// A file question: uploaded the way documents are when writing in a matter (with progress,
/// checked by content on the server), listed with a remove button each.
#[component]
pub(super) fn FileQuestion(
    ctx: FormCtx,
    question: Question,
    label: AnyView,
    hint: Option<AnyView>,
    error_view: AnyView,
    described: Signal<Option<String>>,
    invalid: Signal<Option<&'static str>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let qid = question.id.clone();
    let base = flow::dom_id(&qid, None);
    let max =
        usize::try_from(question.max.unwrap_or(i64::from(MAX_FILES_PER_QUESTION))).unwrap_or(10);
    let pending = RwSignal::new(Vec::<Pending>::new());
    let next_key = StoredValue::new(0u32);
    let status = RwSignal::new(String::new());
    let qid_stored = StoredValue::new(qid.clone());
    // Copy: read in several closures.
    let uploaded = move || {
        qid_stored.with_value(|qid| {
            ctx.answers.with(|a| match a.get(qid) {
                Some(Answer::Uploads(ids)) => ids.clone(),
                _ => Vec::new(),
            })
        })
    };
    let qid_add = qid.clone();
    let add = move |id: i64| {
        let mut ids = untrack(uploaded);
        if !ids.contains(&id) {
            ids.push(id);
        }
        ctx.set(&qid_add, Some(Answer::Uploads(ids)));
    };
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Let the same file be chosen again after removing it.
        input.set_value("");
        for file in files {
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let item = Pending {
                key,
                name: file.name(),
                progress: RwSignal::new(0.0),
                failed: RwSignal::new(None),
            };
            let count = untrack(uploaded).len()
                + pending.with_untracked(|p| {
                    p.iter()
                        .filter(|p| p.failed.get_untracked().is_none())
                        .count()
                });
            pending.update(|p| p.push(item.clone()));
            let precheck = if count >= max {
                Some(Key::ErrTooManyDocuments)
            } else if file.size() as u64 > DEFAULT_MAX_UPLOAD_BYTES {
                Some(Key::ErrFileTooLarge)
            } else {
                None
            };
            if let Some(k) = precheck {
                item.failed.set(Some(k));
                status.set(format!("{}: {}", item.name, i18n.t(k)));
                continue;
            }
            ctx.uploading.update(|n| *n += 1);
            let progress = item.progress;
            let add = add.clone();
            // Tied to the page: leaving it aborts the upload.
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let result = api
                    .upload(&file, move |sent, total| {
                        if total > 0.0 {
                            progress.set(sent / total);
                        }
                    })
                    .await;
                ctx.uploading.update(|n| *n = n.saturating_sub(1));
                match result {
                    Ok(doc) => {
                        ctx.remember_file(doc.document.id, doc.document.file_name.clone());
                        add(doc.document.id);
                        pending.update(|p| p.retain(|i| i.key != key));
                        status.set(format!("{}: {}", item.name, i18n.t(Key::UploadDone)));
                    }
                    Err(e) => {
                        let k = upload_error_key(&e);
                        item.failed.set(Some(k));
                        status.set(format!("{}: {}", item.name, i18n.t(k)));
                    }
                }
            });
        }
    };
    let qid_remove = qid.clone();
    let remove = move |id: i64| {
        let name = ctx
            .files
            .with_untracked(|f| f.get(&id).cloned())
            .unwrap_or_default();
        let ids: Vec<i64> = untrack(uploaded).into_iter().filter(|i| *i != id).collect();
        ctx.set(&qid_remove, Some(Answer::Uploads(ids)));
        leptos::task::spawn_local(async move {
            // If this fails the server deletes the upload after a day; it is never sent.
            let _ = api.delete_upload(id).await;
        });
        status.set(format!("{}: {}", name, i18n.t(Key::UploadRemoved)));
        crate::browser::focus_id(&format!("q-{}", qid_remove.clone()));
    };
    let dismiss = move |key: u32, name: String| {
        pending.update(|p| p.retain(|i| i.key != key));
        status.set(format!("{}: {}", name, i18n.t(Key::UploadRemoved)));
    };
    let input_id = base.clone();
    view! {
        <div class="field question" class:field-error=move || invalid.get().is_some()>
            <label for=input_id.clone()>{label}</label>
            {hint}
            {error_view}
            <input
                id=input_id.clone()
                type="file"
                multiple={max > 1}
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-invalid=move || invalid.get()
                aria-describedby=move || described.get()
                on:change=on_files
            />
            <ul class="upload-list" aria-label=i18n.tr(Key::EserviceUploadedFiles)>
                {move || {
                    let remove = remove.clone();
                    uploaded().into_iter().map(move |id| {
                    let remove = remove.clone();
                    let name = ctx.files.with(|f| f.get(&id).cloned());
                    let shown = name.clone().unwrap_or_else(|| i18n.f(Fmt::EserviceFileUnknown, &[("n", id.into())]));
                    let hidden_name = shown.clone();
                    view! {
                        <li class="upload-item">
                            <span class="upload-name">{shown}</span>
                            <span class="upload-ok">{i18n.tr(Key::UploadDone)}</span>
                            <button type="button" class="button secondary small" on:click=move |_| remove(id)>
                                {i18n.tr(Key::RemoveFile)}
                                <span class="visually-hidden">{format!(" {hidden_name}")}</span>
                            </button>
                        </li>
                    }
                    }).collect_view()
                }}
                <For each=move || pending.get() key=|p| p.key let:item>
                    {
                        let (name, name2) = (item.name.clone(), item.name.clone());
                        let (progress, failed, key) = (item.progress, item.failed, item.key);
                        let percent = move || (progress.get() * 100.0).round() as u32;
                        view! {
                            <li class="upload-item" class:upload-failed=move || failed.get().is_some()>
                                <span class="upload-name">{name.clone()}</span>
                                {move || match failed.get() {
                                    None => {
                                        let label = format!("{} {}", i18n.t(Key::Uploading), name.clone());
                                        view! {
                                            <progress max="100" value=move || percent().to_string() aria-label=label></progress>
                                            <span class="upload-percent" aria-hidden="true">{move || format!("{} %", percent())}</span>
                                        }.into_any()
                                    }
                                    Some(k) => view! {
                                        <span class="error-message upload-error">{move || i18n.t(k)}</span>
                                        <button type="button" class="button secondary small" on:click={
                                            let name2 = name2.clone();
                                            move |_| dismiss(key, name2.clone())
                                        }>
                                            {i18n.tr(Key::RemoveFile)}
                                            <span class="visually-hidden">{format!(" {}", name2.clone())}</span>
                                        </button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            <div role="status" class="visually-hidden">{move || status.get()}</div>
        </div>
    }
}
