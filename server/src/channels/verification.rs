//! One-time codes that prove the person receives mail at their e-mail address or SMS at
//! their mobile number.
//!
//! A code is 6 random digits from the operating system's CSPRNG, sent through the outbox.
//! Only an HMAC-SHA256 of it is stored, keyed with a key derived from the server's document
//! key and bound to the person, the detail and the exact address it was sent to, so a copy
//! of the database does not reveal codes and a code never verifies another address. A new
//! code replaces the previous one. A code is valid for [`CODE_TTL_SECS`] and allows
//! [`MAX_ATTEMPTS`] wrong guesses; a new one can be asked for after [`RESEND_COOLDOWN_SECS`],
//! at most [`MAX_CODES_PER_WINDOW`] per detail in [`RATE_WINDOW_SECS`] (the outbox rows of
//! the codes are the record of what was sent).

use hmac::{Hmac, Mac};
use minsida_api::channels::{
    LetterLanguage, NoticeChannel, NoticePurpose, PendingCode, VerifyTarget,
};
use minsida_api::FieldErrorCode;
use rand::rngs::OsRng;
use rand::TryRngCore as _;
use sha2::Sha256;
use sqlx::AnyConnection;
use subtle::ConstantTimeEq as _;

use super::ContactState;
use crate::auth::session::format_unix;
use crate::crypto::{hex, KeyEncryptionKey};
use crate::error::ApiError;
use crate::outbox::{self, texts};

/// How long a code can be entered: 10 minutes.
pub const CODE_TTL_SECS: i64 = 10 * 60;
/// Wrong codes allowed before the code is spent.
pub const MAX_ATTEMPTS: u32 = 5;
/// Shortest time between two codes for the same detail.
pub const RESEND_COOLDOWN_SECS: i64 = 60;
/// Most codes for the same detail within [`RATE_WINDOW_SECS`].
pub const MAX_CODES_PER_WINDOW: usize = 5;
/// The window of [`MAX_CODES_PER_WINDOW`]: one hour.
pub const RATE_WINDOW_SECS: i64 = 60 * 60;
/// Label of the HMAC key derived from the document key.
const KEY_LABEL: &str = "verification-code-v1";

/// The outbox channel that carries a code for `target`.
pub fn channel(target: VerifyTarget) -> NoticeChannel {
    match target {
        VerifyTarget::Email => NoticeChannel::Email,
        VerifyTarget::Mobile => NoticeChannel::Sms,
    }
}

/// A new code: [`minsida_api::channels::CODE_LENGTH`] digits, uniformly random (rejection
/// sampling, no modulo bias) from the operating system.
pub fn generate_code() -> String {
    const RANGE: u32 = 1_000_000;
    // The largest multiple of RANGE that fits in a u32: values at or above it are redrawn.
    const LIMIT: u32 = u32::MAX - (u32::MAX % RANGE);
    loop {
        let n = OsRng
            .try_next_u32()
            .expect("the operating system's random number generator works");
        if n < LIMIT {
            return format!("{:06}", n % RANGE);
        }
    }
}

/// The keyed hash stored for a code (lower-case hex).
pub fn code_hash(
    kek: &KeyEncryptionKey,
    person_id: i64,
    target: VerifyTarget,
    address: &str,
    code: &str,
) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&kek.derive_key(KEY_LABEL))
        .expect("HMAC takes a key of any length");
    // Length-prefixed fields, so no two different inputs give the same message.
    for part in [
        person_id.to_string().as_str(),
        target.as_str(),
        address,
        code,
    ] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    hex(&mac.finalize().into_bytes())
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct CodeRow {
    address: String,
    code_hash: String,
    expires_at: i64,
    attempts_left: i64,
}

async fn code_row(
    conn: &mut AnyConnection,
    person_id: i64,
    target: VerifyTarget,
) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT address, code_hash, expires_at, attempts_left FROM verification_codes \
         WHERE person_id = $1 AND target = $2",
    )
    .bind(person_id)
    .bind(target.as_str())
    .fetch_optional(conn)
    .await
}

/// Forget the code of `target` (the detail changed, or it was used).
pub async fn discard(
    conn: &mut AnyConnection,
    person_id: i64,
    target: VerifyTarget,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM verification_codes WHERE person_id = $1 AND target = $2")
        .bind(person_id)
        .bind(target.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// The earliest time (unix seconds) a new code for `target` may be sent; at or before `now`
/// when one may be sent now. Counts the codes queued in the outbox.
pub async fn next_code_allowed_at(
    conn: &mut AnyConnection,
    person_id: i64,
    target: VerifyTarget,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let sent: Vec<i64> = sqlx::query_scalar(
        "SELECT created_at FROM outbox WHERE person_id = $1 AND purpose = $2 AND channel = $3 \
         AND created_at > $4 ORDER BY created_at DESC",
    )
    .bind(person_id)
    .bind(NoticePurpose::VerificationCode.as_str())
    .bind(channel(target).as_str())
    .bind(now - RATE_WINDOW_SECS)
    .fetch_all(conn)
    .await?;
    Ok(allowed_at(&sent))
}

/// From the times of the codes sent within the window (newest first): the cooldown after the
/// latest, and, with the window full, the time the oldest that must leave it does.
fn allowed_at(sent_newest_first: &[i64]) -> i64 {
    let mut at = i64::MIN;
    if let Some(latest) = sent_newest_first.first() {
        at = latest + RESEND_COOLDOWN_SECS;
    }
    if sent_newest_first.len() >= MAX_CODES_PER_WINDOW {
        at = at.max(sent_newest_first[MAX_CODES_PER_WINDOW - 1] + RATE_WINDOW_SECS);
    }
    at
}

/// The code that can be entered now for `address`, if any.
pub async fn pending(
    conn: &mut AnyConnection,
    person_id: i64,
    target: VerifyTarget,
    address: Option<&str>,
    now: i64,
) -> Result<Option<PendingCode>, sqlx::Error> {
    let Some(address) = address else {
        return Ok(None);
    };
    let Some(row) = code_row(conn, person_id, target).await? else {
        return Ok(None);
    };
    if row.address != address || row.expires_at <= now || row.attempts_left <= 0 {
        return Ok(None);
    }
    let resend_after = next_code_allowed_at(conn, person_id, target, now)
        .await?
        .max(now);
    Ok(Some(PendingCode {
        expires_at: format_unix(row.expires_at),
        attempts_left: u32::try_from(row.attempts_left).unwrap_or(0),
        resend_after: format_unix(resend_after),
    }))
}

/// Send a new code for `target` to its current address (replacing any earlier code), in the
/// caller's transaction. Errors: 422 `target`: `no_address` without an address; 429
/// `rate_limited` with `Retry-After` within the cooldown or over the hourly limit.
pub async fn start(
    conn: &mut AnyConnection,
    kek: &KeyEncryptionKey,
    person_id: i64,
    contact: &ContactState,
    target: VerifyTarget,
    lang: LetterLanguage,
    now: i64,
) -> Result<i64, ApiError> {
    let Some(address) = contact.address(target) else {
        return Err(ApiError::field("target", FieldErrorCode::NoAddress));
    };
    let allowed_at = next_code_allowed_at(conn, person_id, target, now).await?;
    if allowed_at > now {
        return Err(ApiError::rate_limited(
            "a new code can be sent later; see Retry-After",
            u64::try_from(allowed_at - now).unwrap_or(1),
        ));
    }
    let code = generate_code();
    sqlx::query(
        "INSERT INTO verification_codes (person_id, target, address, code_hash, created_at, \
         expires_at, attempts_left) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (person_id, target) DO UPDATE SET address = excluded.address, \
         code_hash = excluded.code_hash, created_at = excluded.created_at, \
         expires_at = excluded.expires_at, attempts_left = excluded.attempts_left",
    )
    .bind(person_id)
    .bind(target.as_str())
    .bind(address)
    .bind(code_hash(kek, person_id, target, address, &code))
    .bind(now)
    .bind(now + CODE_TTL_SECS)
    .bind(i64::from(MAX_ATTEMPTS))
    .execute(&mut *conn)
    .await?;
    let (subject, body) = texts::code_text(target, lang, &code, CODE_TTL_SECS / 60);
    let mut nonce = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut nonce)
        .expect("the operating system's random number generator works");
    let key = format!(
        "verification_code:{person_id}:{}:{}",
        target.as_str(),
        hex(&nonce)
    );
    let id = outbox::enqueue(
        conn,
        &outbox::NewRow {
            person_id,
            channel: channel(target),
            purpose: NoticePurpose::VerificationCode,
            recipient: address,
            subject: subject.as_deref(),
            body: &body,
            idempotency_key: &key,
        },
        now,
    )
    .await?
    .ok_or_else(|| {
        tracing::error!("a random outbox key collided");
        ApiError::internal()
    })?;
    Ok(id)
}

/// How entering a code went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Right code: the detail is verified now.
    Verified,
    /// Refused, with the reason for field `code`.
    Refused(FieldErrorCode),
}

/// Check an entered (normalised) code for `target`, in the caller's transaction, which the
/// caller commits whatever the outcome (a wrong guess must count). Refusals:
/// - `no_pending_code`: no code sent, already used, or sent to an address that is no longer
///   the current one;
/// - `too_many_attempts`: the code is spent (the last allowed wrong guess says this too);
/// - `code_expired`: older than [`CODE_TTL_SECS`];
/// - `wrong_code`: not the code; one attempt fewer left.
///
/// On success the detail is marked verified and the code forgotten; the caller records the
/// history and the audit event.
pub async fn confirm(
    conn: &mut AnyConnection,
    kek: &KeyEncryptionKey,
    person_id: i64,
    contact: &ContactState,
    target: VerifyTarget,
    code: &str,
    now: i64,
) -> Result<Confirmation, sqlx::Error> {
    let Some(address) = contact.address(target) else {
        return Ok(Confirmation::Refused(FieldErrorCode::NoPendingCode));
    };
    let Some(row) = code_row(conn, person_id, target).await? else {
        return Ok(Confirmation::Refused(FieldErrorCode::NoPendingCode));
    };
    if row.address != address {
        return Ok(Confirmation::Refused(FieldErrorCode::NoPendingCode));
    }
    if row.attempts_left <= 0 {
        return Ok(Confirmation::Refused(FieldErrorCode::TooManyAttempts));
    }
    if row.expires_at <= now {
        return Ok(Confirmation::Refused(FieldErrorCode::CodeExpired));
    }
    let expected = code_hash(kek, person_id, target, address, code);
    if bool::from(expected.as_bytes().ct_eq(row.code_hash.as_bytes())) {
        discard(conn, person_id, target).await?;
        super::set_verified(conn, person_id, target, now).await?;
        return Ok(Confirmation::Verified);
    }
    let left = row.attempts_left - 1;
    sqlx::query(
        "UPDATE verification_codes SET attempts_left = $1 WHERE person_id = $2 AND target = $3",
    )
    .bind(left)
    .bind(person_id)
    .bind(target.as_str())
    .execute(conn)
    .await?;
    Ok(Confirmation::Refused(if left == 0 {
        FieldErrorCode::TooManyAttempts
    } else {
        FieldErrorCode::WrongCode
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::channels::{normalize_code, CODE_LENGTH};

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: Vec<String> = (0..200).map(|_| generate_code()).collect();
        for c in &codes {
            assert_eq!(c.len(), CODE_LENGTH);
            assert_eq!(normalize_code(c).as_deref(), Some(c.as_str()));
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert!(
            unique.len() > 190,
            "200 random codes out of a million barely repeat"
        );
    }

    #[test]
    fn hashes_bind_the_code_to_person_detail_and_address() {
        let kek = KeyEncryptionKey::generate();
        let h = code_hash(&kek, 1, VerifyTarget::Email, "a@b.se", "123456");
        assert_eq!(h.len(), 64);
        assert_eq!(
            h,
            code_hash(&kek, 1, VerifyTarget::Email, "a@b.se", "123456")
        );
        for other in [
            code_hash(&kek, 2, VerifyTarget::Email, "a@b.se", "123456"),
            code_hash(&kek, 1, VerifyTarget::Mobile, "a@b.se", "123456"),
            code_hash(&kek, 1, VerifyTarget::Email, "a@c.se", "123456"),
            code_hash(&kek, 1, VerifyTarget::Email, "a@b.se", "123457"),
            code_hash(
                &KeyEncryptionKey::generate(),
                1,
                VerifyTarget::Email,
                "a@b.se",
                "123456",
            ),
            // Moving characters between fields changes the hash too.
            code_hash(&kek, 1, VerifyTarget::Email, "a@b.se1", "23456"),
        ] {
            assert_ne!(h, other);
        }
        assert!(!h.contains("123456"));
    }

    #[test]
    fn rate_limit_times() {
        assert_eq!(allowed_at(&[]), i64::MIN);
        assert_eq!(allowed_at(&[1000]), 1060);
        // Four in the window: only the cooldown.
        assert_eq!(allowed_at(&[4000, 3000, 2000, 1000]), 4060);
        // Five: the oldest of the five must leave the hour first.
        assert_eq!(allowed_at(&[4000, 3000, 2000, 1500, 1000]), 4600);
        // More than five (sent before a limit change): the fifth newest counts.
        assert_eq!(allowed_at(&[4000, 3000, 2000, 1500, 1200, 1000]), 4800);
    }
}
