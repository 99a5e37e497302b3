use super::*;
use crate::plural_category;

use std::path::PathBuf;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn real() -> Locales {
    match Locales::load(&repo().join("locales"), "minsida.ftl") {
        Ok(locales) => locales,
        Err(errors) => panic!("locales/ has errors:\n{}", errors.join("\n")),
    }
}

/// Locales from in-memory files: `(tag, source)` for every language of [`LANGUAGES`].
fn from_sources(sources: &[(&str, &str)]) -> Result<Locales, Vec<String>> {
    let mut catalogues = Vec::new();
    let mut errors = Vec::new();
    for &language in LANGUAGES {
        let source = sources
            .iter()
            .find(|(tag, _)| *tag == language.tag)
            .map(|(_, s)| *s)
            .unwrap_or("");
        match parse_catalogue(
            language,
            &format!("locales/{}/test.ftl", language.tag),
            source,
        ) {
            Ok(c) => catalogues.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let locales = Locales { catalogues };
    let errors = locales.check();
    if errors.is_empty() {
        Ok(locales)
    } else {
        Err(errors)
    }
}

const SV: &str = "\
-site = Min sida
greeting = Välkommen till { -site }
files =
    { $n ->
        [one] { $n } fil
       *[other] { $n } filer
    }
err-x = Fel.
";

fn others(en: &str) -> Vec<(&'static str, String)> {
    vec![
        ("en", en.to_string()),
        ("fi", "greeting = Tervetuloa\nfiles = { $n } tiedostoa\nerr-x = Virhe.\n".into()),
        (
            "ar",
            "greeting = مرحبا\nfiles =\n    { $n ->\n        [zero] لا ملفات\n        [one] ملف\n       *[other] { $n } ملف\n    }\nerr-x = خطأ.\n".into(),
        ),
        ("sv-x-lattlast", "err-x = Något blev fel.\n".into()),
    ]
}

fn check_with(en: &str) -> Result<Locales, Vec<String>> {
    let others = others(en);
    let mut sources: Vec<(&str, &str)> = vec![("sv", SV)];
    sources.extend(others.iter().map(|(t, s)| (*t, s.as_str())));
    from_sources(&sources)
}

const EN: &str = "greeting = Welcome\nfiles =\n    { $n ->\n        [one] one file\n       *[other] { $n } files\n    }\nerr-x = Error.\n";

fn errors_of(en: &str) -> String {
    match check_with(en) {
        Ok(_) => panic!("expected errors for:\n{en}"),
        Err(errors) => errors.join("\n"),
    }
}

#[test]
fn the_repositorys_message_files_are_complete_and_consistent() {
    let locales = real();
    let default = locales.default_catalogue();
    assert!(
        default.order.len() > 400,
        "Swedish has {} messages",
        default.order.len()
    );
    for catalogue in &locales.catalogues {
        if catalogue.language.kind == Kind::Complete {
            assert_eq!(
                catalogue.messages.len(),
                default.messages.len(),
                "{}",
                catalogue.path
            );
        }
    }
}

#[test]
fn every_message_is_used_by_the_app_and_every_use_is_a_message() {
    let locales = real();
    let mut source = String::new();
    let mut stack = vec![repo().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                source.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let used = |prefix: &str, name: &str| {
        let needle = format!("{prefix}::{name}");
        source.match_indices(&needle).any(|(at, _)| {
            !source[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let mut unused = Vec::new();
    for m in locales.keys() {
        if !used("Key", &camel(&m.id)) {
            unused.push(m.id.clone());
        }
    }
    for m in locales.formats() {
        if !used("Fmt", &camel(&m.id)) {
            unused.push(m.id.clone());
        }
    }
    assert!(
        unused.is_empty(),
        "messages in locales/sv/minsida.ftl that no code uses (remove them from every \
         language): {unused:?}"
    );
}

#[test]
fn ids_and_enum_names_map_both_ways() {
    assert_eq!(camel("login-failed-generic"), "LoginFailedGeneric");
    assert_eq!(camel("registration-f-tax"), "RegistrationFTax");
    assert_eq!(camel("a11y-title"), "A11yTitle");
    assert_eq!(fn_name("sv-x-lattlast"), "sv_x_lattlast");
    // No two ids may give the same enum variant.
    let locales = real();
    let mut seen = BTreeSet::new();
    for id in &locales.default_catalogue().order {
        assert!(seen.insert(camel(id)), "two ids give {}", camel(id));
    }
}

#[test]
fn plural_rules_follow_cldr() {
    let ar: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000]
        .iter()
        .map(|&n| plural_category("ar", n))
        .collect();
    assert_eq!(
        ar,
        [
            "zero", "one", "two", "few", "few", "many", "many", "other", "other", "other", "few",
            "many", "other"
        ]
    );
    for tag in ["sv", "en", "fi", "sv-x-lattlast"] {
        assert_eq!(plural_category(tag, 1), "one");
        for n in [0, 2, 5, 21, 100] {
            assert_eq!(plural_category(tag, n), "other", "{tag} {n}");
        }
    }
    for n in 0..300 {
        assert!(plural_categories("ar").contains(&plural_category("ar", n)));
    }
}

#[test]
fn a_good_set_of_files_compiles_with_terms_and_plurals_resolved() {
    let locales = check_with(EN).unwrap();
    let sv = locales.default_catalogue();
    assert_eq!(
        sv.messages["greeting"].variants,
        [(String::new(), "Välkommen till Min sida".to_string())]
    );
    let files = &sv.messages["files"];
    assert_eq!(files.selector.as_deref(), Some("n"));
    assert_eq!(
        files.variants,
        [
            ("one".to_string(), "{$n} fil".to_string()),
            ("other".to_string(), "{$n} filer".to_string())
        ]
    );
    assert_eq!(locales.keys().len(), 2);
    assert_eq!(locales.formats().len(), 1);
    let code = locales.rust_code(Tables::FetchedWhenSplit);
    assert!(!locales.rust_code(Tables::CompiledIn).contains("feature"));
    assert!(
        code.contains("pub enum Key {\n    Greeting,\n    ErrX,\n}"),
        "{code}"
    );
    assert!(code.contains(
        "Fmt::Files => (\"n\", &[(\"one\", \"{$n} fil\"), (\"other\", \"{$n} filer\"), ]),"
    ));
    assert!(code.contains("pub const CATALOGUE_EN: &str = \"en-"));
    // Easy-to-read Swedish has only some texts: the others are null in its table.
    let easy = &locales.catalogues[4];
    assert_eq!(
        locales.catalogue_json(easy),
        r#"{"formats":[null],"texts":[null,"Något blev fel."]}"#
    );
    let en = &locales.catalogues[1];
    assert_eq!(
        locales.catalogue_json(en),
        r#"{"formats":[["n",[["one","one file"],["other","{$n} files"]]]],"texts":["Welcome","Error."]}"#
    );
    let name = locales.catalogue_file_name(en);
    assert!(
        name.starts_with("en-") && name.ends_with(".json") && name.len() == "en-".len() + 16 + 5
    );
    // Another text, another name.
    let changed = check_with(&EN.replace("Welcome", "Hello")).unwrap();
    assert_ne!(changed.catalogue_file_name(&changed.catalogues[1]), name);
}

#[test]
fn a_missing_message_is_named_with_where_it_is_defined() {
    let errors = errors_of("greeting = Welcome\nerr-x = Error.\n");
    assert!(
        errors.contains("locales/en/test.ftl: `files` is missing (it is in locales/sv/test.ftl:3)"),
        "{errors}"
    );
}

#[test]
fn a_message_the_default_language_lacks_is_refused() {
    let errors = errors_of(&format!("{EN}extra = Extra\n"));
    assert!(
        errors.contains("locales/en/test.ftl:8: `extra` is not a message of locales/sv/test.ftl"),
        "{errors}"
    );
}

#[test]
fn other_variables_than_in_swedish_are_refused() {
    let errors = errors_of(&EN.replace("{ $n } files", "{ $count } files"));
    assert!(
        errors.contains(
            "`files` uses the variables {\"count\", \"n\"}, but locales/sv/test.ftl uses {\"n\"}"
        ),
        "{errors}"
    );
}

#[test]
fn a_plural_category_the_language_does_not_have_is_refused() {
    let errors = errors_of(&EN.replace("[one]", "[few]"));
    assert!(
        errors.contains(
            "`files` has the variant [few], which is not a plural category of `en` (one, other)"
        ),
        "{errors}"
    );
}

#[test]
fn easy_read_must_cover_errors_hints_and_guidance() {
    assert!(needs_easy_read("err-required"));
    assert!(needs_easy_read("login-intro"));
    assert!(needs_easy_read("files-hint"));
    assert!(needs_easy_read("login-failed-generic"));
    assert!(!needs_easy_read("nav-start"));
    let others = others(EN);
    let mut sources: Vec<(&str, &str)> = vec![("sv", SV)];
    for (tag, source) in &others {
        sources.push((
            tag,
            if *tag == "sv-x-lattlast" {
                ""
            } else {
                source.as_str()
            },
        ));
    }
    let errors = from_sources(&sources).unwrap_err().join("\n");
    assert!(
        errors.contains("locales/sv-x-lattlast/test.ftl: `err-x` is missing"),
        "{errors}"
    );
}

#[test]
fn unsupported_fluent_is_refused_with_file_and_line() {
    let cases = [
        ("greeting = Hi\n    .title = Hello\n", "has attributes"),
        (
            "greeting = { DATETIME($d) }\n",
            "only variables, literals and references",
        ),
        (
            "greeting = { $a ->\n   *[x] { $b ->\n       *[y] z\n    }\n}\n",
            "inside another",
        ),
        (
            "greeting = { $a ->\n   *[x] a\n} { $b ->\n   *[y] b\n}\n",
            "more than one select",
        ),
        (
            "greeting = { -nothing }\n",
            "the term `-nothing` is not defined",
        ),
        ("greeting = Hi\ngreeting = Hello\n", "is defined twice"),
        (
            "greeting = {\n",
            "locales/sv/test.ftl:2: ExpectedInlineExpression",
        ),
    ];
    for (source, expected) in cases {
        let errors = match parse_catalogue(LANGUAGES[0], "locales/sv/test.ftl", source) {
            Ok(_) => panic!("accepted:\n{source}"),
            Err(errors) => errors.join("\n"),
        };
        assert!(errors.contains(expected), "{source}\n=> {errors}");
    }
}

#[test]
fn literals_and_escapes() {
    let c = parse_catalogue(
        LANGUAGES[0],
        "x",
        "a = {\" \"}leading\nb = quote {\"\\\"\"} and {\"\\u00E5\"} and {\"\\\\\"}\nc = { 42 }\n",
    )
    .unwrap();
    assert_eq!(c.messages["a"].variants[0].1, " leading");
    assert_eq!(c.messages["b"].variants[0].1, "quote \" and å and \\");
    assert_eq!(c.messages["c"].variants[0].1, "42");
    // Braces are the app's variable marks: a literal one is refused.
    let errors = parse_catalogue(LANGUAGES[0], "x", "a = brace {\"{\"}\n").unwrap_err();
    assert!(
        errors[0].contains("a literal `{` or `}` is not supported"),
        "{errors:?}"
    );
}

#[test]
fn numbers_are_grouped_as_the_language_writes_them() {
    use crate::format_number;
    assert_eq!(format_number("sv", 7), "7");
    assert_eq!(format_number("sv", 999), "999");
    assert_eq!(format_number("sv", 1000), "1\u{a0}000");
    assert_eq!(format_number("fi", 1234567), "1\u{a0}234\u{a0}567");
    assert_eq!(format_number("en", 10000), "10,000");
    assert_eq!(format_number("ar", -25000), "-25,000");
    let filled = crate::fill(
        "sv",
        (
            "",
            &[("", "Visar {$first}–{$last} av {$total} meddelanden")],
        ),
        &[
            ("first", 1u32.into()),
            ("last", 20u32.into()),
            ("total", 12500u32.into()),
        ],
    );
    assert_eq!(filled, "Visar 1–20 av 12\u{a0}500 meddelanden");
}

#[test]
fn swedish_alphabetical_order() {
    let mut names = vec![
        "Öberg",
        "åkesson",
        "Zetterlund",
        "Ängström",
        "Andersson",
        "Émile",
        "Edlund",
        "Åberg",
        "Ørsted",
        "Müller",
        "Mylly",
        "Zackrisson",
        "andersson",
    ];
    names.sort_by(|a, b| crate::swedish_order(a, b));
    assert_eq!(
        names,
        [
            "Andersson",
            "andersson",
            "Edlund",
            "Émile",
            "Müller",
            "Mylly",
            "Zackrisson",
            "Zetterlund",
            "Åberg",
            "åkesson",
            "Ängström",
            "Öberg",
            "Ørsted",
        ]
    );
}
