//! The one implementation of the store traits, over any [`Conn`]:
//! Patchwork's tables and pwingest's (`schema/`), with [`Ledger`] here and
//! the others in `records.rs`, `comments.rs`, `threads.rs` and
//! `catalog.rs`; the mail ledger (`pwingest_message`) in `messages.rs`;
//! events and tag counts in `signals.rs`; adopting records
//! Patchwork wrote in `adopt.rs`. Statement text uses `?N` parameters and
//! asks `dialect.rs` wherever engines differ.

mod admin;
mod adopt;
pub mod bundles;
mod catalog;
mod comments;
mod messages;
pub mod pages;
pub mod reads;
mod records;
pub(crate) mod sets;
mod signals;
mod steps;
mod threads;

pub use admin::ProjectRecords;
pub use messages::ATTACHED_REASON;

use super::conn::{Conn, RowRead, Value};
use super::rows::*;
use super::text;
use super::{Ledger, MessageFate, MessageRecord, NewEvent, NewMessage};
use crate::error::Result;
use crate::model::{Person, Project};
use crate::vals;

/// Patchwork's records and pwingest's in one database.
pub struct SqlStore<C: Conn> {
    pub(super) conn: C,
    /// Events of the message in progress, written at `release`.
    events: Vec<NewEvent>,
    /// The site's tags `(id, pattern)`, read once per connection.
    tags: Option<Vec<(i64, String)>>,
}

impl<C: Conn> SqlStore<C> {
    /// The store on `conn`, once its database has Patchwork's tables and
    /// pwingest's (created or migrated as needed; exit 78 when the
    /// database is another Patchwork's, or a newer pwingest's).
    pub fn new(conn: C) -> Result<SqlStore<C>> {
        super::schema::prepare(&conn, &date_to_sql(crate::site_time::now()))?;
        let mut store = SqlStore {
            conn,
            events: Vec::new(),
            tags: None,
        };
        store.complete_messages()?;
        Ok(store)
    }

    /// The engine's dialect (for SQL composed outside `sql/`, e.g. the web
    /// API's filters).
    pub fn dialect(&self) -> super::dialect::Dialect {
        self.conn.dialect()
    }

    pub(super) fn into_conn(self) -> C {
        self.conn
    }

    /// Durability level: `full` (fsync every commit) or `normal`.
    pub fn set_synchronous(&self, level: &str) -> Result<()> {
        self.conn.set_synchronous(level)
    }

    pub(super) fn exec(&self, sql: &str, params: &[Value<'_>]) -> Result<usize> {
        stored(params, |p| self.conn.execute(sql, p))
    }

    /// Runs a write whose outcome matters only when it fails: it may go to
    /// the engine with the statements that follow ([`Conn::execute_later`]).
    pub(super) fn exec_later(&self, sql: &str, params: &[Value<'_>]) -> Result<()> {
        stored(params, |p| self.conn.execute_later(sql, p))
    }

    /// Runs an `INSERT … RETURNING id`.
    pub(super) fn insert(&self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        stored(params, |p| self.conn.insert(sql, p))
    }

    pub(super) fn ids(&self, sql: &str, params: &[Value<'_>]) -> Result<Vec<i64>> {
        self.rows(sql, params, |r| r.get(0))
    }

    pub(super) fn exists(&self, sql: &str, params: &[Value<'_>]) -> Result<bool> {
        Ok(self.row(sql, params, |_| Ok(()))?.is_some())
    }

    pub(super) fn rows<T>(
        &self,
        sql: &str,
        params: &[Value<'_>],
        mut map: impl FnMut(&dyn RowRead) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        stored(params, |p| {
            self.conn.query(sql, p, &mut |r| {
                out.push(map(&Loaded(r))?);
                Ok(())
            })
        })?;
        Ok(out)
    }

    /// The first row, if any.
    pub(super) fn row<T>(
        &self,
        sql: &str,
        params: &[Value<'_>],
        map: impl FnOnce(&dyn RowRead) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut map = Some(map);
        let mut out = None;
        stored(params, |p| {
            self.conn.query(sql, p, &mut |r| {
                if let Some(m) = map.take() {
                    out = Some(m(&Loaded(r))?);
                }
                Ok(())
            })
        })?;
        Ok(out)
    }
}

/// A Message-ID as a lookup key: cut to the 255 characters of Patchwork's
/// msgid columns, as Patchwork cuts every reference it looks up (spec
/// §10.1), so a reference finds the record whose Message-ID was cut.
pub(super) fn msgid_key(msgid: &str) -> &str {
    text::cut(msgid, 255)
}

/// Runs `f` with `params`' text as the store holds it (`text.rs`: every
/// engine stores and compares the escaped form).
fn stored<T>(params: &[Value<'_>], f: impl FnOnce(&[Value<'_>]) -> Result<T>) -> Result<T> {
    let needs = |v: &Value<'_>| matches!(v, Value::Text(s) if text::needs_store(s));
    if !params.iter().any(needs) {
        return f(params);
    }
    let escaped: Vec<Option<String>> = params
        .iter()
        .map(|v| match v {
            Value::Text(s) => Some(text::store(s).into_owned()),
            _ => None,
        })
        .collect();
    let params: Vec<Value<'_>> = params
        .iter()
        .zip(&escaped)
        .map(|(v, e)| e.as_deref().map_or(*v, Value::Text))
        .collect();
    f(&params)
}

/// A row whose text reads back as it was written (`text.rs`).
struct Loaded<'r>(&'r dyn RowRead);

impl RowRead for Loaded<'_> {
    fn int(&self, i: usize) -> Result<Option<i64>> {
        self.0.int(i)
    }

    fn text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.0.text(i)?.map(text::load))
    }

    fn blob(&self, i: usize) -> Result<Option<Vec<u8>>> {
        self.0.blob(i)
    }
}

impl<C: Conn> Ledger for SqlStore<C> {
    fn begin(&mut self) -> Result<()> {
        self.conn.begin()?;
        self.adopt()?;
        self.forget_replays_of_deleted_records()
    }

    fn commit(&mut self) -> Result<()> {
        self.remember_record_counts()?;
        self.conn.commit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.events.clear();
        self.conn.rollback()
    }

    fn savepoint(&mut self) -> Result<()> {
        self.events.clear();
        self.exec_later("SAVEPOINT message", vals![])?;
        Ok(())
    }

    fn savepoint_limit(&self) -> Option<usize> {
        self.conn.dialect().savepoint_limit()
    }

    fn release(&mut self) -> Result<()> {
        self.write_events()?;
        self.exec("RELEASE message", vals![])?;
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.events.clear();
        self.conn.forget_later();
        self.conn.batch("ROLLBACK TO message; RELEASE message")
    }

    fn another_connection(&self) -> Result<Option<SqlStore<C>>> {
        self.conn.reopen()?.map(SqlStore::new).transpose()
    }

    fn defer_checkpoints(&mut self) -> Result<()> {
        self.conn.defer_checkpoints()
    }

    fn checkpoint(&mut self) -> Result<()> {
        self.conn.checkpoint()
    }

    fn projects(&self) -> Result<Vec<Project>> {
        self.rows(
            &format!("SELECT {PROJECT_COLUMNS} FROM patchwork_project ORDER BY id"),
            vals![],
            project_from,
        )
    }

    fn add_project(&mut self, p: &Project) -> Result<i64> {
        // Patchwork's model defaults: no notifications, tags counted.
        self.insert(
            "INSERT INTO patchwork_project (linkname, name, listid, listemail, subject_match, web_url, scm_url, \
             webscm_url, list_archive_url, list_archive_url_format, commit_url_format, send_notifications, \
             use_tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id",
            &[&project_values(p)[..], vals![false, true]].concat(),
        )
    }

    fn person_by_email(&self, email: &str) -> Result<Option<Person>> {
        // The unique index answers the usual exact match; only a new
        // address (or another spelling of one) scans for `iexact`.
        let exact = self.row(
            "SELECT id, name, email FROM patchwork_person WHERE email = ?1",
            vals![email],
            person_from,
        )?;
        if exact.is_some() {
            return Ok(exact);
        }
        let dialect = self.conn.dialect();
        let iexact = dialect.iexact("email", "?1");
        let Some(ranges) = dialect.iexact_ranges(email) else {
            return self.row(
                &format!("SELECT id, name, email FROM patchwork_person WHERE {iexact} ORDER BY id LIMIT 1"),
                vals![email],
                person_from,
            );
        };
        // The first of the matches (by id) any range holds.
        let sql = format!(
            "SELECT id, name, email FROM patchwork_person WHERE email >= ?2 AND email < ?3 AND {iexact} \
             ORDER BY id LIMIT 1"
        );
        let mut first: Option<Person> = None;
        for (from, below) in &ranges {
            if let Some(p) = self.row(&sql, vals![email, from, below], person_from)? {
                first = match first {
                    Some(f) if f.id < p.id => Some(f),
                    _ => Some(p),
                };
            }
        }
        Ok(first)
    }

    fn add_person(&mut self, name: Option<&str>, email: &str) -> Result<i64> {
        self.insert(
            "INSERT INTO patchwork_person (email, name, user_id) VALUES (?1, ?2, NULL) RETURNING id",
            vals![email, name],
        )
    }

    fn rename_person(&mut self, id: i64, name: &str) -> Result<()> {
        self.exec(
            "UPDATE patchwork_person SET name = ?2 WHERE id = ?1",
            vals![id, name],
        )?;
        Ok(())
    }

    fn user_by_email(&self, email: &str) -> Result<Option<i64>> {
        self.row(
            &format!(
                "SELECT id FROM auth_user WHERE {} ORDER BY id LIMIT 1",
                self.conn.dialect().iexact("email", "?1")
            ),
            vals![email],
            |r| r.get(0),
        )
    }

    fn delegation_rules(&self, project_id: i64) -> Result<Vec<(String, i64)>> {
        self.rows(
            "SELECT path, user_id FROM patchwork_delegationrule WHERE project_id = ?1 \
             ORDER BY priority DESC, path",
            vals![project_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    fn add_event(&mut self, event: NewEvent) -> Result<()> {
        self.events.push(event);
        Ok(())
    }

    fn add_message(&mut self, message: &NewMessage<'_>) -> Result<i64> {
        self.insert_message(message)
    }

    fn message_by_identity(
        &self,
        sha256: &str,
        forced_list_id: Option<&str>,
    ) -> Result<Option<(i64, String)>> {
        self.find_message(sha256, forced_list_id)
    }

    fn set_message_result(&mut self, id: i64, fate: MessageFate<'_>) -> Result<()> {
        self.record_fate(id, fate)
    }

    fn delete_message(&mut self, id: i64) -> Result<()> {
        self.exec("DELETE FROM pwingest_message WHERE id = ?1", vals![id])?;
        Ok(())
    }

    fn message(&self, id: i64) -> Result<Option<MessageRecord>> {
        self.message_record(id)
    }

    fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        self.row(
            "SELECT raw FROM pwingest_message_raw WHERE message_id = ?1",
            vals![id],
            |r| r.get(0),
        )
    }
}

/// A project's own fields as parameters `?1`…`?11`, in `patchwork_project`'s
/// column order (`linkname` … `commit_url_format`): for INSERT and UPDATE.
pub(super) fn project_values(p: &Project) -> [Value<'_>; 11] {
    use super::conn::ToValue;
    [
        p.link_name.to_value(),
        p.name.to_value(),
        p.list_id.to_value(),
        p.list_email.to_value(),
        p.subject_match.to_value(),
        p.web_url.to_value(),
        p.scm_url.to_value(),
        p.webscm_url.to_value(),
        p.list_archive_url.to_value(),
        p.list_archive_url_format.to_value(),
        p.commit_url_format.to_value(),
    ]
}
