use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiError, AuthState};
use crate::app::{HOME_PATH, LOGIN_PATH};
use crate::browser;
use crate::i18n::{use_i18n, Key};

/// Keeps `document.title` as "<page> – Min sida" in the current language, with the party
/// the person acts for when that is someone else ("<page> – <party> – Min sida"), so that
/// whose data is shown is also clear from the tab and to screen readers.
#[component]
pub fn PageTitle(key: Key) -> impl IntoView {
    let i18n = use_i18n();
    set_document_title(move || i18n.t(key).to_string());
}

/// Keeps `document.title` as `page()` followed by the party acted for (if someone else) and
/// the site name, like [`PageTitle`], for pages titled by their data (a message's subject, a
/// matter's title).
pub fn set_document_title(page: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    let api = use_api();
    Effect::new(move |_| {
        let acting = match api.auth.get() {
            AuthState::LoggedIn(info) => info.acting_as.map(|a| a.party.name),
            _ => None,
        };
        let title = match acting {
            Some(party) => format!("{} – {} – {}", page(), party, i18n.t(Key::SiteName)),
            None => format!("{} – {}", page(), i18n.t(Key::SiteName)),
        };
        browser::set_document_title(&title);
    });
}

/// A polite, announced loading indicator.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{i18n.tr(Key::Loading)}</p> }
}

/// A translated error message for a failed API call, announced to screen readers.
#[component]
pub fn ApiErrorMessage(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let key = error.message_key();
    view! { <p class="alert error" role="alert">{move || i18n.t(key)}</p> }
}

/// Shows its children only with a session; otherwise sends the person to the login page and
/// back here after logging in.
#[component]
pub fn RequireAuth(children: ChildrenFn) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let location = use_location();
    let state = Memo::new(move |_| match api.auth.get() {
        AuthState::Unknown => 0u8,
        AuthState::Anonymous(_) => 1,
        AuthState::LoggedIn(_) => 2,
    });
    Effect::new(move |_| {
        if state.get() == 1 {
            let here = location.pathname.get_untracked();
            let target = if here == HOME_PATH {
                LOGIN_PATH.to_string()
            } else {
                format!("{LOGIN_PATH}?next={here}")
            };
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    move || {
        if state.get() == 2 {
            children().into_any()
        } else {
            view! { <Loading/> }.into_any()
        }
    }
}
