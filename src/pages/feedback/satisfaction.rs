//! "How easy was this?" after a submission: 1–5 and an optional comment. Never in the way
//! (the receipt is complete without it), asked once: after an answer, or when the server says
//! the submission was answered already, only the thanks remain.

use leptos::prelude::*;
use minsida_api::feedback::{SatisfactionAnswer, MAX_SATISFACTION_COMMENT_CHARS};
use minsida_api::{ErrorCode, FieldError};

use crate::api::{use_api, ApiError};
use crate::components::{ApiErrorMessage, ErrorSummary, FormErrors, TextArea};
use crate::i18n::{use_i18n, Key};

const RATINGS: [(u8, Key); 5] = [
    (1, Key::SatisfactionRating1),
    (2, Key::SatisfactionRating2),
    (3, Key::SatisfactionRating3),
    (4, Key::SatisfactionRating4),
    (5, Key::SatisfactionRating5),
];

fn dom_id(field: &str) -> &'static str {
    match field {
        "comment" => "satisfaction-comment",
        _ => "satisfaction-rating-1",
    }
}

fn message(error: &FieldError) -> Key {
    match error.field.as_str() {
        "rating" => Key::ErrSatisfactionRating,
        _ => crate::api::field_error_key(error.code),
    }
}

/// The question for the submission with this receipt number.
#[component]
pub fn SatisfactionQuestion(receipt_number: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let rating = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let answered = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let general_error = RwSignal::new(None::<ApiError>);
    let form_errors = FormErrors::new(dom_id).with_messages(message);
    let rating_error = form_errors.for_field("rating");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        general_error.set(None);
        let answer = SatisfactionAnswer {
            receipt_number: receipt_number.clone(),
            rating: rating.get_untracked(),
            comment: comment.get_untracked(),
        };
        if let Err(errors) = answer.validate() {
            form_errors.show(errors);
            return;
        }
        form_errors.clear();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match api.answer_satisfaction(&answer).await {
                // Answered before (another tab, a retried request): thanked all the same.
                Ok(()) => answered.set(true),
                Err(ApiError::Server {
                    code: ErrorCode::Conflict,
                    ..
                }) => answered.set(true),
                Err(e) if !e.fields().is_empty() => form_errors.show(e.fields().to_vec()),
                Err(e) => general_error.set(Some(e)),
            }
            sending.set(false);
        });
    };
    view! {
        <section class="panel satisfaction" aria-labelledby="satisfaction-heading">
            <h2 id="satisfaction-heading">{i18n.tr(Key::SatisfactionHeading)}</h2>
            <div role="status" class="status-region">
                {move || answered.get().then(|| view! {
                    <p class="alert success">{i18n.tr(Key::SatisfactionThanks)}</p>
                })}
            </div>
            <Show when=move || !answered.get()>
                <form class="form" novalidate on:submit=on_submit.clone()>
                    <ErrorSummary items=form_errors.summary() node_ref=form_errors.summary_ref/>
                    <fieldset
                        class="choice-group"
                        class:field-error=move || rating_error.get().is_some()
                        aria-describedby=move || if rating_error.get().is_some() {
                            "satisfaction-hint satisfaction-rating-error"
                        } else {
                            "satisfaction-hint"
                        }
                    >
                        <legend>{i18n.tr(Key::SatisfactionLegend)}</legend>
                        <p class="hint" id="satisfaction-hint">{i18n.tr(Key::SatisfactionHint)}</p>
                        <p class="error-message" id="satisfaction-rating-error" hidden=move || rating_error.get().is_none()>
                            {move || rating_error.get().map(|k| i18n.t(k))}
                        </p>
                        <div class="choices">
                            {RATINGS.into_iter().map(|(value, key)| {
                                let id = format!("satisfaction-rating-{value}");
                                view! {
                                    <div class="choice">
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="satisfaction-rating"
                                            prop:checked=move || rating.get() == value
                                            on:change=move |_| rating.set(value)
                                        />
                                        <label for=id>{i18n.tr(key)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <TextArea
                        id="satisfaction-comment"
                        label=Key::SatisfactionCommentLabel
                        value=comment
                        error=form_errors.for_field("comment")
                        rows=3
                        maxlength=MAX_SATISFACTION_COMMENT_CHARS
                    />
                    {move || general_error.get().map(|e| view! { <ApiErrorMessage error=e/> })}
                    <button type="submit" class="button secondary" disabled=move || sending.get()>
                        {i18n.tr(Key::SatisfactionSubmit)}
                    </button>
                </form>
            </Show>
        </section>
    }
}
