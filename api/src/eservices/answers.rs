//! Answers to an e-service, checked against its definition: the same function in the browser
//! (immediate feedback) and on the server (which trusts nothing the browser says).
//!
//! Only the questions that are shown count: a page or question whose condition does not hold
//! (given the answers before it) is skipped, and an answer to it is dropped, not stored — the
//! person may have answered it before changing an earlier answer. An answer to a question the
//! service does not have is an error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Condition, CrossRule, Question, QuestionKind, ServiceDefinition, TextFormat};
use crate::contact::normalize_email;
use crate::feedback::normalize_phone;
use crate::org::OrgNumber;
use crate::pin::{days_in_month, PersonalIdentityNumber, Ymd};
use crate::{FieldError, FieldErrorCode};

/// Longest street line, in characters.
pub const MAX_STREET_CHARS: usize = 100;
/// Longest town name, in characters.
pub const MAX_TOWN_CHARS: usize = 60;

/// A Swedish postal address given as an answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressAnswer {
    #[serde(default)]
    pub care_of: String,
    pub street: String,
    /// Five digits, `NNN NN` or `NNNNN`.
    pub postal_code: String,
    pub town: String,
}

/// One answer: text for most kinds (a number, a date `YYYY-MM-DD`, `yes`/`no`, an option's
/// value, a number), a list of option values for `many_of`, an address, or the ids of uploads
/// for `file`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Choices(Vec<String>),
    Address(AddressAnswer),
    Uploads(Vec<i64>),
}

/// The answers by question id.
pub type Answers = BTreeMap<String, Answer>;

/// The day number of a date (days since 1970-01-01), for ranges relative to today.
fn day_number(d: Ymd) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date `YYYY-MM-DD` that exists.
pub fn parse_date(text: &str) -> Option<Ymd> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u16>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (month, day) = (u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    (year >= 1900 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then_some(Ymd::new(year, month, day))
}

/// A whole number as people write it: an optional minus, digits, spaces (also no-break ones)
/// between groups; for amounts an optional `kr` at the end.
fn parse_integer(text: &str, amount: bool) -> Option<i64> {
    let mut t = text.trim();
    if amount {
        t = t.strip_suffix("kr").map_or(t, str::trim_end);
    }
    let (negative, digits) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let digits: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// A postal code as `NNN NN`.
fn normalize_postal_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0'))
        .then(|| format!("{} {}", &digits[..3], &digits[3..]))
}

/// A Swedish vehicle registration number as `ABC 123` or `ABC 12D`.
fn normalize_registration(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let b = t.as_bytes();
    let ok = b.len() == 6
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..5].iter().all(u8::is_ascii_digit)
        && (b[5].is_ascii_digit() || b[5].is_ascii_uppercase());
    ok.then(|| format!("{} {}", &t[..3], &t[3..]))
}

struct Check<'a> {
    today: Ymd,
    errors: Vec<FieldError>,
    answers: &'a Answers,
}

impl Check<'_> {
    fn error(&mut self, field: String, code: FieldErrorCode) {
        self.errors.push(FieldError { field, code });
    }

    fn text<'b>(&mut self, field: &str, answer: Option<&'b Answer>) -> Option<&'b str> {
        match answer {
            Some(Answer::Text(t)) => Some(t.as_str()),
            // An empty list is what a cleared field of another shape looks like: no answer.
            Some(Answer::Choices(c)) if c.is_empty() => None,
            None => None,
            Some(_) => {
                self.error(field.to_string(), FieldErrorCode::InvalidValue);
                None
            }
        }
    }

    /// The canonical answer to a shown question, or `None` (no answer, or an error noted).
    fn question(&mut self, q: &Question) -> Option<Answer> {
        let field = format!("answers.{}", q.id);
        let given = self.answers.get(&q.id);
        let blank = match given {
            None => true,
            Some(Answer::Text(t)) => t.trim().is_empty(),
            Some(Answer::Choices(c)) => c.is_empty(),
            Some(Answer::Uploads(u)) => u.is_empty(),
            Some(Answer::Address(a)) => [&a.care_of, &a.street, &a.postal_code, &a.town]
                .iter()
                .all(|s| s.trim().is_empty()),
        };
        if blank {
            let needs_files = q.kind == QuestionKind::File && q.min.is_some_and(|m| m > 0);
            if q.required || needs_files {
                self.error(field, FieldErrorCode::Required);
            }
            return None;
        }
        match q.kind {
            QuestionKind::ManyOf => return self.choices(&field, q, given),
            QuestionKind::File => return self.uploads(&field, q, given),
            QuestionKind::Address => return self.address(&field, given),
            _ => {}
        }
        let raw = self.text(&field, given)?;
        let text = raw.trim();
        let invalid = |code| Err(code);
        let result: Result<String, FieldErrorCode> = match q.kind {
            QuestionKind::Text | QuestionKind::LongText => {
                let max = q.max_length.unwrap_or(super::MAX_ANSWER_CHARS) as usize;
                if raw.chars().count() > max {
                    invalid(FieldErrorCode::TooLong)
                } else {
                    match q.format {
                        None => Ok(text.to_string()),
                        Some(TextFormat::Digits) => {
                            if text.bytes().all(|b| b.is_ascii_digit()) {
                                Ok(text.to_string())
                            } else {
                                invalid(FieldErrorCode::InvalidValue)
                            }
                        }
                        Some(TextFormat::PostalCode) => {
                            normalize_postal_code(text).ok_or(FieldErrorCode::InvalidValue)
                        }
                        Some(TextFormat::Email) => normalize_email(text),
                        Some(TextFormat::Phone) => normalize_phone(text),
                        Some(TextFormat::RegistrationNumber) => {
                            normalize_registration(text).ok_or(FieldErrorCode::InvalidValue)
                        }
                    }
                }
            }
            QuestionKind::Number | QuestionKind::AmountSek => {
                match parse_integer(text, q.kind == QuestionKind::AmountSek) {
                    None => invalid(FieldErrorCode::InvalidValue),
                    Some(n) if q.min.is_some_and(|m| n < m) || q.max.is_some_and(|m| n > m) => {
                        invalid(FieldErrorCode::OutOfRange)
                    }
                    Some(n) => Ok(n.to_string()),
                }
            }
            QuestionKind::Date => match parse_date(text) {
                None => invalid(FieldErrorCode::InvalidDate),
                Some(d) => {
                    let offset = day_number(d) - day_number(self.today);
                    let early = q.earliest_days.is_some_and(|e| offset < i64::from(e));
                    let late = q.latest_days.is_some_and(|l| offset > i64::from(l));
                    if early || late {
                        invalid(FieldErrorCode::InvalidDate)
                    } else {
                        Ok(text.to_string())
                    }
                }
            },
            QuestionKind::YesNo => match text {
                "yes" | "no" => Ok(text.to_string()),
                _ => invalid(FieldErrorCode::InvalidValue),
            },
            QuestionKind::OneOf => {
                if q.options.iter().any(|o| o.value == text) {
                    Ok(text.to_string())
                } else {
                    invalid(FieldErrorCode::InvalidValue)
                }
            }
            QuestionKind::PersonalNumber => PersonalIdentityNumber::parse(text, self.today)
                .map(|p| p.canonical())
                .map_err(|_| FieldErrorCode::InvalidPersonalNumber),
            QuestionKind::OrganisationNumber => OrgNumber::parse(text)
                .map(|o| o.display())
                .map_err(|_| FieldErrorCode::InvalidOrganisationNumber),
            QuestionKind::ManyOf | QuestionKind::File | QuestionKind::Address => {
                unreachable!("handled above")
            }
        };
        match result {
            Ok(canonical) => Some(Answer::Text(canonical)),
            Err(code) => {
                self.error(field, code);
                None
            }
        }
    }

    fn choices(&mut self, field: &str, q: &Question, given: Option<&Answer>) -> Option<Answer> {
        let Some(Answer::Choices(chosen)) = given else {
            self.error(field.to_string(), FieldErrorCode::InvalidValue);
            return None;
        };
        let known = chosen
            .iter()
            .all(|c| q.options.iter().any(|o| &o.value == c));
        let mut distinct = chosen.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if !known || distinct.len() != chosen.len() {
            self.error(field.to_string(), FieldErrorCode::InvalidValue);
            return None;
        }
        let n = i64::try_from(chosen.len()).unwrap_or(i64::MAX);
        if q.min.is_some_and(|m| n < m) || q.max.is_some_and(|m| n > m) {
            self.error(field.to_string(), FieldErrorCode::OutOfRange);
            return None;
        }
        // In the order of the options.
        Some(Answer::Choices(
            q.options
                .iter()
                .filter(|o| chosen.contains(&o.value))
                .map(|o| o.value.clone())
                .collect(),
        ))
    }

    fn uploads(&mut self, field: &str, q: &Question, given: Option<&Answer>) -> Option<Answer> {
        let Some(Answer::Uploads(ids)) = given else {
            self.error(field.to_string(), FieldErrorCode::InvalidValue);
            return None;
        };
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let max = q.max.unwrap_or(i64::from(super::MAX_FILES_PER_QUESTION));
        let n = i64::try_from(ids.len()).unwrap_or(i64::MAX);
        if distinct.len() != ids.len() {
            self.error(field.to_string(), FieldErrorCode::UnknownUpload);
        } else if n > max {
            self.error(field.to_string(), FieldErrorCode::TooManyDocuments);
        } else if q.min.is_some_and(|m| n < m) {
            self.error(field.to_string(), FieldErrorCode::OutOfRange);
        } else {
            return Some(Answer::Uploads(ids.clone()));
        }
        None
    }

    fn address(&mut self, field: &str, given: Option<&Answer>) -> Option<Answer> {
        let Some(Answer::Address(a)) = given else {
            self.error(field.to_string(), FieldErrorCode::InvalidValue);
            return None;
        };
        let before = self.errors.len();
        let mut part = |name: &str, value: &str, max: usize| -> String {
            let v = value.trim();
            if v.is_empty() && name != "care_of" {
                self.error(format!("{field}.{name}"), FieldErrorCode::Required);
            } else if value.chars().count() > max {
                self.error(format!("{field}.{name}"), FieldErrorCode::TooLong);
            }
            v.to_string()
        };
        let care_of = part("care_of", &a.care_of, MAX_STREET_CHARS);
        let street = part("street", &a.street, MAX_STREET_CHARS);
        let town = part("town", &a.town, MAX_TOWN_CHARS);
        let postal_code = match normalize_postal_code(&a.postal_code) {
            Some(p) => p,
            None => {
                let code = if a.postal_code.trim().is_empty() {
                    FieldErrorCode::Required
                } else {
                    FieldErrorCode::InvalidValue
                };
                self.error(format!("{field}.postal_code"), code);
                String::new()
            }
        };
        (self.errors.len() == before).then(|| {
            Answer::Address(AddressAnswer {
                care_of,
                street,
                postal_code,
                town: town.to_uppercase(),
            })
        })
    }
}

/// Whether a condition holds given the shown questions' answers so far.
fn holds(condition: &Condition, shown: &BTreeMap<String, Option<Answer>>) -> bool {
    match shown.get(&condition.question) {
        Some(Some(Answer::Text(t))) => *t == condition.equals,
        Some(Some(Answer::Choices(c))) => c.contains(&condition.equals),
        _ => false,
    }
}

/// The questions shown for these answers, in order, with their canonical answers (`None` when
/// not answered). Used by [`check_answers`] and by the page flow.
pub fn shown_questions<'a>(
    definition: &'a ServiceDefinition,
    answers: &Answers,
    today: Ymd,
) -> (Vec<(&'a Question, Option<Answer>)>, Vec<FieldError>) {
    let mut check = Check {
        today,
        errors: Vec::new(),
        answers,
    };
    let mut shown: BTreeMap<String, Option<Answer>> = BTreeMap::new();
    let mut out = Vec::new();
    for page in &definition.pages {
        if page.show_if.as_ref().is_some_and(|c| !holds(c, &shown)) {
            continue;
        }
        for q in &page.questions {
            if q.show_if.as_ref().is_some_and(|c| !holds(c, &shown)) {
                continue;
            }
            let answer = check.question(q);
            shown.insert(q.id.clone(), answer.clone());
            out.push((q, answer));
        }
    }
    (out, check.errors)
}

/// Check every answer for submission: each shown question's rules, the cross-field rules,
/// and that every answer is to a question of the service. Returns the canonical answers of
/// the shown questions (hidden ones dropped), in the definition's order.
pub fn check_answers(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
) -> Result<Vec<(String, Answer)>, Vec<FieldError>> {
    let (shown, mut errors) = shown_questions(definition, answers, today);
    for id in answers.keys() {
        let exists = definition
            .pages
            .iter()
            .any(|p| p.questions.iter().any(|q| &q.id == id));
        if !exists {
            errors.push(FieldError {
                field: format!("answers.{id}"),
                code: FieldErrorCode::InvalidValue,
            });
        }
    }
    let answer_of = |id: &str| {
        shown
            .iter()
            .find(|(q, _)| q.id == id)
            .and_then(|(_, a)| match a {
                Some(Answer::Text(t)) => parse_date(t),
                _ => None,
            })
    };
    for rule in &definition.rules {
        let CrossRule::DateNotBefore { question, other } = rule;
        if let (Some(a), Some(b)) = (answer_of(question), answer_of(other)) {
            if a < b {
                errors.push(FieldError {
                    field: format!("answers.{question}"),
                    code: FieldErrorCode::InvalidDate,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(shown
            .into_iter()
            .filter_map(|(q, a)| a.map(|a| (q.id.clone(), a)))
            .collect())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
