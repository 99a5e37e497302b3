//! "Mina ärenden": matters with status and history, requests to supplement, and sending
//! messages and documents in a matter (with upload progress and a receipt). One routed page
//! per file; what they share is here.

mod compose;
mod list;
mod matter;

pub use compose::ComposePage;
pub use list::MattersPage;
pub use matter::MatterPage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use minsida_api::messages::{MatterCategory, MatterDetail, SupplementRequest, SupplementStatus};

use crate::api::{use_api, ApiError};
use crate::browser;
use crate::i18n::{authored_text, use_i18n, Key};

pub const MATTERS_PATH: &str = "/arenden";
/// The route parameter of a matter's pages: `/arenden/:id` and `/arenden/:id/skriv`.
pub const MATTER_ID_PARAM: &str = "id";
/// The last segment of the page for writing in a matter: `/arenden/:id/skriv`.
pub const COMPOSE_SEGMENT: &str = "skriv";

pub fn category_key(category: MatterCategory) -> Key {
    match category {
        MatterCategory::Recurring => Key::CategoryRecurring,
        MatterCategory::LifeEvent => Key::CategoryLifeEvent,
        MatterCategory::Ongoing => Key::CategoryOngoing,
        MatterCategory::Other => Key::CategoryOther,
    }
}

pub fn request_status_key(status: SupplementStatus) -> Key {
    match status {
        SupplementStatus::Open => Key::RequestOpen,
        SupplementStatus::Overdue => Key::RequestOverdue,
        SupplementStatus::Answered => Key::RequestAnswered,
        SupplementStatus::Withdrawn => Key::RequestWithdrawn,
    }
}

/// The route of a matter's page.
pub fn matter_href(id: i64) -> String {
    format!("{MATTERS_PATH}/{id}")
}

/// A link to a matter named as the agency names it, `title (reference)`, marked as Swedish.
/// One function for every such link, so that its code is in the bundle once.
pub fn matter_link(id: i64, title: &str, reference: &str) -> impl IntoView {
    let name = format!("{title} ({reference})");
    view! { <A href=matter_href(id)>{authored_text(name, true)}</A> }
}

/// The route for answering a request to supplement.
pub fn answer_href(matter_id: i64, request_id: i64) -> String {
    format!("{}?komplettering={request_id}", compose_href(matter_id))
}

/// The route for writing in a matter.
pub fn compose_href(matter_id: i64) -> String {
    format!("{MATTERS_PATH}/{matter_id}/{COMPOSE_SEGMENT}")
}

pub fn use_matter_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(MATTER_ID_PARAM).and_then(|s| s.parse::<i64>().ok())))
}

/// Load a matter by the id in the route.
pub fn matter_resource(id: Memo<Option<i64>>) -> LocalResource<Result<MatterDetail, ApiError>> {
    let api = use_api();
    LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.matter(id).await,
                None => Err(ApiError::not_found()),
            }
        }
    })
}

/// What a request to supplement asks for, its due date and where it stands.
#[component]
pub fn RequestDetails(request: SupplementRequest) -> impl IntoView {
    let i18n = use_i18n();
    let due = request.due_date.clone();
    let status = request.status;
    view! {
        <ul>{request.requested_items.into_iter().map(|i| view! { <li>{authored_text(i, true)}</li> }).collect_view()}</ul>
        <p>
            <strong>{move || format!("{} {}", i18n.t(Key::RequestDue), browser::format_date(&due, i18n.lang.get().locale(), false))}</strong>
            " · "
            {move || i18n.t(request_status_key(status))}
        </p>
    }
}
