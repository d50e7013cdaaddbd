//! The statements behind [`Records`] for patches and cover letters:
//! `patchwork_patch` / `patchwork_cover` rows, their `pwingest_submission`
//! series inputs and their entries in the thread index.

use super::SqlStore;
use super::steps::bucket;
use crate::error::Result;
use crate::model::Parent;
use crate::series::MemberKind;
use crate::store::conn::Conn;
use crate::store::rows::*;
use crate::store::text;
use crate::store::{Ledger, NamedCover, NewCover, NewEvent, NewPatch, Threads};
use crate::vals;

/// A submission's series inputs, as `pwingest_submission` keeps them.
pub(super) struct Inputs<'a> {
    pub kind: MemberKind,
    pub id: i64,
    pub message_id: Option<i64>,
    pub project_id: i64,
    pub submitter_id: i64,
    pub date: &'a str,
    pub version: i64,
    pub x: Option<i64>,
    pub n: Option<i64>,
    pub msgid: &'a str,
    pub refs: &'a [String],
}

impl<C: Conn> SqlStore<C> {
    pub(super) fn record_id(
        &self,
        kind: MemberKind,
        project_id: i64,
        msgid: &str,
    ) -> Result<Option<i64>> {
        let sql = match kind {
            MemberKind::Patch => {
                "SELECT id FROM patchwork_patch WHERE msgid = ?2 AND project_id = ?1"
            }
            MemberKind::Cover => {
                "SELECT id FROM patchwork_cover WHERE msgid = ?2 AND project_id = ?1"
            }
        };
        self.row(sql, vals![project_id, msgid], |r| r.get(0))
    }

    pub(super) fn record_msgid(&self, record: Parent) -> Result<Option<String>> {
        match record {
            Parent::Patch(id) => self.row(
                "SELECT msgid FROM patchwork_patch WHERE id = ?1",
                vals![id],
                |r| r.get(0),
            ),
            Parent::Cover(id) => self.row(
                "SELECT msgid FROM patchwork_cover WHERE id = ?1",
                vals![id],
                |r| r.get(0),
            ),
        }
    }

    pub(super) fn cover_letters_named(&self, name: &str) -> Result<Vec<NamedCover>> {
        self.rows(
            "SELECT c.id, c.project_id, c.msgid, c.date, COALESCE(s.refs, '') != '', s.message_id, \
             COALESCE(s.component, 0), p.linkname FROM patchwork_cover c \
             JOIN patchwork_project p ON p.id = c.project_id \
             LEFT JOIN pwingest_submission s ON s.kind = 'c' AND s.record_id = c.id WHERE c.name = ?1",
            vals![name],
            |r| {
                Ok(NamedCover {
                    id: r.get(0)?,
                    project_id: r.get(1)?,
                    msgid: r.get(2)?,
                    date: date_from_sql(&r.get::<String>(3)?),
                    threaded: r.get(4)?,
                    message_id: r.get(5)?,
                    component: r.get(6)?,
                    project_link_name: r.get(7)?,
                })
            },
        )
    }

    /// Removes a cover letter that turns out to be a comment.
    pub(super) fn remove_cover(&mut self, id: i64) -> Result<()> {
        let created = self.ids(
            "SELECT series_id FROM pwingest_series WHERE creator_kind = 'c' AND creator_id = ?1",
            vals![id],
        )?;
        for series in created {
            self.delete_series(series)?;
        }
        self.detach_comments(Parent::Cover(id))?;
        self.forget_events("cover_id", id)?;
        if let Some(component) = self.row(
            "SELECT component FROM pwingest_submission WHERE kind = 'c' AND record_id = ?1",
            vals![id],
            |r| r.get::<i64>(0),
        )? {
            self.forget_replay(component)?;
        }
        for sql in [
            "UPDATE patchwork_series SET cover_letter_id = NULL WHERE cover_letter_id = ?1",
            "DELETE FROM pwingest_ref WHERE owner_kind = 'c' AND owner_id = ?1",
            "DELETE FROM pwingest_submission WHERE kind = 'c' AND record_id = ?1",
            "DELETE FROM patchwork_cover WHERE id = ?1",
        ] {
            self.exec(sql, vals![id])?;
        }
        Ok(())
    }

    pub(super) fn insert_patch(&mut self, p: &NewPatch<'_>) -> Result<i64> {
        let date = date_to_sql(p.date);
        // `pull_url` is a varchar(255) that Patchwork's parser does not
        // cut: PostgreSQL would refuse a longer one, so both engines keep
        // its first 255 characters, as Patchwork does with Message-IDs.
        let pull_url = p.pull_url.map(|u| text::cut(u, 255));
        let id = match p.replaces {
            Some(old) => {
                // The earlier mail with this Message-ID takes the row over:
                // what the mail says changes, what people set stays.
                self.exec(
                    "UPDATE patchwork_patch SET date = ?2, headers = ?3, content = ?4, name = ?5, \
                     submitter_id = ?6, diff = ?7, hash = ?8, pull_url = ?9 WHERE id = ?1",
                    vals![
                        old,
                        date,
                        p.headers,
                        p.content,
                        p.name,
                        p.submitter_id,
                        p.diff,
                        p.hash,
                        pull_url
                    ],
                )?;
                self.discard_inputs(MemberKind::Patch, old)?;
                old
            }
            None => {
                let state = self.state_id(p.state)?;
                let id = self.insert(
                    "INSERT INTO patchwork_patch (msgid, date, headers, content, name, project_id, submitter_id, \
                     archived, commit_ref, delegate_id, diff, hash, number, pull_url, related_id, series_id, \
                     state_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10, ?11, NULL, ?12, NULL, NULL, ?13) \
                     RETURNING id",
                    vals![
                        p.msgid, &date, p.headers, p.content, p.name, p.project_id, p.submitter_id, false,
                        p.delegate_id, p.diff, p.hash, pull_url, state
                    ],
                )?;
                self.add_event(NewEvent {
                    category: "patch-created",
                    project_id: p.project_id,
                    series_id: None,
                    patch_id: Some(id),
                    cover_id: None,
                    comment_id: None,
                })?;
                id
            }
        };
        // A replaced patch's old content may have had tags: recount.
        let changed = p.replaces.is_none().then_some(p.content);
        self.tags_changed(id, changed)?;
        self.add_inputs(&Inputs {
            kind: MemberKind::Patch,
            id,
            message_id: Some(p.message_id),
            project_id: p.project_id,
            submitter_id: p.submitter_id,
            date: &date,
            version: p.version,
            x: p.x,
            n: p.n,
            msgid: p.msgid,
            refs: p.refs,
        })?;
        Ok(id)
    }

    pub(super) fn insert_cover(&mut self, c: &NewCover<'_>) -> Result<i64> {
        let date = date_to_sql(c.date);
        let id = match c.replaces {
            Some(old) => {
                self.exec(
                    "UPDATE patchwork_cover SET date = ?2, headers = ?3, content = ?4, name = ?5, \
                     submitter_id = ?6 WHERE id = ?1",
                    vals![old, date, c.headers, c.content, c.name, c.submitter_id],
                )?;
                self.discard_inputs(MemberKind::Cover, old)?;
                old
            }
            None => {
                let id = self.insert(
                    "INSERT INTO patchwork_cover (msgid, date, headers, content, name, project_id, submitter_id) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    vals![c.msgid, &date, c.headers, c.content, c.name, c.project_id, c.submitter_id],
                )?;
                self.add_event(NewEvent {
                    category: "cover-created",
                    project_id: c.project_id,
                    series_id: None,
                    patch_id: None,
                    cover_id: Some(id),
                    comment_id: None,
                })?;
                id
            }
        };
        self.add_inputs(&Inputs {
            kind: MemberKind::Cover,
            id,
            message_id: Some(c.message_id),
            project_id: c.project_id,
            submitter_id: c.submitter_id,
            date: &date,
            version: c.version,
            x: None,
            n: c.n,
            msgid: c.msgid,
            refs: c.refs,
        })?;
        Ok(id)
    }

    /// Records a submission's series inputs and indexes it under its own
    /// Message-ID and each reference; component 0 = not threaded yet,
    /// unless it replaces a record whose component it keeps.
    pub(super) fn add_inputs(&mut self, s: &Inputs<'_>) -> Result<()> {
        let kind = kind_code(s.kind);
        let component = self
            .row(
                "SELECT component FROM pwingest_submission WHERE kind = ?1 AND record_id = ?2",
                vals![kind, s.id],
                |r| r.get::<i64>(0),
            )?
            .unwrap_or(0);
        if component != 0 {
            // A member changes: its component is replayed anew.
            self.forget_replay(component)?;
        }
        self.exec_later(
            "INSERT INTO pwingest_submission (kind, record_id, message_id, project_id, submitter_id, \
             date, version, x, n, refs, component, bucket) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
             ON CONFLICT (kind, record_id) DO UPDATE SET message_id = excluded.message_id, \
             project_id = excluded.project_id, submitter_id = excluded.submitter_id, date = excluded.date, \
             version = excluded.version, x = excluded.x, n = excluded.n, refs = excluded.refs, \
             component = excluded.component, bucket = excluded.bucket",
            vals![
                kind, s.id, s.message_id, s.project_id, s.submitter_id, s.date, s.version, s.x, s.n,
                s.refs.join("\n"), component, bucket(date_from_sql(s.date))
            ],
        )?;
        for r in std::iter::once(s.msgid)
            .chain(s.refs.iter().map(String::as_str))
            .map(super::msgid_key)
        {
            self.exec_later(
                "INSERT INTO pwingest_ref (project_id, msgid, owner_kind, owner_id) VALUES (?1, ?2, ?3, ?4)",
                vals![s.project_id, r, kind, s.id],
            )?;
        }
        Ok(())
    }

    /// Drops the index entries and the mail of a record another mail
    /// with its Message-ID takes over (its component stays).
    fn discard_inputs(&mut self, kind: MemberKind, id: i64) -> Result<()> {
        let kind = kind_code(kind);
        if let Some(Some(message)) = self.row(
            "SELECT message_id FROM pwingest_submission WHERE kind = ?1 AND record_id = ?2",
            vals![kind, id],
            |r| r.get::<Option<i64>>(0),
        )? {
            self.exec("DELETE FROM pwingest_message WHERE id = ?1", vals![message])?;
        }
        self.exec(
            "DELETE FROM pwingest_ref WHERE owner_kind = ?1 AND owner_id = ?2",
            vals![kind, id],
        )?;
        Ok(())
    }

    /// `find_state`: the state named `name` case-insensitively, else the
    /// default (lowest ordering).
    fn state_id(&self, name: Option<&str>) -> Result<Option<i64>> {
        if let Some(name) = name {
            let found = self.row(
                &format!(
                    "SELECT id FROM patchwork_state WHERE {} ORDER BY id LIMIT 1",
                    self.conn.dialect().iexact("name", "?1")
                ),
                vals![name],
                |r| r.get(0),
            )?;
            if found.is_some() {
                return Ok(found);
            }
        }
        self.row(
            "SELECT id FROM patchwork_state ORDER BY ordering LIMIT 1",
            vals![],
            |r| r.get(0),
        )
    }
}
