//! The audit trail: which events logins, reads, changes and logouts write, and that it is
//! append-only.

use crate::common::*;
use axum::http::{Method, StatusCode};
use minsida_api::ErrorCode;
use minsida_server::auth::session;

#[tokio::test]
async fn audit_events_are_written() {
    let app = TestApp::new().await;
    let anna_id = app.person_id(ANNA).await;
    let lars_id = app.person_id(LARS).await;
    let anna = app.login(ANNA).await;
    let lars = app.login(LARS).await;
    assert_eq!(
        app.get("/api/me", Some(&anna.cookie)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.update_contact(
            &lars,
            r#"{"email":"lars@example.no","mobile":"0701234567"}"#
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .json(
            Method::POST,
            "/api/auth/logout",
            "",
            Some(&anna.cookie),
            Some(&anna.info.csrf_token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The session endpoint reads no personal details: no event.
    assert_eq!(
        app.get("/api/session", Some(&lars.cookie)).await.status,
        StatusCode::OK
    );

    let anna_hash = session::hash_token(anna.cookie.split_once('=').unwrap().1);
    let lars_hash = session::hash_token(lars.cookie.split_once('=').unwrap().1);
    let events = app.audit_events().await;
    type Summary<'a> = (&'a str, Option<i64>, Option<i64>, Option<&'a str>);
    let summary: Vec<Summary<'_>> = events
        .iter()
        .map(|e| (e.0.as_str(), e.1, e.2, e.3.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "login",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
            (
                "login",
                Some(lars_id),
                Some(lars_id),
                Some(&lars_hash[..12])
            ),
            (
                "read_personal_details",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
            (
                "update_contact_details",
                Some(lars_id),
                Some(lars_id),
                Some(&lars_hash[..12])
            ),
            (
                "logout",
                Some(anna_id),
                Some(anna_id),
                Some(&anna_hash[..12])
            ),
        ]
    );
    // The change is described, the values are not stored.
    let detail: serde_json::Value = serde_json::from_str(events[3].4.as_deref().unwrap()).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({ "email": "changed", "mobile": "added" })
    );
    assert!(events
        .iter()
        .all(|e| !e.4.as_deref().unwrap_or("").contains("example")));

    // The trail is append-only.
    assert!(sqlx::query("UPDATE audit_events SET action = 'x'")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_events")
        .execute(&app.pool)
        .await
        .is_err());
    assert_eq!(app.audit_events().await.len(), 5);
}

/// Events written by some requests: two logins and a read.
async fn some_events(app: &TestApp) {
    let anna = app.login(ANNA).await;
    app.login(LARS).await;
    assert_eq!(
        app.get("/api/me", Some(&anna.cookie)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_sealed_audit_chain_verifies_and_grows() {
    use minsida_server::audit::chain::{self, GENESIS};
    let app = TestApp::new().await;
    some_events(&app).await;
    let events: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let before = chain::verify(&app.pool).await.unwrap();
    assert_eq!(before.sealed, 0);
    assert_eq!(before.unsealed, events.0 as u64);
    assert_eq!(before.head, GENESIS);

    assert_eq!(chain::seal_all(&app.pool).await.unwrap(), events.0 as usize);
    let sealed = chain::verify(&app.pool).await.unwrap();
    assert_eq!((sealed.sealed, sealed.unsealed), (events.0 as u64, 0));
    assert_ne!(sealed.head, GENESIS);
    // Nothing new: sealing again does nothing and the head stays.
    assert_eq!(chain::seal_all(&app.pool).await.unwrap(), 0);
    assert_eq!(chain::verify(&app.pool).await.unwrap().head, sealed.head);

    // New events are sealed onto the same chain.
    some_events(&app).await;
    assert!(chain::seal_all(&app.pool).await.unwrap() > 0);
    let grown = chain::verify(&app.pool).await.unwrap();
    assert!(grown.sealed > sealed.sealed);
    assert_ne!(grown.head, sealed.head);
    // Seals are append-only like the events.
    assert!(sqlx::query("DELETE FROM audit_seals")
        .execute(&app.pool)
        .await
        .is_err());
    assert!(sqlx::query("UPDATE audit_seals SET hash = hash")
        .execute(&app.pool)
        .await
        .is_err());
}

#[tokio::test]
async fn a_changed_or_removed_audit_event_breaks_the_chain() {
    use minsida_server::audit::chain::{self, ChainError};
    // Someone with write access to the database file drops the append-only triggers and
    // edits the trail: verification finds where.
    for tamper in ["change", "remove event and seal", "remove event"] {
        let app = TestApp::new().await;
        some_events(&app).await;
        chain::seal_all(&app.pool).await.unwrap();
        let (target,): (i64,) =
            sqlx::query_as("SELECT event_id FROM audit_seals ORDER BY seq LIMIT 1 OFFSET 1")
                .fetch_one(&app.pool)
                .await
                .unwrap();
        let mut conn = app.pool.acquire().await.unwrap();
        let drops = if on_postgres() {
            [
                "DROP TRIGGER audit_events_no_update ON audit_events",
                "DROP TRIGGER audit_events_no_delete ON audit_events",
                "DROP TRIGGER audit_seals_no_delete ON audit_seals",
            ]
        } else {
            [
                "DROP TRIGGER audit_events_no_update",
                "DROP TRIGGER audit_events_no_delete",
                "DROP TRIGGER audit_seals_no_delete",
            ]
        };
        for sql in drops {
            sqlx::query(sql).execute(&mut *conn).await.unwrap();
        }
        let expected = match tamper {
            "change" => {
                sqlx::query("UPDATE audit_events SET subject_person_id = NULL WHERE id = $1")
                    .bind(target)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                ChainError::Broken {
                    seq: 2,
                    event_id: target,
                }
            }
            "remove event and seal" => {
                sqlx::query("DELETE FROM audit_seals WHERE event_id = $1")
                    .bind(target)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                sqlx::query("DELETE FROM audit_events WHERE id = $1")
                    .bind(target)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                // The next seal no longer follows from the one before it.
                let (seq, event_id): (i64, i64) = sqlx::query_as(
                    "SELECT seq, event_id FROM audit_seals WHERE seq > 2 ORDER BY seq LIMIT 1",
                )
                .fetch_one(&mut *conn)
                .await
                .unwrap();
                ChainError::Broken { seq, event_id }
            }
            _ => {
                // Past the foreign key from the seal: PostgreSQL's superuser skips the
                // constraint triggers in replica mode, SQLite turns the checks off.
                let (off, on) = if on_postgres() {
                    (
                        "SET session_replication_role = replica",
                        "SET session_replication_role = DEFAULT",
                    )
                } else {
                    ("PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON")
                };
                sqlx::query(off).execute(&mut *conn).await.unwrap();
                sqlx::query("DELETE FROM audit_events WHERE id = $1")
                    .bind(target)
                    .execute(&mut *conn)
                    .await
                    .unwrap();
                sqlx::query(on).execute(&mut *conn).await.unwrap();
                ChainError::MissingEvent {
                    seq: 2,
                    event_id: target,
                }
            }
        };
        drop(conn);
        assert_eq!(chain::verify(&app.pool).await, Err(expected), "{tamper}");
    }
}

/// Reads at the same time share commits of their audit events (group commit), and every
/// answered read has its event.
#[tokio::test]
async fn concurrent_reads_each_have_their_event() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    const READS: usize = 40;
    let reads = (0..READS).map(|_| app.get("/api/me", Some(&anna.cookie)));
    for r in futures_util::future::join_all(reads).await {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'read_personal_details'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(n, READS as i64);
}

/// When the audit event of a read cannot be stored, the read fails: nothing is shown that the
/// trail does not record.
#[tokio::test]
async fn a_read_whose_event_cannot_be_stored_shows_nothing() {
    let app = TestApp::new().await;
    let anna = app.login(ANNA).await;
    // Someone with database access makes the trail refuse this kind of event.
    let refuse = if on_postgres() {
        vec![
            "CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'no'; END; $$",
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_events FOR EACH ROW \
             WHEN (NEW.action = 'read_personal_details') EXECUTE FUNCTION refuse_reads()",
        ]
    } else {
        vec![
            "CREATE TRIGGER refuse_reads BEFORE INSERT ON audit_events \
             WHEN NEW.action = 'read_personal_details' BEGIN SELECT RAISE(ABORT, 'no'); END",
        ]
    };
    for sql in refuse {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    let r = app.get("/api/me", Some(&anna.cookie)).await;
    r.assert_error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal);
    assert!(!r.text().contains("Andersson"));
    // Other events still go through the same writer.
    assert_eq!(
        app.get("/api/messages", Some(&anna.cookie)).await.status,
        StatusCode::OK
    );
}
