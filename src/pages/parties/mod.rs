//! Acting for someone else: the always-visible "acting as" bar, choosing whom to act for,
//! the organisation's data, grants the person gives for their own matters, and the log of
//! who else looked at or acted on the data.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::org::display_party_identifier;
use minsida_api::representation::{
    AccessActor, AccessKind, AccessLevel, AccessLogEntry, Area, CreateGrant, Grant, Mandate,
    OrganisationDetails, Party, PartyKind, RepresentationRole, Scope, TaxRegistrationKind,
    GRANT_MAX_DAYS,
};

use crate::api::{use_api, ApiError, AuthState};
use crate::browser;
use crate::components::{
    ApiErrorMessage, ErrorSummary, FormErrors, Loading, PageTitle, RequireAuth, TextField,
};
use crate::i18n::{use_i18n, I18n, Key};

pub const CHOOSE_PARTY_PATH: &str = "/agera-for";
pub const GRANTS_PATH: &str = "/ombud";
pub const ACCESS_LOG_PATH: &str = "/atkomstlogg";

pub fn role_key(role: RepresentationRole) -> Key {
    match role {
        RepresentationRole::Signatory => Key::RoleSignatory,
        RepresentationRole::Representative => Key::RoleRepresentative,
        RepresentationRole::Guardian => Key::RoleGuardian,
        RepresentationRole::Trustee => Key::RoleTrustee,
        RepresentationRole::Administrator => Key::RoleAdministrator,
    }
}

pub fn area_key(area: Area) -> Key {
    match area {
        Area::Messages => Key::AreaMessages,
        Area::Matters => Key::AreaMatters,
        Area::Preferences => Key::AreaPreferences,
        Area::PersonalData => Key::AreaPersonalData,
    }
}

fn level_key(level: AccessLevel) -> Key {
    match level {
        AccessLevel::Read => Key::LevelRead,
        AccessLevel::Act => Key::LevelAct,
    }
}

/// "Meddelanden (läsa), Ärenden (läsa och göra)".
fn scopes_text(i18n: I18n, scopes: &[Scope]) -> String {
    let mut sorted = scopes.to_vec();
    sorted.sort_by_key(|s| s.area);
    sorted
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                i18n.t(area_key(s.area)),
                i18n.t(level_key(s.level))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Name and number of a party, e.g. "Lindqvist Bygg AB, 556677-8899".
fn party_label(p: &Party) -> String {
    format!("{}, {}", p.name, display_party_identifier(&p.identifier))
}

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
            match api.parties().await {
                Ok(parties) => match api.switch_party(parties.me.id).await {
                    // A fresh start, so nothing of the other party stays in memory.
                    Ok(_) => browser::hard_navigate("/"),
                    Err(e) => error.set(Some(e)),
                },
                Err(e) => error.set(Some(e)),
            }
            switching.set(false);
        });
    };
    view! {
        {move || acting.get().map(|(_, acting_as)| match acting_as {
            Some(a) => view! {
                <div class="acting-bar" role="region" aria-label=move || i18n.t(Key::ActingAsLabel)>
                    <p class="acting-who">
                        {move || i18n.t(Key::ActingFor)} " "
                        <strong>{party_label(&a.party)}</strong>
                        " (" {move || i18n.t(role_key(a.role))} ")"
                    </p>
                    <div class="acting-actions">
                        <A href=CHOOSE_PARTY_PATH attr:class="button secondary small">{move || i18n.t(Key::ActingSwitch)}</A>
                        <button type="button" class="button small" on:click=back_to_self disabled=move || switching.get()>
                            {move || i18n.t(Key::ActingBackToSelf)}
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

/// Acting for oneself: a link to switch, shown when the person has someone to act for.
#[component]
fn SelfBar() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let parties = LocalResource::new(move || async move { api.parties().await });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                parties.get().and_then(|r| r.ok()).filter(|p| !p.mandates.is_empty()).map(|_| view! {
                    <p class="acting-self">
                        {move || i18n.t(Key::ActingForSelf)} " "
                        <A href=CHOOSE_PARTY_PATH>{move || i18n.t(Key::ActingChooseLink)}</A>
                    </p>
                })
            }}
        </Suspense>
    }
}

/// `/agera-for`: choose whom to act for.
#[component]
pub fn ChoosePartyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::ChoosePartyTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::ChoosePartyTitle)}</h1>
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
                Ok(_) => browser::hard_navigate("/"),
                Err(e) => {
                    error.set(Some(e));
                    switching.set(None);
                }
            }
        });
    };
    view! {
        <p class="lead">{move || i18n.t(Key::ChoosePartyIntro)}</p>
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
                                <p>{move || i18n.t(Key::PartyYourself)} " · " {display_party_identifier(&me.identifier)}</p>
                                {move || if current().is_none() {
                                    view! { <p><strong class="tag">{move || i18n.t(Key::PartyCurrent)}</strong></p> }.into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button" on:click=move |_| switch(me_id) disabled=move || switching.get().is_some()>
                                            {move || i18n.t(Key::ActingBackToSelf)}
                                        </button>
                                    }.into_any()
                                }}
                            </li>
                            {p.mandates.into_iter().map(|m| view! { <MandateCard mandate=m current=Signal::derive(current) on_switch=switch switching=switching/> }).collect_view()}
                        </ul>
                        {none_to_act_for.then(|| view! { <p>{move || i18n.t(Key::NoMandates)}</p> })}
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
                <div class="dl-row"><dt>{move || i18n.t(Key::MandateRole)}</dt><dd>{move || i18n.t(role_key(m.role))}</dd></div>
                <div class="dl-row"><dt>{move || i18n.t(Key::MandateScopes)}</dt><dd>{move || scopes_text(i18n, &scopes)}</dd></div>
                <div class="dl-row">
                    <dt>{move || i18n.t(Key::MandateValidUntil)}</dt>
                    <dd>{move || match &until {
                        Some(d) => browser::format_date(d, i18n.lang.get().locale(), false),
                        None => i18n.t(Key::MandateOpenEnded).to_string(),
                    }}</dd>
                </div>
            </dl>
            {move || if current.get() == Some(id) {
                view! { <p><strong class="tag">{move || i18n.t(Key::PartyCurrent)}</strong></p> }.into_any()
            } else {
                let label = button_name.clone();
                view! {
                    <button type="button" class="button" on:click=move |_| on_switch(id) disabled=move || switching.get().is_some()>
                        {move || i18n.t(Key::ActFor)}
                        " "
                        <span class="visually-hidden">{label.clone()}</span>
                    </button>
                }.into_any()
            }}
        </li>
    }
}

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
        <p class="hint">{move || i18n.t(Key::OrganisationSource)}</p>
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
            <h2 id="org-heading">{move || i18n.t(Key::OrganisationHeading)}</h2>
            <dl class="details">
                <div class="dl-row"><dt>{move || i18n.t(Key::OrganisationName)}</dt><dd>{o.name.clone()}</dd></div>
                <div class="dl-row"><dt>{move || i18n.t(Key::OrganisationNumber)}</dt><dd>{display_party_identifier(&o.organisation_number)}</dd></div>
                <div class="dl-row"><dt>{move || i18n.t(Key::OrganisationLegalForm)}</dt><dd>{o.legal_form.clone()}</dd></div>
                <div class="dl-row">
                    <dt>{move || i18n.t(Key::OrganisationAddress)}</dt>
                    <dd><address>{address_lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view()}</address></dd>
                </div>
                <div class="dl-row">
                    <dt>{move || i18n.t(Key::OrganisationRegisteredSince)}</dt>
                    <dd>{move || browser::format_date(&since, i18n.lang.get().locale(), false)}</dd>
                </div>
            </dl>
            <h3>{move || i18n.t(Key::RegistrationsHeading)}</h3>
            {if o.registrations.is_empty() {
                view! { <p>{move || i18n.t(Key::RegistrationsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.registrations.into_iter().map(|r| {
                            let since = r.registered_since.clone();
                            view! {
                                <li>
                                    {move || i18n.t(registration_key(r.kind))} " – " {move || i18n.t(Key::RegisteredFrom)} " "
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

/// `/ombud`: representations the person gives for their own matters.
#[component]
pub fn GrantsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::GrantsTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::GrantsTitle)}</h1>
        <RequireAuth>
            <GrantsContent/>
        </RequireAuth>
    }
}

#[component]
fn GrantsContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let acting_for_other =
        move || matches!(api.auth.get(), AuthState::LoggedIn(info) if info.acting_as.is_some());
    let version = RwSignal::new(0u32);
    let grants = LocalResource::new(move || {
        version.track();
        async move { api.grants().await }
    });
    view! {
        <p class="lead">{move || i18n.t(Key::GrantsIntro)}</p>
        {move || if acting_for_other() {
            view! { <p class="alert info">{move || i18n.t(Key::GrantsOnlyOwn)}</p> }.into_any()
        } else {
            view! {
                <GrantForm version=version/>
                <section class="panel" aria-labelledby="grants-heading">
                    <h2 id="grants-heading" tabindex="-1">{move || i18n.t(Key::GrantsListHeading)}</h2>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || grants.get().map(|r| match r {
                            Ok(g) if g.grants.is_empty() => view! { <p>{move || i18n.t(Key::GrantsNone)}</p> }.into_any(),
                            Ok(g) => view! {
                                <ul class="event-list grant-list">
                                    {g.grants.into_iter().map(|g| view! { <GrantItem grant=g version=version/> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                        })}
                    </Suspense>
                </section>
            }.into_any()
        }}
    }
}

fn grant_dom_id(field: &str) -> &'static str {
    match field {
        "personal_number" => "grant-pin",
        "valid_until" => "grant-until",
        _ => "grant-scope-messages-none",
    }
}

/// "Choose at least one area" for a grant without scopes, which has no field to fill in.
fn grant_error_key(error: &minsida_api::FieldError) -> Key {
    match (error.field.as_str(), error.code) {
        ("scopes", minsida_api::FieldErrorCode::Required) => Key::ErrChooseScope,
        (_, code) => crate::api::field_error_key(code),
    }
}

/// Today plus `days`, as `YYYY-MM-DD` in local time.
fn date_in_days(days: u32) -> String {
    let d = js_sys::Date::new_0();
    d.set_date(d.get_date() + days);
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

#[component]
fn GrantForm(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let pin = RwSignal::new(String::new());
    let until = RwSignal::new(date_in_days(90));
    // Per area: None (no access), Read or Act.
    let levels = RwSignal::new([None::<AccessLevel>; 4]);
    let form_errors = FormErrors::new(grant_dom_id).with_messages(grant_error_key);
    let general_error = RwSignal::new(None::<ApiError>);
    let status = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let until_error = form_errors.for_field("valid_until");
    let scopes_error = form_errors.for_field("scopes");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        general_error.set(None);
        let scopes: Vec<Scope> = Area::ALL
            .iter()
            .zip(levels.get_untracked())
            .filter_map(|(area, level)| level.map(|level| Scope { area: *area, level }))
            .collect();
        let request = CreateGrant {
            personal_number: pin.get_untracked(),
            scopes,
            valid_until: until.get_untracked(),
        };
        let mut errors = request.validate_scopes().err().unwrap_or_default();
        if request.personal_number.trim().is_empty() {
            errors.insert(
                0,
                minsida_api::FieldError {
                    field: "personal_number".into(),
                    code: minsida_api::FieldErrorCode::Required,
                },
            );
        }
        if !errors.is_empty() {
            form_errors.show(errors);
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api.create_grant(&request).await {
                Ok(g) => {
                    form_errors.clear();
                    pin.set(String::new());
                    levels.set([None; 4]);
                    status.set(Some(format!(
                        "{} {}",
                        i18n.t(Key::GrantCreated),
                        g.representative.name
                    )));
                    version.update(|v| *v += 1);
                }
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            saving.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="grant-form-heading">
            <h2 id="grant-form-heading">{move || i18n.t(Key::GrantFormHeading)}</h2>
            <form class="form settings" novalidate on:submit=on_submit>
                <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                <TextField
                    id="grant-pin"
                    label=Key::GrantPersonalNumber
                    hint=Key::LoginPersonalNumberHint
                    value=pin
                    error=form_errors.for_field("personal_number")
                    inputmode="numeric"
                    autocomplete="off"
                />
                <fieldset class="choice-group" aria-describedby="grant-scopes-error">
                    <legend>{move || i18n.t(Key::GrantScopesLegend)}</legend>
                    <p class="error-message" id="grant-scopes-error" hidden=move || scopes_error.get().is_none()>
                        {move || scopes_error.get().map(|k| i18n.t(k))}
                    </p>
                    {Area::ALL.into_iter().enumerate().map(|(index, area)| {
                        let name = format!("grant-scope-{}", area.as_str());
                        view! {
                            <fieldset class="sub-group">
                                <legend>{move || i18n.t(area_key(area))}</legend>
                                <div class="choices choices-inline">
                                    {[(None, Key::LevelNone, "none"), (Some(AccessLevel::Read), Key::LevelRead, "read"), (Some(AccessLevel::Act), Key::LevelAct, "act")]
                                        .into_iter()
                                        .map(|(level, key, suffix)| {
                                            let id = format!("{name}-{suffix}");
                                            view! {
                                                <div class="choice">
                                                    <input
                                                        type="radio"
                                                        id=id.clone()
                                                        name=name.clone()
                                                        prop:checked=move || levels.get()[index] == level
                                                        on:change=move |_| levels.update(|l| l[index] = level)
                                                    />
                                                    <label for=id>{move || i18n.t(key)}</label>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field" class:field-error=move || until_error.get().is_some()>
                    <label for="grant-until">{move || i18n.t(Key::GrantValidUntil)}</label>
                    <p class="hint" id="grant-until-hint">
                        {move || i18n.t(Key::GrantValidUntilHint).replace("{n}", &GRANT_MAX_DAYS.to_string())}
                    </p>
                    <p class="error-message" id="grant-until-error" hidden=move || until_error.get().is_none()>
                        {move || until_error.get().map(|k| i18n.t(k))}
                    </p>
                    <input
                        id="grant-until"
                        type="date"
                        min=date_in_days(0)
                        max=date_in_days(GRANT_MAX_DAYS)
                        aria-describedby=move || if until_error.get().is_some() { "grant-until-hint grant-until-error" } else { "grant-until-hint" }
                        aria-invalid=move || until_error.get().map(|_| "true")
                        prop:value=move || until.get()
                        on:input=move |ev| until.set(event_target_value(&ev))
                    />
                </div>
                {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                <button type="submit" class="button" disabled=move || saving.get()>{move || i18n.t(Key::GrantSubmit)}</button>
                <div role="status" class="status-region">
                    {move || status.get().map(|t| view! { <p class="alert success">{t}</p> })}
                </div>
            </form>
        </section>
    }
}

#[component]
fn GrantItem(grant: Grant, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let g = grant;
    let id = g.id;
    let active = g.revoked_at.is_none() && g.valid_until >= date_in_days(0);
    let revoked = g.revoked_at.is_some();
    let revoking = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let revoke = move |_| {
        revoking.set(true);
        leptos::task::spawn_local(async move {
            match api.revoke_grant(id).await {
                Ok(()) => {
                    version.update(|v| *v += 1);
                    browser::focus_id("grants-heading");
                }
                Err(e) => error.set(Some(e)),
            }
            revoking.set(false);
        });
    };
    let scopes = g.scopes.clone();
    let from = g.valid_from.clone();
    let until = g.valid_until.clone();
    let who = party_label(&g.representative);
    let who_for_button = g.representative.name.clone();
    view! {
        <li>
            <strong>{who}</strong>
            <p>{move || scopes_text(i18n, &scopes)}</p>
            <p>
                {move || format!(
                    "{} {} – {}",
                    i18n.t(Key::GrantValid),
                    browser::format_date(&from, i18n.lang.get().locale(), false),
                    browser::format_date(&until, i18n.lang.get().locale(), false),
                )}
                " "
                <strong class="tag">
                    {move || i18n.t(if revoked { Key::GrantRevoked } else if active { Key::GrantActive } else { Key::GrantExpired })}
                </strong>
            </p>
            {active.then(|| view! {
                <button type="button" class="button secondary small" on:click=revoke disabled=move || revoking.get()>
                    {move || i18n.t(Key::GrantRevoke)}
                    <span class="visually-hidden">{format!(" {who_for_button}")}</span>
                </button>
            })}
            {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
        </li>
    }
}

/// `/atkomstlogg`: who else looked at or acted on the data.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::AccessLogTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::AccessLogTitle)}</h1>
        <RequireAuth>
            <AccessLogContent/>
        </RequireAuth>
    }
}

#[component]
fn AccessLogContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let log = LocalResource::new(move || async move { api.access_log().await });
    view! {
        <p class="lead">{move || i18n.t(Key::AccessLogIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || log.get().map(|r| match r {
                Ok(l) if l.entries.is_empty() => view! { <p>{move || i18n.t(Key::AccessLogEmpty)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="event-list access-log">
                        {l.entries.into_iter().map(|e| view! { <AccessLogItem entry=e/> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

fn access_kind_key(kind: AccessKind) -> Key {
    match kind {
        AccessKind::Read => Key::AccessRead,
        AccessKind::Downloaded => Key::AccessDownloaded,
        AccessKind::Sent => Key::AccessSent,
        AccessKind::Changed => Key::AccessChanged,
    }
}

#[component]
fn AccessLogItem(entry: AccessLogEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let who = match &entry.actor {
        AccessActor::Person {
            name,
            identifier,
            role,
        } => {
            let role = *role;
            let base = format!("{name}, {}", display_party_identifier(identifier));
            view! { <strong>{base}</strong> {move || role.map(|r| format!(" ({})", i18n.t(role_key(r))))} }.into_any()
        }
        AccessActor::System { name } => {
            let name = name.clone();
            view! { <strong>{move || format!("{} {}", i18n.t(Key::AccessBySystem), name)}</strong> }
                .into_any()
        }
    };
    let area = entry.area;
    let kind = entry.kind;
    view! {
        <li>
            <time datetime=entry.at>{move || browser::format_date(&at, i18n.lang.get().locale(), true)}</time>
            {who}
            " – "
            {move || format!("{}: {}", i18n.t(access_kind_key(kind)), i18n.t(area_key(area)))}
        </li>
    }
}
