//! The confirmation after sending: `/e-tjanster/:id/kvittens`.

use leptos::prelude::*;
use leptos_router::components::A;

use super::store;
use super::{service_href, use_service_id, ESERVICES_PATH};
use crate::api::use_api;
use crate::browser;
use crate::components::{DocumentList, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Key};
use crate::lazy::LazySatisfaction;
use crate::pages::matters::{matter_href, matter_link};
use crate::pages::messages::{message_href, INBOX_PATH};

#[component]
pub fn EServiceReceiptPage() -> impl IntoView {
    view! {
        <PageTitle key=Key::EserviceReceiptTitle/>
        <RequireAuth>
            <ReceiptContent/>
        </RequireAuth>
    }
}

#[component]
fn ReceiptContent() -> impl IntoView {
    store::forget_on_logout(use_api());
    let i18n = use_i18n();
    let api = use_api();
    let service = use_service_id();
    let owner = store::owner(api).unwrap_or_default();
    // Kept in this window's memory: a reload of the page (a new window's memory) falls back
    // to the inbox, where the receipt is too.
    let receipt = untrack(|| store::receipt(&owner, &service.get()));
    let Some(r) = receipt else {
        return view! {
            <h1 tabindex="-1">{i18n.tr(Key::ReceiptHeading)}</h1>
            <p>{i18n.tr(Key::EserviceReceiptMissingText)}</p>
            <div class="button-row">
                <A href=INBOX_PATH attr:class="button secondary">{i18n.tr(Key::EserviceToInbox)}</A>
                <A href=ESERVICES_PATH attr:class="button secondary">{i18n.tr(Key::EserviceBackToList)}</A>
            </div>
        }
        .into_any();
    };
    let status = RwSignal::new(false);
    // Announced once the page is in place.
    request_animation_frame(move || {
        status.try_set(true);
    });
    let received = r.received_at.clone();
    let has_docs = !r.documents.is_empty();
    let docs = r.documents.clone();
    let matter_id = r.matter.id;
    view! {
        <div class="panel receipt eservice-receipt">
            <h1 tabindex="-1" id="receipt-heading">{i18n.tr(Key::EserviceReceiptTitle)}</h1>
            <p class="receipt-big">
                {i18n.tr(Key::ReceiptNumber)} ": "
                <strong class="receipt-number">{r.receipt_number.clone()}</strong>
            </p>
            <p>{i18n.tr(Key::EserviceReceiptIntro)}</p>
            <dl class="details">
                <div class="dl-row">
                    <dt>{i18n.tr(Key::ReceiptReceivedAt)}</dt>
                    <dd>{move || browser::format_date(&received, i18n.lang.get().locale(), true)}</dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::EservicesTitle)}</dt>
                    <dd>{authored_text(r.service_title.clone(), true)}</dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::MatterLabel)}</dt>
                    <dd>{matter_link(r.matter.id, &r.matter.title, &r.matter.reference)}</dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::EserviceAnswersChecksum)}</dt>
                    <dd><code class="checksum">{r.answers_sha256.clone()}</code></dd>
                </div>
            </dl>
            <h2>{i18n.tr(Key::ReceiptDocuments)}</h2>
            {if has_docs {
                view! { <DocumentList documents=docs show_checksums=true/> }.into_any()
            } else {
                view! { <p>{i18n.tr(Key::ReceiptNoDocuments)}</p> }.into_any()
            }}
            <p class="hint">{i18n.tr(Key::ReceiptChecksumHint)}</p>
        </div>
        <div role="status" class="status-region">
            {move || status.get().then(|| view! { <p class="alert success">{i18n.tr(Key::EserviceSentNotice)}</p> })}
        </div>
        <div class="button-row">
            <A href=matter_href(matter_id) attr:class="button secondary">{i18n.tr(Key::EserviceToMatter)}</A>
            <A href=message_href(r.receipt_message_id) attr:class="button secondary">{i18n.tr(Key::ReceiptInInbox)}</A>
            <A href=service_href(&r.service_id) attr:class="button secondary">{i18n.tr(Key::EserviceNew)}</A>
        </div>
        // Asked here only, right after sending: never again for the same submission.
        <LazySatisfaction receipt_number=r.receipt_number.clone()/>
    }
    .into_any()
}
