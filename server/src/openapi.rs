//! The OpenAPI 3.1 description of the API, generated from the handlers.

use minsida_api::{
    ApiErrorBody, AuthProvider, AuthProviders, ContactDetails, ErrorCode, FieldError,
    FieldErrorCode, Health, PersonSummary, PersonalDetails, PostalAddress, ProviderKind,
    SessionInfo, TestLoginRequest, TestPerson, UpdateContactRequest, CSRF_HEADER,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Min sida API",
        description = "JSON API of Min sida, the agency's citizen portal. Every error response \
            carries an `ApiErrorBody`. Authentication is a session cookie set at login; \
            POST, PUT, PATCH and DELETE requests must also send the session's CSRF token in \
            the `x-csrf-token` header, and bodies must be `application/json`."
    ),
    paths(
        routes::health::health,
        routes::health::openapi,
        routes::auth::providers,
        routes::auth::test_persons,
        routes::auth::test_login,
        routes::auth::logout,
        routes::session::session,
        routes::me::personal_details,
        routes::me::update_contact,
    ),
    components(schemas(
        ApiErrorBody, ErrorCode, FieldError, FieldErrorCode, Health, AuthProvider, AuthProviders,
        ProviderKind, TestPerson, TestLoginRequest, PersonSummary, SessionInfo, PostalAddress,
        ContactDetails, PersonalDetails, UpdateContactRequest,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "Health and API description"),
        (name = "auth", description = "Identity providers, login, logout and the session"),
        (name = "me", description = "The logged-in person's own data (Mina uppgifter)"),
    )
)]
pub struct ApiDoc;

/// Adds the session cookie and the CSRF header as security schemes.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "minsida_session",
                "Session cookie set by login. Named `__Host-minsida_session` when the service \
                 is served over https. HttpOnly; SameSite=Strict; Path=/.",
            ))),
        );
        components.add_security_scheme(
            "csrf_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                CSRF_HEADER,
                "The session's `csrf_token` (from `SessionInfo`), required on every POST, PUT, \
                 PATCH and DELETE made with a session.",
            ))),
        );
    }
}

/// The OpenAPI document.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as pretty-printed JSON with a final newline, as checked in at
/// `server/openapi.json`.
pub fn pretty_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    json.push('\n');
    json
}
