//! `/atkomstlogg`: who else looked at or acted on the data.

use leptos::prelude::*;
use minsida_api::org::display_party_identifier;
use minsida_api::representation::{AccessActor, AccessKind, AccessLogEntry};

use super::{area_key, role_key};
use crate::api::use_api;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{use_i18n, Key};

/// `/atkomstlogg`: who else looked at or acted on the data.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::AccessLogTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::AccessLogTitle)}</h1>
        <RequireAuth>
            <AccessLogContent/>
        </RequireAuth>
    }
}

#[component]
fn AccessLogContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let log = LocalResource::new(move || async move { api.access_log().await });
    view! {
        <p class="lead">{i18n.tr(Key::AccessLogIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || log.get().map(|r| match r {
                Ok(l) if l.entries.is_empty() => view! { <p>{i18n.tr(Key::AccessLogEmpty)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="event-list access-log">
                        {l.entries.into_iter().map(|e| view! { <AccessLogItem entry=e/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

fn access_kind_key(kind: AccessKind) -> Key {
    match kind {
        AccessKind::Read => Key::AccessRead,
        AccessKind::Downloaded => Key::AccessDownloaded,
        AccessKind::Sent => Key::AccessSent,
        AccessKind::Changed => Key::AccessChanged,
    }
}

#[component]
fn AccessLogItem(entry: AccessLogEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let who = match &entry.actor {
        AccessActor::Person {
            name,
            identifier,
            role,
        } => {
            let role = *role;
            let base = format!("{name}, {}", display_party_identifier(identifier));
            view! { <strong>{base}</strong> {move || role.map(|r| format!(" ({})", i18n.t(role_key(r))))} }.into_any()
        }
        AccessActor::System { name } => {
            let name = name.clone();
            view! { <strong>{move || format!("{} {}", i18n.t(Key::AccessBySystem), name)}</strong> }
                .into_any()
        }
    };
    let area = entry.area;
    let kind = entry.kind;
    view! {
        <li>
            <time datetime=entry.at>{move || browser::format_date(&at, i18n.lang.get().locale(), true)}</time>
            {who}
            " – "
            {move || format!("{}: {}", i18n.t(access_kind_key(kind)), i18n.t(area_key(area)))}
        </li>
    }
}
