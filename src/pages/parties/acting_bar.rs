//! The always-visible bar that says whose data is on the screen.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{party_label, role_key, CHOOSE_PARTY_PATH};
use crate::api::{use_api, ApiError, AuthState};
use crate::app::HOME_PATH;
use crate::browser;
use crate::components::ApiErrorMessage;
use crate::i18n::{use_i18n, Key};

/// Always visible while logged in: whose data is on the screen. Acting for someone else is
/// shown in a distinct bar with the way back; acting for oneself shows a link to switch only
/// when there is someone to act for.
#[component]
pub fn ActingBar() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let acting = Memo::new(move |_| match api.auth.get() {
        AuthState::LoggedIn(info) => Some((info.person.clone(), info.acting_as.clone())),
        _ => None,
    });
    let switching = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let back_to_self = move |_| {
        switching.set(true);
        leptos::task::spawn_local(async move {
            match api.stop_acting().await {
                // A fresh start, so nothing of the other party stays in memory.
                Ok(_) => browser::hard_navigate(HOME_PATH),
                Err(e) => error.set(Some(e)),
            }
            switching.set(false);
        });
    };
    view! {
        {move || acting.get().map(|(_, acting_as)| match acting_as {
            Some(a) => view! {
                <div class="acting-bar" role="region" aria-label=i18n.tr(Key::ActingAsLabel)>
                    <p class="acting-who">
                        {i18n.tr(Key::ActingFor)} " "
                        <strong>{party_label(&a.party)}</strong>
                        " (" {move || i18n.t(role_key(a.role))} ")"
                    </p>
                    <div class="acting-actions">
                        <A href=CHOOSE_PARTY_PATH attr:class="button secondary small">{i18n.tr(Key::ActingSwitch)}</A>
                        <button type="button" class="button small" on:click=back_to_self disabled=move || switching.get()>
                            {i18n.tr(Key::ActingBackToSelf)}
                        </button>
                    </div>
                    {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                </div>
            }
            .into_any(),
            None => view! { <SelfBar/> }.into_any(),
        })}
    }
}

/// Acting for oneself: a link to switch, shown when the person has someone to act for (the
/// session says so, so the line is there from the first render and nothing moves later).
#[component]
fn SelfBar() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let can_switch = move || match api.auth.get() {
        AuthState::LoggedIn(info) => info.can_act_for_others,
        _ => false,
    };
    view! {
        <Show when=can_switch>
            <p class="acting-self">
                {i18n.tr(Key::ActingForSelf)} " "
                <A href=CHOOSE_PARTY_PATH>{i18n.tr(Key::ActingChooseLink)}</A>
            </p>
        </Show>
    }
}
