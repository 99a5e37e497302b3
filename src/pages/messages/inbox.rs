//! `/meddelanden`: the secure inbox, its folders, filters and pages.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use minsida_api::messages::{
    InboxFolder, InboxPage, MessageDirection, MessageKind, MessageSummary,
};

use super::{message_href, InboxFilters};
use crate::api::use_api;
use crate::browser;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

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
        <h1 tabindex="-1">{i18n.tr(Key::InboxTitle)}</h1>
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

    // The folders, the filters and the list appear together, once the first page of the list
    // has answered: its answer also brings the unread count, so the unread folder's badge is
    // there from the start instead of widening the folder row later (layout shift).
    let loaded = Memo::new(move |_| page.get().is_some());

    view! {
        <p class="lead">{i18n.tr(Key::InboxIntro)}</p>
        <Show when=move || loaded.get() fallback=|| view! { <Loading/> }>
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
        </Show>
    }
}

#[component]
fn FolderNav(filters: Memo<InboxFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    view! {
        <nav class="folder-nav" aria-label=i18n.tr(Key::FoldersLabel)>
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
                <h2 class="filters-heading">{i18n.tr(Key::FilterHeading)}</h2>
                <div class="filter-fields">
                    <div class="field">
                        <label for="filter-search">{i18n.tr(Key::FilterSearch)}</label>
                        <input
                            id="filter-search"
                            type="search"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="filter-matter">{i18n.tr(Key::FilterMatter)}</label>
                        <select
                            id="filter-matter"
                            prop:value=move || matter.get()
                            on:change=move |ev| matter.set(event_target_value(&ev))
                        >
                            <option value="">{i18n.tr(Key::FilterAllMatters)}</option>
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
                                                    <option value=id selected=selected lang="sv">
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
                        <label for="filter-from">{i18n.tr(Key::FilterFrom)}</label>
                        <input
                            id="filter-from"
                            type="date"
                            prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field" class:field-error=move || date_error.get()>
                        <label for="filter-to">{i18n.tr(Key::FilterTo)}</label>
                        <p class="error-message" id="filter-to-error" hidden=move || !date_error.get()>
                            {i18n.tr(Key::ErrDateOrder)}
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
                    <button type="submit" class="button">{i18n.tr(Key::FilterApply)}</button>
                    <Show when=move || filters.get().has_filters()>
                        <A href=clear_href attr:class="button secondary">{i18n.tr(Key::FilterClear)}</A>
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
            i18n.f(
                Fmt::InboxShowing,
                &[
                    ("first", first.into()),
                    ("last", last.into()),
                    ("total", total.into()),
                ],
            )
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
            <nav class="pagination" aria-label=i18n.tr(Key::PaginationLabel)>
                {prev
                    .clone()
                    .map(|href| {
                        view! {
                            <A href=href attr:class="pagination-prev" attr:rel="prev">
                                {i18n.tr(Key::PaginationPrev)}
                            </A>
                        }
                    })}
                <span class="pagination-current">
                    {move || {
                        i18n.f(
                            Fmt::PaginationPageOf,
                            &[("page", current.into()), ("pages", pages.into())],
                        )
                    }}
                </span>
                {next
                    .clone()
                    .map(|href| {
                        view! {
                            <A href=href attr:class="pagination-next" attr:rel="next">
                                {i18n.tr(Key::PaginationNext)}
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
    // What the agency wrote is Swedish; what the person wrote, in whatever language.
    let by_agency = m.direction == MessageDirection::Incoming;
    let sent_at = m.sent_at.clone();
    let attachments = m.attachment_count;
    let kind = m.kind;
    view! {
        <li class="message-row" class:unread=unread>
            <a class="message-subject" href=message_href(m.id)>
                {unread.then(|| view! { <span class="visually-hidden">{i18n.tr(Key::UnreadPrefix)}</span> })}
                {authored_text(m.subject.clone(), by_agency)}
            </a>
            <p class="message-meta">
                {(kind != MessageKind::Message)
                    .then(|| {
                        let key = if kind == MessageKind::Receipt { Key::KindReceipt } else { Key::KindSupplementRequest };
                        view! { <strong class="tag">{move || i18n.t(key)}</strong> " " }
                    })}
                <span class="sender">
                    {if m.direction == MessageDirection::Outgoing {
                        view! { {i18n.tr(Key::SentByYou)} }.into_any()
                    } else {
                        // The sender is the agency's words (Swedish), e.g. "Min sida".
                        view! { {authored_text(m.sender.clone(), true)} }.into_any()
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
                                    i18n.f(Fmt::Attachments, &[("n", attachments.into())])
                                }}
                            </span>
                        }
                    })}
                {m.matter.clone().map(|matter| {
                    view! {
                        " · "
                        <span class="matter-ref">
                            {i18n.tr(Key::MatterLabel)} ": " {authored_text(format!("{} ({})", matter.title, matter.reference), true)}
                        </span>
                    }
                })}
            </p>
        </li>
    }
}
