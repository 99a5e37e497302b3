//! Where document ciphertext is kept: a [`DocumentStore`] addressed by opaque storage keys.
//!
//! The store only ever sees ciphertext (see [`crate::crypto`]). [`LocalDirStore`] keeps one
//! file per document in `<data-dir>/documents/`, outside the static directory (one server
//! instance); [`S3Store`] keeps one object per document in a bucket of an S3-compatible object
//! store, which any number of instances share. [`from_config`] picks one.

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

/// One object per document, `<prefix>/<storage key>`, in a bucket of an S3-compatible object
/// store (through the `object_store` crate: request signing, retries with backoff, timeouts).
/// The objects are ciphertext like the files of [`LocalDirStore`]; integrity is checked when
/// a document is read (the AEAD tag and the stored SHA-256 of the plaintext).
#[derive(Debug)]
pub struct S3Store {
    store: object_store::aws::AmazonS3,
    prefix: String,
}

impl S3Store {
    /// A client for the configured bucket (nothing is contacted yet).
    pub fn new(config: &crate::config::S3Config) -> Result<Self, String> {
        use object_store::aws::AmazonS3Builder;
        // The object store's HTTP client (reqwest over rustls) uses the process's crypto
        // provider: ring, as for the identity providers (see `auth::jose::http_client`).
        let _ = rustls::crypto::ring::default_provider().install_default();
        // AWS's own environment variables and instance roles first; the options win.
        // A request gives up within seconds rather than minutes: the person waiting for an
        // upload or a download gets an answer, and readiness reports the store as down.
        let retry = object_store::RetryConfig {
            max_retries: 3,
            retry_timeout: std::time::Duration::from_secs(10),
            ..Default::default()
        };
        let client = object_store::ClientOptions::new()
            .with_connect_timeout(std::time::Duration::from_secs(3))
            .with_timeout(std::time::Duration::from_secs(60));
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_retry(retry)
            .with_client_options(client);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        if let (Some(id), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            builder = builder
                .with_access_key_id(id)
                .with_secret_access_key(secret);
        }
        let store = builder.build().map_err(|e| e.to_string())?;
        Ok(Self {
            store,
            prefix: config.prefix.clone(),
        })
    }

    fn location(&self, key: &str) -> std::io::Result<object_store::path::Path> {
        if !is_valid_storage_key(key) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "invalid storage key",
            ));
        }
        Ok(object_store::path::Path::from(format!(
            "{}/{key}",
            self.prefix
        )))
    }
}

fn io_error(e: object_store::Error) -> std::io::Error {
    std::io::Error::other(e)
}

#[async_trait]
impl DocumentStore for S3Store {
    async fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        use object_store::ObjectStoreExt as _;
        let location = self.location(key)?;
        let payload = object_store::PutPayload::from(bytes::Bytes::copy_from_slice(bytes));
        self.store
            .put(&location, payload)
            .await
            .map(|_| ())
            .map_err(io_error)
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        use object_store::ObjectStoreExt as _;
        let location = self.location(key)?;
        match self.store.get(&location).await {
            Ok(result) => Ok(Some(result.bytes().await.map_err(io_error)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        use object_store::ObjectStoreExt as _;
        let location = self.location(key)?;
        match self.store.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    /// An object can be written to the bucket, read back and removed.
    async fn check(&self) -> std::io::Result<()> {
        let key = new_storage_key();
        self.put(&key, b"ready").await?;
        let read = self.get(&key).await;
        let removed = self.delete(&key).await;
        match read? {
            Some(bytes) if bytes == b"ready" => removed,
            _ => Err(std::io::Error::other(
                "the object store did not give back what was written",
            )),
        }
    }
}

/// The document store of `config`: the object store of `--s3-bucket`, else
/// `<data-dir>/documents`.
pub fn from_config(
    config: &crate::config::Config,
) -> Result<std::sync::Arc<dyn DocumentStore>, String> {
    Ok(match &config.s3 {
        Some(s3) => std::sync::Arc::new(S3Store::new(s3)?),
        None => std::sync::Arc::new(LocalDirStore::new(config.data_dir.join("documents"))),
    })
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
