//! The offices' staff view of their terminals (through the system API): help requests,
//! consented steps and whether a visit is in progress, never who the visitor is.

use minsida_api::terminal::{StaffTerminal, VisitStep};
use sqlx::AnyConnection;

use crate::auth::session::{format_unix, is_expired};
use crate::config::Config;

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    office_id: String,
    name: String,
    session_hash: Option<String>,
    requested_at: Option<i64>,
    share_step: Option<crate::db::Flag>,
    step: Option<String>,
    updated_at: Option<i64>,
    /// The help request's session (LEFT JOIN): whose step it is, and whether it is live.
    help_person_id: Option<i64>,
    help_last_seen_at: Option<i64>,
    help_expires_at: Option<i64>,
}

/// One terminal of the staff view, with the person whose consented step it shows (for the
/// audit trail only; never returned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEntry {
    pub terminal: StaffTerminal,
    pub step_of_person: Option<i64>,
}

/// Every active terminal of the office `office_id` (a configured office), by name: its live
/// help request, the step when the visitor consented to share it, and whether a visit is in
/// progress.
pub async fn staff_view(
    conn: &mut AnyConnection,
    config: &Config,
    office_id: &str,
    now: i64,
) -> Result<Vec<StaffEntry>, sqlx::Error> {
    let idle = config.terminal_idle_secs;
    let mut rows: Vec<StaffRow> = sqlx::query_as(
        "SELECT t.id, t.office_id, t.name, h.session_hash, h.requested_at, h.share_step, h.step, \
         h.updated_at, hs.person_id AS help_person_id, hs.last_seen_at AS help_last_seen_at, \
         hs.expires_at AS help_expires_at \
         FROM terminals t LEFT JOIN help_requests h ON h.terminal_id = t.id \
         LEFT JOIN sessions hs ON hs.id_hash = h.session_hash \
         WHERE t.revoked_at IS NULL AND t.office_id = $1",
    )
    .bind(office_id)
    .fetch_all(&mut *conn)
    .await?;
    // By name in Swedish alphabetical order (Å, Ä, Ö after Z), as staff read them.
    rows.sort_by(|a, b| minsida_i18n::swedish_order(&a.name, &b.name).then(a.id.cmp(&b.id)));
    let visits: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT terminal_id, last_seen_at, expires_at FROM sessions WHERE terminal_id IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    let offices = config.effective_terminal_offices();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(office) = offices.iter().find(|o| o.id == r.office_id) else {
            continue;
        };
        let help = match (r.requested_at, r.updated_at, &r.session_hash) {
            (Some(requested_at), Some(updated_at), None) => {
                (now < updated_at.saturating_add(i64::from(idle))).then_some((requested_at, None))
            }
            (Some(requested_at), Some(_), Some(_)) => {
                match (r.help_person_id, r.help_last_seen_at, r.help_expires_at) {
                    (Some(person), Some(last_seen), Some(expires))
                        if !is_expired(last_seen, expires, now, idle) =>
                    {
                        Some((requested_at, Some(person)))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        let step = match help {
            Some(_) if r.share_step == Some(crate::db::Flag(true)) => {
                r.step.as_deref().and_then(VisitStep::parse)
            }
            _ => None,
        };
        let visit_in_progress = visits.iter().any(|&(t, last_seen, expires)| {
            t == r.id && !is_expired(last_seen, expires, now, idle)
        });
        out.push(StaffEntry {
            step_of_person: step.and(help.and_then(|(_, person)| person)),
            terminal: StaffTerminal {
                id: r.id,
                name: r.name,
                office: office.name.clone(),
                help_requested_at: help.map(|(at, _)| format_unix(at)),
                step,
                visit_in_progress,
            },
        });
    }
    Ok(out)
}
