//! The app shell: context, routing, landmarks and focus management. The header (brand,
//! language switch, user actions, navigation) is in [`header`].

mod header;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes, A},
    hooks::use_location,
    ParamSegment, StaticSegment,
};

use crate::a11y::A11y;
use crate::api::Api;
use crate::browser;
use crate::components::IdleGuard;
use crate::i18n::{use_i18n, I18n, Key, Lang};
use crate::lazy::{self, LazyPage, Page};
use crate::pages::accessibility::{ACCESSIBILITY_PATH, STATEMENT_PATH};
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::eservices::{
    CHECK_SEGMENT, ESERVICES_PATH, PAGE_ID_PARAM, PAGE_SEGMENT, RECEIPT_SEGMENT, SERVICE_ID_PARAM,
};
use crate::pages::feedback::FEEDBACK_PATH;
use crate::pages::matters::{COMPOSE_SEGMENT, MATTERS_PATH, MATTER_ID_PARAM};
use crate::pages::messages::{INBOX_PATH, MESSAGE_ID_PARAM};
use crate::pages::parties::{ACCESS_LOG_PATH, CHOOSE_PARTY_PATH, GRANTS_PATH};
use crate::pages::personal::PERSONAL_PATH;
use crate::pages::terminal::ENROLL_PATH;
use crate::pages::NotFoundPage;
use crate::terminal::Terminal;
use header::SiteHeader;
use minsida_api::representation::{AccessLevel, Area};

/// The start page (or, on a customer terminal before login, the welcome screen).
pub const HOME_PATH: &str = "/";
pub const LOGIN_PATH: &str = "/logga-in";

#[component]
pub fn App() -> impl IntoView {
    // Swedish until the texts of the language chosen before are loaded (in parallel with the
    // session check; the shell waits for both).
    let i18n = I18n {
        lang: RwSignal::new(Lang::Sv),
        easy_read: RwSignal::new(false),
    };
    provide_context(i18n);
    let api = Api::new();
    provide_context(api);
    let a11y = A11y::provide(api, i18n);
    // The texts of the language chosen before, or of easy-to-read Swedish if the device has
    // it on, are fetched in parallel with the session check; the shell waits for them,
    // so the page does not change language (or wording) under the reader a moment later.
    let lang_ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let lang = I18n::initial_lang();
        // Easy-to-read texts replace Swedish ones only: one table to fetch at most.
        let easy_read = lang == Lang::Sv && a11y.prefs.get_untracked().easy_read;
        if easy_read {
            crate::i18n::load_easy_read().await;
            i18n.set_easy_read(true);
        } else if crate::i18n::load(lang).await {
            i18n.lang.set(lang);
        }
        lang_ready.set(true);
    });
    Terminal::provide(api);

    Effect::new(move |_| {
        let lang = i18n.lang.get();
        browser::set_root_lang(lang.tag(), lang.dir());
    });
    // The shell appears once the session check has answered and, for a person who may read
    // messages, the unread count is known: the navigation's badge is then there from the
    // start instead of widening the navigation a moment later (layout shift).
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        api.load_session().await;
        if untrack(move || api.can(Area::Messages, AccessLevel::Read)) {
            api.refresh_unread().await;
        }
        ready.set(true);
    });
    // The module of the page in the address bar is fetched while the session is checked.
    lazy::prefetch_current_page();
    lazy::prefetch_links_on_intent();
    view! {
        <Router>
            <Shell ready=Signal::derive(move || ready.get() && lang_ready.get())/>
        </Router>
    }
}

#[component]
fn Shell(ready: Signal<bool>) -> impl IntoView {
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

    // Until the session check has answered (see `ready` in `App`), the page that index.html
    // shows while loading stays: the header and the page then appear once, in their final
    // form, rather than growing by the navigation, the acting-as bar and the test banner a
    // moment later (layout shift).
    view! {
        <Show when=move || ready.get() fallback=move || view! { <BootScreen/> }>
            <SiteHeader/>
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
                    <Route path=StaticSegment(FEEDBACK_PATH) view=|| lazy(Page::Feedback)/>
                    <Route path=StaticSegment(INBOX_PATH) view=|| lazy(Page::Inbox)/>
                    <Route path=(StaticSegment(INBOX_PATH), ParamSegment(MESSAGE_ID_PARAM)) view=|| lazy(Page::Message)/>
                    <Route path=StaticSegment(MATTERS_PATH) view=|| lazy(Page::Matters)/>
                    <Route path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM)) view=|| lazy(Page::Matter)/>
                    <Route
                        path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM), StaticSegment(COMPOSE_SEGMENT))
                        view=|| lazy(Page::Compose)
                    />
                    <Route path=StaticSegment(ESERVICES_PATH) view=|| lazy(Page::EServices)/>
                    <Route path=(StaticSegment(ESERVICES_PATH), ParamSegment(SERVICE_ID_PARAM)) view=|| lazy(Page::EServiceStart)/>
                    <Route
                        path=(StaticSegment(ESERVICES_PATH), ParamSegment(SERVICE_ID_PARAM), StaticSegment(PAGE_SEGMENT), ParamSegment(PAGE_ID_PARAM))
                        view=|| lazy(Page::EServiceQuestions)
                    />
                    <Route
                        path=(StaticSegment(ESERVICES_PATH), ParamSegment(SERVICE_ID_PARAM), StaticSegment(CHECK_SEGMENT))
                        view=|| lazy(Page::EServiceCheck)
                    />
                    <Route
                        path=(StaticSegment(ESERVICES_PATH), ParamSegment(SERVICE_ID_PARAM), StaticSegment(RECEIPT_SEGMENT))
                        view=|| lazy(Page::EServiceReceipt)
                    />
                </Routes>
            </main>
            <footer class="site-footer">
                <h2>{i18n.tr(Key::FooterContact)}</h2>
                <p>{i18n.tr(Key::FooterContactText)}</p>
                <p><A href=STATEMENT_PATH>{i18n.tr(Key::FooterStatement)}</A></p>
                <p><A href=FEEDBACK_PATH>{i18n.tr(Key::FooterFeedback)}</A></p>
            </footer>
        </Show>
    }
}

/// The same loading screen as `index.html`'s, shown until the session check has answered.
#[component]
fn BootScreen() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" tabindex="-1">
            <h1>{i18n.tr(Key::SiteName)}</h1>
            <p class="boot" role="status">{i18n.tr(Key::Loading)}</p>
        </main>
    }
}

/// The route view of a page whose code is in a module of its own.
fn lazy(page: Page) -> impl IntoView {
    view! { <LazyPage page=page/> }
}
