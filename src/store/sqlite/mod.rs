//! The SQLite store (rusqlite, bundled SQLite): schema migrations, WAL, a
//! busy timeout so concurrent pipe deliveries wait for each other instead of
//! failing, and the statements behind the store traits: [`Ledger`] here,
//! the others in `records.rs`, `threads.rs` and `catalog.rs`. Every
//! statement is prepared once per connection (`prepare_cached`).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};

mod catalog;
mod records;
mod threads;

use super::rows::*;
use super::{FailedMessage, Ledger};
use crate::error::{Error, Result};
use crate::model::{Person, Project};

/// Schema migrations, applied in order; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[include_str!("../schema.sql"), super::settings::MIGRATION];

/// How long a writer waits for another process's transaction before the
/// delivery is given up as a temporary failure (exit 75 / LMTP 451);
/// `PWINGEST_BUSY_TIMEOUT_MS` overrides it.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) fn busy_timeout() -> Duration {
    std::env::var("PWINGEST_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_millis)
}

/// A SQLite database file holding pwingest's records.
pub struct SqliteStore {
    pub(super) conn: Connection,
}

impl SqliteStore {
    /// Opens (creating and migrating when needed) the database at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// A private in-memory database (tests, `--dry-run`).
    pub fn in_memory() -> Result<SqliteStore> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(busy_timeout())?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        // With WAL, NORMAL loses no committed transaction on a process
        // crash; FULL also survives power loss. Ack only after commit.
        conn.pragma_update(None, "synchronous", "full")?;
        conn.pragma_update(None, "foreign_keys", "on")?;
        // 8 MiB: an import batch (2 MiB of mail, about twice that in pages)
        // fits without spilling into the WAL mid-transaction. Twice as much
        // was no faster on a real archive and cost 10 MiB of peak RSS.
        conn.pragma_update(None, "cache_size", -8192)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        // An archive import defers checkpoints to its reporter thread and
        // can leave a log as large as the database; the next writer that
        // restarts the log cuts it back to this size.
        conn.pragma_update(None, "journal_size_limit", 64 << 20)?;
        // Savepoint sub-journals (one per message) in memory, not a temp file.
        conn.pragma_update(None, "temp_store", "memory")?;
        // The last connection to close checkpoints the WAL and deletes it
        // (SQLite's default, kept on purpose). A process that opens a
        // database nobody else has open must rebuild the WAL index by
        // reading the whole log: with the log left behind, every pipe
        // delivery re-read (and re-checkpointed) up to 40 MB, 15-25 ms;
        // the close-time checkpoint of one delivery costs two fsyncs.
        // Query-planner stability: without it, a bound parameter compared
        // while the planner weighs the partial index `messages_result`
        // (and STAT4, compiled into the bundled SQLite) marks the statement
        // to be re-prepared at every new binding; the profile of an archive
        // import showed 13% of the writer in sqlite3Reprepare.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?
            as usize;
        if version > MIGRATIONS.len() {
            return Err(Error::config(format!(
                "database schema version {version} is newer than this pwingest ({})",
                MIGRATIONS.len()
            )));
        }
        if version == MIGRATIONS.len() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let version = tx.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Durability level: `full` (fsync every commit) or `normal`.
    pub fn set_synchronous(&self, level: &str) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    pub(super) fn ids(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<i64>> {
        self.rows(sql, params, |r| r.get(0))
    }

    pub(super) fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, map)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(params, map).optional()?)
    }
}

impl Ledger for SqliteStore {
    fn begin(&mut self) -> Result<()> {
        // IMMEDIATE takes the write lock now, so a concurrent writer waits
        // here (busy timeout) rather than failing half-way through.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    fn savepoint(&mut self) -> Result<()> {
        self.conn.prepare_cached("SAVEPOINT message")?.execute([])?;
        Ok(())
    }

    fn release(&mut self) -> Result<()> {
        self.conn.prepare_cached("RELEASE message")?.execute([])?;
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.conn
            .execute_batch("ROLLBACK TO message; RELEASE message")?;
        Ok(())
    }

    fn another_connection(&self) -> Result<Option<SqliteStore>> {
        match self.conn.path() {
            Some(path) if !path.is_empty() => Ok(Some(SqliteStore::open(Path::new(path))?)),
            _ => Ok(None),
        }
    }

    fn defer_checkpoints(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<()> {
        // (busy, log frames, frames checkpointed): a busy database is no
        // error, the next checkpoint catches up.
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn projects(&self) -> Result<Vec<Project>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, link_name, name, list_id, list_email, subject_match, web_url, scm_url, webscm_url, \
             list_archive_url, list_archive_url_format, commit_url_format FROM projects ORDER BY id",
        )?;
        let rows = stmt.query_map([], project_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_project(&mut self, p: &Project) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO projects (link_name, name, list_id, list_email, subject_match, web_url, scm_url, \
                 webscm_url, list_archive_url, list_archive_url_format, commit_url_format) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                p.link_name,
                p.name,
                p.list_id,
                p.list_email,
                p.subject_match,
                p.web_url,
                p.scm_url,
                p.webscm_url,
                p.list_archive_url,
                p.list_archive_url_format,
                p.commit_url_format
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn person_by_email(&self, email: &str) -> Result<Option<Person>> {
        self.row(
            "SELECT id, name, email FROM people WHERE email_key = ?1",
            [email.to_lowercase()],
            person_from,
        )
    }

    fn add_person(&mut self, name: Option<&str>, email: &str) -> Result<i64> {
        self.conn
            .prepare_cached("INSERT INTO people (name, email, email_key) VALUES (?1, ?2, ?3)")?
            .execute(params![name, email, email.to_lowercase()])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn rename_person(&mut self, id: i64, name: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE people SET name = ?2 WHERE id = ?1")?
            .execute(params![id, name])?;
        Ok(())
    }

    fn add_message(
        &mut self,
        raw: &[u8],
        msgid: Option<&str>,
        forced_list_id: Option<&str>,
    ) -> Result<i64> {
        let now = date_to_sql(chrono::Utc::now().naive_utc());
        self.conn
            .prepare_cached(
                "INSERT INTO messages (received_at, msgid, result, forced_list_id) VALUES (?1, ?2, 'new', ?3)",
            )?
            .execute(params![now, msgid, forced_list_id])?;
        let id = self.conn.last_insert_rowid();
        self.conn
            .prepare_cached("INSERT INTO message_raw (message_id, raw) VALUES (?1, ?2)")?
            .execute(params![id, raw])?;
        Ok(id)
    }

    fn set_message_result(&mut self, id: i64, result: &str, reason: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE messages SET result = ?2, reason = ?3 WHERE id = ?1")?
            .execute(params![id, result, reason])?;
        Ok(())
    }

    fn delete_message(&mut self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM messages WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn failed_messages(&self) -> Result<Vec<FailedMessage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, received_at, msgid, reason, forced_list_id FROM messages WHERE result = 'error' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FailedMessage {
                id: r.get(0)?,
                received_at: r.get(1)?,
                msgid: r.get(2)?,
                reason: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                forced_list_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT raw FROM message_raw WHERE message_id = ?1")?;
        Ok(stmt.query_row([id], |r| r.get(0)).optional()?)
    }
}
