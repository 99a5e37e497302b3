//! "Kontaktval och aviseringar": how the agency contacts the person per kind of matter,
//! notices by e-mail/SMS to verified contact details, paper, language and phone times; the
//! history of changes and the log of notices sent. The page is here; its sections are in
//! the files next to it.

mod history;
mod prefs;
mod verify;

use leptos::prelude::*;
use minsida_api::channels::{
    ChannelSettings, ContactChannel, LetterLanguage, PhoneTime, VerifyTarget,
};
use minsida_api::messages::MatterCategory;

use crate::api::use_api;
use crate::components::{ApiErrorMessage, Loading, PageTitle, RequireAuth};
use crate::i18n::{use_i18n, Key};
use history::{HistorySection, HistoryView, NoticeLogSection, NoticeLogView};
use prefs::PrefsForm;
use verify::VerifyPanel;

pub const CHANNELS_PATH: &str = "/kontaktval";

/// The static names of one kind of matter's controls: API field names (for errors) and DOM
/// ids (for labels and the error summary's links).
struct KindIds {
    category: MatterCategory,
    label: Key,
    api_channel: &'static str,
    api_email: &'static str,
    api_sms: &'static str,
    /// Id of the first radio button, where the error summary's link for the channel goes.
    first_radio: &'static str,
    email_box: &'static str,
    sms_box: &'static str,
    slug: &'static str,
}

const KINDS: [KindIds; 4] = [
    KindIds {
        category: MatterCategory::Recurring,
        label: Key::KindRecurring,
        api_channel: "kinds.recurring.channel",
        api_email: "kinds.recurring.notify_email",
        api_sms: "kinds.recurring.notify_sms",
        first_radio: "channel-recurring-mailbox",
        email_box: "notify-email-recurring",
        sms_box: "notify-sms-recurring",
        slug: "recurring",
    },
    KindIds {
        category: MatterCategory::LifeEvent,
        label: Key::KindLifeEvent,
        api_channel: "kinds.life_event.channel",
        api_email: "kinds.life_event.notify_email",
        api_sms: "kinds.life_event.notify_sms",
        first_radio: "channel-life_event-mailbox",
        email_box: "notify-email-life_event",
        sms_box: "notify-sms-life_event",
        slug: "life_event",
    },
    KindIds {
        category: MatterCategory::Ongoing,
        label: Key::KindOngoing,
        api_channel: "kinds.ongoing.channel",
        api_email: "kinds.ongoing.notify_email",
        api_sms: "kinds.ongoing.notify_sms",
        first_radio: "channel-ongoing-mailbox",
        email_box: "notify-email-ongoing",
        sms_box: "notify-sms-ongoing",
        slug: "ongoing",
    },
    KindIds {
        category: MatterCategory::Other,
        label: Key::KindOther,
        api_channel: "kinds.other.channel",
        api_email: "kinds.other.notify_email",
        api_sms: "kinds.other.notify_sms",
        first_radio: "channel-other-mailbox",
        email_box: "notify-email-other",
        sms_box: "notify-sms-other",
        slug: "other",
    },
];

fn kind_ids(category: MatterCategory) -> &'static KindIds {
    KINDS
        .iter()
        .find(|k| k.category == category)
        .expect("every category has ids")
}

fn channel_key(c: ContactChannel) -> Key {
    match c {
        ContactChannel::Mailbox => Key::ChannelMailbox,
        ContactChannel::Paper => Key::ChannelPaper,
        ContactChannel::Phone => Key::ChannelPhone,
    }
}

fn language_key(l: LetterLanguage) -> Key {
    match l {
        LetterLanguage::Sv => Key::LetterSwedish,
        LetterLanguage::En => Key::LetterEnglish,
        LetterLanguage::Fi => Key::LetterFinnish,
        LetterLanguage::Ar => Key::LetterArabic,
    }
}

fn phone_time_key(t: PhoneTime) -> Key {
    match t {
        PhoneTime::Morning => Key::PhoneMorning,
        PhoneTime::Midday => Key::PhoneMidday,
        PhoneTime::Afternoon => Key::PhoneAfternoon,
    }
}

#[component]
pub fn ChannelsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle key=Key::ChannelsTitle/>
        <h1 tabindex="-1">{i18n.tr(Key::ChannelsTitle)}</h1>
        <RequireAuth>
            <ChannelsContent/>
        </RequireAuth>
    }
}

#[component]
fn ChannelsContent() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let settings = LocalResource::new(move || async move { api.channel_settings().await });
    // Bumped after every saved change, so the history below is read again.
    let changed = RwSignal::new(0u32);
    let history = HistorySection::load(api, changed);
    let notices = NoticeLogSection::load(api);
    // The settings, the history and the log appear together once all three have answered
    // (they are read in parallel): a history shown before the settings would be pushed down
    // by them (layout shift).
    let loaded =
        Memo::new(move |_| settings.get().is_some() && history.loaded() && notices.loaded());
    view! {
        <p class="lead">{i18n.tr(Key::ChannelsIntro)}</p>
        <Show when=move || loaded.get() fallback=|| view! { <Loading/> }>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    settings
                        .get()
                        .map(|result| match result {
                            Ok(s) => view! { <ChannelsLoaded initial=s changed=changed/> }.into_any(),
                            Err(e) => view! { <ApiErrorMessage error=e/> }.into_any(),
                        })
                }}
            </Suspense>
            <HistoryView data=history/>
            <NoticeLogView data=notices/>
        </Show>
    }
}

#[component]
fn ChannelsLoaded(initial: ChannelSettings, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    // The server's view (verification state, defaults); the form keeps its own copy of the
    // choices so that nothing the person changed is lost while verifying.
    let settings = RwSignal::new(initial.clone());
    let prefs = RwSignal::new(initial.prefs.clone());
    view! {
        <Show when=move || settings.with(|s| s.is_default)>
            <div class="alert info defaults" role="note" aria-labelledby="defaults-heading">
                <h2 id="defaults-heading">{i18n.tr(Key::DefaultsHeading)}</h2>
                <ul>
                    <li>{i18n.tr(Key::DefaultsMailbox)}</li>
                    <li>{i18n.tr(Key::DefaultsPaper)}</li>
                    <li>{i18n.tr(Key::DefaultsNotices)}</li>
                </ul>
            </div>
        </Show>
        <section class="panel" aria-labelledby="verify-heading">
            <h2 id="verify-heading">{i18n.tr(Key::VerifyHeading)}</h2>
            <p>{i18n.tr(Key::VerifyIntro)}</p>
            <VerifyPanel target=VerifyTarget::Email settings=settings changed=changed/>
            <VerifyPanel target=VerifyTarget::Mobile settings=settings changed=changed/>
        </section>
        <PrefsForm settings=settings prefs=prefs changed=changed/>
    }
}
