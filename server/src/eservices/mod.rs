//! E-services ("Mina e-tjänster"): the published definitions, the parties' drafts and the
//! submissions, as stored; what the agency already knows ([`prefill`]) and what sending does
//! ([`submit`]).
//!
//! A service id belongs to the system that first published it; every changed definition is a
//! new version, and people always fill in the latest one. Drafts and submissions belong to the
//! party the session acts for (the person themself, or an organisation or person they have a
//! mandate for): every query of them carries that party's id.

pub mod callbacks;
pub mod prefill;
pub mod submit;

use std::collections::BTreeMap;

use minsida_api::eservices::{
    Answer, Answers, Audience, ServiceDefinition, SystemAnswer, SystemEService,
    SystemEServiceSubmission,
};
use minsida_api::org::display_party_identifier;
use minsida_api::representation::PartyKind;
use sqlx::AnyConnection;

use crate::auth::session::format_unix;
use crate::crypto::{self, IntegrityError, KeyRing};
use crate::messaging;
use crate::persons::Access;

/// A draft unchanged for this long is deleted: 30 days (a service may need papers that take
/// time to get).
pub const DRAFT_LIFETIME_SECS: i64 = 30 * 24 * 60 * 60;
/// Most submissions in one page of the system API.
pub const MAX_PAGE: i64 = 200;

/// One published version of a service.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceRow {
    pub id: i64,
    pub service_id: String,
    pub version: i64,
    pub system_id: i64,
    pub title: String,
    pub definition: String,
    pub definition_sha256: String,
    pub published_at: i64,
    pub withdrawn_at: Option<i64>,
}

const SERVICE_COLUMNS: &str = "e.id, e.service_id, e.version, e.system_id, e.title, \
     e.definition, e.definition_sha256, e.published_at, e.withdrawn_at";

/// The latest version of every service: `e` is that row.
const LATEST: &str = "FROM eservices e WHERE e.version = \
     (SELECT MAX(l.version) FROM eservices l WHERE l.service_id = e.service_id)";

impl ServiceRow {
    /// The stored definition (it was checked when published).
    pub fn definition(&self) -> Result<ServiceDefinition, serde_json::Error> {
        serde_json::from_str(&self.definition)
    }

    pub fn system_view(&self) -> SystemEService {
        SystemEService {
            id: self.service_id.clone(),
            version: self.version,
            title: self.title.clone(),
            published_at: format_unix(self.published_at),
            withdrawn_at: self.withdrawn_at.map(format_unix),
            definition_sha256: self.definition_sha256.clone(),
        }
    }
}

/// The canonical JSON of checked answers: an array of `[question id, answer]` pairs in the
/// definition's order, without spaces. Its SHA-256 is the receipt's `answers_sha256`, which
/// the agency can recompute from the answers it fetches.
pub fn canonical_answers_json(answers: &[(String, Answer)]) -> String {
    serde_json::to_string(answers).unwrap_or_default()
}

/// The JSON a definition is stored as, and its SHA-256.
pub fn stored_definition(definition: &ServiceDefinition) -> (String, String) {
    let json = serde_json::to_string(definition).unwrap_or_default();
    let sha = crypto::sha256_hex(json.as_bytes());
    (json, sha)
}

/// The outcome of [`publish`].
#[derive(Debug)]
pub enum Published {
    /// A new version (the first, or a changed definition, or publishing a withdrawn service
    /// again).
    Created(ServiceRow),
    /// The latest version has this very definition and is not withdrawn: nothing changed.
    Unchanged(ServiceRow),
    /// Another system publishes a service with this id.
    OwnedByOther,
}

/// Publish `definition` (already checked) as service `service_id` of `system_id`.
pub async fn publish(
    conn: &mut AnyConnection,
    system_id: i64,
    service_id: &str,
    definition: &ServiceDefinition,
    now: i64,
) -> Result<Published, sqlx::Error> {
    let (json, sha) = stored_definition(definition);
    let current = latest(conn, service_id).await?;
    let version = match &current {
        Some(c) if c.system_id != system_id => return Ok(Published::OwnedByOther),
        Some(c) if c.definition_sha256 == sha && c.withdrawn_at.is_none() => {
            return Ok(Published::Unchanged(c.clone()))
        }
        Some(c) => c.version + 1,
        None => 1,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO eservices (service_id, version, system_id, title, definition, \
         definition_sha256, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(service_id)
    .bind(version)
    .bind(system_id)
    .bind(&definition.title)
    .bind(&json)
    .bind(&sha)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Published::Created(ServiceRow {
        id,
        service_id: service_id.to_string(),
        version,
        system_id,
        title: definition.title.clone(),
        definition: json,
        definition_sha256: sha,
        published_at: now,
        withdrawn_at: None,
    }))
}

/// The latest version of a service, withdrawn or not.
pub async fn latest(
    conn: &mut AnyConnection,
    service_id: &str,
) -> Result<Option<ServiceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SERVICE_COLUMNS} {LATEST} AND e.service_id = $1"
    ))
    .bind(service_id)
    .fetch_optional(conn)
    .await
}

/// The latest version of every service of a system, by id.
pub async fn system_services(
    conn: &mut AnyConnection,
    system_id: i64,
) -> Result<Vec<ServiceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SERVICE_COLUMNS} {LATEST} AND e.system_id = $1 ORDER BY e.service_id"
    ))
    .bind(system_id)
    .fetch_all(conn)
    .await
}

/// The latest versions of the services people can use now (not withdrawn), by title.
pub async fn open_services(conn: &mut AnyConnection) -> Result<Vec<ServiceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {SERVICE_COLUMNS} {LATEST} AND e.withdrawn_at IS NULL ORDER BY e.title, e.service_id"
    ))
    .fetch_all(conn)
    .await
}

/// Withdraw the system's service (its latest version): nobody can start or send it any more.
/// Returns the row as it is now; `None` when the system has no such service.
pub async fn withdraw(
    conn: &mut AnyConnection,
    system_id: i64,
    service_id: &str,
    now: i64,
) -> Result<Option<ServiceRow>, sqlx::Error> {
    let Some(mut row) = latest(conn, service_id).await? else {
        return Ok(None);
    };
    if row.system_id != system_id {
        return Ok(None);
    }
    if row.withdrawn_at.is_none() {
        sqlx::query("UPDATE eservices SET withdrawn_at = $1 WHERE id = $2")
            .bind(now)
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
        row.withdrawn_at = Some(now);
    }
    Ok(Some(row))
}

/// Whether the acting party may use a service with this audience: a person for themself,
/// someone acting for an organisation, or for another person, with one of the roles the
/// service asks for (any role when it names none).
pub fn may_use(audience: &Audience, access: &Access) -> bool {
    let allowed = match (access.subject_kind(), access.on_behalf()) {
        (PartyKind::Person, false) => return audience.persons,
        (PartyKind::Organisation, _) => audience.organisations,
        (PartyKind::Person, true) => audience.on_behalf_of_persons,
    };
    allowed
        && (audience.roles.is_empty() || access.role().is_some_and(|r| audience.roles.contains(&r)))
}

// ---------------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------------

fn draft_context(party: i64, service_id: &str) -> String {
    draft_context_of(&format!("{party}:{service_id}"))
}

/// What a draft's sealed answers are bound to, from `<party id>:<service id>`.
pub fn draft_context_of(party_and_service: &str) -> String {
    format!("eservice-draft:{party_and_service}")
}

/// What a submission's sealed answers are bound to.
pub fn submission_context(receipt_number: &str) -> String {
    format!("eservice-submission:{receipt_number}")
}

/// The upload ids answers refer to.
pub fn upload_ids<'a>(answers: impl IntoIterator<Item = &'a Answer>) -> Vec<i64> {
    let mut ids: Vec<i64> = answers
        .into_iter()
        .filter_map(|a| match a {
            Answer::Uploads(ids) => Some(ids.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The party's unsent uploads among `ids`, in the order of `ids`.
pub async fn pending_uploads(
    conn: &mut AnyConnection,
    party: i64,
    ids: &[i64],
) -> Result<Vec<messaging::documents::DocumentRow>, sqlx::Error> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let row: Option<messaging::documents::DocumentRow> = sqlx::query_as(&format!(
            "SELECT {} FROM documents d WHERE d.id = $1 AND d.person_id = $2 AND d.message_id IS NULL",
            messaging::documents::DOCUMENT_COLUMNS
        ))
        .bind(id)
        .bind(party)
        .fetch_optional(&mut *conn)
        .await?;
        out.extend(row);
    }
    Ok(out)
}

/// The party's draft of a service: its answers and when it was saved. A draft that fails its
/// integrity check is logged and treated as none.
pub async fn draft(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    party: i64,
    service_id: &str,
) -> Result<Option<(Answers, i64)>, sqlx::Error> {
    let row: Option<(Vec<u8>, i64)> = sqlx::query_as(
        "SELECT answers_sealed, saved_at FROM eservice_drafts WHERE party_id = $1 AND service_id = $2",
    )
    .bind(party)
    .bind(service_id)
    .fetch_optional(conn)
    .await?;
    let Some((sealed, saved_at)) = row else {
        return Ok(None);
    };
    let answers = crypto::open_text(keys, &draft_context(party, service_id), &sealed)
        .ok()
        .and_then(|json| serde_json::from_str::<Answers>(&json).ok());
    match answers {
        Some(a) => Ok(Some((a, saved_at))),
        None => {
            tracing::error!(
                party,
                service_id,
                "an e-service draft failed its integrity check or no longer parses; not shown"
            );
            Ok(None)
        }
    }
}

/// Save the party's draft of a service (replacing the one before).
pub async fn save_draft(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    party: i64,
    actor: i64,
    service_id: &str,
    answers: &Answers,
    now: i64,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(answers).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let uploads = serde_json::to_string(&upload_ids(answers.values())).unwrap_or_default();
    let sealed = crypto::seal_text(keys.active(), &draft_context(party, service_id), &json);
    sqlx::query(
        "INSERT INTO eservice_drafts (party_id, service_id, answers_sealed, kek_id, upload_ids, \
         saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (party_id, service_id) DO UPDATE SET answers_sealed = excluded.answers_sealed, \
         kek_id = excluded.kek_id, upload_ids = excluded.upload_ids, saved_by = excluded.saved_by, \
         saved_at = excluded.saved_at",
    )
    .bind(party)
    .bind(service_id)
    .bind(sealed)
    .bind(keys.active_id())
    .bind(uploads)
    .bind(actor)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Delete the party's draft of a service; whether there was one.
pub async fn delete_draft(
    conn: &mut AnyConnection,
    party: i64,
    service_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM eservice_drafts WHERE party_id = $1 AND service_id = $2")
        .bind(party)
        .bind(service_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// When the party last saved a draft of, and last sent, each service: by service id.
pub async fn party_activity(
    conn: &mut AnyConnection,
    party: i64,
) -> Result<BTreeMap<String, (Option<i64>, Option<i64>)>, sqlx::Error> {
    let drafts: Vec<(String, i64)> =
        sqlx::query_as("SELECT service_id, saved_at FROM eservice_drafts WHERE party_id = $1")
            .bind(party)
            .fetch_all(&mut *conn)
            .await?;
    let sent: Vec<(String, i64)> = sqlx::query_as(
        "SELECT service_id, MAX(submitted_at) FROM eservice_submissions WHERE party_id = $1 \
         GROUP BY service_id",
    )
    .bind(party)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: BTreeMap<String, (Option<i64>, Option<i64>)> = BTreeMap::new();
    for (service, at) in drafts {
        out.entry(service).or_default().0 = Some(at);
    }
    for (service, at) in sent {
        out.entry(service).or_default().1 = Some(at);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Submissions
// ---------------------------------------------------------------------------------------------

/// A stored submission.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub service_id: String,
    pub version: i64,
    pub party_id: i64,
    pub submitted_by: i64,
    pub matter_id: i64,
    pub matter_reference: String,
    pub message_id: i64,
    pub receipt_number: String,
    pub answers_sealed: Vec<u8>,
    pub answers_sha256: String,
    pub submitted_at: i64,
    pub party_identifier: String,
    pub submitter_identifier: String,
}

const SUBMISSION_FROM: &str = "SELECT s.id, s.service_id, e.version, s.party_id, \
     s.submitted_by, s.matter_id, t.reference AS matter_reference, s.message_id, \
     s.receipt_number, s.answers_sealed, s.answers_sha256, s.submitted_at, \
     p.personal_number AS party_identifier, b.personal_number AS submitter_identifier \
     FROM eservice_submissions s JOIN eservices e ON e.id = s.eservice_id \
     JOIN matters t ON t.id = s.matter_id JOIN persons p ON p.id = s.party_id \
     JOIN persons b ON b.id = s.submitted_by";

impl SubmissionRow {
    /// The checked answers, in the definition's order.
    pub fn answers(&self, keys: &KeyRing) -> Result<Vec<(String, Answer)>, IntegrityError> {
        let json = crypto::open_text(
            keys,
            &submission_context(&self.receipt_number),
            &self.answers_sealed,
        )?;
        serde_json::from_str(&json).map_err(|_| IntegrityError)
    }
}

/// The party's submission with this idempotency key.
pub async fn submission_by_key(
    conn: &mut AnyConnection,
    party: i64,
    key: &str,
) -> Result<Option<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SUBMISSION_FROM} WHERE s.party_id = $1 AND s.idempotency_key = $2"
    ))
    .bind(party)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// The answers of the party's last submission of a service (for prefill), if it opens.
pub async fn last_answers(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    party: i64,
    service_id: &str,
) -> Result<Option<Vec<(String, Answer)>>, sqlx::Error> {
    let row: Option<SubmissionRow> = sqlx::query_as(&format!(
        "{SUBMISSION_FROM} WHERE s.party_id = $1 AND s.service_id = $2 ORDER BY s.id DESC LIMIT 1"
    ))
    .bind(party)
    .bind(service_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|r| r.answers(keys).ok()))
}

/// A submission to store (everything else of it is already in the transaction).
pub struct NewSubmission<'a> {
    pub service: &'a ServiceRow,
    pub party: i64,
    pub submitted_by: i64,
    pub matter_id: i64,
    pub message_id: i64,
    pub receipt_number: &'a str,
    pub idempotency_key: &'a str,
    pub answers: &'a [(String, Answer)],
    pub answers_sha256: &'a str,
    pub at: i64,
}

pub async fn insert_submission(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    s: &NewSubmission<'_>,
) -> Result<i64, sqlx::Error> {
    let json = serde_json::to_string(s.answers).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let sealed = crypto::seal_text(keys.active(), &submission_context(s.receipt_number), &json);
    sqlx::query_scalar(
        "INSERT INTO eservice_submissions (eservice_id, service_id, party_id, submitted_by, \
         matter_id, message_id, receipt_number, idempotency_key, answers_sealed, kek_id, \
         answers_sha256, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         RETURNING id",
    )
    .bind(s.service.id)
    .bind(&s.service.service_id)
    .bind(s.party)
    .bind(s.submitted_by)
    .bind(s.matter_id)
    .bind(s.message_id)
    .bind(s.receipt_number)
    .bind(s.idempotency_key)
    .bind(sealed)
    .bind(keys.active_id())
    .bind(s.answers_sha256)
    .bind(s.at)
    .fetch_one(conn)
    .await
}

/// Submissions of the system's service with an id above `after`, oldest first, at most
/// `limit`; with the parties they name (for the audit trail).
pub async fn system_submissions(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    service: &ServiceRow,
    after: i64,
    limit: i64,
) -> Result<Result<Vec<(SystemEServiceSubmission, i64)>, IntegrityError>, sqlx::Error> {
    let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
        "{SUBMISSION_FROM} WHERE s.service_id = $1 AND e.system_id = $2 AND s.id > $3 \
         ORDER BY s.id LIMIT $4"
    ))
    .bind(&service.service_id)
    .bind(service.system_id)
    .bind(after)
    .bind(limit.clamp(1, MAX_PAGE))
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let answers = match r.answers(keys) {
            Ok(a) => a,
            Err(e) => {
                tracing::error!(
                    submission = r.id,
                    "E-SERVICE SUBMISSION INTEGRITY FAILURE: the answers failed authenticated \
                     decryption and are not served"
                );
                return Ok(Err(e));
            }
        };
        let documents = messaging::attachments(conn, r.message_id).await?;
        out.push((
            SystemEServiceSubmission {
                id: r.id,
                service_id: r.service_id.clone(),
                version: r.version,
                receipt_number: r.receipt_number.clone(),
                submitted_at: format_unix(r.submitted_at),
                matter_id: r.matter_id,
                matter_reference: r.matter_reference.clone(),
                party: display_party_identifier(&r.party_identifier),
                submitted_by: (r.submitted_by != r.party_id)
                    .then(|| display_party_identifier(&r.submitter_identifier)),
                answers: answers
                    .into_iter()
                    .map(|(question, answer)| SystemAnswer { question, answer })
                    .collect(),
                answers_sha256: r.answers_sha256.clone(),
                documents,
            },
            r.party_id,
        ));
    }
    Ok(Ok(out))
}
