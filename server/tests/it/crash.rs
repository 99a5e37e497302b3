//! Crash safety with two instances: two server processes on one database and one document
//! store, as behind a load balancer; one is killed with SIGKILL in the middle of deliveries,
//! uploads, draft saves and the outbox's sending of the deliveries' notices. The other goes
//! on, and afterwards nothing that was accepted (a 2xx answer) is missing or there twice:
//! messages, their audit events, documents (bytes identical), the draft (the last saved
//! version or one sent later, whole), notices (none sent twice, none sent by the survivor
//! that the killed one had taken) and the audit chain. The killed instance starts again on
//! the same data.
//!
//! Runs on the store of the suite: SQLite (two processes on one database file) or, under
//! `scripts/with-postgres`/`scripts/with-s3`, PostgreSQL and the object store.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use minsida_api::messages::DocumentInfo;
use minsida_api::SessionInfo;
use minsida_server::config::DEMO_SYSTEM_API_KEY;
use sha2::{Digest as _, Sha256};

use crate::common::*;

const DELIVERIES: usize = 48;
const UPLOADS: usize = 12;
const DRAFT_SAVES: usize = 40;
/// Accepted deliveries after which the first instance is killed.
const KILL_AFTER: usize = 16;

/// One server process; killed (SIGKILL) when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The command line both instances share: the same database, documents and document key.
fn server_command(dir: &Path, store_args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minsida-server"));
    command
        .args(store_args)
        .args(["--demo", "--bind", "127.0.0.1:0", "--outbox-poll-secs", "1"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--static-dir")
        .arg(dir.join("dist"))
        // 32 bytes, base64: the key encryption key every instance must share.
        .env(
            "MINSIDA_DOCUMENT_KEY",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        )
        .env("RUST_LOG", "warn")
        .env_remove("MINSIDA_CONFIG");
    command
}

/// Start an instance and wait until it says where it listens.
fn start(dir: &Path, store_args: &[String]) -> Instance {
    let mut child = server_command(dir, store_args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base = first
        .trim()
        .strip_prefix("Min sida is running at ")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    Instance { child, base }
}

/// The suite's store as command-line arguments: a fresh PostgreSQL database and an object
/// store prefix when the suite runs on them, else the SQLite file in the data directory.
async fn store_args(dir: &Path) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(url) = fresh_postgres_database().await {
        args.extend(["--database-url".to_string(), url]);
    }
    if let Some(s3) = test_object_store() {
        args.extend([
            "--s3-bucket".to_string(),
            s3.bucket,
            "--s3-endpoint".to_string(),
            s3.endpoint.unwrap(),
            "--s3-prefix".to_string(),
            s3.prefix,
            "--s3-access-key-id".to_string(),
            s3.access_key_id.unwrap(),
            "--s3-secret-access-key".to_string(),
            s3.secret_access_key.unwrap(),
        ]);
    }
    let _ = dir;
    args
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn pdf(i: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.7\n% crash test upload {i}\n").into_bytes();
    bytes.extend((0..256 * 1024).map(|n| ((n * 31 + i * 7) % 251) as u8));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_one_of_two_instances_loses_and_doubles_nothing_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let args = store_args(dir.path()).await;
    let a = start(dir.path(), &args);
    let b = start(dir.path(), &args);
    let http = client();

    // Anna logs in on the first instance; the session holds on both.
    let login = http
        .post(format!("{}/api/auth/test/login", a.base))
        .header("origin", &a.base)
        .json(&serde_json::json!({ "personal_number": ANNA }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let session: SessionInfo = login.json().await.unwrap();

    // Anna wants an e-mail and an SMS for every new message. (Her demo contact details are
    // marked verified directly in the database: the verification flow has tests of its own.)
    let setup = minsida_server::db::connect_url(&database_url(dir.path(), &args), 1)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE contact_details SET email_verified_at = updated_at, mobile_verified_at = updated_at \
         WHERE person_id = (SELECT id FROM persons WHERE personal_number = $1)",
    )
    .bind(ANNA)
    .execute(&setup)
    .await
    .unwrap();
    setup.close().await;
    let mut prefs = minsida_api::channels::ChannelPrefs::default();
    for kind in &mut prefs.kinds {
        kind.notify_email = true;
        kind.notify_sms = true;
    }
    let r = http
        .put(format!("{}/api/me/channels", a.base))
        .header("origin", &a.base)
        .header("cookie", &cookie)
        .header("x-csrf-token", &session.csrf_token)
        .json(&prefs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let bases = [a.base.clone(), b.base.clone()];
    let accepted_deliveries = Arc::new(AtomicUsize::new(0));
    let a = Arc::new(std::sync::Mutex::new(Some(a)));

    // The killer: once enough deliveries are in, SIGKILL the first instance.
    let killer = {
        let accepted = accepted_deliveries.clone();
        let a = a.clone();
        tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(120);
            while accepted.load(Ordering::SeqCst) < KILL_AFTER {
                assert!(Instant::now() < deadline, "deliveries did not get going");
                tokio::task::yield_now().await;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            drop(a.lock().unwrap().take());
        })
    };

    // Deliveries, alternating between the instances, four at a time.
    let deliveries = {
        let http = http.clone();
        let bases = bases.clone();
        let accepted = accepted_deliveries.clone();
        tokio::spawn(async move {
            let next = Arc::new(AtomicUsize::new(0));
            let mut workers = Vec::new();
            for _ in 0..4 {
                let (http, bases, accepted, next) =
                    (http.clone(), bases.clone(), accepted.clone(), next.clone());
                workers.push(tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= DELIVERIES {
                            return mine;
                        }
                        let subject = format!("Krocktest {i}");
                        let sent = http
                            .post(format!("{}/api/system/v1/messages", bases[i % 2]))
                            .bearer_auth(DEMO_SYSTEM_API_KEY)
                            .json(&serde_json::json!({
                                "recipient": { "personal_number": ANNA },
                                "sender": "Skatteverket",
                                "subject": subject,
                                "body": "Ett meddelande mitt i en krasch.",
                            }))
                            .send()
                            .await;
                        if let Ok(r) = sent {
                            if r.status().is_success() {
                                let d: minsida_api::messages::SystemDelivery =
                                    r.json().await.unwrap();
                                accepted.fetch_add(1, Ordering::SeqCst);
                                mine.push((subject, d.message_id));
                            }
                        }
                    }
                }));
            }
            let mut all = Vec::new();
            for w in workers {
                all.extend(w.await.unwrap());
            }
            all
        })
    };

    // Uploads by Anna, alternating between the instances, at the same time.
    let uploads = {
        let (http, bases, cookie, csrf) = (
            http.clone(),
            bases.clone(),
            cookie.clone(),
            session.csrf_token.clone(),
        );
        tokio::spawn(async move {
            let mut accepted = Vec::new();
            for i in 0..UPLOADS {
                let base = &bases[i % 2];
                let content = pdf(i);
                let sent = http
                    .post(format!("{base}/api/uploads"))
                    .header("origin", base)
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .header("content-type", "application/octet-stream")
                    .header("x-file-name", format!("underlag-{i}.pdf"))
                    .body(content.clone())
                    .send()
                    .await;
                if let Ok(r) = sent {
                    if r.status().is_success() {
                        let info: DocumentInfo = r.json().await.unwrap();
                        accepted.push((info.id, Sha256::digest(&content).to_vec()));
                    }
                }
            }
            accepted
        })
    };

    // Draft saves by Anna in one of her open matters, alternating between the instances.
    let matters: minsida_api::messages::MatterList = http
        .get(format!("{}/api/matters", bases[1]))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let matter = matters
        .matters
        .iter()
        .find(|m| m.status.is_open())
        .expect("the demo gives Anna an open matter")
        .id;
    let drafts = {
        let (http, bases, cookie, csrf) = (
            http.clone(),
            bases.clone(),
            cookie.clone(),
            session.csrf_token.clone(),
        );
        tokio::spawn(async move {
            let mut last_accepted = None;
            for i in 0..DRAFT_SAVES {
                let base = &bases[i % 2];
                let sent = http
                    .put(format!("{base}/api/matters/{matter}/draft"))
                    .header("origin", base)
                    .header("cookie", &cookie)
                    .header("x-csrf-token", &csrf)
                    .json(&serde_json::json!({
                        "subject": "Utkast",
                        "body": format!("Utkast version {i}"),
                    }))
                    .send()
                    .await;
                if sent.is_ok_and(|r| r.status().is_success()) {
                    last_accepted = Some(i);
                }
            }
            last_accepted
        })
    };

    let delivered = deliveries.await.unwrap();
    let uploaded = uploads.await.unwrap();
    let last_draft = drafts.await.unwrap().expect("draft saves were accepted");
    killer.await.unwrap();
    assert!(a.lock().unwrap().is_none(), "the first instance was killed");
    assert!(
        delivered.len() >= DELIVERIES / 2,
        "the second instance took its share: {} accepted",
        delivered.len()
    );
    assert!(!uploaded.is_empty());
    #[expect(
        clippy::print_stderr,
        reason = "the counts are the crash test's report (shown with --nocapture)"
    )]
    {
        eprintln!(
            "crash test: {} of {DELIVERIES} deliveries and {} of {UPLOADS} uploads accepted, \
         the first instance killed after {KILL_AFTER} deliveries",
            delivered.len(),
            uploaded.len()
        );
    }

    // Every accepted message exactly once, with exactly one audit event; nothing else.
    let pool = minsida_server::db::connect_url(&database_url(dir.path(), &args), 2)
        .await
        .unwrap();
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, subject FROM messages WHERE subject LIKE 'Krocktest %'")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut per_subject: HashMap<String, usize> = HashMap::new();
    for (_, subject) in &rows {
        *per_subject.entry(subject.clone()).or_default() += 1;
    }
    assert!(per_subject.values().all(|&n| n == 1), "{per_subject:?}");
    let stored: HashSet<i64> = rows.iter().map(|(id, _)| *id).collect();
    for (subject, id) in &delivered {
        assert!(stored.contains(id), "accepted {subject} ({id}) is missing");
    }
    // A delivery cut off before its answer may or may not be there; never half of one.
    let audited: Vec<(String, i64)> = sqlx::query_as(
        "SELECT object_id, COUNT(*) FROM audit_events WHERE action = 'system_deliver_message' \
         GROUP BY object_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let audited: HashMap<String, i64> = audited.into_iter().collect();
    for id in &stored {
        assert_eq!(audited.get(&id.to_string()), Some(&1), "message {id}");
    }

    // Every accepted upload reads back identical (decrypted and checked) on the survivor.
    for (id, sha) in &uploaded {
        let r = http
            .get(format!("{}/api/documents/{id}", b.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "document {id}");
        assert_eq!(&Sha256::digest(r.bytes().await.unwrap()).to_vec(), sha);
    }

    // The draft: the last accepted version, or one sent after it whose answer was lost in the
    // kill; always whole.
    let r = http
        .get(format!("{}/api/matters/{matter}/draft", b.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let stored: minsida_api::terminal::StoredDraft = r.json().await.unwrap();
    let version: usize = stored
        .draft
        .body
        .strip_prefix("Utkast version ")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a half draft: {:?}", stored.draft));
    assert!(
        (last_draft..DRAFT_SAVES).contains(&version),
        "draft version {version}, last accepted {last_draft}"
    );
    assert_eq!(stored.draft.subject, "Utkast");

    // Notices: the survivor's worker sends everything queued (wait for that state). A row the
    // killed worker had taken stays `sending` under its lease (it may or may not have gone
    // out, so it is never sent again); every other row is sent exactly once.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'retrying')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if waiting == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{waiting} notices still waiting");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let notices: Vec<(String, String, String)> =
        sqlx::query_as("SELECT idempotency_key, channel, status FROM outbox")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut queued_for_crash_messages = 0;
    for (id, _) in &rows {
        queued_for_crash_messages += notices
            .iter()
            .filter(|(key, _, _)| key.starts_with(&format!("new_message:{id}:")))
            .count();
    }
    assert!(
        queued_for_crash_messages > 0,
        "the deliveries queued notices"
    );
    let in_flight = notices.iter().filter(|n| n.2 == "sending").count();
    assert!(
        in_flight <= 1,
        "one row at most was being sent when killed: {in_flight}"
    );
    assert!(
        notices.iter().all(|n| n.2 == "sent" || n.2 == "sending"),
        "{notices:?}"
    );
    let count = |channel: &str, status: &str| {
        notices
            .iter()
            .filter(|n| n.1 == channel && n.2 == status)
            .count()
    };
    let mails = std::fs::read_dir(dir.path().join("data").join("mail"))
        .map(|d| d.count())
        .unwrap_or(0);
    let texts = std::fs::read_to_string(dir.path().join("data").join("sms.jsonl"))
        .map(|t| t.lines().count())
        .unwrap_or(0);
    for (channel, written) in [("email", mails), ("sms", texts)] {
        let (sent, sending) = (count(channel, "sent"), count(channel, "sending"));
        assert!(
            (sent..=sent + sending).contains(&written),
            "{channel}: {written} written, {sent} sent, {sending} in flight"
        );
    }
    #[expect(
        clippy::print_stderr,
        reason = "the counts are the crash test's report (shown with --nocapture)"
    )]
    {
        eprintln!(
            "crash test: draft version {version} after the last accepted {last_draft} of \
             {DRAFT_SAVES}; {} notices ({queued_for_crash_messages} for the deliveries), \
             {in_flight} in flight at the kill, {mails} e-mails and {texts} SMS written",
            notices.len()
        );
    }
    pool.close().await;

    // The killed instance starts again on the same data, and the audit chain is intact.
    let again = start(dir.path(), &args);
    let r = http
        .get(format!("{}/api/health/ready", again.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(again);
    drop(b);
    let verify = server_command(dir.path(), &args)
        .arg("--verify-audit")
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
}

/// The database URL the instances use.
fn database_url(dir: &Path, args: &[String]) -> String {
    match args.iter().position(|a| a == "--database-url") {
        Some(i) => args[i + 1].clone(),
        None => {
            minsida_server::db::sqlite_url(&PathBuf::from(dir).join("data").join("minsida.sqlite"))
        }
    }
}
