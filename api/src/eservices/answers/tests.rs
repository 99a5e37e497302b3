use super::*;
use crate::eservices::tests_support::moving;

const TODAY: Ymd = Ymd::new(2026, 11, 29);

fn answers(v: serde_json::Value) -> Answers {
    serde_json::from_value(v).expect("answers")
}

fn errors(r: Result<Vec<(String, Answer)>, Vec<FieldError>>) -> Vec<(String, FieldErrorCode)> {
    r.unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn address() -> serde_json::Value {
    serde_json::json!({ "street": " Storgatan 1 ", "postal_code": "11122", "town": "Stockholm" })
}

#[test]
fn answers_are_checked_and_made_canonical_in_the_definitions_order() {
    let def = moving();
    let a = answers(serde_json::json!({
        "fler": "yes",
        "vilka": "  Min dotter  ",
        "flyttdatum": "2026-12-15",
        "ny-adress": address(),
        "nuvarande-adress": address(),
        "kontrakt-start": "2026-12-01",
    }));
    let ok = check_answers(&def, &a, TODAY).unwrap();
    let ids: Vec<&str> = ok.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "nuvarande-adress",
            "ny-adress",
            "flyttdatum",
            "fler",
            "vilka",
            "kontrakt-start"
        ]
    );
    assert_eq!(
        ok[1].1,
        Answer::Address(AddressAnswer {
            care_of: String::new(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            town: "STOCKHOLM".into(),
        })
    );
    assert_eq!(ok[4].1, text("Min dotter"));
}

#[test]
fn hidden_questions_and_pages_are_skipped_and_their_answers_dropped() {
    let def = moving();
    // "fler" = no: "vilka" is hidden (its answer dropped, even though it is too long), and
    // the contact page is shown.
    let a = answers(serde_json::json!({
        "nuvarande-adress": address(), "ny-adress": address(), "flyttdatum": "2026-12-15",
        "fler": "no", "vilka": "x".repeat(600), "epost": "Anna@Example.SE", "leverans": "letter",
    }));
    let ok = check_answers(&def, &a, TODAY).unwrap();
    assert!(!ok.iter().any(|(id, _)| id == "vilka"));
    assert!(ok.contains(&("epost".to_string(), text("Anna@example.se"))));
    // "fler" = yes: "vilka" is required; the contact page is hidden, its answers dropped.
    let a = answers(serde_json::json!({
        "nuvarande-adress": address(), "ny-adress": address(), "flyttdatum": "2026-12-15",
        "fler": "yes", "epost": "inte en adress",
    }));
    assert_eq!(
        errors(check_answers(&def, &a, TODAY)),
        vec![("answers.vilka".into(), FieldErrorCode::Required)]
    );
}

#[test]
fn every_rule_of_a_shown_question_is_applied() {
    let def = moving();
    let a = answers(serde_json::json!({
        "nuvarande-adress": { "street": "", "postal_code": "1112", "town": "Stockholm" },
        "ny-adress": address(),
        "flyttdatum": "2026-08-01",
        "fler": "kanske",
        "kontrakt-start": "2026-02-30",
        "okand": "x",
    }));
    assert_eq!(
        errors(check_answers(&def, &a, TODAY)),
        vec![
            (
                "answers.nuvarande-adress.street".into(),
                FieldErrorCode::Required
            ),
            (
                "answers.nuvarande-adress.postal_code".into(),
                FieldErrorCode::InvalidValue
            ),
            // More than 30 days back.
            ("answers.flyttdatum".into(), FieldErrorCode::InvalidDate),
            ("answers.fler".into(), FieldErrorCode::InvalidValue),
            ("answers.kontrakt-start".into(), FieldErrorCode::InvalidDate),
            ("answers.okand".into(), FieldErrorCode::InvalidValue),
        ]
    );
}

#[test]
fn cross_rules_compare_the_answers() {
    let def = moving();
    let a = answers(serde_json::json!({
        "nuvarande-adress": address(), "ny-adress": address(), "fler": "yes", "vilka": "Per",
        "flyttdatum": "2026-12-01", "kontrakt-start": "2026-12-15",
    }));
    assert_eq!(
        errors(check_answers(&def, &a, TODAY)),
        vec![("answers.flyttdatum".into(), FieldErrorCode::InvalidDate)]
    );
}

fn one_question(q: serde_json::Value) -> ServiceDefinition {
    let mut v = crate::eservices::tests_support::moving_json();
    v["pages"] = serde_json::json!([{ "id": "p", "title": "P", "easy_read_guidance": "P", "questions": [q] }]);
    v["rules"] = serde_json::json!([]);
    let def: ServiceDefinition = serde_json::from_value(v).unwrap();
    assert_eq!(def.check(), vec![]);
    def
}

fn answer_to(def: &ServiceDefinition, value: serde_json::Value) -> Result<Answer, FieldErrorCode> {
    let a = answers(serde_json::json!({ "q": value }));
    match check_answers(def, &a, TODAY) {
        Ok(mut v) => Ok(v.pop().map(|(_, a)| a).unwrap_or(text("<none>"))),
        Err(e) => Err(e[0].code),
    }
}

#[test]
fn kinds() {
    let amount = one_question(
        serde_json::json!({ "id": "q", "kind": "amount_sek", "label": "Belopp", "min": 0, "max": 1_000_000 }),
    );
    assert_eq!(answer_to(&amount, "12 345 kr".into()), Ok(text("12345")));
    assert_eq!(answer_to(&amount, "12\u{a0}345".into()), Ok(text("12345")));
    assert_eq!(
        answer_to(&amount, "-5".into()),
        Err(FieldErrorCode::OutOfRange)
    );
    assert_eq!(
        answer_to(&amount, "12,5".into()),
        Err(FieldErrorCode::InvalidValue)
    );
    assert_eq!(answer_to(&amount, "".into()), Ok(text("<none>")));

    let many = one_question(
        serde_json::json!({ "id": "q", "kind": "many_of", "label": "Vilka", "min": 1, "max": 2,
        "options": [{ "value": "a", "label": "A" }, { "value": "b", "label": "B" }, { "value": "c", "label": "C" }] }),
    );
    assert_eq!(
        answer_to(&many, serde_json::json!(["c", "a"])),
        Ok(Answer::Choices(vec!["a".into(), "c".into()]))
    );
    assert_eq!(
        answer_to(&many, serde_json::json!(["a", "b", "c"])),
        Err(FieldErrorCode::OutOfRange)
    );
    assert_eq!(
        answer_to(&many, serde_json::json!(["a", "a"])),
        Err(FieldErrorCode::InvalidValue)
    );
    assert_eq!(
        answer_to(&many, serde_json::json!(["d"])),
        Err(FieldErrorCode::InvalidValue)
    );
    assert_eq!(
        answer_to(&many, "a".into()),
        Err(FieldErrorCode::InvalidValue)
    );

    let pin =
        one_question(serde_json::json!({ "id": "q", "kind": "personal_number", "label": "Pnr" }));
    assert_eq!(
        answer_to(&pin, "811218-9876".into()),
        Ok(text("198112189876"))
    );
    assert_eq!(
        answer_to(&pin, "811218-9877".into()),
        Err(FieldErrorCode::InvalidPersonalNumber)
    );
    let org = one_question(
        serde_json::json!({ "id": "q", "kind": "organisation_number", "label": "Orgnr" }),
    );
    assert_eq!(
        answer_to(&org, "5591234561".into()),
        Ok(text("559123-4561"))
    );
    assert_eq!(
        answer_to(&org, "5591234562".into()),
        Err(FieldErrorCode::InvalidOrganisationNumber)
    );

    let reg = one_question(
        serde_json::json!({ "id": "q", "kind": "text", "label": "Reg", "format": "registration_number" }),
    );
    assert_eq!(answer_to(&reg, "abc12d".into()), Ok(text("ABC 12D")));
    assert_eq!(
        answer_to(&reg, "ab123".into()),
        Err(FieldErrorCode::InvalidValue)
    );
    let phone = one_question(
        serde_json::json!({ "id": "q", "kind": "text", "label": "Tel", "format": "phone" }),
    );
    assert_eq!(
        answer_to(&phone, "08-123 456 78".into()),
        Ok(text("+46812345678"))
    );
    let short = one_question(
        serde_json::json!({ "id": "q", "kind": "text", "label": "Kort", "max_length": 3 }),
    );
    assert_eq!(
        answer_to(&short, "abcd".into()),
        Err(FieldErrorCode::TooLong)
    );

    let files = one_question(
        serde_json::json!({ "id": "q", "kind": "file", "label": "Filer", "min": 1, "max": 2 }),
    );
    assert_eq!(
        answer_to(&files, serde_json::json!([3, 4])),
        Ok(Answer::Uploads(vec![3, 4]))
    );
    assert_eq!(
        answer_to(&files, serde_json::json!([3, 4, 5])),
        Err(FieldErrorCode::TooManyDocuments)
    );
    assert_eq!(
        answer_to(&files, serde_json::json!([3, 3])),
        Err(FieldErrorCode::UnknownUpload)
    );
    assert_eq!(
        answer_to(&files, serde_json::json!([])),
        Err(FieldErrorCode::Required)
    );

    let date = one_question(
        serde_json::json!({ "id": "q", "kind": "date", "label": "Datum", "earliest_days": 0, "latest_days": 3 }),
    );
    assert_eq!(
        answer_to(&date, "2026-12-02".into()),
        Ok(text("2026-12-02"))
    );
    assert_eq!(
        answer_to(&date, "2026-12-03".into()),
        Err(FieldErrorCode::InvalidDate)
    );
    assert_eq!(
        answer_to(&date, "2026-11-28".into()),
        Err(FieldErrorCode::InvalidDate)
    );
    assert_eq!(
        answer_to(&date, "29/11/2026".into()),
        Err(FieldErrorCode::InvalidDate)
    );
}

#[test]
fn day_numbers_count_across_months_and_leap_years() {
    assert_eq!(day_number(Ymd::new(1970, 1, 1)), 0);
    assert_eq!(
        day_number(Ymd::new(2026, 3, 1)) - day_number(Ymd::new(2026, 2, 28)),
        1
    );
    assert_eq!(
        day_number(Ymd::new(2028, 3, 1)) - day_number(Ymd::new(2028, 2, 28)),
        2
    );
    assert_eq!(
        day_number(Ymd::new(2027, 1, 1)) - day_number(Ymd::new(2026, 1, 1)),
        365
    );
    assert_eq!(parse_date("2028-02-29"), Some(Ymd::new(2028, 2, 29)));
    assert_eq!(parse_date("2026-02-29"), None);
}
