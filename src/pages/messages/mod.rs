//! "Meddelanden": the secure inbox and the message view.
//!
//! The inbox's filters live in the page's URL (`?mapp=&sok=&arende=&fran=&till=&sida=`), so the
//! back button, reloading and sharing a link within the session all keep them.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use minsida_api::messages::{
    InboxFolder, InboxPage, InboxQuery, MessageDetail, MessageDirection, MessageKind,
    MessageStateUpdate, MessageSummary, INBOX_PAGE_SIZE,
};
use minsida_api::representation::{AccessLevel, Area};

use crate::api::{use_api, ApiError};
use crate::browser;
use crate::components::{
    set_document_title, ApiErrorMessage, DocumentList, Loading, MessageBody, PageTitle,
    ReceiptPanel, RequireAuth,
};
use crate::i18n::{use_i18n, Key};
use crate::pages::matters::{answer_href, matter_href, RequestDetails};

pub const INBOX_PATH: &str = "/meddelanden";

/// The inbox filters as they appear in the page URL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InboxFilters {
    pub folder: InboxFolder,
    pub search: String,
    pub matter: Option<i64>,
    pub from: String,
    pub to: String,
    pub page: u32,
}

impl InboxFilters {
    fn folder_slug(folder: InboxFolder) -> &'static str {
        match folder {
            InboxFolder::Inbox => "inkorg",
            InboxFolder::Unread => "olasta",
            InboxFolder::Archived => "arkiv",
            InboxFolder::Sent => "skickade",
        }
    }

    fn folder_from_slug(slug: &str) -> InboxFolder {
        [
            InboxFolder::Inbox,
            InboxFolder::Unread,
            InboxFolder::Archived,
            InboxFolder::Sent,
        ]
        .into_iter()
        .find(|f| Self::folder_slug(*f) == slug)
        .unwrap_or_default()
    }

    /// Read the filters from the URL's query parameters.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            folder: get("mapp")
                .map(|s| Self::folder_from_slug(&s))
                .unwrap_or_default(),
            search: get("sok").unwrap_or_default(),
            matter: get("arende").and_then(|s| s.parse().ok()),
            from: get("fran").unwrap_or_default(),
            to: get("till").unwrap_or_default(),
            page: get("sida")
                .and_then(|s| s.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The inbox URL for these filters (default values left out).
    pub fn href(&self) -> String {
        let mut params = Vec::new();
        if self.folder != InboxFolder::Inbox {
            params.push(format!("mapp={}", Self::folder_slug(self.folder)));
        }
        let encode = |s: &str| String::from(js_sys::encode_uri_component(s.trim()));
        if !self.search.trim().is_empty() {
            params.push(format!("sok={}", encode(&self.search)));
        }
        if let Some(m) = self.matter {
            params.push(format!("arende={m}"));
        }
        if !self.from.is_empty() {
            params.push(format!("fran={}", encode(&self.from)));
        }
        if !self.to.is_empty() {
            params.push(format!("till={}", encode(&self.to)));
        }
        if self.page > 1 {
            params.push(format!("sida={}", self.page));
        }
        if params.is_empty() {
            INBOX_PATH.to_string()
        } else {
            format!("{INBOX_PATH}?{}", params.join("&"))
        }
    }

    fn has_filters(&self) -> bool {
        !self.search.trim().is_empty()
            || self.matter.is_some()
            || !self.from.is_empty()
            || !self.to.is_empty()
    }

    fn to_query(&self) -> InboxQuery {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        InboxQuery {
            folder: Some(self.folder),
            matter: self.matter,
            from: opt(&self.from),
            to: opt(&self.to),
            q: opt(&self.search),
            page: Some(self.page),
            page_size: Some(INBOX_PAGE_SIZE),
        }
    }
}

fn folder_key(folder: InboxFolder) -> Key {
    match folder {
        InboxFolder::Inbox => Key::FolderInbox,
        InboxFolder::Unread => Key::FolderUnread,
        InboxFolder::Archived => Key::FolderArchived,
        InboxFolder::Sent => Key::FolderSent,
    }
}

#[component]
pub fn InboxPageView() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::InboxTitle/>
        <h1 tabindex="-1">{move || i18n.t(Key::InboxTitle)}</h1>
        <RequireAuth>
            <InboxContent/>
        </RequireAuth>
    }
}

#[component]
fn InboxContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(|q| InboxFilters::from_params(|k| q.get(k))));
    let page = LocalResource::new(move || {
        let query = filters.get().to_query();
        async move { api.inbox(&query).await }
    });

    view! {
        <p class="lead">{move || i18n.t(Key::InboxIntro)}</p>
        <FolderNav filters=filters/>
        <FilterForm filters=filters/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                page.get()
                    .map(|result| match result {
                        Ok(p) => view! { <MessageList page=p filters=filters.get_untracked()/> }.into_any(),
                        Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn FolderNav(filters: Memo<InboxFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    view! {
        <nav class="folder-nav" aria-label=move || i18n.t(Key::FoldersLabel)>
            <ul>
                {[InboxFolder::Inbox, InboxFolder::Unread, InboxFolder::Sent, InboxFolder::Archived]
                    .into_iter()
                    .map(|folder| {
                        let href = InboxFilters { folder, ..Default::default() }.href();
                        let current = move || (filters.get().folder == folder).then_some("page");
                        view! {
                            <li>
                                <a href=href aria-current=current>
                                    {move || i18n.t(folder_key(folder))}
                                    {move || {
                                        (folder == InboxFolder::Unread)
                                            .then(|| api.unread.get())
                                            .flatten()
                                            .filter(|n| *n > 0)
                                            .map(|n| view! { " " <span class="badge">{n}</span> })
                                    }}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn FilterForm(filters: Memo<InboxFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let initial = filters.get_untracked();
    let search = RwSignal::new(initial.search.clone());
    let matter = RwSignal::new(initial.matter.map(|m| m.to_string()).unwrap_or_default());
    let from = RwSignal::new(initial.from.clone());
    let to = RwSignal::new(initial.to.clone());
    let date_error = RwSignal::new(false);
    // Keep the fields in step with the URL (back button, folder links).
    Effect::new(move |_| {
        let f = filters.get();
        search.set(f.search);
        matter.set(f.matter.map(|m| m.to_string()).unwrap_or_default());
        from.set(f.from);
        to.set(f.to);
    });
    let matters = LocalResource::new(move || async move { api.matters().await });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        if !f.is_empty() && !t.is_empty() && f > t {
            date_error.set(true);
            browser::focus_id("filter-to");
            return;
        }
        date_error.set(false);
        let next = InboxFilters {
            folder: filters.get_untracked().folder,
            search: search.get_untracked(),
            matter: matter.get_untracked().parse().ok(),
            from: f,
            to: t,
            page: 1,
        };
        navigate(&next.href(), Default::default());
    };
    let clear_href = move || {
        InboxFilters {
            folder: filters.get().folder,
            ..Default::default()
        }
        .href()
    };

    view! {
        <search class="filters">
            <form on:submit=on_submit novalidate>
                <h2 class="filters-heading">{move || i18n.t(Key::FilterHeading)}</h2>
                <div class="filter-fields">
                    <div class="field">
                        <label for="filter-search">{move || i18n.t(Key::FilterSearch)}</label>
                        <input
                            id="filter-search"
                            type="search"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="filter-matter">{move || i18n.t(Key::FilterMatter)}</label>
                        <select
                            id="filter-matter"
                            prop:value=move || matter.get()
                            on:change=move |ev| matter.set(event_target_value(&ev))
                        >
                            <option value="">{move || i18n.t(Key::FilterAllMatters)}</option>
                            {move || {
                                matters
                                    .get()
                                    .and_then(Result::ok)
                                    .map(|list| {
                                        list.matters
                                            .into_iter()
                                            .map(|m| {
                                                let id = m.id.to_string();
                                                let selected = matter.get_untracked() == id;
                                                view! {
                                                    <option value=id selected=selected>
                                                        {format!("{} ({})", m.title, m.reference)}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-from">{move || i18n.t(Key::FilterFrom)}</label>
                        <input
                            id="filter-from"
                            type="date"
                            prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field" class:field-error=move || date_error.get()>
                        <label for="filter-to">{move || i18n.t(Key::FilterTo)}</label>
                        <p class="error-message" id="filter-to-error" hidden=move || !date_error.get()>
                            {move || i18n.t(Key::ErrDateOrder)}
                        </p>
                        <input
                            id="filter-to"
                            type="date"
                            aria-invalid=move || date_error.get().then_some("true")
                            aria-describedby=move || date_error.get().then_some("filter-to-error")
                            prop:value=move || to.get()
                            on:input=move |ev| to.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <div class="button-row">
                    <button type="submit" class="button">{move || i18n.t(Key::FilterApply)}</button>
                    <Show when=move || filters.get().has_filters()>
                        <A href=clear_href attr:class="button secondary">{move || i18n.t(Key::FilterClear)}</A>
                    </Show>
                </div>
            </form>
        </search>
    }
}

#[component]
fn MessageList(page: InboxPage, filters: InboxFilters) -> impl IntoView {
    let i18n = use_i18n();
    let size = page.page_size.max(1) as u64;
    let pages = page.total.div_ceil(size).max(1) as u32;
    let first = (page.page as u64 - 1) * size + 1;
    let last = first + page.messages.len() as u64 - 1;
    let total = page.total;
    let count_text = move || {
        if total == 0 {
            i18n.t(Key::InboxEmpty).to_string()
        } else {
            i18n.t(Key::InboxShowing)
                .replace("{first}", &first.to_string())
                .replace("{last}", &last.to_string())
                .replace("{total}", &total.to_string())
        }
    };
    let prev = (page.page > 1).then(|| {
        InboxFilters {
            page: page.page - 1,
            ..filters.clone()
        }
        .href()
    });
    let next = (page.page < pages).then(|| {
        InboxFilters {
            page: page.page + 1,
            ..filters.clone()
        }
        .href()
    });
    let current = page.page;
    view! {
        <p role="status" class="result-count">{count_text}</p>
        <ul class="message-list">
            {page.messages.into_iter().map(|m| view! { <MessageRow message=m/> }).collect_view()}
        </ul>
        <Show when=move || { pages > 1 }>
            <nav class="pagination" aria-label=move || i18n.t(Key::PaginationLabel)>
                {prev
                    .clone()
                    .map(|href| {
                        view! {
                            <A href=href attr:class="pagination-prev" attr:rel="prev">
                                {move || i18n.t(Key::PaginationPrev)}
                            </A>
                        }
                    })}
                <span class="pagination-current">
                    {move || {
                        i18n.t(Key::PaginationPageOf)
                            .replace("{page}", &current.to_string())
                            .replace("{pages}", &pages.to_string())
                    }}
                </span>
                {next
                    .clone()
                    .map(|href| {
                        view! {
                            <A href=href attr:class="pagination-next" attr:rel="next">
                                {move || i18n.t(Key::PaginationNext)}
                            </A>
                        }
                    })}
            </nav>
        </Show>
    }
}

#[component]
fn MessageRow(message: MessageSummary) -> impl IntoView {
    let i18n = use_i18n();
    let m = message;
    let unread = !m.read && m.direction == MessageDirection::Incoming;
    let sent_at = m.sent_at.clone();
    let attachments = m.attachment_count;
    let kind = m.kind;
    view! {
        <li class="message-row" class:unread=unread>
            <a class="message-subject" href=format!("{INBOX_PATH}/{}", m.id)>
                {unread.then(|| view! { <span class="visually-hidden">{move || i18n.t(Key::UnreadPrefix)}</span> })}
                {m.subject.clone()}
            </a>
            <p class="message-meta">
                {(kind != MessageKind::Message)
                    .then(|| {
                        let key = if kind == MessageKind::Receipt { Key::KindReceipt } else { Key::KindSupplementRequest };
                        view! { <strong class="tag">{move || i18n.t(key)}</strong> " " }
                    })}
                <span class="sender">
                    {if m.direction == MessageDirection::Outgoing {
                        view! { {move || i18n.t(Key::SentByYou)} }.into_any()
                    } else {
                        view! { {m.sender.clone()} }.into_any()
                    }}
                </span>
                " · "
                <time datetime=sent_at.clone()>
                    {let sent_at = sent_at.clone(); move || browser::format_date(&sent_at, i18n.lang.get().locale(), true)}
                </time>
                {(attachments > 0)
                    .then(|| {
                        view! {
                            " · "
                            <span class="attachments">
                                {move || {
                                    i18n.count(attachments, Key::OneAttachment, Key::NAttachments)
                                }}
                            </span>
                        }
                    })}
                {m.matter.clone().map(|matter| {
                    view! {
                        " · "
                        <span class="matter-ref">
                            {move || i18n.t(Key::MatterLabel)} ": " {format!("{} ({})", matter.title, matter.reference)}
                        </span>
                    }
                })}
            </p>
        </li>
    }
}

// -------------------------------------------------------------------------------------------
// One message
// -------------------------------------------------------------------------------------------

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
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
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
        <p class="back-link"><A href=INBOX_PATH>{move || i18n.t(Key::BackToInbox)}</A></p>
        <Suspense fallback=move || view! { <h1 tabindex="-1">{move || i18n.t(Key::MessageTitle)}</h1><Loading/> }>
            {move || {
                message
                    .get()
                    .map(|result| {
                        browser::restore_heading_focus();
                        match result {
                            Ok(m) => view! { <MessageView message=m/> }.into_any(),
                            Err(e) => {
                                view! {
                                    <h1 tabindex="-1">{move || i18n.t(Key::MessageTitle)}</h1>
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
    // The message subject is the page title.
    set_document_title(move || subject.clone());
    view! {
        <article class="message" aria-labelledby="message-subject">
            <h1 tabindex="-1" id="message-subject">{s.subject.clone()}</h1>
            <dl class="message-details">
                <div class="dl-row">
                    <dt>{move || i18n.t(if s.direction == MessageDirection::Outgoing { Key::MessageTo } else { Key::MessageFrom })}</dt>
                    <dd>{s.sender.clone()}</dd>
                </div>
                <div class="dl-row">
                    <dt>{move || i18n.t(Key::MessageSentAt)}</dt>
                    <dd>
                        <time datetime=sent_at.clone()>
                            {let sent_at = sent_at.clone(); move || browser::format_date(&sent_at, i18n.lang.get().locale(), true)}
                        </time>
                    </dd>
                </div>
                {s.matter.clone().map(|matter| {
                    view! {
                        <div class="dl-row">
                            <dt>{move || i18n.t(Key::MatterLabel)}</dt>
                            <dd>
                                <A href=matter_href(matter.id)>
                                    {format!("{} ({})", matter.title, matter.reference)}
                                </A>
                            </dd>
                        </div>
                    }
                })}
            </dl>
            {m.supplement_request.clone().map(|r| {
                let answer = r.status.awaits_answer().then(|| answer_href(r.matter.id, r.id));
                view! {
                    <section class="panel request" aria-labelledby="request-heading">
                        <h2 id="request-heading">{move || i18n.t(Key::RequestHeading)}</h2>
                        <RequestDetails request=r/>
                        {answer.map(|href| view! {
                            <A href=href attr:class="button">{move || i18n.t(Key::RequestAnswer)}</A>
                        })}
                    </section>
                }
            })}
            <div class="message-body">
                <MessageBody blocks=m.body.clone()/>
            </div>
            {has_attachments.then(|| view! {
                <section aria-labelledby="attachments-heading">
                    <h2 id="attachments-heading">{move || i18n.t(Key::AttachmentsHeading)}</h2>
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
            <p class="hint">{move || i18n.t(Key::ArchiveHint)}</p>
        </Show>
        {move || error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
        <div role="status" class="status-region">
            {move || status.get().map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })}
        </div>
    }
}
