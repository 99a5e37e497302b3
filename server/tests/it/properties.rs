//! Property tests of the server's parsers of untrusted input: dates, representation scopes,
//! the blind search index and sealed message bodies, and the inbox query as a whole through the real router (any values in any parameter give
//! 200 or a 422 naming the bad fields, never a server error).

use axum::http::StatusCode;
use minsida_api::representation::{AccessLevel, Area};
use minsida_api::{ApiErrorBody, ErrorCode};
use minsida_server::crypto::{self, KeyEncryptionKey, KeyRing};
use minsida_server::dates::{format_date, parse_date};
use minsida_server::messaging::search;
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

    /// The blind search index: any start of any word of a text finds it (cut to the indexed
    /// length), under the key it was indexed with, and the index holds no word of it.
    #[test]
    fn every_word_start_of_a_text_finds_it_and_the_index_holds_no_word(
        subject in "\\PC{0,40}",
        body in "([a-zåäöA-ZÅÄÖ0-9]{1,30}[ ,.!\n-]{1,3}){0,12}",
        pick in any::<prop::sample::Index>(),
        cut in 1usize..40,
    ) {
        let kek = KeyEncryptionKey::generate();
        let ring = KeyRing::single(kek.clone());
        let index = search::index_text(&kek, &subject, &body);
        let tokens: Vec<&str> = index.split(' ').filter(|t| !t.is_empty()).collect();
        let words: Vec<String> = search::words(&subject).chain(search::words(&body)).collect();
        prop_assert_eq!(tokens.is_empty(), words.is_empty());
        if !words.is_empty() {
            let word = &words[pick.index(words.len())];
            let length = word.chars().count();
            // A start of at least MIN_PREFIX characters, or the whole word.
            let take = if length <= search::MIN_PREFIX { length } else { cut.clamp(search::MIN_PREFIX, length) };
            let term: String = word.chars().take(take).collect();
            let wanted = search::term_tokens(&ring, &term);
            prop_assert!(tokens.contains(&wanted[0].as_str()), "{term:?} of {word:?}");
            // Another key's token is not there.
            let other = search::term_tokens(&KeyRing::single(KeyEncryptionKey::generate()), &term);
            prop_assert!(!tokens.contains(&other[0].as_str()));
        }
        // (Words of 8 characters and more: a shorter one may turn up inside a token by chance,
        // 13 random base32 characters.)
        for word in &words {
            prop_assert!(!tokens.contains(&word.as_str()));
            if word.chars().count() >= 8 {
                prop_assert!(!index.contains(word.as_str()), "{word:?} in the index");
            }
        }
    }

    /// Sealed texts: any text round-trips under its context, and any single changed byte, or
    /// another context, is refused, never a panic.
    #[test]
    fn sealed_texts_round_trip_and_any_change_is_refused(
        text in "\\PC{0,200}",
        id in any::<i64>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let kek = KeyEncryptionKey::generate();
        let ring = KeyRing::single(kek.clone());
        let context = format!("message:{id}");
        let sealed = crypto::seal_text(&kek, &context, &text);
        prop_assert_eq!(crypto::open_text(&ring, &context, &sealed), Ok(text.clone()));
        let mut changed = sealed.clone();
        let i = flip.index(changed.len());
        changed[i] ^= 1 << bit;
        prop_assert!(crypto::open_text(&ring, &context, &changed).is_err());
        let another = format!("message:{}", id.wrapping_add(1));
        prop_assert!(crypto::open_text(&ring, &another, &sealed).is_err());
        prop_assert!(crypto::open_text(&ring, &context, &sealed[..i]).is_err());
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
