//! The inbox's search index, blind: message bodies are encrypted at rest, so the index must
//! not hold their words either. It holds keyed hashes instead.
//!
//! A message's text (subject and body) is split into words where anything other than a letter
//! or a digit stands, lower-cased (Unicode-aware; å, ä and ö stay themselves). Every word gives
//! a *token* for each of its prefixes of [`MIN_PREFIX`] to [`MAX_PREFIX`] characters (a shorter
//! word gives one token, of itself); a token is the first 64 bits of HMAC-SHA256 of the prefix
//! under a key derived from the key encryption key, in base32. `messages.search_text` holds the
//! message's distinct tokens, and the stores' full-text indexes (FTS5 on SQLite, a `tsvector`
//! on PostgreSQL) index them as words.
//!
//! A search term matches a message that has a word starting with it: its token (of the term,
//! cut to [`MAX_PREFIX`] characters) must be in the message's tokens. A term shorter than
//! [`MIN_PREFIX`] only matches that whole word. While keys are being rotated, messages indexed
//! under an old key are found too: a term is looked for under every key the server knows.
//!
//! What the index gives away: which messages share a word prefix, and how many distinct
//! prefixes a message has; never a word. Without the key, a token cannot be tested against a
//! guessed word.

use std::collections::BTreeSet;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::crypto::{KeyEncryptionKey, KeyRing};

/// Prefixes shorter than this are not indexed (a shorter word is indexed as itself).
pub const MIN_PREFIX: usize = 3;
/// Prefixes longer than this are not indexed; longer terms are cut to it.
pub const MAX_PREFIX: usize = 24;

/// Lower-case base32 (RFC 4648 letters, digits 2-7): letters and digits only, so every store's
/// tokenizer keeps a token whole.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// The words of a text: split where anything other than a letter or a digit stands,
/// lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

struct Hasher(Hmac<Sha256>);

impl Hasher {
    fn new(kek: &KeyEncryptionKey) -> Self {
        Self(
            <Hmac<Sha256> as Mac>::new_from_slice(&kek.derive_key("inbox-search-index-v1"))
                .expect("HMAC takes a key of any length"),
        )
    }

    /// `t` + 13 base32 characters of the first 64 bits of the HMAC.
    fn token(&self, text: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(text.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        let mut out = String::with_capacity(14);
        out.push('t');
        for _ in 0..13 {
            out.push(ALPHABET[(bits >> 59) as usize] as char);
            bits <<= 5;
        }
        out
    }
}

/// The prefixes of a word that are indexed: of [`MIN_PREFIX`] to [`MAX_PREFIX`] characters,
/// or the word itself when it is shorter.
fn prefixes(word: &str) -> impl Iterator<Item = &str> {
    let ends: Vec<usize> = word
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(MAX_PREFIX)
        .collect();
    let from = ends.len().min(MIN_PREFIX) - 1;
    ends.into_iter().skip(from).map(move |end| &word[..end])
}

/// `messages.search_text` of a message: its distinct tokens, space-separated.
pub fn index_text(kek: &KeyEncryptionKey, subject: &str, body: &str) -> String {
    let hasher = Hasher::new(kek);
    let mut seen = BTreeSet::new();
    let mut tokens = BTreeSet::new();
    for word in words(subject).chain(words(body)) {
        for prefix in prefixes(&word) {
            if seen.insert(prefix.to_string()) {
                tokens.insert(hasher.token(prefix));
            }
        }
    }
    tokens.into_iter().collect::<Vec<_>>().join(" ")
}

/// The tokens a search term (one word of [`words`]) is found by: one per key the server
/// knows, the active key's first.
pub fn term_tokens(ring: &KeyRing, term: &str) -> Vec<String> {
    let cut = match term.char_indices().nth(MAX_PREFIX) {
        Some((i, _)) => &term[..i],
        None => term,
    };
    let mut tokens: Vec<String> = Vec::new();
    for kek in ring.keys() {
        let token = Hasher::new(kek).token(cut);
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(index: &str, token: &str) -> bool {
        index.split(' ').any(|t| t == token)
    }

    #[test]
    fn a_term_finds_the_words_it_starts() {
        let kek = KeyEncryptionKey::generate();
        let ring = KeyRing::single(kek.clone());
        let index = index_text(
            &kek,
            "Beslut om deklaration",
            "Hej! Ditt ärende 2026-0042 är klart.",
        );
        let found = |term: &str| term_tokens(&ring, term).iter().any(|t| has(&index, t));
        for term in [
            "dek",
            "dekl",
            "deklaration",
            "beslut",
            "ärende",
            "äre",
            "2026",
            "0042",
            "hej",
            "om",
            "är",
        ] {
            assert!(found(term), "{term}");
        }
        for term in [
            "deklarationen",
            "ek",
            "de",
            "laration",
            "arende",
            "klar2",
            "ä",
        ] {
            assert!(!found(term), "{term}");
        }
    }

    #[test]
    fn the_index_holds_no_word() {
        let kek = KeyEncryptionKey::generate();
        let index = index_text(
            &kek,
            "Skattebesked",
            "Personnummer 19850101-1234 och adress Storgatan",
        );
        // (Words long enough not to turn up inside a random token by chance.)
        for word in ["skattebesked", "personnummer", "19850101", "storgatan"] {
            assert!(!index.contains(word), "{word}");
        }
        assert!(!index
            .split(' ')
            .any(|t| ["och", "adress", "1234"].contains(&t)));
        assert!(index.split(' ').all(|t| t.len() == 14
            && t.starts_with('t')
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))));
        // Distinct tokens only: a repeated word adds nothing.
        assert_eq!(
            index_text(&kek, "a", "ord ord ord"),
            index_text(&kek, "a", "ord")
        );
    }

    #[test]
    fn long_words_are_cut_and_each_key_hashes_differently() {
        let kek = KeyEncryptionKey::generate();
        let old = KeyEncryptionKey::generate();
        let long = "försäkringskassehandläggningsärende";
        let index = index_text(&kek, "", long);
        assert_eq!(index.split(' ').count(), MAX_PREFIX - MIN_PREFIX + 1);
        let ring = KeyRing::single(kek.clone());
        let longer = format!("{long}na");
        assert!(
            has(&index, &term_tokens(&ring, &longer)[0]),
            "cut to the same prefix"
        );
        // Under two keys a term has two tokens; an index of the old key is found by its own.
        let both = KeyRing::new(kek.clone(), [old.clone()]);
        let tokens = term_tokens(&both, "försäkring");
        assert_eq!(tokens.len(), 2);
        assert!(has(&index, &tokens[0]));
        assert!(has(&index_text(&old, "", long), &tokens[1]));
        assert!(!has(&index_text(&old, "", long), &tokens[0]));
    }

    #[test]
    fn words_split_like_the_query() {
        assert_eq!(
            words("Hej, Åsa! (ärende-42)").collect::<Vec<_>>(),
            vec!["hej", "åsa", "ärende", "42"]
        );
        assert_eq!(prefixes("ab").collect::<Vec<_>>(), vec!["ab"]);
        assert_eq!(prefixes("åäöx").collect::<Vec<_>>(), vec!["åäö", "åäöx"]);
    }
}
