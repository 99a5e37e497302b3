//! What contract fuzzing (`scripts/fuzz-api`, schemathesis against `/api/openapi.json`)
//! found: requests the OpenAPI document calls invalid that the server took, valid ones it
//! refused, and statuses the document did not name. One test per finding.

use crate::common::messaging::*;
use crate::common::*;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::json;

fn field_codes(body: &minsida_api::ApiErrorBody) -> Vec<(&str, FieldErrorCode)> {
    body.fields
        .iter()
        .map(|f| (f.field.as_str(), f.code))
        .collect()
}

/// serde's derived structs also read a JSON array of their fields, so `[null, null]` cleared
/// the contact details; the document says `type: object`, at every depth.
#[tokio::test]
async fn an_object_given_as_an_array_is_a_bad_request() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let r = app
        .update_contact(&anna, r#"{"email": "anna@example.se", "mobile": null}"#)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    app.update_contact(&anna, "[null, null]")
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    let details = app.get("/api/me", Some(&anna.cookie)).await;
    assert!(details.text().contains("anna@example.se"), "unchanged");

    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": [ANNA, null],
                "title": "t", "category": "ongoing", "handler": "h", "external_id": "e",
            })),
        )
        .await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

/// In JSON Schema `2.0` is an integer; serde refused it for an `i64` with 400.
#[tokio::test]
async fn whole_numbers_written_as_floats_are_integers() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m-float").await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": {"personal_number": ANNA},
                "matter_id": (matter.id as f64),
                "sender": "Skatteverket", "subject": "Hej", "body": "Text",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": {"personal_number": ANNA},
                "matter_id": 1.5,
                "sender": "Skatteverket", "subject": "Hej", "body": "Text",
            })),
        )
        .await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}

/// An id that is not a 64-bit integer is a JSON 400, which every operation with a path or
/// query parameter now documents.
#[tokio::test]
async fn ids_that_do_not_parse_are_documented_bad_requests() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    for path in [
        "/api/messages/9223372036854775808",
        "/api/matters/x",
        "/api/documents/-9223372036854775809",
    ] {
        app.get(path, Some(&anna.cookie))
            .await
            .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    }
    let doc = minsida_server::openapi::document();
    for (path, item) in &doc.paths.paths {
        let operations = [&item.get, &item.put, &item.post, &item.delete];
        for op in operations.into_iter().flatten() {
            let has_params = op.parameters.iter().flatten().any(|p| {
                matches!(
                    p.parameter_in,
                    utoipa::openapi::path::ParameterIn::Path
                        | utoipa::openapi::path::ParameterIn::Query
                )
            });
            let json_body = op
                .request_body
                .as_ref()
                .is_some_and(|b| b.content.contains_key("application/json"));
            if has_params || json_body {
                assert!(
                    op.responses.responses.contains_key("400"),
                    "{path} does not document 400"
                );
            }
        }
    }
}

/// Well-formed requests that name someone or something that does not exist are 404, and
/// ones that do not fit the current state 409, with the field errors as before; 422 is left
/// for requests that break the document's rules.
#[tokio::test]
async fn field_errors_have_the_status_of_their_kind() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let grant = |number: &str| {
        json!({
            "personal_number": number,
            "scopes": [{"area": "messages", "level": "read"}],
            "valid_until": "2025-12-31",
        })
    };
    // A valid number of no one in the register.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/me/grants",
            &grant("194906152386"),
        )
        .await;
    let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(
        field_codes(&body),
        [("personal_number", FieldErrorCode::UnknownPerson)]
    );
    // Oneself.
    let r = app
        .as_person(&anna, Method::POST, "/api/me/grants", &grant(ANNA))
        .await;
    let body = r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(
        field_codes(&body),
        [("personal_number", FieldErrorCode::SelfGrant)]
    );
    // A malformed number is still a validation error, also together with the others.
    let r = app
        .as_person(&anna, Method::POST, "/api/me/grants", &grant("19811218987"))
        .await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);

    // No address to verify.
    let cleared = app
        .update_contact(&anna, r#"{"email": null, "mobile": null}"#)
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text());
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/me/channels/verification",
            &json!({"target": "mobile"}),
        )
        .await;
    let body = r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(field_codes(&body), [("target", FieldErrorCode::NoAddress)]);
    // No code sent.
    let r = app
        .as_person(
            &anna,
            Method::POST,
            "/api/me/channels/verification/confirm",
            &json!({"target": "email", "code": "123 456"}),
        )
        .await;
    let body = r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(
        field_codes(&body),
        [("code", FieldErrorCode::NoPendingCode)]
    );

    // A draft answering a request that is not open; an upload that does not exist.
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m-draft").await;
    let path = format!("/api/matters/{}/draft", matter.id);
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            &path,
            &json!({"supplement_request_id": 999}),
        )
        .await;
    let body = r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert_eq!(
        field_codes(&body),
        [("supplement_request_id", FieldErrorCode::RequestNotOpen)]
    );
    let r = app
        .as_person(&anna, Method::PUT, &path, &json!({"upload_ids": [999]}))
        .await;
    let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(
        field_codes(&body),
        [("upload_ids", FieldErrorCode::UnknownUpload)]
    );

    // The system API: a recipient not in the register.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": {"organisation_number": "5560360793"},
                "sender": "Skatteverket", "subject": "Hej", "body": "Text",
            })),
        )
        .await;
    let body = r.assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    assert_eq!(
        field_codes(&body),
        [(
            "recipient.organisation_number",
            FieldErrorCode::UnknownPerson
        )]
    );
}

/// Lengths are counted as sent, like the document's `maxLength`: white space around a text
/// made a too long value pass, and a blank contact detail of any length was taken.
#[tokio::test]
async fn lengths_are_counted_as_sent() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": {"personal_number": ANNA},
                "title": format!("{} ", "t".repeat(200)),
                "category": "ongoing", "handler": "h", "external_id": "e",
            })),
        )
        .await;
    let body = r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(field_codes(&body), [("title", FieldErrorCode::TooLong)]);

    let blank = json!({"mobile": " ".repeat(33)}).to_string();
    let body = app
        .update_contact(&anna, &blank)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
    assert_eq!(field_codes(&body), [("mobile", FieldErrorCode::TooLong)]);
    let blank = json!({"mobile": " ".repeat(32)}).to_string();
    assert_eq!(
        app.update_contact(&anna, &blank).await.status,
        StatusCode::OK
    );
}

/// The `x-file-name` header as the document's pattern describes it: names the server cleans
/// are taken, a `%` that starts no escape is refused (it used to be taken as a `%`), and a
/// name with nothing left after cleaning needs a name.
#[tokio::test]
async fn upload_file_names_follow_the_documented_pattern() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let upload = |name: &'static str| {
        let request = app
            .request(Method::POST, "/api/uploads", Some(&anna.cookie))
            .header("content-type", "application/octet-stream")
            .header("x-csrf-token", &anna.info.csrf_token)
            .header("x-file-name", name)
            .body(Body::from(pdf("x")))
            .unwrap();
        app.send(request)
    };
    for (name, cleaned) in [
        ("BT[j\"", "BT[j"),
        ("hd&/,}7^eRr*\tg0oM", ",}7^eRrg0oM"),
        ("%E5%8F%91%E7%A5%A8.pdf", "发票.pdf"),
        (". .", "."),
    ] {
        let r = upload(name).await;
        assert_eq!(r.status, StatusCode::CREATED, "{name}: {}", r.text());
        let doc: minsida_api::messages::UploadedDocument = r.json();
        assert_eq!(doc.document.file_name, cleaned);
    }
    for (name, code) in [
        ("", FieldErrorCode::Required),
        (" ..%2F", FieldErrorCode::Required),
        ("a/%0A", FieldErrorCode::Required),
        ("100%.pdf", FieldErrorCode::InvalidValue),
        ("%FF.pdf", FieldErrorCode::InvalidValue),
    ] {
        let body = upload(name)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Validation);
        assert_eq!(field_codes(&body), [("file", code)], "{name}");
    }
}

/// A message for a matter of another recipient is a well-formed request that does not fit:
/// 409, not a field error the document cannot describe.
#[tokio::test]
async fn a_message_in_another_recipients_matter_is_a_conflict() {
    let app = TestApp::new().await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "m-other").await;
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/messages",
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "recipient": {"personal_number": LARS},
                "matter_id": matter.id,
                "sender": "Skatteverket", "subject": "Hej", "body": "Text",
            })),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);
}
