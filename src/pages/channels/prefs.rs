//! The form of contact choices: per kind of matter, paper, letter language and phone times.

use leptos::prelude::*;
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ContactChannel, KindPreference, LetterLanguage, PhoneTime,
};

use super::{channel_key, language_key, phone_time_key, KindIds, KINDS};
use crate::api::{use_api, ApiError};
use crate::components::{ApiErrorMessage, ErrorSummary, FormErrors};
use crate::i18n::{use_i18n, Key};

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

#[component]
pub(super) fn PrefsForm(
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
            <h2 id="prefs-heading">{i18n.tr(Key::PrefsHeading)}</h2>
            <p>{i18n.tr(Key::PrefsIntro)}</p>
            <form class="form settings" novalidate on:submit=on_submit>
                <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                {KINDS.iter().map(|k| view! { <KindFieldset ids=k prefs=prefs form_errors=form_errors/> }).collect_view()}
                <fieldset class="choice-group">
                    <legend>{i18n.tr(Key::PaperHeading)}</legend>
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
                            <label for="paper-opt-out">{i18n.tr(Key::PaperOptOut)}</label>
                            <p class="hint choice-hint" id="paper-opt-out-hint">{i18n.tr(Key::PaperOptOutHint)}</p>
                        </div>
                    </div>
                </fieldset>
                <fieldset class="choice-group">
                    <legend>{i18n.tr(Key::LetterLanguageHeading)}</legend>
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
                    <legend>{i18n.tr(Key::PhoneTimesHeading)}</legend>
                    <p class="hint" id="phone-times-hint">{i18n.tr(Key::PhoneTimesHint)}</p>
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
                <legend>{i18n.tr(Key::ChannelLegend)}</legend>
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
                <legend>{i18n.tr(Key::NoticeLegend)}</legend>
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
                        <label for=ids.email_box>{i18n.tr(Key::NoticeByEmail)}</label>
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
                        <label for=ids.sms_box>{i18n.tr(Key::NoticeBySms)}</label>
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
