//! Reading, checking and compiling the message files (the `build` feature).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;

use crate::plural_categories;

/// How a language's file relates to the default language's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Swedish: every message is defined here first; compiled into the main module.
    Default,
    /// A language of the interface: must have every message of the default language.
    Complete,
    /// Easy-to-read Swedish: replaces the default language's text where it has one, and must
    /// have one for every guidance text, hint and error message ([`needs_easy_read`]).
    EasyRead,
}

/// A language the app offers, in the order of the language switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 tag, also the folder's name under `locales/`.
    pub tag: &'static str,
    pub kind: Kind,
}

/// The languages, the default first. `sv-x-lattlast` is a private-use BCP 47 tag: the
/// page's `lang` stays `sv`.
pub const LANGUAGES: &[Language] = &[
    Language {
        tag: "sv",
        kind: Kind::Default,
    },
    Language {
        tag: "en",
        kind: Kind::Complete,
    },
    Language {
        tag: "fi",
        kind: Kind::Complete,
    },
    Language {
        tag: "ar",
        kind: Kind::Complete,
    },
    Language {
        tag: "sv-x-lattlast",
        kind: Kind::EasyRead,
    },
];

/// Whether a message is guidance, a hint or an error message, which easy-to-read Swedish
/// must cover: ids ending in `-intro`, `-hint`, `-text`, `-text-terminal`, `-warning` or
/// `-notice`, and ids starting with `err-` or `login-failed-`.
pub fn needs_easy_read(id: &str) -> bool {
    [
        "-intro",
        "-hint",
        "-text",
        "-text-terminal",
        "-warning",
        "-notice",
    ]
    .iter()
    .any(|suffix| id.ends_with(suffix))
        || id.starts_with("err-")
        || id.starts_with("login-failed-")
}

const CLDR_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A message as the app uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    /// The variable a select expression selects on.
    pub selector: Option<String>,
    /// `(variant key, text)`, the default variant last; one variant with key `""` when the
    /// message has no select expression. Variables are written `{$name}` in the text.
    pub variants: Vec<(String, String)>,
    /// Every variable the message uses.
    pub variables: BTreeSet<String>,
    /// 1-based line of the message in its file.
    pub line: usize,
}

/// One language's messages.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub language: Language,
    /// `locales/<tag>/<file>`, for messages about it.
    pub path: String,
    pub messages: BTreeMap<String, Message>,
    /// Ids in file order.
    pub order: Vec<String>,
}

/// Where the languages other than the default are, in generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tables {
    /// Compiled in without the `split` feature; fetched by the browser with it (the app).
    FetchedWhenSplit,
    /// Always compiled in (the server).
    CompiledIn,
}

/// Every language's messages, checked against each other.
#[derive(Debug, Clone)]
pub struct Locales {
    /// In [`LANGUAGES`] order; the default language first.
    pub catalogues: Vec<Catalogue>,
}

impl Locales {
    /// Reads `<dir>/<tag>/<file>` for every language of [`LANGUAGES`] and checks them: Fluent
    /// syntax, only what the app supports, every message of the default language in every
    /// complete language, no message that the default language lacks, the same variables
    /// everywhere, plural categories of the language, easy-to-read coverage. Every problem
    /// is returned, each naming its file and line.
    pub fn load(dir: &Path, file: &str) -> Result<Locales, Vec<String>> {
        let mut errors = Vec::new();
        let mut catalogues = Vec::new();
        for &language in LANGUAGES {
            let path = dir.join(language.tag).join(file);
            let shown = format!("locales/{}/{file}", language.tag);
            match std::fs::read_to_string(&path) {
                Ok(source) => match parse_catalogue(language, &shown, &source) {
                    Ok(catalogue) => catalogues.push(catalogue),
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => errors.push(format!("{shown}: cannot be read: {e}")),
            }
        }
        if errors.is_empty() {
            let locales = Locales { catalogues };
            errors = locales.check();
            if errors.is_empty() {
                return Ok(locales);
            }
        }
        Err(errors)
    }

    /// The default language's catalogue.
    pub fn default_catalogue(&self) -> &Catalogue {
        &self.catalogues[0]
    }

    fn check(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let default = self.default_catalogue();
        for catalogue in &self.catalogues[1..] {
            let tag = catalogue.language.tag;
            for id in &catalogue.order {
                let message = &catalogue.messages[id];
                let at = format!("{}:{}", catalogue.path, message.line);
                let Some(original) = default.messages.get(id) else {
                    errors.push(format!(
                        "{at}: `{id}` is not a message of {} (remove it, or add it there first)",
                        default.path
                    ));
                    continue;
                };
                if message.variables != original.variables {
                    errors.push(format!(
                        "{at}: `{id}` uses the variables {:?}, but {} uses {:?}",
                        message.variables, default.path, original.variables
                    ));
                }
                if let Some(bad) = wrong_plural_key(tag, message) {
                    errors.push(format!(
                        "{at}: `{id}` has the variant [{bad}], which is not a plural category \
                         of `{tag}` ({})",
                        plural_categories(tag).join(", ")
                    ));
                }
            }
            for id in &default.order {
                if catalogue.messages.contains_key(id) {
                    continue;
                }
                let missing = match catalogue.language.kind {
                    Kind::Complete => true,
                    Kind::EasyRead => needs_easy_read(id),
                    Kind::Default => false,
                };
                if missing {
                    errors.push(format!(
                        "{}: `{id}` is missing (it is in {}:{})",
                        catalogue.path, default.path, default.messages[id].line
                    ));
                }
            }
        }
        for message in default.messages.values() {
            if let Some(bad) = wrong_plural_key(default.language.tag, message) {
                errors.push(format!(
                    "{}:{}: `{}` has the variant [{bad}], which is not a plural category of `{}`",
                    default.path, message.line, message.id, default.language.tag
                ));
            }
        }
        errors
    }

    /// Messages of the default language without variables (the app's `Key`), in file order.
    pub fn keys(&self) -> Vec<&Message> {
        self.default_messages(false)
    }

    /// Messages of the default language with variables (the app's `Fmt`), in file order.
    pub fn formats(&self) -> Vec<&Message> {
        self.default_messages(true)
    }

    fn default_messages(&self, with_variables: bool) -> Vec<&Message> {
        let default = self.default_catalogue();
        default
            .order
            .iter()
            .map(|id| &default.messages[id])
            .filter(|m| m.variables.is_empty() != with_variables)
            .collect()
    }

    /// The table the browser fetches for a language that is not the default: `{"texts":
    /// […], "formats": […]}`, in the order of `Key::ALL` and `Fmt::ALL`; a text is `null`
    /// where the language has none (easy-to-read Swedish), a format is `[selector,
    /// [[key, text], …]]`.
    pub fn catalogue_json(&self, catalogue: &Catalogue) -> String {
        let texts: Vec<serde_json::Value> = self
            .keys()
            .iter()
            .map(|m| match catalogue.messages.get(&m.id) {
                Some(own) => own.variants[0].1.clone().into(),
                None => serde_json::Value::Null,
            })
            .collect();
        let formats: Vec<serde_json::Value> = self
            .formats()
            .iter()
            .map(|m| match catalogue.messages.get(&m.id) {
                Some(own) => {
                    serde_json::json!([own.selector.clone().unwrap_or_default(), own.variants])
                }
                None => serde_json::Value::Null,
            })
            .collect();
        serde_json::json!({ "texts": texts, "formats": formats }).to_string()
    }

    /// The file name of a language's fetched table: `<tag>-<16 hex digits of a hash of its
    /// content>.json`, so a browser never mixes a table with an app of another version and
    /// the server may cache it forever.
    pub fn catalogue_file_name(&self, catalogue: &Catalogue) -> String {
        let json = self.catalogue_json(catalogue);
        format!(
            "{}-{:016x}.json",
            catalogue.language.tag,
            fnv1a64(json.as_bytes())
        )
    }

    /// Rust source (`include!`d by the app's `src/i18n.rs` and the server's notice texts): the
    /// `Key` and `Fmt` enums, the default language's texts (`text_sv`, `format_sv`) and every
    /// other language's (`text_en`, … returning `Option`); with [`Tables::FetchedWhenSplit`]
    /// the other languages only for builds without the `split` feature, and the fetched
    /// tables' file names (`CATALOGUE_EN`, …) for builds with it.
    pub fn rust_code(&self, tables: Tables) -> String {
        let keys = self.keys();
        let formats = self.formats();
        let mut out = String::from(
            "// @generated by minsida-i18n (i18n/) from locales/*/minsida.ftl; do not edit.\n\n",
        );
        enum_code(
            &mut out,
            "Key",
            "A message without variables: `I18n::t`.",
            &keys,
        );
        enum_code(
            &mut out,
            "Fmt",
            "A message with variables: `I18n::f`.",
            &formats,
        );
        for catalogue in &self.catalogues {
            let name = fn_name(catalogue.language.tag);
            let default = catalogue.language.kind == Kind::Default;
            let fetched = tables == Tables::FetchedWhenSplit;
            if !default && fetched {
                let _ = writeln!(
                    out,
                    "/// The file of `{}`'s table, fetched when the language is chosen.\n\
                     #[cfg(feature = \"split\")]\n\
                     pub const CATALOGUE_{}: &str = {:?};\n",
                    catalogue.language.tag,
                    name.to_uppercase(),
                    self.catalogue_file_name(catalogue)
                );
            }
            let cfg = if default || !fetched {
                ""
            } else {
                "#[cfg(not(feature = \"split\"))]\n"
            };
            let table = |item: &str, arg: &str, ty: &str| TableFn {
                cfg,
                name: format!("{item}_{name}"),
                arg: arg.to_string(),
                ret: if default {
                    ty.to_string()
                } else {
                    format!("Option<{ty}>")
                },
                total: if item == "text" {
                    keys.len()
                } else {
                    formats.len()
                },
                default,
            };
            table("text", "key: Key", "&'static str").write(
                &mut out,
                keys.iter().filter_map(|m| {
                    let own = catalogue.messages.get(&m.id)?;
                    Some(format!("Key::{} => {:?},", camel(&m.id), own.variants[0].1))
                }),
            );
            table("format", "fmt: Fmt", "Pattern").write(
                &mut out,
                formats.iter().filter_map(|m| {
                    let own = catalogue.messages.get(&m.id)?;
                    let mut arm = format!(
                        "Fmt::{} => ({:?}, &[",
                        camel(&m.id),
                        own.selector.as_deref().unwrap_or("")
                    );
                    for (key, text) in &own.variants {
                        let _ = write!(arm, "({key:?}, {text:?}), ");
                    }
                    arm.push_str("]),");
                    Some(arm)
                }),
            );
        }
        out
    }
}

/// One generated function from a message to its text or pattern in one language.
struct TableFn<'a> {
    cfg: &'a str,
    /// `text_sv`, `format_en`, …
    name: String,
    /// `key: Key` or `fmt: Fmt`.
    arg: String,
    ret: String,
    /// How many messages there are (the arms given may be fewer: a partial language).
    total: usize,
    /// The default language has every message and returns no `Option`.
    default: bool,
}

impl TableFn<'_> {
    fn write(&self, out: &mut String, arms: impl Iterator<Item = String>) {
        let arms: Vec<String> = arms.collect();
        let (cfg, name, ret) = (self.cfg, &self.name, &self.ret);
        if !self.default && arms.is_empty() {
            let ty = self.arg.split(": ").nth(1).unwrap_or_default();
            let _ = writeln!(
                out,
                "{cfg}pub fn {name}(_: {ty}) -> {ret} {{\n    None\n}}\n"
            );
            return;
        }
        let arg = &self.arg;
        let var = arg.split(':').next().unwrap_or_default();
        let (open, close) = if self.default {
            (format!("match {var} {{"), "}")
        } else {
            (format!("Some(match {var} {{"), "})")
        };
        let _ = writeln!(out, "{cfg}pub fn {name}({arg}) -> {ret} {{\n    {open}");
        for arm in &arms {
            let _ = writeln!(out, "        {arm}");
        }
        if arms.len() < self.total {
            out.push_str("        #[allow(unreachable_patterns)]\n        _ => return None,\n");
        }
        let _ = writeln!(out, "    {close}\n}}\n");
    }
}

fn enum_code(out: &mut String, name: &str, doc: &str, messages: &[&Message]) {
    let _ = writeln!(
        out,
        "/// {doc}\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n\
         #[allow(clippy::enum_variant_names)]\n\
         pub enum {name} {{"
    );
    for m in messages {
        let _ = writeln!(out, "    {},", camel(&m.id));
    }
    let _ = writeln!(
        out,
        "}}\n\nimpl {name} {{\n    /// Every one, in the order of the Swedish file (and of the fetched tables).\n    \
         #[cfg_attr(not(test), allow(dead_code))]\n    pub const ALL: &'static [{name}] = &["
    );
    for m in messages {
        let _ = writeln!(out, "        {name}::{},", camel(&m.id));
    }
    out.push_str("    ];\n}\n\n");
}

/// `login-failed-generic` → `LoginFailedGeneric`; `registration-f-tax` → `RegistrationFTax`.
pub fn camel(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `sv-x-lattlast` → `sv_x_lattlast`.
pub fn fn_name(tag: &str) -> String {
    tag.replace('-', "_")
}

/// FNV-1a, 64 bits: a content hash for file names (not a security property).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A variant key that looks like a plural category but is not one of `tag`'s.
fn wrong_plural_key(tag: &str, message: &Message) -> Option<String> {
    let keys: Vec<&str> = message.variants.iter().map(|(k, _)| k.as_str()).collect();
    let plural = keys.iter().any(|k| CLDR_CATEGORIES.contains(k));
    if !plural {
        return None;
    }
    keys.iter()
        .find(|k| !plural_categories(tag).contains(k) && k.parse::<i64>().is_err() && !k.is_empty())
        .map(|k| k.to_string())
}

/// A piece of a pattern while it is flattened.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Var(String),
    Select {
        selector: String,
        /// `(key, pieces, default)`
        variants: Vec<(String, Vec<Piece>, bool)>,
    },
}

struct Source<'s> {
    path: &'s str,
    text: &'s str,
    terms: BTreeMap<&'s str, &'s ast::Pattern<&'s str>>,
    messages: BTreeMap<&'s str, &'s ast::Pattern<&'s str>>,
}

impl Source<'_> {
    fn line_of(&self, needle: &str) -> usize {
        line_at(self.text, self.text.find(needle).unwrap_or(0))
    }
}

fn line_at(text: &str, pos: usize) -> usize {
    text[..pos.min(text.len())].matches('\n').count() + 1
}

fn parse_catalogue(language: Language, path: &str, source: &str) -> Result<Catalogue, Vec<String>> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            return Err(errors
                .iter()
                .map(|e| format!("{path}:{}: {:?}", line_at(source, e.pos.start), e.kind))
                .collect())
        }
    };
    let mut errors = Vec::new();
    let mut src = Source {
        path,
        text: source,
        terms: BTreeMap::new(),
        messages: BTreeMap::new(),
    };
    let mut order = Vec::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let id = m.id.name;
                let line = line_at(source, find_definition(source, id));
                if !m.attributes.is_empty() {
                    errors.push(format!(
                        "{path}:{line}: `{id}` has attributes, which the app does not use"
                    ));
                }
                match &m.value {
                    Some(value) => {
                        if src.messages.insert(id, value).is_some() {
                            errors.push(format!("{path}:{line}: `{id}` is defined twice"));
                        } else {
                            order.push(id);
                        }
                    }
                    None => errors.push(format!("{path}:{line}: `{id}` has no text")),
                }
            }
            ast::Entry::Term(t) if src.terms.insert(t.id.name, &t.value).is_some() => {
                errors.push(format!(
                    "{path}: the term `-{}` is defined twice",
                    t.id.name
                ));
            }
            ast::Entry::Junk { content } => errors.push(format!(
                "{path}:{}: not Fluent syntax: {}",
                src.line_of(content),
                content.trim()
            )),
            _ => {}
        }
    }
    let mut messages = BTreeMap::new();
    for &id in &order {
        let line = line_at(source, find_definition(source, id));
        match flatten(&src, src.messages[id], 0).and_then(|pieces| to_message(id, line, pieces)) {
            Ok(message) => {
                messages.insert(id.to_string(), message);
            }
            Err(e) => errors.push(format!("{}:{line}: `{id}`: {e}", src.path)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Catalogue {
        language,
        path: path.to_string(),
        messages,
        order: order.into_iter().map(String::from).collect(),
    })
}

/// The offset of `id = ` at the start of a line.
fn find_definition(source: &str, id: &str) -> usize {
    let mut from = 0;
    while let Some(found) = source[from..].find(id) {
        let at = from + found;
        let line_start = at == 0 || source.as_bytes()[at - 1] == b'\n';
        let rest = source[at + id.len()..].trim_start_matches([' ', '\t']);
        if line_start && rest.starts_with('=') {
            return at;
        }
        from = at + id.len();
    }
    0
}

fn flatten(
    src: &Source<'_>,
    pattern: &ast::Pattern<&str>,
    depth: usize,
) -> Result<Vec<Piece>, String> {
    if depth > 8 {
        return Err("references nest too deep (a cycle?)".into());
    }
    let mut pieces = Vec::new();
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => {
                pieces.push(Piece::Text(value.to_string()));
            }
            ast::PatternElement::Placeable { expression } => {
                pieces.extend(expression_pieces(src, expression, depth)?);
            }
        }
    }
    Ok(pieces)
}

fn expression_pieces(
    src: &Source<'_>,
    expression: &ast::Expression<&str>,
    depth: usize,
) -> Result<Vec<Piece>, String> {
    match expression {
        ast::Expression::Inline(inline) => inline_pieces(src, inline, depth),
        ast::Expression::Select { selector, variants } => {
            let selector = match selector {
                ast::InlineExpression::VariableReference { id } => id.name.to_string(),
                ast::InlineExpression::FunctionReference { id, arguments }
                    if id.name == "NUMBER"
                        && arguments.named.is_empty()
                        && arguments.positional.len() == 1 =>
                {
                    match &arguments.positional[0] {
                        ast::InlineExpression::VariableReference { id } => id.name.to_string(),
                        _ => return Err("NUMBER() takes one variable".into()),
                    }
                }
                _ => return Err("a select expression must select on a variable".into()),
            };
            let mut out = Vec::new();
            for variant in variants {
                let key = match &variant.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                };
                let pieces = flatten(src, &variant.value, depth + 1)?;
                if pieces.iter().any(|p| matches!(p, Piece::Select { .. })) {
                    return Err("a select expression inside another is not supported".into());
                }
                out.push((key, pieces, variant.default));
            }
            Ok(vec![Piece::Select {
                selector,
                variants: out,
            }])
        }
    }
}

fn inline_pieces(
    src: &Source<'_>,
    inline: &ast::InlineExpression<&str>,
    depth: usize,
) -> Result<Vec<Piece>, String> {
    match inline {
        ast::InlineExpression::StringLiteral { value } => {
            let text = unescape(value)?;
            if text.contains(['{', '}']) {
                // The app writes variables as `{$name}` in its tables and fills in every `{…}`.
                return Err("a literal `{` or `}` is not supported".into());
            }
            Ok(vec![Piece::Text(text)])
        }
        ast::InlineExpression::NumberLiteral { value } => Ok(vec![Piece::Text(value.to_string())]),
        ast::InlineExpression::VariableReference { id } => {
            Ok(vec![Piece::Var(id.name.to_string())])
        }
        ast::InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => match src.terms.get(id.name) {
            Some(pattern) => flatten(src, pattern, depth + 1),
            None => Err(format!(
                "the term `-{}` is not defined in this file",
                id.name
            )),
        },
        ast::InlineExpression::MessageReference {
            id,
            attribute: None,
        } => match src.messages.get(id.name) {
            Some(pattern) => flatten(src, pattern, depth + 1),
            None => Err(format!(
                "the message `{}` is not defined in this file",
                id.name
            )),
        },
        ast::InlineExpression::Placeable { expression } => {
            expression_pieces(src, expression, depth)
        }
        _ => Err(
            "only variables, literals and references to terms and messages are supported".into(),
        ),
    }
}

/// A Fluent string literal's escapes: `\"`, `\\`, `\uXXXX`, `\UXXXXXX`.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(u @ ('u' | 'U')) => {
                let len = if u == 'u' { 4 } else { 6 };
                let hex: String = chars.by_ref().take(len).collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad escape \\{u}{hex}"))?;
                out.push(ch);
            }
            other => return Err(format!("bad escape \\{}", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

fn render(pieces: &[Piece], variables: &mut BTreeSet<String>) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => {
                variables.insert(name.clone());
                let _ = write!(out, "{{${name}}}");
            }
            Piece::Select { .. } => unreachable!("selects are split off before rendering"),
        }
    }
    out
}

fn to_message(id: &str, line: usize, pieces: Vec<Piece>) -> Result<Message, String> {
    let selects = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Select { .. }))
        .count();
    let mut variables = BTreeSet::new();
    if selects > 1 {
        return Err(
            "more than one select expression; write one select with whole sentences".into(),
        );
    }
    let Some(at) = pieces
        .iter()
        .position(|p| matches!(p, Piece::Select { .. }))
    else {
        let text = render(&pieces, &mut variables);
        if text.trim().is_empty() {
            return Err("the text is empty".into());
        }
        return Ok(Message {
            id: id.to_string(),
            selector: None,
            variants: vec![(String::new(), text)],
            variables,
            line,
        });
    };
    let (before, rest) = pieces.split_at(at);
    let Piece::Select { selector, variants } = &rest[0] else {
        unreachable!()
    };
    variables.insert(selector.clone());
    let after = &rest[1..];
    let mut out = Vec::new();
    let mut default = None;
    for (key, variant, is_default) in variants {
        let mut all = before.to_vec();
        all.extend(variant.iter().cloned());
        all.extend(after.iter().cloned());
        let text = render(&all, &mut variables);
        if text.trim().is_empty() {
            return Err(format!("the variant [{key}] is empty"));
        }
        if *is_default {
            default = Some((key.clone(), text));
        } else {
            out.push((key.clone(), text));
        }
    }
    out.push(default.ok_or("the select expression has no default variant")?);
    Ok(Message {
        id: id.to_string(),
        selector: Some(selector.clone()),
        variants: out,
        variables,
        line,
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
