//! `/tillganglighetsredogorelse`: the accessibility statement.

use leptos::prelude::*;
use leptos_router::components::A;

use super::ACCESSIBILITY_PATH;
use crate::components::PageTitle;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn StatementPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Key| move || i18n.t(k);
    view! {
        <PageTitle key=Key::StatementTitle/>
        <h1 tabindex="-1">{t(Key::StatementTitle)}</h1>
        <p class="lead">{t(Key::StatementIntro)}</p>
        <h2>{t(Key::StatementSupportedHeading)}</h2>
        <ul>
            <li>{t(Key::StatementSupported1)}</li>
            <li>{t(Key::StatementSupported2)}</li>
            <li>{t(Key::StatementSupported3)}</li>
            <li>{t(Key::StatementSupported4)}</li>
        </ul>
        <p><A href=ACCESSIBILITY_PATH>{t(Key::StatementSettingsLink)}</A></p>
        <h2>{t(Key::StatementKnownHeading)}</h2>
        <ul>
            <li>{t(Key::StatementKnown1)}</li>
            <li>{t(Key::StatementKnown2)}</li>
        </ul>
        <h2>{t(Key::StatementReportHeading)}</h2>
        <p>{t(Key::StatementReport)}</p>
        <p>{t(Key::StatementEnforcement)}</p>
        <p class="hint">{t(Key::StatementUpdated)}</p>
    }
}
