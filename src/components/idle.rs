//! The inactivity warning (WCAG 2.2.1 Timing Adjustable). Sessions end after a period without
//! activity (shorter on service-office terminals). Before that, a modal dialog warns, is
//! announced to screen readers, takes focus and lets the person continue with one key press;
//! only when the time is up does the session end. Activity in the page keeps the server
//! session alive, so the two clocks agree.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api::{use_api, AuthState, LoggedOutReason};
use crate::app::LOGIN_PATH;
use crate::browser;
use crate::i18n::{use_i18n, Fmt, Key};
use crate::terminal::{end_visit, use_terminal};

/// Warning time for ordinary sessions (terminals configure their own).
const DEFAULT_WARNING_SECS: u32 = 120;
/// Shared with other tabs, so activity in one keeps the others from warning.
const ACTIVITY_KEY: &str = "minsida.activity";

#[component]
pub fn IdleGuard() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let terminal = use_terminal();
    let navigate = use_navigate();
    let last_activity = StoredValue::new(browser::now_ms());
    let last_extend = StoredValue::new(browser::now_ms());
    let last_shared = StoredValue::new(0.0f64);
    // Seconds left while the warning is shown.
    let remaining = RwSignal::new(None::<u32>);
    let ending = StoredValue::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let return_focus = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let on_terminal = move || terminal.is_some_and(|t| t.info.with_untracked(Option::is_some));

    // (idle timeout, warning) in milliseconds for the current session.
    let limits = move || match api.auth.get_untracked() {
        AuthState::LoggedIn(info) => {
            let idle = info.idle_timeout_secs.max(30);
            let warning = terminal
                .and_then(|t| t.info.get_untracked().map(|i| i.warning_secs))
                .unwrap_or(DEFAULT_WARNING_SECS)
                .clamp(20, idle / 2);
            Some((f64::from(idle) * 1000.0, f64::from(warning) * 1000.0))
        }
        _ => None,
    };

    let close_dialog = move || {
        remaining.set(None);
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        if let Some(el) = return_focus.get_value() {
            let _ = el.focus();
        }
    };

    let on_activity = move || {
        if remaining.get_untracked().is_some() {
            // While warned, only the dialog's buttons decide.
            return;
        }
        let now = browser::now_ms();
        last_activity.set_value(now);
        // Only a session has a timeout to share; before login nothing is written (a terminal's
        // storage stays empty between visits).
        if let Some((idle, _)) = limits() {
            if now - last_shared.get_value() > 5_000.0 {
                last_shared.set_value(now);
                // Whole milliseconds, written and read as an integer: formatting and parsing
                // floating-point numbers would bring their code into the main module.
                browser::local_storage_set(ACTIVITY_KEY, &(now as u64).to_string());
            }
            if now - last_extend.get_value() > (idle / 4.0).min(60_000.0) {
                last_extend.set_value(now);
                leptos::task::spawn_local(async move {
                    let _ = api.extend_session().await;
                });
            }
        }
    };
    for handle in [
        window_event_listener(leptos::ev::keydown, move |_| on_activity()),
        window_event_listener(leptos::ev::pointerdown, move |_| on_activity()),
        window_event_listener(leptos::ev::wheel, move |_| on_activity()),
    ] {
        on_cleanup(move || handle.remove());
    }

    let time_out = {
        let navigate = navigate.clone();
        move || {
            if ending.get_value() {
                return;
            }
            ending.set_value(true);
            remaining.set(None);
            if let Some(d) = dialog.get_untracked() {
                d.close();
            }
            let navigate = navigate.clone();
            let terminal_mode = on_terminal();
            leptos::task::spawn_local(async move {
                if terminal_mode {
                    end_visit(api).await;
                } else {
                    api.logout_with(LoggedOutReason::Expired).await;
                    navigate(LOGIN_PATH, Default::default());
                }
                ending.set_value(false);
            });
        }
    };

    let tick = {
        let time_out = time_out.clone();
        move || {
            let Some((idle, warning)) = limits() else {
                if remaining.get_untracked().is_some() {
                    close_dialog();
                }
                last_activity.set_value(browser::now_ms());
                return;
            };
            let shared = browser::local_storage_get(ACTIVITY_KEY)
                .and_then(|s| s.parse::<u64>().ok())
                .map_or(0.0, |ms| ms as f64);
            if remaining.get_untracked().is_none() && shared > last_activity.get_value() {
                last_activity.set_value(shared);
            }
            let left = idle - (browser::now_ms() - last_activity.get_value());
            if left <= 0.0 {
                time_out();
            } else if left <= warning {
                let secs = (left / 1000.0).ceil() as u32;
                if remaining.get_untracked().is_none() {
                    return_focus.set_value(
                        web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.active_element())
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                    );
                    remaining.set(Some(secs));
                    if let Some(d) = dialog.get_untracked() {
                        let _ = d.show_modal();
                    }
                    browser::focus_after_render("#idle-continue");
                } else {
                    remaining.set(Some(secs));
                }
            }
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    let extend = move || {
        leptos::task::spawn_local(async move {
            match api.extend_session().await {
                Ok(_) => {
                    let now = browser::now_ms();
                    last_activity.set_value(now);
                    last_extend.set_value(now);
                    // Whole milliseconds, written and read as an integer: formatting and parsing
                    // floating-point numbers would bring their code into the main module.
                    browser::local_storage_set(ACTIVITY_KEY, &(now as u64).to_string());
                    close_dialog();
                }
                // The session is already gone on the server.
                Err(_) => close_dialog(),
            }
        });
    };
    let end_now = {
        let time_out = time_out.clone();
        move |_| time_out()
    };

    // Tracked: the dialog is rendered before the server has said whether this is a terminal.
    let terminal_mode = move || terminal.is_some_and(|t| t.is_on());
    let seconds_text = move || {
        remaining.get().map(|s| {
            let fmt = if terminal_mode() {
                Fmt::IdleTextTerminal
            } else {
                Fmt::IdleText
            };
            i18n.f(fmt, &[("n", s.into())])
        })
    };
    view! {
        <dialog
            class="idle-dialog"
            node_ref=dialog
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="idle-title"
            aria-describedby="idle-text"
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape counts as "continue": the person is clearly there.
                ev.prevent_default();
                extend();
            }
        >
            <h2 id="idle-title">{i18n.tr(Key::IdleTitle)}</h2>
            <p id="idle-text">{seconds_text}</p>
            <p class="visually-hidden" aria-live="assertive">
                {move || remaining.get().filter(|s| *s == 10).map(|_| i18n.t(Key::IdleTenSeconds))}
            </p>
            <div class="button-row">
                <button type="button" class="button" id="idle-continue" on:click=move |_| extend()>
                    {i18n.tr(Key::IdleContinue)}
                </button>
                <button type="button" class="button secondary" on:click=end_now>
                    {move || i18n.t(if terminal_mode() { Key::EndVisit } else { Key::LogOut })}
                </button>
            </div>
        </dialog>
    }
}
