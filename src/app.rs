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
use crate::i18n::{use_i18n, I18n, Key};
use crate::pages::accessibility::{
    AccessibilityPage, StatementPage, ACCESSIBILITY_PATH, STATEMENT_PATH,
};
use crate::pages::channels::{ChannelsPage, CHANNELS_PATH};
use crate::pages::matters::{
    ComposePage, MatterPage, MattersPage, COMPOSE_SEGMENT, MATTERS_PATH, MATTER_ID_PARAM,
};
use crate::pages::messages::{InboxPageView, MessagePage, INBOX_PATH, MESSAGE_ID_PARAM};
use crate::pages::parties::{
    AccessLogPage, ChoosePartyPage, GrantsPage, ACCESS_LOG_PATH, CHOOSE_PARTY_PATH, GRANTS_PATH,
};
use crate::pages::personal::{PersonalPage, PERSONAL_PATH};
use crate::pages::terminal::{EnrollPage, HomePage, ENROLL_PATH};
use crate::pages::{login::LoginPage, NotFoundPage};
use crate::terminal::Terminal;
use header::SiteHeader;

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

    view! {
        <SiteHeader/>
        <IdleGuard/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=StaticSegment(HOME_PATH) view=HomePage/>
                <Route path=StaticSegment(LOGIN_PATH) view=LoginPage/>
                <Route path=StaticSegment(PERSONAL_PATH) view=PersonalPage/>
                <Route path=StaticSegment(CHANNELS_PATH) view=ChannelsPage/>
                <Route path=StaticSegment(CHOOSE_PARTY_PATH) view=ChoosePartyPage/>
                <Route path=StaticSegment(GRANTS_PATH) view=GrantsPage/>
                <Route path=StaticSegment(ACCESS_LOG_PATH) view=AccessLogPage/>
                <Route path=StaticSegment(ENROLL_PATH) view=EnrollPage/>
                <Route path=StaticSegment(ACCESSIBILITY_PATH) view=AccessibilityPage/>
                <Route path=StaticSegment(STATEMENT_PATH) view=StatementPage/>
                <Route path=StaticSegment(INBOX_PATH) view=InboxPageView/>
                <Route path=(StaticSegment(INBOX_PATH), ParamSegment(MESSAGE_ID_PARAM)) view=MessagePage/>
                <Route path=StaticSegment(MATTERS_PATH) view=MattersPage/>
                <Route path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM)) view=MatterPage/>
                <Route
                    path=(StaticSegment(MATTERS_PATH), ParamSegment(MATTER_ID_PARAM), StaticSegment(COMPOSE_SEGMENT))
                    view=ComposePage
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
