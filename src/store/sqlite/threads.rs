//! SQLite statements behind [`Threads`]: components and series.

use rusqlite::params;

use super::SqliteStore;
use crate::error::Result;
use crate::model::Series;
use crate::series::{Member, MemberKind, revision_key};
use crate::store::rows::*;
use crate::store::{MarkerQuery, Placed, SeriesRow, Threads};

impl Threads for SqliteStore {
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
        // CROSS JOIN keeps the component's members as the outer loop: left
        // to itself the planner walked every series by `creator_kind`.
        let sql = format!(
            "SELECT {SERIES_COLUMNS}, creator_kind, creator_id FROM series WHERE id IN ( \
               SELECT s.id FROM patches p CROSS JOIN series s ON s.creator_kind = 'p' AND s.creator_id = p.id WHERE p.component = ?1 \
               UNION SELECT s.id FROM covers c CROSS JOIN series s ON s.creator_kind = 'c' AND s.creator_id = c.id WHERE c.component = ?1 \
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

    fn save_series(&mut self, row: &SeriesRow) -> Result<i64> {
        let s = &row.series;
        self.conn
            .prepare_cached(
                "INSERT INTO series (id, project_id, name, date, submitter_id, version, total, cover_id, \
                 creator_kind, creator_id, name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, date = excluded.date, \
                 submitter_id = excluded.submitter_id, version = excluded.version, total = excluded.total, \
                 cover_id = excluded.cover_id, creator_kind = excluded.creator_kind, \
                 creator_id = excluded.creator_id, name_key = excluded.name_key",
            )?
            .execute(params![
                (s.id != 0).then_some(s.id),
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
        Ok(if s.id != 0 {
            s.id
        } else {
            self.conn.last_insert_rowid()
        })
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
}
