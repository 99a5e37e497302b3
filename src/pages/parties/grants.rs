//! `/ombud`: representations the person gives for their own matters.

use leptos::prelude::*;
use minsida_api::representation::{AccessLevel, Area, CreateGrant, Grant, Scope, GRANT_MAX_DAYS};

use super::{area_key, party_label, scopes_text};
use crate::api::{use_api, ApiError, AuthState};
use crate::browser;
use crate::components::{
    ApiErrorMessage, ErrorSummary, FormErrors, Loading, PageTitle, RequireAuth, TextField,
};
use crate::i18n::{use_i18n, Fmt, Key};

/// `/ombud`: representations the person gives for their own matters.
#[component]
pub fn GrantsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::GrantsTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::GrantsTitle)}</h1>
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
        <p class="lead">{i18n.tr(Key::GrantsIntro)}</p>
        {move || if acting_for_other() {
            view! { <p class="alert info">{i18n.tr(Key::GrantsOnlyOwn)}</p> }.into_any()
        } else {
            view! {
                <GrantForm version=version/>
                <section class="panel" aria-labelledby="grants-heading">
                    <h2 id="grants-heading" tabindex="-1">{i18n.tr(Key::GrantsListHeading)}</h2>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || grants.get().map(|r| match r {
                            Ok(g) if g.grants.is_empty() => view! { <p>{i18n.tr(Key::GrantsNone)}</p> }.into_any(),
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
            <h2 id="grant-form-heading">{i18n.tr(Key::GrantFormHeading)}</h2>
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
                    <legend>{i18n.tr(Key::GrantScopesLegend)}</legend>
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
                    <label for="grant-until">{i18n.tr(Key::GrantValidUntil)}</label>
                    <p class="hint" id="grant-until-hint">
                        {move || i18n.f(Fmt::GrantValidUntilHint, &[("n", GRANT_MAX_DAYS.into())])}
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
                <button type="submit" class="button" disabled=move || saving.get()>{i18n.tr(Key::GrantSubmit)}</button>
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
                    {i18n.tr(Key::GrantRevoke)}
                    <span class="visually-hidden">{format!(" {who_for_button}")}</span>
                </button>
            })}
            {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
        </li>
    }
}
