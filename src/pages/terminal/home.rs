//! `/`: the welcome screen on a terminal when nobody is logged in, else the start page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{use_api, AuthState};
use crate::app::LOGIN_PATH;
use crate::components::{Loading, PageTitle};
use crate::i18n::{load, translate, use_i18n, Key, Lang};
use crate::pages::start::StartPage;
use crate::terminal::use_terminal;

/// `/`: the welcome screen on a terminal when nobody is logged in, else the start page.
#[component]
pub fn HomePage() -> impl IntoView {
    let api = use_api();
    let terminal = use_terminal();
    move || {
        let anonymous = matches!(api.auth.get(), AuthState::Anonymous(_));
        match terminal {
            // Until the server has said whether this is a terminal, show neither: the start
            // page would send a logged-out visitor to the login page before the welcome
            // screen could appear.
            Some(t) if anonymous && !t.checked.get() => view! { <Loading/> }.into_any(),
            Some(t) if anonymous && t.is_on() => view! { <WelcomePage/> }.into_any(),
            _ => view! { <StartPage/> }.into_any(),
        }
    }
}

#[component]
fn WelcomePage() -> impl IntoView {
    let i18n = use_i18n();
    // The greetings are in every language: the page appears once all their texts are loaded
    // (English and Arabic are modules of their own, see `i18n::load`).
    let languages = LocalResource::new(|| async {
        for lang in Lang::ALL {
            load(lang).await;
        }
    });
    view! {
        <PageTitle key=Key::WelcomeTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::WelcomeTitle)}</h1>
        <Show when=move || languages.get().is_some() fallback=|| view! { <Loading/> }>
            <WelcomeContent/>
        </Show>
    }
}

#[component]
fn WelcomeContent() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="welcome-greetings" aria-label=i18n.tr(Key::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <li lang=lang.tag() dir=lang.dir()>
                            <button
                                type="button"
                                class="button welcome-language"
                                aria-pressed=move || (i18n.lang.get() == lang).to_string()
                                on:click=move |_| i18n.set(lang)
                            >
                                <span class="welcome-greeting">{translate(lang, Key::WelcomeGreeting)}</span>
                                <span class="welcome-choose">{translate(lang, Key::WelcomeChooseLanguage)}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{i18n.tr(Key::WelcomeHowHeading)}</h2>
        <ol class="welcome-steps">
            <li>{i18n.tr(Key::WelcomeStep1)}</li>
            <li>{i18n.tr(Key::WelcomeStep2)}</li>
            <li>{i18n.tr(Key::WelcomeStep3)}</li>
        </ol>
        <p><A href=LOGIN_PATH attr:class="button welcome-login">{i18n.tr(Key::LoginButton)}</A></p>
        <p class="hint">{i18n.tr(Key::WelcomePrivacy)}</p>
    }
}
