//! "Tillgänglighet": the accessibility settings (reachable from every page, also before
//! login) and the accessibility statement, one routed page per file.

mod settings;
mod statement;

pub use settings::AccessibilityPage;
pub use statement::StatementPage;

pub const ACCESSIBILITY_PATH: &str = "/tillganglighet";
pub const STATEMENT_PATH: &str = "/tillganglighetsredogorelse";
