//! Where document ciphertext is kept: a [`DocumentStore`] addressed by opaque storage keys.
//!
//! The store only ever sees ciphertext (see [`crate::crypto`]). [`LocalDirStore`] keeps one
//! file per document in `<data-dir>/documents/`, outside the static directory; another
//! implementation (an object store) can replace it without touching the handlers.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use rand::RngCore as _;

/// A new random storage key: 32 lower-case hex digits.
pub fn new_storage_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    crate::crypto::hex(&bytes)
}

/// Whether `key` has the shape [`new_storage_key`] produces (so it is safe as a file name).
pub fn is_valid_storage_key(key: &str) -> bool {
    key.len() == 32
        && key
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Storage of encrypted document content.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Store `bytes` under `key`, replacing nothing: keys are fresh random values.
    async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// The bytes under `key`; `Ok(None)` if there are none.
    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// Remove `key`; removing a missing key is not an error.
    async fn delete(&self, key: &str) -> std::io::Result<()>;
    /// Whether documents can be stored now (the readiness check): an error says why not.
    async fn check(&self) -> std::io::Result<()>;
}

/// One file per document in a local directory, written atomically (temporary file, fsync,
/// rename).
#[derive(Debug, Clone)]
pub struct LocalDirStore {
    dir: PathBuf,
}

impl LocalDirStore {
    /// A store in `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `key`. Refuses keys that are not storage keys, so nothing can escape the
    /// directory.
    pub fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        if !is_valid_storage_key(key) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "invalid storage key",
            ));
        }
        Ok(self.dir.join(format!("{key}.bin")))
    }
}

#[async_trait]
impl DocumentStore for LocalDirStore {
    async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt as _;
        let path = self.path(key)?;
        tokio::fs::create_dir_all(&self.dir).await?;
        let tmp = self.dir.join(format!(".{key}.tmp"));
        let result = async {
            let mut file = tokio::fs::File::create(&tmp).await?;
            file.write_all(bytes).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&tmp, &path).await
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        result
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The directory exists (or can be created) and a file can be written to it and removed.
    async fn check(&self) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.dir).await?;
        let probe = self.dir.join(format!(".ready-{}.tmp", new_storage_key()));
        let written = tokio::fs::write(&probe, b"ready").await;
        let removed = tokio::fs::remove_file(&probe).await;
        written.and(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirStore::new(dir.path().join("documents"));
        let key = new_storage_key();
        assert!(is_valid_storage_key(&key));
        assert_eq!(store.get(&key).await.unwrap(), None);
        store.put(&key, b"cipher").await.unwrap();
        assert_eq!(
            store.get(&key).await.unwrap().as_deref(),
            Some(&b"cipher"[..])
        );
        // No temporary file left behind.
        assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 1);
        store.delete(&key).await.unwrap();
        store.delete(&key).await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), None);
        assert!(store.get("../../etc/passwd").await.is_err());
        assert!(!is_valid_storage_key("ABCDEF0123456789ABCDEF0123456789"));
    }

    #[tokio::test]
    async fn check_creates_the_directory_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalDirStore::new(dir.path().join("documents"));
        store.check().await.unwrap();
        assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 0);
        // A file where the directory should be: not ready.
        let blocked = LocalDirStore::new(dir.path().join("file"));
        std::fs::write(dir.path().join("file"), b"x").unwrap();
        assert!(blocked.check().await.is_err());
    }
}
