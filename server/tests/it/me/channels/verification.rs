//! `/api/me/channels/verification`: verifying an e-mail address or mobile number with a code.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::channels::{
    ChannelPrefs, ContactVerification, NoticeChannel, PreferenceChange, VerifyTarget,
};
use minsida_api::messages::MatterCategory;
use minsida_api::{ErrorCode, FieldErrorCode};
use minsida_server::outbox::RunReport;
use serde_json::json;

#[tokio::test]
async fn verification_by_email_and_by_sms() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;

    let v = start_ok(&app, &anna, VerifyTarget::Email).await;
    assert_eq!(v.address.as_deref(), Some(ANNA_EMAIL));
    assert_eq!(v.verified_at, None);
    let pending = v.pending.expect("a pending code");
    assert_eq!(pending.expires_at, "2025-06-01T12:10:00Z");
    assert_eq!(pending.attempts_left, 5);
    assert_eq!(pending.resend_after, "2025-06-01T12:01:00Z");
    assert_eq!(settings(&app, &anna).await.email.pending, Some(pending));

    // Queued, not yet sent: the code is only in the outbox, never stored in clear elsewhere.
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].status.as_str(), rows[0].purpose.as_str()),
        ("pending", "verification_code")
    );
    let code_in_outbox = code_in(&rows[0].body);
    let stored: String = sqlx::query_scalar("SELECT code_hash FROM verification_codes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!stored.contains(&code_in_outbox));
    assert!(sink.received().is_empty());

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            sent: 1,
            ..RunReport::default()
        }
    );
    let mails = sink.received();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.rcpt_to, [ANNA_EMAIL]);
    assert_eq!(mail.mail_from, "no-reply@minsida.example.se");
    assert_eq!(
        mail.header("From").as_deref(),
        Some("\"Min sida\" <no-reply@minsida.example.se>")
    );
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            rows[0].id, START
        ))
    );
    let text = mail.text();
    let code = code_in(&text);
    assert_eq!(code, code_in_outbox);
    assert!(text.contains("Koden gäller i 10 minuter"), "{text}");
    assert!(text.contains("Om du inte har bett om en kod"), "{text}");

    // Once sent, the code's text is gone from the outbox.
    let rows = outbox_rows(&app).await;
    assert_eq!(rows[0].status, "sent");
    assert_eq!(rows[0].sent_at, Some(START));
    assert_eq!(rows[0].body, "");

    // Typed with a space, as people do.
    let r = confirm(
        &app,
        &anna,
        VerifyTarget::Email,
        &format!("{} {}", &code[..3], &code[3..]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v: ContactVerification = r.json();
    assert_eq!(v.verified_at.as_deref(), Some("2025-06-01T12:00:00Z"));
    assert_eq!(v.pending, None);
    assert!(v.is_verified());
    // A code works once.
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );

    // The mobile number, by SMS.
    app.advance(5);
    let code = texted_code(&app, &anna, ANNA_MOBILE).await;
    let sms = sms_to(&app, ANNA_MOBILE);
    assert_eq!(sms.len(), 1);
    assert!(
        sms[0].contains("gäller i 10 minuter") && sms[0].contains("bortse från"),
        "{}",
        sms[0]
    );
    let line = &sms_lines(&app)[0];
    assert_eq!(line["time"], "2025-06-01T12:00:05Z");
    assert!(line["outbox_id"].is_i64());
    let r = confirm(&app, &anna, VerifyTarget::Mobile, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let s = settings(&app, &anna).await;
    assert!(s.email.is_verified() && s.mobile.is_verified());
    assert_eq!(
        s.mobile.verified_at.as_deref(),
        Some("2025-06-01T12:00:05Z")
    );
    let h = history(&app, &anna).await;
    assert_eq!(
        h,
        [
            PreferenceChange::Verified {
                target: VerifyTarget::Mobile
            },
            PreferenceChange::Verified {
                target: VerifyTarget::Email
            },
        ]
    );
    let starts = audit_details(&app, "start_contact_verification").await;
    assert_eq!(starts.len(), 2);
    assert_eq!(starts[0]["target"], "email");
    assert_eq!(starts[1]["target"], "mobile");
    assert_eq!(
        confirm_results(&app).await,
        ["verified", "no_pending_code", "verified"]
    );
    // No audit event carries the code or the address.
    for e in app.audit_events().await {
        let detail = e.4.unwrap_or_default();
        assert!(
            !detail.contains(&code) && !detail.contains(ANNA_EMAIL),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn wrong_codes_spend_attempts_until_the_code_is_dead() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);

    // A malformed code is not a guess: no attempt is spent.
    for bad in ["12345", "1234567", "12345a", "", "１２３４５６"] {
        let r = confirm(&app, &anna, VerifyTarget::Email, bad).await;
        assert_eq!(
            field_error(&r),
            ("code".into(), FieldErrorCode::InvalidValue),
            "{bad:?}"
        );
    }
    assert_eq!(
        settings(&app, &anna)
            .await
            .email
            .pending
            .unwrap()
            .attempts_left,
        5
    );

    for left in (1..=4).rev() {
        let r = confirm(&app, &anna, VerifyTarget::Email, &wrong).await;
        assert_eq!(field_error(&r), ("code".into(), FieldErrorCode::WrongCode));
        assert_eq!(
            settings(&app, &anna)
                .await
                .email
                .pending
                .unwrap()
                .attempts_left,
            left
        );
    }
    // The fifth wrong code spends the code.
    let r = confirm(&app, &anna, VerifyTarget::Email, &wrong).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::TooManyAttempts)
    );
    let s = settings(&app, &anna).await;
    assert_eq!(s.email.pending, None);
    // Even the right code is refused now.
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::TooManyAttempts)
    );
    assert!(!settings(&app, &anna).await.email.is_verified());
    // The mobile number has no code at all.
    let r = confirm(&app, &anna, VerifyTarget::Mobile, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );

    // A new code starts afresh.
    app.advance(60);
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    assert_eq!(
        settings(&app, &anna)
            .await
            .email
            .pending
            .unwrap()
            .attempts_left,
        5
    );
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    assert_eq!(
        confirm_results(&app).await,
        [
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "wrong_code",
            "too_many_attempts",
            "too_many_attempts",
            "no_pending_code",
            "verified"
        ]
    );
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let first = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(60);
    let second = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    if first != second {
        let r = confirm(&app, &anna, VerifyTarget::Email, &first).await;
        assert_eq!(field_error(&r), ("code".into(), FieldErrorCode::WrongCode));
    }
    let r = confirm(&app, &anna, VerifyTarget::Email, &second).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(599);
    assert!(settings(&app, &anna).await.email.pending.is_some());
    app.advance(1);
    assert_eq!(settings(&app, &anna).await.email.pending, None);
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::CodeExpired)
    );
    assert!(!settings(&app, &anna).await.email.is_verified());
}

#[tokio::test]
async fn codes_are_rate_limited() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("60"));
    app.advance(45);
    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("15"));
    // The mobile number has its own limit.
    start_ok(&app, &anna, VerifyTarget::Mobile).await;

    // Five codes within the hour (at 0, 60, 120, 180, 240 s) ...
    app.advance(15);
    for _ in 0..4 {
        start_ok(&app, &anna, VerifyTarget::Email).await;
        app.advance(60);
    }
    // ... and the sixth has to wait until the first is an hour old.
    let r = start(&app, &anna, VerifyTarget::Email).await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    assert_eq!(r.header("retry-after"), Some("3300"));
    // The pending code says when a new one can be asked for.
    let pending = settings(&app, &anna).await.email.pending.unwrap();
    assert_eq!(pending.resend_after, "2025-06-01T13:00:00Z");
    app.advance(3299);
    // Longer than the session's idle timeout.
    let anna = app.login(ANNA).await;
    start(&app, &anna, VerifyTarget::Email)
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    app.advance(1);
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let rows = outbox_rows(&app).await;
    let emails = rows.iter().filter(|r| r.channel == "email").count();
    assert_eq!((emails, rows.len()), (6, 7));
    assert_eq!(
        audit_details(&app, "start_contact_verification")
            .await
            .len(),
        7
    );
}

#[tokio::test]
async fn without_an_address_there_is_nothing_to_verify() {
    let app = TestApp::new().await;
    let tolvan = app.login(TOLVAN).await;
    for target in [VerifyTarget::Email, VerifyTarget::Mobile] {
        let r = start(&app, &tolvan, target).await;
        assert_eq!(
            field_error(&r),
            ("target".into(), FieldErrorCode::NoAddress)
        );
    }
    let lars = app.login(LARS).await;
    let r = start(&app, &lars, VerifyTarget::Mobile).await;
    assert_eq!(
        field_error(&r),
        ("target".into(), FieldErrorCode::NoAddress)
    );
    let r = confirm(&app, &lars, VerifyTarget::Mobile, "123456").await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    app.as_person(
        &lars,
        Method::POST,
        "/api/me/channels/verification",
        &json!({"target": "fax"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, ErrorCode::BadRequest);
    assert!(outbox_rows(&app).await.is_empty());
}

#[tokio::test]
async fn a_code_only_verifies_the_address_it_was_sent_to() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let r = app
        .update_contact(
            &anna,
            &json!({"email": "anna@example.org", "mobile": ANNA_MOBILE}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    // Back to the old address: the code is gone for good.
    app.update_contact(
        &anna,
        &json!({"email": ANNA_EMAIL, "mobile": ANNA_MOBILE}).to_string(),
    )
    .await;
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(
        field_error(&r),
        ("code".into(), FieldErrorCode::NoPendingCode)
    );
    let s = settings(&app, &anna).await;
    assert!(!s.email.is_verified());
    assert_eq!(s.email.pending, None);
    // Never verified, so there was nothing to clear.
    assert!(history(&app, &anna).await.is_empty());
}

#[tokio::test]
async fn changing_a_contact_detail_clears_its_verification() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    verify_mobile(&app, &anna, ANNA_MOBILE).await;
    let prefs = notify(ChannelPrefs::default(), MatterCategory::Other, true, true);
    save_prefs(&app, &anna, &prefs).await;

    // The same values again (differently typed): still verified.
    let r = app
        .update_contact(
            &anna,
            &json!({"email": " anna.andersson@EXAMPLE.se ", "mobile": "070-123 45 67"}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = settings(&app, &anna).await;
    assert!(s.email.is_verified() && s.mobile.is_verified());
    let before = history(&app, &anna).await.len();

    // A new e-mail address is not verified; the mobile number still is.
    app.advance(10);
    let r = app
        .update_contact(
            &anna,
            &json!({"email": "anna@example.org", "mobile": ANNA_MOBILE}).to_string(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let s = settings(&app, &anna).await;
    assert_eq!(s.email.address.as_deref(), Some("anna@example.org"));
    assert_eq!(s.email.verified_at, None);
    assert!(s.mobile.is_verified());
    // The choice stays saved, but the unverified address is not used.
    assert_eq!(s.prefs, prefs);
    let h = history(&app, &anna).await;
    assert_eq!(h.len(), before + 1);
    assert_eq!(
        h[0],
        PreferenceChange::VerificationCleared {
            target: VerifyTarget::Email
        }
    );

    let d = deliver(&app, ANNA, None).await;
    assert_eq!(d.notices, [NoticeChannel::Sms]);
    // Saving the stale choice again is refused until the new address is verified.
    let r = put_prefs(&app, &anna, &prefs).await;
    assert_eq!(
        field_error(&r),
        (
            "kinds.other.notify_email".into(),
            FieldErrorCode::EmailNotVerified
        )
    );

    // Removing the mobile number clears it too.
    app.update_contact(&anna, &json!({"email": "anna@example.org"}).to_string())
        .await;
    let s = settings(&app, &anna).await;
    assert_eq!(
        (s.mobile.address.as_deref(), s.mobile.verified_at.as_deref()),
        (None, None)
    );
    assert_eq!(
        history(&app, &anna).await[0],
        PreferenceChange::VerificationCleared {
            target: VerifyTarget::Mobile
        }
    );
    let d = deliver(&app, ANNA, None).await;
    assert!(d.notices.is_empty());
    // Verified again later: the saved choice applies again, to the new address.
    app.advance(60);
    verify_email(&app, &sink, &anna, "anna@example.org").await;
    let d = deliver(&app, ANNA, None).await;
    assert_eq!(d.notices, [NoticeChannel::Email]);
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(
        (row.recipient.as_str(), row.purpose.as_str()),
        ("anna@example.org", "new_message")
    );
}
