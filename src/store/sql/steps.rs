//! The statements behind one series step (`series::step`,
//! `ingest::series_step`): a component's replay mark in
//! `pwingest_component`, the series its members created (through
//! `pwingest_series.component`), the numbers a series holds, and the
//! series-marker search by 20-minute slot. Each reads what one new member
//! touches, never a whole component or series.

use chrono::NaiveDateTime;

use super::SqlStore;
use crate::error::Result;
use crate::fixes::Fixes;
use crate::series::MemberKind;
use crate::store::conn::{Conn, Value};
use crate::store::rows::*;
use crate::store::{CreatedSeries, MarkerQuery, ReplayMark, SeriesRow};
use crate::vals;

/// The columns of `pwingest_records_seen`, as `record_counts` gives them.
const SEEN_COLUMNS: &str = "patches, max_patch, covers, max_cover, series, max_series";

/// Seconds in one slot of `pwingest_submission.bucket`.
const BUCKET_SECONDS: i64 = 1200;

/// The slot of a naive date (as the version 2 migration computes it from
/// the stored text: whole seconds since the epoch, divided, truncated).
pub(super) fn bucket(date: NaiveDateTime) -> i64 {
    date.and_utc().timestamp() / BUCKET_SECONDS
}

impl<C: Conn> SqlStore<C> {
    pub(super) fn read_replay_mark(&self, component: i64) -> Result<Option<ReplayMark>> {
        let mark = self.row(
            "SELECT c.replayed_kind, c.replayed_id, c.replayed_fixes, COALESCE(p.date, v.date), \
             COALESCE(p.msgid, v.msgid) FROM pwingest_component c \
             JOIN pwingest_submission m ON m.kind = c.replayed_kind AND m.record_id = c.replayed_id \
             LEFT JOIN patchwork_patch p ON c.replayed_kind = 'p' AND p.id = c.replayed_id \
             LEFT JOIN patchwork_cover v ON c.replayed_kind = 'c' AND v.id = c.replayed_id \
             WHERE c.id = ?1 AND m.component = ?1",
            vals![component],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<Option<String>>(3)?,
                    r.get::<Option<String>>(4)?,
                ))
            },
        )?;
        Ok(mark.and_then(|(kind, id, fixes, date, msgid)| {
            Some(ReplayMark {
                tail: (kind_from_code(&kind), id),
                date: date_from_sql(&date?),
                msgid: msgid?,
                fixes: Fixes::from_bits(u16::try_from(fixes).ok()?),
            })
        }))
    }

    pub(super) fn write_replay_mark(
        &mut self,
        component: i64,
        tail: Option<(MemberKind, i64)>,
        fixes: Fixes,
    ) -> Result<()> {
        self.exec_later(
            "UPDATE pwingest_component SET replayed_kind = ?2, replayed_id = ?3, replayed_fixes = ?4 \
             WHERE id = ?1",
            vals![
                component,
                tail.map(|t| kind_code(t.0)),
                tail.map(|t| t.1),
                tail.map(|_| i64::from(fixes.bits()))
            ],
        )?;
        Ok(())
    }

    /// The components that lost a patch, cover letter or series to the
    /// site since pwingest last committed (seen by the record counts and
    /// highest ids) are not replayed any more: their next member replays
    /// them whole.
    pub(super) fn forget_replays_of_deleted_records(&mut self) -> Result<()> {
        let seen = self.row(
            &format!("SELECT {SEEN_COLUMNS} FROM pwingest_records_seen"),
            vals![],
            |r| {
                (0..6)
                    .map(|i| r.get::<i64>(i))
                    .collect::<Result<Vec<i64>>>()
            },
        )?;
        if seen.as_deref() == Some(&self.record_counts()?[..]) {
            return Ok(());
        }
        let touched = self.ids(
            "SELECT s.component FROM pwingest_submission s WHERE s.component != 0 AND ( \
               (s.kind = 'p' AND NOT EXISTS (SELECT 1 FROM patchwork_patch p WHERE p.id = s.record_id)) \
               OR (s.kind = 'c' AND NOT EXISTS (SELECT 1 FROM patchwork_cover c WHERE c.id = s.record_id))) \
             UNION SELECT w.component FROM pwingest_series w \
             WHERE NOT EXISTS (SELECT 1 FROM patchwork_series x WHERE x.id = w.series_id)",
            vals![],
        )?;
        for component in touched {
            self.forget_replay(component)?;
        }
        Ok(())
    }

    /// Keeps the record counts this transaction leaves (before it commits).
    pub(super) fn remember_record_counts(&mut self) -> Result<()> {
        let c = self.record_counts()?;
        self.exec("DELETE FROM pwingest_records_seen", vals![])?;
        self.exec(
            &format!(
                "INSERT INTO pwingest_records_seen ({SEEN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ),
            vals![c[0], c[1], c[2], c[3], c[4], c[5]],
        )?;
        Ok(())
    }

    /// How many patches, cover letters and series there are, and their
    /// highest ids (Django's never come again: a deletion and an insertion
    /// between two commits still show).
    fn record_counts(&self) -> Result<Vec<i64>> {
        let counts = self.row(
            "SELECT (SELECT COUNT(*) FROM patchwork_patch), (SELECT COALESCE(MAX(id), 0) FROM patchwork_patch), \
             (SELECT COUNT(*) FROM patchwork_cover), (SELECT COALESCE(MAX(id), 0) FROM patchwork_cover), \
             (SELECT COUNT(*) FROM patchwork_series), (SELECT COALESCE(MAX(id), 0) FROM patchwork_series)",
            vals![],
            |r| (0..6).map(|i| r.get::<i64>(i)).collect::<Result<Vec<i64>>>(),
        )?;
        Ok(counts.unwrap_or_default())
    }

    /// Marks components not replayed (their members changed).
    pub(super) fn forget_replay(&mut self, component: i64) -> Result<()> {
        self.write_replay_mark(component, None, Fixes::NONE)
    }

    pub(super) fn read_created_series(
        &self,
        component: i64,
        number: i64,
    ) -> Result<Option<Vec<CreatedSeries>>> {
        // The creator's columns as `component_members` reads a member; a
        // creator whose record is gone (deleted by the site) has none.
        let rows = self.rows(
            &format!(
                "SELECT {SERIES_COLUMNS}, w.creator_kind, w.creator_id, COALESCE(p.msgid, v.msgid), m.refs, \
                 COALESCE(p.date, v.date), COALESCE(m.message_id, 0), COALESCE(p.submitter_id, v.submitter_id), \
                 m.version, CASE WHEN m.kind = 'c' THEN 0 ELSE m.x END, m.n, COALESCE(p.name, v.name), \
                 CASE WHEN EXISTS (SELECT 1 FROM patchwork_patch q WHERE q.series_id = s.id AND q.number = ?2) \
                 THEN 1 ELSE 0 END, COALESCE(p.id, v.id) \
                 FROM pwingest_series w JOIN patchwork_series s ON s.id = w.series_id \
                 JOIN pwingest_submission m ON m.kind = w.creator_kind AND m.record_id = w.creator_id \
                 LEFT JOIN patchwork_patch p ON w.creator_kind = 'p' AND p.id = w.creator_id \
                 LEFT JOIN patchwork_cover v ON w.creator_kind = 'c' AND v.id = w.creator_id \
                 WHERE w.component = ?1 ORDER BY s.id"
            ),
            vals![component, number],
            |r| {
                if r.get::<Option<i64>>(20)?.is_none() {
                    return Ok(None);
                }
                let creator = member_from(r, 8)?;
                Ok(Some(CreatedSeries {
                    row: SeriesRow {
                        series: series_from(r)?,
                        creator: (creator.kind, creator.id),
                    },
                    creator,
                    has_number: r.get(19)?,
                }))
            },
        )?;
        Ok(rows.into_iter().collect())
    }

    pub(super) fn any_numbered_after(
        &self,
        component: i64,
        number: i64,
        key: (NaiveDateTime, &str),
    ) -> Result<bool> {
        // The stored date text orders as the date does (or, with a `T`,
        // after it): a superset, compared exactly below.
        let later = self.rows(
            "SELECT p.date, p.msgid FROM pwingest_submission s JOIN patchwork_patch p ON p.id = s.record_id \
             WHERE s.component = ?1 AND s.x = ?2 AND s.date >= ?3 AND s.kind = 'p'",
            vals![component, number, date_to_sql(key.0)],
            |r| Ok((date_from_sql(&r.get::<String>(0)?), r.get::<String>(1)?)),
        )?;
        Ok(later
            .iter()
            .any(|(date, msgid)| (*date, msgid.as_str()) > key))
    }

    /// `components_by_markers`: per candidate `(kind, n)` and per slot the
    /// window touches, each component of the slot once (the next one by
    /// id, then whether it has a member inside the window).
    pub(super) fn marker_components(&self, project_id: i64, q: &MarkerQuery) -> Result<Vec<i64>> {
        // (kind, n): numbered patches of the total, an unnumbered patch
        // counting as 1/1, cover letters of the total; an unnumbered member
        // (or a cover letter) finds numbered patches only.
        let mut probes: Vec<(&str, Option<i64>)> = vec![("p", Some(q.total))];
        if q.numbered {
            if q.total == 1 {
                probes.push(("p", None));
            }
            probes.push(("c", Some(q.total)));
        }
        let (from, to) = (date_to_sql(q.from), date_to_sql(q.to));
        let mut out = Vec::new();
        for (kind, n) in probes {
            let (n_is, at) = match n {
                Some(_) => ("n = ?6", 7),
                None => ("n IS NULL", 6),
            };
            let same = format!(
                "project_id = ?1 AND submitter_id = ?2 AND version = ?3 AND kind = ?4 AND bucket = ?5 AND {n_is}"
            );
            let next = format!(
                "SELECT component FROM pwingest_submission WHERE {same} AND component > ?{at} \
                 ORDER BY component LIMIT 1"
            );
            let inside = format!(
                "SELECT 1 FROM pwingest_submission WHERE {same} AND component = ?{at} \
                 AND date BETWEEN ?{} AND ?{} LIMIT 1",
                at + 1,
                at + 2
            );
            for slot in bucket(q.from)..=bucket(q.to) {
                let mut same_values =
                    vals![project_id, q.submitter_id, q.version, kind, slot].to_vec();
                same_values.extend(n.map(Value::Int));
                let mut after = 0;
                while let Some(c) =
                    self.row(&next, &[&same_values[..], vals![after]].concat(), |r| {
                        r.get::<i64>(0)
                    })?
                {
                    after = c;
                    if !out.contains(&c)
                        && self
                            .exists(&inside, &[&same_values[..], vals![c, &from, &to]].concat())?
                    {
                        out.push(c);
                    }
                }
            }
        }
        out.sort_unstable();
        Ok(out)
    }
}
