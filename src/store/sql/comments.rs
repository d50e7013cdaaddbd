//! The statements behind [`Records`]: replies live in
//! `patchwork_patchcomment` / `patchwork_covercomment`, each with a
//! `pwingest_comment` row (sender, references, one id across both tables);
//! a reply whose parent has not arrived keeps its fields in that row alone.

use super::SqlStore;
use crate::error::Result;
use crate::model::Parent;
use crate::series::MemberKind;
use crate::store::conn::Conn;
use crate::store::rows::*;
use crate::store::{
    CommentLink, Ledger, NamedCover, NewComment, NewCover, NewEvent, NewPatch, ParentCandidate,
    Records,
};
use crate::vals;

/// A reply's own fields, wherever they are kept.
struct Fields {
    msgid: String,
    project_id: i64,
    date: String,
    headers: String,
    content: Option<String>,
    addressed: Option<bool>,
}

impl<C: Conn> Records for SqlStore<C> {
    fn patch_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>> {
        self.record_id(MemberKind::Patch, project_id, msgid)
    }

    fn cover_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>> {
        self.record_id(MemberKind::Cover, project_id, msgid)
    }

    fn msgid_of(&self, record: Parent) -> Result<Option<String>> {
        self.record_msgid(record)
    }

    fn covers_named(&self, name: &str) -> Result<Vec<NamedCover>> {
        self.cover_letters_named(name)
    }

    fn delete_cover(&mut self, id: i64) -> Result<()> {
        self.remove_cover(id)
    }

    fn parent_candidates(&self, project_id: i64, refs: &[String]) -> Result<Vec<ParentCandidate>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        // One statement for all refs; CROSS JOIN keeps the refs outermost.
        let keys: Vec<String> = refs
            .iter()
            .map(|r| super::msgid_key(r).to_string())
            .collect();
        let refs = crate::store::text::json_array(&keys);
        let dialect = self.conn.dialect();
        // Each ref probes each table's msgid index; a comment's parent is
        // checked by its id (never a scan of the project's records).
        let list = dialect.json_list("?2");
        let patches = dialect.probe(
            "patchwork_patch",
            "p",
            "p.msgid = r.msgid AND p.project_id = ?1",
        );
        let covers = dialect.probe(
            "patchwork_cover",
            "v",
            "v.msgid = r.msgid AND v.project_id = ?1",
        );
        let patch_comments = dialect.probe(
            "patchwork_patchcomment",
            "m",
            "m.msgid = r.msgid AND (SELECT p.project_id FROM patchwork_patch p WHERE p.id = m.patch_id) = ?1",
        );
        let cover_comments = dialect.probe(
            "patchwork_covercomment",
            "m",
            "m.msgid = r.msgid AND (SELECT v.project_id FROM patchwork_cover v WHERE v.id = m.cover_id) = ?1",
        );
        self.rows(
            &format!(
                "WITH r AS {list} \
                 SELECT r.pos, 'p', p.id, CAST(NULL AS INTEGER) FROM r {patches} \
                 UNION ALL SELECT r.pos, 'c', v.id, CAST(NULL AS INTEGER) FROM r {covers} \
                 UNION ALL SELECT r.pos, 'p', m.patch_id, m.id FROM r {patch_comments} \
                 UNION ALL SELECT r.pos, 'c', m.cover_id, m.id FROM r {cover_comments}"
            ),
            vals![project_id, &refs],
            |r| {
                Ok(ParentCandidate {
                    position: r.get::<i64>(0)? as usize,
                    record: parent_from(r.get(1)?, r.get(2)?).unwrap_or(Parent::Patch(0)),
                    via_comment: r.get(3)?,
                })
            },
        )
    }

    fn comment_exists(&self, project_id: i64, parent: Option<Parent>, msgid: &str) -> Result<bool> {
        let (sql, key) = match parent {
            Some(Parent::Patch(id)) => (
                "SELECT 1 FROM patchwork_patchcomment WHERE msgid = ?1 AND patch_id = ?2",
                id,
            ),
            Some(Parent::Cover(id)) => (
                "SELECT 1 FROM patchwork_covercomment WHERE msgid = ?1 AND cover_id = ?2",
                id,
            ),
            None => (
                "SELECT 1 FROM pwingest_comment WHERE msgid = ?1 AND project_id = ?2 AND kind IS NULL",
                project_id,
            ),
        };
        self.exists(sql, vals![msgid, key])
    }

    fn add_patch(&mut self, p: &NewPatch<'_>) -> Result<i64> {
        self.insert_patch(p)
    }

    fn add_cover(&mut self, c: &NewCover<'_>) -> Result<i64> {
        self.insert_cover(c)
    }

    fn add_comment(&mut self, c: &NewComment<'_>) -> Result<i64> {
        let fields = Fields {
            msgid: c.msgid.to_string(),
            project_id: c.project_id,
            date: date_to_sql(c.date),
            headers: c.headers.to_string(),
            content: Some(c.content.to_string()),
            addressed: c.addressed,
        };
        let (sender_name, sender_email) = match c.sender {
            Some((name, email)) => (name, Some(email)),
            None => (None, None),
        };
        let refs = c.refs.join("\n");
        let id = self.insert(
            "INSERT INTO pwingest_comment (message_id, project_id, msgid, refs, sender_name, sender_email) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            vals![c.message_id, c.project_id, c.msgid, &refs, sender_name, sender_email],
        )?;
        match (c.parent, c.submitter_id) {
            (Some(parent), Some(submitter)) => self.attach(id, &fields, parent, submitter)?,
            _ => self.keep_pending(id, &fields)?,
        }
        // Replies are indexed only by what they reference: their own
        // Message-ID is found through `pwingest_comment_msgid`.
        for r in c.refs.iter().map(|r| super::msgid_key(r)) {
            self.exec_later(
                "INSERT INTO pwingest_ref (project_id, msgid, owner_kind, owner_id) VALUES (?1, ?2, 'm', ?3)",
                vals![c.project_id, r, id],
            )?;
        }
        Ok(id)
    }

    fn set_comment_parent(&mut self, id: i64, parent: Parent, submitter_id: i64) -> Result<()> {
        let Some(fields) = self.take_fields(id)? else {
            return Ok(());
        };
        self.attach(id, &fields, parent, submitter_id)?;
        self.reply_mail_follows(id, true)
    }

    fn comments_referencing(&self, project_id: i64, msgid: &str) -> Result<Vec<CommentLink>> {
        self.rows(
            "SELECT c.id, c.msgid, c.kind, CASE c.kind \
               WHEN 'p' THEN (SELECT patch_id FROM patchwork_patchcomment WHERE id = c.record_id) \
               WHEN 'c' THEN (SELECT cover_id FROM patchwork_covercomment WHERE id = c.record_id) END, \
             c.refs, c.sender_name, c.sender_email, c.message_id \
             FROM pwingest_ref r JOIN pwingest_comment c ON c.id = r.owner_id \
             WHERE r.project_id = ?1 AND r.msgid = ?2 AND r.owner_kind = 'm' ORDER BY c.id",
            vals![project_id, msgid],
            |r| {
                let email: Option<String> = r.get(6)?;
                Ok(CommentLink {
                    id: r.get(0)?,
                    msgid: r.get(1)?,
                    parent: parent_from(r.get(2)?, r.get(3)?),
                    refs: split_refs(&r.get::<String>(4)?),
                    sender: email.map(|e| (r.get(5).unwrap_or(None), e)),
                    message_id: r.get(7)?,
                })
            },
        )
    }
}

impl<C: Conn> SqlStore<C> {
    /// Stores reply `id` as a comment of `parent`, with its event (and the
    /// patch's tag counts).
    fn attach(&mut self, id: i64, f: &Fields, parent: Parent, submitter: i64) -> Result<()> {
        let (sql, category, record) = match parent {
            Parent::Patch(p) => (
                "INSERT INTO patchwork_patchcomment (msgid, date, headers, content, submitter_id, patch_id, \
                 addressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                "patch-comment-created",
                p,
            ),
            Parent::Cover(c) => (
                "INSERT INTO patchwork_covercomment (msgid, date, headers, content, submitter_id, cover_id, \
                 addressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                "cover-comment-created",
                c,
            ),
        };
        let comment = self.insert(
            sql,
            vals![
                &f.msgid,
                &f.date,
                &f.headers,
                &f.content,
                submitter,
                record,
                f.addressed
            ],
        )?;
        let (kind, _) = parent_parts(Some(parent));
        self.exec_later(
            "UPDATE pwingest_comment SET kind = ?2, record_id = ?3, date = NULL, headers = NULL, \
             content = NULL, addressed = NULL WHERE id = ?1",
            vals![id, kind, comment],
        )?;
        let (patch_id, cover_id) = match parent {
            Parent::Patch(p) => (Some(p), None),
            Parent::Cover(c) => (None, Some(c)),
        };
        self.add_event(NewEvent {
            category,
            project_id: f.project_id,
            series_id: None,
            patch_id,
            cover_id,
            comment_id: Some(comment),
        })?;
        match parent {
            Parent::Patch(p) => self.tags_changed(p, f.content.as_deref())?,
            Parent::Cover(c) => self.cover_tags_changed(c, f.content.as_deref())?,
        }
        Ok(())
    }

    /// Keeps reply `id` pending: its fields stay in its own row.
    fn keep_pending(&mut self, id: i64, f: &Fields) -> Result<()> {
        self.exec_later(
            "UPDATE pwingest_comment SET kind = NULL, record_id = NULL, date = ?2, headers = ?3, content = ?4, \
             addressed = ?5 WHERE id = ?1",
            vals![id, f.date, f.headers, f.content, f.addressed],
        )?;
        Ok(())
    }

    /// A reply's fields, taken out of the comment row it is stored as
    /// (which goes, with its events), or out of its pending row.
    fn take_fields(&mut self, id: i64) -> Result<Option<Fields>> {
        let Some((kind, record, pending)) = self.row(
            "SELECT kind, record_id, msgid, project_id, date, headers, content, addressed \
             FROM pwingest_comment WHERE id = ?1",
            vals![id],
            |r| {
                Ok((
                    r.get::<Option<String>>(0)?,
                    r.get::<Option<i64>>(1)?,
                    Fields {
                        msgid: r.get(2)?,
                        project_id: r.get(3)?,
                        date: r.get::<Option<String>>(4)?.unwrap_or_default(),
                        headers: r.get::<Option<String>>(5)?.unwrap_or_default(),
                        content: r.get(6)?,
                        addressed: r.get(7)?,
                    },
                ))
            },
        )?
        else {
            return Ok(None);
        };
        let (table, parent_column, event_column) = match (kind.as_deref(), record) {
            (Some("p"), Some(_)) => ("patchwork_patchcomment", "patch_id", "patch_comment_id"),
            (Some("c"), Some(_)) => ("patchwork_covercomment", "cover_id", "cover_comment_id"),
            _ => return Ok(Some(pending)),
        };
        let record = record.unwrap_or_default();
        let stored = self.row(
            &format!("SELECT date, headers, content, addressed, {parent_column} FROM {table} WHERE id = ?1"),
            vals![record],
            |r| {
                Ok((
                    Fields {
                        date: r.get(0)?,
                        headers: r.get(1)?,
                        content: r.get(2)?,
                        addressed: r.get(3)?,
                        ..pending
                    },
                    r.get::<i64>(4)?,
                ))
            },
        )?;
        self.forget_events(event_column, record)?;
        self.exec(&format!("DELETE FROM {table} WHERE id = ?1"), vals![record])?;
        Ok(match stored {
            Some((fields, parent)) => {
                if kind.as_deref() == Some("p") {
                    self.tags_changed(parent, fields.content.as_deref())?;
                } else {
                    self.cover_tags_changed(parent, fields.content.as_deref())?;
                }
                Some(fields)
            }
            // Deleted through Patchwork's admin: nothing left to move.
            None => None,
        })
    }

    /// The replies of a cover letter about to go become pending again.
    pub(super) fn detach_comments(&mut self, parent: Parent) -> Result<()> {
        let Parent::Cover(cover) = parent else {
            return Ok(());
        };
        let ids = self.ids(
            "SELECT c.id FROM patchwork_covercomment m JOIN pwingest_comment c \
             ON c.kind = 'c' AND c.record_id = m.id WHERE m.cover_id = ?1",
            vals![cover],
        )?;
        for id in ids {
            if let Some(fields) = self.take_fields(id)? {
                self.keep_pending(id, &fields)?;
                self.reply_mail_follows(id, false)?;
            }
        }
        Ok(())
    }
}
