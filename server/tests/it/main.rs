//! The server's integration tests: one test binary, `it`, over the real router and a real
//! SQLite file in a temporary directory (see `common`).
//!
//! The folders follow the API's shape:
//!
//! - `common/` – the harness (`TestApp`, logins, requests, clock) and `smtp_sink` (a real SMTP
//!   server); `common::messaging` has the helpers the messaging areas share.
//! - `http` – what every route shares: health, security headers, JSON errors, body limits.
//! - `contract` – what contract fuzzing (`scripts/fuzz-api`) found, one test per finding.
//! - `auth/` – `/api/auth/*` and `/api/session`: login, session cookie, timeouts, CSRF.
//! - `me/` – `/api/me/*`: personal details, accessibility, channels, notices, the outbox.
//! - `messages/` – `/api/messages`, `/api/uploads`, `/api/documents`.
//! - `matters/` – `/api/matters/*`: requests to supplement and their answers.
//! - `system/` – `/api/system/v1/*`: the agency systems' keys, matters and deliveries.
//! - `representation/` – companies, mandates, acting for a party, grants and their system API.
//! - `terminal/` – `/api/terminal/*`: customer terminals, help from staff and drafts.
//! - `eservices/` – e-services: publishing, prefill, drafts, submissions and what agencies fetch.
//! - `feedback` – feedback and satisfaction, and the system API that reads them.
//! - `audit` – the audit trail; `openapi` – `server/openapi.json` and the routes it documents;
//!   `spa` – hosting of the built SPA.
//!
//! Each area's `mod.rs` holds the helpers its tests share. Run everything with
//! `cargo test -p minsida-server --test it`, or one area by its module path, e.g.
//! `cargo test -p minsida-server --test it -- messages::` or `-- me::channels::worker::`.

mod common;

mod audit;
mod auth;
mod backup;
mod contract;
mod crash;
mod eservices;
mod feedback;
mod http;
mod instances;
mod limits;
mod matters;
mod me;
mod messages;
mod openapi;
mod ops;
mod properties;
mod representation;
mod spa;
mod system;
mod terminal;
