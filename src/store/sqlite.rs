//! The SQLite engine (rusqlite, bundled SQLite): a [`Conn`] with WAL, a
//! busy timeout so concurrent pipe deliveries wait for each other instead
//! of failing, `BEGIN IMMEDIATE`, checkpoints, and statements prepared once
//! per connection. No queries here: they are `sql/`'s.

use std::path::Path;
use std::sync::OnceLock;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ToSql};

use super::conn::{Conn, RowRead, Value, busy_timeout};
use super::dialect::Dialect;
use super::sql::SqlStore;
use crate::error::{Result, StoreClass};

/// The store on a SQLite database.
pub type SqliteStore = SqlStore<SqliteConn>;

/// A connection to a SQLite database file (or a private in-memory one).
pub struct SqliteConn {
    conn: Connection,
}

impl SqlStore<SqliteConn> {
    /// Opens (creating or upgrading pwingest's tables when needed) the
    /// database at `path`; refuses one that is not Patchwork 3.2's (exit 78).
    pub fn open(path: &Path) -> Result<SqliteStore> {
        SqlStore::new(SqliteConn::open(path)?)
    }

    /// A private in-memory database; see [`SqliteConn::in_memory`].
    pub fn in_memory() -> Result<SqliteStore> {
        SqlStore::new(SqliteConn::in_memory()?)
    }
}

impl SqliteConn {
    /// A connection to the database file at `path` (created when missing).
    pub fn open(path: &Path) -> Result<SqliteConn> {
        SqliteConn::setup(Connection::open(path)?)
    }

    /// A private in-memory database holding Patchwork's tables and
    /// pwingest's, copied from one made once per process: loading the
    /// schema costs tens of milliseconds, copying it a few microseconds.
    pub fn in_memory() -> Result<SqliteConn> {
        static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
        let template = match TEMPLATE.get() {
            Some(t) => t,
            None => {
                let made = SqlStore::new(SqliteConn::setup(Connection::open_in_memory()?)?)?;
                let mut conn = made.into_conn().conn;
                let bytes = conn.serialize(rusqlite::MAIN_DB)?.to_vec();
                TEMPLATE.get_or_init(|| bytes)
            }
        };
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &template[..], template.len(), false)?;
        SqliteConn::setup(conn)
    }

    fn setup(conn: Connection) -> Result<SqliteConn> {
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
        Ok(SqliteConn { conn })
    }
}

/// SQLite's error codes in the engine-neutral classes.
impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> crate::error::Error {
        use rusqlite::ffi::ErrorCode;
        let class = match e.sqlite_error() {
            Some(f) => match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreClass::Busy,
                ErrorCode::TooBig => StoreClass::Refused,
                ErrorCode::ConstraintViolation
                    if matches!(
                        f.extended_code,
                        rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                            | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                    ) =>
                {
                    StoreClass::Unique
                }
                _ => StoreClass::Other,
            },
            None => StoreClass::Other,
        };
        crate::error::Error::store("SQLite", class, e.to_string())
    }
}

/// A parameter as rusqlite binds it.
struct Bind<'a>(Value<'a>);

impl ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ToSqlOutput::Borrowed;
        Ok(match self.0 {
            Value::Null => Borrowed(ValueRef::Null),
            Value::Int(v) => Borrowed(ValueRef::Integer(v)),
            Value::Bool(v) => Borrowed(ValueRef::Integer(v.into())),
            Value::Text(v) => Borrowed(ValueRef::Text(v.as_bytes())),
            Value::Blob(v) => Borrowed(ValueRef::Blob(v)),
        })
    }
}

fn binds<'a>(params: &[Value<'a>]) -> Vec<Bind<'a>> {
    params.iter().map(|&v| Bind(v)).collect()
}

impl RowRead for rusqlite::Row<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.get(i)?)
    }

    fn text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.get(i)?)
    }

    fn blob(&self, i: usize) -> Result<Option<Vec<u8>>> {
        Ok(self.get(i)?)
    }
}

impl Conn for SqliteConn {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&self, sql: &str, params: &[Value<'_>]) -> Result<usize> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(binds(params)))?)
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value<'_>],
        each: &mut dyn FnMut(&dyn RowRead) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(binds(params)))?;
        while let Some(row) = rows.next()? {
            each(row)?;
        }
        Ok(())
    }

    fn insert(&self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(rusqlite::params_from_iter(binds(params)), |r| r.get(0))?)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn begin(&self) -> Result<()> {
        // IMMEDIATE takes the write lock now, so a concurrent writer waits
        // here (busy timeout) rather than failing half-way through.
        self.batch("BEGIN IMMEDIATE")
    }

    fn commit(&self) -> Result<()> {
        self.batch("COMMIT")
    }

    fn rollback(&self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.batch("ROLLBACK")?;
        }
        Ok(())
    }

    fn reopen(&self) -> Result<Option<SqliteConn>> {
        match self.conn.path() {
            Some(path) if !path.is_empty() => {
                Ok(Some(SqliteConn::setup(Connection::open(Path::new(path))?)?))
            }
            _ => Ok(None),
        }
    }

    fn defer_checkpoints(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    fn checkpoint(&self) -> Result<()> {
        // (busy, log frames, frames checkpointed): a busy database is no
        // error, the next checkpoint catches up.
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn set_synchronous(&self, level: &str) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn busy_is_a_temporary_failure() {
        let busy = crate::error::Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ));
        assert_eq!(busy.exit_code(), 75);
        assert_eq!(
            busy.store_error().map(|e| e.class),
            Some(crate::error::StoreClass::Busy)
        );
    }
}
