//! What differs between SQL engines, in one place: the engine store code
//! asks here instead of branching inline (see ../shared/store-anchors.md
//! §2.1). Every match is exhaustive, so a third engine is a compile error
//! at each place it must decide.

use std::borrow::Cow;

use chrono::NaiveDateTime;

/// An SQL engine's dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The engine's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        }
    }

    /// Statement text in the engine's parameter style: statements are
    /// written with `?N`; PostgreSQL wants `$N`. A `?` inside a quoted
    /// literal or identifier is left alone.
    pub fn placeholders(self, sql: &str) -> Cow<'_, str> {
        match self {
            Dialect::Sqlite => Cow::Borrowed(sql),
            Dialect::Postgres => dollar_placeholders(sql),
        }
    }

    /// Patchwork's `email__iexact` lookup of `column` against parameter
    /// `param` (`?1`): Django uses `LIKE … ESCAPE` on SQLite (ASCII case
    /// folding, like `COLLATE NOCASE`), `UPPER(…) = UPPER(…)` on PostgreSQL.
    pub fn iexact(self, column: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} = {param} COLLATE NOCASE"),
            Dialect::Postgres => format!("UPPER({column}::text) = UPPER({param})"),
        }
    }

    /// Django's `icontains` for a `LIKE` pattern already holding its `%`s
    /// and `\`-escapes: SQLite's `LIKE` folds ASCII case itself,
    /// PostgreSQL's does not (Django writes `UPPER(…) LIKE UPPER(…)`).
    pub fn icontains(self, expr: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{expr} LIKE {param} ESCAPE '\\'"),
            Dialect::Postgres => format!("UPPER({expr}::text) LIKE UPPER({param}) ESCAPE '\\'"),
        }
    }

    /// A join that keeps its left side as the outer loop: SQLite's planner
    /// takes `CROSS JOIN … ON` as that order; PostgreSQL plans joins itself
    /// (and has no `CROSS JOIN … ON`).
    pub fn ordered_join(self) -> &'static str {
        match self {
            Dialect::Sqlite => "CROSS JOIN",
            Dialect::Postgres => "JOIN",
        }
    }

    /// Savepoints one transaction may hold, if bounded: past 64
    /// subtransactions that wrote, a PostgreSQL transaction "suboverflows"
    /// and every session on the server (replicas too) slows down
    /// (store-anchors.md §2.3), so batches there stay at 64 messages.
    pub fn savepoint_limit(self) -> Option<usize> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(64),
        }
    }

    /// A naive site-local datetime as the engine's column stores it: on
    /// SQLite Django's text, `YYYY-MM-DD HH:MM:SS[.ffffff]`; PostgreSQL
    /// reads the same text under the session `TimeZone` (the site's).
    pub fn date(self, d: NaiveDateTime) -> String {
        match self {
            Dialect::Sqlite | Dialect::Postgres => super::rows::date_to_sql(d),
        }
    }

    /// A query with a row when the table named `?1` exists.
    pub fn table_named(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            Dialect::Postgres => {
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ?1"
            }
        }
    }

    /// A query with a row when the database holds any table.
    pub fn any_table(self) -> &'static str {
        match self {
            Dialect::Sqlite => {
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
            }
            Dialect::Postgres => {
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() LIMIT 1"
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
            Dialect::Postgres => format!(
                "(SELECT j.ord - 1 AS pos, j.msgid FROM \
                 jsonb_array_elements_text({param}::jsonb) WITH ORDINALITY AS j (msgid, ord))"
            ),
        }
    }
}

/// `?N` → `$N` outside quoted text (`'…'`, `"…"`).
fn dollar_placeholders(sql: &str) -> Cow<'_, str> {
    if !sql.contains('?') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            Dialect::Postgres.placeholders("SELECT '?', \"a?\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b = $12"
        );
        assert_eq!(Dialect::Sqlite.placeholders("a = ?1"), "a = ?1");
        assert!(matches!(
            Dialect::Postgres.placeholders("SELECT 1"),
            Cow::Borrowed(_)
        ));
    }
}
