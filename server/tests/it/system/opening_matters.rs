//! `POST /api/system/v1/matters`: creating matters.

use crate::common::messaging::*;
use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::messages::{MatterStatus, SystemMatter};
use minsida_api::{ErrorCode, FieldError, FieldErrorCode};
use serde_json::json;

#[tokio::test]
async fn create_matter_is_idempotent_and_validated() {
    let app = TestApp::new().await;
    let m = create_matter(&app, SYSTEM_A_KEY, "19811218-9876", "ext-42").await;
    assert_eq!(m.status, MatterStatus::Received);
    assert_eq!(m.external_id, "ext-42");
    assert_eq!(m.opened_at, "2025-06-01T12:00:00Z");
    assert!(
        m.reference.starts_with("2025-") && m.reference.len() == 11,
        "{}",
        m.reference
    );
    // Again: 200 with the same matter.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": "Annat", "category": "other", "handler": "x", "external_id": "ext-42"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json::<SystemMatter>(), m);
    // The same external id for someone else is a conflict.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": LARS}, "title": "t", "category": "other", "handler": "x", "external_id": "ext-42"})),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, ErrorCode::Conflict);

    for (pn, code) in [
        ("811218-9875", FieldErrorCode::InvalidPersonalNumber),
        ("abc", FieldErrorCode::InvalidPersonalNumber),
        ("19491011-2392", FieldErrorCode::UnknownPerson),
    ] {
        let r = app
            .system(
                Method::POST,
                "/api/system/v1/matters",
                Some(SYSTEM_A_KEY),
                Some(&json!({"recipient": {"personal_number": pn}, "title": "t", "category": "other", "handler": "h", "external_id": "e"})),
            )
            .await;
        assert_eq!(
            field_errors(&r),
            vec![FieldError {
                field: "recipient.personal_number".into(),
                code
            }]
        );
    }
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": " ", "category": "other", "handler": "x".repeat(201), "external_id": ""})),
        )
        .await;
    let fields: Vec<(String, FieldErrorCode)> = field_errors(&r)
        .into_iter()
        .map(|f| (f.field, f.code))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("title".into(), FieldErrorCode::Required),
            ("handler".into(), FieldErrorCode::TooLong),
            ("external_id".into(), FieldErrorCode::Required),
        ]
    );
    // Unknown category: the JSON does not fit the schema.
    let r = app
        .system(
            Method::POST,
            "/api/system/v1/matters",
            Some(SYSTEM_A_KEY),
            Some(&json!({"recipient": {"personal_number": ANNA}, "title": "t", "category": "nope", "handler": "x", "external_id": "e"})),
        )
        .await;
    r.assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
}
