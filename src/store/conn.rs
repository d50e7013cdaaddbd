//! The small engine interface the one SQL store is written against
//! (`../shared/store-anchors.md` §2.1): an engine module implements
//! [`Conn`] (statements with `?N` parameters, rows read through
//! [`RowRead`], transactions) and nothing else; every query lives in
//! `sql/`, every dialect decision in `dialect.rs`.

use std::time::Duration;

use crate::error::Result;

use super::dialect::Dialect;

/// How long a writer waits for another process's transaction (SQLite's
/// busy timeout, PostgreSQL's `lock_timeout`) before the delivery is given
/// up as a temporary failure (exit 75 / LMTP 451).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// [`BUSY_TIMEOUT`], or `PWINGEST_BUSY_TIMEOUT_MS` when set.
pub fn busy_timeout() -> Duration {
    std::env::var("PWINGEST_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_millis)
}

/// A statement parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Bool(bool),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be a statement parameter (borrowed for the statement).
pub trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for i64 {
    fn to_value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

impl ToValue for u32 {
    fn to_value(&self) -> Value<'_> {
        Value::Int((*self).into())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// `vals![a, b, …]`: statement parameters, in `?1`, `?2`, … order,
/// borrowed for the statement.
#[macro_export]
macro_rules! vals {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::conn::ToValue::to_value(&$v)),*][..]
    };
}

/// One result row, read by column index.
pub trait RowRead {
    fn int(&self, i: usize) -> Result<Option<i64>>;
    fn text(&self, i: usize) -> Result<Option<String>>;
    fn blob(&self, i: usize) -> Result<Option<Vec<u8>>>;
}

/// A column value a row mapper can ask for.
pub trait FromColumn: Sized {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self>;
}

impl dyn RowRead + '_ {
    /// Column `i` as `T`; a NULL where `T` is not an `Option` is an error.
    pub fn get<T: FromColumn>(&self, i: usize) -> Result<T> {
        T::read(self, i)
    }
}

fn null(i: usize) -> crate::error::Error {
    crate::error::Error::config(format!("unexpected NULL in result column {i}"))
}

impl FromColumn for Option<i64> {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.int(i)
    }
}

impl FromColumn for i64 {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.int(i)?.ok_or_else(|| null(i))
    }
}

impl FromColumn for Option<bool> {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        Ok(row.int(i)?.map(|v| v != 0))
    }
}

impl FromColumn for bool {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        Ok(row.int(i)?.ok_or_else(|| null(i))? != 0)
    }
}

impl FromColumn for Option<String> {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.text(i)
    }
}

impl FromColumn for String {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.text(i)?.ok_or_else(|| null(i))
    }
}

impl FromColumn for Option<Vec<u8>> {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.blob(i)
    }
}

impl FromColumn for Vec<u8> {
    fn read(row: &dyn RowRead, i: usize) -> Result<Self> {
        row.blob(i)?.ok_or_else(|| null(i))
    }
}

/// A connection to one database engine.
pub trait Conn {
    fn dialect(&self) -> Dialect;
    /// Runs a statement (prepared once and cached); rows changed.
    fn execute(&self, sql: &str, params: &[Value<'_>]) -> Result<usize>;
    /// Runs a query, handing each row to `each`.
    fn query(
        &self,
        sql: &str,
        params: &[Value<'_>],
        each: &mut dyn FnMut(&dyn RowRead) -> Result<()>,
    ) -> Result<()>;
    /// Runs a statement whose outcome only matters if it fails: an engine
    /// across a socket may send it with the statements that follow instead
    /// of waiting for its answer (PostgreSQL pipelines it), and its failure
    /// is then the error of the next call that waits ([`Conn::execute`],
    /// [`Conn::query`], [`Conn::insert`], [`Conn::batch`], [`Conn::commit`]).
    /// By default it runs at once.
    fn execute_later(&self, sql: &str, params: &[Value<'_>]) -> Result<()> {
        self.execute(sql, params).map(|_| ())
    }
    /// Drops what [`Conn::execute_later`] holds unsent (its transaction or
    /// savepoint is being rolled back).
    fn forget_later(&self) {}
    /// Runs an `INSERT … RETURNING id` and gives the id.
    fn insert(&self, sql: &str, params: &[Value<'_>]) -> Result<i64>;
    /// Runs statements without parameters (DDL, transaction control).
    fn batch(&self, sql: &str) -> Result<()>;
    /// Takes the database's write lock for a transaction (SQLite:
    /// `BEGIN IMMEDIATE`).
    fn begin(&self) -> Result<()>;
    fn commit(&self) -> Result<()>;
    /// Rolls back the open transaction, if any.
    fn rollback(&self) -> Result<()>;
    /// Another connection to the same database, `None` when it cannot be
    /// shared (in memory).
    fn reopen(&self) -> Result<Option<Self>>
    where
        Self: Sized;
    /// Leaves moving committed writes into the database file to another
    /// connection's [`Conn::checkpoint`] (no-op where the engine does it).
    fn defer_checkpoints(&self) -> Result<()>;
    fn checkpoint(&self) -> Result<()>;
    /// Durability of a commit: `full` or `normal`.
    fn set_synchronous(&self, level: &str) -> Result<()>;
}
