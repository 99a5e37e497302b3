//! Screens of the service-office terminal mode: the welcome screen in several languages, the
//! always-visible terminal bar ("Ask staff for help", "End my visit") and the help dialog,
//! and the page where staff enroll a browser. One routed page per file; the bar is here.

mod enroll;
mod home;

pub use enroll::EnrollPage;
pub use home::HomePage;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::use_api;
use crate::i18n::{use_i18n, Key};
use crate::terminal::{end_visit, step_for_path, use_terminal, Terminal};

pub const ENROLL_PATH: &str = "/kundterminal";

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
        <div class="terminal-bar" role="region" aria-label=i18n.tr(Key::TerminalLabel)>
            <p class="terminal-where">{move || format!("{} – {}", i18n.t(Key::TerminalLabel), office())}</p>
            <div class="terminal-actions">
                {move || {
                    if help_open() {
                        view! {
                            <button type="button" class="button secondary" id="terminal-help" on:click=cancel>
                                {i18n.tr(Key::HelpCancel)}
                            </button>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="button" class="button help-button" id="terminal-help" on:click=open_help>
                                {i18n.tr(Key::HelpAsk)}
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
                <h2 id="help-title">{i18n.tr(Key::HelpAsk)}</h2>
                <p id="help-text">{i18n.tr(Key::HelpShareQuestion)}</p>
                <div class="button-row">
                    <button type="button" class="button" id="help-share-yes" on:click=move |_| ask(true)>
                        {i18n.tr(Key::HelpShareYes)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| ask(false)>
                        {i18n.tr(Key::HelpShareNo)}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| close_help()>
                        {i18n.tr(Key::Cancel)}
                    </button>
                </div>
            </dialog>
        </div>
    }
}
