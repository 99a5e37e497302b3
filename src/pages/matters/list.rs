//! `/arenden`: the person's matters, each with its status and open requests.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::messages::MatterSummary;

use super::{category_key, matter_href};
use crate::api::use_api;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth, StatusTag};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

#[component]
pub fn MattersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::MattersTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::MattersTitle)}</h1>
        <RequireAuth>
            <MattersContent/>
        </RequireAuth>
    }
}

#[component]
fn MattersContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let matters = LocalResource::new(move || async move { api.matters().await });
    view! {
        <p class="lead">{i18n.tr(Key::MattersIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                matters
                    .get()
                    .map(|result| match result {
                        Ok(list) if list.matters.is_empty() => {
                            view! { <p>{i18n.tr(Key::MattersEmpty)}</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="cards matter-list">
                                    {list.matters.into_iter().map(|m| view! { <MatterCard matter=m/> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn MatterCard(matter: MatterSummary) -> impl IntoView {
    let i18n = use_i18n();
    let m = matter;
    let updated = m.updated_at.clone();
    let open = m.open_requests;
    let category = m.category;
    view! {
        <li class="card matter-card">
            <h2 class="card-title"><A href=matter_href(m.id)>{authored_text(m.title.clone(), true)}</A></h2>
            <p class="matter-meta">
                <StatusTag status=m.status/>
                " "
                <span>{move || i18n.t(category_key(category))}</span>
                " · "
                // Isolated: after Arabic text a reference like 2026-004711 would otherwise be
                // shown as 004711-2026 (the Unicode bidi algorithm splits it at the hyphen).
                <span>{i18n.tr(Key::MatterReference)} " " <bdi>{m.reference.clone()}</bdi></span>
            </p>
            <p class="hint">
                {move || format!("{}: {}", i18n.t(Key::MatterUpdated), browser::format_date(&updated, i18n.lang.get().locale(), false))}
            </p>
            {(open > 0).then(|| view! {
                <p class="alert warning">
                    {move || i18n.f(Fmt::OpenRequests, &[("n", open.into())])}
                </p>
            })}
        </li>
    }
}
