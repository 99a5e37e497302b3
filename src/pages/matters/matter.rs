//! `/arenden/:id`: one matter with its details, requests to supplement and history.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::messages::{MatterDetail, SupplementRequest, TimelineEvent, TimelineKind};

use super::{
    answer_href, category_key, compose_href, matter_resource, use_matter_id, RequestDetails,
    MATTERS_PATH,
};
use crate::browser;
use crate::components::{
    set_document_title, status_key, ApiErrorMessage, Loading, PageTitle, RequireAuth, StatusTag,
};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};
use crate::pages::messages::{message_href, InboxFilters};

#[component]
pub fn MatterPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::MatterTitle/>
        <RequireAuth>
            <MatterContent/>
        </RequireAuth>
    }
}

#[component]
fn MatterContent() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_matter_id();
    let matter = matter_resource(id);
    view! {
        <p class="back-link"><A href=MATTERS_PATH>{i18n.tr(Key::BackToMatters)}</A></p>
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::MatterTitle)}</h1><Loading/> }>
            {move || {
                matter
                    .get()
                    .map(|result| {
                        browser::restore_heading_focus();
                        match result {
                            Ok(m) => view! { <MatterView matter=m/> }.into_any(),
                            Err(e) => view! {
                                <h1 tabindex="-1">{i18n.tr(Key::MatterTitle)}</h1>
                                <ApiErrorMessage error=e/>
                            }.into_any(),
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn MatterView(matter: MatterDetail) -> impl IntoView {
    let i18n = use_i18n();
    let m = matter;
    let s = m.summary.clone();
    let title = s.title.clone();
    set_document_title(move || title.clone());
    let opened = s.opened_at.clone();
    let updated = s.updated_at.clone();
    let category = s.category;
    let (waiting, done): (Vec<_>, Vec<_>) = m
        .supplement_requests
        .iter()
        .cloned()
        .partition(|r| r.status.awaits_answer());
    let has_waiting = !waiting.is_empty();
    let has_done = !done.is_empty();
    let matter_id = s.id;
    let inbox_href = InboxFilters {
        matter: Some(matter_id),
        ..Default::default()
    }
    .href();
    view! {
        <h1 tabindex="-1">{authored_text(s.title.clone(), true)}</h1>
        <dl class="details matter-details">
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterReference)}</dt>
                <dd>{s.reference.clone()}</dd>
            </div>
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterStatus)}</dt>
                <dd><StatusTag status=s.status/></dd>
            </div>
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterCategory)}</dt>
                <dd>{move || i18n.t(category_key(category))}</dd>
            </div>
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterHandler)}</dt>
                <dd>{s.handler.clone()}</dd>
            </div>
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterOpened)}</dt>
                <dd>{move || browser::format_date(&opened, i18n.lang.get().locale(), false)}</dd>
            </div>
            <div class="dl-row">
                <dt>{i18n.tr(Key::MatterUpdated)}</dt>
                <dd>{move || browser::format_date(&updated, i18n.lang.get().locale(), true)}</dd>
            </div>
        </dl>
        {has_waiting.then(|| view! {
            <section class="panel request" aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">{i18n.tr(Key::RequestHeading)}</h2>
                {waiting.clone().into_iter().map(|r| view! { <RequestItem request=r/> }).collect_view()}
            </section>
        })}
        <div class="button-row">
            {m.can_reply.then(|| view! {
                <A href=compose_href(matter_id) attr:class="button secondary">
                    {i18n.tr(Key::WriteInMatter)}
                </A>
            })}
            <A href=inbox_href attr:class="button secondary">{i18n.tr(Key::MessagesInMatter)}</A>
        </div>
        {(!m.can_reply).then(|| view! { <p class="hint">{i18n.tr(Key::MatterClosedHint)}</p> })}
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{i18n.tr(Key::TimelineHeading)}</h2>
            <ol class="timeline">
                {m.timeline.iter().rev().cloned().map(|e| view! { <TimelineItem event=e/> }).collect_view()}
            </ol>
        </section>
        {has_done.then(|| view! {
            <section aria-labelledby="done-heading">
                <h2 id="done-heading">{i18n.tr(Key::EarlierRequestsHeading)}</h2>
                {done.clone().into_iter().map(|r| view! { <RequestItem request=r/> }).collect_view()}
            </section>
        })}
    }
}

#[component]
fn RequestItem(request: SupplementRequest) -> impl IntoView {
    let i18n = use_i18n();
    let r = request;
    let answerable = r.status.awaits_answer();
    let answered = r.answered_at.clone();
    let receipt = r.answer_receipt_number.clone();
    view! {
        <div class="request-item">
            <h3>{i18n.tr(Key::RequestWhatWeNeed)}</h3>
            <RequestDetails request=r.clone()/>
            {answered.map(|at| view! {
                <p>
                    {move || format!("{} {}", i18n.t(Key::RequestAnsweredAt), browser::format_date(&at, i18n.lang.get().locale(), true))}
                    {receipt.clone().map(|n| format!(" · {n}"))}
                </p>
            })}
            <div class="button-row">
                {answerable.then(|| view! {
                    <A href=answer_href(r.matter.id, r.id) attr:class="button">{i18n.tr(Key::RequestAnswer)}</A>
                })}
                <A href=message_href(r.message_id)>{i18n.tr(Key::RequestReadMessage)}</A>
            </div>
        </div>
    }
}

#[component]
fn TimelineItem(event: TimelineEvent) -> impl IntoView {
    let i18n = use_i18n();
    let e = event;
    let at = e.at.clone();
    let kind_key = match e.kind {
        TimelineKind::Opened => Key::EventOpened,
        TimelineKind::StatusChanged => Key::EventStatusChanged,
        TimelineKind::MessageReceived => Key::EventMessageReceived,
        TimelineKind::SupplementRequested => Key::EventSupplementRequested,
        TimelineKind::MessageSent => Key::EventMessageSent,
    };
    let status = e.status;
    let text = e.text.clone();
    // The text is a message's subject or the agency's note: the person's own for a message
    // they sent, else the agency's.
    let by_agency = e.kind != TimelineKind::MessageSent;
    let message_link = e.message_id.map(message_href);
    let docs = e.document_count;
    view! {
        <li class="timeline-item">
            <p class="timeline-time">
                <time datetime=at.clone()>{let at = at.clone(); move || browser::format_date(&at, i18n.lang.get().locale(), true)}</time>
            </p>
            <p class="timeline-what">
                <strong>{move || i18n.t(kind_key)}</strong>
                {status.map(|s| view! { ": " {move || i18n.t(status_key(s))} })}
            </p>
            {match (message_link, text) {
                (Some(href), Some(t)) => Some(view! { <p><A href=href>{authored_text(t, by_agency)}</A></p> }.into_any()),
                (Some(href), None) => Some(view! { <p><A href=href>{i18n.tr(Key::RequestReadMessage)}</A></p> }.into_any()),
                (None, Some(t)) => Some(view! { <p>{authored_text(t, by_agency)}</p> }.into_any()),
                (None, None) => None,
            }}
            {e.receipt_number.clone().map(|n| view! { <p class="hint">{i18n.tr(Key::ReceiptNumber)} ": " {n.clone()}</p> })}
            {(docs > 0).then(|| view! {
                <p class="hint">
                    {move || i18n.f(Fmt::Documents, &[("n", docs.into())])}
                </p>
            })}
        </li>
    }
}
