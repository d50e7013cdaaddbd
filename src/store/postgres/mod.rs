//! The PostgreSQL engine (tokio-postgres on a runtime of its own, driven
//! from the caller's thread): a [`Conn`] that prepares each statement once
//! per connection (the most recent 256 kept, `statements.rs`; `?N`
//! rewritten to `$N` by `dialect.rs`), converts values at the boundary
//! (`values.rs`), runs the session in the site's time zone as Django does
//! with `USE_TZ = False`, and makes every write transaction take one
//! advisory lock so that pwingest's writers run one after another, as
//! SQLite's write lock makes them. Statements given to
//! [`Conn::execute_later`] are held and sent in one pipeline with the next
//! statement that waits for an answer, so a mail's writes cost no round
//! trip each. No queries here: they are `sql/`'s.

mod statements;
mod values;

use std::cell::RefCell;
use std::time::Duration;

use futures_util::{StreamExt, future};
use tokio::runtime::Runtime;
use tokio_postgres::{Client, Config, NoTls, Statement};

use self::statements::Lru;
use self::values::{Bind, Owned};
use super::conn::{Conn, RowRead, Value};
use super::dialect::Dialect;
use crate::error::{Error, Result, StoreClass};

/// The advisory lock key every pwingest write transaction takes
/// (`pg_advisory_xact_lock`): the bytes of "pwingest". The web app and
/// Patchwork's own `parsemail` do not take it.
pub const WRITER_LOCK: i64 = 0x7077_696e_6765_7374;

/// How long a connection attempt may take unless the connection string
/// says (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Statements held by [`Conn::execute_later`] before they are sent anyway
/// (a bound on what a long run of writes keeps in memory).
const HELD_AT_MOST: usize = 64;

/// A connection to a PostgreSQL database.
pub struct PgConn {
    config: Config,
    /// Dropped before the runtime that drives its connection.
    client: Client,
    /// A current-thread runtime: the connection's task runs while a call
    /// waits in `block_on`, on the caller's thread.
    runtime: Runtime,
    /// Prepared statements by their `?N` text (`statements.rs`).
    statements: RefCell<Lru<Statement>>,
    /// Statements given to `execute_later`, not yet sent.
    held: RefCell<Vec<(Statement, Vec<Owned>)>>,
}

impl PgConn {
    /// Connects to the database `conninfo` names (`postgresql://…` or
    /// libpq `key=value …`).
    ///
    /// Errors: a string that does not parse is a configuration error (exit
    /// 78), as are a failed authentication and an unknown database; a server
    /// that cannot be reached is a temporary failure (75).
    pub fn open(conninfo: &str) -> Result<PgConn> {
        let mut config: Config = conninfo
            .parse()
            .map_err(|e| Error::config(format!("--db: not a PostgreSQL connection string: {e}")))?;
        if config.get_application_name().is_none() {
            config.application_name("pwingest");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        PgConn::connect(config)
    }

    fn connect(config: Config) -> Result<PgConn> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (client, connection) = runtime.block_on(config.connect(NoTls))?;
        runtime.spawn(async move {
            // Its failure shows as the client's next error (closed).
            let _ = connection.await;
        });
        let conn = PgConn {
            config,
            client,
            runtime,
            statements: RefCell::new(Lru::new(statements::CAPACITY)),
            held: RefCell::new(Vec::new()),
        };
        // Django sets the session time zone to TIME_ZONE and writes naive
        // datetimes, which PostgreSQL reads as local time there. A lock
        // held by another writer is waited for as SQLite's busy timeout.
        conn.batch(&format!(
            "SET TIME ZONE '{}'; SET lock_timeout = {}",
            crate::site_time::time_zone().name(),
            super::conn::busy_timeout().as_millis()
        ))?;
        // Mail (raw, headers, diffs) is compressed with LZ4 where the
        // server has it (PostgreSQL 14 or later, built with lz4): several
        // times faster to write than the default pglz. Readers do not care.
        let _ = conn.batch("SET default_toast_compression = lz4");
        Ok(conn)
    }

    /// `sql` prepared (once per connection).
    fn statement(&self, sql: &str) -> Result<Statement> {
        let cached = self.statements.borrow_mut().get(sql);
        match cached {
            Some(s) => Ok(s),
            None => {
                let text = Dialect::Postgres.placeholders(sql);
                let s = self.pipelined(self.client.prepare(&text))?;
                self.statements.borrow_mut().insert(sql, s.clone());
                Ok(s)
            }
        }
    }

    /// Runs `op` (a request on `self.client`, not yet polled) after the held
    /// statements, all sent in one pipeline: the first held statement's
    /// failure, else `op`'s outcome.
    fn pipelined<T>(
        &self,
        op: impl Future<Output = std::result::Result<T, tokio_postgres::Error>>,
    ) -> Result<T> {
        let held = std::mem::take(&mut *self.held.borrow_mut());
        let sent = held.iter().map(|(statement, params)| {
            self.client
                .execute_raw(statement, params.iter().map(Owned::bind))
        });
        // `join` polls the held statements first: requests go out in order.
        let (earlier, result) = self
            .runtime
            .block_on(future::join(future::join_all(sent), op));
        for r in earlier {
            r?;
        }
        Ok(result?)
    }
}

fn binds<'a>(params: &[Value<'a>]) -> Vec<Bind<'a>> {
    params.iter().map(|&v| Bind(v)).collect()
}

/// SQLSTATEs in the engine-neutral classes.
fn class_of(e: &tokio_postgres::Error) -> StoreClass {
    if e.is_closed() {
        return StoreClass::ConnectionLost;
    }
    let Some(code) = e.code() else {
        // No SQLSTATE: the socket (refused, reset) or the protocol.
        return if std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()) {
            StoreClass::ConnectionLost
        } else {
            StoreClass::Other
        };
    };
    match code.code() {
        "40001" | "40P01" => StoreClass::Retry,
        "55P03" | "57014" => StoreClass::Busy,
        "23505" => StoreClass::Unique,
        "22001" | "22021" | "22P05" => StoreClass::Refused,
        "3D000" | "42501" => StoreClass::Config,
        c if c.starts_with("28") => StoreClass::Config,
        c if c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03") => {
            StoreClass::ConnectionLost
        }
        _ => StoreClass::Other,
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Error {
        let message = match e.as_db_error() {
            Some(db) => format!(
                "{} (SQLSTATE {}){}",
                db.message(),
                db.code().code(),
                db.detail().map(|d| format!(": {d}")).unwrap_or_default()
            ),
            // A client-side failure (a parameter that does not fit its
            // column): the cause is in the source.
            None => match std::error::Error::source(&e) {
                Some(cause) => format!("{e}: {cause}"),
                None => e.to_string(),
            },
        };
        Error::store("PostgreSQL", class_of(&e), message)
    }
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&self, sql: &str, params: &[Value<'_>]) -> Result<usize> {
        let statement = self.statement(sql)?;
        let changed = self.pipelined(self.client.execute_raw(&statement, binds(params)))?;
        Ok(changed as usize)
    }

    fn execute_later(&self, sql: &str, params: &[Value<'_>]) -> Result<()> {
        let statement = self.statement(sql)?;
        let full = {
            let mut held = self.held.borrow_mut();
            held.push((statement, params.iter().copied().map(Owned::of).collect()));
            held.len() >= HELD_AT_MOST
        };
        if full {
            self.pipelined(future::ready(Ok(())))?;
        }
        Ok(())
    }

    fn forget_later(&self) {
        self.held.borrow_mut().clear();
    }

    fn query(
        &self,
        sql: &str,
        params: &[Value<'_>],
        each: &mut dyn FnMut(&dyn RowRead) -> Result<()>,
    ) -> Result<()> {
        let statement = self.statement(sql)?;
        let rows = self.pipelined(self.client.query_raw(&statement, binds(params)))?;
        let mut rows = std::pin::pin!(rows);
        while let Some(row) = self.runtime.block_on(rows.next()) {
            each(&row?)?;
        }
        Ok(())
    }

    fn insert(&self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        let mut id = None;
        self.query(sql, params, &mut |r| {
            id = r.int(0)?;
            Ok(())
        })?;
        id.ok_or_else(|| Error::store("PostgreSQL", StoreClass::Other, "INSERT returned no id"))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.pipelined(self.client.batch_execute(sql))
    }

    fn begin(&self) -> Result<()> {
        // Django declares every foreign key DEFERRABLE INITIALLY DEFERRED:
        // checked per statement here, a dangling id fails the message that
        // wrote it (inside its savepoint), not the whole batch at COMMIT.
        // The advisory lock serialises pwingest's writers
        // (store-anchors.md §2.3); it goes with the transaction.
        self.batch(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SET CONSTRAINTS ALL IMMEDIATE; \
             SELECT pg_advisory_xact_lock({WRITER_LOCK})"
        ))
    }

    fn commit(&self) -> Result<()> {
        // COMMIT of a transaction a failed statement aborted answers
        // ROLLBACK without an error; the SELECT fails there instead, so a
        // batch is never reported stored when it was not.
        self.batch("SELECT 1; COMMIT")
    }

    fn rollback(&self) -> Result<()> {
        // What the transaction holds unsent goes with it. Outside a
        // transaction PostgreSQL only warns.
        self.forget_later();
        self.batch("ROLLBACK")
    }

    fn reopen(&self) -> Result<Option<PgConn>> {
        PgConn::connect(self.config.clone()).map(Some)
    }

    fn defer_checkpoints(&self) -> Result<()> {
        // The server checkpoints on its own.
        Ok(())
    }

    fn checkpoint(&self) -> Result<()> {
        Ok(())
    }

    fn set_synchronous(&self, _level: &str) -> Result<()> {
        // A commit is durable when the server's synchronous_commit is on
        // (its default), which pwingest never turns off.
        Ok(())
    }
}
