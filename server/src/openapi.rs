//! The OpenAPI 3.1 description of the API, generated from the handlers.
//!
//! [`ApiDoc`] holds what is not tied to a route (info, tags, security schemes, component
//! schemas); the paths come from the router itself ([`routes::api_routes`]), so every routed
//! handler is documented and every documented operation is routed.

use std::sync::LazyLock;

use minsida_api::a11y::{AccessibilityPrefs, Motion, StoredAccessibilityPrefs, TextSize, Theme};
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ConfirmVerification, ContactChannel, ContactVerification,
    KindPreference, LetterLanguage, NoticeChannel, NoticeLog, NoticeLogEntry, NoticePurpose,
    NoticeStatus, PendingCode, PhoneTime, PreferenceChange, PreferenceHistory,
    PreferenceHistoryEntry, StartVerification, SystemChannelPreferences, VerifyTarget,
};
use minsida_api::messages::{
    BodyBlock, DocumentInfo, InboxFolder, InboxPage, MatterCategory, MatterDetail, MatterList,
    MatterRef, MatterStatus, MatterSummary, MessageDetail, MessageDirection, MessageKind,
    MessageStateUpdate, MessageSummary, Receipt, Recipient, SendMessageRequest, SupplementRequest,
    SupplementStatus, SystemAttachment, SystemCreateMatter, SystemDeliverMessage, SystemDelivery,
    SystemMatter, SystemReadReceipt, SystemSetStatus, SystemSubmission, SystemSubmissions,
    SystemSupplementRequest, TimelineEvent, TimelineKind, UploadedDocument,
};
use minsida_api::representation::{
    AccessActor, AccessKind, AccessLevel, AccessLog, AccessLogEntry, ActingAs, Area, CreateGrant,
    Grant, Grants, Mandate, OrganisationDetails, Parties, Party, PartyKind, RepresentationRole,
    Scope, SwitchParty, SystemCreateRepresentation, SystemRepresentation, TaxRegistration,
    TaxRegistrationKind,
};
use minsida_api::terminal::{
    Draft, EnrollTerminal, HelpRequest, HelpState, StaffTerminal, StaffTerminals, StepUpdate,
    StoredDraft, TerminalInfo, TerminalStatus, UnenrollTerminal, VisitStep,
};
use minsida_api::{
    ApiErrorBody, AuthProvider, AuthProviders, CheckStatus, ContactDetails, DatabaseHealth,
    ErrorCode, FieldError, FieldErrorCode, Health, Liveness, PersonSummary, PersonalDetails,
    PostalAddress, ProviderKind, Readiness, SessionInfo, TestLoginRequest, TestPerson,
    UpdateContactRequest, WalCheckpoint, CSRF_HEADER,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::{routes, AppState};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Min sida API",
        description = "JSON API of Min sida, the agency's citizen portal. Every error response \
            carries an `ApiErrorBody`. Authentication is a session cookie set at login; \
            POST, PUT, PATCH and DELETE requests must also send the session's CSRF token in \
            the `x-csrf-token` header, and bodies must be `application/json` (except \
            `POST /api/uploads`, which takes the raw file as `application/octet-stream`). \
            Message bodies are plain text in a small markup (blank line = paragraph, `## ` = \
            heading, `- ` = bullet item, `1. ` = numbered item), returned parsed as \
            `BodyBlock`s; never HTML. The agency system-to-system API under `/api/system/v1` \
            authenticates with `Authorization: Bearer <api key>` instead and ignores cookies. \
            A session shows the data of one party at a time: the logged-in person, or \
            (after `PUT /api/session/acting-as`) an organisation or person they have a valid \
            mandate for; every citizen endpoint then checks on each request that the mandate \
            covers its area and level and answers 403 `forbidden` otherwise. \
            Browsers an office has enrolled as customer terminals carry a device cookie; a \
            session started there has a shorter idle timeout, cannot download documents \
            (whoever it acts for) and ends with the visit."
    ),
    components(schemas(
        ApiErrorBody, ErrorCode, FieldError, FieldErrorCode, Health, DatabaseHealth,
        WalCheckpoint, Liveness, Readiness, CheckStatus, AuthProvider, AuthProviders,
        ProviderKind, TestPerson, TestLoginRequest, PersonSummary, SessionInfo, PostalAddress,
        ContactDetails, PersonalDetails, UpdateContactRequest, AccessibilityPrefs,
        StoredAccessibilityPrefs, TextSize, Theme, Motion,
        MatterCategory, MatterStatus, MessageDirection, MessageKind, InboxFolder, SupplementStatus,
        TimelineKind, BodyBlock, MatterRef, MessageSummary, InboxPage, DocumentInfo, Receipt,
        MessageDetail, MessageStateUpdate, SupplementRequest, MatterSummary, TimelineEvent,
        MatterDetail, MatterList, SendMessageRequest, UploadedDocument, Recipient,
        SystemCreateMatter, SystemMatter, SystemSetStatus, SystemAttachment, SystemDeliverMessage,
        SystemSupplementRequest, SystemDelivery, SystemReadReceipt, SystemSubmission,
        SystemSubmissions, PartyKind, Party, Area, AccessLevel, Scope, RepresentationRole,
        Mandate, Parties, ActingAs, SwitchParty, TaxRegistrationKind, TaxRegistration,
        OrganisationDetails, CreateGrant, Grant, Grants, AccessKind, AccessActor, AccessLogEntry,
        AccessLog, SystemCreateRepresentation, SystemRepresentation, TerminalStatus,
        TerminalInfo, EnrollTerminal, UnenrollTerminal, VisitStep, HelpRequest, HelpState,
        StepUpdate, StaffTerminal, StaffTerminals, Draft, StoredDraft,
        SystemSubmissions, ContactChannel, LetterLanguage, PhoneTime, KindPreference,
        ChannelPrefs, VerifyTarget, PendingCode, ContactVerification, ChannelSettings,
        StartVerification, ConfirmVerification, PreferenceChange, PreferenceHistoryEntry,
        PreferenceHistory, NoticeChannel, NoticePurpose, NoticeStatus, NoticeLogEntry, NoticeLog,
        SystemChannelPreferences,
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "Health and API description"),
        (name = "auth", description = "Identity providers, login, logout and the session"),
        (name = "me", description = "The logged-in person's own data (Mina uppgifter)"),
        (name = "channels", description = "Channel preferences, verification of the e-mail address and mobile number, and notices (Kontaktval)"),
        (name = "messages", description = "The person's secure messages (inbox)"),
        (name = "matters", description = "The person's matters, requests to supplement and sending"),
        (name = "documents", description = "Uploading, downloading and removing documents"),
        (name = "representation", description = "Acting for organisations and other persons: the parties one may act for, the acting-as switch, organisation data, grants given to others and who looked at one's data"),
        (name = "eservices", description = "E-services (\"Mina e-tjänster\"): the services the party may use, prefilled with what the agency already has, drafts saved on every step, and sending with a receipt"),
        (name = "feedback", description = "The person's voice: feedback (logged in or not) and the satisfaction question after a submission"),
        (name = "terminal", description = "Service-office customer terminals: enrollment, status and help from staff"),
        (name = "system-api", description = "System-to-system API for the agency's case handling systems (bearer API key)"),
    )
)]
pub struct ApiDoc;

/// Adds the session cookie, the CSRF header and the system API's bearer key as security
/// schemes.
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
        components.add_security_scheme(
            "terminal_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "minsida_terminal",
                "Device cookie of a customer terminal, set by `POST /api/terminal/enroll`. \
                 Named `__Host-minsida_terminal` when the service is served over https. \
                 HttpOnly; SameSite=Strict; Path=/; Max-Age 400 days.",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "API key of an agency system (`--system-api-key NAME=KEY`), for \
                         `/api/system/v1` only; a key may do every operation (see `oauth2` \
                         for scoped access tokens). Missing or wrong credentials get 401 with \
                         `WWW-Authenticate: Bearer`.",
                    ))
                    .build(),
            ),
        );
        // The token URL is the configured authorization server's, which the document cannot
        // know: a relative placeholder says so.
        let scopes = utoipa::openapi::security::Scopes::from_iter(
            crate::systems::Scope::ALL
                .iter()
                .map(|s| (s.as_str(), s.description())),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(utoipa::openapi::security::OAuth2::with_description(
                [utoipa::openapi::security::Flow::ClientCredentials(
                    utoipa::openapi::security::ClientCredentials::new(
                        "/token-endpoint-of-the-configured-authorization-server",
                        scopes,
                    ),
                )],
                "JWT access token (RFC 9068, `typ: at+jwt`) from the authorization server \
                 configured with `--oauth-issuer`, for `/api/system/v1` only: client credentials \
                 grant, audience `--oauth-audience`, signed RS256 or ES256. The token's \
                 `client_id` identifies the system. Each operation names the scope it needs; a \
                 token without it gets 403 with `WWW-Authenticate: Bearer \
                 error=\"insufficient_scope\"` naming the scope. Sent like the API key, as \
                 `Authorization: Bearer <token>`.",
            )),
        );
    }
}

/// The answers that come from what every route of a kind shares rather than from its handler,
/// added to each operation that does not describe them itself: the path and query extractors
/// (400 for a value that does not parse, e.g. an id that is no 64-bit integer), the JSON body
/// reader [`routes::ApiJson`] (400, 413, 415), and for the citizen API the CSRF guard on unsafe
/// methods (403 `csrf_failed`, 415 for a body that is not JSON).
struct SharedResponses;

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        let system_prefix = format!("{}{}/", minsida_api::API_PREFIX, routes::SYSTEM_API_PREFIX);
        for (path, item) in openapi.paths.paths.iter_mut() {
            let citizen = !path.starts_with(&system_prefix);
            let operations = [
                (false, item.get.as_mut()),
                (true, item.put.as_mut()),
                (true, item.post.as_mut()),
                (true, item.delete.as_mut()),
                (true, item.patch.as_mut()),
            ];
            for (is_unsafe, operation) in operations {
                let Some(operation) = operation else { continue };
                let parsed_params = operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query));
                let json_body = operation
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let mut add = |status: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_response(description).into());
                };
                if parsed_params || json_body {
                    add(
                        "400",
                        "A path or query value that does not parse (e.g. an id that is not a \
                         64-bit integer), or malformed JSON or JSON of the wrong shape \
                         (`bad_request`)",
                    );
                }
                if json_body {
                    add("413", "Body too large (`payload_too_large`)");
                    add("415", "Body is not JSON (`unsupported_media_type`)");
                }
                if citizen && is_unsafe {
                    add(
                        "403",
                        "Missing or wrong CSRF token, or cross-site request (`csrf_failed`)",
                    );
                    add("415", "A body that is not JSON (`unsupported_media_type`)");
                }
            }
        }
    }
}

/// A pattern for text that is not blank: it has a character that is not white space as the
/// server's `str::trim` counts it (Unicode White_Space), spelt out so that every regex engine
/// (ECMA-262, Python's, Rust's) reads the same set.
const NOT_BLANK: &str = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// The rules of request bodies that span several fields or items, which utoipa's derive
/// cannot state: each becomes an `allOf` of JSON Schema subschemas on the type, so that a body
/// is valid by the document exactly when the server takes it (apart from what depends on the
/// data: a known person, an unverified address, an open request).
struct RequestRules;

impl Modify for RequestRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use minsida_api::messages::MatterCategory;
        use minsida_api::representation::{Area, RepresentationRole};
        use serde_json::json;
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let mut rules = |name: &str, all_of: serde_json::Value| {
            use utoipa::openapi::{RefOr, Schema};
            match components.schemas.get_mut(name) {
                Some(RefOr::T(Schema::Object(object))) => {
                    object
                        .extensions
                        .get_or_insert_with(Default::default)
                        .insert("allOf".to_string(), all_of);
                }
                _ => panic!("no object schema {name} for its request rules"),
            }
        };
        let not_blank = json!({"type": "string", "minLength": 1, "pattern": NOT_BLANK});
        // At most one scope per area.
        let one_per_area: Vec<_> = Area::ALL
            .iter()
            .map(|a| {
                json!({"contains": {"properties": {"area": {"const": a.as_str()}}},
                       "minContains": 0, "maxContains": 1})
            })
            .collect();
        let scopes = json!({"properties": {"scopes": {"allOf": one_per_area}}});

        // A new message needs a text or a document; each upload once.
        rules(
            "SendMessageRequest",
            json!([
                {"anyOf": [
                    {"required": ["body"], "properties": {"body": not_blank}},
                    {"required": ["upload_ids"], "properties": {"upload_ids": {"minItems": 1}}}
                ]},
                {"properties": {"upload_ids": {"uniqueItems": true}}}
            ]),
        );
        rules(
            "Draft",
            json!([{"properties": {"upload_ids": {"uniqueItems": true}}}]),
        );
        // Exactly one of the two numbers.
        rules(
            "Recipient",
            json!([{"oneOf": [
                {"required": ["personal_number"],
                 "properties": {"personal_number": {"type": "string"},
                                "organisation_number": {"type": "null"}}},
                {"required": ["organisation_number"],
                 "properties": {"organisation_number": {"type": "string"},
                                "personal_number": {"type": "null"}}}
            ]}]),
        );
        // One choice per kind of matter; no paper letters while paper is opted out.
        let every_kind: Vec<_> = MatterCategory::ALL
            .iter()
            .map(|c| json!({"contains": {"properties": {"category": {"const": c.as_str()}}}}))
            .collect();
        let kinds = MatterCategory::ALL.len();
        rules(
            "ChannelPrefs",
            json!([
                {"properties": {"kinds": {"minItems": kinds, "maxItems": kinds, "allOf": every_kind}}},
                {"if": {"required": ["paper_opt_out"], "properties": {"paper_opt_out": {"const": true}}},
                 "then": {"properties": {"kinds": {"items": {"properties": {"channel": {"not": {"const": "paper"}}}}}}}}
            ]),
        );
        rules("CreateGrant", json!([scopes]));
        // Signatories only for organisations; guardians, trustees and administrators only
        // for persons (an organisation number has a third digit of 2 or more).
        let organisation = "^(16)?[0-9]{2}[2-9][0-9]{3}-?[0-9]{4}$";
        let for_persons: Vec<_> = RepresentationRole::ALL
            .iter()
            .filter(|r| **r != RepresentationRole::Signatory)
            .map(|r| r.as_str())
            .collect();
        rules(
            "SystemCreateRepresentation",
            json!([
                scopes,
                {"if": {"properties": {"represented": {"pattern": organisation}}},
                 "then": {"properties": {"role": {"enum": ["signatory", "representative"]}}},
                 "else": {"properties": {"role": {"enum": for_persons}}}}
            ]),
        );
        // The contact detail the answer goes by is required.
        rules(
            "FeedbackRequest",
            json!([
                {"if": {"required": ["reply"], "properties": {"reply": {"const": "email"}}},
                 "then": {"required": ["email"], "properties": {"email": {"minLength": 1, "pattern": NOT_BLANK}}}},
                {"if": {"required": ["reply"], "properties": {"reply": {"const": "phone"}}},
                 "then": {"required": ["phone"], "properties": {"phone": {"minLength": 1, "pattern": NOT_BLANK}}}}
            ]),
        );
        rules(
            "SystemSupplementRequest",
            json!([{"properties": {"requested_items": {"items":
                {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NOT_BLANK}}}}]),
        );
    }
}

/// The pattern of the `x-file-name` header of `POST /api/uploads`: exactly the headers the
/// server takes as a file name, generated (and checked against a model of the server) by
/// `scripts/file-name-pattern.py`; too long to write in the route's attribute.
struct FileNamePattern;

impl Modify for FileNamePattern {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, Schema};
        let path = format!("{}{}", minsida_api::API_PREFIX, routes::UPLOAD_PATH);
        let parameter = openapi
            .paths
            .paths
            .get_mut(&path)
            .and_then(|item| item.post.as_mut())
            .and_then(|op| op.parameters.as_mut())
            .and_then(|params| {
                params
                    .iter_mut()
                    .find(|p| p.name == minsida_api::messages::FILE_NAME_HEADER)
            });
        match parameter.and_then(|p| p.schema.as_mut()) {
            Some(RefOr::T(Schema::Object(object))) => {
                object.pattern = Some(include_str!("file-name-pattern.txt").trim().to_string());
            }
            _ => panic!("no x-file-name header of POST {path} for its pattern"),
        }
    }
}

/// A response with an [`ApiErrorBody`].
fn error_response(description: &str) -> utoipa::openapi::Response {
    utoipa::openapi::ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("ApiErrorBody")))
                .build(),
        )
        .build()
}

/// The OpenAPI document: [`ApiDoc`] with the paths of [`routes::api_routes`] under
/// [`minsida_api::API_PREFIX`]. Built once.
pub fn document() -> utoipa::openapi::OpenApi {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| {
        // The system API's body limit is a layer and does not show in the document.
        let mut doc = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
            .nest(minsida_api::API_PREFIX, routes::api_routes(usize::MAX))
            .into_openapi();
        SharedResponses.modify(&mut doc);
        RequestRules.modify(&mut doc);
        FileNamePattern.modify(&mut doc);
        doc
    });
    DOCUMENT.clone()
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
