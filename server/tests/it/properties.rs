//! Property tests of the server's parsers of untrusted input: dates, representation scopes,
//! and the inbox query as a whole through the real router (any values in any parameter give
//! 200 or a 422 naming the bad fields, never a server error).

use axum::http::StatusCode;
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, ErrorCode};
use minsida_server::dates::{format_date, parse_date};
use minsida_server::representation::{parse_scopes, validate_scopes};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::{TestApp, ANNA};

proptest! {
    #[test]
    fn dates_round_trip_and_any_text_is_a_date_or_none(
        (y, m, d) in (1i32..=9999, 1u8..=12, 1u8..=31),
        text in "\\PC{0,16}|[0-9]{4}-[0-9]{2}-[0-9]{2}",
    ) {
        if let Ok(date) = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d) {
            prop_assert_eq!(parse_date(&format_date(date)), Some(date));
        }
        if let Some(date) = parse_date(&text) {
            prop_assert_eq!(format_date(date), text.trim());
        }
    }

    #[test]
    fn representation_scopes_parse_to_known_sorted_areas(text in "((messages|matters|preferences|personal_data|\\PC{0,8}):(read|act|\\PC{0,4}),?){0,6}") {
        let scopes = parse_scopes(Some(&text));
        prop_assert!(scopes.windows(2).all(|w| w[0].area <= w[1].area));
        for s in &scopes {
            prop_assert!(Area::parse(s.area.as_str()).is_some());
            prop_assert!(AccessLevel::parse(s.level.as_str()).is_some());
            let written = format!("{}:{}", s.area.as_str(), s.level.as_str());
            prop_assert!(text.contains(&written));
        }
        let mut errors = Vec::new();
        validate_scopes(&scopes, "scopes", &mut errors);
        let one_per_area = Area::ALL.iter().all(|a| scopes.iter().filter(|s| s.area == *a).count() <= 1);
        prop_assert_eq!(errors.is_empty(), !scopes.is_empty() && one_per_area);
    }
}

fn query_value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        "\\PC{0,12}".prop_map(Some),
        "-?[0-9]{1,21}".prop_map(Some),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Some),
        prop_oneof![Just("inbox"), Just("archive"), Just("sent"), Just("")]
            .prop_map(|s| Some(s.to_string())),
    ]
}

#[test]
fn any_inbox_query_gives_a_page_or_field_errors() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (app, anna) = runtime.block_on(async {
        let app = TestApp::new().await;
        let anna = app.login(ANNA).await;
        (app, anna)
    });
    let names = ["folder", "matter", "from", "to", "q", "page", "page_size"];
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(query_value(), 7), |values| {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(
                    names
                        .iter()
                        .zip(&values)
                        .filter_map(|(n, v)| v.as_ref().map(|v| (*n, v.as_str()))),
                )
                .finish();
            let r =
                runtime.block_on(app.get(&format!("/api/messages?{query}"), Some(&anna.cookie)));
            match r.status {
                StatusCode::OK => {
                    let _: minsida_api::messages::InboxPage = r.json();
                }
                StatusCode::UNPROCESSABLE_ENTITY => {
                    let body: ApiErrorBody = r.json();
                    prop_assert_eq!(body.code, ErrorCode::Validation);
                    prop_assert!(!body.fields.is_empty());
                    prop_assert!(body
                        .fields
                        .iter()
                        .all(|f| names.contains(&f.field.as_str())));
                }
                other => prop_assert!(false, "{query}: {other} {}", r.text()),
            }
            Ok(())
        })
        .unwrap();
}
