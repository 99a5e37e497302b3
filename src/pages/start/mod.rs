//! The start page (dashboard) after login: the person's name, what waits for them (requests
//! to supplement, unread messages) and entry points to the areas that work today. No dead
//! links: an area appears here when it exists.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::messages::{InboxFolder, InboxQuery};
use minsida_api::representation::{AccessLevel, Area};

use crate::api::{use_api, AuthState};
use crate::browser;
use crate::components::{PageTitle, RequireAuth};
use crate::i18n::{use_i18n, Key};
use crate::pages::matters::matter_href;
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
    let acting_for_other =
        move || matches!(api.auth.get(), AuthState::LoggedIn(info) if info.acting_as.is_some());
    view! {
        <h1 tabindex="-1">{move || format!("{}, {}", i18n.t(Key::StartWelcome), name())}</h1>
        <p class="lead">{i18n.tr(Key::StartIntro)}</p>
        <ToDo/>
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
/// from the areas the mandate covers when acting for someone else.
#[component]
fn ToDo() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let matters = LocalResource::new(move || {
        // Untracked: a change of whom one acts for reloads the app; logging out removes this.
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
    view! {
        <section class="panel todo" aria-labelledby="todo-heading">
            <h2 id="todo-heading">{i18n.tr(Key::TodoHeading)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let requests: Vec<_> = matters
                        .get()
                        .flatten()
                        .and_then(Result::ok)
                        .map(|list| list.matters)
                        .unwrap_or_default();
                    let messages = unread.get().flatten().and_then(Result::ok);
                    let open: Vec<_> = requests.into_iter().filter(|m| m.open_requests > 0).collect();
                    let nothing = open.is_empty() && messages.as_ref().is_none_or(|p| p.messages.is_empty());
                    view! {
                        {nothing.then(|| view! { <p>{i18n.tr(Key::TodoNothing)}</p> })}
                        <ul class="todo-list">
                            {open.into_iter().map(|m| {
                                let href = matter_href(m.id);
                                view! {
                                    <li>
                                        <strong>{i18n.tr(Key::RequestHeading)}</strong> ": "
                                        <A href=href>{format!("{} ({})", m.title, m.reference)}</A>
                                    </li>
                                }
                            }).collect_view()}
                            {messages.map(|p| p.messages.into_iter().map(|msg| {
                                let at = msg.sent_at.clone();
                                view! {
                                    <li>
                                        <strong>{i18n.tr(Key::UnreadMessage)}</strong> ": "
                                        <A href=message_href(msg.id)>{msg.subject.clone()}</A>
                                        " · " {move || browser::format_date(&at, i18n.lang.get().locale(), false)}
                                    </li>
                                }
                            }).collect_view())}
                        </ul>
                    }
                }}
            </Suspense>
        </section>
    }
}
