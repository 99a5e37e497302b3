//! Notices of new messages (`/api/me/notices` is their log): what is sent, where, and in which
//! language.

use super::*;
use axum::http::{Method, StatusCode};
use minsida_api::channels::{
    ChannelPrefs, ChannelSettings, ContactChannel, LetterLanguage, NoticeChannel, NoticeLog,
    NoticePurpose, NoticeStatus, VerifyTarget,
};
use minsida_api::messages::{MatterCategory, SystemDelivery};
use minsida_server::outbox::RunReport;
use serde_json::json;

#[tokio::test]
async fn notices_follow_the_choices_and_never_carry_the_content() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    verify_mobile(&app, &anna, ANNA_MOBILE).await;
    let mut prefs = notify(ChannelPrefs::default(), MatterCategory::Ongoing, true, true);
    prefs = notify(prefs, MatterCategory::Recurring, true, false);
    prefs.kinds[0].channel = ContactChannel::Paper;
    save_prefs(&app, &anna, &prefs).await;
    let codes_sent = sink.received().len();
    let sms_before = sms_lines(&app).len();

    // Without a matter: kind "other", nothing chosen.
    let d = deliver(&app, ANNA, None).await;
    assert!(d.notices.is_empty());
    assert!(!d.paper_letter_requested);
    // An ongoing matter: e-mail and SMS.
    let ongoing = create_matter(&app, ANNA, "ongoing", "m-ongoing").await;
    let d = deliver(&app, ANNA, Some(ongoing)).await;
    assert_eq!(d.notices, [NoticeChannel::Email, NoticeChannel::Sms]);
    assert!(!d.paper_letter_requested);
    let ongoing_message = d.message_id;
    // A recurring matter: e-mail, and a paper letter is wanted.
    let recurring = create_matter(&app, ANNA, "recurring", "m-recurring").await;
    let d = deliver(&app, ANNA, Some(recurring)).await;
    assert_eq!(d.notices, [NoticeChannel::Email]);
    assert!(d.paper_letter_requested);
    // A request to supplement is delivered the same way.
    let r = app
        .system(
            Method::POST,
            &format!("/api/system/v1/matters/{ongoing}/supplement-requests"),
            Some(SYSTEM_A_KEY),
            Some(&json!({
                "sender": SENDER,
                "subject": SECRET_SUBJECT,
                "body": SECRET_BODY,
                "requested_items": ["Kontoutdrag 4711"],
                "due_date": "2025-06-30",
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let d: SystemDelivery = r.json();
    assert_eq!(d.notices, [NoticeChannel::Email, NoticeChannel::Sms]);
    assert!(d.supplement_request_id.is_some());

    // Another person's choices do not matter for Anna, and vice versa.
    let d = deliver(&app, LARS, None).await;
    assert!(d.notices.is_empty());

    // What Anna sends herself (and its receipt) gives no notice.
    let queued = outbox_rows(&app).await.len();
    let r = app
        .as_person(
            &anna,
            Method::POST,
            &format!("/api/matters/{ongoing}/messages"),
            &json!({ "subject": "Fråga", "body": "Hur lång är handläggningstiden?" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(outbox_rows(&app).await.len(), queued);

    let notices: Vec<OutboxRow> = outbox_rows(&app)
        .await
        .into_iter()
        .filter(|r| r.purpose == "new_message")
        .collect();
    assert_eq!(notices.len(), 5);
    assert_eq!(
        notices[0].idempotency_key,
        format!("new_message:{ongoing_message}:email")
    );
    assert_eq!(
        notices[1].idempotency_key,
        format!("new_message:{ongoing_message}:sms")
    );

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            sent: 5,
            ..RunReport::default()
        }
    );
    let mails = sink.received_for(ANNA_EMAIL);
    assert_eq!(mails.len() - codes_sent, 3);
    for mail in &mails[codes_sent..] {
        let subject = mail.header("Subject").unwrap();
        let text = mail.text();
        assert_no_content(&mail.data);
        assert_no_content(&text);
        assert!(
            !subject.contains("Beslut") && !subject.contains("F-skatt"),
            "{subject}"
        );
        assert!(
            text.contains("Du har fått ett nytt meddelande på Min sida."),
            "{text}"
        );
        assert!(
            text.contains(&format!("Logga in på {}", app.config.public_url)),
            "{text}"
        );
        assert!(text.contains("aldrig vad meddelandet handlar om"), "{text}");
        assert!(text.contains("Kontaktval"), "{text}");
        assert_eq!(
            mail.header("Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
    }
    let sms: Vec<String> = sms_to(&app, ANNA_MOBILE).into_iter().skip(1).collect();
    assert_eq!(sms.len(), sms_lines(&app).len() - sms_before);
    assert_eq!(sms.len(), 2);
    for text in &sms {
        assert_no_content(text);
        assert!(text.contains("nytt meddelande på Min sida"), "{text}");
    }
    // Notices keep their text in the outbox (for the record); codes do not.
    for row in outbox_rows(&app).await {
        assert_eq!(row.status, "sent");
        assert_eq!(row.body.is_empty(), row.purpose == "verification_code");
    }
}

#[tokio::test]
async fn notices_are_in_the_letter_language() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    let mut prefs = ChannelPrefs {
        letter_language: LetterLanguage::En,
        ..ChannelPrefs::default()
    };
    save_prefs(&app, &anna, &prefs).await;
    // The code comes in English too.
    let code = emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let text = sink.received()[0].text();
    assert!(
        text.contains("Your code to confirm your e-mail address"),
        "{text}"
    );
    assert_eq!(
        confirm(&app, &anna, VerifyTarget::Email, &code)
            .await
            .status,
        StatusCode::OK
    );
    prefs = notify(prefs, MatterCategory::Other, true, false);
    save_prefs(&app, &anna, &prefs).await;
    deliver(&app, ANNA, None).await;
    run_worker(&app).await;
    let mail = sink.received().pop().unwrap();
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("New message on Min sida")
    );
    let text = mail.text();
    assert!(
        text.contains("You have received a new message on Min sida."),
        "{text}"
    );
    assert_no_content(&text);
}

#[tokio::test]
async fn until_chosen_the_letter_language_is_the_interface_language_of_the_profile() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    // Finnish chosen as the interface language (kept in the profile), no channel choices saved.
    let r = app
        .as_person(
            &anna,
            Method::PUT,
            "/api/me/accessibility",
            &json!({ "language": "fi" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let settings: ChannelSettings = app.get(CHANNELS, Some(&anna.cookie)).await.json();
    assert_eq!(settings.prefs.letter_language, LetterLanguage::Fi);
    assert!(settings.updated_at.is_none());
    // The code comes in Finnish.
    emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let text = sink.received()[0].text();
    assert!(
        text.contains("Koodisi sähköpostiosoitteesi vahvistamiseen")
            && text.contains("10 minuuttia"),
        "{text}"
    );
    // An explicit choice wins over the interface language.
    let prefs = ChannelPrefs {
        letter_language: LetterLanguage::Ar,
        ..ChannelPrefs::default()
    };
    save_prefs(&app, &anna, &prefs).await;
    app.advance(120);
    emailed_code(&app, &sink, &anna, ANNA_EMAIL).await;
    let text = sink.received().pop().unwrap().text();
    assert!(text.contains("رمزك لتأكيد عنوان بريدك الإلكتروني"), "{text}");
}

#[tokio::test]
async fn the_notice_log_is_masked_and_only_the_persons_own() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    app.advance(60);
    start_ok(&app, &anna, VerifyTarget::Mobile).await;
    let lars = app.login(LARS).await;
    app.advance(60);
    start_ok(&app, &lars, VerifyTarget::Email).await;

    let r = app.get("/api/me/notices", Some(&anna.cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.text().contains(ANNA_EMAIL) && !r.text().contains(ANNA_MOBILE));
    let log: NoticeLog = r.json();
    assert_eq!(log.entries.len(), 2);
    let (sms, mail) = (&log.entries[0], &log.entries[1]);
    assert_eq!(
        (sms.channel, sms.purpose, sms.status),
        (
            NoticeChannel::Sms,
            NoticePurpose::VerificationCode,
            NoticeStatus::Pending
        )
    );
    assert_eq!(sms.to, "+4670*****67");
    assert_eq!((sms.attempts, sms.sent_at.as_deref()), (0, None));
    assert_eq!(sms.created_at, "2025-06-01T12:01:00Z");
    assert_eq!(
        (mail.channel, mail.status),
        (NoticeChannel::Email, NoticeStatus::Sent)
    );
    assert_eq!(mail.to, "a***@example.se");
    assert_eq!(
        (mail.attempts, mail.sent_at.as_deref()),
        (1, Some("2025-06-01T12:00:00Z"))
    );

    let log: NoticeLog = app.get("/api/me/notices", Some(&lars.cookie)).await.json();
    assert_eq!(log.entries.len(), 1);
    assert_eq!(log.entries[0].to, "l***@example.no");
    assert!(log
        .entries
        .iter()
        .all(|e| e.id != sms.id && e.id != mail.id));
    let tolvan = app.login(TOLVAN).await;
    let log: NoticeLog = app
        .get("/api/me/notices", Some(&tolvan.cookie))
        .await
        .json();
    assert!(log.entries.is_empty());

    let reads = app
        .audit_events()
        .await
        .into_iter()
        .filter(|e| e.0 == "read_notices")
        .count();
    assert_eq!(reads, 3);
}

#[tokio::test]
async fn demo_messages_still_go_through_the_system_api() {
    let app = TestApp::new().await;
    let n = minsida_server::demo::seed_messages(&app.state)
        .await
        .unwrap();
    assert!(n > 0);
    // No demo person has chosen notices: nothing is queued.
    assert!(outbox_rows(&app).await.is_empty());
}
