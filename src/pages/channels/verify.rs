//! Verifying the e-mail address or the mobile number with a one-time code.

use leptos::prelude::*;
use leptos_router::components::A;
use minsida_api::channels::{normalize_code, ChannelSettings, ContactVerification, VerifyTarget};
use minsida_api::ErrorCode;

use crate::api::{field_error_key, use_api, ApiError};
use crate::browser;
use crate::components::{ApiErrorMessage, TextField};
use crate::i18n::{use_i18n, Key};
use crate::pages::personal::PERSONAL_PATH;

/// Verification of the e-mail address or the mobile number with a one-time code.
#[component]
pub(super) fn VerifyPanel(
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
                        <A href=PERSONAL_PATH>{i18n.tr(Key::AddInPersonal)}</A>
                    </p>
                }
                .into_any(),
                Some(address) => view! {
                    <p class="verify-address">
                        <span class="address-value">{address}</span>
                        " "
                        {move || {
                            if state.get().is_verified() {
                                view! { <strong class="tag tag-verified">{i18n.tr(Key::Verified)}</strong> }.into_any()
                            } else {
                                view! { <strong class="tag tag-unverified">{i18n.tr(Key::NotVerified)}</strong> }.into_any()
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
                                        {i18n.tr(Key::VerifyButton)}
                                    </button>
                                    <button type="button" class="button secondary" disabled=move || busy.get() on:click=send_code>
                                        {i18n.tr(Key::SendNewCode)}
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
        } => view! { <p class="alert error" role="alert">{i18n.tr(Key::ErrTooManyCodes)}</p> }
            .into_any(),
        _ => view! { <ApiErrorMessage error=error/> }.into_any(),
    }
}
