//! Acting for someone else: the always-visible "acting as" bar, choosing whom to act for,
//! the organisation's data, grants the person gives for their own matters, and the log of
//! who else looked at or acted on the data. One routed page per file; the helpers they
//! share are here.

mod access_log;
mod acting_bar;
mod choose;
mod grants;
mod organisation;

pub use access_log::AccessLogPage;
pub use acting_bar::ActingBar;
pub use choose::ChoosePartyPage;
pub use grants::GrantsPage;
pub use organisation::OrganisationView;

use minsida_api::org::display_party_identifier;
use minsida_api::representation::{AccessLevel, Area, Party, RepresentationRole, Scope};

use crate::i18n::{I18n, Key};

pub const CHOOSE_PARTY_PATH: &str = "/agera-for";
pub const GRANTS_PATH: &str = "/ombud";
pub const ACCESS_LOG_PATH: &str = "/atkomstlogg";

pub fn role_key(role: RepresentationRole) -> Key {
    match role {
        RepresentationRole::Signatory => Key::RoleSignatory,
        RepresentationRole::Representative => Key::RoleRepresentative,
        RepresentationRole::Guardian => Key::RoleGuardian,
        RepresentationRole::Trustee => Key::RoleTrustee,
        RepresentationRole::Administrator => Key::RoleAdministrator,
    }
}

pub fn area_key(area: Area) -> Key {
    match area {
        Area::Messages => Key::AreaMessages,
        Area::Matters => Key::AreaMatters,
        Area::Preferences => Key::AreaPreferences,
        Area::PersonalData => Key::AreaPersonalData,
    }
}

fn level_key(level: AccessLevel) -> Key {
    match level {
        AccessLevel::Read => Key::LevelRead,
        AccessLevel::Act => Key::LevelAct,
    }
}

/// "Meddelanden (läsa), Ärenden (läsa och göra)".
fn scopes_text(i18n: I18n, scopes: &[Scope]) -> String {
    let mut sorted = scopes.to_vec();
    sorted.sort_by_key(|s| s.area);
    sorted
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                i18n.t(area_key(s.area)),
                i18n.t(level_key(s.level))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Name and number of a party, e.g. "Lindqvist Bygg AB, 556677-8899".
fn party_label(p: &Party) -> String {
    format!("{}, {}", p.name, display_party_identifier(&p.identifier))
}
