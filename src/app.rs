//! The app shell: context, routing, landmarks, language switch and focus management.

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::{use_location, use_navigate},
    ParamSegment, StaticSegment,
};

use crate::a11y::A11y;
use crate::api::{use_api, Api, AuthState};
use crate::browser;
use crate::components::IdleGuard;
use crate::i18n::{use_i18n, I18n, Key, Lang};
use crate::lazy::{self, LazyPage, Page};
use crate::pages::accessibility::{ACCESSIBILITY_PATH, STATEMENT_PATH};
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::matters::{COMPOSE_SEGMENT, MATTERS_PATH, MATTER_ID_PARAM};
use crate::pages::messages::{INBOX_PATH, MESSAGE_ID_PARAM};
use crate::pages::parties::{ActingBar, ACCESS_LOG_PATH, CHOOSE_PARTY_PATH, GRANTS_PATH};
use crate::pages::personal::PERSONAL_PATH;
use crate::pages::terminal::{TerminalBar, ENROLL_PATH};
use crate::pages::NotFoundPage;
use crate::terminal::Terminal;
use minsida_api::representation::{AccessLevel, Area};

/// The start page (or, on a customer terminal before login, the welcome screen).
pub const HOME_PATH: &str = "/";
pub const LOGIN_PATH: &str = "/logga-in";

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n {
        lang: RwSignal::new(I18n::initial_lang()),
        easy_read: RwSignal::new(false),
    };
    provide_context(i18n);
    let api = Api::new();
    provide_context(api);
    A11y::provide(api, i18n);
    Terminal::provide(api);

    Effect::new(move |_| {
        let lang = i18n.lang.get();
        browser::set_root_lang(lang.tag(), lang.dir());
    });
    leptos::task::spawn_local(async move { api.load_session().await });
    lazy::prefetch_links_on_intent();
    // Once someone is logged in, the main navigation's pages are the likely next step.
    Effect::new(move |_| {
        if matches!(api.auth.get(), AuthState::LoggedIn(_)) {
            lazy::prefetch_when_idle(vec![
                Page::Inbox,
                Page::Matters,
                Page::Personal,
                Page::Channels,
            ]);
        }
    });

    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();

    // On every route change (not the first load) move focus to the new page's heading, so
    // keyboard and screen-reader users start at the top of the new content.
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            browser::focus_heading_on_route_change();
        }
        path
    });

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
        <IdleGuard/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment(HOME_PATH) view=|| lazy(Page::Home)/>
                <Route path=StaticSegment(LOGIN_PATH) view=|| lazy(Page::Login)/>
                <Route path=StaticSegment(PERSONAL_PATH) view=|| lazy(Page::Personal)/>
                <Route path=StaticSegment(CHANNELS_PATH) view=|| lazy(Page::Channels)/>
                <Route path=StaticSegment(CHOOSE_PARTY_PATH) view=|| lazy(Page::ChooseParty)/>
                <Route path=StaticSegment(GRANTS_PATH) view=|| lazy(Page::Grants)/>
                <Route path=StaticSegment(ACCESS_LOG_PATH) view=|| lazy(Page::AccessLog)/>
                <Route path=StaticSegment(ENROLL_PATH) view=|| lazy(Page::Enroll)/>
                <Route path=StaticSegment(ACCESSIBILITY_PATH) view=|| lazy(Page::Accessibility)/>
                <Route path=StaticSegment(STATEMENT_PATH) view=|| lazy(Page::Statement)/>
                <Route path=StaticSegment(INBOX_PATH) view=|| lazy(Page::Inbox)/>
                <Route path=(StaticSegment(INBOX_PATH), ParamSegment(MESSAGE_ID_PARAM)) view=|| lazy(Page::Message)/>
                <Route path=StaticSegment(MATTERS_PATH) view=|| lazy(Page::Matters)/>
                <Route path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM)) view=|| lazy(Page::Matter)/>
                <Route
                    path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM), StaticSegment(COMPOSE_SEGMENT))
                    view=|| lazy(Page::Compose)
                />
            </Routes>
        </main>
        <footer class="site-footer">
            <h2>{move || i18n.t(Key::FooterContact)}</h2>
            <p>{move || i18n.t(Key::FooterContactText)}</p>
            <p><A href=STATEMENT_PATH>{move || i18n.t(Key::FooterStatement)}</A></p>
        </footer>
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

/// The route view of a page whose code is in a chunk.
fn lazy(page: Page) -> impl IntoView {
    view! { <LazyPage page=page/> }
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
