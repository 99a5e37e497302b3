//! Encryption of documents at rest (envelope encryption with AES-256-GCM).
//!
//! Every document gets its own random 256-bit data key. The content is encrypted with the data
//! key under a random 96-bit nonce, with the associated data `minsida-doc-v1:<storage key>` so
//! a ciphertext cannot be swapped for another document's. The data key itself is encrypted
//! ("wrapped") with the server's key encryption key (KEK) under its own nonce and the
//! associated data `minsida-dek-v1:<storage key>`. The database keeps the wrapped key and the
//! nonces; the document store keeps only ciphertext.
//!
//! Message bodies are sealed the same way ([`seal_text`]): a data key per body, wrapped by the
//! KEK, the whole kept as one self-describing value in the database row.
//!
//! **Key rotation.** Every wrapped data key records the id of the KEK that wrapped it
//! ([`KeyEncryptionKey::id`], a fingerprint, never the key). The server knows one active KEK,
//! which wraps everything new, and any number of old ones ([`KeyRing`]), which are only used
//! to unwrap. Re-wrapping (`minsida-server --rewrap-keys`, see `keys.rs`) unwraps each data key
//! with its old KEK and wraps it again with the active one; the content itself is not
//! re-encrypted, so rotation is cheap and runs beside the live servers.
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

    /// The key's id: a 64-bit fingerprint (hex), derived like [`Self::derive_key`], so it
    /// tells which key wrapped a data key without saying anything of the key.
    pub fn id(&self) -> String {
        hex(&self.derive_key("key-id")[..8])
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

/// The active key encryption key and the old ones still accepted for unwrapping.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyRing {
    active: KeyEncryptionKey,
    active_id: String,
    /// `(id, key)` of the old keys, in the order given.
    old: Vec<(String, KeyEncryptionKey)>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("active", &self.active_id)
            .field(
                "old",
                &self.old.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl KeyRing {
    /// `old` may repeat the active key or each other; repeats are dropped.
    pub fn new(active: KeyEncryptionKey, old: impl IntoIterator<Item = KeyEncryptionKey>) -> Self {
        let active_id = active.id();
        let mut ring = Self {
            active,
            active_id,
            old: Vec::new(),
        };
        for key in old {
            let id = key.id();
            if ring.get(&id).is_none() {
                ring.old.push((id, key));
            }
        }
        ring
    }

    /// A ring of one key.
    pub fn single(active: KeyEncryptionKey) -> Self {
        Self::new(active, [])
    }

    /// The key that wraps everything new.
    pub fn active(&self) -> &KeyEncryptionKey {
        &self.active
    }

    pub fn active_id(&self) -> &str {
        &self.active_id
    }

    /// The key with this id, active or old.
    pub fn get(&self, id: &str) -> Option<&KeyEncryptionKey> {
        if id == self.active_id {
            return Some(&self.active);
        }
        self.old.iter().find(|(i, _)| i == id).map(|(_, k)| k)
    }

    /// Every key, the active one first.
    pub fn keys(&self) -> impl Iterator<Item = &KeyEncryptionKey> {
        std::iter::once(&self.active).chain(self.old.iter().map(|(_, k)| k))
    }

    /// The ids of the old keys.
    pub fn old_ids(&self) -> impl Iterator<Item = &str> {
        self.old.iter().map(|(id, _)| id.as_str())
    }
}

/// A document's ciphertext and what is needed to decrypt it with the KEK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    pub nonce: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub key_nonce: Vec<u8>,
    /// [`KeyEncryptionKey::id`] of the KEK that wrapped the data key; `None` for documents
    /// stored before key ids were recorded (every known key is tried).
    pub kek_id: Option<String>,
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

fn encrypt(key: &KeyEncryptionKey, nonce: &[u8; 12], msg: &[u8], aad: &[u8]) -> Vec<u8> {
    key.cipher()
        .encrypt(Nonce::from_slice(nonce), Payload { msg, aad })
        .expect("AES-GCM encryption of an in-memory buffer cannot fail")
}

fn decrypt(
    key: &KeyEncryptionKey,
    nonce: &[u8],
    msg: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, IntegrityError> {
    if nonce.len() != 12 {
        return Err(IntegrityError);
    }
    key.cipher()
        .decrypt(Nonce::from_slice(nonce), Payload { msg, aad })
        .map_err(|_| IntegrityError)
}

/// Wrap `data_key` with `kek` for `context`: `(wrapped key, nonce)`.
fn wrap(kek: &KeyEncryptionKey, context: &str, data_key: &KeyEncryptionKey) -> (Vec<u8>, Vec<u8>) {
    let nonce = random_nonce();
    (
        encrypt(kek, &nonce, &data_key.0, &data_key_aad(context)),
        nonce.to_vec(),
    )
}

fn unwrap_with(
    kek: &KeyEncryptionKey,
    context: &str,
    wrapped: &[u8],
    nonce: &[u8],
) -> Result<KeyEncryptionKey, IntegrityError> {
    let key = decrypt(kek, nonce, wrapped, &data_key_aad(context))?;
    Ok(KeyEncryptionKey(
        key.try_into().map_err(|_| IntegrityError)?,
    ))
}

/// Unwrap a data key with the KEK of `kek_id`, or, without an id, with the first key of the
/// ring that opens it. An unknown id is an [`IntegrityError`] too.
fn unwrap(
    ring: &KeyRing,
    kek_id: Option<&str>,
    context: &str,
    wrapped: &[u8],
    nonce: &[u8],
) -> Result<KeyEncryptionKey, IntegrityError> {
    match kek_id {
        Some(id) => unwrap_with(ring.get(id).ok_or(IntegrityError)?, context, wrapped, nonce),
        None => ring
            .keys()
            .find_map(|kek| unwrap_with(kek, context, wrapped, nonce).ok())
            .ok_or(IntegrityError),
    }
}

/// Encrypt `plaintext` with a fresh data key and wrap that key with `kek`.
pub fn seal(kek: &KeyEncryptionKey, storage_key: &str, plaintext: &[u8]) -> Sealed {
    let data_key = KeyEncryptionKey::generate();
    let nonce = random_nonce();
    let ciphertext = encrypt(&data_key, &nonce, plaintext, &document_aad(storage_key));
    let (wrapped_key, key_nonce) = wrap(kek, storage_key, &data_key);
    Sealed {
        ciphertext,
        nonce: nonce.to_vec(),
        wrapped_key,
        key_nonce,
        kek_id: Some(kek.id()),
    }
}

/// Unwrap the data key (with the KEK the document names) and decrypt. Any mismatch is an
/// [`IntegrityError`].
pub fn open(ring: &KeyRing, storage_key: &str, sealed: &Sealed) -> Result<Vec<u8>, IntegrityError> {
    let data_key = unwrap(
        ring,
        sealed.kek_id.as_deref(),
        storage_key,
        &sealed.wrapped_key,
        &sealed.key_nonce,
    )?;
    decrypt(
        &data_key,
        &sealed.nonce,
        &sealed.ciphertext,
        &document_aad(storage_key),
    )
}

/// A document's data key wrapped again with the active KEK: `(wrapped key, nonce, KEK id)`.
/// The ciphertext stays as it is.
pub fn rewrap_document(
    ring: &KeyRing,
    kek_id: Option<&str>,
    storage_key: &str,
    wrapped_key: &[u8],
    key_nonce: &[u8],
) -> Result<(Vec<u8>, Vec<u8>, String), IntegrityError> {
    let data_key = unwrap(ring, kek_id, storage_key, wrapped_key, key_nonce)?;
    let (wrapped, nonce) = wrap(ring.active(), storage_key, &data_key);
    Ok((wrapped, nonce, ring.active_id().to_string()))
}

// ---------------------------------------------------------------------------------------------
// Sealed texts (message bodies): one self-describing value
// ---------------------------------------------------------------------------------------------

/// Version byte of a sealed text.
const TEXT_V1: u8 = 1;
/// version (1) | KEK id (8) | key nonce (12) | wrapped data key (32 + 16) | nonce (12) | ciphertext.
const TEXT_HEADER: usize = 1 + 8 + 12 + 48 + 12;

fn text_aad(context: &str) -> Vec<u8> {
    format!("minsida-text-v1:{context}").into_bytes()
}

fn text_context(context: &str) -> String {
    // The data key's associated data must never equal a document's (`<storage key>`, hex):
    // a text's context always has a ':' in it.
    format!("text:{context}")
}

/// Encrypt a text (a message body) bound to `context` (e.g. `message:42`): a value that
/// cannot be moved to another context or changed without [`open_text`] noticing.
pub fn seal_text(kek: &KeyEncryptionKey, context: &str, plaintext: &str) -> Vec<u8> {
    let data_key = KeyEncryptionKey::generate();
    let nonce = random_nonce();
    let ciphertext = encrypt(&data_key, &nonce, plaintext.as_bytes(), &text_aad(context));
    text_bytes(kek, context, &data_key, &nonce, &ciphertext)
}

/// A sealed text's bytes: `data_key` wrapped by `kek`, then the content's nonce and ciphertext.
fn text_bytes(
    kek: &KeyEncryptionKey,
    context: &str,
    data_key: &KeyEncryptionKey,
    nonce: &[u8],
    ciphertext: &[u8],
) -> Vec<u8> {
    let (wrapped, key_nonce) = wrap(kek, &text_context(context), data_key);
    let mut out = Vec::with_capacity(TEXT_HEADER + ciphertext.len());
    out.push(TEXT_V1);
    out.extend_from_slice(&kek.derive_key("key-id")[..8]);
    out.extend_from_slice(&key_nonce);
    out.extend_from_slice(&wrapped);
    out.extend_from_slice(nonce);
    out.extend_from_slice(ciphertext);
    out
}

/// The parts of a sealed text.
struct TextParts<'a> {
    kek_id: String,
    key_nonce: &'a [u8],
    wrapped: &'a [u8],
    nonce: &'a [u8],
    ciphertext: &'a [u8],
}

fn text_parts(sealed: &[u8]) -> Result<TextParts<'_>, IntegrityError> {
    if sealed.len() < TEXT_HEADER + 16 || sealed[0] != TEXT_V1 {
        return Err(IntegrityError);
    }
    Ok(TextParts {
        kek_id: hex(&sealed[1..9]),
        key_nonce: &sealed[9..21],
        wrapped: &sealed[21..69],
        nonce: &sealed[69..81],
        ciphertext: &sealed[81..],
    })
}

/// The id of the KEK that wrapped a sealed text's data key.
pub fn text_kek_id(sealed: &[u8]) -> Result<String, IntegrityError> {
    text_parts(sealed).map(|p| p.kek_id)
}

/// A sealed text's parts and its data key, unwrapped with the KEK it names.
fn unwrap_text<'a>(
    ring: &KeyRing,
    context: &str,
    sealed: &'a [u8],
) -> Result<(TextParts<'a>, KeyEncryptionKey), IntegrityError> {
    let p = text_parts(sealed)?;
    let data_key = unwrap(
        ring,
        Some(&p.kek_id),
        &text_context(context),
        p.wrapped,
        p.key_nonce,
    )?;
    Ok((p, data_key))
}

/// Decrypt a sealed text of `context`. Any mismatch (tampering, another context, an unknown
/// KEK, bytes that are not UTF-8) is an [`IntegrityError`].
pub fn open_text(ring: &KeyRing, context: &str, sealed: &[u8]) -> Result<String, IntegrityError> {
    let (p, data_key) = unwrap_text(ring, context, sealed)?;
    let plain = decrypt(&data_key, p.nonce, p.ciphertext, &text_aad(context))?;
    String::from_utf8(plain).map_err(|_| IntegrityError)
}

/// A sealed text with its data key wrapped again by the active KEK (the ciphertext is kept).
pub fn rewrap_text(
    ring: &KeyRing,
    context: &str,
    sealed: &[u8],
) -> Result<Vec<u8>, IntegrityError> {
    let (p, data_key) = unwrap_text(ring, context, sealed)?;
    Ok(text_bytes(
        ring.active(),
        context,
        &data_key,
        p.nonce,
        p.ciphertext,
    ))
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
        assert_eq!(
            open(&KeyRing::single(kek.clone()), "abc", &sealed).unwrap(),
            b"%PDF-1.7 hello"
        );
        // A second seal of the same content uses another key and nonce.
        let again = seal(&kek, "abc", b"%PDF-1.7 hello");
        assert_ne!(again.ciphertext, sealed.ciphertext);
        assert_ne!(again.wrapped_key, sealed.wrapped_key);
    }

    #[test]
    fn tampered_ciphertext_is_detected() {
        let kek = KeyEncryptionKey::generate();
        let ring = KeyRing::single(kek.clone());
        let tampers: [fn(&mut Sealed); 3] = [
            |s| s.ciphertext[3] ^= 1,
            |s| s.wrapped_key[0] ^= 1,
            |s| s.nonce[0] ^= 1,
        ];
        for tamper in tampers {
            let mut sealed = seal(&kek, "abc", b"some document");
            tamper(&mut sealed);
            assert_eq!(open(&ring, "abc", &sealed), Err(IntegrityError));
        }
    }

    #[test]
    fn wrong_kek_or_swapped_document_is_detected() {
        let kek = KeyEncryptionKey::generate();
        let sealed = seal(&kek, "abc", b"some document");
        assert_eq!(
            open(
                &KeyRing::single(KeyEncryptionKey::generate()),
                "abc",
                &sealed
            ),
            Err(IntegrityError)
        );
        // Bound to its storage key: cannot be passed off as another document.
        assert_eq!(
            open(&KeyRing::single(kek.clone()), "abd", &sealed),
            Err(IntegrityError)
        );
    }

    #[test]
    fn documents_of_an_old_key_open_and_rewrap_to_the_active_one() {
        let old = KeyEncryptionKey::generate();
        let new = KeyEncryptionKey::generate();
        let sealed = seal(&old, "abc", b"document");
        assert_eq!(sealed.kek_id.as_deref(), Some(old.id().as_str()));
        // Only the new key: the old document cannot be opened.
        assert_eq!(
            open(&KeyRing::single(new.clone()), "abc", &sealed),
            Err(IntegrityError)
        );
        let ring = KeyRing::new(new.clone(), [old.clone()]);
        assert_eq!(open(&ring, "abc", &sealed).unwrap(), b"document");
        // A document without a recorded key id (stored before ids were) is opened by trying.
        let legacy = Sealed {
            kek_id: None,
            ..sealed.clone()
        };
        assert_eq!(open(&ring, "abc", &legacy).unwrap(), b"document");

        let (wrapped_key, key_nonce, id) = rewrap_document(
            &ring,
            sealed.kek_id.as_deref(),
            "abc",
            &sealed.wrapped_key,
            &sealed.key_nonce,
        )
        .unwrap();
        assert_eq!(id, new.id());
        let rewrapped = Sealed {
            wrapped_key,
            key_nonce,
            kek_id: Some(id),
            ..sealed.clone()
        };
        // The content is the same ciphertext; now the new key alone opens it.
        assert_eq!(rewrapped.ciphertext, sealed.ciphertext);
        assert_eq!(
            open(&KeyRing::single(new), "abc", &rewrapped).unwrap(),
            b"document"
        );
        // Re-wrapping needs the document's own context.
        assert!(
            rewrap_document(&ring, None, "abd", &sealed.wrapped_key, &sealed.key_nonce).is_err()
        );
    }

    #[test]
    fn texts_are_sealed_bound_to_their_context_and_rewrap() {
        let old = KeyEncryptionKey::generate();
        let new = KeyEncryptionKey::generate();
        let sealed = seal_text(&old, "message:7", "Hej Anna, ditt ärende är klart.");
        assert!(
            !sealed.windows(4).any(|w| w == b"Anna"),
            "no plaintext in the sealed value"
        );
        assert_eq!(text_kek_id(&sealed).unwrap(), old.id());
        let ring = KeyRing::new(new.clone(), [old.clone()]);
        assert_eq!(
            open_text(&ring, "message:7", &sealed).unwrap(),
            "Hej Anna, ditt ärende är klart."
        );
        // Another message's context, an unknown key, any flipped bit: refused.
        assert_eq!(open_text(&ring, "message:8", &sealed), Err(IntegrityError));
        assert_eq!(
            open_text(&KeyRing::single(new.clone()), "message:7", &sealed),
            Err(IntegrityError)
        );
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert_eq!(
                open_text(&ring, "message:7", &bad),
                Err(IntegrityError),
                "byte {i}"
            );
        }
        assert_eq!(
            open_text(&ring, "message:7", &sealed[..40]),
            Err(IntegrityError)
        );
        assert_eq!(open_text(&ring, "message:7", &[]), Err(IntegrityError));

        let rewrapped = rewrap_text(&ring, "message:7", &sealed).unwrap();
        assert_eq!(text_kek_id(&rewrapped).unwrap(), new.id());
        assert_eq!(rewrapped[69..], sealed[69..], "the ciphertext is kept");
        assert_eq!(
            open_text(&KeyRing::single(new), "message:7", &rewrapped).unwrap(),
            "Hej Anna, ditt ärende är klart."
        );
        assert!(rewrap_text(&ring, "message:8", &sealed).is_err());
    }

    #[test]
    fn key_rings() {
        let a = KeyEncryptionKey::generate();
        let b = KeyEncryptionKey::generate();
        assert_eq!(a.id().len(), 16);
        assert_ne!(a.id(), b.id());
        let ring = KeyRing::new(a.clone(), [b.clone(), a.clone(), b.clone()]);
        assert_eq!(ring.active_id(), a.id());
        assert_eq!(ring.old_ids().collect::<Vec<_>>(), vec![b.id().as_str()]);
        assert_eq!(ring.get(&b.id()), Some(&b));
        assert_eq!(ring.get("0000000000000000"), None);
        assert_eq!(ring.keys().count(), 2);
        assert!(!format!("{ring:?}").contains(&a.to_base64()));
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
