//! Min sida's translations as data.
//!
//! Every text of the app is a message in a [Project Fluent](https://projectfluent.org) file,
//! one file per language: `locales/<language>/minsida.ftl`. Translators work on those files;
//! nothing in Rust holds a text.
//!
//! This crate reads the files with Fluent's reference parser, checks them ([`Locales::load`]
//! fails with every problem found, so a bad file stops the build) and turns them into what the
//! browser needs, with no Fluent runtime in the app:
//! - [`Locales::rust_code`]: the `Key` and `Fmt` enums and the Swedish texts, compiled into the
//!   app's main module (the SPA's `build.rs`), and, for development builds, every language;
//! - [`Locales::catalogue_json`]: for every other language (and easy-to-read Swedish) a JSON
//!   table that the browser fetches when the language is chosen, named by a hash of its
//!   content (`en-0123456789abcdef.json`), so adding a language does not grow the first load.
//!
//! What a message may use: text, variables (`{ $n }`), string and number literals
//! (`{" "}`; no braces, which mark variables in the tables), references to terms and other messages (inlined here), and at most one select
//! expression (`{ $n -> [one] … *[other] … }`) whose variants are plain. A selector whose
//! variant keys are CLDR plural categories selects by the language's plural rule
//! ([`plural_category`]); a number key (`[0]`) matches that number exactly first, as in
//! Fluent. Anything else (attributes, functions other than `NUMBER($n)`, nested selects) is
//! refused with the file and line.

//!
//! The plural rules ([`plural_category`]) are also used by the app at run time; everything
//! that reads Fluent is behind the `build` feature, so the browser gets none of it.

#[cfg(feature = "build")]
mod build;
#[cfg(feature = "build")]
pub use build::*;

/// The CLDR plural category of the whole number `n` in `tag`'s language (cardinal), from the
/// CLDR plural rules chart, for the languages the app offers. The app uses this function
/// (this crate without the `build` feature) to choose a message's variant.
pub fn plural_category(tag: &str, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    match tag {
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        // sv, en, fi (and easy-to-read Swedish): one for exactly 1.
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// The categories [`plural_category`] can give for `tag`.
pub fn plural_categories(tag: &str) -> &'static [&'static str] {
    match tag {
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        _ => &["one", "other"],
    }
}

/// A message with variables as the generated code holds it: the variable its variant is chosen
/// by (`""`: none), and the variants `(key, text)` with the default last; a text writes a
/// variable as `{$name}`.
pub type Pattern = (&'static str, &'static [(&'static str, &'static str)]);

/// A value for a message's variable.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Num(i64),
    Text(&'a str),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(n.into())
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(text)
    }
}

/// A whole number as the language writes it: digits 0–9 (also in Arabic, the agency's choice),
/// thousands grouped from 1 000 on with the CLDR separator: a no-break space in Swedish and
/// Finnish, a comma in English and Arabic.
pub fn format_number(tag: &str, n: i64) -> String {
    let separator = if matches!(tag, "en" | "ar") {
        ","
    } else {
        "\u{a0}"
    };
    // The digits, last first.
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n.unsigned_abs();
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(len * 3);
    if n < 0 {
        out.push('-');
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i.is_multiple_of(3) {
            out.push_str(separator);
        }
    }
    out
}

/// Whether a variant key is the number `n` written out (`[0]`, `[12]`).
fn is_number(key: &str, n: i64) -> bool {
    let mut value: i64 = 0;
    for b in key.bytes() {
        if !b.is_ascii_digit() {
            return false;
        }
        value = value.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    !key.is_empty() && value == n
}

/// Fills in a pattern in the language `tag`: the variant for the selecting variable's value
/// (an exact number key first, then the language's plural category, else the default), then
/// every `{$name}`. A variable without a value is left out.
pub fn fill(tag: &str, (selector, variants): Pattern, args: &[(&str, Arg<'_>)]) -> String {
    let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let chosen = match value(selector) {
        _ if selector.is_empty() => None,
        Some(Arg::Num(n)) => {
            let category = plural_category(tag, n);
            variants
                .iter()
                .find(|(key, _)| is_number(key, n))
                .or_else(|| variants.iter().find(|(key, _)| *key == category))
        }
        Some(Arg::Text(text)) => variants.iter().find(|(key, _)| *key == text),
        None => None,
    };
    let text = chosen.or(variants.last()).map_or("", |(_, text)| text);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            rest = after;
            break;
        };
        match value(after[..end].trim_start_matches('$')) {
            Some(Arg::Num(n)) => out.push_str(&format_number(tag, n)),
            Some(Arg::Text(t)) => out.push_str(t),
            None => {}
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The place of a letter in the Swedish alphabet (SAOL): a–z, then å, ä, ö. Case does not
/// count here; accented letters sort with their base letter (é as e, ü as y, æ as ä, ø as
/// ö), as Swedish dictionaries and registers do.
fn swedish_letter(c: char) -> u32 {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = match lower {
        'å' => return u32::from('z') + 1,
        'ä' | 'æ' => return u32::from('z') + 2,
        'ö' | 'ø' => return u32::from('z') + 3,
        'á' | 'à' | 'â' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' => 'o',
        'ú' | 'ù' | 'û' => 'u',
        'ü' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    };
    u32::from(base)
}

/// Compares two texts in Swedish alphabetical order (names of persons and organisations,
/// titles): letter by letter as [`swedish_letter`] places them, then, for texts equal so far,
/// by case and accents, so that the order is total and stable.
pub fn swedish_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .map(swedish_letter)
        .cmp(b.chars().map(swedish_letter))
        .then_with(|| a.cmp(b))
}
