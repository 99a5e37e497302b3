//! `/api/auth/*` and `/api/session`: logging in, the session cookie and its timeouts, logout,
//! and CSRF protection.

mod csrf;
mod login;
mod oidc;
mod session;
mod tokens;
