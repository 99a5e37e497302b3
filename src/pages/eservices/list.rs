//! "Mina e-tjänster": `/e-tjanster`.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::eservices::EServiceSummary;

use super::{easy_read, service_href};
use crate::api::use_api;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

#[component]
pub fn EServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::EservicesTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::EservicesTitle)}</h1>
        <p class="lead">{i18n.tr(Key::EservicesIntro)}</p>
        <RequireAuth>
            <ServiceList/>
        </RequireAuth>
    }
}

#[component]
fn ServiceList() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let services = LocalResource::new(move || async move { api.eservices().await });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                services.get().map(|result| match result {
                    Ok(list) if list.services.is_empty() => {
                        view! { <p>{i18n.tr(Key::EservicesNoneText)}</p> }.into_any()
                    }
                    Ok(list) => view! {
                        <ul class="cards eservice-list">
                            {list.services.into_iter().map(|s| view! { <ServiceCard service=s/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                })
            }}
        </Suspense>
    }
}

#[component]
fn ServiceCard(service: EServiceSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = service_href(&service.id);
    let summary = service.summary.clone();
    let easy = service.easy_read_summary.clone();
    let last = service.last_submitted_at.clone();
    let title = service.title.clone();
    view! {
        <li class="card eservice-card">
            <h2 class="card-title"><A href=href.clone()>{authored_text(service.title.clone(), true)}</A></h2>
            <p lang="sv">{move || if easy_read(i18n) { easy.clone() } else { summary.clone() }}</p>
            <dl class="details">
                <div class="dl-row">
                    <dt>{i18n.tr(Key::EservicesHandler)}</dt>
                    <dd>{authored_text(service.handler.clone(), true)}</dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::EservicesLastSent)}</dt>
                    <dd>
                        {move || match &last {
                            Some(at) => browser::format_date(at, i18n.lang.get().locale(), true),
                            None => i18n.t(Key::EservicesNeverSent).to_string(),
                        }}
                    </dd>
                </div>
            </dl>
            {service.draft_saved_at.clone().map(|at| view! {
                <p>
                    <A href=href attr:class="button secondary">
                        {move || i18n.f(Fmt::EservicesContinueSaved, &[("time", browser::format_date(&at, i18n.lang.get().locale(), true).as_str().into())])}
                        <span class="visually-hidden">"– " {authored_text(title.clone(), true)}</span>
                    </A>
                </p>
            })}
        </li>
    }
}
