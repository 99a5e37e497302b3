//! The organisation's data, shown on "Mina uppgifter" while acting for an organisation.

use leptos::prelude::*;
use minsida_api::org::display_party_identifier;
use minsida_api::representation::{OrganisationDetails, TaxRegistrationKind};

use crate::api::use_api;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading};
use crate::i18n::{use_i18n, Key};

/// The organisation's data, shown on "Mina uppgifter" while acting for an organisation.
#[component]
pub fn OrganisationView() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let org = LocalResource::new(move || async move { api.organisation().await });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || org.get().map(|r| match r {
                Ok(o) => view! { <OrganisationData org=o/> }.into_any(),
                Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
            })}
        </Suspense>
        <p class="hint">{i18n.tr(Key::OrganisationSource)}</p>
    }
}

fn registration_key(kind: TaxRegistrationKind) -> Key {
    match kind {
        TaxRegistrationKind::FTax => Key::RegistrationFTax,
        TaxRegistrationKind::Vat => Key::RegistrationVat,
        TaxRegistrationKind::Employer => Key::RegistrationEmployer,
    }
}

#[component]
fn OrganisationData(org: OrganisationDetails) -> impl IntoView {
    let i18n = use_i18n();
    let o = org;
    let since = o.registered_since.clone();
    let a = o.address.clone();
    let mut address_lines = Vec::new();
    if let Some(co) = &a.care_of {
        address_lines.push(co.clone());
    }
    address_lines.push(a.street.clone());
    address_lines.push(format!("{} {}", a.postal_code, a.city));
    if let Some(c) = &a.country {
        address_lines.push(c.clone());
    }
    view! {
        <section class="panel" aria-labelledby="org-heading">
            <h2 id="org-heading">{i18n.tr(Key::OrganisationHeading)}</h2>
            <dl class="details">
                <div class="dl-row"><dt>{i18n.tr(Key::OrganisationName)}</dt><dd>{o.name.clone()}</dd></div>
                <div class="dl-row"><dt>{i18n.tr(Key::OrganisationNumber)}</dt><dd>{display_party_identifier(&o.organisation_number)}</dd></div>
                <div class="dl-row"><dt>{i18n.tr(Key::OrganisationLegalForm)}</dt><dd>{o.legal_form.clone()}</dd></div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::OrganisationAddress)}</dt>
                    <dd><address>{address_lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}</address></dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::OrganisationRegisteredSince)}</dt>
                    <dd>{move || browser::format_date(&since, i18n.lang.get().locale(), false)}</dd>
                </div>
            </dl>
            <h3>{i18n.tr(Key::RegistrationsHeading)}</h3>
            {if o.registrations.is_empty() {
                view! { <p>{i18n.tr(Key::RegistrationsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.registrations.into_iter().map(|r| {
                            let since = r.registered_since.clone();
                            view! {
                                <li>
                                    {move || i18n.t(registration_key(r.kind))} " – " {i18n.tr(Key::RegisteredFrom)} " "
                                    {move || browser::format_date(&since, i18n.lang.get().locale(), false)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
