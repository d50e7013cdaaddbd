//! The one failure type of pwingest and the one place that maps a failure to
//! what the outside world sees: a sysexits code for pipe delivery and an LMTP
//! reply for the server. Expected non-successes (dropped, duplicate, invalid
//! mail) are not errors: they are `ingest::Outcome` values.

use std::fmt;

/// What went wrong, as far as the caller needs to branch on it.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The store could not be used (I/O, locked past the busy timeout, full
    /// disk, a lost connection): retry later; see [`StoreError`].
    Store(StoreError),
    /// Reading input failed.
    Io(std::io::Error),
    /// Bad command-line usage.
    Usage(String),
    /// An input that does not exist, cannot be read or is empty.
    NoInput(String),
    /// Input that is not what it claims to be (corrupt compressed data).
    Data(String),
    /// Bad configuration (unknown project, invalid regex, bad database schema).
    Config(String),
    /// A message Patchwork refuses, reported as an error only under `--strict`.
    InvalidMail(String),
}

/// What kind of store failure it was, as far as a caller reacts to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreClass {
    /// Waited for another writer's lock past the timeout (SQLite
    /// `SQLITE_BUSY`; PostgreSQL 55P03 `lock_not_available`, 57014).
    Busy,
    /// The engine asks for the transaction to be run again: a
    /// serialization failure (40001) or a deadlock (40P01).
    Retry,
    /// A unique constraint refused a row (SQLite `SQLITE_CONSTRAINT_UNIQUE`,
    /// PostgreSQL 23505): another writer stored the same key first.
    Unique,
    /// A value the engine cannot hold: too long (22001), not valid in the
    /// encoding (22021, a NUL in text), untranslatable (22P05), too big.
    Refused,
    /// The connection is gone (PostgreSQL class 08, a closed socket).
    ConnectionLost,
    /// The database cannot be used as configured: authentication failed
    /// (class 28), it does not exist (3D000), a privilege is missing (42501).
    Config,
    /// Anything else (I/O, a full disk, a corrupt file, an SQL error).
    Other,
}

/// A failure of the database engine: which engine, its class and message.
#[derive(Debug)]
pub struct StoreError {
    /// `SQLite` or `PostgreSQL`.
    pub engine: &'static str,
    pub class: StoreClass,
    pub message: String,
}

impl StoreError {
    /// Whether running the whole transaction again may succeed:
    /// [`StoreClass::Retry`], and on PostgreSQL [`StoreClass::Unique`] too,
    /// as its manual advises for concurrent writers (there a writer outside
    /// pwingest's lock, such as Patchwork's `parsemail`, may have inserted
    /// the same key; on SQLite every writer holds the one write lock and
    /// reads under it, so a unique violation is no race).
    pub fn is_retryable(&self) -> bool {
        self.class == StoreClass::Retry
            || (self.class == StoreClass::Unique && self.engine == "PostgreSQL")
    }
}

/// A failure, boxed so that `Result<T, Error>` stays one word wide.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    pub fn usage(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage(msg.into()))
    }

    pub fn no_input(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::NoInput(msg.into()))
    }

    pub fn data(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Data(msg.into()))
    }

    pub fn config(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config(msg.into()))
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The sysexits(3) status a pipe target exits with. Postfix retries only
    /// on 75 (EX_TEMPFAIL) and 71, so every failure on our side maps to 75:
    /// a mail must never bounce because our store hiccupped
    /// (getpatchwork/patchwork#171).
    /// Reading input that turns out corrupt (a decompressor's
    /// `InvalidData`) is bad data, not trouble on our side.
    pub fn exit_code(&self) -> i32 {
        match self.kind() {
            ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => 65,
            ErrorKind::Store(e) if e.class == StoreClass::Config => 78,
            ErrorKind::Store(_) | ErrorKind::Io(_) => 75,
            ErrorKind::Usage(_) => 64,
            ErrorKind::NoInput(_) => 66,
            ErrorKind::Data(_) | ErrorKind::InvalidMail(_) => 65,
            ErrorKind::Config(_) => 78,
        }
    }

    /// The status of a delivery handed over by an MTA (stdin, `--format
    /// mail`): as [`Error::exit_code`], but a configuration problem (78)
    /// is 75 too, so that the MTA keeps the mail and retries it until the
    /// configuration is fixed instead of bouncing it to its sender.
    pub fn delivery_exit_code(&self) -> i32 {
        match self.exit_code() {
            78 => 75,
            code => code,
        }
    }

    /// The LMTP reply for a recipient whose delivery failed with this error.
    pub fn lmtp_reply(&self) -> &'static str {
        match self.kind() {
            ErrorKind::InvalidMail(_) => "554 5.6.0 Message refused",
            ErrorKind::Config(_) => "451 4.3.5 Server configuration problem",
            ErrorKind::Store(e) if e.class == StoreClass::Config => {
                "451 4.3.5 Server configuration problem"
            }
            _ => "451 4.3.0 Temporary failure, please retry",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::Store(e) => write!(f, "store unavailable ({}): {}", e.engine, e.message),
            ErrorKind::Io(e) => write!(f, "I/O error: {e}"),
            ErrorKind::Usage(m) => write!(f, "usage: {m}"),
            ErrorKind::NoInput(m) => write!(f, "no input: {m}"),
            ErrorKind::Data(m) => write!(f, "bad input: {m}"),
            ErrorKind::Config(m) => write!(f, "configuration: {m}"),
            ErrorKind::InvalidMail(m) => write!(f, "invalid mail: {m}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// A store failure of `engine`.
    pub fn store(engine: &'static str, class: StoreClass, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Store(StoreError {
            engine,
            class,
            message: message.into(),
        }))
    }

    /// The store failure this is, if it is one.
    pub fn store_error(&self) -> Option<&StoreError> {
        match self.kind() {
            ErrorKind::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_sysexits() {
        let busy = Error::store("SQLite", StoreClass::Busy, "database is locked");
        assert_eq!(busy.exit_code(), 75);
        let denied = Error::store(
            "PostgreSQL",
            StoreClass::Config,
            "password authentication failed",
        );
        assert_eq!(denied.exit_code(), 78);
        assert!(denied.lmtp_reply().starts_with("451 4.3.5"));
        assert!(busy.lmtp_reply().starts_with("451 4.3.0"));
        assert_eq!(Error::usage("x").exit_code(), 64);
        assert_eq!(Error::config("x").exit_code(), 78);
        assert_eq!(Error::no_input("x").exit_code(), 66);
        let corrupt =
            std::io::Error::new(std::io::ErrorKind::InvalidData, "corrupt deflate stream");
        assert_eq!(Error::from(corrupt).exit_code(), 65);
        assert_eq!(
            Error::new(ErrorKind::InvalidMail("x".into())).exit_code(),
            65
        );
    }
}
