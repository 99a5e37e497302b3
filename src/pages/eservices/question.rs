//! One question of a definition as a form control with proper semantics: a label (a legend
//! for a group: radios, checkboxes, an address), the agency's hint and the hints of its kind
//! tied to it with `aria-describedby`, the "this is what we have" note for prefilled answers,
//! and its error message (`aria-invalid`).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use minsida_api::eservices::{
    AddressAnswer, Answer, Answers, EServiceForm, Question, QuestionKind, TextFormat,
    MAX_FILES_PER_QUESTION,
};
use minsida_api::pin::Ymd;
use minsida_api::FieldError;

use super::{easy_read, flow, message_key, store};
use crate::i18n::{authored_text, use_i18n, Fmt, Key};

/// What the controls of one page share: the answers (kept in the page's signal and, at every
/// change, in the service's memory), the errors shown, the names of uploaded files.
#[derive(Clone, Copy)]
pub struct FormCtx {
    pub form: StoredValue<Arc<EServiceForm>>,
    pub owner: StoredValue<String>,
    pub answers: RwSignal<Answers>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub files: RwSignal<BTreeMap<i64, String>>,
    /// Files being uploaded on the page (Continue waits for them).
    pub uploading: RwSignal<u32>,
    pub today: Ymd,
}

impl FormCtx {
    /// Set (or, when blank, remove) an answer, here and in the service's memory.
    pub fn set(&self, id: &str, answer: Option<Answer>) {
        let answer = answer.filter(|a| !flow::is_blank(a));
        self.answers.update(|a| match answer {
            Some(answer) => {
                a.insert(id.to_string(), answer);
            }
            None => {
                a.remove(id);
            }
        });
        let answers = self.answers.get_untracked();
        let service = self.form.with_value(|f| f.id.clone());
        self.owner
            .with_value(|owner| store::update(owner, &service, |f| f.answers = answers));
    }

    pub(super) fn remember_file(&self, id: i64, name: String) {
        self.files.update(|f| {
            f.insert(id, name.clone());
        });
        let service = self.form.with_value(|f| f.id.clone());
        self.owner.with_value(|owner| {
            store::update(owner, &service, |f| {
                f.files.insert(id, name);
            })
        });
    }

    fn text(&self, id: &str) -> String {
        self.answers.with(|a| match a.get(id) {
            Some(Answer::Text(t)) => t.clone(),
            _ => String::new(),
        })
    }

    /// The translated error of a field (`answers.<id>` or `answers.<id>.<part>`), if any.
    fn error(&self, field: String) -> Signal<Option<Key>> {
        let (errors, form) = (self.errors, self.form);
        Signal::derive(move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| form.with_value(|f| message_key(&f.definition, e)))
            })
        })
    }
}

/// `aria-describedby` from the ids that apply.
fn describe(ids: &[Option<String>]) -> Option<String> {
    let ids: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn QuestionField(question: Question, ctx: FormCtx) -> impl IntoView {
    let q = question;
    let prefilled = ctx.form.with_value(|f| f.prefill.contains_key(&q.id));
    let base = flow::dom_id(&q.id, None);
    let error = ctx.error(format!("answers.{}", q.id));
    let hint = hint_view(&q, ctx.today, format!("{base}-hint"));
    let hint_id = hint.is_some().then(|| format!("{base}-hint"));
    let prefill_id = prefilled.then(|| format!("{base}-prefill"));
    let error_id = format!("{base}-error");
    let label = label_view(&q);
    let i18n = use_i18n();
    let prefill_note = prefilled.then(|| {
        view! { <p class="prefill-note" id=format!("{base}-prefill")>{i18n.tr(Key::EservicePrefillNotice)}</p> }
    });
    let error_view = {
        let error_id = error_id.clone();
        view! {
            <p class="error-message" id=error_id hidden=move || error.get().is_none()>
                {move || error.get().map(|k| i18n.t(k))}
            </p>
        }
    };
    let described = {
        let (hint_id, prefill_id, error_id) =
            (hint_id.clone(), prefill_id.clone(), error_id.clone());
        move || {
            describe(&[
                hint_id.clone(),
                prefill_id.clone(),
                error.get().is_some().then(|| error_id.clone()),
            ])
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    match q.kind {
        QuestionKind::YesNo | QuestionKind::OneOf | QuestionKind::ManyOf => {
            let many = q.kind == QuestionKind::ManyOf;
            let options: Vec<(String, Option<Key>, String)> = if q.kind == QuestionKind::YesNo {
                vec![
                    ("yes".into(), Some(Key::EserviceYes), String::new()),
                    ("no".into(), Some(Key::EserviceNo), String::new()),
                ]
            } else {
                q.options
                    .iter()
                    .map(|o| (o.value.clone(), None, o.label.clone()))
                    .collect()
            };
            let all_values: Vec<String> = q.options.iter().map(|o| o.value.clone()).collect();
            let qid = q.id.clone();
            view! {
                <fieldset
                    class="choice-group question"
                    class:field-error=move || error.get().is_some()
                    aria-describedby=described
                >
                    <legend>{label}</legend>
                    {hint}
                    {prefill_note}
                    {error_view}
                    <div class="choices" class:choices-inline=q.kind == QuestionKind::YesNo>
                        {options.into_iter().enumerate().map(|(i, (value, key, text))| {
                            let id = format!("{base}-{i}");
                            let (qid, qid2, value2, all_values) = (qid.clone(), qid.clone(), value.clone(), all_values.clone());
                            let checked = move || ctx.answers.with(|a| match a.get(&qid) {
                                Some(Answer::Text(t)) => *t == value,
                                Some(Answer::Choices(c)) => c.contains(&value),
                                _ => false,
                            });
                            let on_change = move |ev: leptos::ev::Event| {
                                if many {
                                    let on = event_target_checked(&ev);
                                    let mut chosen = match ctx.answers.with_untracked(|a| a.get(&qid2).cloned()) {
                                        Some(Answer::Choices(c)) => c,
                                        _ => Vec::new(),
                                    };
                                    chosen.retain(|c| *c != value2);
                                    if on {
                                        chosen.push(value2.clone());
                                    }
                                    // In the order of the options.
                                    let ordered: Vec<String> = all_values.iter().filter(|v| chosen.contains(v)).cloned().collect();
                                    ctx.set(&qid2, Some(Answer::Choices(ordered)));
                                } else {
                                    ctx.set(&qid2, Some(Answer::Text(value2.clone())));
                                }
                            };
                            let text_view = match key {
                                Some(k) => view! { <span>{i18n.tr(k)}</span> }.into_any(),
                                None => authored_text(text, true).into_any(),
                            };
                            view! {
                                <div class="choice">
                                    <input
                                        type=if many { "checkbox" } else { "radio" }
                                        id=id.clone()
                                        name=base.clone()
                                        prop:checked=checked
                                        on:change=on_change
                                    />
                                    <label for=id>{text_view}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::Address => view! {
            <fieldset
                class="question address-group"
                class:field-error=move || error.get().is_some()
                aria-describedby=described
            >
                <legend>{label}</legend>
                {hint}
                {prefill_note}
                {error_view}
                <AddressPart ctx=ctx qid=q.id.clone() part="care_of" key=Key::EserviceCareOf/>
                <AddressPart ctx=ctx qid=q.id.clone() part="street" key=Key::EserviceStreet/>
                <AddressPart ctx=ctx qid=q.id.clone() part="postal_code" key=Key::EservicePostalCode/>
                <AddressPart ctx=ctx qid=q.id.clone() part="town" key=Key::EserviceTown/>
            </fieldset>
        }
        .into_any(),
        QuestionKind::File => view! {
            <super::files::FileQuestion
                ctx=ctx
                question=q.clone()
                label=label.into_any()
                hint=hint
                error_view=error_view.into_any()
                described=Signal::derive(described)
                invalid=Signal::derive(invalid)
            />
        }
        .into_any(),
        QuestionKind::LongText => {
            let (qid, qid2) = (q.id.clone(), q.id.clone());
            view! {
                <div class="field question" class:field-error=move || error.get().is_some()>
                    <label for=base.clone()>{label}</label>
                    {hint}
                    {prefill_note}
                    {error_view}
                    <textarea
                        id=base.clone()
                        name=base.clone()
                        rows="6"
                        autocomplete=move || crate::terminal::on_terminal().then_some("off")
                        maxlength=q.max_length
                        aria-invalid=invalid
                        aria-describedby=described
                        prop:value=move || ctx.text(&qid)
                        on:input=move |ev| ctx.set(&qid2, Some(Answer::Text(event_target_value(&ev))))
                    ></textarea>
                </div>
            }
            .into_any()
        }
        _ => {
            let (qid, qid2) = (q.id.clone(), q.id.clone());
            let (input_type, inputmode, autocomplete) = input_kind(&q);
            let autocomplete = move || {
                if crate::terminal::on_terminal() {
                    Some("off")
                } else {
                    autocomplete
                }
            };
            let width = match q.kind {
                QuestionKind::Date | QuestionKind::Number | QuestionKind::AmountSek => "input-short",
                QuestionKind::PersonalNumber | QuestionKind::OrganisationNumber => "input-medium",
                _ => "",
            };
            let amount = q.kind == QuestionKind::AmountSek;
            view! {
                <div class="field question" class:field-error=move || error.get().is_some()>
                    <label for=base.clone()>{label}</label>
                    {hint}
                    {prefill_note}
                    {error_view}
                    <div class="input-with-suffix">
                        <input
                            id=base.clone()
                            name=base.clone()
                            class=width
                            type=input_type
                            inputmode=inputmode
                            autocomplete=autocomplete
                            spellcheck="false"
                            maxlength=q.max_length
                            aria-invalid=invalid
                            aria-describedby=described
                            prop:value=move || ctx.text(&qid)
                            on:input=move |ev| ctx.set(&qid2, Some(Answer::Text(event_target_value(&ev))))
                        />
                        {amount.then(|| view! { <span class="input-suffix" aria-hidden="true">"kr"</span> })}
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// `type`, `inputmode` and `autocomplete` of a one-line question.
fn input_kind(q: &Question) -> (&'static str, Option<&'static str>, Option<&'static str>) {
    use minsida_api::eservices::PrefillSource as P;
    match (q.kind, q.format) {
        (QuestionKind::Text, Some(TextFormat::Email)) => ("email", None, Some("email")),
        (QuestionKind::Text, Some(TextFormat::Phone)) => ("tel", None, Some("tel")),
        (QuestionKind::Text, Some(TextFormat::Digits)) => ("text", Some("numeric"), None),
        (QuestionKind::Text, Some(TextFormat::PostalCode)) => {
            ("text", Some("numeric"), Some("postal-code"))
        }
        (QuestionKind::Text, _) if q.prefill == Some(P::Name) => ("text", None, Some("name")),
        (QuestionKind::Number | QuestionKind::AmountSek, _) => ("text", Some("numeric"), None),
        (QuestionKind::PersonalNumber | QuestionKind::OrganisationNumber, _) => {
            ("text", Some("numeric"), None)
        }
        _ => ("text", None, None),
    }
}

/// The question's label (the agency's words), with "(optional)" when no answer is needed.
fn label_view(q: &Question) -> impl IntoView {
    let i18n = use_i18n();
    let needs_answer = q.required || (q.kind == QuestionKind::File && q.min.is_some_and(|m| m > 0));
    view! {
        {authored_text(q.label.clone(), true)}
        {(!needs_answer).then(|| view! { " " <span class="optional">{i18n.tr(Key::EserviceOptional)}</span> })}
    }
}

/// The agency's hint (easy-to-read in that mode) and the hints of the question's kind, or
/// nothing when there are none.
fn hint_view(q: &Question, today: Ymd, id: String) -> Option<AnyView> {
    let i18n = use_i18n();
    let agency = q.hint.clone();
    let agency_easy = q.easy_read_hint.clone().or_else(|| q.hint.clone());
    let mut own: Vec<Box<dyn Fn() -> String + Send + Sync>> = Vec::new();
    let key = |k: Key| -> Box<dyn Fn() -> String + Send + Sync> {
        Box::new(move || i18n.t(k).to_string())
    };
    let range =
        |min: Option<i64>, max: Option<i64>| -> Option<Box<dyn Fn() -> String + Send + Sync>> {
            match (min, max) {
                (Some(min), Some(max)) => Some(Box::new(move || {
                    i18n.f(
                        Fmt::EserviceRangeHint,
                        &[("min", min.into()), ("max", max.into())],
                    )
                })),
                _ => None,
            }
        };
    match q.kind {
        QuestionKind::Date => {
            own.push(key(Key::EserviceDateHint));
            let earliest = q
                .earliest_days
                .map(|d| flow::format_ymd(flow::add_days(today, d)));
            let latest = q
                .latest_days
                .map(|d| flow::format_ymd(flow::add_days(today, d)));
            match (earliest, latest) {
                (Some(e), Some(l)) => own.push(Box::new(move || {
                    i18n.f(
                        Fmt::EserviceDateRangeHint,
                        &[
                            ("earliest", e.as_str().into()),
                            ("latest", l.as_str().into()),
                        ],
                    )
                })),
                (Some(e), None) => own.push(Box::new(move || {
                    i18n.f(
                        Fmt::EserviceDateEarliestHint,
                        &[("earliest", e.as_str().into())],
                    )
                })),
                (None, Some(l)) => own.push(Box::new(move || {
                    i18n.f(
                        Fmt::EserviceDateLatestHint,
                        &[("latest", l.as_str().into())],
                    )
                })),
                (None, None) => {}
            }
        }
        QuestionKind::Number => {
            own.push(key(Key::EserviceNumberHint));
            own.extend(range(q.min, q.max));
        }
        QuestionKind::AmountSek => {
            own.push(key(Key::EserviceAmountHint));
            own.extend(range(q.min, q.max));
        }
        QuestionKind::PersonalNumber => own.push(key(Key::EservicePersonalNumberHint)),
        QuestionKind::OrganisationNumber => own.push(key(Key::EserviceOrganisationNumberHint)),
        QuestionKind::ManyOf => own.push(key(Key::EserviceChooseManyHint)),
        QuestionKind::File => {
            let n = q.max.unwrap_or(i64::from(MAX_FILES_PER_QUESTION));
            own.push(Box::new(move || {
                i18n.f(Fmt::EserviceFilesHint, &[("n", n.into())])
            }));
        }
        QuestionKind::LongText | QuestionKind::Text => {
            if let Some(n) = q.max_length {
                own.push(Box::new(move || {
                    i18n.f(Fmt::EserviceMaxLengthHint, &[("n", n.into())])
                }));
            }
        }
        _ => {}
    }
    if agency.is_none() && own.is_empty() {
        return None;
    }
    Some(
        view! {
            <div class="hint" id=id>
                {agency.map(|normal| {
                    let easy = agency_easy.clone().unwrap_or_default();
                    view! {
                        <p lang="sv">{move || if easy_read(i18n) { easy.clone() } else { normal.clone() }}</p>
                    }
                })}
                {own.into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
            </div>
        }
        .into_any(),
    )
}

/// One line of an address: its own label, error and `autocomplete`.
#[component]
fn AddressPart(ctx: FormCtx, qid: String, part: &'static str, key: Key) -> impl IntoView {
    let i18n = use_i18n();
    let id = flow::dom_id(&qid, Some(part));
    let error = ctx.error(format!("answers.{qid}.{part}"));
    let error_id = format!("{id}-error");
    let autocomplete = match part {
        "street" => "address-line1",
        "postal_code" => "postal-code",
        "town" => "address-level2",
        _ => "address-line2",
    };
    let autocomplete = move || {
        if crate::terminal::on_terminal() {
            "off"
        } else {
            autocomplete
        }
    };
    let read = {
        let qid = qid.clone();
        move || {
            ctx.answers.with(|a| match a.get(&qid) {
                Some(Answer::Address(addr)) => match part {
                    "care_of" => addr.care_of.clone(),
                    "street" => addr.street.clone(),
                    "postal_code" => addr.postal_code.clone(),
                    _ => addr.town.clone(),
                },
                _ => String::new(),
            })
        }
    };
    let write = move |value: String| {
        let mut addr = match ctx.answers.with_untracked(|a| a.get(&qid).cloned()) {
            Some(Answer::Address(a)) => a,
            _ => AddressAnswer::default(),
        };
        match part {
            "care_of" => addr.care_of = value,
            "street" => addr.street = value,
            "postal_code" => addr.postal_code = value,
            _ => addr.town = value,
        }
        ctx.set(&qid, Some(Answer::Address(addr)));
    };
    let error_id2 = error_id.clone();
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for=id.clone()>{i18n.tr(key)}</label>
            <p class="error-message" id=error_id hidden=move || error.get().is_none()>
                {move || error.get().map(|k| i18n.t(k))}
            </p>
            <input
                id=id.clone()
                name=id
                type="text"
                class=if part == "postal_code" { "input-short" } else { "" }
                inputmode=(part == "postal_code").then_some("numeric")
                autocomplete=autocomplete
                spellcheck="false"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| error_id2.clone())
                prop:value=read
                on:input=move |ev| write(event_target_value(&ev))
            />
        </div>
    }
}
