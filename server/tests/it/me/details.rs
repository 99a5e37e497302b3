//! `GET /api/me` and `PUT /api/me/contact`: personal and contact details.

use crate::common::*;
use axum::http::StatusCode;
use minsida_api::{ContactDetails, FieldError, FieldErrorCode, PersonalDetails};

#[tokio::test]
async fn personal_details_content() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let a: PersonalDetails = app.get("/api/me", Some(&anna.cookie)).await.json();
    assert_eq!(a.first_names, "Anna Maria");
    assert_eq!(a.given_name, "Anna");
    assert_eq!(a.last_name, "Andersson");
    assert_eq!(a.birth_date, "1981-12-18");
    assert!(!a.coordination_number);
    assert_eq!(a.registered_address.street, "Storgatan 1");
    assert_eq!(a.registered_address.postal_code, "111 22");
    assert_eq!(a.registered_address.city, "Stockholm");
    assert_eq!(a.registered_address.country, None);
    assert_eq!(a.postal_address, None);
    assert_eq!(a.municipality, "Stockholms kommun");
    assert_eq!(a.county, "Stockholms län");
    assert_eq!(a.registered_since, "2015-03-01");
    assert_eq!(a.citizenship, "Sverige");
    assert_eq!(
        a.contact.email.as_deref(),
        Some("anna.andersson@example.se")
    );
    assert_eq!(a.contact.mobile.as_deref(), Some("+46701234567"));
    assert!(a.contact.updated_at.is_some());

    let tolvan = app.login(TOLVAN).await;
    let t: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!(
        t.registered_address.care_of.as_deref(),
        Some("c/o Tolvansson")
    );
    assert_eq!(t.contact, ContactDetails::default());

    let lars = app.login(LARS).await;
    let l: PersonalDetails = app.get("/api/me", Some(&lars.cookie)).await.json();
    assert!(l.coordination_number);
    assert_eq!(l.birth_date, "1970-10-03");
    assert_eq!(l.registered_address.country.as_deref(), Some("Norge"));
    let postal = l.postal_address.expect("special postal address");
    assert_eq!(
        (
            postal.street.as_str(),
            postal.postal_code.as_str(),
            postal.city.as_str()
        ),
        ("Box 123", "411 01", "Göteborg")
    );
    assert_eq!(l.municipality, "Utlandet");
    assert_eq!(l.citizenship, "Norge");
    assert_eq!(l.contact.email.as_deref(), Some("lars.berg@example.no"));
    assert_eq!(l.contact.mobile, None);
}

#[tokio::test]
async fn update_contact_details() {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    assert_eq!(app.contact_row(TOLVAN).await, None);

    let r = app
        .update_contact(
            &tolvan,
            r#"{"email":" Tolvan@Example.SE ","mobile":"070-123 45 67"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let c: ContactDetails = r.json();
    assert_eq!(c.email.as_deref(), Some("Tolvan@example.se"));
    assert_eq!(c.mobile.as_deref(), Some("+46701234567"));
    assert_eq!(c.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    let me: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!(me.contact, c);
    assert_eq!(
        app.contact_row(TOLVAN).await,
        Some((
            Some("Tolvan@example.se".into()),
            Some("+46701234567".into()),
            START
        ))
    );

    // Remove the mobile with an empty string, keep the e-mail.
    app.advance(60);
    let c: ContactDetails = app
        .update_contact(&tolvan, r#"{"email":"tolvan@example.se","mobile":""}"#)
        .await
        .json();
    assert_eq!(c.email.as_deref(), Some("tolvan@example.se"));
    assert_eq!(c.mobile, None);
    assert_eq!(c.updated_at.as_deref(), Some("2025-06-01T12:01:00Z"));

    // Missing fields remove the values.
    let c: ContactDetails = app.update_contact(&tolvan, "{}").await.json();
    assert_eq!((c.email, c.mobile), (None, None));
    let me: PersonalDetails = app.get("/api/me", Some(&tolvan.cookie)).await.json();
    assert_eq!((me.contact.email, me.contact.mobile), (None, None));

    // Other people's data is untouched.
    let anna = app.contact_row(ANNA).await.unwrap();
    assert_eq!(anna.0.as_deref(), Some("anna.andersson@example.se"));
}

#[tokio::test]
async fn invalid_contact_details_change_nothing() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let before = app.contact_row(ANNA).await;
    let audit_before = app.audit_events().await.len();

    let r = app
        .update_contact(&anna, r#"{"email":"not-an-email","mobile":"12"}"#)
        .await;
    let body = r.assert_field_errors();
    assert_eq!(
        body.fields,
        vec![
            FieldError {
                field: "email".into(),
                code: FieldErrorCode::InvalidEmail
            },
            FieldError {
                field: "mobile".into(),
                code: FieldErrorCode::InvalidPhone
            },
        ]
    );
    // One bad field: the good one is not stored either.
    let r = app
        .update_contact(
            &anna,
            r#"{"email":"new@example.se","mobile":"08-123 456 78"}"#,
        )
        .await;
    let body = r.assert_field_errors();
    assert_eq!(body.fields.len(), 1);
    assert_eq!(body.fields[0].field, "mobile");

    assert_eq!(app.contact_row(ANNA).await, before);
    assert_eq!(app.audit_events().await.len(), audit_before);
}
