//! The SQLite store (rusqlite, bundled SQLite): schema migrations, WAL, a
//! busy timeout so concurrent pipe deliveries wait for each other instead of
//! failing, and the statements behind [`Store`]. Every statement is prepared
//! once per connection (`prepare_cached`).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::rows::*;
use super::{
    CommentLink, FailedMessage, MarkerQuery, NamedCover, NewComment, NewCover, NewPatch, Placed,
    SeriesRow, Store,
};
use crate::error::{Error, Result};
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series};
use crate::series::{Member, MemberKind, revision_key};

/// Schema migrations, applied in order; `PRAGMA user_version` counts them.
const MIGRATIONS: &[&str] = &[include_str!("schema.sql")];

/// How long a writer waits for another process's transaction before the
/// delivery is given up as a temporary failure (exit 75 / LMTP 451);
/// `PWINGEST_BUSY_TIMEOUT_MS` overrides it.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

fn busy_timeout() -> Duration {
    std::env::var("PWINGEST_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_millis)
}

/// A SQLite database file holding pwingest's records.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens (creating and migrating when needed) the database at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// A private in-memory database (tests, `--dry-run`).
    pub fn in_memory() -> Result<SqliteStore> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(busy_timeout())?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        // With WAL, NORMAL loses no committed transaction on a process
        // crash; FULL also survives power loss. Ack only after commit.
        conn.pragma_update(None, "synchronous", "full")?;
        conn.pragma_update(None, "foreign_keys", "on")?;
        // Batches of thousands of messages fit in the page cache (no spills
        // into the WAL mid-transaction); checkpoint less often.
        conn.pragma_update(None, "cache_size", -16384)?;
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        // Savepoint sub-journals (one per message) in memory, not a temp file.
        conn.pragma_update(None, "temp_store", "memory")?;
        // Closing the last connection would otherwise checkpoint the whole
        // WAL into the database and delete it: for a one-message pipe
        // delivery that is most of its I/O (three extra fsyncs). The WAL
        // stays durable; the automatic checkpoints still bound it.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        // Query-planner stability: without it, a bound parameter compared
        // while the planner weighs the partial index `messages_result`
        // (and STAT4, compiled into the bundled SQLite) marks the statement
        // to be re-prepared at every new binding; the profile of an archive
        // import showed 13% of the writer in sqlite3Reprepare.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?
            as usize;
        if version > MIGRATIONS.len() {
            return Err(Error::config(format!(
                "database schema version {version} is newer than this pwingest ({})",
                MIGRATIONS.len()
            )));
        }
        if version == MIGRATIONS.len() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let version = tx.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Durability level: `full` (fsync every commit) or `normal`.
    pub fn set_synchronous(&self, level: &str) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", level)?;
        Ok(())
    }

    fn ids(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<i64>> {
        self.rows(sql, params, |r| r.get(0))
    }

    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, map)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.query_row(params, map).optional()?)
    }
}

impl Store for SqliteStore {
    fn begin(&mut self) -> Result<()> {
        // IMMEDIATE takes the write lock now, so a concurrent writer waits
        // here (busy timeout) rather than failing half-way through.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    fn savepoint(&mut self) -> Result<()> {
        self.conn.prepare_cached("SAVEPOINT message")?.execute([])?;
        Ok(())
    }

    fn release(&mut self) -> Result<()> {
        self.conn.prepare_cached("RELEASE message")?.execute([])?;
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<()> {
        self.conn
            .execute_batch("ROLLBACK TO message; RELEASE message")?;
        Ok(())
    }

    fn projects(&self) -> Result<Vec<Project>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, link_name, name, list_id, list_email, subject_match, web_url, scm_url, webscm_url, \
             list_archive_url, list_archive_url_format, commit_url_format FROM projects ORDER BY id",
        )?;
        let rows = stmt.query_map([], project_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_project(&mut self, p: &Project) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO projects (link_name, name, list_id, list_email, subject_match, web_url, scm_url, \
                 webscm_url, list_archive_url, list_archive_url_format, commit_url_format) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                p.link_name,
                p.name,
                p.list_id,
                p.list_email,
                p.subject_match,
                p.web_url,
                p.scm_url,
                p.webscm_url,
                p.list_archive_url,
                p.list_archive_url_format,
                p.commit_url_format
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn person_by_email(&self, email: &str) -> Result<Option<Person>> {
        self.row(
            "SELECT id, name, email FROM people WHERE email_key = ?1",
            [email.to_lowercase()],
            person_from,
        )
    }

    fn add_person(&mut self, name: Option<&str>, email: &str) -> Result<i64> {
        self.conn
            .prepare_cached("INSERT INTO people (name, email, email_key) VALUES (?1, ?2, ?3)")?
            .execute(params![name, email, email.to_lowercase()])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn rename_person(&mut self, id: i64, name: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE people SET name = ?2 WHERE id = ?1")?
            .execute(params![id, name])?;
        Ok(())
    }

    fn add_message(
        &mut self,
        raw: &[u8],
        msgid: Option<&str>,
        forced_list_id: Option<&str>,
    ) -> Result<i64> {
        let now = date_to_sql(chrono::Utc::now().naive_utc());
        self.conn
            .prepare_cached(
                "INSERT INTO messages (received_at, msgid, result, forced_list_id) VALUES (?1, ?2, 'new', ?3)",
            )?
            .execute(params![now, msgid, forced_list_id])?;
        let id = self.conn.last_insert_rowid();
        self.conn
            .prepare_cached("INSERT INTO message_raw (message_id, raw) VALUES (?1, ?2)")?
            .execute(params![id, raw])?;
        Ok(id)
    }

    fn set_message_result(&mut self, id: i64, result: &str, reason: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE messages SET result = ?2, reason = ?3 WHERE id = ?1")?
            .execute(params![id, result, reason])?;
        Ok(())
    }

    fn delete_message(&mut self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM messages WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn failed_messages(&self) -> Result<Vec<FailedMessage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, received_at, msgid, reason, forced_list_id FROM messages WHERE result = 'error' ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FailedMessage {
                id: r.get(0)?,
                received_at: r.get(1)?,
                msgid: r.get(2)?,
                reason: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                forced_list_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT raw FROM message_raw WHERE message_id = ?1")?;
        Ok(stmt.query_row([id], |r| r.get(0)).optional()?)
    }

    fn patch_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM patches WHERE project_id = ?1 AND msgid = ?2")?;
        Ok(stmt
            .query_row(params![project_id, msgid], |r| r.get(0))
            .optional()?)
    }

    fn cover_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM covers WHERE project_id = ?1 AND msgid = ?2")?;
        Ok(stmt
            .query_row(params![project_id, msgid], |r| r.get(0))
            .optional()?)
    }

    fn covers_named(&self, name: &str) -> Result<Vec<NamedCover>> {
        self.rows(
            "SELECT id, project_id, msgid, date, refs != '', message_id, component FROM covers WHERE name = ?1",
            [name],
            |r| {
                Ok(NamedCover {
                    id: r.get(0)?,
                    project_id: r.get(1)?,
                    msgid: r.get(2)?,
                    date: date_from_sql(&r.get::<_, String>(3)?),
                    threaded: r.get(4)?,
                    message_id: r.get(5)?,
                    component: r.get(6)?,
                })
            },
        )
    }

    fn delete_cover(&mut self, id: i64) -> Result<()> {
        let created = self.ids(
            "SELECT id FROM series WHERE creator_kind = 'c' AND creator_id = ?1",
            [id],
        )?;
        for series in created {
            self.delete_series(series)?;
        }
        for sql in [
            "UPDATE comments SET parent_kind = NULL, parent_id = NULL WHERE parent_kind = 'c' AND parent_id = ?1",
            "UPDATE series SET cover_id = NULL WHERE cover_id = ?1",
            "DELETE FROM refs WHERE owner_kind = 'c' AND owner_id = ?1",
            "DELETE FROM covers WHERE id = ?1",
        ] {
            self.conn.prepare_cached(sql)?.execute([id])?;
        }
        Ok(())
    }

    fn comment_parent(
        &self,
        project_id: i64,
        msgid: &str,
        kind: MemberKind,
    ) -> Result<Option<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT parent_id FROM comments WHERE project_id = ?1 AND msgid = ?2 AND parent_kind = ?3 \
             ORDER BY id DESC LIMIT 1",
        )?;
        Ok(stmt
            .query_row(params![project_id, msgid, kind_code(kind)], |r| r.get(0))
            .optional()?)
    }

    fn comment_exists(&self, project_id: i64, parent: Option<Parent>, msgid: &str) -> Result<bool> {
        let (kind, id) = parent_parts(parent);
        let mut stmt = self.conn.prepare_cached(
            "SELECT 1 FROM comments WHERE project_id = ?1 AND msgid = ?2 \
             AND parent_kind IS ?3 AND parent_id IS ?4",
        )?;
        Ok(stmt.exists(params![project_id, msgid, kind, id])?)
    }

    fn add_patch(&mut self, p: &NewPatch<'_>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO patches (message_id, project_id, msgid, name, date, headers, submitter_id, content, \
                 diff, hash, pull_url, state, version, x, n, refs, component, acked, reviewed, tested) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17, ?18, ?19)",
            )?
            .execute(params![
                p.message_id,
                p.project_id,
                p.msgid,
                p.name,
                date_to_sql(p.date),
                p.headers,
                p.submitter_id,
                p.content,
                p.diff,
                p.hash,
                p.pull_url,
                p.state,
                p.version,
                p.x,
                p.n,
                p.refs.join("\n"),
                p.tags.acked,
                p.tags.reviewed,
                p.tags.tested
            ])?;
        let id = self.conn.last_insert_rowid();
        index_refs(&self.conn, p.project_id, "p", id, p.msgid, p.refs)?;
        Ok(id)
    }

    fn add_cover(&mut self, c: &NewCover<'_>) -> Result<i64> {
        self.conn
            .prepare_cached(
                "INSERT INTO covers (message_id, project_id, msgid, name, date, headers, submitter_id, content, \
                 version, n, refs, component) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
            )?
            .execute(params![
                c.message_id,
                c.project_id,
                c.msgid,
                c.name,
                date_to_sql(c.date),
                c.headers,
                c.submitter_id,
                c.content,
                c.version,
                c.n,
                c.refs.join("\n")
            ])?;
        let id = self.conn.last_insert_rowid();
        index_refs(&self.conn, c.project_id, "c", id, c.msgid, c.refs)?;
        Ok(id)
    }

    fn add_comment(&mut self, c: &NewComment<'_>) -> Result<i64> {
        let (kind, parent_id) = parent_parts(c.parent);
        let (sender_name, sender_email) = match c.sender {
            Some((name, email)) => (name, Some(email)),
            None => (None, None),
        };
        self.conn
            .prepare_cached(
                "INSERT INTO comments (message_id, project_id, parent_kind, parent_id, msgid, date, headers, \
                 submitter_id, sender_name, sender_email, content, addressed, refs, acked, reviewed, tested) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                c.message_id,
                c.project_id,
                kind,
                parent_id,
                c.msgid,
                date_to_sql(c.date),
                c.headers,
                c.submitter_id,
                sender_name,
                sender_email,
                c.content,
                c.addressed,
                c.refs.join("\n"),
                c.tags.acked,
                c.tags.reviewed,
                c.tags.tested
            ])?;
        let id = self.conn.last_insert_rowid();
        // Comments are indexed only by what they reference: their own
        // Message-ID is found through `comments_msgid`.
        for r in c.refs {
            self.conn
                .prepare_cached("INSERT INTO refs (project_id, msgid, owner_kind, owner_id) VALUES (?1, ?2, 'm', ?3)")?
                .execute(params![c.project_id, r, id])?;
        }
        Ok(id)
    }

    fn set_comment_parent(&mut self, id: i64, parent: Parent, submitter_id: i64) -> Result<()> {
        let (kind, parent_id) = parent_parts(Some(parent));
        self.conn
            .prepare_cached("UPDATE comments SET parent_kind = ?2, parent_id = ?3, submitter_id = ?4 WHERE id = ?1")?
            .execute(params![id, kind, parent_id, submitter_id])?;
        Ok(())
    }

    fn comments_referencing(&self, project_id: i64, msgid: &str) -> Result<Vec<CommentLink>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.msgid, c.parent_kind, c.parent_id, c.refs, c.sender_name, c.sender_email \
             FROM refs r JOIN comments c ON c.id = r.owner_id \
             WHERE r.project_id = ?1 AND r.msgid = ?2 AND r.owner_kind = 'm' ORDER BY c.id",
        )?;
        let rows = stmt.query_map(params![project_id, msgid], |r| {
            let email: Option<String> = r.get(6)?;
            Ok(CommentLink {
                id: r.get(0)?,
                msgid: r.get(1)?,
                parent: parent_from(r.get(2)?, r.get(3)?),
                refs: split_refs(&r.get::<_, String>(4)?),
                sender: email.map(|e| (r.get(5).unwrap_or(None), e)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn components_by_msgids(&self, project_id: i64, msgids: &[&str]) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for m in msgids {
            out.extend(self.ids(
                "SELECT p.component FROM refs r JOIN patches p ON r.owner_kind = 'p' AND p.id = r.owner_id \
                 WHERE r.project_id = ?1 AND r.msgid = ?2 AND p.component != 0 \
                 UNION SELECT c.component FROM refs r JOIN covers c ON r.owner_kind = 'c' AND c.id = r.owner_id \
                 WHERE r.project_id = ?1 AND r.msgid = ?2 AND c.component != 0",
                params![project_id, m],
            )?);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn components_by_markers(&self, project_id: i64, q: &MarkerQuery) -> Result<Vec<i64>> {
        let (from, to) = (date_to_sql(q.from), date_to_sql(q.to));
        let sql = if q.numbered {
            "SELECT component FROM patches WHERE project_id = ?1 AND submitter_id = ?2 AND date BETWEEN ?3 AND ?4 \
             AND version = ?5 AND COALESCE(n, 1) = ?6 AND component != 0 \
             UNION SELECT component FROM covers WHERE project_id = ?1 AND submitter_id = ?2 \
             AND date BETWEEN ?3 AND ?4 AND version = ?5 AND n = ?6 AND component != 0"
        } else {
            "SELECT component FROM patches WHERE project_id = ?1 AND submitter_id = ?2 AND date BETWEEN ?3 AND ?4 \
             AND version = ?5 AND n = ?6 AND component != 0"
        };
        let mut out = self.ids(
            sql,
            params![project_id, q.submitter_id, from, to, q.version, q.total],
        )?;
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn new_component(&mut self) -> Result<i64> {
        self.conn
            .prepare_cached("INSERT INTO components DEFAULT VALUES")?
            .execute([])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn set_component(&mut self, kind: MemberKind, id: i64, component: i64) -> Result<()> {
        let sql = match kind {
            MemberKind::Patch => "UPDATE patches SET component = ?2 WHERE id = ?1",
            MemberKind::Cover => "UPDATE covers SET component = ?2 WHERE id = ?1",
        };
        self.conn
            .prepare_cached(sql)?
            .execute(params![id, component])?;
        Ok(())
    }

    fn merge_components(&mut self, into: i64, from: &[i64]) -> Result<()> {
        for &c in from.iter().filter(|&&c| c != into) {
            self.conn
                .prepare_cached("UPDATE patches SET component = ?1 WHERE component = ?2")?
                .execute(params![into, c])?;
            self.conn
                .prepare_cached("UPDATE covers SET component = ?1 WHERE component = ?2")?
                .execute(params![into, c])?;
            self.conn
                .prepare_cached("DELETE FROM components WHERE id = ?1")?
                .execute([c])?;
        }
        Ok(())
    }

    fn component_members(&self, component: i64) -> Result<Vec<Placed>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 'p', p.id, p.msgid, p.refs, p.date, p.message_id, p.submitter_id, p.version, p.x, p.n, p.name, \
                    p.series_id, p.number FROM patches p WHERE p.component = ?1 \
             UNION ALL \
             SELECT 'c', c.id, c.msgid, c.refs, c.date, c.message_id, c.submitter_id, c.version, 0, c.n, c.name, \
                    (SELECT s.id FROM series s WHERE s.cover_id = c.id), NULL FROM covers c WHERE c.component = ?1",
        )?;
        let rows = stmt.query_map([component], |r| {
            let kind = kind_from_code(&r.get::<_, String>(0)?);
            Ok(Placed {
                member: Member {
                    kind,
                    id: r.get(1)?,
                    msgid: r.get(2)?,
                    refs: split_refs(&r.get::<_, String>(3)?),
                    date: date_from_sql(&r.get::<_, String>(4)?),
                    arrival: r.get(5)?,
                    submitter: r.get(6)?,
                    version: r.get(7)?,
                    x: r.get(8)?,
                    n: r.get(9)?,
                    name: r.get(10)?,
                },
                series_id: r.get(11)?,
                number: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn component_series(&self, component: i64) -> Result<Vec<SeriesRow>> {
        let sql = format!(
            "SELECT {SERIES_COLUMNS}, creator_kind, creator_id FROM series WHERE id IN ( \
               SELECT s.id FROM series s JOIN patches p ON s.creator_kind = 'p' AND p.id = s.creator_id WHERE p.component = ?1 \
               UNION SELECT s.id FROM series s JOIN covers c ON s.creator_kind = 'c' AND c.id = s.creator_id WHERE c.component = ?1 \
               UNION SELECT p.series_id FROM patches p WHERE p.component = ?1 AND p.series_id IS NOT NULL \
               UNION SELECT s.id FROM series s JOIN covers c ON s.cover_id = c.id WHERE c.component = ?1) ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([component], |r| {
            Ok(SeriesRow {
                series: series_from(r)?,
                creator: (kind_from_code(&r.get::<_, String>(8)?), r.get(9)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_series(&mut self, row: &SeriesRow) -> Result<i64> {
        let s = &row.series;
        self.conn
            .prepare_cached(
                "INSERT INTO series (project_id, name, date, submitter_id, version, total, cover_id, creator_kind, \
                 creator_id, name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                s.project_id,
                s.name,
                date_to_sql(s.date),
                s.submitter_id,
                s.version,
                s.total,
                s.cover_id,
                kind_code(row.creator.0),
                row.creator.1,
                s.name.as_deref().map(revision_key)
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn update_series(&mut self, row: &SeriesRow) -> Result<()> {
        let s = &row.series;
        self.conn
            .prepare_cached(
                "UPDATE series SET name = ?2, date = ?3, submitter_id = ?4, version = ?5, total = ?6, cover_id = ?7, \
                 creator_kind = ?8, creator_id = ?9, name_key = ?10 WHERE id = ?1",
            )?
            .execute(params![
                s.id,
                s.name,
                date_to_sql(s.date),
                s.submitter_id,
                s.version,
                s.total,
                s.cover_id,
                kind_code(row.creator.0),
                row.creator.1,
                s.name.as_deref().map(revision_key)
            ])?;
        Ok(())
    }

    fn delete_series(&mut self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE patches SET series_id = NULL, number = NULL WHERE series_id = ?1",
            )?
            .execute([id])?;
        self.conn
            .prepare_cached("DELETE FROM series_revisions WHERE older_id = ?1 OR newer_id = ?1")?
            .execute([id])?;
        self.conn
            .prepare_cached("DELETE FROM series WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    fn place_patch(&mut self, patch_id: i64, series: Option<(i64, i64)>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE patches SET series_id = ?2, number = ?3 WHERE id = ?1")?
            .execute(params![patch_id, series.map(|s| s.0), series.map(|s| s.1)])?;
        Ok(())
    }

    fn series_revisions_of(
        &self,
        project_id: i64,
        submitter_id: i64,
        name: &str,
    ) -> Result<Vec<Series>> {
        self.rows(
            &format!("SELECT {SERIES_COLUMNS} FROM series WHERE project_id = ?1 AND submitter_id = ?2 AND name_key = ?3"),
            params![project_id, submitter_id, revision_key(name)],
            series_from,
        )
    }

    fn link_revision(&mut self, older: i64, newer: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO series_revisions (older_id, newer_id) VALUES (?1, ?2)",
            )?
            .execute(params![older, newer])?;
        Ok(())
    }

    fn revisions(&self, series_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let older = self.ids(
            "SELECT older_id FROM series_revisions WHERE newer_id = ?1 ORDER BY older_id",
            [series_id],
        )?;
        let newer = self.ids(
            "SELECT newer_id FROM series_revisions WHERE older_id = ?1 ORDER BY newer_id",
            [series_id],
        )?;
        Ok((older, newer))
    }

    fn people(&self) -> Result<Vec<Person>> {
        self.rows(
            "SELECT id, name, email FROM people ORDER BY id",
            [],
            person_from,
        )
    }

    fn patches(&self) -> Result<Vec<Patch>> {
        self.rows(
            &format!("SELECT {PATCH_COLUMNS} FROM patches ORDER BY message_id, id"),
            [],
            patch_from,
        )
    }

    fn covers(&self) -> Result<Vec<Cover>> {
        self.rows(
            &format!("SELECT {COVER_COLUMNS} FROM covers c ORDER BY c.message_id, c.id"),
            [],
            cover_from,
        )
    }

    fn comments(&self) -> Result<Vec<Comment>> {
        self.rows(
            &format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE parent_kind IS NOT NULL ORDER BY message_id, id"),
            [],
            comment_from,
        )
    }

    fn patch(&self, id: i64) -> Result<Option<Patch>> {
        self.row(
            &format!("SELECT {PATCH_COLUMNS} FROM patches WHERE id = ?1"),
            [id],
            patch_from,
        )
    }

    fn cover(&self, id: i64) -> Result<Option<Cover>> {
        self.row(
            &format!("SELECT {COVER_COLUMNS} FROM covers c WHERE c.id = ?1"),
            [id],
            cover_from,
        )
    }

    fn comment(&self, id: i64) -> Result<Option<Comment>> {
        self.row(
            &format!(
                "SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1 AND parent_kind IS NOT NULL"
            ),
            [id],
            comment_from,
        )
    }

    fn series(&self, id: i64) -> Result<Option<Series>> {
        self.row(
            &format!("SELECT {SERIES_COLUMNS} FROM series WHERE id = ?1"),
            [id],
            series_from,
        )
    }

    fn person(&self, id: i64) -> Result<Option<Person>> {
        self.row(
            "SELECT id, name, email FROM people WHERE id = ?1",
            [id],
            person_from,
        )
    }

    fn series_patches(&self, series_id: i64) -> Result<Vec<Patch>> {
        self.rows(
            &format!(
                "SELECT {PATCH_COLUMNS} FROM patches WHERE series_id = ?1 ORDER BY date, number, id"
            ),
            [series_id],
            patch_from,
        )
    }

    fn all_series(&self) -> Result<Vec<Series>> {
        let sql = format!("SELECT {SERIES_COLUMNS} FROM series ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], series_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Indexes a patch or cover under its own Message-ID and each reference.
fn index_refs(
    conn: &Connection,
    project_id: i64,
    kind: &str,
    id: i64,
    msgid: &str,
    refs: &[String],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO refs (project_id, msgid, owner_kind, owner_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in std::iter::once(msgid).chain(refs.iter().map(String::as_str)) {
        stmt.execute(params![project_id, r, kind, id])?;
    }
    Ok(())
}
