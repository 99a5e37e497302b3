//! Write in a matter or answer a request to supplement: text, documents uploaded with a
//! progress bar (validated by content on the server), and a receipt after sending.
//!
//! Everything the person has typed or uploaded stays on the page when something goes wrong.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use minsida_api::messages::{
    MatterDetail, Receipt, SendMessageRequest, UploadedDocument, DEFAULT_MAX_UPLOAD_BYTES,
    MAX_BODY_CHARS, MAX_DOCUMENTS_PER_MESSAGE,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::terminal::Draft;
use minsida_api::ErrorCode;
use wasm_bindgen::JsCast;

use super::{
    matter_href, matter_link, matter_resource, use_matter_id, RequestDetails, MATTERS_PATH,
};
use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{
    format_size, set_document_title, type_label, ApiErrorMessage, ErrorSummary, FieldFrame,
    FormErrors, Loading, PageTitle, ReceiptPanel, RequireAuth, TextArea, TextField,
};
use crate::i18n::{use_i18n, Key};
use crate::lazy::LazySatisfaction;
use crate::pages::messages::message_href;

#[component]
pub fn ComposePage() -> impl IntoView {
    view! {
        <PageTitle key=Key::ComposeTitle/>
        <RequireAuth>
            <ComposeContent/>
        </RequireAuth>
    }
}

#[component]
fn ComposeContent() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_matter_id();
    let query = use_query_map();
    let request_id = Memo::new(move |_| {
        query.with(|q| q.get("komplettering").and_then(|s| s.parse::<i64>().ok()))
    });
    let matter = matter_resource(id);
    view! {
        <p class="back-link">
            {move || match id.get() {
                Some(id) => view! { <A href=matter_href(id)>{i18n.tr(Key::BackToMatter)}</A> }.into_any(),
                None => view! { <A href=MATTERS_PATH>{i18n.tr(Key::BackToMatters)}</A> }.into_any(),
            }}
        </p>
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::ComposeTitle)}</h1><Loading/> }>
            {move || {
                matter
                    .get()
                    .map(|result| {
                        browser::restore_heading_focus();
                        match result {
                            Ok(m) => view! { <Compose matter=m request_id=request_id.get_untracked()/> }.into_any(),
                            Err(e) => view! {
                                <h1 tabindex="-1">{i18n.tr(Key::ComposeTitle)}</h1>
                                <ApiErrorMessage error=e/>
                            }.into_any(),
                        }
                    })
            }}
        </Suspense>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum UploadState {
    Uploading,
    Done(UploadedDocument),
    Failed(Key),
}

#[derive(Debug, Clone)]
struct UploadItem {
    key: u32,
    name: String,
    size: u64,
    /// 0.0 ..= 1.0
    progress: RwSignal<f64>,
    state: RwSignal<UploadState>,
}

fn field_dom_id(api_field: &str) -> &'static str {
    match api_field {
        "body" => "body",
        "upload_ids" => "files",
        _ => "subject",
    }
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

#[component]
fn Compose(matter: MatterDetail, request_id: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let m = matter;
    let matter_id = m.summary.id;
    let request =
        request_id.and_then(|rid| m.supplement_requests.iter().find(|r| r.id == rid).cloned());
    let answering = request.as_ref().is_some_and(|r| r.status.awaits_answer());
    let title_key = if request.is_some() {
        Key::AnswerTitle
    } else {
        Key::ComposeTitle
    };
    set_document_title(move || i18n.t(title_key).to_string());

    // Prefilled where we know the answer; the signals keep whatever the person types.
    let subject = RwSignal::new(if request.is_some() {
        format!(
            "{} {}",
            translate_now(Key::SupplementSubjectPrefix),
            m.summary.reference
        )
    } else {
        String::new()
    });
    let body = RwSignal::new(String::new());
    let uploads = RwSignal::new(Vec::<UploadItem>::new());
    let next_key = StoredValue::new(0u32);
    let upload_status = RwSignal::new(String::new());
    let form_errors = FormErrors::new(field_dom_id);
    let general_error = RwSignal::new(None::<Key>);
    let sending = RwSignal::new(false);
    let receipt = RwSignal::new(None::<Receipt>);
    let error_for = move |field: &'static str| form_errors.for_field(field);

    // The draft is kept on the server: a timeout, a new login or another device loses
    // nothing. Restored when the page opens, saved a moment after every change.
    let draft_loaded = RwSignal::new(false);
    let draft_restored = RwSignal::new(None::<String>);
    let draft_saved_at = RwSignal::new(None::<String>);
    let draft_failed = RwSignal::new(false);
    let last_saved = StoredValue::new(String::new());
    let save_generation = StoredValue::new(0u32);
    let draft_supplement = if answering { request_id } else { None };
    let current_draft = move || Draft {
        subject: subject.get(),
        body: body.get(),
        supplement_request_id: draft_supplement,
        upload_ids: uploaded_ids(uploads),
    };
    // Tied to this page, which owns every value the task touches: when the person leaves it,
    // the request is aborted and the rest of the task never runs.
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        if let Ok(Some(stored)) = api.draft(matter_id).await {
            let d = stored.draft;
            if !d.subject.is_empty() {
                subject.set(d.subject);
            }
            body.set(d.body);
            for doc in stored.uploads {
                let key = next_key.get_value();
                next_key.set_value(key + 1);
                uploads.update(|u| {
                    u.push(UploadItem {
                        key,
                        name: doc.document.file_name.clone(),
                        size: doc.document.size,
                        progress: RwSignal::new(1.0),
                        state: RwSignal::new(UploadState::Done(doc)),
                    })
                });
            }
            draft_restored.set(Some(stored.updated_at));
        }
        last_saved.set_value(serde_json::to_string(&untrack(current_draft)).unwrap_or_default());
        draft_loaded.set(true);
    });
    Effect::new(move |_| {
        // Checked first: once the receipt is shown the form and its upload rows are gone, and
        // their signals with them.
        if !draft_loaded.get() || receipt.with(Option::is_some) {
            return;
        }
        let draft = current_draft();
        let snapshot = serde_json::to_string(&draft).unwrap_or_default();
        if snapshot == last_saved.get_value() {
            return;
        }
        let generation = save_generation.get_value() + 1;
        save_generation.set_value(generation);
        set_timeout(
            move || {
                // The page may have been left meanwhile (its values are then disposed).
                if save_generation.try_get_value() != Some(generation)
                    || receipt.try_with_untracked(Option::is_some) != Some(false)
                {
                    return;
                }
                // Not scoped to the page: the draft is saved even when the person leaves now.
                leptos::task::spawn_local(async move {
                    let saved = api.save_draft(matter_id, &draft).await;
                    // Saved on the server either way; the page may be gone by now.
                    match saved {
                        Ok(stored) => {
                            last_saved.try_set_value(snapshot);
                            draft_failed.try_set(false);
                            draft_saved_at.try_set(Some(stored.updated_at));
                        }
                        Err(_) => {
                            draft_failed.try_set(true);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(800),
        );
    });

    let initial_subject = StoredValue::new(subject.get_untracked());
    let discard_draft = move |_| {
        let sent_uploads = untrack(|| uploaded_ids(uploads));
        let cleared = Draft {
            subject: initial_subject.get_value(),
            body: String::new(),
            supplement_request_id: draft_supplement,
            upload_ids: Vec::new(),
        };
        last_saved.set_value(serde_json::to_string(&cleared).unwrap_or_default());
        save_generation.update_value(|g| *g += 1);
        subject.set(initial_subject.get_value());
        body.set(String::new());
        uploads.set(Vec::new());
        draft_restored.set(None);
        draft_saved_at.set(None);
        upload_status.set(i18n.t(Key::DraftDiscarded).to_string());
        leptos::task::spawn_local(async move {
            let _ = api.delete_draft(matter_id).await;
            for id in sent_uploads {
                let _ = api.delete_upload(id).await;
            }
        });
        browser::focus_id("subject");
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
            let item = UploadItem {
                key,
                name: file.name(),
                size: file.size() as u64,
                progress: RwSignal::new(0.0),
                state: RwSignal::new(UploadState::Uploading),
            };
            let active = uploads.with_untracked(|u| {
                u.iter()
                    .filter(|i| !matches!(i.state.get_untracked(), UploadState::Failed(_)))
                    .count()
            });
            let precheck = if active >= MAX_DOCUMENTS_PER_MESSAGE {
                Some(Key::ErrTooManyDocuments)
            } else if item.size > DEFAULT_MAX_UPLOAD_BYTES {
                Some(Key::ErrFileTooLarge)
            } else {
                None
            };
            uploads.update(|u| u.push(item.clone()));
            if let Some(k) = precheck {
                item.state.set(UploadState::Failed(k));
                upload_status.set(format!("{}: {}", item.name, i18n.t(k)));
                continue;
            }
            let progress = item.progress;
            // Tied to the form, which owns the row's signals: leaving the page aborts the
            // upload, and neither progress nor the result arrives after that.
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let result = api
                    .upload(&file, move |sent, total| {
                        if total > 0.0 {
                            progress.set(sent / total);
                        }
                    })
                    .await;
                match result {
                    Ok(doc) => {
                        progress.set(1.0);
                        upload_status.set(format!("{}: {}", item.name, i18n.t(Key::UploadDone)));
                        item.state.set(UploadState::Done(doc));
                    }
                    Err(e) => {
                        let k = upload_error_key(&e);
                        upload_status.set(format!("{}: {}", item.name, i18n.t(k)));
                        item.state.set(UploadState::Failed(k));
                    }
                }
            });
        }
    };

    let remove = move |key: u32| {
        let Some(item) = uploads.with_untracked(|u| u.iter().find(|i| i.key == key).cloned())
        else {
            return;
        };
        let name = item.name.clone();
        if let UploadState::Done(doc) = item.state.get_untracked() {
            leptos::task::spawn_local(async move {
                // If this fails the upload is deleted by the server after a day; never sent.
                let _ = api.delete_upload(doc.document.id).await;
            });
        }
        uploads.update(|u| u.retain(|i| i.key != key));
        upload_status.set(format!("{}: {}", name, i18n.t(Key::UploadRemoved)));
        browser::focus_id("files");
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general_error.set(None);
        if uploads.with_untracked(|u| {
            u.iter()
                .any(|i| i.state.get_untracked() == UploadState::Uploading)
        }) {
            general_error.set(Some(Key::ErrUploadsPending));
            return;
        }
        let upload_ids = untrack(|| uploaded_ids(uploads));
        let req = SendMessageRequest {
            supplement_request_id: if answering { request_id } else { None },
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            upload_ids,
        };
        // Same rules as the server, for immediate feedback; the server checks again.
        if let Err(field_errors) = req.validate() {
            form_errors.show(field_errors);
            return;
        }
        form_errors.clear();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match api.send_message(matter_id, &req).await {
                Ok(r) => {
                    receipt.set(Some(r));
                    browser::focus_after_render("#receipt-heading");
                    api.refresh_unread().await;
                }
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e.message_key())),
            }
            sending.set(false);
        });
    };

    let reference = m.summary.reference.clone();
    let matter_title = m.summary.title.clone();
    let can_reply = m.can_reply;
    let request_for_view = request.clone();
    let request_view = move || {
        request_for_view.clone().map(|r| {
            view! {
                <section class="panel request" aria-labelledby="request-heading">
                    <h2 id="request-heading">{i18n.tr(Key::RequestWhatWeNeed)}</h2>
                    <RequestDetails request=r/>
                </section>
            }
        })
    };

    let form = move || {
        view! {
            <h1 tabindex="-1">{move || i18n.t(title_key)}</h1>
            <p class="lead">
                {i18n.tr(Key::MatterLabel)} ": "
                {matter_link(matter_id, &matter_title, &reference)}
            </p>
            {request_view()}
            {(request.is_some() && !answering).then(|| view! { <p class="alert info">{i18n.tr(Key::RequestNotOpen)}</p> })}
            <div role="status" class="status-region">
                {move || draft_restored.get().map(|at| view! {
                    <div class="alert info">
                        <p>
                            {move || format!("{} {}.", i18n.t(Key::DraftRestored), browser::format_date(&at, i18n.lang.get().locale(), true))}
                        </p>
                        <button type="button" class="button secondary small" on:click=discard_draft>
                            {i18n.tr(Key::DraftDiscard)}
                        </button>
                    </div>
                })}
            </div>
            <form class="form" novalidate on:submit=on_submit>
                <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                <TextField id="subject" label=Key::SubjectLabel value=subject error=error_for("subject")/>
                <TextArea
                    id="body"
                    label=Key::BodyLabel
                    hint=Key::BodyHint
                    value=body
                    error=error_for("body")
                    maxlength=MAX_BODY_CHARS
                />
                <FieldFrame id="files" label=Key::FilesLabel hint=Some(Key::FilesHint) error=error_for("upload_ids")>
                    <input
                        id="files"
                        type="file"
                        multiple
                        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                        aria-describedby="files-hint"
                        on:change=on_files
                    />
                </FieldFrame>
                <ul class="upload-list" aria-label=i18n.tr(Key::ChosenFiles)>
                    <For each=move || uploads.get() key=|i| i.key let:item>
                        <UploadRow item=item on_remove=remove/>
                    </For>
                </ul>
                <div role="status" class="visually-hidden">{move || upload_status.get()}</div>
                {move || general_error.get().map(|k| view! { <p class="alert error" role="alert">{move || i18n.t(k)}</p> })}
                <button type="submit" class="button" disabled=move || sending.get()>
                    {move || i18n.t(if sending.get() { Key::Sending } else { Key::SendButton })}
                </button>
                <p class="hint draft-status">
                    {move || {
                        if draft_failed.get() {
                            Some(i18n.t(Key::DraftSaveFailed).to_string())
                        } else {
                            draft_saved_at.get().map(|at| {
                                format!("{} {}", i18n.t(Key::DraftSavedAt), browser::format_date(&at, i18n.lang.get().locale(), true))
                            })
                        }
                    }}
                </p>
            </form>
        }
    };

    // Read once: switching whom one acts for reloads the app, and logging out removes this
    // page. Tracking it here would re-run this view while the page is being removed, after its
    // own signals are gone.
    let can_act = untrack(move || api.can(Area::Matters, AccessLevel::Act));
    view! {
        {move || match receipt.get() {
            Some(r) => view! {
                <ReceiptPanel receipt=r.clone() heading_level="h1"/>
                <div role="status" class="status-region">
                    <p class="alert success">{i18n.tr(Key::SentNotice)}</p>
                </div>
                <div class="button-row">
                    <A href=matter_href(matter_id) attr:class="button secondary">{i18n.tr(Key::BackToMatter)}</A>
                    <A href=message_href(r.receipt_message_id) attr:class="button secondary">
                        {i18n.tr(Key::ReceiptInInbox)}
                    </A>
                </div>
                // Asked here only, right after sending: never again for the same submission.
                <LazySatisfaction receipt_number=r.receipt_number.clone()/>
            }.into_any(),
            None if !can_act => view! {
                <h1 tabindex="-1">{move || i18n.t(title_key)}</h1>
                <p class="alert info">{i18n.tr(Key::NoActRight)}</p>
            }.into_any(),
            None if !can_reply => view! {
                <h1 tabindex="-1">{move || i18n.t(title_key)}</h1>
                <p class="alert info">{i18n.tr(Key::MatterClosedHint)}</p>
            }.into_any(),
            None => form().into_any(),
        }}
    }
}

/// Ids of the files that finished uploading (tracked when read in a reactive context).
fn uploaded_ids(uploads: RwSignal<Vec<UploadItem>>) -> Vec<i64> {
    uploads.with(|u| {
        u.iter()
            .filter_map(|i| match i.state.get() {
                UploadState::Done(d) => Some(d.document.id),
                _ => None,
            })
            .collect()
    })
}

/// The current language's text for a key, read once (for prefilled values).
fn translate_now(key: Key) -> &'static str {
    crate::i18n::translate(use_i18n().lang.get_untracked(), key)
}

#[component]
fn UploadRow(item: UploadItem, on_remove: impl Fn(u32) + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let key = item.key;
    let name = item.name.clone();
    let size = item.size;
    let state = item.state;
    let progress = item.progress;
    let label_name = name.clone();
    view! {
        <li class="upload-item" class:upload-failed=move || matches!(state.get(), UploadState::Failed(_))>
            <span class="upload-name">{name.clone()}</span>
            <span class="upload-meta">
                {move || match state.get() {
                    UploadState::Done(d) => format!("{}, {}", type_label(&d.document.content_type), format_size(d.document.size, i18n.lang.get())),
                    _ => format_size(size, i18n.lang.get()),
                }}
            </span>
            {move || match state.get() {
                UploadState::Uploading => {
                    let label = format!("{} {}", i18n.t(Key::Uploading), label_name);
                    // Whole percent as an integer: formatting floating-point numbers would
                    // bring their code into the page's module.
                    let percent = move || (progress.get() * 100.0).round() as u32;
                    view! {
                        <progress max="100" value=move || percent().to_string() aria-label=label></progress>
                        <span class="upload-percent" aria-hidden="true">{move || format!("{} %", percent())}</span>
                    }.into_any()
                }
                UploadState::Done(_) => view! { <span class="upload-ok">{i18n.tr(Key::UploadDone)}</span> }.into_any(),
                UploadState::Failed(k) => view! { <span class="error-message upload-error">{move || i18n.t(k)}</span> }.into_any(),
            }}
            <button
                type="button"
                class="button secondary small"
                disabled=move || state.get() == UploadState::Uploading
                on:click=move |_| on_remove(key)
            >
                {i18n.tr(Key::RemoveFile)}
                <span class="visually-hidden">{format!(" {name}")}</span>
            </button>
        </li>
    }
}
