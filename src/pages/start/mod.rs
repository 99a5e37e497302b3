//! The start page (dashboard) after login: the person's name, what waits for them (requests
//! to supplement, unread messages) and entry points to the areas that work today. No dead
//! links: an area appears here when it exists.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::messages::{
    InboxFolder, InboxPage, InboxQuery, MatterList, MatterSummary, MessageSummary,
};
use minsida_api::representation::{AccessLevel, Area};

use crate::api::{use_api, Api, ApiError, AuthState};
use crate::browser;
use crate::components::{Loading, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Key};
use crate::pages::matters::matter_link;
use crate::pages::messages::{message_href, INBOX_PATH};

#[component]
pub fn StartPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::StartTitle/>
        <RequireAuth>
            <StartContent/>
        </RequireAuth>
    }
}

#[component]
fn StartContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let name = move || match api.auth.get() {
        AuthState::LoggedIn(info) => info.person.given_name,
        _ => String::new(),
    };
    let todo = ToDoData::load(api);
    // The to-do list and the services below it appear together, once the to-do list is known:
    // a list that arrived later would push the services down (layout shift).
    view! {
        <h1 tabindex="-1">{move || format!("{}, {}", i18n.t(Key::StartWelcome), name())}</h1>
        <p class="lead">{i18n.tr(Key::StartIntro)}</p>
        {move || match todo.get() {
            Some(items) => view! { <ToDo items=items/> <Services/> }.into_any(),
            None => view! { <Loading/> }.into_any(),
        }}
    }
}

#[component]
fn Services() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let acting_for_other =
        move || matches!(api.auth.get(), AuthState::LoggedIn(info) if info.acting_as.is_some());
    view! {
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{i18n.tr(Key::StartServicesHeading)}</h2>
            <ul class="cards">
                <Show when=move || api.can(Area::Messages, AccessLevel::Read)>
                    <li class="card">
                        <h3><A href=INBOX_PATH>{i18n.tr(Key::NavMessages)}</A></h3>
                        <p>{i18n.tr(Key::StartMessagesText)}</p>
                    </li>
                </Show>
                <Show when=move || api.can(Area::Matters, AccessLevel::Read)>
                    <li class="card">
                        <h3><A href=crate::pages::matters::MATTERS_PATH>{i18n.tr(Key::NavMatters)}</A></h3>
                        <p>{i18n.tr(Key::StartMattersText)}</p>
                    </li>
                </Show>
                <Show when=move || api.can(Area::PersonalData, AccessLevel::Read)>
                    <li class="card">
                        <h3><A href=crate::pages::personal::PERSONAL_PATH>{i18n.tr(Key::StartPersonalLink)}</A></h3>
                        <p>{i18n.tr(Key::StartPersonalText)}</p>
                    </li>
                </Show>
                <Show when=move || api.can(Area::Preferences, AccessLevel::Read)>
                    <li class="card">
                        <h3><A href=crate::pages::channels::CHANNELS_PATH>{i18n.tr(Key::NavChannels)}</A></h3>
                        <p>{i18n.tr(Key::StartChannelsText)}</p>
                    </li>
                </Show>
                <Show when=move || !acting_for_other()>
                    <li class="card">
                        <h3><A href=crate::pages::parties::GRANTS_PATH>{i18n.tr(Key::GrantsTitle)}</A></h3>
                        <p>{i18n.tr(Key::StartGrantsText)}</p>
                    </li>
                </Show>
                // The access log of someone else is part of their data.
                <Show when=move || api.can(Area::PersonalData, AccessLevel::Read)>
                    <li class="card">
                        <h3><A href=crate::pages::parties::ACCESS_LOG_PATH>{i18n.tr(Key::AccessLogTitle)}</A></h3>
                        <p>{i18n.tr(Key::StartAccessLogText)}</p>
                    </li>
                </Show>
            </ul>
        </section>
    }
}

/// What waits for the person: open requests to supplement and the newest unread messages,
/// from the areas the mandate covers when acting for someone else. Loaded in parallel.
#[derive(Clone, Copy)]
struct ToDoData {
    matters: LocalResource<Option<Result<MatterList, ApiError>>>,
    unread: LocalResource<Option<Result<InboxPage, ApiError>>>,
}

/// The to-do items, once both lists have answered (a list that could not be read adds none).
#[derive(Clone)]
struct ToDoItems {
    requests: Vec<MatterSummary>,
    messages: Vec<MessageSummary>,
}

impl ToDoData {
    fn load(api: Api) -> Self {
        // Untracked: a change of whom one acts for reloads the app; logging out removes this.
        let matters = LocalResource::new(move || {
            let allowed = untrack(move || api.can(Area::Matters, AccessLevel::Read));
            async move {
                if allowed {
                    Some(api.matters().await)
                } else {
                    None
                }
            }
        });
        let unread = LocalResource::new(move || {
            let allowed = untrack(move || api.can(Area::Messages, AccessLevel::Read));
            async move {
                if allowed {
                    Some(
                        api.inbox(&InboxQuery {
                            folder: Some(InboxFolder::Unread),
                            page_size: Some(3),
                            ..Default::default()
                        })
                        .await,
                    )
                } else {
                    None
                }
            }
        });
        ToDoData { matters, unread }
    }

    fn get(self) -> Option<ToDoItems> {
        let matters = self.matters.get()?;
        let unread = self.unread.get()?;
        let requests = matters
            .and_then(Result::ok)
            .map(|list| list.matters)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.open_requests > 0)
            .collect();
        let messages = unread
            .and_then(Result::ok)
            .map(|p| p.messages)
            .unwrap_or_default();
        Some(ToDoItems { requests, messages })
    }
}

#[component]
fn ToDo(items: ToDoItems) -> impl IntoView {
    let i18n = use_i18n();
    let ToDoItems { requests, messages } = items;
    let nothing = requests.is_empty() && messages.is_empty();
    view! {
        <section class="panel todo" aria-labelledby="todo-heading">
            <h2 id="todo-heading">{i18n.tr(Key::TodoHeading)}</h2>
            {nothing.then(|| view! { <p>{i18n.tr(Key::TodoNothing)}</p> })}
            <ul class="todo-list">
                {requests.into_iter().map(|m| {
                    view! {
                        <li>
                            <strong>{i18n.tr(Key::RequestHeading)}</strong> ": "
                            {matter_link(m.id, &m.title, &m.reference)}
                        </li>
                    }
                }).collect_view()}
                {messages.into_iter().map(|msg| {
                    let at = msg.sent_at.clone();
                    view! {
                        <li>
                            <strong>{i18n.tr(Key::UnreadMessage)}</strong> ": "
                            <A href=message_href(msg.id)>{authored_text(msg.subject.clone(), true)}</A>
                            " · " {move || browser::format_date(&at, i18n.lang.get().locale(), false)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
