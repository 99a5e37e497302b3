//! Demo messages and matters, delivered through the real system-to-system API.
//!
//! Runs when demo data is enabled, after the demo persons are seeded: every matter, message
//! and request to supplement is an HTTP request (`tower::ServiceExt::oneshot`) to the API
//! router with the demo system's bearer key, so the demo exercises exactly the production
//! path (validation, encryption at rest, timeline, audit). To make the inbox look lived-in,
//! each request runs with the clock set back by some days. Only the read state of a few old
//! messages is set directly afterwards (a person opening them would otherwise be needed).
//!
//! The demo companies' signatories and the other demo representations are registered through
//! the system API's representation routes the same way, and the companies get their own
//! matter, messages and an open request to supplement (so a signatory can answer it for the
//! company).
//!
//! Idempotent across restarts: the persons' messages are delivered unless Anna Andersson
//! already has a matter, the representations and company data unless Andersson Konsult AB
//! has one.
//!
//! Split by what is seeded: `persons` (the demo persons' matters and messages),
//! `organisations` (representations, and the companies' matters and messages); `client`
//! is the system API client both use and `pdf` the documents attached to the messages.

mod client;
pub mod eservices;
mod organisations;
mod pdf;
mod persons;

use crate::AppState;

pub use pdf::demo_pdf;

const ANNA: &str = "198112189876";
const LARS: &str = "197010632391";
const TOLVAN: &str = "191212121212";
/// Andersson Konsult AB (signatory: Anna Andersson).
pub const ORG_KONSULT: &str = "559123-4561";
/// Berg & Tolvansson Handelsbolag (signatories: Lars Berg and Tolvan Tolvansson).
pub const ORG_HANDELSBOLAG: &str = "969789-0128";

const DAY: i64 = 24 * 60 * 60;

const SKATT: &str = "Skatteverket, Beskattning";
const FOLKBOKFORING: &str = "Skatteverket, Folkbokföring";
const FSKATT: &str = "Skatteverket, Företagsregistrering";
const SERVICE: &str = "Skatteverket, Kundservice";

/// Deliver the demo matters and messages, and register the demo representations, unless
/// already there; publish the demo e-services (again: an unchanged definition changes
/// nothing). Returns the number of API requests that changed something (0 when everything
/// was already there).
pub async fn seed_messages(state: &AppState) -> Result<usize, String> {
    let persons = persons::seed_person_messages(state).await?;
    let representation = organisations::seed_representation(state).await?;
    let mut client = client::Client {
        state,
        now: state.now_unix(),
        requests: 0,
    };
    let services = eservices::publish(&mut client).await?;
    Ok(persons + representation + services)
}
