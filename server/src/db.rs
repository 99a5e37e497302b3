//! Database: connection pool, embedded migrations and the demo data seed.
//!
//! Two stores are supported through sqlx's `Any` driver: SQLite (the embedded default, one
//! file in the data directory) and PostgreSQL (the production configuration, any number of
//! server instances on one database). The SQL is written once, in the dialect both accept
//! (`$N` parameters, `ON CONFLICT`, `RETURNING`, `string_agg`, `->>`); the few places where the
//! two differ ask [`Backend`]. Each store has its own migrations (`migrations/sqlite`,
//! `migrations/postgres`), describing the same schema.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::Executor as _;

use crate::config::Config;

/// The database driver every query runs on: sqlx's `Any`, so one binary serves both stores.
pub type Db = sqlx::Any;
/// A pool of connections to the configured store.
pub type Pool = sqlx::AnyPool;
/// A transaction on the configured store.
pub type Tx = sqlx::Transaction<'static, Db>;

/// Migrations in `server/migrations/sqlite`, embedded in the binary.
pub static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
/// Migrations in `server/migrations/postgres`, embedded in the binary.
pub static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Which store a pool or connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The store a database URL names: `sqlite:…` or `postgres://…`/`postgresql://…`.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The store `pool` is connected to.
    pub fn of(pool: &Pool) -> Self {
        Self::of_url(pool.connect_options().database_url.as_str()).unwrap_or(Self::Sqlite)
    }

    /// The store `conn` is connected to.
    pub fn of_conn(conn: &sqlx::AnyConnection) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("PostgreSQL") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// The database URL of `config`: `--database-url`, or the SQLite file in the data directory.
pub fn database_url(config: &Config) -> String {
    match &config.database_url {
        Some(url) => url.clone(),
        None => sqlite_url(&config.default_database_path()),
    }
}

/// The `sqlite:` URL of a database file.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

/// The SQLite URL with `mode=rwc` (create the file when it is missing) unless it names a mode.
fn sqlite_url_creating(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Register sqlx's drivers for the `Any` pool (idempotent).
pub fn install_drivers() {
    sqlx::any::install_default_drivers();
}

/// Connect to the configured store. For SQLite, creates the data directory and the database
/// file when they are missing.
pub async fn connect(config: &Config) -> Result<Pool, sqlx::Error> {
    std::fs::create_dir_all(&config.data_dir)?;
    connect_url(&database_url(config), config.database_max_connections).await
}

/// The SQLite settings of every connection: write-ahead log, foreign keys, a bounded log file
/// (see [`crate::wal`]) and a busy timeout, so concurrent writers wait for each other.
fn sqlite_pragmas() -> String {
    format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
         PRAGMA journal_size_limit = {}; PRAGMA busy_timeout = 5000;",
        crate::wal::JOURNAL_SIZE_LIMIT
    )
}

/// Open a pool on `url` with the project's settings. `max_connections` applies to
/// PostgreSQL; SQLite pools keep 8 connections (one writer at a time anyway).
pub async fn connect_url(url: &str, max_connections: u32) -> Result<Pool, sqlx::Error> {
    install_drivers();
    match Backend::of_url(url) {
        Some(Backend::Sqlite) => {
            AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(sqlx::raw_sql(&sqlite_pragmas())).await?;
                        Ok(())
                    })
                })
                .connect(&sqlite_url_creating(url))
                .await
        }
        Some(Backend::Postgres) => {
            AnyPoolOptions::new()
                .max_connections(max_connections.max(2))
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
        }
        None => Err(sqlx::Error::Configuration(
            "the database URL must start with sqlite: or postgres://".into(),
        )),
    }
}

/// The key of the PostgreSQL advisory lock that writing transactions take (see
/// [`begin_write`]).
const WRITE_LOCK_KEY: i64 = 0x006d_696e_7369_6461; // "minsida"

/// Begin a transaction that writes.
///
/// On SQLite, `BEGIN IMMEDIATE` takes the write lock at once, so two concurrent writers wait
/// for each other (busy timeout) instead of one failing on a lock upgrade. On PostgreSQL a
/// transaction-level advisory lock gives writing transactions the same one-at-a-time order,
/// across every server instance: the read-then-write steps in them (a limit's count, a
/// sequence number, the audit chain's head) were written for it. Reads never take it. Every
/// writing transaction starts here.
pub async fn begin_write(pool: &Pool) -> Result<Tx, sqlx::Error> {
    match Backend::of(pool) {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// Apply all pending migrations of the pool's store.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    match Backend::of(pool) {
        Backend::Sqlite => migrate_sqlite(pool).await,
        Backend::Postgres => POSTGRES_MIGRATOR.run(pool).await,
    }
}

/// SQLite's migrations run on a connection of their own with foreign keys off: a migration
/// that rebuilds a table other tables refer to (SQLite's twelve-step procedure, e.g. `persons`
/// when organisations became parties) must not cascade or be refused half-way. Each migration
/// still runs in its own transaction. Afterwards `PRAGMA foreign_key_check` must find nothing,
/// or the migration is reported as failed. The connection is closed, never returned to the
/// pool, so no request ever runs without foreign keys.
async fn migrate_sqlite(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    use sqlx::Connection as _;
    let mut conn = pool.acquire().await?.detach();
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut conn)
        .await?;
    let result = SQLITE_MIGRATOR.run(&mut conn).await;
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

/// A yes/no column: SQLite keeps it as the integer 0 or 1, PostgreSQL as `BOOLEAN`. The SQL
/// compares with `TRUE`/`FALSE` (both stores accept those) and binds Rust `bool`s; rows decode
/// through this type (`#[sqlx(try_from = "Flag")]` on a `bool` field), since the `Any` driver
/// does not turn SQLite's integers into booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

impl sqlx::Type<Db> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<Db>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <bool as sqlx::Type<Db>>::compatible(ty) || <i64 as sqlx::Type<Db>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Db> for Flag {
    fn decode(
        value: <Db as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::{TypeInfo as _, ValueRef as _};
        if value.type_info().name() == "BOOLEAN" {
            <bool as sqlx::Decode<Db>>::decode(value).map(Flag)
        } else {
            <i64 as sqlx::Decode<Db>>::decode(value).map(|n| Flag(n != 0))
        }
    }
}

/// A statement put together at run time (optional filters), with numbered `$N` parameters as
/// both stores accept them. (sqlx's own `QueryBuilder` writes `?` for the `Any` driver, which
/// PostgreSQL does not accept.)
#[derive(Default)]
pub struct SqlBuilder {
    sql: String,
    args: sqlx::any::AnyArguments<'static>,
}

impl SqlBuilder {
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            args: Default::default(),
        }
    }

    /// Append SQL text (never input: values go through [`Self::push_bind`]).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Append the next parameter's placeholder and bind `value` to it.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'static + sqlx::Encode<'static, Db> + sqlx::Type<Db>,
    {
        use sqlx::Arguments as _;
        self.args
            .add(value)
            .expect("values of the Any driver's types always encode");
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Append `values` as a comma-separated list of parameters (for `IN (…)`).
    pub fn push_bind_list<T, I>(&mut self, values: I) -> &mut Self
    where
        I: IntoIterator<Item = T>,
        T: 'static + sqlx::Encode<'static, Db> + sqlx::Type<Db>,
    {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self
    }

    /// The statement's text so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The statement's text and its arguments, for `sqlx::query_with` and friends.
    pub fn into_parts(self) -> (String, sqlx::any::AnyArguments<'static>) {
        (self.sql, self.args)
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
pub async fn seed_demo(pool: &Pool) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    for p in DEMO_PERSONS {
        let (postal_street, postal_code, postal_city) = match p.postal {
            Some((s, c, t)) => (Some(s), Some(c), Some(t)),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO persons (personal_number, first_names, given_name, last_name, \
             birth_date, care_of, street, postal_code, city, country, postal_care_of, postal_street, \
             postal_postal_code, postal_city, postal_country, municipality, county, \
             registered_since, citizenship, is_test_person) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12, $13, NULL, $14, $15, $16, $17, TRUE) ON CONFLICT DO NOTHING",
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
                "INSERT INTO contact_details (person_id, email, mobile, updated_at) \
                 SELECT id, $1, $2, $3 FROM persons WHERE personal_number = $4 ON CONFLICT DO NOTHING",
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
            "INSERT INTO persons (kind, personal_number, is_test_person) \
             VALUES ('organisation', $1, FALSE) ON CONFLICT DO NOTHING",
        )
        .bind(o.identifier)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO organisations (party_id, name, legal_form, street, \
             postal_code, city, registered_since) \
             SELECT id, $1, $2, $3, $4, $5, $6 FROM persons WHERE personal_number = $7 ON CONFLICT DO NOTHING",
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
                "INSERT INTO organisation_registrations (party_id, kind, registered_since) \
                 SELECT id, $1, $2 FROM persons WHERE personal_number = $3 ON CONFLICT DO NOTHING",
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
