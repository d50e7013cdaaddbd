//! Reads for `pwingest export`, which streams: the ids of the records it
//! keeps, a page at a time (keyset pagination: `id > last`, a total
//! order), and the comments of one parent Message-ID at a time, so that
//! memory holds one page of ids and one record, whatever the database's
//! size. Limits (one project, a date range) narrow every kind of record.

use chrono::NaiveDateTime;

use super::SqlStore;
use crate::error::Result;
use crate::model::Comment;
use crate::series::MemberKind;
use crate::store::conn::{Conn, Value};
use crate::store::rows::{comment_from, comment_select};

/// Which records an export keeps; `Default` keeps all.
#[derive(Debug, Clone, Default)]
pub struct RecordLimits {
    /// Only this project's (`patchwork_project.id`).
    pub project_id: Option<i64>,
    /// Only records dated at or after `since` and before `before` (a
    /// mail's `Date` as stored: naive UTC; a series' date).
    pub since: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
}

/// The records an export lists by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Patches,
    Covers,
    Series,
    People,
}

/// SQL conditions and their text parameters, numbered from `?2` (`?1` is
/// the page's key).
#[derive(Default)]
struct Where {
    conditions: Vec<String>,
    texts: Vec<String>,
}

impl Where {
    fn bind(&mut self, test: &str, value: String) {
        self.texts.push(value);
        self.conditions
            .push(format!("{test} ?{}", self.texts.len() + 1));
    }

    /// `limits` on a record's project and date columns.
    fn limit(
        &mut self,
        limits: &RecordLimits,
        project: &str,
        date: &str,
        dialect_date: impl Fn(NaiveDateTime) -> String,
    ) {
        if let Some(p) = limits.project_id {
            // An integer, so a literal: the statement stays one text per run.
            self.conditions.push(format!("{project} = {p}"));
        }
        if let Some(d) = limits.since {
            self.bind(&format!("{date} >="), dialect_date(d));
        }
        if let Some(d) = limits.before {
            self.bind(&format!("{date} <"), dialect_date(d));
        }
    }

    /// ` AND c` for each condition from the `first`.
    fn sql_from(&self, first: usize) -> String {
        self.conditions[first..]
            .iter()
            .map(|c| format!(" AND {c}"))
            .collect()
    }

    fn sql(&self) -> String {
        self.sql_from(0)
    }

    fn params<'a>(&'a self, key: Value<'a>) -> Vec<Value<'a>> {
        let mut p = vec![key];
        p.extend(self.texts.iter().map(|t| Value::Text(t)));
        p
    }
}

impl RecordLimits {
    fn is_none(&self) -> bool {
        self.project_id.is_none() && self.since.is_none() && self.before.is_none()
    }
}

impl<C: Conn> SqlStore<C> {
    fn limited(&self, limits: &RecordLimits, project: &str, date: &str) -> Where {
        let dialect = self.conn.dialect();
        let mut w = Where::default();
        w.limit(limits, project, date, |d| dialect.date(d));
        w
    }

    /// Up to `n` ids above `after`, in id order, of the records `limits`
    /// keep. People are those who sent a kept patch, cover letter or
    /// comment, or own a kept series (all of them without limits).
    pub fn listed_ids(
        &self,
        listed: Listed,
        limits: &RecordLimits,
        after: i64,
        n: usize,
    ) -> Result<Vec<i64>> {
        let (table, w) = match listed {
            Listed::Patches => (
                "patchwork_patch",
                self.limited(limits, "t.project_id", "t.date"),
            ),
            Listed::Covers => (
                "patchwork_cover",
                self.limited(limits, "t.project_id", "t.date"),
            ),
            Listed::Series => (
                "patchwork_series",
                self.limited(limits, "t.project_id", "t.date"),
            ),
            Listed::People if limits.is_none() => ("patchwork_person", Where::default()),
            Listed::People => return self.senders(limits, after, n),
        };
        self.ids(
            &format!(
                "SELECT t.id FROM {table} t WHERE t.id > ?1{} ORDER BY t.id LIMIT {n}",
                w.sql()
            ),
            &w.params(Value::Int(after)),
        )
    }

    /// The people a limited export keeps.
    fn senders(&self, limits: &RecordLimits, after: i64, n: usize) -> Result<Vec<i64>> {
        let sources = [
            (
                "x.submitter_id",
                "patchwork_patch x",
                "x.project_id",
                "x.date",
            ),
            (
                "x.submitter_id",
                "patchwork_cover x",
                "x.project_id",
                "x.date",
            ),
            (
                "x.submitter_id",
                "patchwork_series x",
                "x.project_id",
                "x.date",
            ),
            (
                "m.submitter_id",
                "patchwork_patchcomment m JOIN patchwork_patch x ON x.id = m.patch_id",
                "x.project_id",
                "m.date",
            ),
            (
                "m.submitter_id",
                "patchwork_covercomment m JOIN patchwork_cover x ON x.id = m.cover_id",
                "x.project_id",
                "m.date",
            ),
        ];
        let dialect = self.conn.dialect();
        let mut w = Where::default();
        let mut any = Vec::new();
        for (column, from, project, date) in sources {
            let before = w.conditions.len();
            w.limit(limits, project, date, |d| dialect.date(d));
            let tests: Vec<String> = w.conditions.drain(before..).collect();
            any.push(format!(
                "t.id IN (SELECT {column} FROM {from} WHERE {})",
                tests.join(" AND ")
            ));
        }
        self.ids(
            &format!(
                "SELECT t.id FROM patchwork_person t WHERE t.id > ?1 AND ({}) ORDER BY t.id LIMIT {n}",
                any.join(" OR ")
            ),
            &w.params(Value::Int(after)),
        )
    }

    /// The comment groups of `export`'s `comments` object, a page at a
    /// time: the comments `limits` keep of every patch (`kind` Patch) or
    /// cover letter with one Message-ID form a group, in the order of its
    /// first comment's id (as the whole-database export met them). Up to
    /// `n` groups whose first comment's id is above `after`:
    /// `(first comment id, Message-ID)`.
    pub fn comment_groups(
        &self,
        kind: MemberKind,
        limits: &RecordLimits,
        after: i64,
        n: usize,
    ) -> Result<Vec<(i64, String)>> {
        let (table, column) = match kind {
            MemberKind::Patch => ("patchwork_patchcomment", "patch_id"),
            MemberKind::Cover => ("patchwork_covercomment", "cover_id"),
        };
        let parent = parent_table(kind);
        let dialect = self.conn.dialect();
        let mut w = Where::default();
        w.limit(limits, "p.project_id", "m.date", |d| dialect.date(d));
        let outer = w.sql();
        let first = w.conditions.len();
        w.limit(limits, "p2.project_id", "m2.date", |d| dialect.date(d));
        let inner = w.sql_from(first);
        self.rows(
            &format!(
                "SELECT m.id, p.msgid FROM {table} m JOIN {parent} p ON p.id = m.{column} \
                 WHERE m.id > ?1{outer} AND NOT EXISTS (SELECT 1 FROM {table} m2 \
                 JOIN {parent} p2 ON p2.id = m2.{column} WHERE p2.msgid = p.msgid \
                 AND m2.id < m.id{inner}) ORDER BY m.id LIMIT {n}"
            ),
            &w.params(Value::Int(after)),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// The comments `limits` keep of every patch (or cover letter) with
    /// Message-ID `msgid`, by id.
    pub fn comments_of_msgid(
        &self,
        kind: MemberKind,
        msgid: &str,
        limits: &RecordLimits,
    ) -> Result<Vec<Comment>> {
        let w = self.limited(limits, "p.project_id", "m.date");
        self.rows(
            &format!(
                "{} WHERE p.msgid = ?1{} ORDER BY m.id",
                comment_select(kind),
                w.sql()
            ),
            &w.params(Value::Text(msgid)),
            comment_from,
        )
    }
}

fn parent_table(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Patch => "patchwork_patch",
        MemberKind::Cover => "patchwork_cover",
    }
}
