//! The person's voice: feedback ("Lämna synpunkter") and the satisfaction question after a
//! submission, stored with no more personal data than the person chose to give, and the
//! figures agency systems read.
//!
//! - **Feedback** is kept with a reference (`SYN-2026-…`) to quote. The text and the contact
//!   detail for an answer are sealed ([`crypto::seal_text`], bound to `feedback:<reference>`).
//!   The party is only kept when the person asked for an answer in Min sida or tied the
//!   feedback to one of their matters: otherwise nothing says who gave it, even when logged in.
//! - **Satisfaction** answers are kept per submission under a keyed hash of its receipt number
//!   (so one submission is answered once, and the answers cannot be joined to people), with
//!   the ISO week, not the time. A comment is sealed like feedback.

use minsida_api::feedback::{
    CheckedFeedback, FeedbackKind, ReplyChannel, SatisfactionAnswer, SatisfactionComment,
    SatisfactionCounts, ServiceSatisfaction, SystemFeedback, SystemFeedbackReply, WeekSatisfaction,
};
use minsida_api::org::{display_party_identifier, is_org_identifier};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use time::Date;

use crate::auth::session::format_unix;
use crate::crypto::{self, IntegrityError, KeyEncryptionKey, KeyRing};
use crate::{dates, messaging};

/// Most items in one page of the system API's lists.
pub const MAX_PAGE: i64 = 500;

/// The service of an answer to a request to supplement.
pub const SERVICE_SUPPLEMENT_ANSWER: &str = "supplement_answer";
/// The service of another message the person wrote in a matter.
pub const SERVICE_MATTER_MESSAGE: &str = "matter_message";

/// What is sealed of a piece of feedback.
#[derive(Debug, Serialize, Deserialize)]
struct SealedContent {
    text: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

pub fn feedback_context(reference: &str) -> String {
    format!("feedback:{reference}")
}

pub fn comment_context(submission_key: &str) -> String {
    format!("satisfaction:{submission_key}")
}

/// Store feedback; returns its reference. `party` is the party the session acts for, given
/// only when the person chose to be known (an answer in Min sida, or a matter).
pub async fn insert(
    conn: &mut AnyConnection,
    kek: &KeyEncryptionKey,
    kek_id: &str,
    feedback: &CheckedFeedback,
    logged_in: bool,
    party: Option<i64>,
    now: i64,
) -> Result<String, sqlx::Error> {
    let content = serde_json::to_string(&SealedContent {
        text: feedback.text.clone(),
        address: feedback.address.clone(),
        name: feedback.name.clone(),
    })
    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let mut reference = messaging::new_reference("SYN", now);
    for _ in 0..20 {
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM feedback WHERE reference = $1")
            .bind(&reference)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_none() {
            break;
        }
        reference = messaging::new_reference("SYN", now);
    }
    let sealed = crypto::seal_text(kek, &feedback_context(&reference), &content);
    sqlx::query(
        "INSERT INTO feedback (reference, kind, content_sealed, kek_id, reply_channel, language, \
         logged_in, person_id, matter_id, service_id, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&reference)
    .bind(feedback.kind.as_str())
    .bind(sealed)
    .bind(kek_id)
    .bind(feedback.reply.as_str())
    .bind(feedback.language.as_deref())
    .bind(logged_in)
    .bind(party)
    .bind(feedback.matter_id)
    .bind(feedback.service_id.as_deref())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(reference)
}

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: i64,
    reference: String,
    kind: String,
    content_sealed: Vec<u8>,
    reply_channel: String,
    language: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    logged_in: bool,
    person_id: Option<i64>,
    identifier: Option<String>,
    matter_reference: Option<String>,
    service_id: Option<String>,
    received_at: i64,
}

/// Feedback with an id above `after`, oldest first, at most `limit`; and the parties (ids)
/// the items name, for the audit trail.
pub async fn page(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    after: i64,
    limit: i64,
) -> Result<Result<(Vec<SystemFeedback>, Vec<i64>), IntegrityError>, sqlx::Error> {
    let rows: Vec<FeedbackRow> = sqlx::query_as(
        "SELECT f.id, f.reference, f.kind, f.content_sealed, f.reply_channel, f.language, \
         f.logged_in, f.person_id, p.personal_number AS identifier, t.reference AS matter_reference, \
         f.service_id, f.received_at FROM feedback f \
         LEFT JOIN persons p ON p.id = f.person_id \
         LEFT JOIN matters t ON t.id = f.matter_id \
         WHERE f.id > $1 ORDER BY f.id LIMIT $2",
    )
    .bind(after)
    .bind(limit.clamp(1, MAX_PAGE))
    .fetch_all(&mut *conn)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    let mut parties = Vec::new();
    for r in rows {
        let Ok(content) =
            crypto::open_text(keys, &feedback_context(&r.reference), &r.content_sealed)
        else {
            tracing::error!(feedback = r.id, "feedback that fails its integrity check");
            return Ok(Err(IntegrityError));
        };
        let content: SealedContent = match serde_json::from_str(&content) {
            Ok(c) => c,
            Err(_) => return Ok(Err(IntegrityError)),
        };
        let channel = ReplyChannel::parse(&r.reply_channel).unwrap_or(ReplyChannel::None);
        let reply = (channel != ReplyChannel::None).then(|| {
            let identifier = r
                .identifier
                .as_deref()
                .filter(|_| channel == ReplyChannel::MinSida);
            SystemFeedbackReply {
                channel,
                address: content.address.clone(),
                name: content.name.clone(),
                personal_number: identifier
                    .filter(|i| !is_org_identifier(i))
                    .map(str::to_string),
                organisation_number: identifier
                    .filter(|i| is_org_identifier(i))
                    .map(display_party_identifier),
            }
        });
        parties.extend(r.person_id);
        items.push(SystemFeedback {
            id: r.id,
            reference: r.reference,
            received_at: format_unix(r.received_at),
            kind: FeedbackKind::parse(&r.kind).unwrap_or(FeedbackKind::Suggestion),
            text: content.text,
            matter_reference: r.matter_reference,
            service_id: r.service_id,
            reply,
            language: r.language,
            logged_in: r.logged_in,
        });
    }
    parties.sort_unstable();
    parties.dedup();
    Ok(Ok((items, parties)))
}

/// The submission a receipt number names, if it is one of `party`'s: its service — the
/// e-service's id, or [`SERVICE_SUPPLEMENT_ANSWER`] / [`SERVICE_MATTER_MESSAGE`].
pub async fn submission_service(
    conn: &mut AnyConnection,
    party: i64,
    receipt_number: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT r.id, s.id, e.service_id FROM receipts r \
         LEFT JOIN supplement_requests s ON s.answer_message_id = r.sent_message_id \
         LEFT JOIN eservice_submissions e ON e.receipt_number = r.receipt_number \
         WHERE r.receipt_number = $1 AND r.person_id = $2",
    )
    .bind(receipt_number)
    .bind(party)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(
        row.map(|(_, supplement, eservice)| match (eservice, supplement) {
            (Some(service), _) => service,
            (None, Some(_)) => SERVICE_SUPPLEMENT_ANSWER.to_string(),
            (None, None) => SERVICE_MATTER_MESSAGE.to_string(),
        }),
    )
}

/// The key a submission's answer is kept under: a keyed hash of its receipt number.
pub fn submission_key(kek: &KeyEncryptionKey, receipt_number: &str) -> String {
    crate::limits::keyed_bucket(kek, "submission", receipt_number)
}

/// The ISO 8601 week of a Swedish date, e.g. `2026-W48`.
pub fn iso_week(date: Date) -> String {
    let (year, week, _) = date.to_iso_week_date();
    format!("{year}-W{week:02}")
}

/// Store a satisfaction answer for a submission of `service`. `false` when the submission was
/// already answered (nothing is changed).
pub async fn record_satisfaction(
    conn: &mut AnyConnection,
    kek: &KeyEncryptionKey,
    kek_id: &str,
    service: &str,
    answer: &SatisfactionAnswer,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let key = submission_key(kek, &answer.receipt_number);
    let comment = answer.comment.trim();
    let sealed =
        (!comment.is_empty()).then(|| crypto::seal_text(kek, &comment_context(&key), comment));
    let done = sqlx::query(
        "INSERT INTO satisfaction (submission_key, service, rating, comment_sealed, kek_id, week) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (submission_key) DO NOTHING",
    )
    .bind(&key)
    .bind(service)
    .bind(i64::from(answer.rating))
    .bind(sealed)
    .bind(sealed_kek(comment, kek_id))
    .bind(iso_week(dates::stockholm_date(now)))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn sealed_kek<'a>(comment: &str, kek_id: &'a str) -> Option<&'a str> {
    (!comment.is_empty()).then_some(kek_id)
}

/// Ratings counted per service and week, for the weeks `from..=to` (ISO weeks as strings,
/// which sort like the weeks).
pub async fn figures(
    conn: &mut AnyConnection,
    from_week: &str,
    to_week: &str,
) -> Result<Vec<ServiceSatisfaction>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT service, week, rating, COUNT(*) FROM satisfaction \
         WHERE week >= $1 AND week <= $2 GROUP BY service, week, rating \
         ORDER BY service, week, rating",
    )
    .bind(from_week)
    .bind(to_week)
    .fetch_all(&mut *conn)
    .await?;
    let mut services: Vec<ServiceSatisfaction> = Vec::new();
    for (service, week, rating, count) in rows {
        let index = usize::try_from(rating - 1).unwrap_or(0).min(4);
        let count = u64::try_from(count).unwrap_or(0);
        if services.last().is_none_or(|s| s.service != service) {
            services.push(ServiceSatisfaction {
                service: service.clone(),
                counts: empty_counts(),
                weeks: Vec::new(),
            });
        }
        let s = services.last_mut().expect("pushed above");
        if s.weeks.last().is_none_or(|w| w.week != week) {
            s.weeks.push(WeekSatisfaction {
                week,
                counts: empty_counts(),
            });
        }
        let w = s.weeks.last_mut().expect("pushed above");
        w.counts.distribution[index] += count;
        s.counts.distribution[index] += count;
    }
    for s in &mut services {
        finish(&mut s.counts);
        for w in &mut s.weeks {
            finish(&mut w.counts);
        }
    }
    Ok(services)
}

fn empty_counts() -> SatisfactionCounts {
    SatisfactionCounts {
        count: 0,
        distribution: vec![0; 5],
        average: None,
    }
}

/// The count and the average (two decimals) of a distribution.
fn finish(c: &mut SatisfactionCounts) {
    c.count = c.distribution.iter().sum();
    let total: u64 = c
        .distribution
        .iter()
        .zip(1u64..)
        .map(|(n, rating)| n * rating)
        .sum();
    c.average = (c.count > 0).then(|| {
        // Integer arithmetic, rounded half up, then one division: 3.666… → 3.67.
        let hundredths = (total * 100 * 2 + c.count) / (2 * c.count);
        hundredths as f64 / 100.0
    });
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    submission_key: String,
    service: String,
    rating: i64,
    comment_sealed: Vec<u8>,
    week: String,
}

/// Satisfaction answers with a comment, id above `after`, oldest first.
pub async fn comments(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    after: i64,
    limit: i64,
) -> Result<Result<Vec<SatisfactionComment>, IntegrityError>, sqlx::Error> {
    let rows: Vec<CommentRow> = sqlx::query_as(
        "SELECT id, submission_key, service, rating, comment_sealed, week FROM satisfaction \
         WHERE id > $1 AND comment_sealed IS NOT NULL ORDER BY id LIMIT $2",
    )
    .bind(after)
    .bind(limit.clamp(1, MAX_PAGE))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Ok(comment) =
            crypto::open_text(keys, &comment_context(&r.submission_key), &r.comment_sealed)
        else {
            tracing::error!(
                satisfaction = r.id,
                "a comment that fails its integrity check"
            );
            return Ok(Err(IntegrityError));
        };
        out.push(SatisfactionComment {
            id: r.id,
            service: r.service,
            rating: u8::try_from(r.rating).unwrap_or(0),
            comment,
            week: r.week,
        });
    }
    Ok(Ok(out))
}

/// One CSV line (RFC 4180: fields with a comma, quote or line break quoted, quotes doubled;
/// CRLF). A field a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR first)
/// gets a leading `'`, so that opening the file never runs what a person wrote.
pub fn csv_line(fields: &[&str]) -> String {
    let mut line = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let guarded;
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_line(&["a", "b c"]), "a,b c\r\n");
        assert_eq!(
            csv_line(&["x,y", "sa \"hej\""]),
            "\"x,y\",\"sa \"\"hej\"\"\"\r\n"
        );
        assert_eq!(csv_line(&["rad 1\nrad 2"]), "\"rad 1\nrad 2\"\r\n");
        assert_eq!(
            csv_line(&["=HYPERLINK(\"x\")", "-1", "@a"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'-1,'@a\r\n"
        );
        assert_eq!(csv_line(&[""]), "\r\n");
    }

    #[test]
    fn averages_are_rounded_to_two_decimals() {
        let mut c = empty_counts();
        c.distribution = vec![0, 0, 1, 1, 1];
        finish(&mut c);
        assert_eq!((c.count, c.average), (3, Some(4.0)));
        c.distribution = vec![0, 0, 1, 2, 0];
        finish(&mut c);
        assert_eq!(c.average, Some(3.67));
        c.distribution = vec![0; 5];
        finish(&mut c);
        assert_eq!((c.count, c.average), (0, None));
    }

    #[test]
    fn iso_weeks() {
        let d = |s| dates::parse_date(s).unwrap();
        assert_eq!(iso_week(d("2026-11-29")), "2026-W48");
        assert_eq!(iso_week(d("2027-01-01")), "2026-W53");
        assert_eq!(iso_week(d("2026-01-01")), "2026-W01");
    }
}
