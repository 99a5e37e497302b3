//! `/agera-for`: choose whom to act for.

use leptos::prelude::*;
use minsida_api::org::display_party_identifier;
use minsida_api::representation::{Mandate, PartyKind};

use super::{role_key, scopes_text};
use crate::api::{use_api, ApiError, AuthState};
use crate::app::HOME_PATH;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{use_i18n, Key};

/// `/agera-for`: choose whom to act for.
#[component]
pub fn ChoosePartyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::ChoosePartyTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::ChoosePartyTitle)}</h1>
        <RequireAuth>
            <ChoosePartyContent/>
        </RequireAuth>
    }
}

#[component]
fn ChoosePartyContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let parties = LocalResource::new(move || async move { api.parties().await });
    let error = RwSignal::new(None::<ApiError>);
    let switching = RwSignal::new(None::<i64>);
    let current = move || match api.auth.get() {
        AuthState::LoggedIn(info) => info.acting_as.map(|a| a.party.id),
        _ => None,
    };
    let switch = move |id: i64| {
        switching.set(Some(id));
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.switch_party(id).await {
                Ok(_) => browser::hard_navigate(HOME_PATH),
                Err(e) => {
                    error.set(Some(e));
                    switching.set(None);
                }
            }
        });
    };
    view! {
        <p class="lead">{i18n.tr(Key::ChoosePartyIntro)}</p>
        {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
        <Suspense fallback=|| view! { <Loading/> }>
            {move || parties.get().map(|r| match r {
                Ok(p) => {
                    let none_to_act_for = p.mandates.is_empty();
                    let me = p.me.clone();
                    let me_id = me.id;
                    view! {
                        <ul class="cards party-list">
                            <li class="card">
                                <h2>{me.name.clone()}</h2>
                                <p>{i18n.tr(Key::PartyYourself)} " · " {display_party_identifier(&me.identifier)}</p>
                                {move || if current().is_none() {
                                    view! { <p><strong class="tag">{i18n.tr(Key::PartyCurrent)}</strong></p> }.into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button" on:click=move |_| switch(me_id) disabled=move || switching.get().is_some()>
                                            {i18n.tr(Key::ActingBackToSelf)}
                                        </button>
                                    }.into_any()
                                }}
                            </li>
                            {p.mandates.into_iter().map(|m| view! { <MandateCard mandate=m current=Signal::derive(current) on_switch=switch switching=switching/> }).collect_view()}
                        </ul>
                        {none_to_act_for.then(|| view! { <p>{i18n.tr(Key::NoMandates)}</p> })}
                    }.into_any()
                }
                Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn MandateCard(
    mandate: Mandate,
    current: Signal<Option<i64>>,
    on_switch: impl Fn(i64) + Copy + Send + Sync + 'static,
    switching: RwSignal<Option<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let m = mandate;
    let id = m.party.id;
    let name = m.party.name.clone();
    let kind = match m.party.kind {
        PartyKind::Organisation => Key::PartyOrganisation,
        PartyKind::Person => Key::PartyPerson,
    };
    let scopes = m.scopes.clone();
    let until = m.valid_until.clone();
    let button_name = name.clone();
    view! {
        <li class="card">
            <h2>{name}</h2>
            <p>{move || i18n.t(kind)} " · " {display_party_identifier(&m.party.identifier)}</p>
            <dl class="details compact">
                <div class="dl-row"><dt>{i18n.tr(Key::MandateRole)}</dt><dd>{move || i18n.t(role_key(m.role))}</dd></div>
                <div class="dl-row"><dt>{i18n.tr(Key::MandateScopes)}</dt><dd>{move || scopes_text(i18n, &scopes)}</dd></div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::MandateValidUntil)}</dt>
                    <dd>{move || match &until {
                        Some(d) => browser::format_date(d, i18n.lang.get().locale(), false),
                        None => i18n.t(Key::MandateOpenEnded).to_string(),
                    }}</dd>
                </div>
            </dl>
            {move || if current.get() == Some(id) {
                view! { <p><strong class="tag">{i18n.tr(Key::PartyCurrent)}</strong></p> }.into_any()
            } else {
                let label = button_name.clone();
                view! {
                    <button type="button" class="button" on:click=move |_| on_switch(id) disabled=move || switching.get().is_some()>
                        {i18n.tr(Key::ActFor)}
                        " "
                        <span class="visually-hidden">{label.clone()}</span>
                    </button>
                }.into_any()
            }}
        </li>
    }
}
