//! "Lämna synpunkter": praise, a suggestion, a complaint or an error report, logged in or
//! not, optionally about a matter and optionally with a wish for an answer; and the
//! satisfaction question shown after a submission ([`SatisfactionQuestion`]).
//!
//! What is typed survives a language switch (the signals stay), a validation error (nothing is
//! cleared) and, for a logged-in person, a timeout: the form is kept in memory for the same
//! person until they log in again ([`Stash`]); nobody else ever gets it back.

mod satisfaction;

pub use satisfaction::SatisfactionQuestion;

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::feedback::{
    FeedbackKind, FeedbackReceipt, FeedbackRequest, ReplyChannel, MAX_FEEDBACK_CHARS,
};
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{FieldError, FieldErrorCode};

use crate::api::{use_api, ApiError, AuthState, LoggedOutReason};
use crate::app::HOME_PATH;
use crate::browser;
use crate::components::{
    ApiErrorMessage, ErrorSummary, FieldFrame, FormErrors, PageTitle, TextArea, TextField,
};
use crate::i18n::{use_i18n, Key};

pub const FEEDBACK_PATH: &str = "/synpunkter";

/// What the form holds.
#[derive(Debug, Clone, Default, PartialEq)]
struct Form {
    kind: Option<FeedbackKind>,
    text: String,
    matter: String,
    reply: Option<ReplyChannel>,
    email: String,
    phone: String,
    name: String,
}

/// The form of a logged-in person whose session ended while writing, kept in memory (never in
/// storage) for that person only.
struct Stash {
    owner: String,
    form: Form,
}

thread_local! {
    static STASH: RefCell<Option<Stash>> = const { RefCell::new(None) };
}

/// The logged-in person's personal identity number, if any.
fn owner(auth: &AuthState) -> Option<String> {
    match auth {
        AuthState::LoggedIn(info) => Some(info.person.personal_number.clone()),
        _ => None,
    }
}

fn dom_id(field: &str) -> &'static str {
    match field {
        "kind" => "feedback-kind-praise",
        "text" => "feedback-text",
        "matter_id" => "feedback-matter",
        "reply" => "feedback-reply-none",
        "email" => "feedback-email",
        "phone" => "feedback-phone",
        "name" => "feedback-name",
        _ => "feedback-text",
    }
}

fn message(error: &FieldError) -> Key {
    match (error.field.as_str(), error.code) {
        ("kind", _) => Key::ErrFeedbackKind,
        ("text", FieldErrorCode::Required) => Key::ErrFeedbackText,
        ("reply", _) => Key::ErrFeedbackReplyLogin,
        ("phone", FieldErrorCode::InvalidPhone) => Key::ErrFeedbackPhone,
        _ => crate::api::field_error_key(error.code),
    }
}

fn kind_key(kind: FeedbackKind) -> Key {
    match kind {
        FeedbackKind::Praise => Key::FeedbackKindPraise,
        FeedbackKind::Suggestion => Key::FeedbackKindSuggestion,
        FeedbackKind::Complaint => Key::FeedbackKindComplaint,
        FeedbackKind::ErrorReport => Key::FeedbackKindErrorReport,
    }
}

fn reply_key(reply: ReplyChannel) -> Key {
    match reply {
        ReplyChannel::None => Key::FeedbackReplyNone,
        ReplyChannel::MinSida => Key::FeedbackReplyMinSida,
        ReplyChannel::Email => Key::FeedbackReplyEmail,
        ReplyChannel::Phone => Key::FeedbackReplyPhone,
    }
}

fn promise_key(reply: ReplyChannel) -> Key {
    match reply {
        ReplyChannel::None => Key::FeedbackPromiseNone,
        ReplyChannel::MinSida => Key::FeedbackPromiseMinSida,
        ReplyChannel::Email => Key::FeedbackPromiseEmail,
        ReplyChannel::Phone => Key::FeedbackPromisePhone,
    }
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let sent = RwSignal::new(None::<(FeedbackReceipt, ReplyChannel)>);
    view! {
        <PageTitle key=Key::FeedbackTitle/>
        {move || match sent.get() {
            Some((receipt, reply)) => view! {
                <h1 tabindex="-1" id="feedback-thanks">{i18n.tr(Key::FeedbackThanksTitle)}</h1>
                <div role="status" class="status-region">
                    <div class="panel receipt">
                        <p>{i18n.tr(Key::FeedbackThanksText)}</p>
                        <dl class="details">
                            <div class="dl-row">
                                <dt>{i18n.tr(Key::FeedbackReference)}</dt>
                                <dd><strong class="receipt-number">{receipt.reference.clone()}</strong></dd>
                            </div>
                        </dl>
                        <p>{i18n.tr(promise_key(reply))}</p>
                    </div>
                </div>
                <div class="button-row">
                    <button
                        type="button"
                        class="button secondary"
                        on:click=move |_| {
                            sent.set(None);
                            browser::focus_heading_on_route_change();
                        }
                    >
                        {i18n.tr(Key::FeedbackMore)}
                    </button>
                    <A href=HOME_PATH attr:class="button secondary">{i18n.tr(Key::NotFoundBack)}</A>
                </div>
            }
            .into_any(),
            None => view! {
                <h1 tabindex="-1">{i18n.tr(Key::FeedbackTitle)}</h1>
                <p class="lead">{i18n.tr(Key::FeedbackIntro)}</p>
                <FeedbackForm on_sent=move |r| {
                    sent.set(Some(r));
                    browser::focus_after_render("#feedback-thanks");
                }/>
            }
            .into_any(),
        }}
    }
}

#[component]
fn FeedbackForm(
    on_sent: impl Fn((FeedbackReceipt, ReplyChannel)) + Copy + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let me = untrack(|| owner(&api.auth.get()));
    let restored = STASH.with(|s| {
        let mut s = s.borrow_mut();
        match s.take() {
            Some(stash) if Some(&stash.owner) == me.as_ref() => Some(stash.form),
            // Another person's (or nobody's now): forgotten.
            _ => None,
        }
    });
    let form = restored.clone().unwrap_or_default();
    let kind = RwSignal::new(form.kind);
    let text = RwSignal::new(form.text);
    let matter = RwSignal::new(form.matter);
    let reply = RwSignal::new(form.reply);
    let email = RwSignal::new(form.email);
    let phone = RwSignal::new(form.phone);
    let name = RwSignal::new(form.name);
    // Read while the form is being removed: a value already gone counts as empty.
    let current = move || Form {
        kind: kind.try_get_untracked().flatten(),
        text: text.try_get_untracked().unwrap_or_default(),
        matter: matter.try_get_untracked().unwrap_or_default(),
        reply: reply.try_get_untracked().flatten(),
        email: email.try_get_untracked().unwrap_or_default(),
        phone: phone.try_get_untracked().unwrap_or_default(),
        name: name.try_get_untracked().unwrap_or_default(),
    };
    // A logged-in person's form is kept when they go elsewhere or the session times out under
    // it (the timeout takes them to the login page), for them alone; not when they log out.
    if let Some(person) = me.clone() {
        on_cleanup(move || {
            let form = current();
            let logged_out = matches!(
                api.auth.try_get_untracked(),
                Some(AuthState::Anonymous(Some(LoggedOutReason::LoggedOut)))
            );
            if form != Form::default() && !logged_out {
                STASH.with(|s| {
                    *s.borrow_mut() = Some(Stash {
                        owner: person,
                        form,
                    })
                });
            }
        });
    }

    let logged_in = Memo::new(move |_| matches!(api.auth.get(), AuthState::LoggedIn(_)));
    // Their matters to choose from, and their contact details to prefill an answer with:
    // nobody types again what the agency already has.
    let matters = LocalResource::new(move || async move {
        if logged_in.get() && untrack(|| api.can(Area::Matters, AccessLevel::Read)) {
            api.matters().await.map(|m| m.matters).unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    if me.is_some() && restored.is_none() {
        leptos::task::spawn_local(async move {
            if let Ok(details) = api.personal_details().await {
                if email.get_untracked().is_empty() {
                    email.set(details.contact.email.unwrap_or_default());
                }
                if phone.get_untracked().is_empty() {
                    phone.set(details.contact.mobile.unwrap_or_default());
                }
            }
        });
    }

    let form_errors = FormErrors::new(dom_id).with_messages(message);
    let general_error = RwSignal::new(None::<ApiError>);
    let sending = RwSignal::new(false);
    let error_for = move |f: &'static str| form_errors.for_field(f);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general_error.set(None);
        let reply_choice = reply.get_untracked().unwrap_or(ReplyChannel::None);
        let request = FeedbackRequest {
            kind: kind.get_untracked(),
            text: text.get_untracked(),
            matter_id: matter.get_untracked().parse().ok(),
            service_id: None,
            reply: reply_choice,
            // Only the detail the answer goes by: a hidden field is not the person's concern.
            email: if reply_choice == ReplyChannel::Email {
                email.get_untracked()
            } else {
                String::new()
            },
            phone: if reply_choice == ReplyChannel::Phone {
                phone.get_untracked()
            } else {
                String::new()
            },
            name: name.get_untracked(),
            language: Some(i18n.lang.get_untracked().tag().to_string()),
        };
        // The same rules as the server, for immediate feedback; the server checks again.
        if let Err(errors) = request.validate(logged_in.get_untracked()) {
            form_errors.show(errors);
            return;
        }
        form_errors.clear();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match api.give_feedback(&request).await {
                Ok(receipt) => {
                    for field in [text, matter, email, phone, name] {
                        field.set(String::new());
                    }
                    kind.set(None);
                    reply.set(None);
                    on_sent((receipt, reply_choice));
                }
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            sending.set(false);
        });
    };

    let replies = move || {
        let mut r = vec![ReplyChannel::None];
        if logged_in.get() {
            r.push(ReplyChannel::MinSida);
        }
        r.extend([ReplyChannel::Email, ReplyChannel::Phone]);
        r
    };

    view! {
        <form class="form" novalidate on:submit=on_submit>
            <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
            <fieldset
                class="choice-group"
                class:field-error=move || error_for("kind").get().is_some()
                aria-describedby=move || error_for("kind").get().map(|_| "feedback-kind-error")
            >
                <legend>{i18n.tr(Key::FeedbackKindLegend)}</legend>
                <p class="error-message" id="feedback-kind-error" hidden=move || error_for("kind").get().is_none()>
                    {move || error_for("kind").get().map(|k| i18n.t(k))}
                </p>
                <div class="choices">
                    {FeedbackKind::ALL.into_iter().map(|k| {
                        let id = format!("feedback-kind-{}", k.as_str().replace('_', "-"));
                        view! {
                            <div class="choice">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="feedback-kind"
                                    prop:checked=move || kind.get() == Some(k)
                                    on:change=move |_| kind.set(Some(k))
                                />
                                <label for=id>{i18n.tr(kind_key(k))}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <TextArea
                id="feedback-text"
                label=Key::FeedbackTextLabel
                hint=Key::FeedbackTextHint
                value=text
                error=error_for("text")
                maxlength=MAX_FEEDBACK_CHARS
            />
            {move || {
                let list = matters.get().unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <FieldFrame id="feedback-matter" label=Key::FeedbackMatterLabel error=error_for("matter_id")>
                        <select
                            id="feedback-matter"
                            prop:value=move || matter.get()
                            on:change=move |ev| matter.set(event_target_value(&ev))
                        >
                            <option value="">{i18n.tr(Key::FeedbackMatterNone)}</option>
                            {list.into_iter().map(|m| {
                                let value = m.id.to_string();
                                let selected = matter.get_untracked() == value;
                                view! {
                                    // The matter's title is the agency's words.
                                    <option value=value selected=selected lang=crate::i18n::AGENCY_LANG>
                                        {format!("{} ({})", m.title, m.reference)}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </FieldFrame>
                })
            }}
            <fieldset
                class="choice-group"
                class:field-error=move || error_for("reply").get().is_some()
                aria-describedby=move || error_for("reply").get().map(|_| "feedback-reply-error")
            >
                <legend>{i18n.tr(Key::FeedbackReplyLegend)}</legend>
                <p class="error-message" id="feedback-reply-error" hidden=move || error_for("reply").get().is_none()>
                    {move || error_for("reply").get().map(|k| i18n.t(k))}
                </p>
                <div class="choices">
                    // Rebuilt when the session changes (the Min sida choice comes and goes); a
                    // keyed list would bring its diffing code to this page's module.
                    {move || replies().into_iter().map(|r| {
                        let id = format!("feedback-reply-{}", r.as_str().replace('_', "-"));
                        view! {
                            <div class="choice">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="feedback-reply"
                                    prop:checked=move || reply.get().unwrap_or(ReplyChannel::None) == r
                                    on:change=move |_| reply.set(Some(r))
                                />
                                <label for=id>{i18n.tr(reply_key(r))}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <Show when=move || reply.get() == Some(ReplyChannel::Email)>
                <TextField
                    id="feedback-email"
                    label=Key::FeedbackEmailLabel
                    value=email
                    error=error_for("email")
                    input_type="email"
                    autocomplete="email"
                />
            </Show>
            <Show when=move || reply.get() == Some(ReplyChannel::Phone)>
                <TextField
                    id="feedback-phone"
                    label=Key::FeedbackPhoneLabel
                    hint=Key::FeedbackPhoneHint
                    value=phone
                    error=error_for("phone")
                    input_type="tel"
                    autocomplete="tel"
                />
            </Show>
            <Show when=move || matches!(reply.get(), Some(ReplyChannel::Email | ReplyChannel::Phone))>
                <TextField
                    id="feedback-name"
                    label=Key::FeedbackNameLabel
                    hint=Key::FeedbackNameHint
                    value=name
                    error=error_for("name")
                    autocomplete="name"
                />
            </Show>
            <p class="hint">{i18n.tr(Key::FeedbackPrivacyNotice)}</p>
            {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
            <button type="submit" class="button" disabled=move || sending.get()>
                {move || i18n.t(if sending.get() { Key::Sending } else { Key::FeedbackSubmit })}
            </button>
        </form>
    }
}
