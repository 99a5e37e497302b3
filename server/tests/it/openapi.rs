//! The checked-in `server/openapi.json` must match the document generated from the code.
//! After an intended API change, rewrite it with
//! `UPDATE_OPENAPI=1 cargo test -p minsida-server --test it openapi`.

use crate::common::TestApp;
use axum::http::StatusCode;

#[test]
#[allow(
    clippy::print_stderr,
    reason = "with UPDATE_OPENAPI=1 it tells the developer which file it rewrote"
)]
fn openapi_json_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let generated = minsida_server::openapi::pretty_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &generated).unwrap();
        eprintln!("rewrote {}", path.display());
        return;
    }
    let checked_in = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!(
            "cannot read {} ({e}); generate it with:\n    \
             UPDATE_OPENAPI=1 cargo test -p minsida-server --test it openapi",
            path.display()
        ),
    };
    if checked_in != generated {
        let line = checked_in
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| checked_in.lines().count().min(generated.lines().count()));
        panic!(
            "server/openapi.json is out of date with the API code (first difference at line {}).\n\
             If the API change is intended, regenerate it with:\n    \
             UPDATE_OPENAPI=1 cargo test -p minsida-server --test it openapi\n\
             and commit the result (the SPA team relies on it).",
            line + 1
        );
    }
}

#[test]
fn document_shape() {
    let doc: serde_json::Value =
        serde_json::from_str(&minsida_server::openapi::pretty_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    assert_eq!(schemes["session_cookie"]["name"], "minsida_session");
    assert_eq!(schemes["csrf_token"]["in"], "header");
    assert_eq!(schemes["csrf_token"]["name"], "x-csrf-token");
    for schema in [
        "ApiErrorBody",
        "SessionInfo",
        "PersonalDetails",
        "UpdateContactRequest",
        "ContactDetails",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(doc["paths"]["/api/me/contact"]["put"].is_object());
    for schema in [
        "AccessibilityPrefs",
        "StoredAccessibilityPrefs",
        "TextSize",
        "Theme",
        "Motion",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let a11y = &doc["paths"]["/api/me/accessibility"];
    assert!(a11y["get"].is_object() && a11y["put"].is_object());
    assert_eq!(
        doc["components"]["schemas"]["TextSize"]["enum"],
        serde_json::json!(["100", "125", "150", "200"])
    );
    assert_eq!(schemes["bearer"]["type"], "http");
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    for schema in [
        "InboxPage",
        "MessageDetail",
        "MatterDetail",
        "Receipt",
        "SystemDelivery",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    assert!(
        doc["paths"]["/api/uploads"]["post"]["requestBody"]["content"]["application/octet-stream"]
            .is_object()
    );
    assert_eq!(
        doc["paths"]["/api/system/v1/messages"]["post"]["security"][0]["bearer"],
        serde_json::json!([])
    );
    // Customer terminals and drafts.
    assert_eq!(schemes["terminal_cookie"]["in"], "cookie");
    assert_eq!(schemes["terminal_cookie"]["name"], "minsida_terminal");
    for schema in [
        "TerminalStatus",
        "TerminalInfo",
        "EnrollTerminal",
        "UnenrollTerminal",
        "VisitStep",
        "HelpRequest",
        "HelpState",
        "StepUpdate",
        "StaffTerminals",
        "Draft",
        "StoredDraft",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    for (path, methods) in [
        ("/api/terminal", &["get"][..]),
        ("/api/terminal/enroll", &["post"]),
        ("/api/terminal/unenroll", &["post"]),
        ("/api/terminal/help", &["get", "post", "delete"]),
        ("/api/terminal/step", &["put"]),
        ("/api/session/extend", &["post"]),
        ("/api/matters/{id}/draft", &["get", "put", "delete"]),
        ("/api/system/v1/terminals", &["get"]),
    ] {
        for method in methods {
            assert!(doc["paths"][path][method].is_object(), "{method} {path}");
        }
    }
    assert_eq!(
        doc["paths"]["/api/system/v1/terminals"]["get"]["security"][0]["bearer"],
        serde_json::json!([])
    );
    assert!(
        doc["paths"]["/api/documents/{id}"]["get"]["responses"]["403"].is_object(),
        "the refused download on terminals is documented"
    );
    for schema in [
        "ChannelPrefs",
        "ChannelSettings",
        "ContactVerification",
        "PreferenceHistory",
        "NoticeLog",
        "SystemChannelPreferences",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let channels = &doc["paths"]["/api/me/channels"];
    assert!(channels["get"].is_object() && channels["put"].is_object());
    for path in [
        "/api/me/channels/history",
        "/api/me/notices",
        "/api/system/v1/persons/{personal_number}/channel-preferences",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    let start = &doc["paths"]["/api/me/channels/verification"]["post"];
    assert!(start["responses"]["429"]["headers"]["Retry-After"].is_object());
    assert!(doc["paths"]["/api/me/channels/verification/confirm"]["post"].is_object());
    // The delivery answer tells the agency which notices were queued.
    let delivery = &doc["components"]["schemas"]["SystemDelivery"]["properties"];
    assert!(delivery["notices"].is_object() && delivery["paper_letter_requested"].is_object());
}

#[tokio::test]
async fn served_document_is_the_generated_one() {
    let app = TestApp::new().await;
    let r = app.get("/api/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let served: serde_json::Value = r.json();
    let generated: serde_json::Value =
        serde_json::from_str(&minsida_server::openapi::pretty_json()).unwrap();
    assert_eq!(served, generated);
}
