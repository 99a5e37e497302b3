//! Screens of the service-office terminal mode: the welcome screen in several languages, the
//! always-visible terminal bar ("Ask staff for help", "End my visit") and the help dialog.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::{use_api, AuthState};
use crate::app::LOGIN_PATH;
use crate::components::{Loading, PageTitle};
use crate::i18n::{translate, use_i18n, Key, Lang};
use crate::pages::start::StartPage;
use crate::terminal::{end_visit, step_for_path, use_terminal, Terminal};

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
    view! {
        <PageTitle key=Key::WelcomeTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::WelcomeTitle)}</h1>
        <ul class="welcome-greetings" aria-label=move || i18n.t(Key::LanguageLabel)>
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
        <h2>{move || i18n.t(Key::WelcomeHowHeading)}</h2>
        <ol class="welcome-steps">
            <li>{move || i18n.t(Key::WelcomeStep1)}</li>
            <li>{move || i18n.t(Key::WelcomeStep2)}</li>
            <li>{move || i18n.t(Key::WelcomeStep3)}</li>
        </ol>
        <p><A href=LOGIN_PATH attr:class="button welcome-login">{move || i18n.t(Key::LoginButton)}</A></p>
        <p class="hint">{move || i18n.t(Key::WelcomePrivacy)}</p>
    }
}

/// Always visible on a terminal: where you are, help from staff and ending the visit.
#[component]
pub fn TerminalBar() -> impl IntoView {
    let Some(terminal) = use_terminal() else {
        return ().into_any();
    };
    view! {
        <Show when=move || terminal.is_on()>
            <TerminalBarContent terminal=terminal/>
        </Show>
    }
    .into_any()
}

#[component]
fn TerminalBarContent(terminal: Terminal) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let location = use_location();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let ending = RwSignal::new(false);
    let status = RwSignal::new(None::<Key>);
    let office = move || terminal.info.get().map(|i| i.office).unwrap_or_default();

    // With the visitor's consent, staff see which kind of page they are on (never data).
    Effect::new(move |_| {
        let path = location.pathname.get();
        if terminal.help.with(|h| {
            h.as_ref()
                .is_some_and(|h| h.requested_at.is_some() && h.share_step)
        }) {
            let step = step_for_path(&path);
            leptos::task::spawn_local(async move {
                let _ = api.report_step(step).await;
            });
        }
    });

    let open_help = move |_| {
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        crate::browser::focus_after_render("#help-share-yes");
    };
    let close_help = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        // After the render: asking for help replaces the button.
        crate::browser::focus_after_render("#terminal-help");
    };
    let ask = move |share: bool| {
        let step = step_for_path(&location.pathname.get_untracked());
        leptos::task::spawn_local(async move {
            match api.ask_for_help(share, step).await {
                Ok(h) => {
                    terminal.help.set(Some(h));
                    status.set(Some(Key::HelpRequested));
                }
                Err(_) => status.set(Some(Key::HelpFailed)),
            }
            close_help();
        });
    };
    let cancel = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api.cancel_help().await;
            terminal.help.set(None);
            status.set(Some(Key::HelpCancelled));
            crate::browser::focus_after_render("#terminal-help");
        });
    };
    let end = move |_| {
        ending.set(true);
        leptos::task::spawn_local(async move { end_visit(api).await });
    };
    let help_open = move || {
        terminal
            .help
            .with(|h| h.as_ref().is_some_and(|h| h.requested_at.is_some()))
    };
    // A request made before login ends on the server after a while without activity: keep
    // the bar in step with it.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if terminal
                .help
                .with_untracked(|h| h.as_ref().is_some_and(|h| h.requested_at.is_some()))
            {
                leptos::task::spawn_local(async move {
                    if let Ok(h) = api.help_state().await {
                        terminal.help.set(h.requested_at.is_some().then_some(h));
                    }
                });
            }
        },
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <div class="terminal-bar" role="region" aria-label=move || i18n.t(Key::TerminalLabel)>
            <p class="terminal-where">{move || format!("{} – {}", i18n.t(Key::TerminalLabel), office())}</p>
            <div class="terminal-actions">
                {move || {
                    if help_open() {
                        view! {
                            <button type="button" class="button secondary" id="terminal-help" on:click=cancel>
                                {move || i18n.t(Key::HelpCancel)}
                            </button>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="button" class="button help-button" id="terminal-help" on:click=open_help>
                                {move || i18n.t(Key::HelpAsk)}
                            </button>
                        }
                        .into_any()
                    }
                }}
                <button type="button" class="button end-visit" on:click=end disabled=move || ending.get()>
                    {move || i18n.t(if ending.get() { Key::EndingVisit } else { Key::EndVisit })}
                </button>
            </div>
            <div role="status" class="status-region">
                {move || status.get().map(|k| view! { <p class="alert info">{move || i18n.t(k)}</p> })}
            </div>
            <dialog
                class="help-dialog"
                node_ref=dialog
                aria-labelledby="help-title"
                aria-describedby="help-text"
                on:cancel=move |ev: leptos::ev::Event| {
                    ev.prevent_default();
                    close_help();
                }
            >
                <h2 id="help-title">{move || i18n.t(Key::HelpAsk)}</h2>
                <p id="help-text">{move || i18n.t(Key::HelpShareQuestion)}</p>
                <div class="button-row">
                    <button type="button" class="button" id="help-share-yes" on:click=move |_| ask(true)>
                        {move || i18n.t(Key::HelpShareYes)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| ask(false)>
                        {move || i18n.t(Key::HelpShareNo)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| close_help()>
                        {move || i18n.t(Key::Cancel)}
                    </button>
                </div>
            </dialog>
        </div>
    }
}

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
                Ok(_) => crate::browser::hard_navigate("/"),
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
                    crate::browser::hard_navigate("/");
                }
                Err(e) => general_error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <PageTitle key=Key::EnrollTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::EnrollTitle)}</h1>
        <p class="lead">{move || i18n.t(Key::EnrollIntro)}</p>
        {move || if on() {
            view! {
                <form class="form" novalidate on:submit=unenroll>
                    <crate::components::ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                    <p class="alert info">{move || i18n.t(Key::EnrollIsTerminal)}</p>
                    <crate::components::TextField id="enroll-key" label=Key::EnrollKey value=key error=form_errors.for_field("enrollment_key") input_type="password"/>
                    <button type="submit" class="button" disabled=move || busy.get()>{move || i18n.t(Key::UnenrollButton)}</button>
                </form>
            }.into_any()
        } else {
            view! {
                <form class="form" novalidate on:submit=enroll>
                    <crate::components::ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                    <crate::components::TextField id="enroll-office" label=Key::EnrollOffice hint=Key::EnrollOfficeHint value=office error=form_errors.for_field("office")/>
                    <crate::components::TextField id="enroll-key" label=Key::EnrollKey value=key error=form_errors.for_field("enrollment_key") input_type="password"/>
                    <crate::components::TextField id="enroll-name" label=Key::EnrollName hint=Key::EnrollNameHint value=name error=form_errors.for_field("name")/>
                    <button type="submit" class="button" disabled=move || busy.get()>{move || i18n.t(Key::EnrollButton)}</button>
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
