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

    /// Ranges of an index on a text column (`(from, below)`, compared as
    /// the column compares) that hold every value `iexact` can match with
    /// `value`, so that the lookup reads a few index entries instead of the
    /// table; `None` when the engine has no such narrowing. On SQLite an
    /// index compares bytes and `NOCASE` folds ASCII letters only: a match
    /// starts with one of the case spellings of `value` up to its fourth
    /// ASCII letter (at most 16 ranges).
    pub fn iexact_ranges(self, value: &str) -> Option<Vec<(String, String)>> {
        match self {
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
    use super::Dialect;

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
