//! The engine picked at run time: [`AnyConn`] forwards the [`Conn`]
//! interface to the engine a [`Location`] names, so the one SQL store,
//! [`Database`], serves every command on every engine (one match per
//! statement, nothing else; the queries stay in `sql/`).

use super::conn::{Conn, RowRead, Value};
use super::dialect::Dialect;
use super::location::Location;
use super::postgres::PgConn;
use super::sql::SqlStore;
use super::sqlite::SqliteConn;
use crate::error::Result;

/// A connection to whichever engine `--db` names.
pub enum AnyConn {
    Sqlite(SqliteConn),
    /// Boxed: a client with its configuration and statement cache is
    /// several times a SQLite connection's size.
    Postgres(Box<PgConn>),
}

/// The store every command uses: Patchwork's tables and pwingest's, on the
/// engine `--db` names.
pub type Database = SqlStore<AnyConn>;

impl SqlStore<AnyConn> {
    /// Opens the database at `location`, creating or upgrading pwingest's
    /// tables (and Patchwork's, in a new database) as needed.
    ///
    /// Errors: exit 78 for a database that is another Patchwork's or a newer
    /// pwingest's; 75 when the engine cannot be reached.
    pub fn open(location: &Location) -> Result<Database> {
        match location {
            Location::Sqlite(path) => SqlStore::new(AnyConn::Sqlite(SqliteConn::open(path)?)),
            Location::Postgres(conninfo) => {
                SqlStore::new(AnyConn::Postgres(Box::new(PgConn::open(conninfo)?)))
            }
        }
    }

    /// As [`Database::open`], for commands that only read what deliveries
    /// stored: a SQLite file that does not exist is exit 66 naming it,
    /// instead of a new empty database that would answer "nothing" (a
    /// mistyped `--db`).
    pub fn open_existing(location: &Location) -> Result<Database> {
        if let Location::Sqlite(path) = location
            && !path.exists()
        {
            return Err(crate::error::Error::no_input(format!(
                "no database at {} (a delivery or `pwingest project add` creates it; --db or \
                 PWINGEST_DB names another)",
                path.display()
            )));
        }
        Database::open(location)
    }

    /// A private in-memory SQLite database (`--dry-run`, order checks, tests).
    pub fn in_memory() -> Result<Database> {
        SqlStore::new(AnyConn::Sqlite(SqliteConn::in_memory()?))
    }
}

macro_rules! each_engine {
    ($self:expr, $c:ident => $e:expr) => {
        match $self {
            AnyConn::Sqlite($c) => $e,
            AnyConn::Postgres($c) => $e,
        }
    };
}

impl Conn for AnyConn {
    fn dialect(&self) -> Dialect {
        each_engine!(self, c => c.dialect())
    }

    fn execute(&self, sql: &str, params: &[Value<'_>]) -> Result<usize> {
        each_engine!(self, c => c.execute(sql, params))
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value<'_>],
        each: &mut dyn FnMut(&dyn RowRead) -> Result<()>,
    ) -> Result<()> {
        each_engine!(self, c => c.query(sql, params, each))
    }

    fn insert(&self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        each_engine!(self, c => c.insert(sql, params))
    }

    fn execute_later(&self, sql: &str, params: &[Value<'_>]) -> Result<()> {
        each_engine!(self, c => c.execute_later(sql, params))
    }

    fn forget_later(&self) {
        each_engine!(self, c => c.forget_later())
    }

    fn batch(&self, sql: &str) -> Result<()> {
        each_engine!(self, c => c.batch(sql))
    }

    fn begin(&self) -> Result<()> {
        each_engine!(self, c => c.begin())
    }

    fn commit(&self) -> Result<()> {
        each_engine!(self, c => c.commit())
    }

    fn rollback(&self) -> Result<()> {
        each_engine!(self, c => c.rollback())
    }

    fn reopen(&self) -> Result<Option<AnyConn>> {
        match self {
            AnyConn::Sqlite(c) => Ok(c.reopen()?.map(AnyConn::Sqlite)),
            AnyConn::Postgres(c) => Ok(c.reopen()?.map(|c| AnyConn::Postgres(Box::new(c)))),
        }
    }

    fn defer_checkpoints(&self) -> Result<()> {
        each_engine!(self, c => c.defer_checkpoints())
    }

    fn checkpoint(&self) -> Result<()> {
        each_engine!(self, c => c.checkpoint())
    }

    fn set_synchronous(&self, level: &str) -> Result<()> {
        each_engine!(self, c => c.set_synchronous(level))
    }
}
