//! Translations. Every text is a message in `locales/<language>/minsida.ftl` (Project
//! Fluent); `build.rs` checks the files and generates the tables included here (see `i18n/`).
//!
//! - [`Key`]: a message without variables, [`I18n::t`]/[`I18n::tr`];
//! - [`Fmt`]: a message with variables, [`I18n::f`], its variant chosen by the language's
//!   plural rule where it counts something.
//!
//! Swedish is compiled into the main module. With the `split` feature (the release build)
//! every other language, and easy-to-read Swedish, is a table of its own that the browser
//! fetches when it is chosen ([`load`]), so a language does not add to the first load; the
//! development build (Trunk) has them all compiled in.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Sv,
    En,
    /// Finnish, the most used of Sweden's national minority languages.
    Fi,
    /// Arabic, right to left.
    Ar,
}

impl Lang {
    /// In the order of the language switch.
    pub const ALL: [Lang; 4] = [Lang::Sv, Lang::En, Lang::Fi, Lang::Ar];

    /// BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::Fi => "fi",
            Lang::Ar => "ar",
        }
    }

    /// Writing direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
            Lang::Fi => "Suomi",
            Lang::Ar => "العربية",
        }
    }

    /// BCP 47 locale for dates and numbers (`Intl`). Arabic is written with the digits 0–9
    /// (`-u-nu-latn`): reference numbers, phone numbers and personal identity numbers must
    /// look as on the agency's letters and as people type them.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Sv => "sv-SE",
            Lang::En => "en-GB",
            Lang::Fi => "fi-FI",
            Lang::Ar => "ar-u-nu-latn",
        }
    }
}

/// The language of what the agency writes (message subjects and bodies, matter titles,
/// requests): Swedish. Elements with such content carry it as their `lang`, so that a screen
/// reader reading the page in another language switches to Swedish for them (WCAG 3.1.2).
/// What the person writes may be in any language and is marked as unknown (`lang=""`).
pub const AGENCY_LANG: &str = "sv";

/// A text the agency wrote (`by_agency`: a message subject, a matter title, a requested item)
/// marked as Swedish; one the person wrote as of unknown language (`lang=""`, HTML's way to
/// say so): they may write in any. One function for every such text, so that its rendering
/// code is in the bundle once, not once per page.
pub fn authored_text(text: String, by_agency: bool) -> impl IntoView {
    view! { <span lang=if by_agency { AGENCY_LANG } else { "" }>{text}</span> }
}

pub use minsida_i18n::Pattern;

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

pub use minsida_i18n::Arg;

/// The texts of a language other than Swedish, or of easy-to-read Swedish.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    En,
    Fi,
    Ar,
    EasyRead,
}

impl Table {
    fn of(lang: Lang) -> Option<Table> {
        match lang {
            Lang::Sv => None,
            Lang::En => Some(Table::En),
            Lang::Fi => Some(Table::Fi),
            Lang::Ar => Some(Table::Ar),
        }
    }

    #[cfg(feature = "split")]
    fn index(self) -> usize {
        self as usize
    }
}

#[cfg(not(feature = "split"))]
mod tables {
    //! Development build: every table is compiled in.
    use super::*;

    pub fn text(table: Table, key: Key) -> Option<&'static str> {
        match table {
            Table::En => text_en(key),
            Table::Fi => text_fi(key),
            Table::Ar => text_ar(key),
            Table::EasyRead => text_sv_x_lattlast(key),
        }
    }

    pub fn format(table: Table, fmt: Fmt) -> Option<Pattern> {
        match table {
            Table::En => format_en(fmt),
            Table::Fi => format_fi(fmt),
            Table::Ar => format_ar(fmt),
            Table::EasyRead => format_sv_x_lattlast(fmt),
        }
    }

    pub fn is_loaded(_: Table) -> bool {
        true
    }

    pub async fn load(_: Table) -> bool {
        true
    }
}

#[cfg(feature = "split")]
mod tables {
    //! Release build: a table is fetched (`/locales/<tag>-<hash>.json`, written by
    //! `scripts/build-spa`) when first needed, and kept for the page's lifetime.
    use super::*;
    use std::cell::Cell;

    /// A message with variables as fetched: `[selector, [[key, text], …]]`.
    type WirePattern = (String, Vec<(String, String)>);

    /// A fetched table: `texts` in the order of [`Key::ALL`], `formats` of [`Fmt::ALL`].
    #[derive(serde::Deserialize)]
    struct Wire {
        texts: Vec<Option<String>>,
        formats: Vec<Option<WirePattern>>,
    }

    struct Loaded {
        texts: Vec<Option<&'static str>>,
        formats: Vec<Option<Pattern>>,
    }

    thread_local! {
        static LOADED: Cell<[Option<&'static Loaded>; 4]> = const { Cell::new([None; 4]) };
    }

    fn loaded(table: Table) -> Option<&'static Loaded> {
        LOADED.with(|l| l.get()[table.index()])
    }

    pub fn text(table: Table, key: Key) -> Option<&'static str> {
        loaded(table)?.texts.get(key as usize).copied().flatten()
    }

    pub fn format(table: Table, fmt: Fmt) -> Option<Pattern> {
        loaded(table)?.formats.get(fmt as usize).copied().flatten()
    }

    pub fn is_loaded(table: Table) -> bool {
        loaded(table).is_some()
    }

    fn file(table: Table) -> &'static str {
        match table {
            Table::En => CATALOGUE_EN,
            Table::Fi => CATALOGUE_FI,
            Table::Ar => CATALOGUE_AR,
            Table::EasyRead => CATALOGUE_SV_X_LATTLAST,
        }
    }

    /// What the tables' module hands back: the fetch and decoding of a table, to be awaited.
    type Fetching = std::pin::Pin<Box<dyn std::future::Future<Output = Option<&'static Loaded>>>>;

    /// Fetches the table; `false` if that failed or it does not fit this build.
    pub async fn load(table: Table) -> bool {
        if is_loaded(table) {
            return true;
        }
        let Ok(fetching) = fetch(table).await else {
            return false;
        };
        let Some(loaded) = fetching.await else {
            return false;
        };
        LOADED.with(|l| {
            let mut all = l.get();
            all[table.index()] = Some(loaded);
            l.set(all);
        });
        true
    }

    /// Fetches and decodes a table; `None` if that failed or it does not fit this build. A
    /// module of its own (`i18n_tables`): only whoever chooses another language needs it.
    #[leptos::wasm_split::wasm_split(
        i18n_tables,
        fallible,
        wasm_split_path = ::leptos::wasm_split
    )]
    fn fetch(table: Table) -> Result<Fetching, crate::lazy::PageLoadError> {
        Ok(Box::pin(async move {
            let json = crate::api::catalogue(file(table)).await.ok()?;
            decode(json)
        }))
    }

    /// Decodes a fetched table; `None` if it does not fit this build.
    fn decode(json: String) -> Option<&'static Loaded> {
        let wire = serde_json::from_str::<Wire>(&json).ok()?;
        if wire.texts.len() != Key::ALL.len() || wire.formats.len() != Fmt::ALL.len() {
            return None;
        }
        // Leaked on purpose: at most one table per language for the page's lifetime, and the
        // app's texts are `&'static str` throughout.
        let leak = |s: String| -> &'static str { s.leak() };
        Some(Box::leak(Box::new(Loaded {
            texts: wire.texts.into_iter().map(|t| t.map(leak)).collect(),
            formats: wire
                .formats
                .into_iter()
                .map(|f| {
                    f.map(|(selector, variants)| -> Pattern {
                        let variants: Vec<(&'static str, &'static str)> = variants
                            .into_iter()
                            .map(|(key, text)| (leak(key), leak(text)))
                            .collect();
                        (leak(selector), variants.leak())
                    })
                })
                .collect(),
        })))
    }
}

/// The text of `key` in `lang` (Swedish while the language's table is not loaded yet).
pub fn translate(lang: Lang, key: Key) -> &'static str {
    Table::of(lang)
        .and_then(|table| tables::text(table, key))
        .unwrap_or_else(|| text_sv(key))
}

/// The pattern of `fmt` in `lang` (Swedish while the language's table is not loaded yet).
fn pattern(lang: Lang, fmt: Fmt) -> Pattern {
    Table::of(lang)
        .and_then(|table| tables::format(table, fmt))
        .unwrap_or_else(|| format_sv(fmt))
}

/// Fills in a pattern for `lang` (see [`minsida_i18n::fill`]).
pub fn fill(lang: Lang, pattern: Pattern, args: &[(&str, Arg<'_>)]) -> String {
    minsida_i18n::fill(lang.tag(), pattern, args)
}

/// Make the texts of `lang` available (fetch its table); `false` if that failed.
pub async fn load(lang: Lang) -> bool {
    match Table::of(lang) {
        Some(table) => tables::load(table).await,
        None => true,
    }
}

/// Make the easy-to-read Swedish texts available; `false` if that failed.
pub async fn load_easy_read() -> bool {
    tables::load(Table::EasyRead).await
}

const STORAGE_KEY: &str = "minsida.lang";

/// Reactive access to the current language; provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
    /// Show texts in easy-to-read Swedish where there is one (when Swedish is the language).
    /// Set through [`I18n::set_easy_read`], which loads those texts first.
    pub easy_read: RwSignal<bool>,
}

impl I18n {
    /// The language remembered on this device, else Swedish (the portal is Swedish first;
    /// the other languages are one click away in the header).
    pub fn initial_lang() -> Lang {
        crate::browser::local_storage_get(STORAGE_KEY)
            .and_then(|s| Lang::from_tag(&s))
            .unwrap_or(Lang::Sv)
    }

    /// Switch to `lang` once its texts are loaded (at once when they are); a language whose
    /// table cannot be fetched is not switched to.
    pub fn set(&self, lang: Lang) {
        let this = *self;
        leptos::task::spawn_local(async move {
            if load(lang).await {
                crate::browser::local_storage_set(STORAGE_KEY, lang.tag());
                this.lang.set(lang);
            }
        });
    }

    /// Turn easy-to-read Swedish on (once its texts are loaded) or off.
    pub fn set_easy_read(&self, on: bool) {
        if !on || tables::is_loaded(Table::EasyRead) {
            if self.easy_read.get_untracked() != on {
                self.easy_read.set(on);
            }
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            if load_easy_read().await {
                this.easy_read.set(true);
            }
        });
    }

    fn easy(&self) -> bool {
        self.easy_read.get() && self.lang.get() == Lang::Sv
    }

    /// Translate reactively (tracks the language signal).
    pub fn t(&self, key: Key) -> &'static str {
        if self.easy() {
            if let Some(text) = tables::text(Table::EasyRead, key) {
                return text;
            }
        }
        translate(self.lang.get(), key)
    }

    /// The text of `key` in the current language, kept up to date, for a view:
    /// `{i18n.tr(Key::X)}` or `aria-label=i18n.tr(Key::X)`. Every call returns the same closure
    /// type, so the code that renders reactive text is generated once for the whole app; a
    /// `move || i18n.t(Key::X)` at each place would be a type of its own, with its own copy.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// A message with variables, in the current language (tracks it):
    /// `i18n.f(Fmt::Attachments, &[("n", count.into())])`.
    pub fn f(&self, fmt: Fmt, args: &[(&str, Arg<'_>)]) -> String {
        let lang = self.lang.get();
        let easy = self
            .easy()
            .then(|| tables::format(Table::EasyRead, fmt))
            .flatten();
        fill(lang, easy.unwrap_or_else(|| pattern(lang, fmt)), args)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_text_in_the_development_build() {
        for &key in Key::ALL {
            for lang in Lang::ALL {
                assert!(
                    !translate(lang, key).trim().is_empty(),
                    "{key:?} in {lang:?}"
                );
            }
        }
        for &fmt in Fmt::ALL {
            for table in [Table::En, Table::Fi, Table::Ar] {
                assert!(tables::format(table, fmt).is_some(), "{fmt:?}");
            }
        }
    }

    #[test]
    fn a_count_chooses_the_languages_plural_form() {
        let p = pattern(Lang::Sv, Fmt::Attachments);
        assert_eq!(fill(Lang::Sv, p, &[("n", 1u32.into())]), "1 bilaga");
        assert_eq!(fill(Lang::Sv, p, &[("n", 3u32.into())]), "3 bilagor");
        let ar = pattern(Lang::Ar, Fmt::Attachments);
        let forms: Vec<String> = [0u32, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| fill(Lang::Ar, ar, &[("n", n.into())]))
            .collect();
        // Six different forms, the number written with the digits 0–9 where it is shown.
        let distinct: std::collections::BTreeSet<&String> = forms.iter().collect();
        assert_eq!(distinct.len(), 6, "{forms:?}");
        assert!(
            forms[3].contains('3') && forms[4].contains("11"),
            "{forms:?}"
        );
    }

    #[test]
    fn variables_are_filled_in_wherever_the_language_puts_them() {
        let args: [(&str, Arg<'_>); 3] = [
            ("first", 21u32.into()),
            ("last", 40u32.into()),
            ("total", 95u32.into()),
        ];
        for lang in Lang::ALL {
            let text = fill(lang, pattern(lang, Fmt::InboxShowing), &args);
            assert!(
                text.contains("21")
                    && text.contains("40")
                    && text.contains("95")
                    && !text.contains("{$"),
                "{lang:?}: {text}"
            );
        }
        let text = fill(
            Lang::En,
            pattern(Lang::En, Fmt::LoginWith),
            &[("name", "BankID".into())],
        );
        assert_eq!(text, "Log in with BankID");
    }

    #[test]
    fn easy_to_read_texts_differ_from_the_ordinary_ones() {
        for &key in Key::ALL {
            if let Some(easy) = tables::text(Table::EasyRead, key) {
                assert_ne!(easy, text_sv(key), "{key:?}");
            }
        }
    }

    #[test]
    fn no_text_is_left_untranslated_by_accident() {
        // Texts that are legitimately the same in Swedish and another language.
        let same_ok = [
            Key::SiteName,
            Key::PartyOrganisation,
            Key::PartyPerson,
            Key::NavStart,
        ];
        for &key in Key::ALL {
            for lang in [Lang::En, Lang::Fi, Lang::Ar] {
                if !same_ok.contains(&key) && translate(Lang::Sv, key) == translate(lang, key) {
                    panic!("{key:?} has the same text in Swedish and {lang:?}");
                }
            }
        }
    }

    #[test]
    fn languages_by_tag() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::from_tag("de"), None);
    }
}
