//! Generates the app's text tables from the Fluent message files (`locales/`), checking them
//! first: a missing or extra message, other variables than in Swedish, a plural category the
//! language does not have or Fluent the app does not support stops the build with the file
//! and line (see `i18n/`).

use std::path::Path;

fn main() {
    let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed=locales");
    match minsida_i18n::Locales::load(&locales, "minsida.ftl") {
        Ok(locales) => {
            let out =
                Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("texts.rs");
            std::fs::write(
                out,
                locales.rust_code(minsida_i18n::Tables::FetchedWhenSplit),
            )
            .expect("OUT_DIR is writable");
        }
        Err(errors) => {
            for error in &errors {
                println!("cargo:warning={error}");
            }
            panic!(
                "{} problem(s) in the message files (locales/):\n{}",
                errors.len(),
                errors.join("\n")
            );
        }
    }
}
