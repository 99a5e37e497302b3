//! `/api/me/*`: the logged-in person's own data (grants are under `representation`).

mod accessibility;
mod channels;
mod details;
