//! `/meddelanden/:id`: one message, its documents and receipt, and marking or archiving it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use minsida_api::messages::{MessageDetail, MessageDirection, MessageStateUpdate, MessageSummary};
use minsida_api::representation::{AccessLevel, Area};

use super::{INBOX_PATH, MESSAGE_ID_PARAM};
use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{
    set_document_title, ApiErrorMessage, DocumentList, Loading, MessageBody, PageTitle,
    ReceiptPanel, RequireAuth,
};
use crate::i18n::{authored_text, use_i18n, Key, AGENCY_LANG};
use crate::pages::matters::{answer_href, matter_link, RequestDetails};

#[component]
pub fn MessagePage() -> impl IntoView {
    view! {
        <PageTitle key=Key::MessageTitle/>
        <RequireAuth>
            <MessageContent/>
        </RequireAuth>
    }
}

#[component]
fn MessageContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get(MESSAGE_ID_PARAM).and_then(|s| s.parse::<i64>().ok()))
    });
    let message = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => {
                    let result = api.message(id).await;
                    // Opening marks it read: refresh the unread count for the navigation.
                    api.refresh_unread().await;
                    result
                }
                None => Err(ApiError::not_found()),
            }
        }
    });
    view! {
        <p class="back-link"><A href=INBOX_PATH>{i18n.tr(Key::BackToInbox)}</A></p>
        <Suspense fallback=move || view! { <h1 tabindex="-1">{i18n.tr(Key::MessageTitle)}</h1><Loading/> }>
            {move || {
                message
                    .get()
                    .map(|result| {
                        browser::restore_heading_focus();
                        match result {
                            Ok(m) => view! { <MessageView message=m/> }.into_any(),
                            Err(e) => {
                                view! {
                                    <h1 tabindex="-1">{i18n.tr(Key::MessageTitle)}</h1>
                                    <ApiErrorMessage error=e/>
                                }
                                    .into_any()
                            }
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn MessageView(message: MessageDetail) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let s = m.summary.clone();
    let sent_at = s.sent_at.clone();
    let attachments = m.attachments.clone();
    let has_attachments = !attachments.is_empty();
    let subject = s.subject.clone();
    // What the agency wrote is Swedish; what the person wrote, in whatever language.
    let by_agency = s.direction == MessageDirection::Incoming;
    // The message subject is the page title.
    set_document_title(move || subject.clone());
    view! {
        <article class="message" aria-labelledby="message-subject">
            <h1 tabindex="-1" id="message-subject">{authored_text(s.subject.clone(), by_agency)}</h1>
            <dl class="message-details">
                <div class="dl-row">
                    <dt>{move || i18n.t(if s.direction == MessageDirection::Outgoing { Key::MessageTo } else { Key::MessageFrom })}</dt>
                    <dd>{authored_text(s.sender.clone(), s.direction == MessageDirection::Incoming)}</dd>
                </div>
                <div class="dl-row">
                    <dt>{i18n.tr(Key::MessageSentAt)}</dt>
                    <dd>
                        <time datetime=sent_at.clone()>
                            {let sent_at = sent_at.clone(); move || browser::format_date(&sent_at, i18n.lang.get().locale(), true)}
                        </time>
                    </dd>
                </div>
                {s.matter.clone().map(|matter| {
                    view! {
                        <div class="dl-row">
                            <dt>{i18n.tr(Key::MatterLabel)}</dt>
                            <dd>
                                {matter_link(matter.id, &matter.title, &matter.reference)}
                            </dd>
                        </div>
                    }
                })}
            </dl>
            {m.supplement_request.clone().map(|r| {
                let answer = r.status.awaits_answer().then(|| answer_href(r.matter.id, r.id));
                view! {
                    <section class="panel request" aria-labelledby="request-heading">
                        <h2 id="request-heading">{i18n.tr(Key::RequestHeading)}</h2>
                        <RequestDetails request=r/>
                        {answer.map(|href| view! {
                            <A href=href attr:class="button">{i18n.tr(Key::RequestAnswer)}</A>
                        })}
                    </section>
                }
            })}
            <div class="message-body" lang=if by_agency { AGENCY_LANG } else { "" }>
                <MessageBody blocks=m.body.clone()/>
            </div>
            {has_attachments.then(|| view! {
                <section aria-labelledby="attachments-heading">
                    <h2 id="attachments-heading">{i18n.tr(Key::AttachmentsHeading)}</h2>
                    <DocumentList documents=attachments.clone()/>
                </section>
            })}
            {m.receipt.clone().map(|r| view! { <ReceiptPanel receipt=r/> })}
        </article>
        <MessageActions summary=m.summary.clone()/>
    }
}

/// Mark unread/read and archive/restore. The agency's record is never deleted.
#[component]
fn MessageActions(summary: MessageSummary) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = summary.id;
    let read = RwSignal::new(summary.read);
    let archived = RwSignal::new(summary.archived);
    let status = RwSignal::new(None::<Key>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let incoming = summary.direction == MessageDirection::Incoming;

    let update = move |change: MessageStateUpdate, done: Key| {
        busy.set(true);
        status.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.set_message_state(id, &change).await {
                Ok(s) => {
                    read.set(s.read);
                    archived.set(s.archived);
                    status.set(Some(done));
                    api.refresh_unread().await;
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let toggle_read = move |_| {
        let now = !read.get_untracked();
        update(
            MessageStateUpdate {
                read: Some(now),
                archived: None,
            },
            if now {
                Key::MarkedRead
            } else {
                Key::MarkedUnread
            },
        );
    };
    let toggle_archive = move |_| {
        let now = !archived.get_untracked();
        update(
            MessageStateUpdate {
                read: None,
                archived: Some(now),
            },
            if now { Key::Archived } else { Key::Restored },
        );
    };
    // Marking and archiving change the mailbox: not offered to a representative who may only read.
    let may_act = move || api.can(Area::Messages, AccessLevel::Act);
    view! {
        <Show when=move || incoming && may_act()>
            <div class="button-row message-actions">
                <button type="button" class="button secondary" on:click=toggle_read disabled=move || busy.get()>
                    {move || i18n.t(if read.get() { Key::MarkUnread } else { Key::MarkRead })}
                </button>
                <button type="button" class="button secondary" on:click=toggle_archive disabled=move || busy.get()>
                    {move || i18n.t(if archived.get() { Key::Restore } else { Key::Archive })}
                </button>
            </div>
            <p class="hint">{i18n.tr(Key::ArchiveHint)}</p>
        </Show>
        {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
        <div role="status" class="status-region">
            {move || status.get().map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })}
        </div>
    }
}
