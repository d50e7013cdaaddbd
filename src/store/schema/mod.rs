//! The database's two schemas: Patchwork 3.2.1's tables, which pwingest
//! creates in an empty database and otherwise only verifies (its Django
//! migrations must end at `0046_patch_comment_events`), and pwingest's own
//! `pwingest_*` tables, created and upgraded by a small migration runner
//! whose version lives in `pwingest_schema`. Both refusals are
//! configuration errors (exit 78) naming both versions.

use super::conn::Conn;
use super::dialect::Dialect;
use crate::error::{Error, Result};
use crate::vals;

/// `app name` lines: the migrations a 3.2.1 site has applied.
const DJANGO_MIGRATIONS: &str = include_str!("django_migrations.txt");
/// The last Patchwork migration of the 3.2 series.
pub const PATCHWORK_MIGRATION: &str = "0046_patch_comment_events";

/// Patchwork's tables in an engine's dialect: our DDL, written from the
/// 3.2.1 schema's facts.
fn patchwork_ddl(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => include_str!("patchwork_sqlite.sql"),
        Dialect::Postgres => include_str!("patchwork_postgresql.sql"),
    }
}

/// An engine's `pwingest_*` migrations, applied in order; their count is
/// the version (the same numbers on every engine).
fn side_migrations(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Sqlite => &[
            include_str!("side/sqlite/0001_initial.sql"),
            include_str!("side/sqlite/0002_series_steps.sql"),
            include_str!("side/sqlite/0003_message_fate.sql"),
        ],
        Dialect::Postgres => &[
            include_str!("side/postgres/0001_initial.sql"),
            include_str!("side/postgres/0002_series_steps.sql"),
            include_str!("side/postgres/0003_message_fate.sql"),
        ],
    }
}

/// Makes `conn`'s database one pwingest can write: Patchwork's tables
/// (created when the database is empty, else verified) and pwingest's,
/// migrated, each step in the transaction that takes the write lock.
pub fn prepare<C: Conn>(conn: &C, now: &str) -> Result<()> {
    let dialect = conn.dialect();
    let migrations = side_migrations(dialect);
    if side_version(conn, migrations.len())? == Some(migrations.len()) {
        // The common case (every pipe delivery): two queries.
        return check_patchwork(conn);
    }
    conn.begin()?;
    let result = (|| {
        // Another process may have done it while we waited for the lock.
        if !has_table(conn, "django_migrations")? {
            if has_table(conn, "patches")? || has_tables(conn)? {
                return Err(Error::config(
                    "this database holds tables that are not Patchwork 3.2's: an older pwingest \
                     database? Start a new one (the records come from re-ingesting the mail)",
                ));
            }
            conn.batch(patchwork_ddl(dialect))?;
            for line in DJANGO_MIGRATIONS.lines().filter(|l| !l.starts_with('#')) {
                if let Some((app, name)) = line.split_once(' ') {
                    conn.execute(
                        "INSERT INTO django_migrations (app, name, applied) VALUES (?1, ?2, ?3)",
                        vals![app, name, now],
                    )?;
                }
            }
        }
        check_patchwork(conn)?;
        conn.batch("CREATE TABLE IF NOT EXISTS pwingest_schema (version INTEGER NOT NULL)")?;
        let version = side_version(conn, migrations.len())?.unwrap_or(0);
        if version == 0 {
            conn.execute("INSERT INTO pwingest_schema (version) VALUES (0)", vals![])?;
        }
        for (i, sql) in migrations.iter().enumerate().skip(version) {
            conn.batch(sql)?;
            conn.execute(
                "UPDATE pwingest_schema SET version = ?1",
                vals![(i + 1) as i64],
            )?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => conn.commit(),
        Err(e) => {
            conn.rollback()?;
            Err(e)
        }
    }
}

/// The `pwingest_*` schema version, `None` before the first migration;
/// refuses one newer than this binary's (`known` migrations).
fn side_version<C: Conn>(conn: &C, known: usize) -> Result<Option<usize>> {
    if !has_table(conn, "pwingest_schema")? {
        return Ok(None);
    }
    let mut version = None;
    conn.query("SELECT version FROM pwingest_schema", vals![], &mut |r| {
        version = Some(r.get::<i64>(0)? as usize);
        Ok(())
    })?;
    if let Some(v) = version.filter(|&v| v > known) {
        return Err(Error::config(format!(
            "the database's pwingest schema is version {v}, newer than this pwingest's ({known}): \
             upgrade pwingest"
        )));
    }
    Ok(version)
}

/// Refuses a database whose Patchwork migrations are not the 3.2 set.
fn check_patchwork<C: Conn>(conn: &C) -> Result<()> {
    let mut last: Option<String> = None;
    if has_table(conn, "django_migrations")? {
        conn.query(
            "SELECT max(name) FROM django_migrations WHERE app = 'patchwork'",
            vals![],
            &mut |r| {
                last = r.get(0)?;
                Ok(())
            },
        )?;
    }
    match last.as_deref() {
        Some(PATCHWORK_MIGRATION) => Ok(()),
        found => Err(Error::config(format!(
            "the database's Patchwork migrations end at {}, but this pwingest writes \
             Patchwork 3.2's schema (patchwork migration {PATCHWORK_MIGRATION})",
            found.unwrap_or("(none)")
        ))),
    }
}

fn has_table<C: Conn>(conn: &C, name: &str) -> Result<bool> {
    let mut found = false;
    conn.query(conn.dialect().table_named(), vals![name], &mut |_| {
        found = true;
        Ok(())
    })?;
    Ok(found)
}

/// Whether the database holds any table at all.
fn has_tables<C: Conn>(conn: &C) -> Result<bool> {
    let mut found = false;
    conn.query(conn.dialect().any_table(), vals![], &mut |_| {
        found = true;
        Ok(())
    })?;
    Ok(found)
}
