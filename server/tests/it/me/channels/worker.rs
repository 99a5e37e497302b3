//! The outbox worker: retries, give-up, no double sending, wake-up, and `.eml` files without
//! SMTP.

use super::*;
use crate::common::smtp_sink::{ReceivedMail, SmtpSink};
use axum::http::StatusCode;
use minsida_api::channels::{ChannelPrefs, NoticeChannel, NoticeLog, NoticeStatus, VerifyTarget};
use minsida_api::messages::MatterCategory;
use minsida_server::outbox::{self, RunReport, INTERRUPTED, MAX_ATTEMPTS};
use std::time::Duration;

/// Anna with a verified e-mail address and e-mail notices for messages without a matter;
/// the sink has received the code.
async fn anna_with_email_notices() -> (TestApp, SmtpSink, Login) {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    verify_email(&app, &sink, &anna, ANNA_EMAIL).await;
    save_prefs(
        &app,
        &anna,
        &notify(ChannelPrefs::default(), MatterCategory::Other, true, false),
    )
    .await;
    assert_eq!(sink.received().len(), 1);
    (app, sink, anna)
}

#[tokio::test]
async fn deferred_mail_is_retried_with_backoff_and_sent_once() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    sink.defer_next(2);
    deliver(&app, ANNA, None).await;

    let report = run_worker(&app).await;
    assert_eq!(
        report,
        RunReport {
            retrying: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("retrying", 1));
    assert_eq!(row.next_attempt_at, app.now() + 30);
    assert_eq!(row.lease_until, None);
    assert!(
        row.last_error.as_deref().unwrap().contains("451"),
        "{:?}",
        row.last_error
    );

    // Not due yet: nothing happens.
    assert!(run_worker(&app).await.is_empty());
    app.advance(29);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!(sink.refused(), 1);

    // Second attempt: deferred again, now for a minute.
    app.advance(1);
    assert_eq!(run_worker(&app).await.retrying, 1);
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("retrying", 2));
    assert_eq!(row.next_attempt_at, app.now() + 60);

    app.advance(60);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            sent: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 3));
    assert_eq!(row.sent_at, Some(app.now()));
    assert_eq!(row.last_error, None);

    // Exactly once, however often the worker runs.
    app.advance(7200);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!(sink.received().len(), 2);
    assert_eq!(sink.refused(), 2);
    // The repeats carried the same Message-ID.
    let mail = sink.received().pop().unwrap();
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            row.id, row.created_at
        ))
    );
}

#[tokio::test]
async fn rejected_mail_fails_at_once() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    sink.reject_next(1);
    deliver(&app, ANNA, None).await;
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            failed: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1));
    assert!(
        row.last_error.as_deref().unwrap().contains("550"),
        "{:?}",
        row.last_error
    );
    // Never tried again.
    app.advance(24 * 3600);
    assert!(run_worker(&app).await.is_empty());
    assert_eq!((sink.refused(), sink.received().len()), (1, 1));
    // The person sees it failed (after logging in again: a day has passed).
    let anna = app.login(ANNA).await;
    let log: NoticeLog = app.get("/api/me/notices", Some(&anna.cookie)).await.json();
    assert_eq!(log.entries[0].status, NoticeStatus::Failed);
    assert_eq!(log.entries[0].sent_at, None);
}

#[tokio::test]
async fn an_unreachable_server_is_retried_until_the_worker_gives_up() {
    // A port where nothing listens: connection refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let app = TestApp::with(Options {
        smtp_url: Some(format!("smtp://{closed}")),
        ..Options::default()
    })
    .await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;

    let mut waits = Vec::new();
    for attempt in 1..MAX_ATTEMPTS {
        assert_eq!(run_worker(&app).await.retrying, 1, "attempt {attempt}");
        let row = outbox_rows(&app).await.pop().unwrap();
        assert_eq!(
            (row.status.as_str(), row.attempts),
            ("retrying", i64::from(attempt))
        );
        assert!(
            !row.body.is_empty(),
            "the code is kept while it may still be sent"
        );
        let wait = row.next_attempt_at - app.now();
        waits.push(wait);
        app.advance(wait);
    }
    assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            failed: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("failed", i64::from(MAX_ATTEMPTS))
    );
    assert!(row
        .last_error
        .unwrap()
        .starts_with("gave up after 8 attempts"));
    assert_eq!(row.body, "", "a code that was given up is not kept");
    app.advance(3600);
    assert!(run_worker(&app).await.is_empty());
}

#[tokio::test]
async fn the_same_notice_is_never_queued_or_sent_twice() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    let d = deliver(&app, ANNA, None).await;
    let person = app.person_id(ANNA).await;

    // Queueing the notices of the same message again adds nothing.
    let mut tx = minsida_server::db::begin_write(&app.pool).await.unwrap();
    let again = outbox::queue_new_message_notices(
        &mut tx,
        person,
        d.message_id,
        MatterCategory::Other,
        &app.config.public_url,
        app.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again.channels, [NoticeChannel::Email]);
    let notices: Vec<OutboxRow> = outbox_rows(&app)
        .await
        .into_iter()
        .filter(|r| r.purpose == "new_message")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].person_id, person);

    // Two workers at once (two servers on one database): each row goes to one of them.
    let (a, b) = (app.worker(), app.worker());
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(ra.unwrap().sent + rb.unwrap().sent, 1);
    for _ in 0..3 {
        assert!(run_worker(&app).await.is_empty());
    }
    let to_anna = sink.received_for(ANNA_EMAIL);
    assert_eq!(to_anna.len(), 2, "the code and one notice");
}

#[tokio::test]
async fn an_interrupted_send_is_not_repeated() {
    let (app, sink) = app_with_sink().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    // As if a worker had claimed the row and the server had stopped mid-send.
    sqlx::query("UPDATE outbox SET status = 'sending', attempts = 1, lease_until = $1")
        .bind(app.now() + outbox::LEASE_SECS)
        .execute(&app.pool)
        .await
        .unwrap();
    // Someone else's claim: left alone while the lease lasts.
    assert!(run_worker(&app).await.is_empty());
    let log: NoticeLog = app.get("/api/me/notices", Some(&anna.cookie)).await.json();
    assert_eq!(
        log.entries[0].status,
        NoticeStatus::Pending,
        "sending shows as pending"
    );

    app.advance(outbox::LEASE_SECS);
    assert_eq!(
        run_worker(&app).await,
        RunReport {
            interrupted: 1,
            ..RunReport::default()
        }
    );
    let row = outbox_rows(&app).await.pop().unwrap();
    assert_eq!(row.status, "failed");
    assert_eq!(row.last_error.as_deref(), Some(INTERRUPTED));
    assert_eq!((row.lease_until, row.body.as_str()), (None, ""));
    app.advance(3600);
    assert!(run_worker(&app).await.is_empty());
    assert!(sink.received().is_empty());
    assert_eq!(sink.connections(), 0);
}

#[tokio::test]
async fn the_worker_wakes_up_when_something_is_queued() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with(Options {
        smtp_url: Some(sink.url()),
        // Polling alone would take an hour.
        outbox_poll_secs: 3600,
        ..Options::default()
    })
    .await;
    let worker = tokio::spawn(app.worker().run());
    // Let it finish its first (empty) round and wait.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    let arrived = tokio::time::timeout(Duration::from_secs(10), async {
        while sink.received().is_empty() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    worker.abort();
    assert!(arrived.is_ok(), "the code was not sent after the wake-up");
    assert_eq!(sink.received_for(ANNA_EMAIL).len(), 1);
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    start_ok(&app, &anna, VerifyTarget::Email).await;
    assert_eq!(run_worker(&app).await.sent, 1);
    let row = outbox_rows(&app).await.pop().unwrap();
    let path = app
        .config
        .data_dir
        .join("mail")
        .join(format!("notice-{}-{}.eml", row.id, row.created_at));
    let data = std::fs::read_to_string(&path).unwrap();
    let mail = ReceivedMail {
        helo: String::new(),
        mail_from: String::new(),
        rcpt_to: Vec::new(),
        data,
    };
    assert_eq!(mail.header("To").as_deref(), Some(ANNA_EMAIL));
    assert_eq!(
        mail.header("Message-ID"),
        Some(format!(
            "<notice-{}-{}@minsida.example.se>",
            row.id, row.created_at
        ))
    );
    let code = code_in(&mail.text());
    let r = confirm(&app, &anna, VerifyTarget::Email, &code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// Two instances' workers on one database, running at the same time: every notice is sent
/// exactly once, with one attempt.
#[tokio::test]
async fn two_workers_on_one_database_send_each_notice_once() {
    let (app, sink, _anna) = anna_with_email_notices().await;
    let other = app.another_instance().await;
    const MESSAGES: usize = 12;
    for _ in 0..MESSAGES {
        deliver(&app, ANNA, None).await;
    }
    let (first, second) = (app.worker(), other.worker());
    let mut sent = 0;
    loop {
        let (a, b) = tokio::join!(first.run_once(), second.run_once());
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!((a.retrying, a.failed, b.retrying, b.failed), (0, 0, 0, 0));
        sent += a.sent + b.sent;
        if a.is_empty() && b.is_empty() {
            break;
        }
    }
    assert_eq!(sent, MESSAGES);
    // The verification code and one notice per message, each once.
    assert_eq!(sink.received().len(), 1 + MESSAGES);
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), 1 + MESSAGES);
    assert!(
        rows.iter().all(|r| r.status == "sent" && r.attempts == 1),
        "{rows:?}"
    );
}
