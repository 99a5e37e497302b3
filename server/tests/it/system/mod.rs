//! The agency systems' API, `/api/system/v1/*`: keys, isolation, matters and deliveries.
//! Endpoints that belong to one area are tested there (representations in
//! `representation::system_api`, channel preferences in `me::channels::preferences`, the staff
//! view of terminals in `terminal::help`).

mod deliveries;
mod keys;
mod opening_matters;
mod tokens;
