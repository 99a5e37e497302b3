//! One page of questions: `/e-tjanster/:id/sida/:page`.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use minsida_api::eservices::{Answers, SaveEServiceDraft};
use minsida_api::ErrorCode;

use super::question::{FormCtx, QuestionField};
use super::store::{self, Announce, Filling};
use super::{
    check_href, easy_read, error_label, flow, intern, message_key, page_href, service_href,
    use_service_id, CHECK_SEGMENT, PAGE_ID_PARAM, RETURN_QUERY,
};
use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{
    set_document_title, ApiErrorMessage, ErrorSummary, Loading, PageTitle, RequireAuth, SummaryItem,
};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

#[component]
pub fn EServiceQuestionPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::EservicesTitle/>
        <RequireAuth>
            <QuestionContent/>
        </RequireAuth>
    }
}

#[component]
fn QuestionContent() -> impl IntoView {
    store::forget_on_logout(use_api());
    let i18n = use_i18n();
    let api = use_api();
    let service = use_service_id();
    let params = use_params_map();
    let page_id = Memo::new(move |_| params.with(|p| p.get(PAGE_ID_PARAM).unwrap_or_default()));
    let query = use_query_map();
    let return_to_check =
        Memo::new(move |_| query.with(|q| q.get(RETURN_QUERY).as_deref() == Some(CHECK_SEGMENT)));
    let owner = StoredValue::new(store::owner(api).unwrap_or_default());
    let filling = LocalResource::new(move || {
        let id = service.get();
        store::load(api, owner.get_value(), id)
    });
    view! {
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::EservicesTitle)}</h1><Loading/> }>
            {move || {
                filling.get().map(|result| {
                    browser::restore_heading_focus();
                    match result {
                        Ok(loaded) => {
                            let page = page_id.get();
                            let back = return_to_check.get();
                            // The latest answers: this window may have moved on since the load.
                            let current = owner
                                .with_value(|o| store::get(o, &loaded.form.id))
                                .unwrap_or(loaded);
                            view! { <PageForm filling=current page_id=page return_to_check=back/> }.into_any()
                        }
                        Err(e) => view! {
                            <h1 tabindex="-1">{i18n.tr(Key::EservicesTitle)}</h1>
                            <ApiErrorMessage error=e/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The conflict message: the service changed (or was withdrawn) since the form was loaded.
#[component]
pub(super) fn ConflictMessage(service: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let href = service_href(&service);
    let owner = store::owner(api).unwrap_or_default();
    view! {
        <div class="alert error" role="alert">
            <p>{i18n.tr(Key::EserviceConflictText)}</p>
            <p>
                // The start page loads the new version; the draft keeps the answers.
                <A href=href on:click=move |_| store::forget(&owner, &service)>
                    {i18n.tr(Key::EserviceReload)}
                </A>
            </p>
        </div>
    }
}

/// Whether an API error says the service changed or was withdrawn.
pub(super) fn is_conflict(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Server {
            code: ErrorCode::Conflict,
            ..
        }
    )
}

/// The answers worth saving in a draft: no blank ones.
fn draft_answers(answers: &Answers) -> Answers {
    answers
        .iter()
        .filter(|(_, a)| !flow::is_blank(a))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[component]
fn PageForm(filling: Filling, page_id: String, return_to_check: bool) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let form = filling.form.clone();
    let service = form.id.clone();
    let today = flow::today(&form.today);
    let owner = StoredValue::new(store::owner(api).unwrap_or_default());
    let index = flow::page_index(&form.definition, &page_id);
    let answers = RwSignal::new(filling.answers.clone());
    let ctx = FormCtx {
        form: StoredValue::new(form.clone()),
        owner,
        answers,
        errors: RwSignal::new(filling.pending_errors.clone()),
        files: RwSignal::new(filling.files.clone()),
        uploading: RwSignal::new(0),
        today,
    };
    // Shown once: problems the server found on sending, or the save of the previous page.
    owner.with_value(|o| {
        store::update(o, &service, |f| {
            f.pending_errors.clear();
            f.announce = None;
        })
    });
    let status = RwSignal::new(None::<Key>);
    if let Some(announce) = filling.announce {
        // Set after the page is in place, so that screen readers announce it.
        request_animation_frame(move || {
            status.try_set(Some(match announce {
                Announce::Saved => Key::EserviceSavedNotice,
                Announce::SaveFailed => Key::EserviceSaveFailedWarning,
            }));
        });
    }
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    if !filling.pending_errors.is_empty() {
        // After the route change has focused the heading (itself one frame after rendering).
        request_animation_frame(move || {
            request_animation_frame(move || {
                if let Some(el) = summary_ref.get_untracked() {
                    let _ = el.focus();
                }
            })
        });
    }

    let shown = {
        let form = form.clone();
        Memo::new(move |_| answers.with(|a| flow::shown_ids(&form.definition, a, today)))
    };
    let shown_pages = {
        let form = form.clone();
        Memo::new(move |_| answers.with(|a| flow::shown_pages(&form.definition, a, today)))
    };
    let title = index.map(|i| form.definition.pages[i].title.clone());
    {
        let (title, service_title) = (title.clone(), form.definition.title.clone());
        set_document_title(move || match &title {
            Some(t) => format!("{t} – {service_title}"),
            None => service_title.clone(),
        });
    }
    let Some(index) = index.filter(|i| untrack(|| shown_pages.get()).contains(i)) else {
        // An unknown page, or one the answers do not call for.
        return view! {
            <h1 tabindex="-1">{authored_text(form.definition.title.clone(), true)}</h1>
            <p>{i18n.tr(Key::EservicePageHiddenText)}</p>
            <p><A href=service_href(&service)>{i18n.tr(Key::EserviceGoToStart)}</A></p>
        }
        .into_any();
    };
    let page = form.definition.pages[index].clone();

    let summary_items = {
        let form = form.clone();
        Signal::derive(move || {
            ctx.errors.with(|errors| {
                errors
                    .iter()
                    .map(|e| SummaryItem {
                        field_id: intern(flow::error_target(&form.definition, &e.field)),
                        message: message_key(&form.definition, e),
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let summary_labels = {
        let form = form.clone();
        Signal::derive(move || {
            ctx.errors.with(|errors| {
                errors
                    .iter()
                    .map(|e| error_label(&form.definition, e))
                    .collect::<Vec<_>>()
            })
        })
    };
    let saving = RwSignal::new(false);
    let general_error = RwSignal::new(None::<Key>);
    let conflict = RwSignal::new(false);

    let back_href = {
        let (form, service) = (form.clone(), service.clone());
        move || {
            if return_to_check {
                return check_href(&service);
            }
            let previous = answers.with(|a| flow::previous_page(&form.definition, a, today, index));
            match previous {
                Some(p) => page_href(&service, &form.definition.pages[p].id, false),
                None => service_href(&service),
            }
        }
    };

    let on_submit = {
        let (form, service) = (form.clone(), service.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if saving.get_untracked() {
                return;
            }
            general_error.set(None);
            if ctx.uploading.get_untracked() > 0 {
                general_error.set(Some(Key::ErrUploadsPending));
                return;
            }
            let current = answers.get_untracked();
            let errors = flow::page_errors(&form.definition, &current, today, index);
            let draft = SaveEServiceDraft {
                answers: draft_answers(&current),
            };
            let service = service.clone();
            let owner_now = owner.get_value();
            if !errors.is_empty() {
                ctx.errors.set(errors);
                request_animation_frame(move || {
                    if let Some(el) = summary_ref.get_untracked() {
                        let _ = el.focus();
                    }
                });
                // Saved all the same: nothing typed is lost, also not on another device.
                if draft.answers.is_empty() {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(saved) = api.save_eservice_draft(&service, &draft).await {
                        store::update(&owner_now, &service, |f| f.saved_at = Some(saved.saved_at));
                    }
                });
                return;
            }
            ctx.errors.set(Vec::new());
            let target = if return_to_check {
                match flow::first_incomplete_page(&form.definition, &current, today) {
                    Some(p) if p != index => {
                        page_href(&service, &form.definition.pages[p].id, true)
                    }
                    _ => check_href(&service),
                }
            } else {
                match flow::next_page(&form.definition, &current, today, index) {
                    Some(p) => page_href(&service, &form.definition.pages[p].id, false),
                    None => check_href(&service),
                }
            };
            saving.set(true);
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                let saved = api.save_eservice_draft(&service, &draft).await;
                let announce = match saved {
                    Ok(saved) => {
                        store::update(&owner_now, &service, |f| f.saved_at = Some(saved.saved_at));
                        Announce::Saved
                    }
                    Err(e) if is_conflict(&e) => {
                        saving.try_set(false);
                        conflict.try_set(true);
                        return;
                    }
                    Err(ApiError::Server { status: 401, .. }) => {
                        // The login page takes over; the answers stay in this window's memory.
                        saving.try_set(false);
                        return;
                    }
                    Err(_) => Announce::SaveFailed,
                };
                store::update(&owner_now, &service, |f| f.announce = Some(announce));
                saving.try_set(false);
                navigate(&target, Default::default());
            });
        }
    };

    let position = move || {
        let pages = shown_pages.get();
        let n = pages.iter().position(|p| *p == index).map_or(1, |p| p + 1);
        i18n.f(
            Fmt::EservicePageOf,
            &[("page", n.into()), ("pages", pages.len().into())],
        )
    };
    let guidance = page.guidance.clone();
    let easy_guidance = page.easy_read_guidance.clone();
    let party = form.party_name.clone();
    let service_title = form.definition.title.clone();
    let form_for_conflict = service.clone();
    view! {
        <p class="back-link"><A href=back_href>{i18n.tr(Key::EserviceBack)}</A></p>
        <p class="caption">
            {authored_text(service_title, true)}
            <span class="caption-step">{position}</span>
        </p>
        <h1 tabindex="-1">{authored_text(page.title.clone(), true)}</h1>
        <p class="party-note">{move || i18n.f(Fmt::EserviceFor, &[("name", party.as_str().into())])}</p>
        {move || {
            // Every page has easy-to-read guidance; the ordinary one is optional.
            let text = if easy_read(i18n) { Some(easy_guidance.clone()) } else { guidance.clone() };
            text.map(|t| view! { <p class="lead" lang="sv">{t}</p> })
        }}
        <div role="status" class="status-region">
            {move || status.get().map(|k| view! { <p class="alert info">{move || i18n.t(k)}</p> })}
        </div>
        <form class="form eservice-form" novalidate on:submit=on_submit>
            <ErrorSummary items=summary_items node_ref=summary_ref labels=summary_labels/>
            {page.questions.into_iter().map(|q| {
                let id = q.id.clone();
                view! {
                    <Show when=move || shown.with(|s| s.contains(&id))>
                        <QuestionField question=q.clone() ctx=ctx/>
                    </Show>
                }
            }).collect_view()}
            {move || general_error.get().map(|k| view! { <p class="alert error" role="alert">{move || i18n.t(k)}</p> })}
            {move || conflict.get().then(|| view! { <ConflictMessage service=form_for_conflict.clone()/> })}
            <button type="submit" class="button" disabled=move || saving.get()>
                {move || i18n.t(if saving.get() { Key::EserviceSaving } else { Key::EserviceContinue })}
            </button>
        </form>
    }
    .into_any()
}
