use super::*;
use minsida_api::eservices::AddressAnswer;

/// A change of address like the demo's: the contact page only when nobody moves along, the
/// names of those who do only on yes.
fn moving() -> ServiceDefinition {
    serde_json::from_value(serde_json::json!({
        "schema_version": 1,
        "title": "Flyttanmälan",
        "summary": "Anmäl att du flyttar inom Sverige.",
        "easy_read_summary": "Här berättar du att du flyttar.",
        "category": "life_event",
        "handler": "Skatteverket, Folkbokföring",
        "audience": { "persons": true, "organisations": false },
        "pages": [
            { "id": "nuvarande", "title": "Din adress i dag", "easy_read_guidance": "Titta.",
              "questions": [
                { "id": "nuvarande-adress", "kind": "address", "label": "Din adress", "required": true } ] },
            { "id": "ny-adress", "title": "Din nya adress", "easy_read_guidance": "Skriv.",
              "questions": [
                { "id": "flyttdatum", "kind": "date", "label": "Flyttdatum", "required": true,
                  "earliest_days": -30, "latest_days": 90 },
                { "id": "fler", "kind": "yes_no", "label": "Flyttar någon med dig?", "required": true },
                { "id": "vilka", "kind": "long_text", "label": "Vilka?", "required": true,
                  "show_if": { "question": "fler", "equals": "yes" } } ] },
            { "id": "kontakt", "title": "Kontakt", "easy_read_guidance": "Hur når vi dig?",
              "show_if": { "question": "fler", "equals": "no" },
              "questions": [
                { "id": "leverans", "kind": "one_of", "label": "Svar",
                  "options": [ { "value": "min_sida", "label": "Min sida" },
                               { "value": "letter", "label": "Brev" } ] },
                { "id": "val", "kind": "many_of", "label": "Val",
                  "options": [ { "value": "a", "label": "Alfa" },
                               { "value": "b", "label": "Beta" } ] },
                { "id": "filer", "kind": "file", "label": "Filer" } ] }
        ]
    }))
    .expect("a definition")
}

const TODAY: Ymd = Ymd::new(2026, 11, 29);

fn text(s: &str) -> Answer {
    Answer::Text(s.to_string())
}

fn address() -> Answer {
    Answer::Address(AddressAnswer {
        care_of: String::new(),
        street: "Storgatan 1".into(),
        postal_code: "11122".into(),
        town: "Stockholm".into(),
    })
}

#[test]
fn pages_follow_the_conditions() {
    let d = moving();
    let mut a = Answers::new();
    // Nothing answered: the contact page's condition does not hold.
    assert_eq!(shown_pages(&d, &a, TODAY), vec![0, 1]);
    assert_eq!(next_page(&d, &a, TODAY, 0), Some(1));
    assert_eq!(next_page(&d, &a, TODAY, 1), None);
    a.insert("fler".into(), text("no"));
    assert_eq!(shown_pages(&d, &a, TODAY), vec![0, 1, 2]);
    assert_eq!(next_page(&d, &a, TODAY, 1), Some(2));
    assert_eq!(previous_page(&d, &a, TODAY, 2), Some(1));
    assert_eq!(previous_page(&d, &a, TODAY, 0), None);
    // A changed answer hides the page again, and the question on yes appears.
    a.insert("fler".into(), text("yes"));
    assert_eq!(shown_pages(&d, &a, TODAY), vec![0, 1]);
    assert!(shown_ids(&d, &a, TODAY).contains(&"vilka".to_string()));
    assert_eq!(page_index(&d, "kontakt"), Some(2));
    assert_eq!(page_index(&d, "finns-inte"), None);
}

#[test]
fn page_errors_are_only_the_pages_own() {
    let d = moving();
    let mut a = Answers::new();
    let errors = page_errors(&d, &a, TODAY, 1);
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["answers.flyttdatum", "answers.fler"]);
    a.insert("nuvarande-adress".into(), address());
    assert!(page_errors(&d, &a, TODAY, 0).is_empty());
    a.insert("flyttdatum".into(), text("2026-12-01"));
    a.insert("fler".into(), text("yes"));
    let errors = page_errors(&d, &a, TODAY, 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "answers.vilka");
    assert_eq!(first_incomplete_page(&d, &a, TODAY), Some(1));
    a.insert("vilka".into(), text("Min katt"));
    assert_eq!(first_incomplete_page(&d, &a, TODAY), None);
    // A date out of range.
    a.insert("flyttdatum".into(), text("2030-01-01"));
    assert_eq!(page_of_first_error(&d, &all_errors(&d, &a, TODAY)), Some(1));
}

#[test]
fn error_links_point_at_the_control() {
    let d = moving();
    assert_eq!(error_target(&d, "answers.fler"), "q-fler-0");
    assert_eq!(error_target(&d, "answers.flyttdatum"), "q-flyttdatum");
    assert_eq!(
        error_target(&d, "answers.nuvarande-adress"),
        "q-nuvarande-adress-street"
    );
    assert_eq!(
        error_target(&d, "answers.nuvarande-adress.postal_code"),
        "q-nuvarande-adress-postal-code"
    );
    assert_eq!(split_field("answers.a.town"), Some(("a", Some("town"))));
    assert_eq!(split_field("version"), None);
}

#[test]
fn answers_read_as_people_say_them() {
    let d = moving();
    let q = |id| question(&d, id).expect("question");
    let files = BTreeMap::from([(7, "intyg.pdf".to_string())]);
    assert_eq!(
        readable(q("fler"), Some(&text("yes")), &files),
        Readable::YesNo(true)
    );
    assert_eq!(
        readable(q("leverans"), Some(&text("letter")), &files),
        Readable::Options(vec!["Brev".into()])
    );
    assert_eq!(
        readable(
            q("val"),
            Some(&Answer::Choices(vec!["b".into(), "a".into()])),
            &files
        ),
        Readable::Options(vec!["Alfa".into(), "Beta".into()])
    );
    assert_eq!(
        readable(q("nuvarande-adress"), Some(&address()), &files),
        Readable::Lines(vec!["Storgatan 1".into(), "11122 Stockholm".into()])
    );
    assert_eq!(
        readable(q("filer"), Some(&Answer::Uploads(vec![7, 9])), &files),
        Readable::Files(vec![(7, Some("intyg.pdf".into())), (9, None)])
    );
    assert_eq!(
        readable(q("vilka"), Some(&text("  ")), &files),
        Readable::Missing
    );
    assert_eq!(readable(q("vilka"), None, &files), Readable::Missing);
    assert_eq!(
        readable(q("vilka"), Some(&text("Eva\n\nOla")), &files),
        Readable::Lines(vec!["Eva".into(), "Ola".into()])
    );
}

#[test]
fn only_shown_answers_are_sent() {
    let d = moving();
    let mut a = Answers::new();
    a.insert("fler".into(), text("yes"));
    a.insert("vilka".into(), text("Eva"));
    a.insert("leverans".into(), text("letter"));
    let sent = shown_answers(&d, &a, TODAY);
    assert!(sent.contains_key("vilka"));
    assert!(!sent.contains_key("leverans"));
}

#[test]
fn dates_count_days() {
    assert_eq!(format_ymd(add_days(TODAY, 90)), "2027-02-27");
    assert_eq!(format_ymd(add_days(TODAY, -30)), "2026-10-30");
    assert_eq!(format_ymd(add_days(Ymd::new(2028, 2, 28), 1)), "2028-02-29");
    assert_eq!(today("2026-11-29"), TODAY);
    assert_eq!(today("nonsense"), Ymd::new(1970, 1, 1));
}
