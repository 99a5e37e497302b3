//! E-services ("Mina e-tjänster"): the declarative definitions agency systems publish through
//! the system API (`PUT /api/system/v1/eservices/{id}`), and their checks.
//!
//! A definition is data, never code: pages of questions of a fixed set of kinds, rules from a
//! fixed set (required, bounds, lengths, named formats, date ranges relative to the day of
//! submission, cross-field date order), questions and pages shown only when an earlier answer
//! calls for them, and prefill from sources the agency already has. Text formats are named
//! ([`TextFormat`]) rather than free regular expressions: the same rule then runs in the
//! browser without a regex engine in the first load, and no definition can make the server
//! spend unbounded time on an answer.
//!
//! [`ServiceDefinition::check`] is what publishing runs; every problem is reported with the
//! JSON path of the offending part (`pages[1].questions[0].options`), so the agency's developer
//! sees all of them at once.

mod answers;
mod exchange;

pub use exchange::*;

pub use answers::{
    check_answers, parse_date, shown_questions, AddressAnswer, Answer, Answers, MAX_STREET_CHARS,
    MAX_TOWN_CHARS,
};

use serde::{Deserialize, Serialize};

use crate::messages::MatterCategory;
use crate::representation::RepresentationRole;

/// Version of the definition format this server reads.
pub const SCHEMA_VERSION: u32 = 1;
/// Most pages in a service.
pub const MAX_PAGES: usize = 30;
/// Most questions in a service, over all pages.
pub const MAX_QUESTIONS: usize = 150;
/// Most options of a one-of or many-of question.
pub const MAX_OPTIONS: usize = 50;
/// Longest title, label, option label or handler, in characters.
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest summary, hint or page guidance, in characters.
pub const MAX_LONG_TEXT: usize = 2000;
/// Longest answer to a text question, unless the definition says less.
pub const MAX_ANSWER_CHARS: u32 = 2000;
/// Most files one file question takes.
pub const MAX_FILES_PER_QUESTION: u32 = 10;

/// What a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One line of text (`max_length`, `format`).
    Text,
    /// Several lines of text (`max_length`).
    LongText,
    /// A whole number (`min`, `max`).
    Number,
    /// A date, `YYYY-MM-DD` (`earliest_days`, `latest_days` from the day of submission).
    Date,
    /// `yes` or `no`.
    YesNo,
    /// One of `options`.
    OneOf,
    /// Any of `options` (`min`, `max`: how many).
    ManyOf,
    /// A Swedish postal address: street, postal code (5 digits), town, optional c/o.
    Address,
    /// A Swedish personal identity or coordination number.
    PersonalNumber,
    /// A Swedish organisation number.
    OrganisationNumber,
    /// An amount in whole kronor (`min`, `max`).
    AmountSek,
    /// Documents uploaded with `POST /api/uploads` (`max`: how many, at most 10).
    File,
}

impl QuestionKind {
    fn has_options(self) -> bool {
        matches!(self, QuestionKind::OneOf | QuestionKind::ManyOf)
    }

    fn takes_bounds(self) -> bool {
        matches!(
            self,
            QuestionKind::Number
                | QuestionKind::AmountSek
                | QuestionKind::ManyOf
                | QuestionKind::File
        )
    }
}

/// A named format of a one-line text answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    /// Digits only.
    Digits,
    /// A Swedish postal code, `NNN NN`.
    PostalCode,
    Email,
    /// A Swedish or international phone number.
    Phone,
    /// A vehicle registration number, `ABC 123` or `ABC 12D`.
    RegistrationNumber,
}

/// Where the agency already has the answer. The person sees it as "this is what we have — is
/// it right?" and may change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrefillSource {
    /// The person's registered address (folkbokföringsadress), for `address`.
    RegisteredAddress,
    /// The acting party's personal identity number, for `personal_number`.
    PersonalNumber,
    /// The acting party's name, for `text`.
    Name,
    /// The organisation's number, for `organisation_number` (acting for an organisation).
    OrganisationNumber,
    /// The verified e-mail address, for `text` with format `email`.
    Email,
    /// The verified mobile number, for `text` with format `phone`.
    Mobile,
    /// How the person wants letters for the service's kind of matter: `min_sida` or `letter`,
    /// for a `one_of` with those values.
    DeliveryChannel,
    /// The organisation's tax registrations (`f_tax`, `vat`, `employer`), for a `many_of`
    /// with those values.
    TaxRegistrations,
    /// The answer to the same question in the party's last submission of this service.
    LastSubmission,
}

impl PrefillSource {
    /// Whether the source can fill a question of this kind (and format).
    fn fits(self, kind: QuestionKind, format: Option<TextFormat>) -> bool {
        match self {
            PrefillSource::RegisteredAddress => kind == QuestionKind::Address,
            PrefillSource::PersonalNumber => kind == QuestionKind::PersonalNumber,
            PrefillSource::Name => kind == QuestionKind::Text && format.is_none(),
            PrefillSource::OrganisationNumber => kind == QuestionKind::OrganisationNumber,
            PrefillSource::Email => kind == QuestionKind::Text && format == Some(TextFormat::Email),
            PrefillSource::Mobile => {
                kind == QuestionKind::Text && format == Some(TextFormat::Phone)
            }
            PrefillSource::DeliveryChannel => kind == QuestionKind::OneOf,
            PrefillSource::TaxRegistrations => kind == QuestionKind::ManyOf,
            PrefillSource::LastSubmission => kind != QuestionKind::File,
        }
    }
}

/// One option of a `one_of` or `many_of` question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    /// What the answer holds, `[a-z0-9_-]{1,60}`.
    pub value: String,
    pub label: String,
}

/// Shown only when an earlier question has a given answer: `yes`/`no` for `yes_no`, an
/// option's value for `one_of` (equal) and `many_of` (among those chosen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    /// The id of a question before this one.
    pub question: String,
    pub equals: String,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// Unique in the service, `[a-z0-9_-]{1,60}`; the key of its answer.
    pub id: String,
    pub kind: QuestionKind,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// The hint in easy-to-read Swedish (required when there is a hint).
    #[serde(default)]
    pub easy_read_hint: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// For `one_of` and `many_of`: 2–50 options with distinct values.
    #[serde(default)]
    pub options: Vec<Choice>,
    /// Smallest number or amount; for `many_of` and `file` the fewest choices or files.
    #[serde(default)]
    pub min: Option<i64>,
    /// Largest number or amount; for `many_of` and `file` the most choices or files.
    #[serde(default)]
    pub max: Option<i64>,
    /// For `text` and `long_text`: at most this many characters (at most 2000).
    #[serde(default)]
    pub max_length: Option<u32>,
    /// For `text`.
    #[serde(default)]
    pub format: Option<TextFormat>,
    /// For `date`: the earliest date, in days from the day the person answers (negative:
    /// before).
    #[serde(default)]
    pub earliest_days: Option<i32>,
    /// For `date`: the latest date, in days from the day the person answers.
    #[serde(default)]
    pub latest_days: Option<i32>,
    #[serde(default)]
    pub show_if: Option<Condition>,
    #[serde(default)]
    pub prefill: Option<PrefillSource>,
}

/// One page of questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageDefinition {
    /// Unique in the service, `[a-z0-9_-]{1,60}`; part of the page's address.
    pub id: String,
    pub title: String,
    /// What to know before answering.
    #[serde(default)]
    pub guidance: Option<String>,
    /// The guidance in easy-to-read Swedish (required: every page has one).
    pub easy_read_guidance: String,
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// 1–30 questions.
    pub questions: Vec<Question>,
}

/// A rule between two answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum CrossRule {
    /// The date `question` is not before the date `other` (when both are answered).
    DateNotBefore { question: String, other: String },
}

/// Who may use a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Audience {
    /// A person for themself.
    pub persons: bool,
    /// Someone acting for an organisation.
    pub organisations: bool,
    /// Someone acting for another person (a guardian, an appointed representative).
    #[serde(default)]
    pub on_behalf_of_persons: bool,
    /// The roles a representative must have (empty: any mandate that allows `act` in
    /// `matters`), e.g. `["signatory"]` for a change of a company's registration.
    #[serde(default)]
    pub roles: Vec<RepresentationRole>,
}

/// An e-service as an agency system publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDefinition {
    /// The definition format, 1.
    pub schema_version: u32,
    pub title: String,
    pub summary: String,
    /// The summary in easy-to-read Swedish.
    pub easy_read_summary: String,
    /// The kind of matter a submission opens.
    pub category: MatterCategory,
    /// Who handles the matters, e.g. `Skatteverket, Folkbokföring`.
    pub handler: String,
    pub audience: Audience,
    /// 1–30 pages, at most 150 questions in all.
    pub pages: Vec<PageDefinition>,
    #[serde(default)]
    pub rules: Vec<CrossRule>,
}

/// One problem of a definition: where (a JSON path) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefinitionProblem {
    /// E.g. `pages[1].questions[0].options`.
    pub path: String,
    /// What is wrong, in English for the agency's developers.
    pub problem: String,
}

/// Whether `id` is a valid service, page, question or option id: `[a-z0-9_-]{1,60}`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Whether `id` is a valid service id: `[a-z0-9-]{3,60}`, starting with a letter (it is part
/// of the service's address, `/e-tjanster/<id>`).
pub fn is_valid_service_id(id: &str) -> bool {
    (3..=60).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

struct Problems(Vec<DefinitionProblem>);

impl Problems {
    fn push(&mut self, path: impl Into<String>, problem: impl Into<String>) {
        self.0.push(DefinitionProblem {
            path: path.into(),
            problem: problem.into(),
        });
    }

    /// A required text: not blank, at most `max` characters.
    fn text(&mut self, path: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(path, "must not be blank");
        } else if value.chars().count() > max {
            self.push(path, format!("at most {max} characters"));
        }
    }

    fn optional_text(&mut self, path: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.text(path, v, max);
        }
    }
}

/// What a condition may refer to: the questions before it, with their kinds and options.
struct Earlier<'a> {
    questions: Vec<&'a Question>,
}

impl Earlier<'_> {
    fn check(&self, path: &str, condition: &Condition, problems: &mut Problems) {
        let Some(q) = self.questions.iter().find(|q| q.id == condition.question) else {
            problems.push(
                format!("{path}.question"),
                format!("`{}` is not a question before this one", condition.question),
            );
            return;
        };
        let fits = match q.kind {
            QuestionKind::YesNo => matches!(condition.equals.as_str(), "yes" | "no"),
            QuestionKind::OneOf | QuestionKind::ManyOf => {
                q.options.iter().any(|o| o.value == condition.equals)
            }
            _ => false,
        };
        if !fits {
            problems.push(
                format!("{path}.equals"),
                format!(
                    "`{}` is not an answer of `{}` (conditions refer to yes_no, one_of or many_of questions)",
                    condition.equals, q.id
                ),
            );
        }
    }
}

impl ServiceDefinition {
    /// Every problem of the definition; empty when it can be published.
    pub fn check(&self) -> Vec<DefinitionProblem> {
        let mut p = Problems(Vec::new());
        if self.schema_version != SCHEMA_VERSION {
            p.push("schema_version", format!("must be {SCHEMA_VERSION}"));
        }
        p.text("title", &self.title, MAX_SHORT_TEXT);
        p.text("summary", &self.summary, MAX_LONG_TEXT);
        p.text("easy_read_summary", &self.easy_read_summary, MAX_LONG_TEXT);
        p.text("handler", &self.handler, MAX_SHORT_TEXT);
        let a = &self.audience;
        if !a.persons && !a.organisations && !a.on_behalf_of_persons {
            p.push("audience", "nobody may use the service");
        }
        if !a.roles.is_empty() && !a.organisations && !a.on_behalf_of_persons {
            p.push(
                "audience.roles",
                "roles apply to organisations or persons acted for",
            );
        }
        if self.pages.is_empty() || self.pages.len() > MAX_PAGES {
            p.push("pages", format!("1 to {MAX_PAGES} pages"));
        }
        let total: usize = self.pages.iter().map(|pg| pg.questions.len()).sum();
        if total > MAX_QUESTIONS {
            p.push("pages", format!("at most {MAX_QUESTIONS} questions in all"));
        }
        let mut earlier = Earlier {
            questions: Vec::new(),
        };
        let mut page_ids: Vec<&str> = Vec::new();
        for (i, page) in self.pages.iter().enumerate() {
            let path = format!("pages[{i}]");
            if !is_valid_id(&page.id) {
                p.push(format!("{path}.id"), "must match [a-z0-9_-]{1,60}");
            } else if page_ids.contains(&page.id.as_str()) {
                p.push(format!("{path}.id"), format!("`{}` is used twice", page.id));
            }
            page_ids.push(&page.id);
            p.text(&format!("{path}.title"), &page.title, MAX_SHORT_TEXT);
            p.optional_text(
                &format!("{path}.guidance"),
                page.guidance.as_deref(),
                MAX_LONG_TEXT,
            );
            p.text(
                &format!("{path}.easy_read_guidance"),
                &page.easy_read_guidance,
                MAX_LONG_TEXT,
            );
            if let Some(c) = &page.show_if {
                earlier.check(&format!("{path}.show_if"), c, &mut p);
            }
            if page.questions.is_empty() || page.questions.len() > 30 {
                p.push(format!("{path}.questions"), "1 to 30 questions");
            }
            for (j, q) in page.questions.iter().enumerate() {
                let qpath = format!("{path}.questions[{j}]");
                check_question(&qpath, q, &earlier, &mut p);
                if earlier.questions.iter().any(|e| e.id == q.id) {
                    p.push(format!("{qpath}.id"), format!("`{}` is used twice", q.id));
                }
                earlier.questions.push(q);
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let CrossRule::DateNotBefore { question, other } = rule;
            for (field, id) in [("question", question), ("other", other)] {
                let is_date = earlier
                    .questions
                    .iter()
                    .any(|q| &q.id == id && q.kind == QuestionKind::Date);
                if !is_date {
                    p.push(
                        format!("rules[{i}].{field}"),
                        format!("`{id}` is not a date question"),
                    );
                }
            }
            if question == other {
                p.push(format!("rules[{i}]"), "compares a question with itself");
            }
        }
        p.0
    }
}

fn check_question(path: &str, q: &Question, earlier: &Earlier<'_>, p: &mut Problems) {
    if !is_valid_id(&q.id) {
        p.push(format!("{path}.id"), "must match [a-z0-9_-]{1,60}");
    }
    p.text(&format!("{path}.label"), &q.label, MAX_SHORT_TEXT);
    p.optional_text(&format!("{path}.hint"), q.hint.as_deref(), MAX_LONG_TEXT);
    match (&q.hint, &q.easy_read_hint) {
        (Some(_), None) => p.push(format!("{path}.easy_read_hint"), "required with a hint"),
        (None, Some(_)) => p.push(format!("{path}.easy_read_hint"), "only with a hint"),
        (_, Some(h)) => p.text(&format!("{path}.easy_read_hint"), h, MAX_LONG_TEXT),
        (None, None) => {}
    }
    if q.kind.has_options() {
        if q.options.len() < 2 || q.options.len() > MAX_OPTIONS {
            p.push(
                format!("{path}.options"),
                format!("2 to {MAX_OPTIONS} options"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for (k, o) in q.options.iter().enumerate() {
            if !is_valid_id(&o.value) {
                p.push(
                    format!("{path}.options[{k}].value"),
                    "must match [a-z0-9_-]{1,60}",
                );
            } else if seen.contains(&o.value.as_str()) {
                p.push(
                    format!("{path}.options[{k}].value"),
                    format!("`{}` is used twice", o.value),
                );
            }
            seen.push(&o.value);
            p.text(
                &format!("{path}.options[{k}].label"),
                &o.label,
                MAX_SHORT_TEXT,
            );
        }
    } else if !q.options.is_empty() {
        p.push(format!("{path}.options"), "only for one_of and many_of");
    }
    if (q.min.is_some() || q.max.is_some()) && !q.kind.takes_bounds() {
        p.push(
            format!("{path}.min"),
            "min and max are for number, amount_sek, many_of and file",
        );
    }
    if let (Some(min), Some(max)) = (q.min, q.max) {
        if min > max {
            p.push(format!("{path}.min"), "greater than max");
        }
    }
    let counts = matches!(q.kind, QuestionKind::ManyOf | QuestionKind::File);
    if counts && (q.min.is_some_and(|m| m < 0) || q.max.is_some_and(|m| m < 1)) {
        p.push(
            format!("{path}.min"),
            "counts of choices or files are 0 or more (max 1 or more)",
        );
    }
    if q.kind == QuestionKind::File && q.max.is_some_and(|m| m > i64::from(MAX_FILES_PER_QUESTION))
    {
        p.push(
            format!("{path}.max"),
            format!("at most {MAX_FILES_PER_QUESTION} files"),
        );
    }
    if let Some(len) = q.max_length {
        if !matches!(q.kind, QuestionKind::Text | QuestionKind::LongText) {
            p.push(format!("{path}.max_length"), "only for text and long_text");
        } else if len == 0 || len > MAX_ANSWER_CHARS {
            p.push(
                format!("{path}.max_length"),
                format!("1 to {MAX_ANSWER_CHARS}"),
            );
        }
    }
    if q.format.is_some() && q.kind != QuestionKind::Text {
        p.push(format!("{path}.format"), "only for text");
    }
    if q.earliest_days.is_some() || q.latest_days.is_some() {
        if q.kind != QuestionKind::Date {
            p.push(format!("{path}.earliest_days"), "only for date");
        } else if let (Some(e), Some(l)) = (q.earliest_days, q.latest_days) {
            if e > l {
                p.push(format!("{path}.earliest_days"), "after latest_days");
            }
        }
    }
    if let Some(c) = &q.show_if {
        earlier.check(&format!("{path}.show_if"), c, p);
    }
    if let Some(source) = q.prefill {
        if !source.fits(q.kind, q.format) {
            p.push(
                format!("{path}.prefill"),
                format!("{source:?} cannot fill a {:?} question", q.kind),
            );
        }
        if source == PrefillSource::DeliveryChannel {
            let values: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            if !(values.contains(&"min_sida") && values.contains(&"letter")) {
                p.push(
                    format!("{path}.prefill"),
                    "delivery_channel needs the options min_sida and letter",
                );
            }
        }
        if source == PrefillSource::TaxRegistrations {
            let known = ["f_tax", "vat", "employer"];
            if !q.options.iter().all(|o| known.contains(&o.value.as_str())) {
                p.push(
                    format!("{path}.prefill"),
                    "tax_registrations needs options among f_tax, vat and employer",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_support;
