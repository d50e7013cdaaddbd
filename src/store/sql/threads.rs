//! The statements behind [`Threads`]: threading components (in
//! `pwingest_submission`), `patchwork_series` with the member that created
//! each (`pwingest_series`), `patchwork_seriesreference`, and revisions.

use chrono::NaiveDateTime;

use super::SqlStore;
use crate::error::Result;
use crate::fixes::Fixes;
use crate::model::Series;
use crate::series::{MemberKind, revision_key};
use crate::store::conn::Conn;
use crate::store::rows::*;
use crate::store::{
    CreatedSeries, Ledger, MarkerQuery, NewEvent, Placed, ReplayMark, SeriesRow, Threads,
};
use crate::vals;

impl<C: Conn> Threads for SqlStore<C> {
    fn components_by_msgids(&self, project_id: i64, msgids: &[&str]) -> Result<Vec<i64>> {
        // Every patch and cover that is or references one Message-ID is in
        // one component (the one that referenced it second joined the
        // first's, merging any others): one row each answers.
        let mut out = Vec::new();
        for m in msgids.iter().map(|m| super::msgid_key(m)) {
            out.extend(self.ids(
                "SELECT s.component FROM pwingest_ref r JOIN pwingest_submission s \
                 ON s.kind = r.owner_kind AND s.record_id = r.owner_id \
                 WHERE r.project_id = ?1 AND r.msgid = ?2 AND r.owner_kind IN ('p', 'c') AND s.component != 0 \
                 LIMIT 1",
                vals![project_id, m],
            )?);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    fn components_by_markers(&self, project_id: i64, q: &MarkerQuery) -> Result<Vec<i64>> {
        self.marker_components(project_id, q)
    }

    fn new_component(&mut self) -> Result<i64> {
        self.insert(
            "INSERT INTO pwingest_component DEFAULT VALUES RETURNING id",
            vals![],
        )
    }

    fn set_component(&mut self, kind: MemberKind, id: i64, component: i64) -> Result<()> {
        for sql in [
            "UPDATE pwingest_submission SET component = ?3 WHERE kind = ?1 AND record_id = ?2",
            "UPDATE pwingest_series SET component = ?3 WHERE creator_kind = ?1 AND creator_id = ?2",
        ] {
            self.exec_later(sql, vals![kind_code(kind), id, component])?;
        }
        self.forget_replay(component)
    }

    fn merge_components(&mut self, into: i64, from: &[i64]) -> Result<()> {
        for &c in from.iter().filter(|&&c| c != into) {
            for sql in [
                "UPDATE pwingest_submission SET component = ?1 WHERE component = ?2",
                "UPDATE pwingest_series SET component = ?1 WHERE component = ?2",
            ] {
                self.exec(sql, vals![into, c])?;
            }
            self.exec("DELETE FROM pwingest_component WHERE id = ?1", vals![c])?;
        }
        self.forget_replay(into)
    }

    fn component_members(&self, component: i64) -> Result<Vec<Placed>> {
        self.rows(
            "SELECT s.kind, s.record_id, p.msgid, s.refs, p.date, COALESCE(s.message_id, 0), p.submitter_id, \
                    s.version, s.x, s.n, p.name, p.series_id, p.number \
             FROM pwingest_submission s JOIN patchwork_patch p ON p.id = s.record_id \
             WHERE s.component = ?1 AND s.kind = 'p' \
             UNION ALL \
             SELECT s.kind, s.record_id, c.msgid, s.refs, c.date, COALESCE(s.message_id, 0), c.submitter_id, \
                    s.version, 0, s.n, c.name, \
                    (SELECT x.id FROM patchwork_series x WHERE x.cover_letter_id = c.id), NULL \
             FROM pwingest_submission s JOIN patchwork_cover c ON c.id = s.record_id \
             WHERE s.component = ?1 AND s.kind = 'c' ORDER BY 1 DESC, 2",
            vals![component],
            |r| {
                Ok(Placed {
                    member: member_from(r, 0)?,
                    series_id: r.get(11)?,
                    number: r.get(12)?,
                })
            },
        )
    }

    fn component_series(&self, component: i64) -> Result<Vec<SeriesRow>> {
        // The component's members stay the outer loop.
        let cross = self.conn.dialect().ordered_join();
        let sql = format!(
            "SELECT {SERIES_COLUMNS}, w.creator_kind, w.creator_id FROM patchwork_series s \
             JOIN pwingest_series w ON w.series_id = s.id WHERE s.id IN ( \
               SELECT w.series_id FROM pwingest_submission m {cross} pwingest_series w \
                 ON w.creator_kind = m.kind AND w.creator_id = m.record_id WHERE m.component = ?1 \
               UNION SELECT p.series_id FROM pwingest_submission m {cross} patchwork_patch p \
                 ON p.id = m.record_id WHERE m.component = ?1 AND m.kind = 'p' AND p.series_id IS NOT NULL \
               UNION SELECT x.id FROM pwingest_submission m {cross} patchwork_series x \
                 ON x.cover_letter_id = m.record_id WHERE m.component = ?1 AND m.kind = 'c') ORDER BY s.id"
        );
        self.rows(&sql, vals![component], |r| {
            Ok(SeriesRow {
                series: series_from(r)?,
                creator: (kind_from_code(&r.get::<String>(8)?), r.get(9)?),
            })
        })
    }

    fn save_series(&mut self, row: &SeriesRow) -> Result<i64> {
        let s = &row.series;
        // A cover letter belongs to one series (a unique column): the
        // series it leaves is updated or deleted later in the same regroup.
        if let Some(cover) = s.cover_id {
            self.exec(
                "UPDATE patchwork_series SET cover_letter_id = NULL WHERE cover_letter_id = ?1 AND id != ?2",
                vals![cover, s.id],
            )?;
        }
        let id = if s.id != 0 {
            self.exec_later(
                "UPDATE patchwork_series SET name = ?2, date = ?3, version = ?4, total = ?5, submitter_id = ?6, \
                 cover_letter_id = ?7 WHERE id = ?1",
                vals![s.id, s.name, date_to_sql(s.date), s.version, s.total, s.submitter_id, s.cover_id],
            )?;
            s.id
        } else {
            let id = self.insert(
                "INSERT INTO patchwork_series (name, date, version, total, project_id, submitter_id, \
                 cover_letter_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                vals![s.name, date_to_sql(s.date), s.version, s.total, s.project_id, s.submitter_id, s.cover_id],
            )?;
            self.add_event(NewEvent {
                category: "series-created",
                project_id: s.project_id,
                series_id: Some(id),
                patch_id: None,
                cover_id: None,
                comment_id: None,
            })?;
            id
        };
        self.exec_later(
            "INSERT INTO pwingest_series (series_id, creator_kind, creator_id, name_key, component) \
             VALUES (?1, ?2, ?3, ?4, COALESCE((SELECT m.component FROM pwingest_submission m \
               WHERE m.kind = ?2 AND m.record_id = ?3), 0)) \
             ON CONFLICT (series_id) DO UPDATE SET creator_kind = excluded.creator_kind, \
             creator_id = excluded.creator_id, name_key = excluded.name_key, component = excluded.component",
            vals![id, kind_code(row.creator.0), row.creator.1, s.name.as_deref().map(revision_key)],
        )?;
        Ok(id)
    }

    fn delete_series(&mut self, id: i64) -> Result<()> {
        self.forget_events("series_id", id)?;
        for sql in [
            "UPDATE patchwork_patch SET series_id = NULL, number = NULL WHERE series_id = ?1",
            "DELETE FROM patchwork_seriesreference WHERE series_id = ?1",
            "DELETE FROM pwingest_series_revision WHERE older_id = ?1 OR newer_id = ?1",
            "DELETE FROM pwingest_series WHERE series_id = ?1",
            "DELETE FROM patchwork_series WHERE id = ?1",
        ] {
            self.exec(sql, vals![id])?;
        }
        Ok(())
    }

    fn place_patch(&mut self, patch_id: i64, series: Option<(i64, i64)>) -> Result<()> {
        self.exec_later(
            "UPDATE patchwork_patch SET series_id = ?2, number = ?3 WHERE id = ?1",
            vals![patch_id, series.map(|s| s.0), series.map(|s| s.1)],
        )?;
        if self.tags_on_cover_letter()? {
            // Its series' cover letter replies count (or stop counting).
            self.tags_changed(patch_id, None)?;
        }
        Ok(())
    }

    fn reference_series(&mut self, project_id: i64, series_id: i64, msgids: &[&str]) -> Result<()> {
        // A reference longer than a msgid column is cut as Patchwork cuts it.
        for m in msgids.iter().map(|m| super::msgid_key(m)) {
            self.exec_later(
                "INSERT INTO patchwork_seriesreference (msgid, project_id, series_id) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (project_id, msgid) DO NOTHING",
                vals![m, project_id, series_id],
            )?;
        }
        Ok(())
    }

    fn numbers_below(&self, series_id: i64, number: i64) -> Result<i64> {
        Ok(self
            .row(
                "SELECT COUNT(*) FROM patchwork_patch WHERE series_id = ?1 AND number < ?2",
                vals![series_id, number],
                |r| r.get(0),
            )?
            .unwrap_or(0))
    }

    fn numbers_from(&self, series_id: i64, number: i64) -> Result<Vec<(i64, i64)>> {
        self.rows(
            "SELECT number, id FROM patchwork_patch WHERE series_id = ?1 AND number >= ?2 \
             ORDER BY number, id",
            vals![series_id, number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    fn replay_mark(&self, component: i64) -> Result<Option<ReplayMark>> {
        self.read_replay_mark(component)
    }

    fn set_replay_mark(
        &mut self,
        component: i64,
        tail: (MemberKind, i64),
        fixes: Fixes,
    ) -> Result<()> {
        self.write_replay_mark(component, Some(tail), fixes)
    }

    fn created_series(&self, component: i64, number: i64) -> Result<Option<Vec<CreatedSeries>>> {
        self.read_created_series(component, number)
    }

    fn numbered_after(
        &self,
        component: i64,
        number: i64,
        key: (NaiveDateTime, &str),
    ) -> Result<bool> {
        self.any_numbered_after(component, number, key)
    }

    fn series_revisions_of(
        &self,
        project_id: i64,
        submitter_id: i64,
        name: &str,
    ) -> Result<Vec<Series>> {
        self.rows(
            &format!(
                "SELECT {SERIES_COLUMNS} FROM pwingest_series w JOIN patchwork_series s ON s.id = w.series_id \
                 WHERE w.name_key = ?3 AND s.project_id = ?1 AND s.submitter_id = ?2"
            ),
            vals![project_id, submitter_id, revision_key(name)],
            series_from,
        )
    }

    fn link_revision(&mut self, older: i64, newer: i64) -> Result<()> {
        self.exec(
            "INSERT INTO pwingest_series_revision (older_id, newer_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            vals![older, newer],
        )?;
        Ok(())
    }

    fn revisions(&self, series_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let older = self.ids(
            "SELECT older_id FROM pwingest_series_revision WHERE newer_id = ?1 ORDER BY older_id",
            vals![series_id],
        )?;
        let newer = self.ids(
            "SELECT newer_id FROM pwingest_series_revision WHERE older_id = ?1 ORDER BY newer_id",
            vals![series_id],
        )?;
        Ok((older, newer))
    }
}
