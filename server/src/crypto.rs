//! Encryption of documents at rest (envelope encryption with AES-256-GCM).
//!
//! Every document gets its own random 256-bit data key. The content is encrypted with the data
//! key under a random 96-bit nonce, with the associated data `minsida-doc-v1:<storage key>` so
//! a ciphertext cannot be swapped for another document's. The data key itself is encrypted
//! ("wrapped") with the server's key encryption key (KEK) under its own nonce and the
//! associated data `minsida-dek-v1:<storage key>`. The database keeps the wrapped key and the
//! nonces; the document store keeps only ciphertext.
//!
//! Any failure to unwrap or decrypt is an [`IntegrityError`]: the bytes are never served.

use std::fmt;
use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// Name of the key file generated in the data directory when no key is configured.
pub const KEY_FILE: &str = "document-key";

/// The server's key encryption key. Its `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyEncryptionKey([u8; 32]);

impl fmt::Debug for KeyEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyEncryptionKey(<redacted>)")
    }
}

impl KeyEncryptionKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A new random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self(key)
    }

    /// Parse the base64 (standard alphabet, padding optional) of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bytes = STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
            .map_err(|_| "the document key is not valid base64".to_string())?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "the document key must be 32 bytes (base64 of 32 random bytes), got {}",
                b.len()
            )
        })?;
        Ok(Self(bytes))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Read `<data_dir>/document-key`, or create it (mode 0600) with a new random key.
    /// Returns the key and whether it was created now.
    pub fn load_or_create(data_dir: &Path) -> Result<(Self, bool), String> {
        let path = data_dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok((Self::from_base64(&text)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(data_dir)
                    .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
                let key = Self::generate();
                write_private(&path, format!("{}\n", key.to_base64()).as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok((key, true))
            }
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// A key for another purpose, derived from this one (HMAC-SHA256 of the purpose's label
    /// under the KEK), so that no second secret needs to be managed. Distinct labels give
    /// independent keys; the KEK itself is never used for anything but wrapping.
    pub fn derive_key(&self, label: &str) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(b"minsida-derived-key-v1:");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&self.0))
    }
}

/// Create a file only the owner can read (0600 on Unix); fails if it exists.
fn write_private(path: &Path, content: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(content)?;
    file.sync_all()
}

/// A document's ciphertext and what is needed to decrypt it with the KEK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub key_nonce: Vec<u8>,
}

/// Decryption failed: wrong key, tampered ciphertext, nonce or wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegrityError;

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("document failed authenticated decryption")
    }
}

impl std::error::Error for IntegrityError {}

fn document_aad(storage_key: &str) -> Vec<u8> {
    format!("minsida-doc-v1:{storage_key}").into_bytes()
}

fn data_key_aad(storage_key: &str) -> Vec<u8> {
    format!("minsida-dek-v1:{storage_key}").into_bytes()
}

fn random_nonce() -> [u8; 12] {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    nonce
}

/// Encrypt `plaintext` with a fresh data key and wrap that key with `kek`.
pub fn seal(kek: &KeyEncryptionKey, storage_key: &str, plaintext: &[u8]) -> Sealed {
    let data_key = KeyEncryptionKey::generate();
    let nonce = random_nonce();
    let ciphertext = data_key
        .cipher()
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &document_aad(storage_key),
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    let key_nonce = random_nonce();
    let wrapped_key = kek
        .cipher()
        .encrypt(
            Nonce::from_slice(&key_nonce),
            Payload {
                msg: &data_key.0,
                aad: &data_key_aad(storage_key),
            },
        )
        .expect("AES-GCM encryption of a key cannot fail");
    Sealed {
        ciphertext,
        nonce: nonce.to_vec(),
        wrapped_key,
        key_nonce: key_nonce.to_vec(),
    }
}

/// Unwrap the data key and decrypt. Any mismatch is an [`IntegrityError`].
pub fn open(
    kek: &KeyEncryptionKey,
    storage_key: &str,
    sealed: &Sealed,
) -> Result<Vec<u8>, IntegrityError> {
    if sealed.nonce.len() != 12 || sealed.key_nonce.len() != 12 {
        return Err(IntegrityError);
    }
    let data_key = kek
        .cipher()
        .decrypt(
            Nonce::from_slice(&sealed.key_nonce),
            Payload {
                msg: &sealed.wrapped_key,
                aad: &data_key_aad(storage_key),
            },
        )
        .map_err(|_| IntegrityError)?;
    let data_key: [u8; 32] = data_key.try_into().map_err(|_| IntegrityError)?;
    KeyEncryptionKey(data_key)
        .cipher()
        .decrypt(
            Nonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ciphertext,
                aad: &document_aad(storage_key),
            },
        )
        .map_err(|_| IntegrityError)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let kek = KeyEncryptionKey::generate();
        let sealed = seal(&kek, "abc", b"%PDF-1.7 hello");
        assert_ne!(sealed.ciphertext, b"%PDF-1.7 hello");
        assert_eq!(open(&kek, "abc", &sealed).unwrap(), b"%PDF-1.7 hello");
        // A second seal of the same content uses another key and nonce.
        let again = seal(&kek, "abc", b"%PDF-1.7 hello");
        assert_ne!(again.ciphertext, sealed.ciphertext);
        assert_ne!(again.wrapped_key, sealed.wrapped_key);
    }

    #[test]
    fn tampered_ciphertext_is_detected() {
        let kek = KeyEncryptionKey::generate();
        let mut sealed = seal(&kek, "abc", b"some document");
        sealed.ciphertext[3] ^= 1;
        assert_eq!(open(&kek, "abc", &sealed), Err(IntegrityError));
        let mut sealed = seal(&kek, "abc", b"some document");
        sealed.wrapped_key[0] ^= 1;
        assert_eq!(open(&kek, "abc", &sealed), Err(IntegrityError));
        let mut sealed = seal(&kek, "abc", b"some document");
        sealed.nonce[0] ^= 1;
        assert_eq!(open(&kek, "abc", &sealed), Err(IntegrityError));
    }

    #[test]
    fn wrong_kek_or_swapped_document_is_detected() {
        let kek = KeyEncryptionKey::generate();
        let sealed = seal(&kek, "abc", b"some document");
        assert_eq!(
            open(&KeyEncryptionKey::generate(), "abc", &sealed),
            Err(IntegrityError)
        );
        // Bound to its storage key: cannot be passed off as another document.
        assert_eq!(open(&kek, "abd", &sealed), Err(IntegrityError));
    }

    #[test]
    fn key_parsing_and_file() {
        let kek = KeyEncryptionKey::generate();
        assert_eq!(
            KeyEncryptionKey::from_base64(&kek.to_base64()).unwrap(),
            kek
        );
        assert!(KeyEncryptionKey::from_base64("c2hvcnQ=").is_err());
        assert!(KeyEncryptionKey::from_base64("not base64!").is_err());
        assert_eq!(format!("{kek:?}"), "KeyEncryptionKey(<redacted>)");

        let dir = tempfile::tempdir().unwrap();
        let (a, created) = KeyEncryptionKey::load_or_create(dir.path()).unwrap();
        assert!(created);
        let (b, created) = KeyEncryptionKey::load_or_create(dir.path()).unwrap();
        assert!(!created);
        assert_eq!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn derived_keys_are_stable_and_separate() {
        let kek = KeyEncryptionKey::generate();
        assert_eq!(kek.derive_key("a"), kek.derive_key("a"));
        assert_ne!(kek.derive_key("a"), kek.derive_key("b"));
        assert_ne!(
            kek.derive_key("a"),
            KeyEncryptionKey::generate().derive_key("a")
        );
        assert_ne!(kek.derive_key("a"), kek.0);
    }

    #[test]
    fn sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
