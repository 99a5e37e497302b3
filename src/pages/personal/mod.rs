//! "Mina uppgifter": registered data from the population register (read-only, prefilled) and
//! the contact details the person controls.

use leptos::prelude::*;
use minsida_api::{
    pin::display_pin, ContactDetails, PersonalDetails, PostalAddress, UpdateContactRequest,
};

use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{
    ApiErrorMessage, ErrorSummary, FormErrors, Loading, PageTitle, RequireAuth, TextField,
};
use crate::i18n::{use_i18n, Key};

pub const PERSONAL_PATH: &str = "/mina-uppgifter";

#[component]
pub fn PersonalPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    // Acting for an organisation shows the organisation's data instead.
    let acting_for_organisation = move || {
        matches!(
            api.auth.get(),
            crate::api::AuthState::LoggedIn(info)
                if info.acting_as.as_ref().is_some_and(|a| a.party.kind == minsida_api::representation::PartyKind::Organisation)
        )
    };
    view! {
        <PageTitle key=Key::PersonalTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::PersonalTitle)}</h1>
        <RequireAuth>
            {move || if acting_for_organisation() {
                view! { <crate::pages::parties::OrganisationView/> }.into_any()
            } else {
                view! { <PersonalContent/> }.into_any()
            }}
        </RequireAuth>
    }
}

#[component]
fn PersonalContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let details = LocalResource::new(move || async move { api.personal_details().await });
    view! {
        <p class="lead">{i18n.tr(Key::PersonalIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                details
                    .get()
                    .map(|result| match result {
                        Ok(d) => {
                            let contact = d.contact.clone();
                            view! {
                                <RegisteredData details=d/>
                                <ContactForm initial=contact/>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn address_lines(a: &PostalAddress) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(co) = &a.care_of {
        lines.push(co.clone());
    }
    lines.push(a.street.clone());
    lines.push(format!("{} {}", a.postal_code, a.city));
    if let Some(country) = &a.country {
        lines.push(country.clone());
    }
    lines
}

#[component]
fn Address(address: PostalAddress) -> impl IntoView {
    let lines = address_lines(&address);
    view! {
        <address>
            {lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}
        </address>
    }
}

#[component]
fn RegisteredData(details: PersonalDetails) -> impl IntoView {
    let i18n = use_i18n();
    let d = details;
    let number_label = if d.coordination_number {
        Key::FieldCoordinationNumber
    } else {
        Key::FieldPersonalNumber
    };
    let birth = d.birth_date.clone();
    let since = d.registered_since.clone();
    let postal = d.postal_address.clone();
    let row = move |label: Key, value: AnyView| {
        view! {
            <div class="dl-row">
                <dt>{move || i18n.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="registered-heading">
            <h2 id="registered-heading">{i18n.tr(Key::RegisteredHeading)}</h2>
            <p class="hint">{i18n.tr(Key::RegisteredSource)}</p>
            <dl class="details">
                {row(Key::FieldName, format!("{} {}", d.first_names, d.last_name).into_any())}
                {row(number_label, display_pin(&d.personal_number).into_any())}
                {row(
                    Key::FieldBirthDate,
                    (move || browser::format_date(&birth, i18n.lang.get().locale(), false)).into_any(),
                )}
                {row(Key::FieldRegisteredAddress, view! { <Address address=d.registered_address.clone()/> }.into_any())}
                {postal.map(|p| row(Key::FieldPostalAddress, view! { <Address address=p/> }.into_any()))}
                {row(Key::FieldMunicipality, d.municipality.clone().into_any())}
                {row(Key::FieldCounty, d.county.clone().into_any())}
                {row(
                    Key::FieldRegisteredSince,
                    (move || browser::format_date(&since, i18n.lang.get().locale(), false)).into_any(),
                )}
                {row(Key::FieldCitizenship, d.citizenship.clone().into_any())}
            </dl>
            <h3>{i18n.tr(Key::ReportChangeHeading)}</h3>
            <p>{i18n.tr(Key::ReportChangeMove)}</p>
            <p>{i18n.tr(Key::ReportChangeOther)}</p>
        </section>
    }
}

fn field_id(api_field: &str) -> &'static str {
    match api_field {
        "mobile" => "mobile",
        _ => "email",
    }
}

#[component]
fn ContactForm(initial: ContactDetails) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();

    // Prefilled with what the agency already has; the signals keep whatever the person types.
    let email = RwSignal::new(initial.email.clone().unwrap_or_default());
    let mobile = RwSignal::new(initial.mobile.clone().unwrap_or_default());
    let saved = RwSignal::new(initial);
    let form_errors = FormErrors::new(field_id);
    let general_error = RwSignal::new(None::<ApiError>);
    let status = RwSignal::new(None::<Key>);
    let saving = RwSignal::new(false);
    let error_for = move |field: &'static str| form_errors.for_field(field);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        general_error.set(None);
        let request = UpdateContactRequest {
            email: Some(email.get_untracked()),
            mobile: Some(mobile.get_untracked()),
        };
        // Same rules as the server, for immediate feedback; the server checks again.
        if let Err(field_errors) = request.validate() {
            form_errors.show(field_errors);
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api.update_contact(&request).await {
                Ok(contact) => {
                    form_errors.clear();
                    email.set(contact.email.clone().unwrap_or_default());
                    mobile.set(contact.mobile.clone().unwrap_or_default());
                    saved.set(contact);
                    status.set(Some(Key::ContactSaved));
                }
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            saving.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="contact-heading">
            <h2 id="contact-heading">{i18n.tr(Key::ContactHeading)}</h2>
            <p>{i18n.tr(Key::ContactIntro)}</p>
            <p class="hint">
                {move || {
                    saved
                        .get()
                        .updated_at
                        .map(|at| format!("{}: {}", i18n.t(Key::ContactLastChanged), browser::format_date(&at, i18n.lang.get().locale(), true)))
                }}
            </p>
            <form class="form" novalidate on:submit=on_submit>
                <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                <TextField
                    id="email"
                    label=Key::ContactEmail
                    hint=Key::ContactEmailHint
                    value=email
                    error=error_for("email")
                    input_type="email"
                    autocomplete="email"
                />
                <TextField
                    id="mobile"
                    label=Key::ContactMobile
                    hint=Key::ContactMobileHint
                    value=mobile
                    error=error_for("mobile")
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="tel"
                />
                <p class="hint">{i18n.tr(Key::ContactRemoveHint)}</p>
                <p>
                    <leptos_router::components::A href=crate::pages::channels::CHANNELS_PATH>
                        {i18n.tr(Key::ContactChannelsLink)}
                    </leptos_router::components::A>
                </p>
                {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                <button type="submit" class="button" disabled=move || saving.get()>
                    {move || i18n.t(if saving.get() { Key::ContactSaving } else { Key::ContactSave })}
                </button>
                <div role="status" class="status-region">
                    {move || status.get().map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })}
                </div>
            </form>
        </section>
    }
}
