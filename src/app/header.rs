//! The site header: skip link, brand, accessibility link, language switch, the logged-in
//! person with log-out, the acting-as and terminal bars, the main navigation and the
//! test-environment banner.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_navigate};

use super::{HOME_PATH, LOGIN_PATH};
use crate::api::{use_api, AuthState};
use crate::browser;
use crate::i18n::{use_i18n, Key, Lang};
use crate::pages::accessibility::ACCESSIBILITY_PATH;
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::matters::MATTERS_PATH;
use crate::pages::messages::INBOX_PATH;
use crate::pages::parties::ActingBar;
use crate::pages::personal::PERSONAL_PATH;
use crate::pages::terminal::TerminalBar;
use minsida_api::representation::{AccessLevel, Area};

/// The skip link and the `<header>` landmark.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_id("main");
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>{move || i18n.t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-bar">
                <A href=HOME_PATH attr:class="brand">
                    <span class="brand-agency">{move || i18n.t(Key::AgencyName)}</span>
                    <span class="brand-site">{move || i18n.t(Key::SiteName)}</span>
                </A>
                <div class="header-tools">
                    <A href=ACCESSIBILITY_PATH attr:class="header-link">{move || i18n.t(Key::NavAccessibility)}</A>
                    <LanguageSwitch/>
                    <UserMenu/>
                </div>
            </div>
            <ActingBar/>
            <TerminalBar/>
            <MainNav/>
            <TestEnvironmentBanner/>
        </header>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(Key::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            aria-pressed=move || (i18n.lang.get() == lang).to_string()
                            on:click=move |_| i18n.set(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let logging_out = RwSignal::new(false);
    let terminal = crate::terminal::use_terminal();
    let logout = move |_| {
        let navigate = navigate.clone();
        logging_out.set(true);
        // On a customer terminal logging out ends the visit: nothing may survive it.
        if terminal.is_some_and(|t| t.info.with_untracked(Option::is_some)) {
            leptos::task::spawn_local(async move { crate::terminal::end_visit(api).await });
            return;
        }
        leptos::task::spawn_local(async move {
            api.logout().await;
            logging_out.set(false);
            navigate(LOGIN_PATH, Default::default());
        });
    };
    let person = move || match api.auth.get() {
        AuthState::LoggedIn(info) => Some(info.person),
        _ => None,
    };
    view! {
        <Show when=move || person().is_some()>
            <p class="whoami">
                <span class="whoami-label">{move || i18n.t(Key::LoggedInAs)}</span>
                " "
                <strong>
                    {move || person().map(|p| format!("{} {}", p.given_name, p.last_name))}
                </strong>
            </p>
            <button type="button" class="button secondary" on:click=logout.clone() disabled=move || logging_out.get()>
                {move || i18n.t(if logging_out.get() { Key::LoggingOut } else { Key::LogOut })}
            </button>
        </Show>
    }
}

#[component]
fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let logged_in = Memo::new(move |_| matches!(api.auth.get(), AuthState::LoggedIn(_)));
    // The unread badge: known as soon as the person is logged in, kept up to date by the pages.
    Effect::new(move |_| {
        if logged_in.get() {
            leptos::task::spawn_local(async move { api.refresh_unread().await });
        }
    });
    view! {
        <Show when=move || logged_in.get()>
            <nav class="main-nav" aria-label=move || i18n.t(Key::MainNavLabel)>
                <ul>
                    <li><A href=HOME_PATH exact=true>{move || i18n.t(Key::NavStart)}</A></li>
                    <Show when=move || api.can(Area::Messages, AccessLevel::Read)>
                    <li>
                        <A href=INBOX_PATH>
                            {move || i18n.t(Key::NavMessages)}
                            {move || {
                                api.unread.get().filter(|n| *n > 0).map(|n| view! {
                                    " "
                                    <span class="badge">
                                        {n}
                                        <span class="visually-hidden">{move || format!(" {}", i18n.t(Key::UnreadSuffix))}</span>
                                    </span>
                                })
                            }}
                        </A>
                    </li>
                    </Show>
                    <Show when=move || api.can(Area::Matters, AccessLevel::Read)>
                        <li><A href=MATTERS_PATH>{move || i18n.t(Key::NavMatters)}</A></li>
                    </Show>
                    <Show when=move || api.can(Area::PersonalData, AccessLevel::Read)>
                        <li><A href=PERSONAL_PATH>{move || i18n.t(Key::NavPersonal)}</A></li>
                    </Show>
                    <Show when=move || api.can(Area::Preferences, AccessLevel::Read)>
                        <li><A href=CHANNELS_PATH>{move || i18n.t(Key::NavChannels)}</A></li>
                    </Show>
                </ul>
            </nav>
        </Show>
    }
}

/// A clear marker that the built-in test identity provider is in use.
#[component]
fn TestEnvironmentBanner() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let is_test = Memo::new(move |_| match api.auth.get() {
        AuthState::LoggedIn(info) => info.provider == "test",
        _ => false,
    });
    view! {
        <Show when=move || is_test.get()>
            <p class="test-banner">{move || i18n.t(Key::TestEnvBanner)}</p>
        </Show>
    }
}
