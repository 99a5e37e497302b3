//! Online backup and restore (`--backup-to`, `--restore-from`; `minsida_server::backup`): a
//! backup taken while the server reads and writes restores into a new data directory with
//! every message, document and audit event; a changed backup is refused.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::messaging::*;
use crate::common::*;

#[tokio::test]
async fn an_online_backup_restores_into_a_new_data_directory_with_everything() {
    if on_postgres() {
        // PostgreSQL and the object store are backed up with their own tools (README).
        return;
    }
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    let with_attachment = deliver(
        &app,
        SYSTEM_A_KEY,
        ANNA,
        None,
        "Beslut",
        "Beslutet finns som bilaga.",
        json!([{"file_name": "beslut.pdf", "content_base64": b64(&pdf("beslut"))}]),
    )
    .await;
    let upload = upload_ok(&app, &anna, "underlag.pdf", &pdf("underlag")).await;

    // The backup runs while Anna reads and new messages arrive.
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    let (manifest, ()) = tokio::join!(
        minsida_server::backup::backup_to(&app.config, &backup, app.now()),
        async {
            for i in 0..10 {
                assert_eq!(
                    app.get("/api/messages", Some(&anna.cookie)).await.status,
                    StatusCode::OK
                );
                deliver(
                    &app,
                    SYSTEM_A_KEY,
                    ANNA,
                    None,
                    &format!("Under backupen {i}"),
                    "b",
                    json!([]),
                )
                .await;
            }
        }
    );
    let manifest = manifest.unwrap();
    assert!(manifest.documents.len() >= 2, "{manifest:?}");
    assert!(manifest.missing_documents.is_empty());
    assert!(manifest.audit_sealed > 0);
    // The document key is not in the backup.
    for entry in walk(&backup) {
        let text = std::fs::read(&entry).unwrap();
        let key = app.state.kek.to_base64();
        assert!(
            !text.windows(key.len()).any(|w| w == key.as_bytes()),
            "{}",
            entry.display()
        );
    }
    let original: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();

    let restored = app.restored_from(&backup).await.unwrap();
    let in_backup: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&restored.pool)
        .await
        .unwrap();
    // One moment: everything from before the backup began, nothing half of what came during.
    assert!(
        in_backup <= original && in_backup >= original - 10,
        "{in_backup} of {original}"
    );
    let anna_again = restored.login(ANNA).await;
    let page = inbox(&restored, &anna_again, "?q=beslut").await;
    assert_eq!(page.messages[0].id, with_attachment.message_id);
    for id in [with_attachment.attachments[0].id, upload.document.id] {
        let r = restored
            .get(&format!("/api/documents/{id}"), Some(&anna_again.cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "document {id}: {}", r.text());
        assert!(r.body.starts_with(b"%PDF"));
    }

    // Restoring over an existing database is refused.
    let again = minsida_server::backup::restore_from(&restored.config, &backup).await;
    assert!(again.unwrap_err().contains("exists"));
}

#[tokio::test]
async fn a_changed_backup_is_refused() {
    if on_postgres() {
        return;
    }
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    upload_ok(&app, &anna, "underlag.pdf", &pdf("underlag")).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup");
    let manifest = minsida_server::backup::backup_to(&app.config, &backup, app.now())
        .await
        .unwrap();
    // Not into a directory that is in use.
    assert!(
        minsida_server::backup::backup_to(&app.config, &backup, app.now())
            .await
            .unwrap_err()
            .contains("not empty")
    );
    let key = manifest.documents.keys().next().unwrap();
    let file = backup.join("documents").join(format!("{key}.bin"));
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let refused = app.restored_from(&backup).await.err().unwrap();
    assert!(
        refused.contains("not the file the manifest describes"),
        "{refused}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
