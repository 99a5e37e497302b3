//! `minsida-i18n catalogues <locales dir> <out dir>`: writes the table of every language but
//! the default (`<tag>-<hash>.json`, see `Locales::catalogue_json`) for `scripts/build-spa`,
//! after the same checks as the app's build.
//!
//! `minsida-i18n check <locales dir>`: only the checks.

use std::path::Path;
use std::process::ExitCode;

use minsida_i18n::{Kind, Locales};

#[allow(clippy::print_stderr, clippy::print_stdout)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, locales_dir, out_dir) = match args.as_slice() {
        [c, l, o] if c == "catalogues" => (c, l, Some(o)),
        [c, l] if c == "check" => (c, l, None),
        _ => {
            eprintln!(
                "usage: minsida-i18n catalogues <locales dir> <out dir> | check <locales dir>"
            );
            return ExitCode::from(2);
        }
    };
    let locales = match Locales::load(Path::new(locales_dir), "minsida.ftl") {
        Ok(locales) => locales,
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("{} problem(s) in {locales_dir}", errors.len());
            return ExitCode::FAILURE;
        }
    };
    let Some(out_dir) = out_dir else {
        println!(
            "{command}: {} languages, {} messages each",
            locales.catalogues.len(),
            locales.default_catalogue().order.len()
        );
        return ExitCode::SUCCESS;
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("{out_dir}: {e}");
        return ExitCode::FAILURE;
    }
    for catalogue in &locales.catalogues {
        if catalogue.language.kind == Kind::Default {
            continue;
        }
        let path = Path::new(out_dir).join(locales.catalogue_file_name(catalogue));
        if let Err(e) = std::fs::write(&path, locales.catalogue_json(catalogue)) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
