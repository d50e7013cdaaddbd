//! The SQLite store (rusqlite, bundled SQLite): Patchwork's tables and
//! pwingest's (`schema/`), WAL, a busy timeout so concurrent pipe
//! deliveries wait for each other instead of failing, and the statements
//! behind the store traits: [`Ledger`] here, the others in `records.rs`,
//! `comments.rs`, `threads.rs` and `catalog.rs`; events and tag counts in
//! `signals.rs`. Every statement is prepared once per connection.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};

mod adopt;
mod catalog;
mod comments;
mod reads;
mod records;
mod signals;
mod threads;

use super::dialect::Dialect;
use super::rows::*;
use super::{FailedMessage, Ledger, NewEvent};
use crate::error::Result;
use crate::model::{Person, Project};

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

/// A SQLite database file holding Patchwork's records and pwingest's.
pub struct SqliteStore {
    pub(super) conn: Connection,
    /// Events of the message in progress, written at `release`.
    events: Vec<NewEvent>,
    /// The site's tags `(id, pattern)`, read once per connection.
    tags: Option<Vec<(i64, String)>>,
}

const DIALECT: Dialect = Dialect::Sqlite;

impl SqliteStore {
    /// Opens (creating or upgrading pwingest's tables when needed) the
    /// database at `path`; refuses one that is not Patchwork 3.2's (exit 78).
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// A private in-memory database (tests, `--dry-run`, order checks),
    /// copied from one made once per process: loading Patchwork's schema
    /// costs tens of milliseconds, copying it a few microseconds.
    pub fn in_memory() -> Result<SqliteStore> {
        static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
        let template = match TEMPLATE.get() {
            Some(t) => t,
            None => {
                let mut conn = Connection::open_in_memory()?;
                super::schema::prepare(&mut conn, &date_to_sql(crate::site_time::now()))?;
                let bytes = conn.serialize(rusqlite::MAIN_DB)?.to_vec();
                TEMPLATE.get_or_init(|| bytes)
            }
        };
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &template[..], template.len(), false)?;
        Self::setup(conn)
    }

    fn setup(mut conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(busy_timeout())?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        // With WAL, NORMAL loses no committed transaction on a process
        // crash; FULL also survives power loss. Ack only after commit.
        conn.pragma_update(None, "synchronous", "full")?;
        conn.pragma_update(None, "foreign_keys", "on")?;
        // 8 MiB: an import batch (2 MiB of mail, about twice that in pages)
        // fits without spilling into the WAL mid-transaction.
        conn.pragma_update(None, "cache_size", -8192)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        // An archive import defers checkpoints to its reporter thread and
        // can leave a log as large as the database; the next writer that
        // restarts the log cuts it back to this size.
        conn.pragma_update(None, "journal_size_limit", 64 << 20)?;
        // Savepoint sub-journals (one per message) in memory, not a temp file.
        conn.pragma_update(None, "temp_store", "memory")?;
        // Query-planner stability: without it a bound parameter compared
        // while the planner weighs a partial index marks the statement to
        // be re-prepared at every new binding (13% of an import's writer).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        conn.set_prepared_statement_cache_capacity(96);
        super::schema::prepare(&mut conn, &date_to_sql(crate::site_time::now()))?;
        Ok(SqliteStore {
            conn,
            events: Vec::new(),
            tags: None,
        })
    }

    /// Durability level: `full` (fsync every commit) or `normal`.
    pub fn set_synchronous(&self, level: &str) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    pub(super) fn exec(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        Ok(self.conn.prepare_cached(sql)?.execute(params)?)
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
        self.adopt()?;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) -> Result<()> {
        self.events.clear();
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    fn savepoint(&mut self) -> Result<()> {
        self.events.clear();
        self.conn.prepare_cached("SAVEPOINT message")?.execute([])?;
        Ok(())
    }

    fn release(&mut self) -> Result<()> {
        self.write_events()?;
        self.conn.prepare_cached("RELEASE message")?.execute([])?;
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.events.clear();
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
        self.rows(
            &format!("SELECT {PROJECT_COLUMNS} FROM patchwork_project ORDER BY id"),
            [],
            project_from,
        )
    }

    fn add_project(&mut self, p: &Project) -> Result<i64> {
        // Patchwork's model defaults: no notifications, tags counted.
        self.exec(
            "INSERT INTO patchwork_project (linkname, name, listid, listemail, subject_match, web_url, scm_url, \
             webscm_url, list_archive_url, list_archive_url_format, commit_url_format, send_notifications, \
             use_tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, 1)",
            params![
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
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn person_by_email(&self, email: &str) -> Result<Option<Person>> {
        // The unique index answers the usual exact match; only a new
        // address (or another spelling of one) scans for `iexact`.
        let exact = self.row(
            "SELECT id, name, email FROM patchwork_person WHERE email = ?1",
            [email],
            person_from,
        )?;
        if exact.is_some() {
            return Ok(exact);
        }
        self.row(
            &format!(
                "SELECT id, name, email FROM patchwork_person WHERE {} ORDER BY id LIMIT 1",
                DIALECT.iexact("email", "?1")
            ),
            [email],
            person_from,
        )
    }

    fn add_person(&mut self, name: Option<&str>, email: &str) -> Result<i64> {
        self.exec(
            "INSERT INTO patchwork_person (email, name, user_id) VALUES (?1, ?2, NULL)",
            params![email, name],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn rename_person(&mut self, id: i64, name: &str) -> Result<()> {
        self.exec(
            "UPDATE patchwork_person SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        Ok(())
    }

    fn user_by_email(&self, email: &str) -> Result<Option<i64>> {
        self.row(
            &format!(
                "SELECT id FROM auth_user WHERE {} ORDER BY id LIMIT 1",
                DIALECT.iexact("email", "?1")
            ),
            [email],
            |r| r.get(0),
        )
    }

    fn delegation_rules(&self, project_id: i64) -> Result<Vec<(String, i64)>> {
        self.rows(
            "SELECT path, user_id FROM patchwork_delegationrule WHERE project_id = ?1 \
             ORDER BY priority DESC, path",
            [project_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    fn add_event(&mut self, event: NewEvent) -> Result<()> {
        self.events.push(event);
        Ok(())
    }

    fn add_message(
        &mut self,
        raw: &[u8],
        msgid: Option<&str>,
        forced_list_id: Option<&str>,
    ) -> Result<i64> {
        let now = date_to_sql(crate::site_time::now());
        self.exec(
            "INSERT INTO pwingest_message (received_at, msgid, result, forced_list_id) VALUES (?1, ?2, 'new', ?3)",
            params![now, msgid, forced_list_id],
        )?;
        let id = self.conn.last_insert_rowid();
        self.exec(
            "INSERT INTO pwingest_message_raw (message_id, raw) VALUES (?1, ?2)",
            params![id, raw],
        )?;
        Ok(id)
    }

    fn set_message_result(&mut self, id: i64, result: &str, reason: Option<&str>) -> Result<()> {
        self.exec(
            "UPDATE pwingest_message SET result = ?2, reason = ?3 WHERE id = ?1",
            params![id, result, reason],
        )?;
        Ok(())
    }

    fn delete_message(&mut self, id: i64) -> Result<()> {
        self.exec("DELETE FROM pwingest_message WHERE id = ?1", [id])?;
        Ok(())
    }

    fn failed_messages(&self) -> Result<Vec<FailedMessage>> {
        self.rows(
            "SELECT id, received_at, msgid, reason, forced_list_id FROM pwingest_message \
             WHERE result = 'error' ORDER BY id",
            [],
            |r| {
                Ok(FailedMessage {
                    id: r.get(0)?,
                    received_at: r.get(1)?,
                    msgid: r.get(2)?,
                    reason: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    forced_list_id: r.get(4)?,
                })
            },
        )
    }

    fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.row(
            "SELECT raw FROM pwingest_message_raw WHERE message_id = ?1",
            [id],
            |r| r.get(0),
        )
    }
}
