//! "Check your answers" and Send: `/e-tjanster/:id/kontrollera`.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use minsida_api::eservices::SubmitEService;

use super::flow::{self, Readable};
use super::question_page::{is_conflict, ConflictMessage};
use super::store::{self, Filling};
use super::{page_href, receipt_href, service_href, use_service_id};
use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{set_document_title, ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

#[component]
pub fn EServiceCheckPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::EserviceCheckTitle/>
        <RequireAuth>
            <CheckContent/>
        </RequireAuth>
    }
}

#[component]
fn CheckContent() -> impl IntoView {
    store::forget_on_logout(use_api());
    let i18n = use_i18n();
    let api = use_api();
    let service = use_service_id();
    let owner = StoredValue::new(store::owner(api).unwrap_or_default());
    let filling = LocalResource::new(move || {
        let id = service.get();
        store::load(api, owner.get_value(), id)
    });
    view! {
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::EserviceCheckTitle)}</h1><Loading/> }>
            {move || {
                filling.get().map(|result| {
                    browser::restore_heading_focus();
                    match result {
                        Ok(loaded) => {
                            let current = owner
                                .with_value(|o| store::get(o, &loaded.form.id))
                                .unwrap_or(loaded);
                            view! { <CheckAnswers filling=current/> }.into_any()
                        }
                        Err(e) => view! {
                            <h1 tabindex="-1">{i18n.tr(Key::EserviceCheckTitle)}</h1>
                            <ApiErrorMessage error=e/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A readable answer: option labels (the agency's words), lines as typed, files by name.
fn answer_view(readable: Readable) -> AnyView {
    let i18n = use_i18n();
    match readable {
        Readable::Missing => view! { <span class="not-answered">{i18n.tr(Key::EserviceNotAnswered)}</span> }.into_any(),
        Readable::YesNo(yes) => {
            view! { <span>{i18n.tr(if yes { Key::EserviceYes } else { Key::EserviceNo })}</span> }.into_any()
        }
        Readable::Options(labels) if labels.len() == 1 => {
            authored_text(labels.into_iter().next().unwrap_or_default(), true).into_any()
        }
        Readable::Options(labels) => view! {
            <ul class="answer-list" lang="sv">
                {labels.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        Readable::Lines(lines) => view! {
            <span class="answer-lines" lang="">
                {lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| view! { {(i > 0).then(|| view! { <br/> })}{l} })
                    .collect_view()}
            </span>
        }
        .into_any(),
        Readable::Files(files) => view! {
            <ul class="answer-list">
                {files
                    .into_iter()
                    .map(|(id, name)| {
                        let name = name.unwrap_or_else(|| i18n.f(Fmt::EserviceFileUnknown, &[("n", id.into())]));
                        view! { <li>{name}</li> }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn CheckAnswers(filling: Filling) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let form = filling.form.clone();
    let service = form.id.clone();
    let today = flow::today(&form.today);
    let owner = StoredValue::new(store::owner(api).unwrap_or_default());
    let answers = filling.answers.clone();
    let definition = &form.definition;
    let canonical = flow::canonical(definition, &answers, today);
    let shown = flow::shown_ids(definition, &answers, today);
    let incomplete = flow::first_incomplete_page(definition, &answers, today);
    set_document_title({
        let t = form.definition.title.clone();
        move || format!("{} – {t}", i18n.t(Key::EserviceCheckTitle))
    });

    let sections = flow::shown_pages(definition, &answers, today)
        .into_iter()
        .map(|p| {
            let page = &definition.pages[p];
            let rows = page
                .questions
                .iter()
                .filter(|q| shown.contains(&q.id))
                .map(|q| {
                    let answer = canonical.get(&q.id).or_else(|| answers.get(&q.id));
                    let readable = flow::readable(q, answer, &filling.files);
                    let href = page_href(&service, &page.id, true);
                    let label = q.label.clone();
                    view! {
                        <div class="summary-row">
                            <dt>{authored_text(label.clone(), true)}</dt>
                            <dd class="summary-value">{answer_view(readable)}</dd>
                            <dd class="summary-actions">
                                <A href=href>
                                    {i18n.tr(Key::EserviceChange)}
                                    <span class="visually-hidden">" " {authored_text(label, true)}</span>
                                </A>
                            </dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="summary-section" aria-labelledby=format!("summary-{}", page.id)>
                    <h2 id=format!("summary-{}", page.id)>{authored_text(page.title.clone(), true)}</h2>
                    <dl class="summary-list">{rows}</dl>
                </section>
            }
        })
        .collect_view();

    let sending = RwSignal::new(false);
    let general_error = RwSignal::new(None::<ApiError>);
    let conflict = RwSignal::new(false);
    let incomplete_href = incomplete.map(|p| page_href(&service, &definition.pages[p].id, true));
    let on_send = {
        let (form, service) = (form.clone(), service.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // A double click sends once: the second finds the first in flight.
            if sending.get_untracked() {
                return;
            }
            general_error.set(None);
            let owner_now = owner.get_value();
            // The latest answers and key of this filling-in (a retry reuses the key).
            let Some(current) = store::get(&owner_now, &service) else {
                return;
            };
            let errors = flow::all_errors(&form.definition, &current.answers, today);
            if !errors.is_empty() {
                let page = flow::page_of_first_error(&form.definition, &errors).unwrap_or(0);
                store::update(&owner_now, &service, |f| f.pending_errors = errors);
                navigate(
                    &page_href(&service, &form.definition.pages[page].id, true),
                    Default::default(),
                );
                return;
            }
            let submission = SubmitEService {
                version: form.version,
                answers: flow::shown_answers(&form.definition, &current.answers, today),
                idempotency_key: current.idempotency_key.clone(),
            };
            sending.set(true);
            let (service, form, navigate) = (service.clone(), form.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                match api.submit_eservice(&service, &submission).await {
                    Ok(receipt) => {
                        store::sent(&owner_now, &service, receipt);
                        navigate(&receipt_href(&service), Default::default());
                        api.refresh_unread().await;
                    }
                    Err(e) if !e.fields().is_empty() => {
                        let errors = e.fields().to_vec();
                        let page = flow::page_of_first_error(&form.definition, &errors);
                        match page {
                            Some(page) => {
                                store::update(&owner_now, &service, |f| f.pending_errors = errors);
                                navigate(
                                    &page_href(&service, &form.definition.pages[page].id, true),
                                    Default::default(),
                                );
                            }
                            None => {
                                general_error.try_set(Some(e));
                            }
                        }
                    }
                    Err(e) if is_conflict(&e) => {
                        conflict.try_set(true);
                    }
                    Err(e) => {
                        general_error.try_set(Some(e));
                    }
                }
                sending.try_set(false);
            });
        }
    };
    let party = form.party_name.clone();
    // Back to the last page of questions.
    let back_href = flow::shown_pages(&form.definition, &filling.answers, today)
        .last()
        .map_or_else(
            || service_href(&service),
            |p| page_href(&service, &form.definition.pages[*p].id, false),
        );
    view! {
        <p class="back-link"><A href=back_href>{i18n.tr(Key::EserviceBack)}</A></p>
        <p class="caption">{authored_text(form.definition.title.clone(), true)}</p>
        <h1 tabindex="-1">{i18n.tr(Key::EserviceCheckTitle)}</h1>
        <p class="party-note">{move || i18n.f(Fmt::EserviceFor, &[("name", party.as_str().into())])}</p>
        <p class="lead">{i18n.tr(Key::EserviceCheckIntro)}</p>
        {incomplete_href.map(|href| view! {
            <div class="alert warning">
                <p>{i18n.tr(Key::EserviceIncompleteWarning)}</p>
                <p><A href=href>{i18n.tr(Key::EserviceGoToIncomplete)}</A></p>
            </div>
        })}
        {sections}
        <form class="form send-form" novalidate on:submit=on_send aria-labelledby="send-heading">
            <h2 id="send-heading">{i18n.tr(Key::EserviceSendHeading)}</h2>
            <p>{i18n.tr(Key::EserviceSendText)}</p>
            {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
            {
                let service = service.clone();
                move || conflict.get().then(|| view! { <ConflictMessage service=service.clone()/> })
            }
            <button type="submit" class="button" id="eservice-send" disabled=move || sending.get()>
                {move || i18n.t(if sending.get() { Key::Sending } else { Key::EserviceSend })}
            </button>
        </form>
        <p class="hint">{i18n.tr(Key::EserviceSavedIntro)}</p>
    }
}
