//! Service-office customer-terminal mode. The office enrolls the device (an HttpOnly device
//! cookie the visitor cannot set or remove); the SPA only asks the server whether it runs on
//! one. On a terminal nothing may survive a visit: [`end_visit`] ends the session on the
//! server, wipes everything the browser keeps for this origin and reloads a clean welcome
//! screen.

use leptos::prelude::*;
use minsida_api::terminal::{HelpState, TerminalInfo, VisitStep};

use crate::api::{Api, LoggedOutReason};
use crate::app::{HOME_PATH, LOGIN_PATH};
use crate::browser;
use crate::pages::accessibility::{ACCESSIBILITY_PATH, STATEMENT_PATH};
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::matters::{COMPOSE_SEGMENT, MATTERS_PATH};
use crate::pages::messages::INBOX_PATH;
use crate::pages::personal::PERSONAL_PATH;

#[derive(Clone, Copy)]
pub struct Terminal {
    /// Set when this browser is an enrolled terminal.
    pub info: RwSignal<Option<TerminalInfo>>,
    /// The visitor's open request for help, if any.
    pub help: RwSignal<Option<HelpState>>,
    /// Set once the server has answered whether this is a terminal (or the request failed).
    pub checked: RwSignal<bool>,
}

impl Terminal {
    /// Provide the context and ask the server once whether this is a terminal.
    pub fn provide(api: Api) -> Self {
        let terminal = Terminal {
            info: RwSignal::new(None),
            help: RwSignal::new(None),
            checked: RwSignal::new(false),
        };
        provide_context(terminal);
        leptos::task::spawn_local(async move {
            if let Ok(status) = api.terminal_status().await {
                terminal.info.set(status.terminal);
            }
            terminal.checked.set(true);
        });
        Effect::new(move |_| {
            let on = terminal.info.with(Option::is_some);
            browser::set_root_attr("data-terminal", on.then_some("on"));
        });
        terminal
    }

    /// True on an enrolled terminal (reactive).
    pub fn is_on(&self) -> bool {
        self.info.with(Option::is_some)
    }
}

/// The terminal context, if the app shell provided one (always, except in unit tests).
pub fn use_terminal() -> Option<Terminal> {
    use_context::<Terminal>()
}

/// True when running on an enrolled terminal (reactive; false without the context).
pub fn on_terminal() -> bool {
    use_terminal().is_some_and(|t| t.is_on())
}

/// End the visit: the session ends on the server (which also clears the help request and
/// sends `Clear-Site-Data`), every trace in the browser is wiped, and the app starts afresh
/// on the welcome screen — a full page load, so no memory of the visit survives either. After
/// a login with an e-ID provider that can log out, the browser goes there first (the
/// provider's own session must not outlive the visit either); it returns to the login page.
pub async fn end_visit(api: Api) {
    let provider_logout = api.end_session(LoggedOutReason::LoggedOut).await;
    // A help request made before logging in is tied to the terminal, not a session.
    let _ = api.cancel_help().await;
    browser::wipe_client_state().await;
    match provider_logout {
        Some(url) => browser::assign_location(&url),
        None => browser::hard_navigate(HOME_PATH),
    }
}

/// The kind of page a path is, for staff help. Never includes an id or other data.
pub fn step_for_path(path: &str) -> VisitStep {
    let parts: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    // The first segment of a route path such as `/meddelanden`.
    let page = |route: &'static str| route.trim_start_matches('/');
    match parts.as_slice() {
        [] => VisitStep::Start,
        [p] if *p == page(LOGIN_PATH) => VisitStep::Login,
        [p] if *p == page(INBOX_PATH) => VisitStep::Inbox,
        [p, _] if *p == page(INBOX_PATH) => VisitStep::Message,
        [p] if *p == page(MATTERS_PATH) => VisitStep::Matters,
        [p, _] if *p == page(MATTERS_PATH) => VisitStep::Matter,
        [p, _, s] if *p == page(MATTERS_PATH) && *s == COMPOSE_SEGMENT => VisitStep::Compose,
        [p] if *p == page(PERSONAL_PATH) => VisitStep::Personal,
        [p] if *p == page(CHANNELS_PATH) => VisitStep::Channels,
        [p] if *p == page(ACCESSIBILITY_PATH) || *p == page(STATEMENT_PATH) => {
            VisitStep::Accessibility
        }
        _ => VisitStep::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_never_carry_ids() {
        assert_eq!(step_for_path("/"), VisitStep::Start);
        assert_eq!(step_for_path("/meddelanden/42"), VisitStep::Message);
        assert_eq!(step_for_path("/arenden/7/skriv"), VisitStep::Compose);
        assert_eq!(step_for_path("/kontaktval"), VisitStep::Channels);
        assert_eq!(step_for_path("/okand/sida"), VisitStep::Other);
    }

    #[test]
    fn every_kind_of_page_has_its_step() {
        assert_eq!(step_for_path("/logga-in"), VisitStep::Login);
        assert_eq!(step_for_path("/meddelanden"), VisitStep::Inbox);
        assert_eq!(step_for_path("/arenden"), VisitStep::Matters);
        assert_eq!(step_for_path("/arenden/7"), VisitStep::Matter);
        assert_eq!(step_for_path("/arenden/7/annat"), VisitStep::Other);
        assert_eq!(step_for_path("/mina-uppgifter"), VisitStep::Personal);
        assert_eq!(step_for_path("/tillganglighet"), VisitStep::Accessibility);
        assert_eq!(
            step_for_path("/tillganglighetsredogorelse"),
            VisitStep::Accessibility
        );
        assert_eq!(step_for_path("/agera-for"), VisitStep::Other);
    }
}
