use super::tests_support::moving_json as moving;
use super::*;

fn definition(value: serde_json::Value) -> ServiceDefinition {
    serde_json::from_value(value).expect("a definition's shape")
}

fn problems(value: serde_json::Value) -> Vec<(String, String)> {
    definition(value)
        .check()
        .into_iter()
        .map(|p| (p.path, p.problem))
        .collect()
}

fn paths(value: serde_json::Value) -> Vec<String> {
    problems(value).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn a_well_formed_definition_has_no_problems() {
    assert_eq!(problems(moving()), Vec::<(String, String)>::new());
}

#[test]
fn ids_must_be_valid_and_unique() {
    assert!(is_valid_service_id("flyttanmalan"));
    assert!(is_valid_service_id("f-skatt-2"));
    for bad in [
        "ab",
        "Flytt",
        "1flytt",
        "flytt_anmalan",
        "flytt anmälan",
        &"a".repeat(61),
    ] {
        assert!(!is_valid_service_id(bad), "{bad}");
    }
    let mut v = moving();
    v["pages"][1]["id"] = "nuvarande".into();
    v["pages"][1]["questions"][1]["id"] = "ny-adress".into();
    v["pages"][2]["questions"][0]["id"] = "E-post".into();
    assert_eq!(
        paths(v),
        vec![
            "pages[1].id",
            "pages[1].questions[1].id",
            "pages[2].questions[0].id",
            // The rule's question is now called something else.
            "rules[0].question"
        ]
    );
}

#[test]
fn conditions_refer_to_earlier_answers_that_exist() {
    let mut v = moving();
    // A later question, an unknown option, a question of a kind without fixed answers.
    v["pages"][1]["questions"][3]["show_if"] =
        serde_json::json!({ "question": "epost", "equals": "x" });
    v["pages"][2]["show_if"] = serde_json::json!({ "question": "fler", "equals": "kanske" });
    v["pages"][2]["questions"][1]["show_if"] =
        serde_json::json!({ "question": "flyttdatum", "equals": "2026-01-01" });
    assert_eq!(
        paths(v),
        vec![
            "pages[1].questions[3].show_if.question",
            "pages[2].show_if.equals",
            "pages[2].questions[1].show_if.equals"
        ]
    );
}

#[test]
fn rules_fit_the_kind_of_question() {
    let mut v = moving();
    let q = &mut v["pages"][1]["questions"];
    q[0]["options"] =
        serde_json::json!([{ "value": "a", "label": "A" }, { "value": "b", "label": "B" }]);
    q[1]["max_length"] = 10.into();
    q[1]["earliest_days"] = 5.into();
    q[1]["latest_days"] = 1.into();
    q[2]["min"] = 1.into();
    q[3]["max_length"] = 5000.into();
    q[4]["format"] = "digits".into();
    assert_eq!(
        paths(v),
        vec![
            "pages[1].questions[0].options",
            "pages[1].questions[1].max_length",
            "pages[1].questions[1].earliest_days",
            "pages[1].questions[2].min",
            "pages[1].questions[3].max_length",
            "pages[1].questions[4].format",
        ]
    );
}

#[test]
fn choices_need_distinct_options_and_files_a_sane_count() {
    let mut v = moving();
    v["pages"][2]["questions"][1]["options"] = serde_json::json!([
        { "value": "min_sida", "label": "Min sida" }, { "value": "min_sida", "label": " " }
    ]);
    v["pages"][1]["questions"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            { "id": "bilagor", "kind": "file", "label": "Kontrakt", "min": 2, "max": 11 }
        ));
    v["pages"][1]["questions"].as_array_mut().unwrap().push(serde_json::json!(
        { "id": "en", "kind": "one_of", "label": "Ett val", "options": [ { "value": "a", "label": "A" } ] }
    ));
    assert_eq!(
        paths(v),
        vec![
            "pages[1].questions[5].max",
            "pages[1].questions[6].options",
            "pages[2].questions[1].options[1].value",
            "pages[2].questions[1].options[1].label",
            "pages[2].questions[1].prefill",
        ]
    );
}

#[test]
fn prefill_must_fit_the_question() {
    let mut v = moving();
    v["pages"][1]["questions"][0]["prefill"] = "personal_number".into();
    v["pages"][2]["questions"][0]["prefill"] = "mobile".into();
    assert_eq!(
        paths(v),
        vec![
            "pages[1].questions[0].prefill",
            "pages[2].questions[0].prefill"
        ]
    );
}

#[test]
fn texts_hints_and_the_audience_are_checked() {
    let mut v = moving();
    v["title"] = " ".into();
    v["schema_version"] = 2.into();
    v["audience"] =
        serde_json::json!({ "persons": false, "organisations": false, "roles": ["signatory"] });
    v["pages"][0]["easy_read_guidance"] = "".into();
    v["pages"][0]["questions"][0]["hint"] = "Som i folkbokföringen".into();
    v["pages"][1]["questions"][0]["label"] = "x".repeat(MAX_SHORT_TEXT + 1).into();
    assert_eq!(
        paths(v),
        vec![
            "schema_version",
            "title",
            "audience",
            "audience.roles",
            "pages[0].easy_read_guidance",
            "pages[0].questions[0].easy_read_hint",
            "pages[1].questions[0].label",
        ]
    );
}

#[test]
fn cross_rules_compare_two_date_questions() {
    let mut v = moving();
    v["rules"] = serde_json::json!([
        { "rule": "date_not_before", "question": "flyttdatum", "other": "fler" },
        { "rule": "date_not_before", "question": "flyttdatum", "other": "flyttdatum" }
    ]);
    assert_eq!(paths(v), vec!["rules[0].other", "rules[1]"]);
}

#[test]
fn sizes_are_bounded() {
    let mut v = moving();
    v["pages"] = serde_json::json!([]);
    v["rules"] = serde_json::json!([]);
    assert_eq!(paths(v), vec!["pages"]);
    let mut v = moving();
    let page = v["pages"][1].clone();
    let pages: Vec<serde_json::Value> = (0..31)
        .map(|i| {
            let mut p = page.clone();
            p["id"] = format!("p{i}").into();
            for (j, q) in p["questions"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .enumerate()
            {
                q["id"] = format!("q{i}-{j}").into();
                q.as_object_mut().unwrap().remove("show_if");
            }
            p
        })
        .collect();
    v["pages"] = pages.into();
    v["rules"] = serde_json::json!([]);
    assert_eq!(paths(v), vec!["pages", "pages"]);
}
