//! SQLite statements behind [`Records`]: patches, cover letters, comments.

use rusqlite::{Connection, OptionalExtension, params};

use super::SqliteStore;
use crate::error::Result;
use crate::model::Parent;
use crate::store::rows::*;
use crate::store::{
    CommentLink, NamedCover, NewComment, NewCover, NewPatch, ParentCandidate, Records, Threads,
};

impl Records for SqliteStore {
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

    fn msgid_of(&self, record: Parent) -> Result<Option<String>> {
        match record {
            Parent::Patch(id) => self.row("SELECT msgid FROM patches WHERE id = ?1", [id], |r| {
                r.get(0)
            }),
            Parent::Cover(id) => {
                self.row("SELECT msgid FROM covers WHERE id = ?1", [id], |r| r.get(0))
            }
        }
    }

    fn covers_named(&self, name: &str) -> Result<Vec<NamedCover>> {
        self.rows(
            "SELECT c.id, c.project_id, c.msgid, c.date, c.refs != '', c.message_id, c.component, p.link_name \
             FROM covers c JOIN projects p ON p.id = c.project_id WHERE c.name = ?1",
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
                    project_link_name: r.get(7)?,
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

    fn parent_candidates(&self, project_id: i64, refs: &[String]) -> Result<Vec<ParentCandidate>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        // One statement for all refs; CROSS JOIN keeps the refs outermost.
        let refs = serde_json::to_string(refs).map_err(std::io::Error::from)?;
        self.rows(
            "WITH r (pos, msgid) AS (SELECT key, value FROM json_each(?2)) \
             SELECT r.pos, 'p', p.id, NULL FROM r CROSS JOIN patches p \
               ON p.project_id = ?1 AND p.msgid = r.msgid \
             UNION ALL SELECT r.pos, 'c', v.id, NULL FROM r CROSS JOIN covers v \
               ON v.project_id = ?1 AND v.msgid = r.msgid \
             UNION ALL SELECT r.pos, c.parent_kind, c.parent_id, c.id FROM r CROSS JOIN comments c \
               ON c.project_id = ?1 AND c.msgid = r.msgid AND c.parent_kind IS NOT NULL",
            params![project_id, refs],
            |r| {
                Ok(ParentCandidate {
                    position: r.get::<_, i64>(0)? as usize,
                    record: parent_from(r.get(1)?, r.get(2)?).unwrap_or(Parent::Patch(0)),
                    via_comment: r.get(3)?,
                })
            },
        )
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
        let component = match p.replaces {
            Some(old) => self.discard("patches", old)?,
            None => 0,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO patches (message_id, project_id, msgid, name, date, headers, submitter_id, content, \
                 diff, hash, pull_url, state, version, x, n, refs, component, acked, reviewed, tested, id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?21, ?17, ?18, ?19, ?20)",
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
                p.tags.tested,
                p.replaces,
                component
            ])?;
        let id = self.conn.last_insert_rowid();
        index_refs(&self.conn, p.project_id, "p", id, p.msgid, p.refs)?;
        Ok(id)
    }

    fn add_cover(&mut self, c: &NewCover<'_>) -> Result<i64> {
        let component = match c.replaces {
            Some(old) => self.discard("covers", old)?,
            None => 0,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO covers (message_id, project_id, msgid, name, date, headers, submitter_id, content, \
                 version, n, refs, component, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?12)",
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
                c.refs.join("\n"),
                c.replaces,
                component
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

impl SqliteStore {
    /// Removes a patch or cover row and the mail it came from, so that
    /// another mail with the same Message-ID takes its id. Its reference
    /// rows stay, and the new record starts in the old one's thread
    /// component, so the whole component is regrouped with it.
    /// Returns the thread component the new record starts in.
    fn discard(&mut self, table: &str, id: i64) -> Result<i64> {
        let (message, component): (i64, i64) = self
            .conn
            .prepare_cached(&format!(
                "SELECT message_id, component FROM {table} WHERE id = ?1"
            ))?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        self.conn
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([id])?;
        self.conn
            .prepare_cached("DELETE FROM messages WHERE id = ?1")?
            .execute([message])?;
        Ok(component)
    }
}
