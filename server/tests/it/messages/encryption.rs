//! Message bodies encrypted at rest, the blind search index, and key rotation (issue 13):
//! what is in the database, that tampering is detected, and that keys rotate with every
//! instance able to read everything at every step.

use crate::common::messaging::*;
use crate::common::*;
use axum::http::StatusCode;
use minsida_api::messages::{BodyBlock, MessageDetail};
use minsida_api::ErrorCode;
use minsida_server::crypto::{KeyEncryptionKey, KeyRing};
use minsida_server::keys::{self, RewrapReport};
use serde_json::json;

/// `(body, body_sealed, kek_id, search_text)` of a message as stored.
async fn stored(app: &TestApp, id: i64) -> (String, Option<Vec<u8>>, Option<String>, String) {
    sqlx::query_as("SELECT body, body_sealed, kek_id, search_text FROM messages WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The message as the person sees it: its body's paragraphs' lines.
async fn read_body(app: &TestApp, login: &Login, id: i64) -> Vec<String> {
    let r = app
        .get(&format!("/api/messages/{id}"), Some(&login.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json::<MessageDetail>()
        .body
        .into_iter()
        .flat_map(|b| match b {
            BodyBlock::Paragraph { lines } => lines,
            other => panic!("unexpected block {other:?}"),
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn hits(app: &TestApp, login: &Login, q: &str) -> u64 {
    inbox(app, login, &format!("?q={q}")).await.total
}

#[tokio::test]
async fn bodies_are_sealed_at_rest_and_found_by_the_blind_index() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let body = "Beslut om deklarationen för inkomståret 2025. Personnummer 19811218-9876.";
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Ditt slutskattebesked",
        body,
        json!([]),
    )
    .await;

    let (plain, sealed, kek_id, index) = stored(&app, d.message_id).await;
    assert_eq!(plain, "", "no body in clear");
    let sealed = sealed.expect("sealed");
    for word in ["Beslut", "deklaration", "2025", "19811218"] {
        assert!(!contains(&sealed, word), "{word} in the sealed body");
        assert!(!index.contains(&word.to_lowercase()), "{word} in the index");
    }
    assert_eq!(kek_id.as_deref(), Some(app.state.keys.active_id()));

    assert_eq!(read_body(&app, &anna, d.message_id).await, vec![body]);
    // Word starts, in the body and the subject, any case, å/ä/ö as themselves.
    for q in [
        "dekl",
        "deklarationen",
        "BESLUT",
        "inkomst%C3%A5ret",
        "slutskatt",
        "2025",
        "19811218",
    ] {
        assert_eq!(hits(&app, &anna, q).await, 1, "{q}");
    }
    for q in ["klarationen", "deklarationerna", "inkomstaret", "2024"] {
        assert_eq!(hits(&app, &anna, q).await, 0, "{q}");
    }
    // Every term must match (one of them under another word does not help).
    assert_eq!(hits(&app, &anna, "beslut+2025").await, 1);
    assert_eq!(hits(&app, &anna, "beslut+2024").await, 0);
}

#[tokio::test]
async fn a_changed_or_moved_body_is_detected_and_never_shown() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let first = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Ett",
        "Första brevet",
        json!([]),
    )
    .await;
    let second = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Två",
        "Andra brevet",
        json!([]),
    )
    .await;
    let (_, sealed, _, _) = stored(&app, first.message_id).await;
    let sealed = sealed.unwrap();

    // One bit changed in the ciphertext.
    let mut changed = sealed.clone();
    let last = changed.len() - 1;
    changed[last] ^= 0x01;
    sqlx::query("UPDATE messages SET body_sealed = $1 WHERE id = $2")
        .bind(changed)
        .bind(first.message_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app
        .get(
            &format!("/api/messages/{}", first.message_id),
            Some(&anna.cookie),
        )
        .await;
    let e = r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
    assert!(!r.text().contains("brevet"), "{e:?}");

    // A whole, valid sealed body moved to another message: bound to its own message, refused.
    sqlx::query("UPDATE messages SET body_sealed = $1 WHERE id = $2")
        .bind(&sealed)
        .bind(second.message_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let r = app
        .get(
            &format!("/api/messages/{}", second.message_id),
            Some(&anna.cookie),
        )
        .await;
    r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);
    assert!(!r.text().contains("Första"));
    // The inbox itself still lists both (summaries carry no body).
    assert_eq!(inbox(&app, &anna, "").await.total, 2);
}

#[tokio::test]
async fn bodies_stored_in_clear_are_sealed_once_at_start() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let d = deliver(&app, SYSTEM_A_KEY, ANNA, None, "Gammalt", "x", json!([])).await;
    // As a row written before bodies were encrypted.
    sqlx::query(
        "UPDATE messages SET body = $1, body_sealed = NULL, kek_id = NULL, search_text = $2 \
         WHERE id = $3",
    )
    .bind("Ett gammalt brev om skatten")
    .bind("gammalt\nett gammalt brev om skatten")
    .bind(d.message_id)
    .execute(&app.pool)
    .await
    .unwrap();
    // Still readable as it is.
    assert_eq!(
        read_body(&app, &anna, d.message_id).await,
        vec!["Ett gammalt brev om skatten"]
    );

    assert_eq!(
        keys::seal_plain_bodies(&app.pool, &app.state.keys)
            .await
            .unwrap(),
        1
    );
    let (plain, sealed, kek_id, index) = stored(&app, d.message_id).await;
    assert_eq!(plain, "");
    assert!(!contains(&sealed.unwrap(), "skatten"));
    assert!(!index.contains("skatt"));
    assert_eq!(kek_id.as_deref(), Some(app.state.keys.active_id()));
    assert_eq!(
        read_body(&app, &anna, d.message_id).await,
        vec!["Ett gammalt brev om skatten"]
    );
    assert_eq!(hits(&app, &anna, "skatt").await, 1);
    // Each row once: a second start has nothing to do.
    assert_eq!(
        keys::seal_plain_bodies(&app.pool, &app.state.keys)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn keys_rotate_with_every_instance_reading_everything_and_the_old_key_then_goes() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let old = (*app.state.kek).clone();
    let new = KeyEncryptionKey::generate();
    let before = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Före bytet",
        "Skrivet under den gamla nyckeln",
        json!([{"file_name": "beslut.pdf", "content_base64": b64(&pdf("old"))}]),
    )
    .await;
    let document = before.attachments[0].id;
    // A draft in a matter, typed before the rotation.
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "rot-1").await.id;
    save_draft(&app, &anna, matter, "Påbörjat svar före bytet").await;
    // Feedback, sealed like bodies.
    let r = app
        .as_person(
            &anna,
            axum::http::Method::POST,
            "/api/feedback",
            &json!({ "kind": "praise", "text": "Skrivet före bytet", "reply": "email", "email": "anna@example.se" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // An e-service: a draft and a submission, sealed like bodies.
    let r = app
        .system(
            axum::http::Method::PUT,
            "/api/system/v1/eservices/bestall-personbevis",
            Some(SYSTEM_A_KEY),
            Some(&minsida_server::demo::eservices::bestall_personbevis()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = app
        .as_person(
            &anna,
            axum::http::Method::POST,
            "/api/eservices/bestall-personbevis/submissions",
            &json!({ "version": 1, "idempotency_key": "rotation-0000000001",
                     "answers": { "typ": "familj", "antal": "2", "leverans": "min_sida" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = app
        .as_person(
            &anna,
            axum::http::Method::PUT,
            "/api/eservices/bestall-personbevis/draft",
            &json!({ "answers": { "typ": "utland" } }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let broken = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Trasig",
        "Ändras i databasen",
        json!([]),
    )
    .await
    .message_id;
    // A document stored before key ids were recorded.
    sqlx::query("UPDATE documents SET kek_id = NULL WHERE id = $1")
        .bind(document)
        .execute(&app.pool)
        .await
        .unwrap();

    // Step 1: every instance learns the new key, for reading only.
    let (old_b, new_b) = (old.clone(), new.clone());
    let knows_new = app
        .instance_with(move |c| {
            c.document_key = Some(old_b);
            c.old_document_keys = vec![new_b];
        })
        .await;
    // Step 2: the new key is active; the old one is still known.
    let (old_b, new_b) = (old.clone(), new.clone());
    let rotated = app
        .instance_with(move |c| {
            c.document_key = Some(new_b);
            c.old_document_keys = vec![old_b];
        })
        .await;
    let after = deliver(
        &rotated,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Efter bytet",
        "Skrivet under den nya nyckeln",
        json!([]),
    )
    .await
    .message_id;
    assert_eq!(
        stored(&app, after).await.2.as_deref(),
        Some(new.id().as_str())
    );
    for instance in [&knows_new, &rotated] {
        assert_eq!(
            read_body(instance, &anna, before.message_id).await,
            vec!["Skrivet under den gamla nyckeln"]
        );
        assert_eq!(
            read_body(instance, &anna, after).await,
            vec!["Skrivet under den nya nyckeln"]
        );
        let r = instance
            .get(&format!("/api/documents/{document}"), Some(&anna.cookie))
            .await;
        assert_eq!(r.body, pdf("old"));
        // Found under either key.
        assert_eq!(hits(instance, &anna, "skrivet").await, 2);
    }
    // (Why step 1 comes first: an instance that knows only the old key cannot read it.)
    let r = app
        .get(&format!("/api/messages/{after}"), Some(&anna.cookie))
        .await;
    r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::IntegrityError);

    // A body changed in the database: reported, left alone.
    let (_, sealed, _, _) = stored(&app, broken).await;
    let mut sealed = sealed.unwrap();
    let last = sealed.len() - 1;
    sealed[last] ^= 0x80;
    sqlx::query("UPDATE messages SET body_sealed = $1 WHERE id = $2")
        .bind(&sealed)
        .bind(broken)
        .execute(&app.pool)
        .await
        .unwrap();

    // Step 3: re-wrap everything under the new key (the servers keep running).
    let report = keys::rewrap(&app.pool, &rotated.state.keys).await.unwrap();
    assert_eq!(
        report,
        RewrapReport {
            bodies_sealed: 0,
            // The message, and the e-service's answers and receipt.
            bodies_rewrapped: 3,
            documents_rewrapped: 1,
            drafts_sealed: 0,
            drafts_rewrapped: 1,
            feedback_rewrapped: 1,
            eservices_rewrapped: 2,
            failed: vec![format!("message {broken}")],
        }
    );
    let again = keys::rewrap(&app.pool, &rotated.state.keys).await.unwrap();
    assert_eq!(
        (
            again.bodies_rewrapped,
            again.documents_rewrapped,
            again.drafts_rewrapped
        ),
        (0, 0, 0)
    );
    let ids: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT kek_id FROM messages WHERE id <> $1 UNION ALL SELECT kek_id FROM documents \
         UNION ALL SELECT kek_id FROM drafts UNION ALL SELECT kek_id FROM feedback \
         UNION ALL SELECT kek_id FROM eservice_drafts \
         UNION ALL SELECT kek_id FROM eservice_submissions",
    )
    .bind(broken)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        ids.iter()
            .all(|id| id.as_deref() == Some(new.id().as_str())),
        "{ids:?}"
    );

    // Step 4: the old key goes; everything reads and is found under the new key alone.
    let new_only = app
        .instance_with(move |c| {
            c.document_key = Some(new);
            c.old_document_keys = Vec::new();
        })
        .await;
    assert_eq!(
        new_only.state.keys,
        std::sync::Arc::new(KeyRing::single((*new_only.state.kek).clone()))
    );
    assert_eq!(
        read_body(&new_only, &anna, before.message_id).await,
        vec!["Skrivet under den gamla nyckeln"]
    );
    assert_eq!(
        read_body(&new_only, &anna, after).await,
        vec!["Skrivet under den nya nyckeln"]
    );
    let r = new_only
        .get(&format!("/api/documents/{document}"), Some(&anna.cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, pdf("old"));
    assert_eq!(hits(&new_only, &anna, "skrivet").await, 2);
    assert_eq!(hits(&new_only, &anna, "gamla").await, 1);
    assert_eq!(
        read_draft(&new_only, &anna, matter).await.as_deref(),
        Some("Påbörjat svar före bytet")
    );
    let r = new_only
        .system(
            axum::http::Method::GET,
            "/api/system/v1/feedback",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    let page: minsida_api::feedback::SystemFeedbackPage = r.json();
    assert_eq!(page.items[0].text, "Skrivet före bytet");
    let form: minsida_api::eservices::EServiceForm = new_only
        .get("/api/eservices/bestall-personbevis", Some(&anna.cookie))
        .await
        .json();
    assert_eq!(form.draft.unwrap().answers.len(), 1);
    let r = new_only
        .system(
            axum::http::Method::GET,
            "/api/system/v1/eservices/bestall-personbevis/submissions",
            Some(SYSTEM_A_KEY),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let submitted: minsida_api::eservices::SystemEServiceSubmissionPage = r.json();
    assert_eq!(submitted.submissions[0].answers.len(), 3);
    assert_eq!(
        page.items[0].reply.as_ref().unwrap().address.as_deref(),
        Some("anna@example.se")
    );
}

async fn save_draft(app: &TestApp, login: &Login, matter: i64, body: &str) {
    let r = app
        .as_person(
            login,
            axum::http::Method::PUT,
            &format!("/api/matters/{matter}/draft"),
            &json!({"subject": "Svar", "body": body}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

/// The draft's body as the person gets it back; `None` when there is none.
async fn read_draft(app: &TestApp, login: &Login, matter: i64) -> Option<String> {
    let r = app
        .get(&format!("/api/matters/{matter}/draft"), Some(&login.cookie))
        .await;
    match r.status {
        StatusCode::OK => Some(r.json::<minsida_api::terminal::StoredDraft>().draft.body),
        StatusCode::NOT_FOUND => None,
        other => panic!("{other}: {}", r.text()),
    }
}

/// `(draft, draft_sealed, kek_id)` of the draft as stored.
async fn stored_draft(app: &TestApp, matter: i64) -> (String, Option<Vec<u8>>, Option<String>) {
    sqlx::query_as("SELECT draft, draft_sealed, kek_id FROM drafts WHERE matter_id = $1")
        .bind(matter)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn drafts_are_sealed_with_only_their_upload_ids_in_clear() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "d-1").await.id;
    let upload = upload_ok(&app, &anna, "underlag.pdf", &pdf("draft")).await;
    let r = app
        .as_person(
            &anna,
            axum::http::Method::PUT,
            &format!("/api/matters/{matter}/draft"),
            &json!({"subject": "Mitt svar", "body": "Hemlig text om min inkomst", "upload_ids": [upload.document.id]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let (clear, sealed, kek_id) = stored_draft(&app, matter).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&clear).unwrap(),
        json!({"upload_ids": [upload.document.id]})
    );
    let sealed = sealed.unwrap();
    assert!(!contains(&sealed, "Hemlig") && !contains(&sealed, "Mitt svar"));
    assert_eq!(kek_id.as_deref(), Some(app.state.keys.active_id()));
    assert_eq!(
        read_draft(&app, &anna, matter).await.as_deref(),
        Some("Hemlig text om min inkomst")
    );
    // The upload the draft keeps is still kept past 24 hours (the cleanup reads the clear ids).
    app.advance(25 * 3600);
    let anna = app.login(ANNA).await;
    minsida_server::messaging::documents::delete_stale_uploads(&app.state)
        .await
        .unwrap();
    let r = app
        .get(&format!("/api/matters/{matter}/draft"), Some(&anna.cookie))
        .await;
    let stored: minsida_api::terminal::StoredDraft = r.json();
    assert_eq!(stored.draft.upload_ids, vec![upload.document.id]);

    // Changed: never shown (the person starts afresh), and it is logged.
    let mut changed = sealed.clone();
    changed[90] ^= 0x04;
    sqlx::query("UPDATE drafts SET draft_sealed = $1 WHERE matter_id = $2")
        .bind(changed)
        .bind(matter)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(read_draft(&app, &anna, matter).await, None);
}

#[tokio::test]
async fn drafts_stored_in_clear_are_sealed_at_start() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let matter = create_matter(&app, SYSTEM_A_KEY, ANNA, "d-2").await.id;
    save_draft(&app, &anna, matter, "x").await;
    // As a row written before drafts were sealed.
    sqlx::query(
        "UPDATE drafts SET draft = $1, draft_sealed = NULL, kek_id = NULL WHERE matter_id = $2",
    )
    .bind(r#"{"subject":"Gammalt","body":"Ett gammalt utkast","supplement_request_id":null,"upload_ids":[]}"#)
    .bind(matter)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        read_draft(&app, &anna, matter).await.as_deref(),
        Some("Ett gammalt utkast")
    );
    assert_eq!(
        keys::seal_plain_drafts(&app.pool, &app.state.keys)
            .await
            .unwrap(),
        1
    );
    let (clear, sealed, _) = stored_draft(&app, matter).await;
    assert!(!clear.contains("gammalt"));
    assert!(!contains(&sealed.unwrap(), "gammalt"));
    assert_eq!(
        read_draft(&app, &anna, matter).await.as_deref(),
        Some("Ett gammalt utkast")
    );
    assert_eq!(
        keys::seal_plain_drafts(&app.pool, &app.state.keys)
            .await
            .unwrap(),
        0
    );
}

/// `minsida-server --rewrap-keys`, the operator's command, beside a running instance.
#[tokio::test]
async fn the_rewrap_command_moves_everything_to_the_active_key() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let old = (*app.state.kek).clone();
    let new = KeyEncryptionKey::generate();
    let d = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Brev",
        "Inför nyckelbytet",
        json!([{"file_name": "a.pdf", "content_base64": b64(&pdf("cli"))}]),
    )
    .await;
    let run = |keys: &[(&str, &KeyEncryptionKey)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_minsida-server"));
        command
            .arg("--data-dir")
            .arg(&app.config.data_dir)
            .arg("--rewrap-keys")
            .env_remove("MINSIDA_CONFIG")
            .env_remove("MINSIDA_DOCUMENT_KEY")
            .env_remove("MINSIDA_OLD_DOCUMENT_KEYS");
        if let Some(url) = &app.config.database_url {
            command.arg("--database-url").arg(url);
        }
        for (flag, key) in keys {
            command.arg(flag).arg(key.to_base64());
        }
        command.output().unwrap()
    };

    // Without the old key nothing can be unwrapped: reported, exit 1, nothing changed.
    let out = run(&[("--document-key", &new)]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("message {}", d.message_id)),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("document {}", d.attachments[0].id)),
        "{stderr}"
    );
    assert_eq!(
        stored(&app, d.message_id).await.2.as_deref(),
        Some(old.id().as_str())
    );

    let out = run(&[("--document-key", &new), ("--old-document-key", &old)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "active key {}: message bodies sealed 0, re-wrapped 1; documents re-wrapped 1; \
             drafts sealed 0, re-wrapped 0",
            new.id()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("the old keys may be removed"), "{stdout}");

    let new_only = app
        .instance_with(move |c| {
            c.document_key = Some(new);
            c.old_document_keys = Vec::new();
        })
        .await;
    assert_eq!(
        read_body(&new_only, &anna, d.message_id).await,
        vec!["Inför nyckelbytet"]
    );
    let r = new_only
        .get(
            &format!("/api/documents/{}", d.attachments[0].id),
            Some(&anna.cookie),
        )
        .await;
    assert_eq!(r.body, pdf("cli"));
    assert_eq!(hits(&new_only, &anna, "nyckelbyte").await, 1);
}
