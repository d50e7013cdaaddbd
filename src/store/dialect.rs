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

    /// `JOIN table alias ON on` for each row of the left side in turn, `on`
    /// naming that row (`r.msgid`): in SQLite `CROSS JOIN … ON`; in
    /// PostgreSQL a lateral subquery kept whole by `OFFSET 0` (else the
    /// planner flattens it into a join), which runs per left row and so
    /// probes `on`'s index whatever the statistics say. As a plain join, a
    /// table grown since it was last analysed (a new database being filled)
    /// was hashed whole per reply instead: 9 ms at 1,600 comments, more
    /// with every mail.
    pub fn probe(self, table: &str, alias: &str, on: &str) -> String {
        match self {
            Dialect::Sqlite => format!("CROSS JOIN {table} {alias} ON {on}"),
            Dialect::Postgres => format!(
                "CROSS JOIN LATERAL (SELECT {alias}.* FROM {table} {alias} WHERE {on} OFFSET 0) {alias}"
            ),
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

    /// Ranges of an index on a text column (`(from, below)`, compared as
    /// the column compares) that hold every value `iexact` can match with
    /// `value`, so that the lookup reads a few index entries instead of the
    /// table; `None` when the engine has no such narrowing. On SQLite an
    /// index compares bytes and `NOCASE` folds ASCII letters only: a match
    /// starts with one of the case spellings of `value` up to its fourth
    /// ASCII letter (at most 16 ranges). PostgreSQL compares text by the
    /// database's collation, where byte ranges mean nothing: `None`.
    pub fn iexact_ranges(self, value: &str) -> Option<Vec<(String, String)>> {
        match self {
            Dialect::Postgres => None,
            Dialect::Sqlite => {
                let mut prefix = String::new();
                let mut letters = 0;
                for c in value.chars().take_while(|c| c.is_ascii() && *c != '\x7f') {
                    prefix.push(c);
                    letters += usize::from(c.is_ascii_alphabetic());
                    if letters == 4 {
                        break;
                    }
                }
                let last = prefix.pop()?;
                let mut spellings = vec![prefix];
                for (i, c) in spellings[0].clone().char_indices() {
                    if c.is_ascii_alphabetic() {
                        let flipped: Vec<String> = spellings
                            .iter()
                            .map(|s| {
                                let mut s = s.clone();
                                s.replace_range(i..=i, &flip_case(c).to_string());
                                s
                            })
                            .collect();
                        spellings.extend(flipped);
                    }
                }
                let lasts = match last.is_ascii_alphabetic() {
                    true => vec![last, flip_case(last)],
                    false => vec![last],
                };
                let ranges = spellings.iter().flat_map(|s| {
                    lasts.iter().map(move |&l| {
                        let next = char::from(l as u8 + 1);
                        (format!("{s}{l}"), format!("{s}{next}"))
                    })
                });
                Some(ranges.collect())
            }
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

    /// Statements that make a connection a server's reader (`pwingest
    /// web`): it may not write, and on SQLite it reads the file through a
    /// memory map (a patch's mail spans overflow pages, which SQLite
    /// otherwise reads with one `pread` each, bypassing its page cache).
    pub fn reader_setup(self) -> &'static str {
        match self {
            // SQLite caps the map at its compile-time limit (2 GiB).
            Dialect::Sqlite => "PRAGMA query_only = ON; PRAGMA mmap_size = 2147418112;",
            Dialect::Postgres => "SET default_transaction_read_only = on",
        }
    }

    /// Whether a read waits on another process (a server), rather than
    /// only taking CPU in this one (SQLite, in process: the web server runs
    /// its reads on the thread that serves the request; PostgreSQL's on a
    /// blocking thread, so the runtime's threads keep serving meanwhile).
    pub fn reads_wait_on_a_server(self) -> bool {
        match self {
            Dialect::Sqlite => false,
            Dialect::Postgres => true,
        }
    }

    /// Whether a reader's statements for one request share a transaction
    /// (`BEGIN` … `COMMIT`). On SQLite that is cheaper than a transaction
    /// per statement (each takes the WAL's read lock with `fcntl` calls),
    /// and one snapshot. On PostgreSQL it would be two more round trips:
    /// each statement reads in autocommit, as Django's own views do.
    pub fn reads_share_a_transaction(self) -> bool {
        match self {
            Dialect::Sqlite => true,
            Dialect::Postgres => false,
        }
    }

    /// A query whose one integer changes whenever another connection has
    /// committed since this one last read (SQLite's `data_version`), so a
    /// reader may keep what it read while it stays the same; `None` where
    /// the engine has no such counter (every read reads again).
    pub fn data_version(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => Some("PRAGMA data_version"),
            Dialect::Postgres => None,
        }
    }

    /// A subquery whose rows are the integers of the parameter `param`,
    /// for `x IN (…)`; the parameter is [`Dialect::id_set_text`]. A list
    /// of ids is one parameter, not a literal in the statement, so the
    /// statement text stays the same whatever the ids and is prepared once
    /// per connection (a literal list made every page of a list a new
    /// statement: parsed and planned again, and on PostgreSQL kept
    /// prepared on both ends for the connection's life).
    pub fn id_set_rows(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("SELECT value FROM json_each({param})"),
            Dialect::Postgres => format!("SELECT unnest({param}::text::bigint[])"),
        }
    }

    /// `select` (`SELECT … FROM …`, no `WHERE`) restricted to the rows
    /// whose `key` is one of the ids of the parameter `param`
    /// ([`Dialect::id_set_text`], each id once). On SQLite the id set is
    /// joined as a table, its ids looked up one by one in their order
    /// (`IN` first copies them into a temporary index, a tenth of the
    /// statement's time for a page of 250); on PostgreSQL it is an `IN`
    /// subquery ([`Dialect::id_set_rows`]).
    pub fn select_in_id_set(self, select: &str, key: &str, param: &str) -> String {
        match self {
            Dialect::Sqlite => {
                format!("{select}, json_each({param}) id_set WHERE {key} = id_set.value")
            }
            Dialect::Postgres => format!("{select} WHERE {key} IN ({})", self.id_set_rows(param)),
        }
    }

    /// The text bound to an [`Dialect::id_set_rows`] parameter: a JSON
    /// array (`[1,2]`) on SQLite, an array literal (`{1,2}`) on PostgreSQL.
    pub fn id_set_text(self, ids: &[i64]) -> String {
        let (open, close) = match self {
            Dialect::Sqlite => ('[', ']'),
            Dialect::Postgres => ('{', '}'),
        };
        let mut out = String::with_capacity(ids.len() * 6 + 2);
        out.push(open);
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Not `to_string` or `write!`: both showed in list profiles.
            out.push_str(itoa::Buffer::new().format(*id));
        }
        out.push(close);
        out
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

/// An ASCII letter in the other case.
fn flip_case(c: char) -> char {
    if c.is_ascii_uppercase() {
        c.to_ascii_lowercase()
    } else {
        c.to_ascii_uppercase()
    }
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

    #[test]
    fn id_sets_are_one_parameter() {
        assert_eq!(Dialect::Sqlite.id_set_text(&[1, 22, 333]), "[1,22,333]");
        assert_eq!(Dialect::Postgres.id_set_text(&[1, 22]), "{1,22}");
        assert_eq!(Dialect::Postgres.id_set_text(&[]), "{}");
        assert_eq!(
            Dialect::Postgres.id_set_rows("?2"),
            "SELECT unnest(?2::text::bigint[])"
        );
    }

    /// Every ASCII-case spelling of an address lies in one of its ranges,
    /// and the ranges are few.
    #[test]
    fn iexact_ranges_hold_every_case_spelling() {
        for value in [
            "Dev12@Example.org",
            "a",
            "1@x",
            "ab~",
            "É@x",
            "jo.hn.smith@x",
            "",
        ] {
            let ranges = Dialect::Sqlite.iexact_ranges(value).unwrap_or_default();
            assert!(ranges.len() <= 16, "{value}: {}", ranges.len());
            let spellings = [
                value.to_string(),
                value.to_ascii_lowercase(),
                value.to_ascii_uppercase(),
                value
                    .chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if i % 2 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect(),
            ];
            for s in spellings {
                let inside = ranges.iter().any(|(from, below)| {
                    s.as_str() >= from.as_str() && s.as_str() < below.as_str()
                });
                assert!(
                    inside || ranges.is_empty(),
                    "{s:?} outside the ranges of {value:?}: {ranges:?}"
                );
            }
        }
        assert!(
            Dialect::Sqlite.iexact_ranges("É@x").is_none(),
            "no ASCII prefix: no narrowing"
        );
    }
}
