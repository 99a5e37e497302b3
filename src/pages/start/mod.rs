//! The start page (dashboard) after login: the person's name and entry points to the areas
//! that work today. No dead links: an area appears here when it exists.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{use_api, AuthState};
use crate::components::{PageTitle, RequireAuth};
use crate::i18n::{use_i18n, Key};

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
    view! {
        <h1 tabindex="-1">{move || format!("{}, {}", i18n.t(Key::StartWelcome), name())}</h1>
        <p class="lead">{move || i18n.t(Key::StartIntro)}</p>
        <section aria-labelledby="services-heading">
            <h2 id="services-heading">{move || i18n.t(Key::StartServicesHeading)}</h2>
            <ul class="cards">
                <li class="card">
                    <h3><A href="/mina-uppgifter">{move || i18n.t(Key::StartPersonalLink)}</A></h3>
                    <p>{move || i18n.t(Key::StartPersonalText)}</p>
                </li>
            </ul>
        </section>
    }
}
