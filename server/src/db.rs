//! Database: connection pool, embedded migrations and the demo data seed.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::config::Config;

/// Migrations in `server/migrations`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Open (and create if missing) the configured SQLite database: WAL journal, foreign keys on.
/// Creates the data directory if it is missing.
pub async fn connect(config: &Config) -> Result<SqlitePool, sqlx::Error> {
    std::fs::create_dir_all(&config.data_dir)?;
    let options = match &config.database_url {
        Some(url) => SqliteConnectOptions::from_str(url)?,
        None => SqliteConnectOptions::new().filename(config.default_database_path()),
    };
    connect_with(options).await
}

/// Open a pool with the project's SQLite settings applied to `options`.
pub async fn connect_with(options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .pragma(
            "journal_size_limit",
            crate::wal::JOURNAL_SIZE_LIMIT.to_string(),
        )
        .busy_timeout(Duration::from_secs(5));
    SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
}

/// Begin a transaction that writes: `BEGIN IMMEDIATE` takes the write lock at once, so two
/// concurrent writers wait for each other (busy timeout) instead of one failing on a lock
/// upgrade (a deferred transaction that reads first and writes later gets SQLITE_BUSY at once,
/// without waiting). Every writing transaction starts here.
pub async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Apply all pending migrations.
///
/// They run on a connection of their own with foreign keys off: a migration that rebuilds a
/// table other tables refer to (SQLite's twelve-step procedure, e.g. `persons` when
/// organisations became parties) must not cascade or be refused half-way. Each migration
/// still runs in its own transaction. Afterwards `PRAGMA foreign_key_check` must find nothing,
/// or the migration is reported as failed. The connection is closed, never returned to the
/// pool, so no request ever runs without foreign keys.
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    use sqlx::Connection as _;
    let mut conn = pool.acquire().await?.detach();
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut conn)
        .await?;
    let result = MIGRATOR.run(&mut conn).await;
    let violations = match result {
        Ok(()) => sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut conn)
            .await
            .map(|rows| rows.len()),
        Err(e) => {
            let _ = conn.close().await;
            return Err(e);
        }
    };
    conn.close().await?;
    match violations? {
        0 => Ok(()),
        n => Err(sqlx::migrate::MigrateError::Execute(sqlx::Error::Protocol(
            format!("the migrated database has {n} foreign key violation(s)"),
        ))),
    }
}

/// A fictitious person of the demo data set.
struct DemoPerson {
    personal_number: &'static str,
    first_names: &'static str,
    given_name: &'static str,
    last_name: &'static str,
    birth_date: &'static str,
    care_of: Option<&'static str>,
    street: &'static str,
    postal_code: &'static str,
    city: &'static str,
    country: Option<&'static str>,
    /// Special postal address: (street, postal code, city).
    postal: Option<(&'static str, &'static str, &'static str)>,
    municipality: &'static str,
    county: &'static str,
    registered_since: &'static str,
    citizenship: &'static str,
    /// (email, mobile); `None` = no contact details row.
    contact: Option<(Option<&'static str>, Option<&'static str>)>,
}

const DEMO_PERSONS: &[DemoPerson] = &[
    DemoPerson {
        personal_number: "198112189876",
        first_names: "Anna Maria",
        given_name: "Anna",
        last_name: "Andersson",
        birth_date: "1981-12-18",
        care_of: None,
        street: "Storgatan 1",
        postal_code: "111 22",
        city: "Stockholm",
        country: None,
        postal: None,
        municipality: "Stockholms kommun",
        county: "Stockholms län",
        registered_since: "2015-03-01",
        citizenship: "Sverige",
        contact: Some((Some("anna.andersson@example.se"), Some("+46701234567"))),
    },
    DemoPerson {
        personal_number: "191212121212",
        first_names: "Tolvan",
        given_name: "Tolvan",
        last_name: "Tolvansson",
        birth_date: "1912-12-12",
        care_of: Some("c/o Tolvansson"),
        street: "Tolvvägen 12",
        postal_code: "123 45",
        city: "Farsta",
        country: None,
        postal: None,
        municipality: "Stockholms kommun",
        county: "Stockholms län",
        registered_since: "1990-01-01",
        citizenship: "Sverige",
        contact: None,
    },
    DemoPerson {
        personal_number: "197010632391",
        first_names: "Lars Olof",
        given_name: "Lars",
        last_name: "Berg",
        birth_date: "1970-10-03",
        care_of: None,
        street: "Storgata 5",
        postal_code: "0155",
        city: "Oslo",
        country: Some("Norge"),
        postal: Some(("Box 123", "411 01", "Göteborg")),
        municipality: "Utlandet",
        county: "Utlandet",
        registered_since: "2022-06-15",
        citizenship: "Norge",
        contact: Some((Some("lars.berg@example.no"), None)),
    },
];

/// A fictitious organisation of the demo data set.
struct DemoOrganisation {
    /// Canonical `16` + organisation number.
    identifier: &'static str,
    name: &'static str,
    legal_form: &'static str,
    street: &'static str,
    postal_code: &'static str,
    city: &'static str,
    registered_since: &'static str,
    /// (kind, registered since): `f_tax`, `vat`, `employer`.
    registrations: &'static [(&'static str, &'static str)],
}

/// The demo companies. Their signatories, matters and messages are registered through the
/// system API by `demo::seed_messages`.
const DEMO_ORGANISATIONS: &[DemoOrganisation] = &[
    DemoOrganisation {
        identifier: "165591234561",
        name: "Andersson Konsult AB",
        legal_form: "Aktiebolag",
        street: "Sveavägen 44",
        postal_code: "111 34",
        city: "Stockholm",
        registered_since: "2019-04-01",
        registrations: &[
            ("f_tax", "2019-05-01"),
            ("vat", "2019-05-01"),
            ("employer", "2020-01-01"),
        ],
    },
    DemoOrganisation {
        identifier: "169697890128",
        name: "Berg & Tolvansson Handelsbolag",
        legal_form: "Handelsbolag",
        street: "Tolvvägen 12",
        postal_code: "123 45",
        city: "Farsta",
        registered_since: "2021-09-15",
        registrations: &[("f_tax", "2021-10-01"), ("vat", "2021-10-01")],
    },
];

/// Time stamp of the seeded contact details (2024-01-15T10:00:00Z), fixed so that the demo
/// looks the same on every run.
const DEMO_CONTACT_UPDATED_AT: i64 = 1_705_312_800;

/// Insert the demo persons (all marked as test persons) and their contact details, and the
/// demo organisations with their register data. Idempotent: existing rows, including contact
/// details a demo user has changed, are left alone.
pub async fn seed_demo(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    for p in DEMO_PERSONS {
        let (postal_street, postal_code, postal_city) = match p.postal {
            Some((s, c, t)) => (Some(s), Some(c), Some(t)),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT OR IGNORE INTO persons (personal_number, first_names, given_name, last_name, \
             birth_date, care_of, street, postal_code, city, country, postal_care_of, postal_street, \
             postal_postal_code, postal_city, postal_country, municipality, county, \
             registered_since, citizenship, is_test_person) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, 1)",
        )
        .bind(p.personal_number)
        .bind(p.first_names)
        .bind(p.given_name)
        .bind(p.last_name)
        .bind(p.birth_date)
        .bind(p.care_of)
        .bind(p.street)
        .bind(p.postal_code)
        .bind(p.city)
        .bind(p.country)
        .bind(postal_street)
        .bind(postal_code)
        .bind(postal_city)
        .bind(p.municipality)
        .bind(p.county)
        .bind(p.registered_since)
        .bind(p.citizenship)
        .execute(&mut *tx)
        .await?;
        if let Some((email, mobile)) = p.contact {
            sqlx::query(
                "INSERT OR IGNORE INTO contact_details (person_id, email, mobile, updated_at) \
                 SELECT id, ?, ?, ? FROM persons WHERE personal_number = ?",
            )
            .bind(email)
            .bind(mobile)
            .bind(DEMO_CONTACT_UPDATED_AT)
            .bind(p.personal_number)
            .execute(&mut *tx)
            .await?;
        }
    }
    for o in DEMO_ORGANISATIONS {
        sqlx::query(
            "INSERT OR IGNORE INTO persons (kind, personal_number, is_test_person) \
             VALUES ('organisation', ?, 0)",
        )
        .bind(o.identifier)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO organisations (party_id, name, legal_form, street, \
             postal_code, city, registered_since) \
             SELECT id, ?, ?, ?, ?, ?, ? FROM persons WHERE personal_number = ?",
        )
        .bind(o.name)
        .bind(o.legal_form)
        .bind(o.street)
        .bind(o.postal_code)
        .bind(o.city)
        .bind(o.registered_since)
        .bind(o.identifier)
        .execute(&mut *tx)
        .await?;
        for (kind, since) in o.registrations {
            sqlx::query(
                "INSERT OR IGNORE INTO organisation_registrations (party_id, kind, registered_since) \
                 SELECT id, ?, ? FROM persons WHERE personal_number = ?",
            )
            .bind(kind)
            .bind(since)
            .bind(o.identifier)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use minsida_api::pin::PersonalIdentityNumber;

    #[test]
    fn demo_organisations_have_valid_numbers() {
        for o in DEMO_ORGANISATIONS {
            let number = minsida_api::org::OrgNumber::parse(o.identifier).unwrap();
            assert_eq!(number.canonical(), o.identifier, "{}", o.name);
        }
    }

    #[test]
    fn demo_persons_have_valid_numbers_and_birth_dates() {
        for p in DEMO_PERSONS {
            let pin = PersonalIdentityNumber::parse_canonical(p.personal_number).unwrap();
            let b = pin.birth_date();
            assert_eq!(
                format!("{:04}-{:02}-{:02}", b.year, b.month, b.day),
                p.birth_date,
                "{}",
                p.personal_number
            );
        }
    }
}
