//! The site header: skip link, brand, accessibility link, language switch, the logged-in
//! person with log-out, the main navigation (behind a menu button on narrow screens), the
//! acting-as and terminal bars and the test-environment banner.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_location, use_navigate},
};
use wasm_bindgen::JsCast;

use super::{HOME_PATH, LOGIN_PATH};
use crate::api::{use_api, AuthState};
use crate::browser;
use crate::i18n::{use_i18n, Key, Lang};
use crate::pages::accessibility::ACCESSIBILITY_PATH;
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::eservices::ESERVICES_PATH;
use crate::pages::matters::MATTERS_PATH;
use crate::pages::messages::INBOX_PATH;
use crate::pages::parties::ActingBar;
use crate::pages::personal::PERSONAL_PATH;
use crate::pages::terminal::TerminalBar;
use minsida_api::representation::{AccessLevel, Area};

/// The id of the panel the menu button shows and hides.
const MENU_ID: &str = "site-menu";

/// The skip link and the `<header>` landmark.
///
/// On narrow screens (and with large text) the accessibility link, the language switch, the
/// logged-in person with log-out and the main navigation collapse into one panel behind a
/// "Menu" button (the disclosure pattern: `aria-expanded`, `aria-controls`). The same DOM
/// serves both: the stylesheet decides, with a container query on the header in `em`, whether
/// the button is shown and the panel is hidden (`display: none`, so also absent from the
/// accessibility tree) until opened, or the button is hidden and the panel's content is laid
/// out in the header bar. The acting-as bar, the terminal bar and the test-environment banner
/// stay outside the panel, always visible.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let panel = NodeRef::<leptos::html::Div>::new();

    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_id("main");
    };

    // A route change closes the menu; the shell moves focus to the new page's heading.
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });

    // Whether the menu button is in use (narrow layout): on wide screens it is not rendered
    // and the open state has no effect.
    let button_shown = move || {
        button
            .get_untracked()
            .is_some_and(|b| b.offset_width() > 0 && b.offset_height() > 0)
    };
    let within = move |node: &web_sys::Node| {
        let inside = |el: Option<web_sys::HtmlElement>| {
            el.is_some_and(|el| el.unchecked_ref::<web_sys::Node>().contains(Some(node)))
        };
        inside(panel.get_untracked().map(Into::into))
            || inside(button.get_untracked().map(Into::into))
    };

    // Escape closes the open menu when focus is on the button or in the panel (or nowhere,
    // after a click on the panel's background) and gives the button the focus back.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "Escape" || !open.get_untracked() || !button_shown() {
            return;
        }
        let document = web_sys::window().and_then(|w| w.document());
        let active = document.as_ref().and_then(|d| d.active_element());
        let body = document.as_ref().and_then(|d| d.body());
        let focus_here = match (&active, &body) {
            (None, _) => true,
            (Some(a), Some(b)) if a == b.unchecked_ref::<web_sys::Element>() => true,
            (Some(a), _) => within(a.unchecked_ref()),
        };
        if !focus_here {
            return;
        }
        ev.prevent_default();
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    });
    // A click outside the button and the panel closes the menu (focus stays where it went).
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if target.is_some_and(|t| !within(&t)) {
            open.set(false);
        }
    });
    on_cleanup(move || {
        escape.remove();
        outside.remove();
    });

    // Following a link in the panel closes it. A link to the page already shown does not
    // change the route, so the heading gets the focus here (the link is about to disappear).
    let follow_link = move |ev: leptos::ev::MouseEvent| {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(link) = link else { return };
        let was_open = open.get_untracked() && button_shown();
        open.set(false);
        let href = link.get_attribute("href").unwrap_or_default();
        let path = href.split(['?', '#']).next().unwrap_or_default();
        if was_open && path == location.pathname.get_untracked() {
            browser::focus_heading_on_route_change();
        }
    };

    view! {
        <a class="skip-link" href="#main" on:click=skip>{i18n.tr(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-bar">
                <A href=HOME_PATH attr:class="brand">
                    <span class="brand-agency">{i18n.tr(Key::AgencyName)}</span>
                    <span class="brand-site">{i18n.tr(Key::SiteName)}</span>
                </A>
                <button
                    type="button"
                    class="menu-button"
                    node_ref=button
                    aria-expanded=move || open.get().to_string()
                    aria-controls=MENU_ID
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <svg class="menu-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d=move || {
                            if open.get() { "M5 5L19 19M19 5L5 19" } else { "M3 6H21M3 12H21M3 18H21" }
                        }/>
                    </svg>
                    <span>{i18n.tr(Key::Menu)}</span>
                </button>
                <div id=MENU_ID class="site-menu" class:open=move || open.get() node_ref=panel on:click=follow_link>
                    <div class="header-tools">
                        <A href=ACCESSIBILITY_PATH attr:class="header-link">{i18n.tr(Key::NavAccessibility)}</A>
                        <LanguageSwitch/>
                        <UserMenu/>
                    </div>
                    <MainNav/>
                </div>
            </div>
            <ActingBar/>
            <TerminalBar/>
            <TestEnvironmentBanner/>
        </header>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.tr(Key::LanguageLabel)>
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
            // On the way to the identity provider's logout page: stay as we are meanwhile.
            if !api.logout().await {
                logging_out.set(false);
                navigate(LOGIN_PATH, Default::default());
            }
        });
    };
    let person = move || match api.auth.get() {
        AuthState::LoggedIn(info) => Some(info.person),
        _ => None,
    };
    view! {
        <Show when=move || person().is_some()>
            <p class="whoami">
                <span class="whoami-label">{i18n.tr(Key::LoggedInAs)}</span>
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
    // The unread badge: known before the shell first appears (see `App`), read here after a
    // login within the app; kept up to date by the pages.
    Effect::new(move |_| {
        if logged_in.get() && api.unread.get_untracked().is_none() {
            leptos::task::spawn_local(async move { api.refresh_unread().await });
        }
    });
    view! {
        <Show when=move || logged_in.get()>
            <nav class="main-nav" aria-label=i18n.tr(Key::MainNavLabel)>
                <ul>
                    <li><A href=HOME_PATH exact=true>{i18n.tr(Key::NavStart)}</A></li>
                    <Show when=move || api.can(Area::Messages, AccessLevel::Read)>
                    <li>
                        <A href=INBOX_PATH>
                            {i18n.tr(Key::NavMessages)}
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
                        <li><A href=MATTERS_PATH>{i18n.tr(Key::NavMatters)}</A></li>
                    </Show>
                    <Show when=move || api.can(Area::Matters, AccessLevel::Act)>
                        <li><A href=ESERVICES_PATH>{i18n.tr(Key::NavEservices)}</A></li>
                    </Show>
                    <Show when=move || api.can(Area::PersonalData, AccessLevel::Read)>
                        <li><A href=PERSONAL_PATH>{i18n.tr(Key::NavPersonal)}</A></li>
                    </Show>
                    <Show when=move || api.can(Area::Preferences, AccessLevel::Read)>
                        <li><A href=CHANNELS_PATH>{i18n.tr(Key::NavChannels)}</A></li>
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
            <p class="test-banner">{i18n.tr(Key::TestEnvBanner)}</p>
        </Show>
    }
}
