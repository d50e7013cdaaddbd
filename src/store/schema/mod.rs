//! The database's two schemas: Patchwork 3.2.1's tables, which pwingest
//! creates in an empty database and otherwise only verifies (its Django
//! migrations must end at `0046_patch_comment_events`), and pwingest's own
//! `pwingest_*` tables, created and upgraded by a small migration runner
//! whose version lives in `pwingest_schema`. Both refusals are
//! configuration errors (exit 78) naming both versions.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};

/// Patchwork's tables, our DDL written from the 3.2.1 schema's facts.
const PATCHWORK_DDL: &str = include_str!("patchwork_sqlite.sql");
/// `app name` lines: the migrations a 3.2.1 site has applied.
const DJANGO_MIGRATIONS: &str = include_str!("django_migrations.txt");
/// The last Patchwork migration of the 3.2 series.
pub const PATCHWORK_MIGRATION: &str = "0046_patch_comment_events";

/// `pwingest_*` migrations, applied in order; their count is the version.
const SIDE_MIGRATIONS: &[&str] = &[include_str!("side/0001_initial.sql")];

/// Makes `conn` a database pwingest can write: Patchwork's tables (created
/// when the database is empty, else verified) and pwingest's, migrated.
pub fn prepare(conn: &mut Connection, now: &str) -> Result<()> {
    if side_version(conn)? == Some(SIDE_MIGRATIONS.len()) {
        // The common case (every pipe delivery): one query, then verify.
        return check_patchwork(conn);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have done it while we waited for the lock.
    if !has_table(&tx, "django_migrations")? {
        if has_table(&tx, "patches")? || has_user_tables(&tx)? {
            return Err(Error::config(
                "this database holds tables that are not Patchwork 3.2's: an older pwingest \
                 database? Start a new one (the records come from re-ingesting the mail)",
            ));
        }
        tx.execute_batch(PATCHWORK_DDL)?;
        let mut stmt =
            tx.prepare("INSERT INTO django_migrations (app, name, applied) VALUES (?1, ?2, ?3)")?;
        for line in DJANGO_MIGRATIONS.lines().filter(|l| !l.starts_with('#')) {
            if let Some((app, name)) = line.split_once(' ') {
                stmt.execute((app, name, now))?;
            }
        }
    }
    check_patchwork(&tx)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS pwingest_schema (version INTEGER NOT NULL)")?;
    let version = side_version(&tx)?.unwrap_or(0);
    check_side_version(version)?;
    if version == 0 {
        tx.execute("INSERT INTO pwingest_schema (version) VALUES (0)", [])?;
    }
    for (i, sql) in SIDE_MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(sql)?;
        tx.execute("UPDATE pwingest_schema SET version = ?1", [(i + 1) as i64])?;
    }
    tx.commit()?;
    Ok(())
}

fn check_side_version(version: usize) -> Result<()> {
    if version > SIDE_MIGRATIONS.len() {
        return Err(Error::config(format!(
            "the database's pwingest schema is version {version}, newer than this pwingest's ({}): \
             upgrade pwingest",
            SIDE_MIGRATIONS.len()
        )));
    }
    Ok(())
}

/// The `pwingest_*` schema version, `None` before the first migration;
/// refuses one newer than this binary's.
fn side_version(conn: &Connection) -> Result<Option<usize>> {
    let version = match conn
        .query_row("SELECT version FROM pwingest_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()
    {
        Ok(v) => v.map(|v| v as usize),
        Err(rusqlite::Error::SqliteFailure(_, Some(m))) if m.contains("no such table") => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(v) = version {
        check_side_version(v)?;
    }
    Ok(version)
}

/// Refuses a database whose Patchwork migrations are not the 3.2 set.
fn check_patchwork(conn: &Connection) -> Result<()> {
    let last: Option<String> = if has_table(conn, "django_migrations")? {
        conn.query_row(
            "SELECT max(name) FROM django_migrations WHERE app = 'patchwork'",
            [],
            |r| r.get(0),
        )?
    } else {
        None
    };
    match last.as_deref() {
        Some(PATCHWORK_MIGRATION) => Ok(()),
        found => Err(Error::config(format!(
            "the database's Patchwork migrations end at {}, but this pwingest writes \
             Patchwork 3.2's schema (patchwork migration {PATCHWORK_MIGRATION})",
            found.unwrap_or("(none)")
        ))),
    }
}

fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
        .exists([name])?)
}

fn has_user_tables(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?
        .exists([])?)
}
