//! `/api/me/channels`: the choices, their rules and history; and what agency systems may read
//! of them.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::channels::{
    ChannelPrefs, ContactChannel, LetterLanguage, PhoneTime, PreferenceChange, PreferenceHistory,
    SystemChannelPreferences, VerifyTarget,
};
use minsida_api::messages::MatterCategory;
use minsida_api::{ErrorCode, FieldErrorCode};
use serde_json::json;

#[tokio::test]
async fn every_route_needs_a_session() {
    let app = TestApp::new().await;
    for path in [CHANNELS, "/api/me/channels/history", "/api/me/notices"] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    for (method, path, body) in [
        (
            Method::PUT,
            CHANNELS,
            serde_json::to_string(&ChannelPrefs::default()).unwrap(),
        ),
        (
            Method::POST,
            "/api/me/channels/verification",
            r#"{"target":"email"}"#.into(),
        ),
        (
            Method::POST,
            "/api/me/channels/verification/confirm",
            r#"{"target":"email","code":"123456"}"#.into(),
        ),
    ] {
        app.json(method, path, &body, None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // Logged in, but without the CSRF token: nothing changes, nothing is sent.
    let anna = app.login(ANNA).await;
    app.json(
        Method::POST,
        "/api/me/channels/verification",
        r#"{"target":"email"}"#,
        Some(&anna.cookie),
        None,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed);
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn defaults_before_anything_is_saved() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let s = settings(&app, &anna).await;
    assert!(s.is_default);
    assert_eq!(s.updated_at, None);
    assert_eq!(s.prefs, ChannelPrefs::default());
    assert_eq!(s.email.target, VerifyTarget::Email);
    assert_eq!(s.email.address.as_deref(), Some(ANNA_EMAIL));
    assert_eq!(s.email.verified_at, None);
    assert_eq!(s.email.pending, None);
    assert_eq!(s.mobile.address.as_deref(), Some(ANNA_MOBILE));
    assert_eq!(s.mobile.verified_at, None);

    // Tolvan has never given any contact details.
    let tolvan = app.login(TOLVAN).await;
    let s = settings(&app, &tolvan).await;
    assert!(s.is_default);
    assert_eq!((s.email.address, s.mobile.address), (None, None));
    assert!(history(&app, &tolvan).await.is_empty());

    let anna_id = app.person_id(ANNA).await;
    let reads: Vec<_> = app
        .audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == "read_channel_prefs")
        .collect();
    assert_eq!(reads.len(), 2);
    assert_eq!((reads[0].1, reads[0].2), (Some(anna_id), Some(anna_id)));
    assert!(reads[0].3.is_some(), "tied to the session");
    assert_eq!(audit_details(&app, "read_channel_history").await.len(), 1);
}

#[tokio::test]
async fn rules_are_enforced_with_every_field_error() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;

    let mut each = Vec::new();
    let mut p = ChannelPrefs::default();
    p.kinds[0].notify_email = true;
    each.push((
        p,
        "kinds.recurring.notify_email",
        FieldErrorCode::EmailNotVerified,
    ));
    let mut p = ChannelPrefs::default();
    p.kinds[1].notify_sms = true;
    each.push((
        p,
        "kinds.life_event.notify_sms",
        FieldErrorCode::MobileNotVerified,
    ));
    let mut p = ChannelPrefs::default();
    p.kinds[2].channel = ContactChannel::Phone;
    each.push((
        p,
        "kinds.ongoing.channel",
        FieldErrorCode::MobileNotVerified,
    ));
    let mut p = ChannelPrefs {
        paper_opt_out: true,
        ..ChannelPrefs::default()
    };
    p.kinds[3].channel = ContactChannel::Paper;
    each.push((p, "kinds.other.channel", FieldErrorCode::PaperOptedOut));
    let mut p = ChannelPrefs::default();
    p.kinds.pop();
    each.push((p, "kinds", FieldErrorCode::InvalidValue));
    let mut p = ChannelPrefs::default();
    p.kinds[3] = p.kinds[0];
    each.push((p, "kinds", FieldErrorCode::InvalidValue));
    for (prefs, field, code) in each {
        let r = put_prefs(&app, &anna, &prefs).await;
        assert_eq!(field_error(&r), (field.to_string(), code), "{prefs:?}");
    }

    // All at once: every problem is reported.
    let mut p = ChannelPrefs {
        paper_opt_out: true,
        ..ChannelPrefs::default()
    };
    p.kinds[0].channel = ContactChannel::Paper;
    p.kinds[1].channel = ContactChannel::Phone;
    p.kinds[2].notify_email = true;
    p.kinds[3].notify_sms = true;
    let body = put_prefs(&app, &anna, &p).await.assert_field_errors();
    assert_eq!(body.fields, p.validate(Default::default()).unwrap_err());
    assert_eq!(body.fields.len(), 4);

    // An unknown channel is not even well-formed.
    let mut json = serde_json::to_value(ChannelPrefs::default()).unwrap();
    json["kinds"][0]["channel"] = json!("carrier_pigeon");
    app.as_person(&anna, Method::PUT, CHANNELS, &json)
        .await
        .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);

    // Nothing was saved.
    assert!(settings(&app, &anna).await.is_default);
    assert!(history(&app, &anna).await.is_empty());
    assert!(audit_details(&app, "update_channel_prefs").await.is_empty());
}

#[tokio::test]
async fn saving_normalises_and_records_each_change() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let mut p = ChannelPrefs::default();
    p.kinds[0].channel = ContactChannel::Paper;
    p.kinds.reverse();
    p.letter_language = LetterLanguage::En;
    p.phone_times = vec![
        PhoneTime::Afternoon,
        PhoneTime::Morning,
        PhoneTime::Afternoon,
    ];
    let s = save_prefs(&app, &anna, &p).await;
    let normalised = p.validate(Default::default()).unwrap();
    assert_eq!(s.prefs, normalised);
    assert_eq!(s.prefs.kinds[0].category, MatterCategory::Recurring);
    assert_eq!(
        s.prefs.phone_times,
        [PhoneTime::Morning, PhoneTime::Afternoon]
    );
    assert!(!s.is_default);
    assert_eq!(s.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(settings(&app, &anna).await, s);

    // Newest first: the changes of one save, last one first.
    let expected = PreferenceChange::between(&ChannelPrefs::default(), &normalised);
    assert_eq!(expected.len(), 3);
    let mut got = history(&app, &anna).await;
    got.reverse();
    assert_eq!(got, expected);

    // Saving the same again changes nothing but the time.
    app.advance(60);
    let again = save_prefs(&app, &anna, &normalised).await;
    assert_eq!(again.updated_at.as_deref(), Some("2025-06-01T12:01:00Z"));
    assert_eq!(history(&app, &anna).await.len(), 3);

    // A later change comes first in the history.
    app.advance(60);
    let mut back = normalised.clone();
    back.letter_language = LetterLanguage::Sv;
    save_prefs(&app, &anna, &back).await;
    let h = history(&app, &anna).await;
    assert_eq!(
        h[0],
        PreferenceChange::LetterLanguage {
            from: LetterLanguage::En,
            to: LetterLanguage::Sv
        }
    );
    let r = app
        .get("/api/me/channels/history", Some(&anna.cookie))
        .await;
    let entries: PreferenceHistory = r.json();
    assert_eq!(entries.entries[0].at, "2025-06-01T12:02:00Z");

    // The audit trail names the kinds of change, never the values.
    let details = audit_details(&app, "update_channel_prefs").await;
    assert_eq!(details.len(), 3);
    assert_eq!(
        details[0],
        json!({ "changes": ["channel", "letter_language", "phone_times"] })
    );
    assert_eq!(details[1], json!({ "changes": [] }));
    assert_eq!(details[2], json!({ "changes": ["letter_language"] }));

    // Another person's choices are their own.
    let lars = app.login(LARS).await;
    assert!(settings(&app, &lars).await.is_default);
    assert!(history(&app, &lars).await.is_empty());
}

#[tokio::test]
async fn agency_systems_read_the_choices_never_the_addresses() {
    let (app, sink) = app_with_sink().await;
    let path = format!("/api/system/v1/persons/{ANNA}/channel-preferences");
    for key in [None, Some("wrong-key-wrong-key-wrong-key-wrong-key")] {
        let r = app.system(Method::GET, &path, key, None).await;
        r.assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    }
    // A session is no credential here.
    let anna = app.login(ANNA).await;
    app.get(&path, Some(&anna.cookie))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    let r = app
        .system(Method::GET, &path, Some(SYSTEM_A_KEY), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let p: SystemChannelPreferences = r.json();
    assert_eq!(p.personal_number, ANNA);
    assert!(p.is_default && !p.email_verified && !p.mobile_verified);
    assert_eq!(p.prefs, ChannelPrefs::default());

    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    let mut prefs = notify(
        ChannelPrefs::default(),
        MatterCategory::Recurring,
        true,
        false,
    );
    prefs.kinds[1].channel = ContactChannel::Paper;
    prefs.letter_language = LetterLanguage::En;
    save_prefs(&app, &anna, &prefs).await;
    // Any accepted form of the number; the other system may read it too.
    let r = app
        .system(
            Method::GET,
            "/api/system/v1/persons/811218-9876/channel-preferences",
            Some(SYSTEM_B_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(!r.text().contains(ANNA_EMAIL) && !r.text().contains(ANNA_MOBILE));
    let p: SystemChannelPreferences = r.json();
    assert_eq!(p.personal_number, ANNA);
    assert!(!p.is_default && p.email_verified && !p.mobile_verified);
    assert_eq!(p.prefs, prefs);
    assert_eq!(p.updated_at.as_deref(), Some("2025-06-01T12:00:00Z"));

    let r = app
        .system(
            Method::GET,
            "/api/system/v1/persons/123/channel-preferences",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(
        field_error(&r),
        (
            "personal_number".into(),
            FieldErrorCode::InvalidPersonalNumber
        )
    );
    // Well-formed, but not in the register.
    app.system(
        Method::GET,
        "/api/system/v1/persons/199001012385/channel-preferences",
        Some(SYSTEM_A_KEY),
        None,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    let anna_id = app.person_id(ANNA).await;
    let events: Vec<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_person_id, actor_system, subject_person_id FROM audit_events \
         WHERE action = 'system_read_channel_prefs' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let system_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM agency_systems WHERE name IN ('system-a', 'system-b') ORDER BY name",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            (None, Some(system_ids[0]), Some(anna_id)),
            (None, Some(system_ids[1]), Some(anna_id)),
        ]
    );
}
