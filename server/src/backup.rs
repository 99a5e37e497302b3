//! Online backup and restore of the embedded store (SQLite and the documents).
//!
//! `minsida-server --backup-to DIR` writes, while the server keeps running:
//! - `DIR/minsida.sqlite`: a consistent snapshot of the database (`VACUUM INTO`, which reads
//!   in one transaction, so writers go on and the copy is of one moment);
//! - `DIR/documents/<key>.bin`: the ciphertext of every document the snapshot names, read
//!   through the configured document store (a directory or an object store), checked
//!   against nothing but copied as it is (it is encrypted; the key is not in the backup);
//! - `DIR/manifest.json`: when, what, and the SHA-256 of the database copy and of every
//!   document file, and the audit chain's head at that moment.
//!
//! `minsida-server --restore-from DIR` checks the manifest's hashes, then puts the database
//! where the configuration says (refusing to overwrite one) and the documents into the
//! configured store, and verifies the audit chain of the restored database.
//!
//! The key encryption key is never part of a backup: it is kept in the secret store (or, in a
//! demo, the data directory's `document-key` file, to be saved on its own). Without it the
//! documents cannot be read, which is the point of encrypting them.
//!
//! PostgreSQL is backed up with its own tools (continuous archiving and `pg_basebackup`, or
//! `pg_dump`) and the object store with its versioning or replication; see the README.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::db::{self, Backend};

const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "minsida.sqlite";
const DOCUMENTS: &str = "documents";

/// What a backup holds (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Unix seconds when the snapshot was taken.
    pub created_at: i64,
    /// SHA-256 (hex) of `minsida.sqlite`.
    pub database_sha256: String,
    /// Storage key -> SHA-256 (hex) of its ciphertext file.
    pub documents: std::collections::BTreeMap<String, String>,
    /// Documents the snapshot names that were gone from the store when they were copied
    /// (pending uploads deleted meanwhile); their rows are in the copy, their bytes are not.
    pub missing_documents: Vec<String>,
    /// The audit chain's head in the snapshot (all events sealed at backup time are covered).
    pub audit_head: String,
    pub audit_sealed: u64,
}

/// The file of the configured SQLite database.
fn sqlite_path(config: &Config) -> PathBuf {
    match &config.database_url {
        Some(url) => PathBuf::from(
            url.trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .split('?')
                .next()
                .unwrap_or_default(),
        ),
        None => config.default_database_path(),
    }
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    Ok(crate::crypto::sha256_hex(&std::fs::read(path)?))
}

/// Take an online backup of the configured SQLite database and its documents into `dir`,
/// which must not exist yet or be empty.
pub async fn backup_to(config: &Config, dir: &Path, now: i64) -> Result<Manifest, String> {
    let url = db::database_url(config);
    if Backend::of_url(&url) != Some(Backend::Sqlite) {
        return Err(
            "--backup-to backs up the SQLite store; back up PostgreSQL with its own \
                    tools (pg_basebackup and WAL archiving, or pg_dump), see the README"
                .into(),
        );
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!("{} is not empty", dir.display()));
    }
    let database = sqlite_path(config);
    if !database.is_file() {
        return Err(format!("there is no database at {}", database.display()));
    }
    std::fs::create_dir_all(dir.join(DOCUMENTS)).map_err(|e| format!("{}: {e}", dir.display()))?;
    let store = crate::store::from_config(config)?;

    // The snapshot: one read transaction, writers go on meanwhile.
    let pool = db::connect(config)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    crate::audit::chain::seal_all(&pool)
        .await
        .map_err(|e| format!("cannot seal the audit trail: {e}"))?;
    let copy = dir.join(DATABASE);
    let copy_text = copy
        .to_str()
        .ok_or_else(|| format!("{} is not valid UTF-8", copy.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(copy_text)
        .execute(&pool)
        .await
        .map_err(|e| format!("cannot copy the database: {e}"))?;
    pool.close().await;

    // Everything else is read from the copy, so it describes the same moment.
    let snapshot = db::connect_url(&db::sqlite_url(&copy), 2)
        .await
        .map_err(|e| format!("cannot open the copy: {e}"))?;
    let keys: Vec<String> = sqlx::query_scalar("SELECT storage_key FROM documents ORDER BY id")
        .fetch_all(&snapshot)
        .await
        .map_err(|e| format!("cannot list the documents: {e}"))?;
    let chain = crate::audit::chain::verify(&snapshot)
        .await
        .map_err(|e| format!("the audit chain of the copy does not verify: {e}"))?;
    snapshot.close().await;

    let mut documents = std::collections::BTreeMap::new();
    let mut missing_documents = Vec::new();
    for key in keys {
        match store
            .get(&key)
            .await
            .map_err(|e| format!("cannot read document {key}: {e}"))?
        {
            Some(bytes) => {
                let path = dir.join(DOCUMENTS).join(format!("{key}.bin"));
                std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
                documents.insert(key, crate::crypto::sha256_hex(&bytes));
            }
            None => missing_documents.push(key),
        }
    }
    let manifest = Manifest {
        format: 1,
        created_at: now,
        database_sha256: sha256_file(&copy).map_err(|e| format!("{}: {e}", copy.display()))?,
        documents,
        missing_documents,
        audit_head: chain.head,
        audit_sealed: chain.sealed,
    };
    let text = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    std::fs::write(dir.join(MANIFEST), text + "\n")
        .map_err(|e| format!("cannot write the manifest: {e}"))?;
    Ok(manifest)
}

/// Restore the backup in `dir` into the configured database (which must not exist yet) and
/// document store; returns the backup's manifest.
pub async fn restore_from(config: &Config, dir: &Path) -> Result<Manifest, String> {
    let url = db::database_url(config);
    if Backend::of_url(&url) != Some(Backend::Sqlite) {
        return Err("--restore-from restores into a SQLite store".into());
    }
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(dir.join(MANIFEST)).map_err(|e| format!("{MANIFEST}: {e}"))?,
    )
    .map_err(|e| format!("{MANIFEST}: {e}"))?;
    if manifest.format != 1 {
        return Err(format!("unknown backup format {}", manifest.format));
    }
    // Everything is checked before anything is written.
    let copy = dir.join(DATABASE);
    if sha256_file(&copy).map_err(|e| format!("{DATABASE}: {e}"))? != manifest.database_sha256 {
        return Err(format!("{DATABASE} is not the file the manifest describes"));
    }
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for (key, sha) in &manifest.documents {
        if !crate::store::is_valid_storage_key(key) {
            return Err(format!("the manifest names an invalid storage key {key:?}"));
        }
        let path = dir.join(DOCUMENTS).join(format!("{key}.bin"));
        if &sha256_file(&path).map_err(|e| format!("{}: {e}", path.display()))? != sha {
            return Err(format!(
                "{} is not the file the manifest describes",
                path.display()
            ));
        }
        files.push((key.clone(), path));
    }
    let target = sqlite_path(config);
    if target.exists() {
        return Err(format!(
            "{} exists: restore into a new data directory (or remove it first)",
            target.display()
        ));
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(&copy, &target).map_err(|e| format!("{}: {e}", target.display()))?;

    let store = crate::store::from_config(config)?;
    for (key, path) in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        store
            .put(&key, &bytes)
            .await
            .map_err(|e| format!("cannot store document {key}: {e}"))?;
    }
    let pool = db::connect(config)
        .await
        .map_err(|e| format!("cannot open the restored database: {e}"))?;
    let chain = crate::audit::chain::verify(&pool)
        .await
        .map_err(|e| format!("the restored audit chain does not verify: {e}"))?;
    pool.close().await;
    if chain.head != manifest.audit_head {
        return Err("the restored audit chain's head is not the backup's".into());
    }
    Ok(manifest)
}
