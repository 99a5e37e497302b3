//! - Rebuild when a migration is added or changed: `sqlx::migrate!` embeds the files of
//!   `migrations/` at compile time, and cargo does not watch that directory by itself.
//! - Generate the notice texts (e-mail and SMS) from `locales/<language>/notices.ftl`, after
//!   the same checks as the app's texts (see `i18n/`): a missing message, other variables
//!   than in Swedish or unsupported Fluent stops the build with the file and line.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales");
    println!("cargo:rerun-if-changed=../locales");
    match minsida_i18n::Locales::load(&locales, "notices.ftl") {
        Ok(locales) => {
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
                .join("notices.rs");
            std::fs::write(out, locales.rust_code(minsida_i18n::Tables::CompiledIn))
                .expect("OUT_DIR is writable");
        }
        Err(errors) => panic!(
            "{} problem(s) in the notice texts (locales/*/notices.ftl):\n{}",
            errors.len(),
            errors.join("\n")
        ),
    }
}
