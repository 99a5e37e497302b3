//! One module per feature area.

pub mod accessibility;
pub mod channels;
pub mod eservices;
pub mod feedback;
pub mod login;
pub mod matters;
pub mod messages;
pub mod parties;
pub mod personal;
pub mod start;
pub mod terminal;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::HOME_PATH;
use crate::components::PageTitle;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::NotFoundTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::NotFoundTitle)}</h1>
        <p>{i18n.tr(Key::NotFoundText)}</p>
        <p><A href=HOME_PATH>{i18n.tr(Key::NotFoundBack)}</A></p>
    }
}
