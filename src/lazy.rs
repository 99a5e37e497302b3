//! Route-level code splitting: the pages of every feature area live in a module of their own,
//! fetched when one of them is first shown, or earlier: when a link to it is pointed at, focused or touched, and for
//! the main navigation's pages when the browser is idle.
//!
//! The main module holds the shell (header, navigation, footer, router, translations, the API
//! client) and the not-found page. With the `split` feature (on in `scripts/build-spa`) each
//! page's loader is a `wasm_split` split point: `wasm-split-cli` moves the code that only the
//! pages of one area reach into `split_<area>.wasm`, and code that several areas share into
//! `chunk_*.wasm`, fetched with whichever of them comes first. Without the feature (Trunk, unit tests,
//! clippy) the loaders are plain functions and everything is in one module.
//!
//! A module that cannot be fetched (a flaky mobile network, a deployment that removed it) is
//! not remembered as failed: the page says so, translated, and offers to try again.

// The `wasm_split` macro declares the split point as an `extern` import and export pair.
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{HOME_PATH, LOGIN_PATH};
use crate::browser;
use crate::i18n::{use_i18n, Key};
use crate::pages::accessibility::{ACCESSIBILITY_PATH, STATEMENT_PATH};
use crate::pages::channels::CHANNELS_PATH;
use crate::pages::eservices::{CHECK_SEGMENT, ESERVICES_PATH, PAGE_SEGMENT, RECEIPT_SEGMENT};
use crate::pages::feedback::FEEDBACK_PATH;
use crate::pages::matters::{COMPOSE_SEGMENT, MATTERS_PATH};
use crate::pages::messages::INBOX_PATH;
use crate::pages::parties::{ACCESS_LOG_PATH, CHOOSE_PARTY_PATH, GRANTS_PATH};
use crate::pages::personal::PERSONAL_PATH;
use crate::pages::terminal::ENROLL_PATH;

/// A chunk could not be fetched or instantiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLoadError;

impl From<leptos::wasm_split::SplitLoaderError> for PageLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadError
    }
}

/// What a loaded module hands back for one of its pages: the function that renders it.
pub type PageView = fn() -> AnyView;

/// Declares the pages and a split point (loader + preload) for each, in its area's module.
macro_rules! pages {
    ($($page:ident => $module:ident / $split:ident, $preload:ident: $($component:ident)::+;)+) => {
        /// A page whose code is in its feature area's module.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Page { $($page),+ }

        impl Page {
            async fn load(self) -> Result<PageView, PageLoadError> {
                match self { $(Page::$page => $split().await),+ }
            }

            /// Fetch and instantiate the page's module without showing anything.
            async fn preload(self) -> Result<(), PageLoadError> {
                match self { $(Page::$page => Ok($preload().await?)),+ }
            }
        }

        $(
            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split(
                $module,
                fallible,
                wasm_split_path = ::leptos::wasm_split,
                preload($preload)
            )]
            fn $split() -> Result<PageView, PageLoadError> {
                Ok(|| view! { <crate::pages::$($component)::+/> }.into_any())
            }

            #[cfg(not(feature = "split"))]
            async fn $split() -> Result<PageView, PageLoadError> {
                Ok(|| view! { <crate::pages::$($component)::+/> }.into_any())
            }

            #[cfg(not(feature = "split"))]
            async fn $preload() -> Result<(), leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )+
    };
}

// One module per feature area (`split_<module>.wasm`): a route loads the code of its area's
// pages, and code that several areas share comes in chunks with whichever needs it first. One
// module per page would load a little less per route but in many more, smaller files (every
// file costs a few hundred bytes of headers and compresses alone). Two pages are exceptions,
// the heaviest of their areas: writing in a matter (`compose`: uploads, drafts, the loader of
// the satisfaction question), and reading a message (`message`), so that the matters list and
// a matter, and the inbox, do not carry them (/arenden 351 → 293 KB brotli, /meddelanden 336 →
// 283). The e-services' pages (list, start, questions, check, receipt) share one module:
// they are used in one go.
pages! {
    Home => home / home, preload_home: terminal::HomePage;
    Login => login / login, preload_login: login::LoginPage;
    Inbox => messages / inbox, preload_inbox: messages::InboxPageView;
    Message => message / message, preload_message: messages::MessagePage;
    Matters => matters / matters, preload_matters: matters::MattersPage;
    Matter => matters / matter, preload_matter: matters::MatterPage;
    Compose => compose / compose, preload_compose: matters::ComposePage;
    Personal => personal / personal, preload_personal: personal::PersonalPage;
    Channels => channels / channels, preload_channels: channels::ChannelsPage;
    ChooseParty => parties / choose_party, preload_choose_party: parties::ChoosePartyPage;
    Grants => parties / grants, preload_grants: parties::GrantsPage;
    AccessLog => parties / access_log, preload_access_log: parties::AccessLogPage;
    Accessibility => accessibility / accessibility, preload_accessibility: accessibility::AccessibilityPage;
    Statement => accessibility / statement, preload_statement: accessibility::StatementPage;
    Enroll => terminal / enroll, preload_enroll: terminal::EnrollPage;
    Feedback => feedback / feedback, preload_feedback: feedback::FeedbackPage;
    EServices => eservices / eservices, preload_eservices: eservices::EServicesPage;
    EServiceStart => eservices / eservice_start, preload_eservice_start: eservices::EServiceStartPage;
    EServiceQuestions => eservices / eservice_questions, preload_eservice_questions: eservices::EServiceQuestionPage;
    EServiceCheck => eservices / eservice_check, preload_eservice_check: eservices::EServiceCheckPage;
    EServiceReceipt => eservices / eservice_receipt, preload_eservice_receipt: eservices::EServiceReceiptPage;
}

impl Page {
    /// The page a path of the app shows (for prefetching the module behind a link).
    pub fn for_path(path: &str) -> Option<Page> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let top = format!("/{}", segments.first().copied().unwrap_or_default());
        let top = top.as_str();
        let page = match segments.len() {
            1 if top == HOME_PATH => Page::Home,
            1 if top == LOGIN_PATH => Page::Login,
            1 if top == INBOX_PATH => Page::Inbox,
            2 if top == INBOX_PATH => Page::Message,
            1 if top == MATTERS_PATH => Page::Matters,
            2 if top == MATTERS_PATH => Page::Matter,
            3 if top == MATTERS_PATH && segments[2] == COMPOSE_SEGMENT => Page::Compose,
            1 if top == PERSONAL_PATH => Page::Personal,
            1 if top == CHANNELS_PATH => Page::Channels,
            1 if top == CHOOSE_PARTY_PATH => Page::ChooseParty,
            1 if top == GRANTS_PATH => Page::Grants,
            1 if top == ACCESS_LOG_PATH => Page::AccessLog,
            1 if top == ACCESSIBILITY_PATH => Page::Accessibility,
            1 if top == STATEMENT_PATH => Page::Statement,
            1 if top == ENROLL_PATH => Page::Enroll,
            1 if top == FEEDBACK_PATH => Page::Feedback,
            1 if top == ESERVICES_PATH => Page::EServices,
            2 if top == ESERVICES_PATH => Page::EServiceStart,
            3 if top == ESERVICES_PATH && segments[2] == CHECK_SEGMENT => Page::EServiceCheck,
            3 if top == ESERVICES_PATH && segments[2] == RECEIPT_SEGMENT => Page::EServiceReceipt,
            4 if top == ESERVICES_PATH && segments[2] == PAGE_SEGMENT => Page::EServiceQuestions,
            _ => return None,
        };
        Some(page)
    }
}

/// What the satisfaction question's module hands back: the question for a receipt number.
pub type QuestionView = fn(String) -> AnyView;

/// The satisfaction question after a submission ("How easy was this?"), in the feedback
/// page's module (`split_feedback.wasm`, which shares most of its code): fetched once
/// something has been sent, so the pages where one writes do not carry it.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(feedback, fallible, wasm_split_path = ::leptos::wasm_split)]
fn satisfaction_question() -> Result<QuestionView, PageLoadError> {
    Ok(|receipt_number| {
        view! { <crate::pages::feedback::SatisfactionQuestion receipt_number=receipt_number/> }
            .into_any()
    })
}

#[cfg(not(feature = "split"))]
async fn satisfaction_question() -> Result<QuestionView, PageLoadError> {
    Ok(|receipt_number| {
        view! { <crate::pages::feedback::SatisfactionQuestion receipt_number=receipt_number/> }
            .into_any()
    })
}

/// The satisfaction question for a submission, once its module is there. It is optional: if
/// the module cannot be fetched, nothing is shown (the receipt is complete without it).
#[component]
pub fn LazySatisfaction(receipt_number: String) -> impl IntoView {
    let question = RwSignal::new(None::<QuestionView>);
    leptos::task::spawn_local(async move {
        if let Ok(view) = satisfaction_question().await {
            // The person may have left the receipt meanwhile.
            let _ = question.try_set(Some(view));
        }
    });
    move || question.get().map(|view| view(receipt_number.clone()))
}

thread_local! {
    /// Pages whose chunk has been loaded: shown at once on the next visit, without a
    /// placeholder in between.
    static LOADED: RefCell<HashMap<Page, PageView>> = RefCell::new(HashMap::new());
}

#[derive(Clone, Copy)]
enum LoadState {
    Loading,
    Ready(PageView),
    Failed,
}

/// The route view of a page in a chunk: the page itself once its chunk is there; until then a
/// placeholder heading (which takes the route change's focus and hands it on to the page's
/// heading); a translated message with a retry button when the chunk cannot be fetched.
#[component]
pub fn LazyPage(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let cached = LOADED.with(|loaded| loaded.borrow().get(&page).copied());
    let state = RwSignal::new(cached.map_or(LoadState::Loading, LoadState::Ready));
    let load = move || {
        state.set(LoadState::Loading);
        leptos::task::spawn_local(async move {
            match page.load().await {
                Ok(view) => {
                    LOADED.with(|loaded| loaded.borrow_mut().insert(page, view));
                    state.set(LoadState::Ready(view));
                    browser::restore_heading_focus_keep_pending();
                }
                Err(_) => {
                    state.set(LoadState::Failed);
                    // The message's heading takes the focus the placeholder had.
                    browser::restore_heading_focus_keep_pending();
                }
            }
        });
    };
    if cached.is_none() {
        load();
    }
    move || match state.get() {
        LoadState::Ready(view) => view(),
        LoadState::Loading => view! {
            <h1 tabindex="-1" class="page-loading">{i18n.tr(Key::Loading)}</h1>
        }
        .into_any(),
        LoadState::Failed => view! {
            <h1 tabindex="-1">{i18n.tr(Key::PageLoadFailedTitle)}</h1>
            <p role="alert">{i18n.tr(Key::PageLoadFailedText)}</p>
            <p>
                // The button goes away with the message: the page's heading takes the focus.
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        browser::focus_heading_on_route_change();
                        load();
                    }
                >
                    {i18n.tr(Key::PageLoadRetry)}
                </button>
            </p>
        }
        .into_any(),
    }
}

/// Start fetching the chunk of `page` (if it has one and it is not loaded yet); a failure is
/// left for the page itself to report when it is shown.
pub fn prefetch(page: Page) {
    if LOADED.with(|loaded| loaded.borrow().contains_key(&page)) {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = page.preload().await;
    });
}

/// Start fetching the module of the page the address bar names (at start, in parallel with the
/// session check that comes before any page is shown).
pub fn prefetch_current_page() {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok());
    if let Some(page) = path.as_deref().and_then(Page::for_path) {
        prefetch(page);
    }
}

/// Prefetch the chunk behind a link when the pointer rests on it, it gets keyboard focus or a
/// finger touches it: by the time the click comes, the code is usually there. One listener on
/// the document serves every link of the app.
pub fn prefetch_links_on_intent() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_intent =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            let link = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
                return;
            };
            // Links within the app only: other sites and `//host` links have nothing to prefetch.
            if href.starts_with('/') && !href.starts_with("//") {
                if let Some(page) = Page::for_path(&href) {
                    prefetch(page);
                }
            }
        });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    for event in ["mouseover", "focusin", "touchstart"] {
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            event,
            on_intent.as_ref().unchecked_ref(),
            &options,
        );
    }
    on_intent.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_page_the_router_shows() {
        let cases = [
            ("/", Some(Page::Home)),
            ("/logga-in?next=/arenden", Some(Page::Login)),
            (INBOX_PATH, Some(Page::Inbox)),
            ("/meddelanden/12", Some(Page::Message)),
            ("/meddelanden/12#bilagor", Some(Page::Message)),
            (MATTERS_PATH, Some(Page::Matters)),
            ("/arenden/3", Some(Page::Matter)),
            ("/arenden/3/skriv", Some(Page::Compose)),
            ("/arenden/3/annat", None),
            (PERSONAL_PATH, Some(Page::Personal)),
            (CHANNELS_PATH, Some(Page::Channels)),
            (CHOOSE_PARTY_PATH, Some(Page::ChooseParty)),
            (GRANTS_PATH, Some(Page::Grants)),
            (ACCESS_LOG_PATH, Some(Page::AccessLog)),
            (ACCESSIBILITY_PATH, Some(Page::Accessibility)),
            (STATEMENT_PATH, Some(Page::Statement)),
            (ENROLL_PATH, Some(Page::Enroll)),
            (FEEDBACK_PATH, Some(Page::Feedback)),
            (ESERVICES_PATH, Some(Page::EServices)),
            ("/e-tjanster/flyttanmalan", Some(Page::EServiceStart)),
            (
                "/e-tjanster/flyttanmalan/sida/ny-adress?tillbaka=kontrollera",
                Some(Page::EServiceQuestions),
            ),
            (
                "/e-tjanster/flyttanmalan/kontrollera",
                Some(Page::EServiceCheck),
            ),
            (
                "/e-tjanster/flyttanmalan/kvittens",
                Some(Page::EServiceReceipt),
            ),
            ("/e-tjanster/flyttanmalan/annat", None),
            ("/e-tjanster/flyttanmalan/sida", None),
            ("/meddelanden/12/extra", None),
            ("/finns-inte", None),
        ];
        for (path, page) in cases {
            assert_eq!(Page::for_path(path), page, "{path}");
        }
    }
}
