//! What differs between SQL engines, in one place: the engine store code
//! asks here instead of branching inline (see ../shared/store-anchors.md).
//! Only SQLite today; PostgreSQL is a second arm of each match.

use chrono::NaiveDateTime;

/// An SQL engine's dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
}

impl Dialect {
    /// Patchwork's `email__iexact` lookup of `column` against parameter
    /// `param` (`?1`): Django uses `LIKE … ESCAPE` on SQLite (ASCII case
    /// folding, like `COLLATE NOCASE`), `UPPER(…) = UPPER(…)` on PostgreSQL.
    pub fn iexact(self, column: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} = {param} COLLATE NOCASE"),
        }
    }

    /// A naive site-local datetime as the engine's column stores it: on
    /// SQLite Django's text, `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    pub fn date(self, d: NaiveDateTime) -> String {
        match self {
            Dialect::Sqlite => super::rows::date_to_sql(d),
        }
    }

    /// Insert that leaves an existing row with the same key alone.
    pub fn insert_ignore(self) -> &'static str {
        match self {
            Dialect::Sqlite => "INSERT OR IGNORE",
        }
    }
}
