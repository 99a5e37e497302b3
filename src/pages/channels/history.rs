//! The history of changed choices and the log of notices sent.

use leptos::prelude::*;
use minsida_api::channels::{
    NoticeChannel, NoticeLog, NoticeLogEntry, NoticePurpose, NoticeStatus, PreferenceChange,
    PreferenceHistory, PreferenceHistoryEntry, VerifyTarget,
};
use minsida_api::messages::MatterCategory;

use super::{channel_key, kind_ids, language_key, phone_time_key};
use crate::api::{Api, ApiError};
use crate::browser;
use crate::components::{ApiErrorMessage, Loading};
use crate::i18n::{use_i18n, Arg, Fmt, I18n, Key};

/// One history entry as a sentence.
fn describe_change(i18n: I18n, change: &PreferenceChange) -> String {
    let kind = |c: MatterCategory| i18n.t(kind_ids(c).label);
    let fill = |fmt: Fmt, pairs: &[(&str, &str)]| {
        let args: Vec<(&str, Arg<'_>)> = pairs.iter().map(|&(n, v)| (n, v.into())).collect();
        i18n.f(fmt, &args)
    };
    match change {
        PreferenceChange::Channel { category, from, to } => fill(
            Fmt::HistoryChannel,
            &[
                ("kind", kind(*category)),
                ("from", i18n.t(channel_key(*from))),
                ("to", i18n.t(channel_key(*to))),
            ],
        ),
        PreferenceChange::EmailNotice { category, on } => fill(
            if *on {
                Fmt::HistoryEmailOn
            } else {
                Fmt::HistoryEmailOff
            },
            &[("kind", kind(*category))],
        ),
        PreferenceChange::SmsNotice { category, on } => fill(
            if *on {
                Fmt::HistorySmsOn
            } else {
                Fmt::HistorySmsOff
            },
            &[("kind", kind(*category))],
        ),
        PreferenceChange::PaperOptOut { on } => i18n
            .t(if *on {
                Key::HistoryPaperOptOut
            } else {
                Key::HistoryPaperOptIn
            })
            .to_string(),
        PreferenceChange::LetterLanguage { from, to } => fill(
            Fmt::HistoryLanguage,
            &[
                ("from", i18n.t(language_key(*from))),
                ("to", i18n.t(language_key(*to))),
            ],
        ),
        PreferenceChange::PhoneTimes { to } => {
            let times = if to.is_empty() {
                i18n.t(Key::PhoneAnyTime).to_string()
            } else {
                to.iter()
                    .map(|t| i18n.t(phone_time_key(*t)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            fill(Fmt::HistoryPhoneTimes, &[("times", &times)])
        }
        PreferenceChange::Verified { target } => i18n
            .t(match target {
                VerifyTarget::Email => Key::HistoryEmailVerified,
                VerifyTarget::Mobile => Key::HistoryMobileVerified,
            })
            .to_string(),
        PreferenceChange::VerificationCleared { target } => i18n
            .t(match target {
                VerifyTarget::Email => Key::HistoryEmailCleared,
                VerifyTarget::Mobile => Key::HistoryMobileCleared,
            })
            .to_string(),
    }
}

/// The history of changed choices, read again after every saved change.
#[derive(Clone, Copy)]
pub(super) struct HistorySection {
    history: LocalResource<Result<PreferenceHistory, ApiError>>,
}

impl HistorySection {
    pub(super) fn load(api: Api, changed: RwSignal<u32>) -> Self {
        let history = LocalResource::new(move || {
            changed.track();
            async move { api.channel_history().await }
        });
        HistorySection { history }
    }

    /// Whether the first answer is there.
    pub(super) fn loaded(self) -> bool {
        self.history.get().is_some()
    }
}

#[component]
pub(super) fn HistoryView(data: HistorySection) -> impl IntoView {
    let i18n = use_i18n();
    let history = data.history;
    view! {
        <section class="panel" aria-labelledby="history-heading">
            <h2 id="history-heading">{i18n.tr(Key::HistoryHeading)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    history
                        .get()
                        .map(|result| match result {
                            Ok(h) if h.entries.is_empty() => {
                                view! { <p>{i18n.tr(Key::HistoryEmpty)}</p> }.into_any()
                            }
                            Ok(h) => view! {
                                <ul class="event-list history-list">
                                    {h.entries.into_iter().map(|e| view! { <HistoryItem entry=e/> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn HistoryItem(entry: PreferenceHistoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let change = entry.change;
    view! {
        <li>
            <time datetime=entry.at>{move || browser::format_date(&at, i18n.lang.get().locale(), true)}</time>
            " "
            <span>{move || describe_change(i18n, &change)}</span>
        </li>
    }
}

fn notice_status_key(s: NoticeStatus) -> Key {
    match s {
        NoticeStatus::Pending => Key::NoticePending,
        NoticeStatus::Retrying => Key::NoticeRetrying,
        NoticeStatus::Sent => Key::NoticeSent,
        NoticeStatus::Failed => Key::NoticeFailed,
    }
}

/// The log of notices sent, read again when the person asks.
#[derive(Clone, Copy)]
pub(super) struct NoticeLogSection {
    version: RwSignal<u32>,
    log: LocalResource<Result<NoticeLog, ApiError>>,
}

impl NoticeLogSection {
    pub(super) fn load(api: Api) -> Self {
        let version = RwSignal::new(0u32);
        let log = LocalResource::new(move || {
            version.track();
            async move { api.notices().await }
        });
        NoticeLogSection { version, log }
    }

    /// Whether the first answer is there.
    pub(super) fn loaded(self) -> bool {
        self.log.get().is_some()
    }
}

#[component]
pub(super) fn NoticeLogView(data: NoticeLogSection) -> impl IntoView {
    let i18n = use_i18n();
    let NoticeLogSection { version, log } = data;
    view! {
        <section class="panel" aria-labelledby="notices-heading">
            <h2 id="notices-heading">{i18n.tr(Key::NoticesHeading)}</h2>
            <p class="hint">{i18n.tr(Key::NoticesIntro)}</p>
            <button type="button" class="button secondary" on:click=move |_| version.update(|n| *n += 1)>
                {i18n.tr(Key::NoticesRefresh)}
            </button>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    log.get()
                        .map(|result| match result {
                            Ok(l) if l.entries.is_empty() => {
                                view! { <p>{i18n.tr(Key::NoticesEmpty)}</p> }.into_any()
                            }
                            Ok(l) => view! {
                                <ul class="event-list notice-list">
                                    {l.entries.into_iter().map(|e| view! { <NoticeItem entry=e/> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn NoticeItem(entry: NoticeLogEntry) -> impl IntoView {
    let i18n = use_i18n();
    let channel = match entry.channel {
        NoticeChannel::Email => Key::NoticeEmail,
        NoticeChannel::Sms => Key::NoticeSms,
    };
    let purpose = match entry.purpose {
        NoticePurpose::NewMessage => Key::PurposeNewMessage,
        NoticePurpose::VerificationCode => Key::PurposeCode,
    };
    let created = entry.created_at.clone();
    let status = entry.status;
    view! {
        <li>
            <time datetime=entry.created_at>{move || browser::format_date(&created, i18n.lang.get().locale(), true)}</time>
            " "
            <strong>{move || i18n.t(channel)}</strong>
            " – "
            {move || i18n.t(purpose)}
            " – "
            {i18n.tr(Key::NoticeTo)}
            " "
            <span class="address-value">{entry.to}</span>
            " – "
            <span class=format!("notice-status notice-{}", status.as_str())>{move || i18n.t(notice_status_key(status))}</span>
        </li>
    }
}
