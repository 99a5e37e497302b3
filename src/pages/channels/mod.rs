//! "Kontaktval och aviseringar": how the agency contacts the person per kind of matter,
//! notices by e-mail/SMS to verified contact details, paper, language and phone times; the
//! history of changes and the log of notices sent.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::channels::{
    normalize_code, ChannelPrefs, ChannelSettings, ContactChannel, ContactVerification,
    KindPreference, LetterLanguage, NoticeChannel, NoticeLogEntry, NoticePurpose, NoticeStatus,
    PhoneTime, PreferenceChange, PreferenceHistoryEntry, VerifyTarget,
};
use minsida_api::messages::MatterCategory;
use minsida_api::ErrorCode;

use crate::api::{field_error_key, use_api, ApiError};
use crate::browser;
use crate::components::{
    ApiErrorMessage, ErrorSummary, FormErrors, Loading, PageTitle, RequireAuth, TextField,
};
use crate::i18n::{use_i18n, I18n, Key};

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

/// DOM id of the control an API field name belongs to.
fn dom_id(field: &str) -> &'static str {
    for k in &KINDS {
        if field == k.api_channel {
            return k.first_radio;
        }
        if field == k.api_email {
            return k.email_box;
        }
        if field == k.api_sms {
            return k.sms_box;
        }
    }
    match field {
        "paper_opt_out" => "paper-opt-out",
        "letter_language" => "letter-language-sv",
        "phone_times" => "phone-time-morning",
        _ => KINDS[0].first_radio,
    }
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
        <h1 tabindex="-1">{move || i18n.t(Key::ChannelsTitle)}</h1>
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
    view! {
        <p class="lead">{move || i18n.t(Key::ChannelsIntro)}</p>
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
        <HistorySection changed=changed/>
        <NoticeLogSection/>
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
                <h2 id="defaults-heading">{move || i18n.t(Key::DefaultsHeading)}</h2>
                <ul>
                    <li>{move || i18n.t(Key::DefaultsMailbox)}</li>
                    <li>{move || i18n.t(Key::DefaultsPaper)}</li>
                    <li>{move || i18n.t(Key::DefaultsNotices)}</li>
                </ul>
            </div>
        </Show>
        <section class="panel" aria-labelledby="verify-heading">
            <h2 id="verify-heading">{move || i18n.t(Key::VerifyHeading)}</h2>
            <p>{move || i18n.t(Key::VerifyIntro)}</p>
            <VerifyPanel target=VerifyTarget::Email settings=settings changed=changed/>
            <VerifyPanel target=VerifyTarget::Mobile settings=settings changed=changed/>
        </section>
        <PrefsForm settings=settings prefs=prefs changed=changed/>
    }
}

/// Verification of the e-mail address or the mobile number with a one-time code.
#[component]
fn VerifyPanel(
    target: VerifyTarget,
    settings: RwSignal<ChannelSettings>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let state = Memo::new(move |_| {
        settings.with(|s| match target {
            VerifyTarget::Email => s.email.clone(),
            VerifyTarget::Mobile => s.mobile.clone(),
        })
    });
    let set_state = move |v: ContactVerification| {
        settings.update(|s| match target {
            VerifyTarget::Email => s.email = v,
            VerifyTarget::Mobile => s.mobile = v,
        })
    };
    let (heading, heading_id, code_id) = match target {
        VerifyTarget::Email => (
            Key::VerifyEmailHeading,
            "verify-email-heading",
            "email-code",
        ),
        VerifyTarget::Mobile => (
            Key::VerifyMobileHeading,
            "verify-mobile-heading",
            "mobile-code",
        ),
    };
    let code = RwSignal::new(String::new());
    let code_error = RwSignal::new(None::<Key>);
    let general_error = RwSignal::new(None::<ApiError>);
    let status = RwSignal::new(None::<Key>);
    let busy = RwSignal::new(false);

    let send_code = move |_| {
        status.set(None);
        general_error.set(None);
        code_error.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.start_verification(target).await {
                Ok(v) => {
                    set_state(v);
                    code.set(String::new());
                    status.set(Some(match target {
                        VerifyTarget::Email => Key::CodeSentEmail,
                        VerifyTarget::Mobile => Key::CodeSentMobile,
                    }));
                    browser::focus_after_render(match target {
                        VerifyTarget::Email => "#email-code",
                        VerifyTarget::Mobile => "#mobile-code",
                    });
                }
                Err(e) => general_error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        general_error.set(None);
        // Same format rule as the server, for immediate feedback; a malformed code spends
        // no attempt.
        let Some(normalized) = normalize_code(&code.get_untracked()) else {
            code_error.set(Some(if code.get_untracked().trim().is_empty() {
                Key::ErrRequired
            } else {
                Key::ErrCodeFormat
            }));
            browser::focus_id(code_id);
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.confirm_verification(target, normalized).await {
                Ok(v) => {
                    set_state(v);
                    code.set(String::new());
                    code_error.set(None);
                    status.set(Some(match target {
                        VerifyTarget::Email => Key::EmailVerified,
                        VerifyTarget::Mobile => Key::MobileVerified,
                    }));
                    changed.update(|n| *n += 1);
                }
                Err(e) => match e.fields().first() {
                    Some(f) => {
                        code_error.set(Some(field_error_key(f.code)));
                        if matches!(
                            f.code,
                            minsida_api::FieldErrorCode::TooManyAttempts
                                | minsida_api::FieldErrorCode::CodeExpired
                                | minsida_api::FieldErrorCode::NoPendingCode
                        ) {
                            // The code is spent; the person asks for a new one.
                            settings.update(|s| match target {
                                VerifyTarget::Email => s.email.pending = None,
                                VerifyTarget::Mobile => s.mobile.pending = None,
                            });
                            status.set(Some(Key::AskNewCode));
                        } else {
                            browser::focus_id(code_id);
                        }
                    }
                    None => general_error.set(Some(e)),
                },
            }
            busy.set(false);
        });
    };

    let verified_text = move || {
        state.get().verified_at.map(|at| {
            format!(
                "{} {}",
                i18n.t(Key::VerifiedOn),
                browser::format_date(&at, i18n.lang.get().locale(), false)
            )
        })
    };

    view! {
        <div class="verify" aria-labelledby=heading_id role="group">
            <h3 id=heading_id>{move || i18n.t(heading)}</h3>
            {move || match state.get().address {
                None => view! {
                    <p>
                        {move || i18n.t(match target {
                            VerifyTarget::Email => Key::NoEmailGiven,
                            VerifyTarget::Mobile => Key::NoMobileGiven,
                        })}
                        " "
                        <A href="/mina-uppgifter">{move || i18n.t(Key::AddInPersonal)}</A>
                    </p>
                }
                .into_any(),
                Some(address) => view! {
                    <p class="verify-address">
                        <span class="address-value">{address}</span>
                        " "
                        {move || {
                            if state.get().is_verified() {
                                view! { <strong class="tag tag-verified">{move || i18n.t(Key::Verified)}</strong> }.into_any()
                            } else {
                                view! { <strong class="tag tag-unverified">{move || i18n.t(Key::NotVerified)}</strong> }.into_any()
                            }
                        }}
                    </p>
                    <p class="hint">{verified_text}</p>
                }
                .into_any(),
            }}
            <Show when=move || { let s = state.get(); s.address.is_some() && !s.is_verified() }>
                {move || {
                    if state.get().pending.is_some() {
                        view! {
                            <form class="form code-form" novalidate on:submit=confirm>
                                <TextField
                                    id=code_id
                                    label=match target {
                                        VerifyTarget::Email => Key::CodeLabelEmail,
                                        VerifyTarget::Mobile => Key::CodeLabelMobile,
                                    }
                                    hint=Key::CodeHint
                                    value=code
                                    error=code_error
                                    autocomplete="one-time-code"
                                    inputmode="numeric"
                                />
                                <p class="hint">
                                    {move || {
                                        state.get().pending.map(|p| {
                                            format!(
                                                "{} {}",
                                                i18n.t(Key::CodeValidUntil),
                                                browser::format_date(&p.expires_at, i18n.lang.get().locale(), true),
                                            )
                                        })
                                    }}
                                </p>
                                <div class="button-row">
                                    <button type="submit" class="button" disabled=move || busy.get()>
                                        {move || i18n.t(Key::VerifyButton)}
                                    </button>
                                    <button type="button" class="button secondary" disabled=move || busy.get() on:click=send_code>
                                        {move || i18n.t(Key::SendNewCode)}
                                    </button>
                                </div>
                            </form>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button type="button" class="button" disabled=move || busy.get() on:click=send_code>
                                {move || i18n.t(match target {
                                    VerifyTarget::Email => Key::SendCodeEmail,
                                    VerifyTarget::Mobile => Key::SendCodeMobile,
                                })}
                            </button>
                        }
                        .into_any()
                    }
                }}
            </Show>
            {move || general_error.get().map(|e| view! { <VerifyError error=e/> })}
            <div role="status" class="status-region">
                {move || status.get().map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })}
            </div>
        </div>
    }
}

/// An error of sending a code: rate limits get their own explanation.
#[component]
fn VerifyError(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    match &error {
        ApiError::Server {
            code: ErrorCode::RateLimited,
            ..
        } => {
            view! { <p class="alert error" role="alert">{move || i18n.t(Key::ErrTooManyCodes)}</p> }
                .into_any()
        }
        _ => view! { <ApiErrorMessage error=error/> }.into_any(),
    }
}

#[component]
fn PrefsForm(
    settings: RwSignal<ChannelSettings>,
    prefs: RwSignal<ChannelPrefs>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let form_errors = FormErrors::new(dom_id);
    let general_error = RwSignal::new(None::<ApiError>);
    let status = RwSignal::new(None::<Key>);
    let saving = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        general_error.set(None);
        let current = prefs.get_untracked();
        // The shared rules, for immediate feedback; the server checks again.
        if let Err(errors) = current.validate(settings.with_untracked(|s| s.verified())) {
            form_errors.show(errors);
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api.save_channel_prefs(&current).await {
                Ok(saved) => {
                    form_errors.clear();
                    prefs.set(saved.prefs.clone());
                    settings.set(saved);
                    status.set(Some(Key::ChannelsSaved));
                    changed.update(|n| *n += 1);
                }
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            saving.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="prefs-heading">
            <h2 id="prefs-heading">{move || i18n.t(Key::PrefsHeading)}</h2>
            <p>{move || i18n.t(Key::PrefsIntro)}</p>
            <form class="form settings" novalidate on:submit=on_submit>
                <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                {KINDS.iter().map(|k| view! { <KindFieldset ids=k prefs=prefs form_errors=form_errors/> }).collect_view()}
                <fieldset class="choice-group">
                    <legend>{move || i18n.t(Key::PaperHeading)}</legend>
                    <div class="choices">
                        <div class="choice">
                            <input
                                type="checkbox"
                                id="paper-opt-out"
                                aria-describedby="paper-opt-out-hint"
                                prop:checked=move || prefs.with(|p| p.paper_opt_out)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    prefs.update(|p| p.paper_opt_out = on)
                                }
                            />
                            <label for="paper-opt-out">{move || i18n.t(Key::PaperOptOut)}</label>
                            <p class="hint choice-hint" id="paper-opt-out-hint">{move || i18n.t(Key::PaperOptOutHint)}</p>
                        </div>
                    </div>
                </fieldset>
                <fieldset class="choice-group">
                    <legend>{move || i18n.t(Key::LetterLanguageHeading)}</legend>
                    <div class="choices choices-inline">
                        {LetterLanguage::ALL
                            .into_iter()
                            .map(|lang| {
                                let id = format!("letter-language-{}", lang.as_str());
                                view! {
                                    <div class="choice">
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="letter-language"
                                            prop:checked=move || prefs.with(|p| p.letter_language == lang)
                                            on:change=move |_| prefs.update(|p| p.letter_language = lang)
                                        />
                                        <label for=id>{move || i18n.t(language_key(lang))}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <fieldset class="choice-group" aria-describedby="phone-times-hint">
                    <legend>{move || i18n.t(Key::PhoneTimesHeading)}</legend>
                    <p class="hint" id="phone-times-hint">{move || i18n.t(Key::PhoneTimesHint)}</p>
                    <div class="choices">
                        {PhoneTime::ALL
                            .into_iter()
                            .map(|time| {
                                let id = format!("phone-time-{}", time.as_str());
                                view! {
                                    <div class="choice">
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            prop:checked=move || prefs.with(|p| p.phone_times.contains(&time))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                prefs.update(|p| {
                                                    p.phone_times.retain(|t| *t != time);
                                                    if on {
                                                        p.phone_times.push(time);
                                                        p.phone_times.sort();
                                                    }
                                                })
                                            }
                                        />
                                        <label for=id>{move || i18n.t(phone_time_key(time))}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                <button type="submit" class="button" disabled=move || saving.get()>
                    {move || i18n.t(if saving.get() { Key::ChannelsSaving } else { Key::ChannelsSave })}
                </button>
                <div role="status" class="status-region">
                    {move || status.get().map(|k| view! { <p class="alert success">{move || i18n.t(k)}</p> })}
                </div>
            </form>
        </section>
    }
}

/// The choices for one kind of matter: the channel and the notices.
#[component]
fn KindFieldset(
    ids: &'static KindIds,
    prefs: RwSignal<ChannelPrefs>,
    form_errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = ids.category;
    let kind = move || prefs.with(|p| p.kind(category));
    let update = move |f: &dyn Fn(&mut KindPreference)| {
        prefs.update(|p| {
            if let Some(k) = p.kinds.iter_mut().find(|k| k.category == category) {
                f(k);
            } else {
                let mut k = KindPreference::default_for(category);
                f(&mut k);
                p.kinds.push(k);
            }
        })
    };
    let channel_error = form_errors.for_field(ids.api_channel);
    let email_error = form_errors.for_field(ids.api_email);
    let sms_error = form_errors.for_field(ids.api_sms);
    let channel_error_id = format!("channel-{}-error", ids.slug);
    let email_error_id = format!("{}-error", ids.email_box);
    let sms_error_id = format!("{}-error", ids.sms_box);
    let error_text = move |e: Signal<Option<Key>>| move || e.get().map(|k| i18n.t(k));
    view! {
        <fieldset class="choice-group kind-group" class:field-error=move || {
            channel_error.get().is_some() || email_error.get().is_some() || sms_error.get().is_some()
        }>
            <legend>{move || i18n.t(ids.label)}</legend>
            <fieldset class="sub-group">
                <legend>{move || i18n.t(Key::ChannelLegend)}</legend>
                <p class="error-message" id=channel_error_id.clone() hidden=move || channel_error.get().is_none()>
                    {error_text(channel_error)}
                </p>
                <div class="choices choices-inline">
                    {ContactChannel::ALL
                        .into_iter()
                        .map(|channel| {
                            let id = format!("channel-{}-{}", ids.slug, channel.as_str());
                            let error_id = channel_error_id.clone();
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name=format!("channel-{}", ids.slug)
                                        aria-describedby=move || channel_error.get().map(|_| error_id.clone())
                                        aria-invalid=move || channel_error.get().map(|_| "true")
                                        prop:checked=move || kind().channel == channel
                                        on:change=move |_| update(&|k| k.channel = channel)
                                    />
                                    <label for=id>{move || i18n.t(channel_key(channel))}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <fieldset class="sub-group">
                <legend>{move || i18n.t(Key::NoticeLegend)}</legend>
                <div class="choices choices-inline">
                    <div class="choice">
                        <input
                            type="checkbox"
                            id=ids.email_box
                            aria-describedby=move || email_error.get().map(|_| email_error_id.clone())
                            aria-invalid=move || email_error.get().map(|_| "true")
                            prop:checked=move || kind().notify_email
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                update(&|k| k.notify_email = on)
                            }
                        />
                        <label for=ids.email_box>{move || i18n.t(Key::NoticeByEmail)}</label>
                    </div>
                    <div class="choice">
                        <input
                            type="checkbox"
                            id=ids.sms_box
                            aria-describedby=move || sms_error.get().map(|_| sms_error_id.clone())
                            aria-invalid=move || sms_error.get().map(|_| "true")
                            prop:checked=move || kind().notify_sms
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                update(&|k| k.notify_sms = on)
                            }
                        />
                        <label for=ids.sms_box>{move || i18n.t(Key::NoticeBySms)}</label>
                    </div>
                </div>
                <p class="error-message" id=format!("{}-error", ids.email_box) hidden=move || email_error.get().is_none()>
                    {error_text(email_error)}
                </p>
                <p class="error-message" id=format!("{}-error", ids.sms_box) hidden=move || sms_error.get().is_none()>
                    {error_text(sms_error)}
                </p>
            </fieldset>
        </fieldset>
    }
}

/// One history entry as a sentence.
fn describe_change(i18n: I18n, change: &PreferenceChange) -> String {
    let kind = |c: MatterCategory| i18n.t(kind_ids(c).label);
    let fill = |key: Key, pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .fold(i18n.t(key).to_string(), |text, (name, value)| {
                text.replace(name, value)
            })
    };
    match change {
        PreferenceChange::Channel { category, from, to } => fill(
            Key::HistoryChannel,
            &[
                ("{kind}", kind(*category)),
                ("{from}", i18n.t(channel_key(*from))),
                ("{to}", i18n.t(channel_key(*to))),
            ],
        ),
        PreferenceChange::EmailNotice { category, on } => fill(
            if *on {
                Key::HistoryEmailOn
            } else {
                Key::HistoryEmailOff
            },
            &[("{kind}", kind(*category))],
        ),
        PreferenceChange::SmsNotice { category, on } => fill(
            if *on {
                Key::HistorySmsOn
            } else {
                Key::HistorySmsOff
            },
            &[("{kind}", kind(*category))],
        ),
        PreferenceChange::PaperOptOut { on } => i18n
            .t(if *on {
                Key::HistoryPaperOptOut
            } else {
                Key::HistoryPaperOptIn
            })
            .to_string(),
        PreferenceChange::LetterLanguage { from, to } => fill(
            Key::HistoryLanguage,
            &[
                ("{from}", i18n.t(language_key(*from))),
                ("{to}", i18n.t(language_key(*to))),
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
            fill(Key::HistoryPhoneTimes, &[("{times}", &times)])
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

#[component]
fn HistorySection(changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let history = LocalResource::new(move || {
        changed.track();
        async move { api.channel_history().await }
    });
    view! {
        <section class="panel" aria-labelledby="history-heading">
            <h2 id="history-heading">{move || i18n.t(Key::HistoryHeading)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    history
                        .get()
                        .map(|result| match result {
                            Ok(h) if h.entries.is_empty() => {
                                view! { <p>{move || i18n.t(Key::HistoryEmpty)}</p> }.into_any()
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

#[component]
fn NoticeLogSection() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let version = RwSignal::new(0u32);
    let log = LocalResource::new(move || {
        version.track();
        async move { api.notices().await }
    });
    view! {
        <section class="panel" aria-labelledby="notices-heading">
            <h2 id="notices-heading">{move || i18n.t(Key::NoticesHeading)}</h2>
            <p class="hint">{move || i18n.t(Key::NoticesIntro)}</p>
            <button type="button" class="button secondary" on:click=move |_| version.update(|n| *n += 1)>
                {move || i18n.t(Key::NoticesRefresh)}
            </button>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    log.get()
                        .map(|result| match result {
                            Ok(l) if l.entries.is_empty() => {
                                view! { <p>{move || i18n.t(Key::NoticesEmpty)}</p> }.into_any()
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
            {move || i18n.t(Key::NoticeTo)}
            " "
            <span class="address-value">{entry.to}</span>
            " – "
            <span class=format!("notice-status notice-{}", status.as_str())>{move || i18n.t(notice_status_key(status))}</span>
        </li>
    }
}
