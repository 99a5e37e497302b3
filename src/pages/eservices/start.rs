//! A service's start page: `/e-tjanster/:id`.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::eservices::Answer;

use super::store::{self, Filling};
use super::{check_href, easy_read, flow, page_href, use_service_id, ESERVICES_PATH};
use crate::api::use_api;
use crate::browser;
use crate::components::{set_document_title, ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

#[component]
pub fn EServiceStartPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::EservicesTitle/>
        <RequireAuth>
            <StartContent/>
        </RequireAuth>
    }
}

#[component]
fn StartContent() -> impl IntoView {
    store::forget_on_logout(use_api());
    let i18n = use_i18n();
    let api = use_api();
    let service = use_service_id();
    let owner = StoredValue::new(store::owner(api).unwrap_or_default());
    // Always from the server: a draft saved on another device, a new version.
    let reloads = RwSignal::new(0u32);
    let filling = LocalResource::new(move || {
        reloads.track();
        let id = service.get();
        store::reload(api, owner.get_value(), id)
    });
    let notice = RwSignal::new(None::<Key>);
    // After "start over": the Start button of the reloaded form takes the focus.
    let focus_start = RwSignal::new(false);
    view! {
        <p class="back-link"><A href=ESERVICES_PATH>{i18n.tr(Key::EserviceBackToList)}</A></p>
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::EservicesTitle)}</h1><Loading/> }>
            {move || {
                filling.get().map(|result| {
                    browser::restore_heading_focus();
                    match result {
                        Ok(f) => view! { <Start filling=f notice=notice reloads=reloads focus_start=focus_start/> }.into_any(),
                        Err(e) => view! {
                            <h1 tabindex="-1">{i18n.tr(Key::EservicesTitle)}</h1>
                            <ApiErrorMessage error=e/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
        <div role="status" class="status-region">
            {move || notice.get().map(|k| view! { <p class="alert info">{move || i18n.t(k)}</p> })}
        </div>
    }
}

#[component]
fn Start(
    filling: Filling,
    notice: RwSignal<Option<Key>>,
    reloads: RwSignal<u32>,
    focus_start: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    if focus_start.get_untracked() {
        focus_start.set(false);
        browser::focus_after_render("#eservice-start");
    }
    let api = use_api();
    let form = filling.form.clone();
    let service = form.id.clone();
    let definition = &form.definition;
    let today = flow::today(&form.today);
    {
        let title = definition.title.clone();
        set_document_title(move || title.clone());
    }
    let answers = &filling.answers;
    let first = flow::shown_pages(definition, answers, today)
        .first()
        .copied()
        .unwrap_or(0);
    let started = filling.saved_at.clone();
    // Continue where the person left off: the first page with something missing, else the
    // check page.
    let continue_href = match flow::first_incomplete_page(definition, answers, today) {
        Some(p) => page_href(&service, &definition.pages[p].id, false),
        None => check_href(&service),
    };
    let start_href = page_href(&service, &definition.pages[first].id, false);
    let deleting = RwSignal::new(false);
    let start_over = {
        let service = service.clone();
        let uploads: Vec<i64> = answers
            .values()
            .filter_map(|a| match a {
                Answer::Uploads(ids) => Some(ids.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        move |_| {
            if deleting.get_untracked() {
                return;
            }
            deleting.set(true);
            notice.set(None);
            let (service, uploads) = (service.clone(), uploads.clone());
            let owner = store::owner(api).unwrap_or_default();
            leptos::task::spawn_local(async move {
                match api.delete_eservice_draft(&service).await {
                    Ok(()) => {
                        for id in uploads {
                            let _ = api.delete_upload(id).await;
                        }
                        store::forget(&owner, &service);
                        notice.set(Some(Key::EserviceStartOverNotice));
                        focus_start.set(true);
                        reloads.update(|n| *n += 1);
                    }
                    Err(_) => {
                        notice.set(Some(Key::EserviceStartOverFailedWarning));
                        deleting.try_set(false);
                    }
                }
            });
        }
    };
    let summary = definition.summary.clone();
    let easy_summary = definition.easy_read_summary.clone();
    let party = form.party_name.clone();
    view! {
        <h1 tabindex="-1">{authored_text(definition.title.clone(), true)}</h1>
        <p class="lead" lang="sv">{move || if easy_read(i18n) { easy_summary.clone() } else { summary.clone() }}</p>
        <dl class="details">
            <div class="dl-row">
                <dt>{i18n.tr(Key::EservicesHandler)}</dt>
                <dd>{authored_text(definition.handler.clone(), true)}</dd>
            </div>
        </dl>
        <p class="party-note">{move || i18n.f(Fmt::EserviceFor, &[("name", party.as_str().into())])}</p>
        <p>{i18n.tr(Key::EserviceSavedIntro)}</p>
        {match started {
            Some(at) => view! {
                <div class="panel draft-panel">
                    <p>{move || i18n.f(Fmt::EserviceDraftNotice, &[("time", browser::format_date(&at, i18n.lang.get().locale(), true).as_str().into())])}</p>
                    <div class="button-row">
                        <A href=continue_href attr:class="button" attr:id="eservice-start">{i18n.tr(Key::EserviceContinueButton)}</A>
                        <button type="button" class="button secondary" disabled=move || deleting.get() on:click=start_over>
                            {i18n.tr(Key::EserviceStartOver)}
                        </button>
                    </div>
                </div>
            }
            .into_any(),
            None => view! {
                <p><A href=start_href attr:class="button start-button" attr:id="eservice-start">{i18n.tr(Key::EserviceStartButton)}</A></p>
            }
            .into_any(),
        }}
    }
}
