//! The pure logic of filling in an e-service: which pages are shown for the answers so far,
//! where Continue and Back lead, which errors belong to a page, where an error's link points,
//! and how an answer reads on the "check your answers" page. No browser, no signals: unit
//! tested on the host.

use std::collections::BTreeMap;

use minsida_api::eservices::{
    check_answers, parse_date, shown_questions, Answer, Answers, Question, QuestionKind,
    ServiceDefinition,
};
use minsida_api::pin::Ymd;
use minsida_api::FieldError;

/// Today as the server said (`YYYY-MM-DD`); a broken value falls back to 1970-01-01 (every
/// date check then fails visibly rather than silently passing).
pub fn today(text: &str) -> Ymd {
    parse_date(text).unwrap_or(Ymd::new(1970, 1, 1))
}

/// The indices of the pages shown for these answers, in order: a page is shown when its
/// condition holds and at least one of its questions is shown.
pub fn shown_pages(definition: &ServiceDefinition, answers: &Answers, today: Ymd) -> Vec<usize> {
    let (shown, _) = shown_questions(definition, answers, today);
    definition
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| {
            page.questions
                .iter()
                .any(|q| shown.iter().any(|(s, _)| s.id == q.id))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The ids of the questions shown for these answers.
pub fn shown_ids(definition: &ServiceDefinition, answers: &Answers, today: Ymd) -> Vec<String> {
    shown_questions(definition, answers, today)
        .0
        .into_iter()
        .map(|(q, _)| q.id.clone())
        .collect()
}

/// The index of the page with this id.
pub fn page_index(definition: &ServiceDefinition, page_id: &str) -> Option<usize> {
    definition.pages.iter().position(|p| p.id == page_id)
}

/// Where Continue leads from page `current`: the next shown page, or `None` for the check
/// page.
pub fn next_page(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
    current: usize,
) -> Option<usize> {
    shown_pages(definition, answers, today)
        .into_iter()
        .find(|&i| i > current)
}

/// Where Back leads from page `current`: the previous shown page, or `None` for the start
/// page.
pub fn previous_page(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
    current: usize,
) -> Option<usize> {
    shown_pages(definition, answers, today)
        .into_iter()
        .rev()
        .find(|&i| i < current)
}

/// The question id an error field (`answers.<id>` or `answers.<id>.<part>`) is about, and
/// the part of an address.
pub fn split_field(field: &str) -> Option<(&str, Option<&str>)> {
    let rest = field.strip_prefix("answers.")?;
    Some(match rest.split_once('.') {
        Some((id, part)) => (id, Some(part)),
        None => (rest, None),
    })
}

/// Every problem of the answers as a submission would have them (the shared checks, with the
/// cross-field rules), in the definition's order.
pub fn all_errors(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
) -> Vec<FieldError> {
    match check_answers(definition, answers, today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// The problems of the questions on page `index` only.
pub fn page_errors(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
    index: usize,
) -> Vec<FieldError> {
    let Some(page) = definition.pages.get(index) else {
        return Vec::new();
    };
    all_errors(definition, answers, today)
        .into_iter()
        .filter(|e| {
            split_field(&e.field).is_some_and(|(id, _)| page.questions.iter().any(|q| q.id == id))
        })
        .collect()
}

/// The page of the first problem among these errors.
pub fn page_of_first_error(definition: &ServiceDefinition, errors: &[FieldError]) -> Option<usize> {
    errors.iter().find_map(|e| {
        let (id, _) = split_field(&e.field)?;
        definition
            .pages
            .iter()
            .position(|p| p.questions.iter().any(|q| q.id == id))
    })
}

/// The first shown page with a problem (a required answer missing, a wrong one).
pub fn first_incomplete_page(
    definition: &ServiceDefinition,
    answers: &Answers,
    today: Ymd,
) -> Option<usize> {
    page_of_first_error(definition, &all_errors(definition, answers, today))
}

/// The question with this id.
pub fn question<'a>(definition: &'a ServiceDefinition, id: &str) -> Option<&'a Question> {
    definition
        .pages
        .iter()
        .flat_map(|p| p.questions.iter())
        .find(|q| q.id == id)
}

/// The DOM id of a question's control (its first one for a group), or of an address part.
pub fn dom_id(question_id: &str, part: Option<&str>) -> String {
    match part {
        Some(part) => format!("q-{question_id}-{}", part.replace('_', "-")),
        None => format!("q-{question_id}"),
    }
}

/// Where an error's link in the summary points: the control to correct.
pub fn error_target(definition: &ServiceDefinition, field: &str) -> String {
    let Some((id, part)) = split_field(field) else {
        return "main".to_string();
    };
    if part.is_some() {
        return dom_id(id, part);
    }
    match question(definition, id).map(|q| q.kind) {
        Some(QuestionKind::YesNo | QuestionKind::OneOf | QuestionKind::ManyOf) => {
            format!("q-{id}-0")
        }
        Some(QuestionKind::Address) => dom_id(id, Some("street")),
        _ => dom_id(id, None),
    }
}

/// Only the answers to the questions shown (what a submission sends): an answer to a question
/// hidden by a later change is not the agency's concern.
pub fn shown_answers(definition: &ServiceDefinition, answers: &Answers, today: Ymd) -> Answers {
    let shown = shown_ids(definition, answers, today);
    answers
        .iter()
        .filter(|(id, _)| shown.contains(id))
        .map(|(id, a)| (id.clone(), a.clone()))
        .collect()
}

/// Whether an answer is empty (what a cleared field leaves).
pub fn is_blank(answer: &Answer) -> bool {
    match answer {
        Answer::Text(t) => t.trim().is_empty(),
        Answer::Choices(c) => c.is_empty(),
        Answer::Uploads(u) => u.is_empty(),
        Answer::Address(a) => [&a.care_of, &a.street, &a.postal_code, &a.town]
            .iter()
            .all(|s| s.trim().is_empty()),
    }
}

/// How an answer reads on the check page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readable {
    /// Not answered.
    Missing,
    /// `yes` (true) or `no`.
    YesNo(bool),
    /// Option labels, as the agency wrote them, one per line.
    Options(Vec<String>),
    /// What the person wrote, one line each (an address on its lines).
    Lines(Vec<String>),
    /// Files: the name when known in this window, else the upload's id.
    Files(Vec<(i64, Option<String>)>),
}

/// The readable form of a question's answer (canonical when the checks passed, as typed
/// otherwise). `files` names the uploads known in this window.
pub fn readable(q: &Question, answer: Option<&Answer>, files: &BTreeMap<i64, String>) -> Readable {
    let Some(answer) = answer.filter(|a| !is_blank(a)) else {
        return Readable::Missing;
    };
    let label_of = |value: &str| {
        q.options
            .iter()
            .find(|o| o.value == value)
            .map_or_else(|| value.to_string(), |o| o.label.clone())
    };
    match (q.kind, answer) {
        (QuestionKind::YesNo, Answer::Text(t)) if t == "yes" || t == "no" => {
            Readable::YesNo(t == "yes")
        }
        (QuestionKind::OneOf, Answer::Text(t)) => Readable::Options(vec![label_of(t)]),
        (QuestionKind::ManyOf, Answer::Choices(c)) => {
            // In the order of the options, as the agency listed them.
            let mut chosen: Vec<String> = q
                .options
                .iter()
                .filter(|o| c.contains(&o.value))
                .map(|o| o.label.clone())
                .collect();
            chosen.extend(
                c.iter()
                    .filter(|v| !q.options.iter().any(|o| &o.value == *v))
                    .cloned(),
            );
            Readable::Options(chosen)
        }
        (QuestionKind::AmountSek, Answer::Text(t)) => {
            Readable::Lines(vec![format!("{} kr", t.trim())])
        }
        (_, Answer::Text(t)) => Readable::Lines(
            t.lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
        ),
        (_, Answer::Address(a)) => {
            let mut lines = Vec::new();
            if !a.care_of.trim().is_empty() {
                lines.push(format!("c/o {}", a.care_of.trim()));
            }
            if !a.street.trim().is_empty() {
                lines.push(a.street.trim().to_string());
            }
            let town = format!("{} {}", a.postal_code.trim(), a.town.trim());
            if !town.trim().is_empty() {
                lines.push(town.trim().to_string());
            }
            Readable::Lines(lines)
        }
        (_, Answer::Uploads(ids)) => {
            Readable::Files(ids.iter().map(|id| (*id, files.get(id).cloned())).collect())
        }
        (_, Answer::Choices(c)) => Readable::Options(c.iter().map(|v| label_of(v)).collect()),
    }
}

/// The canonical answers of the shown questions (where the checks passed), by id.
pub fn canonical(definition: &ServiceDefinition, answers: &Answers, today: Ymd) -> Answers {
    shown_questions(definition, answers, today)
        .0
        .into_iter()
        .filter_map(|(q, a)| a.map(|a| (q.id.clone(), a)))
        .collect()
}

/// The date `days` after `from` (before, when negative), for the hint of a date question.
pub fn add_days(from: Ymd, days: i32) -> Ymd {
    let n = day_number(from) + i64::from(days);
    civil_from_days(n)
}

/// `YYYY-MM-DD`.
pub fn format_ymd(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn day_number(d: Ymd) -> i64 {
    let (y, m, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's civil_from_days.
fn civil_from_days(z: i64) -> Ymd {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Ymd::new(
        u16::try_from(y).unwrap_or(1970),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests;
