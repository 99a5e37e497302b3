//! Abuse limits: fixed-window counters kept in the database, so that every server instance
//! counts together (a limiter in memory would give each instance behind a load balancer its own
//! allowance).
//!
//! A request *hits* a bucket; the bucket's counter starts a new window when the old one has
//! passed. Over the limit, the caller answers 429 with `Retry-After` (the seconds until the
//! window ends) and writes one audit event per bucket and window — the first refusal — so that
//! an attack is on record without flooding the trail.

use crate::db::Pool;

/// At most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

impl Limit {
    /// The audit event detail of a limit reached: its name and bounds.
    pub fn audit_detail(self, name: &str) -> serde_json::Value {
        serde_json::json!({
            "limit": name,
            "max": self.max,
            "window_secs": self.window_secs,
        })
    }
}

/// The limits the server applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests of one agency system to the system API.
    pub system_requests: Limit,
    /// Failed login attempts for one identity with the test identity provider.
    pub failed_logins_per_identity: Limit,
    /// Failed login attempts from one client address ([`crate::client_addr`]), whatever the
    /// identity: higher than per identity, since many people may share an address (a
    /// service office, a workplace, a mobile operator's NAT).
    pub failed_logins_per_client: Limit,
    /// Wrong office keys (terminal enrollment, unenrollment, the staff view) per office.
    pub office_key_failures: Limit,
    /// Feedback from one client address: enough for a service office's visitors, too few to
    /// flood the agency.
    pub feedback_per_client: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            system_requests: Limit {
                max: 1200,
                window_secs: 60,
            },
            failed_logins_per_identity: Limit {
                max: 10,
                window_secs: 15 * 60,
            },
            failed_logins_per_client: Limit {
                max: 100,
                window_secs: 15 * 60,
            },
            office_key_failures: Limit {
                max: crate::terminals::MAX_KEY_FAILURES,
                window_secs: crate::terminals::KEY_FAILURE_WINDOW_SECS,
            },
            feedback_per_client: Limit {
                max: 30,
                window_secs: 60 * 60,
            },
        }
    }
}

/// The outcome of a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Allowed,
    /// Over the limit: retry after this many seconds. `first` for the first refusal of the
    /// window (the one to audit).
    Refused {
        retry_after: u64,
        first: bool,
    },
}

/// Count a hit on `bucket` at `now` (unix seconds), in one statement (atomic across
/// instances): refused when it is over the limit.
pub async fn hit(pool: &Pool, bucket: &str, limit: Limit, now: i64) -> Result<Hit, sqlx::Error> {
    let (window_start, hits) = count(pool, bucket, limit, now).await?;
    let max = i64::from(limit.max);
    if hits <= max {
        return Ok(Hit::Allowed);
    }
    Ok(Hit::Refused {
        retry_after: retry_after(window_start, limit, now),
        first: hits == max + 1,
    })
}

/// For limits on failures: whether `bucket` has used up its allowance in the current window
/// (then the seconds until the window ends). Counts nothing.
pub async fn blocked(
    pool: &Pool,
    bucket: &str,
    limit: Limit,
    now: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT window_start, hits FROM rate_limits WHERE bucket = $1")
            .bind(bucket)
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        Some((start, hits)) if start > now - limit.window_secs && hits >= i64::from(limit.max) => {
            Some(retry_after(start, limit, now))
        }
        _ => None,
    })
}

/// For limits on failures: count one; `true` when this used up the allowance (the moment to
/// audit).
pub async fn fail(pool: &Pool, bucket: &str, limit: Limit, now: i64) -> Result<bool, sqlx::Error> {
    let (_, hits) = count(pool, bucket, limit, now).await?;
    Ok(hits == i64::from(limit.max))
}

fn retry_after(window_start: i64, limit: Limit, now: i64) -> u64 {
    u64::try_from(window_start + limit.window_secs - now)
        .unwrap_or(1)
        .max(1)
}

/// Count one in the bucket's current window (a new window when the old one has passed);
/// returns (window start, hits).
async fn count(
    pool: &Pool,
    bucket: &str,
    limit: Limit,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $2 - $3 THEN 1 ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $2 - $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING window_start, hits",
    )
    .bind(bucket)
    .bind(now)
    .bind(limit.window_secs)
    .fetch_one(pool)
    .await
}

/// A bucket name for something that must not be stored in clear (e.g. a personal identity
/// number, which a plain hash would not hide: there are too few of them): a prefix and the
/// first 32 hex digits of an HMAC-SHA256 under a key derived from the key encryption key.
pub fn keyed_bucket(kek: &crate::crypto::KeyEncryptionKey, prefix: &str, value: &str) -> String {
    use hmac::{Hmac, Mac};
    let key = kek.derive_key("rate-limit-buckets");
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&key).expect("any key length");
    mac.update(value.as_bytes());
    let digest = crate::crypto::hex(&mac.finalize().into_bytes());
    format!("{prefix}:{}", &digest[..32])
}

/// Forget counters whose window ended more than a day ago; returns how many.
pub async fn prune(pool: &Pool, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
        .bind(now - 24 * 60 * 60)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
