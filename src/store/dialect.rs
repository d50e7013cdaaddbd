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

    /// A query with a row when the table named `?1` exists.
    pub fn table_named(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        }
    }

    /// A query with a row when the database holds any table.
    pub fn any_table(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
            }
        }
    }

    /// A `FROM` item listing the strings of the JSON array parameter
    /// `param` as rows `(pos, msgid)`, `pos` counting from 0.
    pub fn json_list(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => {
                format!("(SELECT key AS pos, value AS msgid FROM json_each({param}))")
            }
        }
    }
}
