use leptos::prelude::*;

use crate::browser;
use crate::i18n::{use_i18n, Key};

/// One problem listed in an [`ErrorSummary`]: the id of the field and the message.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    pub field_id: &'static str,
    pub message: Key,
}

/// The error summary at the top of a form. When it appears the form moves focus to it; each
/// item links to (and focuses) its field.
#[component]
pub fn ErrorSummary(
    #[prop(into)] items: Signal<Vec<SummaryItem>>,
    node_ref: NodeRef<leptos::html::Div>,
    /// Labels the agency wrote (Swedish), one per item in the same order, shown before each
    /// message: "<label>: <message>" (forms whose questions come from a definition).
    #[prop(optional, into)]
    labels: Option<Signal<Vec<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div
            class="error-summary"
            tabindex="-1"
            node_ref=node_ref
            aria-labelledby="error-summary-title"
            hidden=move || items.with(Vec::is_empty)
        >
            <h2 id="error-summary-title">{i18n.tr(Key::ErrorSummaryTitle)}</h2>
            <ul>
                {move || {
                    items
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let id = item.field_id;
                            let label = labels
                                .and_then(|l| l.with(|l| l.get(i).cloned()))
                                .filter(|l| !l.is_empty());
                            view! {
                                <li>
                                    <a
                                        href=format!("#{id}")
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            browser::focus_id(id);
                                        }
                                    >
                                        {label.map(|l| view! { {crate::i18n::authored_text(l, true)} ": " })}
                                        {move || i18n.t(item.message)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// What every form field has around its control: the label, an optional hint and the error
/// message, with the ids (`<id>-hint`, `<id>-error`) that `aria-describedby` points at.
#[component]
pub fn FieldFrame(
    id: &'static str,
    label: Key,
    #[prop(optional_no_strip)] hint: Option<Key>,
    #[prop(into)] error: Signal<Option<Key>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for=id>{move || i18n.t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{move || i18n.t(h)}</p> })}
            <p class="error-message" id=format!("{id}-error") hidden=move || error.get().is_none()>
                {move || error.get().map(|k| i18n.t(k))}
            </p>
            {children()}
        </div>
    }
}

/// `aria-describedby` of a field: its hint (if any) and, while there is one, its error.
fn described_by(
    id: &'static str,
    has_hint: bool,
    error: Signal<Option<Key>>,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{id}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled text input with optional hint and an error message tied to it with
/// `aria-describedby`. The value lives in the caller's signal, so nothing typed is lost.
#[component]
pub fn TextField(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<Key>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let described_by = described_by(id, hint.is_some(), error);
    // A shared terminal must not remember what one visitor typed for the next.
    let autocomplete = move || {
        if crate::terminal::on_terminal() {
            Some("off")
        } else {
            autocomplete
        }
    };
    view! {
        <FieldFrame id=id label=label hint=hint error=error>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </FieldFrame>
    }
}

/// A labelled multi-line text field, like [`TextField`].
#[component]
pub fn TextArea(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<Key>>,
    #[prop(default = 8)] rows: u32,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let described_by = described_by(id, hint.is_some(), error);
    view! {
        <FieldFrame id=id label=label hint=hint error=error>
            <textarea
                id=id
                name=id
                autocomplete=move || crate::terminal::on_terminal().then_some("off")
                rows=rows
                maxlength=maxlength
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </FieldFrame>
    }
}

/// The field errors of one form: per-field messages, the error summary's items and moving
/// focus to the summary when errors appear. `dom_id` maps an API field name to the id of the
/// input it belongs to.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub errors: RwSignal<Vec<minsida_api::FieldError>>,
    pub summary_ref: NodeRef<leptos::html::Div>,
    dom_id: fn(&str) -> &'static str,
    message: fn(&minsida_api::FieldError) -> Key,
}

impl FormErrors {
    pub fn new(dom_id: fn(&str) -> &'static str) -> Self {
        Self {
            errors: RwSignal::new(Vec::new()),
            summary_ref: NodeRef::new(),
            dom_id,
            message: |f| crate::api::field_error_key(f.code),
        }
    }

    /// A form's own wording for some errors (e.g. "choose at least one area" rather than the
    /// general "fill in the field" for a group of choices).
    pub fn with_messages(self, message: fn(&minsida_api::FieldError) -> Key) -> Self {
        Self { message, ..self }
    }

    /// The translated error of one API field, if any.
    pub fn for_field(&self, field: &'static str) -> Signal<Option<Key>> {
        let (errors, message) = (self.errors, self.message);
        Signal::derive(move || errors.with(|e| e.iter().find(|f| f.field == field).map(message)))
    }

    /// The error summary's items.
    pub fn summary(&self) -> Signal<Vec<SummaryItem>> {
        let (errors, dom_id, message) = (self.errors, self.dom_id, self.message);
        Signal::derive(move || {
            errors
                .get()
                .iter()
                .map(|f| SummaryItem {
                    field_id: dom_id(&f.field),
                    message: message(f),
                })
                .collect()
        })
    }

    /// Show these errors and move focus to the summary once it is rendered.
    pub fn show(&self, errors: Vec<minsida_api::FieldError>) {
        self.errors.set(errors);
        if let Some(el) = self.summary_ref.get_untracked() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    }

    pub fn clear(&self) {
        self.errors.set(Vec::new());
    }
}
