//! `/kundterminal`: staff turn terminal mode on or off for this browser.

use leptos::prelude::*;

use crate::api::use_api;
use crate::app::HOME_PATH;
use crate::components::PageTitle;
use crate::i18n::{use_i18n, Key};
use crate::terminal::use_terminal;

/// `/kundterminal`: staff turn terminal mode on or off for this browser with their office's
/// enrollment key. Visitors cannot do anything here without the key.
#[component]
pub fn EnrollPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let terminal = use_terminal();
    let office = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let form_errors = crate::components::FormErrors::new(enroll_dom_id);
    let general_error = RwSignal::new(None::<crate::api::ApiError>);
    let busy = RwSignal::new(false);
    let on = move || terminal.is_some_and(|t| t.is_on());
    let enroll = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general_error.set(None);
        let mut errors = Vec::new();
        for (field, value) in [
            ("office", office.get_untracked()),
            ("enrollment_key", key.get_untracked()),
            ("name", name.get_untracked()),
        ] {
            if value.trim().is_empty() {
                errors.push(minsida_api::FieldError {
                    field: field.into(),
                    code: minsida_api::FieldErrorCode::Required,
                });
            }
        }
        if !errors.is_empty() {
            form_errors.show(errors);
            return;
        }
        let request = minsida_api::terminal::EnrollTerminal {
            office: office.get_untracked().trim().to_string(),
            enrollment_key: key.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.enroll_terminal(&request).await {
                // A clean start in terminal mode.
                Ok(_) => crate::browser::hard_navigate(HOME_PATH),
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let unenroll = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general_error.set(None);
        if key.get_untracked().trim().is_empty() {
            form_errors.show(vec![minsida_api::FieldError {
                field: "enrollment_key".into(),
                code: minsida_api::FieldErrorCode::Required,
            }]);
            return;
        }
        let k = key.get_untracked().trim().to_string();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.unenroll_terminal(k).await {
                Ok(()) => {
                    crate::browser::wipe_client_state().await;
                    crate::browser::hard_navigate(HOME_PATH);
                }
                Err(e) => general_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <PageTitle key=Key::EnrollTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::EnrollTitle)}</h1>
        <p class="lead">{i18n.tr(Key::EnrollIntro)}</p>
        {move || if on() {
            view! {
                <form class="form" novalidate on:submit=unenroll>
                    <crate::components::ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                    <p class="alert info">{i18n.tr(Key::EnrollIsTerminal)}</p>
                    <crate::components::TextField id="enroll-key" label=Key::EnrollKey value=key error=form_errors.for_field("enrollment_key") input_type="password"/>
                    <button type="submit" class="button" disabled=move || busy.get()>{i18n.tr(Key::UnenrollButton)}</button>
                </form>
            }.into_any()
        } else {
            view! {
                <form class="form" novalidate on:submit=enroll>
                    <crate::components::ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                    <crate::components::TextField id="enroll-office" label=Key::EnrollOffice hint=Key::EnrollOfficeHint value=office error=form_errors.for_field("office")/>
                    <crate::components::TextField id="enroll-key" label=Key::EnrollKey value=key error=form_errors.for_field("enrollment_key") input_type="password"/>
                    <crate::components::TextField id="enroll-name" label=Key::EnrollName hint=Key::EnrollNameHint value=name error=form_errors.for_field("name")/>
                    <button type="submit" class="button" disabled=move || busy.get()>{i18n.tr(Key::EnrollButton)}</button>
                </form>
            }.into_any()
        }}
        {move || general_error.get().map(|e| view! { <crate::components::ApiErrorMessage error=e/> })}
    }
}

fn enroll_dom_id(field: &str) -> &'static str {
    match field {
        "office" => "enroll-office",
        "name" => "enroll-name",
        _ => "enroll-key",
    }
}
