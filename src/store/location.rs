//! Where the store lives, from `--db` / `PWINGEST_DB`: a SQLite file path
//! (also `sqlite:PATH` / `sqlite://PATH`), or a PostgreSQL connection
//! string (`postgresql://…`, `postgres://…`, or libpq's `key=value …`
//! form). An unknown `scheme://` is a usage error rather than the name of
//! a new SQLite file (a typo must not create a stray database).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::Error;

/// A database location; which engine follows from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database file (created on first use).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string, as given (URL or `key=value` form).
    Postgres(String),
}

/// libpq keywords that mark a `key=value` connection string.
const LIBPQ_KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "application_name",
    "connect_timeout",
    "options",
    "passfile",
    "service",
];

fn is_libpq_keywords(s: &str) -> bool {
    s.split_whitespace().next().is_some_and(|first| {
        first
            .split_once('=')
            .is_some_and(|(k, _)| LIBPQ_KEYS.contains(&k.trim()))
    })
}

impl FromStr for Location {
    type Err = Error;

    fn from_str(s: &str) -> Result<Location, Error> {
        if s.is_empty() {
            return Err(Error::usage("--db is empty"));
        }
        if s.starts_with("postgresql://") || s.starts_with("postgres://") || is_libpq_keywords(s) {
            return Ok(Location::Postgres(s.to_string()));
        }
        if let Some(path) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = s.split_once("://")
            && !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            return Err(Error::usage(format!(
                "--db {s}: unknown database scheme `{scheme}://` (a file path, sqlite:PATH, \
                 postgresql://… or libpq key=value)"
            )));
        }
        Ok(Location::Sqlite(PathBuf::from(s)))
    }
}

impl fmt::Display for Location {
    /// The location for messages; a PostgreSQL password is not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "{}", p.display()),
            Location::Postgres(s) => f.write_str(&redact_password(s)),
        }
    }
}

/// `s` with the password of a URL (`user:PASS@`) or of a `password=`
/// keyword replaced by `***`.
fn redact_password(s: &str) -> String {
    if let Some((scheme, rest)) = s.split_once("://") {
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@')
            && let Some(colon) = rest[..at].find(':')
        {
            return format!("{scheme}://{}:***{}", &rest[..colon], &rest[at..]);
        }
        return s.to_string();
    }
    s.split_whitespace()
        .map(|kv| match kv.split_once('=') {
            Some(("password", _)) => "password=***".to_string(),
            _ => kv.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(s: &str) -> Location {
        s.parse().unwrap()
    }

    #[test]
    fn paths_are_sqlite() {
        assert_eq!(loc("pw.db"), Location::Sqlite("pw.db".into()));
        assert_eq!(
            loc("/var/lib/x.db"),
            Location::Sqlite("/var/lib/x.db".into())
        );
        assert_eq!(loc("sqlite:pw.db"), Location::Sqlite("pw.db".into()));
        assert_eq!(
            loc("sqlite:///abs/pw.db"),
            Location::Sqlite("/abs/pw.db".into())
        );
        assert_eq!(loc("a=b.db"), Location::Sqlite("a=b.db".into()));
    }

    #[test]
    fn connection_strings_are_postgres() {
        for s in [
            "postgresql://pw@localhost:5432/patchwork",
            "postgres://pw@db/patchwork",
            "host=/run/postgresql dbname=patchwork",
            "dbname=patchwork",
        ] {
            assert_eq!(loc(s), Location::Postgres(s.into()));
        }
    }

    #[test]
    fn unknown_schemes_are_refused() {
        let e = "mysql://pw@db/patchwork".parse::<Location>().unwrap_err();
        assert_eq!(e.exit_code(), 64);
        assert!("".parse::<Location>().is_err());
    }

    #[test]
    fn passwords_are_not_displayed() {
        assert_eq!(
            loc("postgresql://pw:secret@db:5432/patchwork").to_string(),
            "postgresql://pw:***@db:5432/patchwork"
        );
        assert_eq!(
            loc("host=db password=secret dbname=pw").to_string(),
            "host=db password=*** dbname=pw"
        );
        assert_eq!(loc("postgres://pw@db/x").to_string(), "postgres://pw@db/x");
    }
}
