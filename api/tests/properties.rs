//! Property tests of the parsers and validators that take untrusted input (what people type,
//! what agency systems send, what files contain): for any input they never panic and either
//! give a clear error or a value that round-trips; valid values built from their parts are
//! always accepted. Each property runs `PROPTEST_CASES` cases (default 256).

use minsida_api::contact::{normalize_email, normalize_mobile};
use minsida_api::messages::{
    clean_file_name, parse_body, AcceptedFileType, BodyBlock, SendMessageRequest,
    MAX_FILE_NAME_CHARS,
};
use minsida_api::org::{OrgNumber, OrgNumberError};
use minsida_api::pin::{PersonalIdentityNumber, PinError, Ymd};
use minsida_api::{LoginFailure, UpdateContactRequest};
use proptest::prelude::*;

const TODAY: Ymd = Ymd::new(2026, 11, 29);

fn luhn(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    ((10 - (sum % 10)) % 10) as u8
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid personal identity (or, with `coordination`, coordination) number born on or
/// before TODAY, as its 12 digits.
fn valid_pin() -> impl Strategy<Value = String> {
    (
        1900u16..=2026,
        1u8..=12,
        1u8..=31,
        0u16..1000,
        any::<bool>(),
    )
        .prop_filter_map(
            "a real date, not in the future",
            |(y, m, d, serial, coordination)| {
                if d > days_in_month(y, m) || Ymd::new(y, m, d) > TODAY {
                    return None;
                }
                let day = if coordination { d + 60 } else { d };
                let nine: Vec<u8> = format!("{:02}{m:02}{day:02}{serial:03}", y % 100)
                    .bytes()
                    .map(|b| b - b'0')
                    .collect();
                Some(format!("{y:04}{m:02}{day:02}{serial:03}{}", luhn(&nine)))
            },
        )
}

fn valid_org() -> impl Strategy<Value = String> {
    (
        0u8..10,
        0u8..10,
        2u8..10,
        proptest::collection::vec(0u8..10, 6),
    )
        .prop_map(|(a, b, c, rest)| {
            let mut nine = vec![a, b, c];
            nine.extend(rest);
            let check = luhn(&nine);
            nine.push(check);
            nine.iter().map(|d| char::from(b'0' + d)).collect()
        })
}

proptest! {
    #[test]
    fn personal_numbers_in_every_written_form_parse_to_the_same_number(canonical in valid_pin()) {
        let pin = PersonalIdentityNumber::parse(&canonical, TODAY).unwrap();
        prop_assert_eq!(pin.canonical(), canonical.clone());
        // With the hyphen, surrounded by spaces, and from the stored form.
        let display = format!("{}-{}", &canonical[..8], &canonical[8..]);
        prop_assert_eq!(PersonalIdentityNumber::parse(&display, TODAY).unwrap(), pin);
        prop_assert_eq!(PersonalIdentityNumber::parse(&format!("  {canonical} "), TODAY).unwrap(), pin);
        prop_assert_eq!(PersonalIdentityNumber::parse_canonical(&canonical).unwrap(), pin);
        prop_assert_eq!(pin.display(), display);
        // The ten-digit form: '-' below 100 years of age, '+' from 100.
        let birth = pin.birth_date();
        let age_100 = Ymd::new(birth.year + 100, birth.month, birth.day) <= TODAY;
        let ten = format!("{}{}{}", &canonical[2..8], if age_100 { '+' } else { '-' }, &canonical[8..]);
        prop_assert_eq!(PersonalIdentityNumber::parse(&ten, TODAY).unwrap(), pin);
        prop_assert_eq!(pin.is_coordination_number(), canonical[6..8].parse::<u8>().unwrap() > 60);
    }

    #[test]
    fn a_wrong_check_digit_is_always_caught(canonical in valid_pin(), delta in 1u8..10) {
        let check = canonical.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &canonical[..11], (check + delta) % 10);
        prop_assert_eq!(PersonalIdentityNumber::parse(&wrong, TODAY), Err(PinError::Checksum));
    }

    #[test]
    fn any_text_as_a_personal_number_gives_a_number_or_an_error(input in ".{0,40}") {
        if let Ok(pin) = PersonalIdentityNumber::parse(&input, TODAY) {
            let canonical = pin.canonical();
            prop_assert_eq!(canonical.len(), 12);
            prop_assert!(canonical.bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(PersonalIdentityNumber::parse(&canonical, TODAY).unwrap(), pin);
            prop_assert!(pin.birth_date() <= TODAY);
        }
    }

    #[test]
    fn digit_strings_as_personal_numbers_never_panic(input in "[0-9+ -]{0,16}") {
        let _ = PersonalIdentityNumber::parse(&input, TODAY);
        let _ = PersonalIdentityNumber::parse_canonical(&input);
    }

    #[test]
    fn organisation_numbers_round_trip(ten in valid_org()) {
        let org = OrgNumber::parse(&ten).unwrap();
        prop_assert_eq!(org.canonical(), format!("16{ten}"));
        prop_assert_eq!(OrgNumber::parse(&org.canonical()).unwrap(), org);
        prop_assert_eq!(OrgNumber::parse(&org.display()).unwrap(), org);
    }

    #[test]
    fn any_text_as_an_organisation_number_gives_a_number_or_an_error(input in "[0-9 -]{0,16}|.{0,20}") {
        match OrgNumber::parse(&input) {
            Ok(org) => {
                prop_assert_eq!(OrgNumber::parse(&org.canonical()).unwrap(), org);
                prop_assert!(org.canonical().starts_with("16"));
            }
            Err(OrgNumberError::Empty) => prop_assert!(input.trim().is_empty()),
            Err(_) => {}
        }
    }

    #[test]
    fn the_body_markup_keeps_every_line_and_never_makes_html(text in "([-*#0-9. a-zåäö<>&]{0,30}(\r\n|\n|\r)?){0,12}") {
        let blocks = parse_body(&text);
        let lines_in: usize = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
            .filter(|l| !l.trim().is_empty())
            .count();
        let mut lines_out = 0;
        for block in &blocks {
            match block {
                BodyBlock::Paragraph { lines } => {
                    prop_assert!(!lines.is_empty());
                    lines_out += lines.len();
                }
                BodyBlock::Heading { .. } => lines_out += 1,
                BodyBlock::BulletList { items } | BodyBlock::NumberedList { items } => {
                    prop_assert!(!items.is_empty());
                    lines_out += items.len();
                }
            }
        }
        // Every non-blank line ends up in exactly one block: nothing is lost or invented.
        prop_assert_eq!(lines_in, lines_out);
        // Markup characters of HTML stay text (the SPA renders text nodes only).
        let all: String = serde_json::to_string(&blocks).unwrap();
        prop_assert_eq!(all.matches('<').count(), text.matches('<').count());
    }

    #[test]
    fn file_sniffing_never_panics_and_needs_the_magic_bytes(head in proptest::collection::vec(any::<u8>(), 0..32)) {
        match AcceptedFileType::sniff(&head) {
            Some(AcceptedFileType::Pdf) => prop_assert!(head.starts_with(b"%PDF-")),
            Some(AcceptedFileType::Jpeg) => prop_assert!(head.starts_with(&[0xFF, 0xD8, 0xFF])),
            Some(AcceptedFileType::Png) => prop_assert!(head.starts_with(b"\x89PNG\r\n\x1a\n")),
            None => {}
        }
    }

    #[test]
    fn cleaned_file_names_are_safe_and_stable(name in "\\PC{0,300}") {
        if let Some(clean) = clean_file_name(&name) {
            prop_assert!(!clean.is_empty());
            prop_assert!(clean.chars().count() <= MAX_FILE_NAME_CHARS);
            prop_assert!(!clean.starts_with('.'));
            prop_assert!(!clean.chars().any(|c| c.is_control()
                || matches!(c, '/' | '\\' | '"' | '<' | '>' | ':' | '|' | '?' | '*')));
            // Cleaning a clean name changes nothing.
            prop_assert_eq!(clean_file_name(&clean), Some(clean.clone()));
        }
    }

    #[test]
    fn contact_details_are_normalised_or_refused_with_field_errors(
        email in "\\PC{0,80}|[a-z.+]{1,20}@[a-z]{1,10}\\.[a-z]{2,4}",
        mobile in "\\PC{0,30}|[+0-9 -]{0,16}",
    ) {
        let request = UpdateContactRequest { email: Some(email.clone()), mobile: Some(mobile.clone()) };
        match request.validate() {
            Ok((e, m)) => {
                // What was accepted is stable when sent again.
                if let Some(e) = &e {
                    prop_assert_eq!(normalize_email(e), Ok(e.clone()));
                }
                if let Some(m) = &m {
                    prop_assert_eq!(normalize_mobile(m), Ok(m.clone()));
                    prop_assert!(m.starts_with('+'));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|f| f.field == "email" || f.field == "mobile"));
            }
        }
    }

    #[test]
    fn messages_are_validated_without_panics(subject in "\\PC{0,250}", body in "\\PC{0,300}", uploads in proptest::collection::vec(any::<i64>(), 0..12)) {
        let request = SendMessageRequest { supplement_request_id: None, subject, body, upload_ids: uploads };
        match request.validate() {
            Ok((subject, body)) => {
                prop_assert_eq!(subject.trim(), subject.as_str());
                prop_assert_eq!(body.trim(), body.as_str());
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }

    #[test]
    fn login_failure_codes_parse_only_their_own_texts(code in "[a-z_]{0,20}") {
        if let Some(f) = LoginFailure::parse(&code) {
            prop_assert_eq!(f.as_str(), code.as_str());
        }
    }
}

proptest! {
    #[test]
    fn one_time_codes_are_six_digits_whatever_the_spacing(input in "[0-9 \u{a0}-]{0,12}|\\PC{0,12}") {
        use minsida_api::channels::{normalize_code, CODE_LENGTH};
        match normalize_code(&input) {
            Some(code) => {
                prop_assert_eq!(code.len(), CODE_LENGTH);
                prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
                let digits: String = input.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(&code, &digits);
                prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            }
            None => {
                let kept: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{a0}')).collect();
                prop_assert!(kept.len() != CODE_LENGTH || !kept.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}

/// Every kind of question once, each with rules.
fn every_kind() -> minsida_api::eservices::ServiceDefinition {
    let q = |id: &str, kind: &str, extra: serde_json::Value| {
        let mut v = serde_json::json!({ "id": id, "kind": kind, "label": id });
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let options =
        serde_json::json!([{ "value": "a", "label": "A" }, { "value": "b", "label": "B" }]);
    let def: minsida_api::eservices::ServiceDefinition = serde_json::from_value(serde_json::json!({
        "schema_version": 1, "title": "T", "summary": "S", "easy_read_summary": "S",
        "category": "other", "handler": "H", "audience": { "persons": true, "organisations": true },
        "pages": [{ "id": "p", "title": "P", "easy_read_guidance": "P", "questions": [
            q("text", "text", serde_json::json!({ "max_length": 20, "required": true })),
            q("digits", "text", serde_json::json!({ "format": "digits" })),
            q("postal", "text", serde_json::json!({ "format": "postal_code" })),
            q("reg", "text", serde_json::json!({ "format": "registration_number" })),
            q("long", "long_text", serde_json::json!({})),
            q("number", "number", serde_json::json!({ "min": -5, "max": 5 })),
            q("amount", "amount_sek", serde_json::json!({ "min": 0 })),
            q("date", "date", serde_json::json!({ "earliest_days": -10, "latest_days": 10 })),
            q("yn", "yes_no", serde_json::json!({})),
            q("one", "one_of", serde_json::json!({ "options": options })),
            q("many", "many_of", serde_json::json!({ "options": options, "max": 1 })),
            q("address", "address", serde_json::json!({})),
            q("pin", "personal_number", serde_json::json!({})),
            q("org", "organisation_number", serde_json::json!({})),
            q("file", "file", serde_json::json!({ "max": 2 })),
        ]}]
    }))
    .unwrap();
    assert_eq!(def.check(), vec![]);
    def
}

fn any_answer() -> impl Strategy<Value = minsida_api::eservices::Answer> {
    use minsida_api::eservices::{AddressAnswer, Answer};
    prop_oneof![
        ".{0,30}".prop_map(Answer::Text),
        "[0-9 -]{0,12}".prop_map(Answer::Text),
        proptest::collection::vec(".{0,4}", 0..4).prop_map(Answer::Choices),
        proptest::collection::vec(any::<i64>(), 0..4).prop_map(Answer::Uploads),
        (".{0,8}", ".{0,8}", "[0-9 ]{0,7}", ".{0,8}").prop_map(|(c, s, p, t)| {
            Answer::Address(AddressAnswer {
                care_of: c,
                street: s,
                postal_code: p,
                town: t,
            })
        }),
    ]
}

proptest! {
    /// Whatever the answers, checking them never panics, and a success is a fixed point:
    /// checking the canonical answers again gives the same answers.
    #[test]
    fn checking_answers_never_panics_and_canonical_answers_stay_canonical(
        answers in proptest::collection::btree_map(
            prop_oneof![
                Just("text".to_string()), Just("digits".to_string()), Just("postal".to_string()),
                Just("reg".to_string()), Just("long".to_string()), Just("number".to_string()),
                Just("amount".to_string()), Just("date".to_string()), Just("yn".to_string()),
                Just("one".to_string()), Just("many".to_string()), Just("address".to_string()),
                Just("pin".to_string()), Just("org".to_string()), Just("file".to_string()),
                "[a-z]{1,6}",
            ],
            any_answer(),
            0..16,
        )
    ) {
        let def = every_kind();
        if let Ok(canonical) = minsida_api::eservices::check_answers(&def, &answers, TODAY) {
            let again: minsida_api::eservices::Answers = canonical.iter().cloned().collect();
            prop_assert_eq!(
                minsida_api::eservices::check_answers(&def, &again, TODAY),
                Ok(canonical)
            );
        }
    }
}
