//! Telling the publishing system of a submission: a signed POST to its callback URL (a real
//! HTTP server here), through a durable queue with retries.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use minsida_server::config::EServiceCallback;
use minsida_server::eservices::callbacks::{signature, CallbackReport, CallbackWorker};
use serde_json::Value;

use super::*;

const SECRET: &str = "callback-secret-0123456789abcdefghijkl";

#[derive(Clone, Default)]
struct Receiver {
    /// The status to answer with.
    status: Arc<AtomicU16>,
    /// (signature header, body) of every request.
    got: Arc<Mutex<Vec<(String, String)>>>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    let sig = headers
        .get("x-minsida-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    r.got.lock().unwrap().push((sig, body));
    StatusCode::from_u16(r.status.load(Ordering::SeqCst)).unwrap()
}

/// A real HTTP server on the loopback address; its URL.
async fn start_receiver(r: Receiver) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let router = axum::Router::new()
        .route("/minsida/events", axum::routing::post(receive))
        .with_state(r);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}/minsida/events")
}

#[tokio::test]
async fn the_system_is_told_of_a_submission_signed_and_again_until_it_answers() {
    let app = TestApp::new().await;
    publish_demo(&app).await;
    let receiver = Receiver::default();
    receiver.status.store(503, Ordering::SeqCst);
    let url = start_receiver(receiver.clone()).await;
    let callback = EServiceCallback::parse(&format!("system-a={SECRET}={url}"), "test").unwrap();
    let instance = app
        .instance_with(move |c| c.eservice_callbacks = vec![callback])
        .await;
    let anna = instance.login(ANNA).await;
    let receipt = submit_ok(
        &instance,
        &anna,
        "flyttanmalan",
        &moving_answers(1, "callback-test-000001"),
    )
    .await;
    let worker = CallbackWorker::new(&instance.state);

    // The system is down: tried, then again after the backoff, not before.
    let report = worker.run_once().await.unwrap();
    assert_eq!(
        report,
        CallbackReport {
            sent: 0,
            retrying: 1,
            failed: 0
        }
    );
    assert_eq!(worker.run_once().await.unwrap(), CallbackReport::default());
    app.advance(31);
    receiver.status.store(204, Ordering::SeqCst);
    let report = worker.run_once().await.unwrap();
    assert_eq!(
        report,
        CallbackReport {
            sent: 1,
            retrying: 0,
            failed: 0
        }
    );
    assert_eq!(worker.run_once().await.unwrap(), CallbackReport::default());

    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let (sig, body) = &got[1];
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["event"], "eservice.submitted");
    assert_eq!(event["service_id"], "flyttanmalan");
    assert_eq!(event["receipt_number"], receipt.receipt_number.as_str());
    assert_eq!(event["matter_id"], receipt.matter.id);
    // Ids only: nothing the person wrote.
    assert!(!body.contains("Nygatan"), "{body}");
    // The signature is the HMAC of "<t>.<body>" with the shared secret.
    let t: i64 = sig
        .strip_prefix("t=")
        .and_then(|s| s.split(',').next())
        .and_then(|t| t.parse().ok())
        .unwrap();
    assert_eq!(*sig, signature(SECRET, t, body));

    // The event names a submission the system fetches with its key.
    let page: minsida_api::eservices::SystemEServiceSubmissionPage = app
        .system(
            Method::GET,
            "/api/system/v1/eservices/flyttanmalan/submissions",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await
        .json();
    assert_eq!(
        page.submissions[0].id,
        event["submission_id"].as_i64().unwrap()
    );
}

#[tokio::test]
async fn a_refusal_is_given_up_and_systems_without_a_callback_get_nothing() {
    let app = TestApp::new().await;
    // Published by system B, which has no callback.
    let r = publish(
        &app,
        SYSTEM_B_KEY,
        "flyttanmalan",
        &minsida_server::demo::eservices::flyttanmalan(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let receiver = Receiver::default();
    receiver.status.store(410, Ordering::SeqCst);
    let url = start_receiver(receiver.clone()).await;
    let callback = EServiceCallback::parse(&format!("system-a={SECRET}={url}"), "test").unwrap();
    let instance = app
        .instance_with(move |c| c.eservice_callbacks = vec![callback])
        .await;
    let anna = instance.login(ANNA).await;
    submit_ok(
        &instance,
        &anna,
        "flyttanmalan",
        &moving_answers(1, "callback-test-000002"),
    )
    .await;
    let worker = CallbackWorker::new(&instance.state);
    assert_eq!(worker.run_once().await.unwrap(), CallbackReport::default());
    assert!(receiver.got.lock().unwrap().is_empty());

    // System A's service: the receiver refuses for good (410), so it is given up at once.
    let r = publish(
        &app,
        SYSTEM_A_KEY,
        "bestall-personbevis",
        &minsida_server::demo::eservices::bestall_personbevis(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    submit_ok(
        &instance,
        &anna,
        "bestall-personbevis",
        &json!({ "version": 1, "idempotency_key": "callback-test-000003",
                 "answers": { "typ": "familj", "antal": "1", "leverans": "min_sida" } }),
    )
    .await;
    let report = worker.run_once().await.unwrap();
    assert_eq!(
        report,
        CallbackReport {
            sent: 0,
            retrying: 0,
            failed: 1
        }
    );
    let (status, error): (String, Option<String>) =
        sqlx::query_as("SELECT status, last_error FROM eservice_callbacks")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), error.as_deref()),
        ("failed", Some("HTTP 410 Gone"))
    );
}

#[test]
fn callback_urls_are_https_or_loopback_and_secrets_long() {
    let ok = |t: &str| EServiceCallback::parse(t, "test");
    assert!(ok(&format!("a={SECRET}=https://system.example.se/events?x=1")).is_ok());
    assert!(ok(&format!("a={SECRET}=http://127.0.0.1:8080/e")).is_ok());
    assert!(ok(&format!("a={SECRET}=http://system.example.se/events")).is_err());
    assert!(ok(&format!("a={SECRET}=https://user:pw@system.example.se/")).is_err());
    assert!(ok("a=short=https://system.example.se/").is_err());
    assert!(ok(&format!("a={SECRET}")).is_err());
}
