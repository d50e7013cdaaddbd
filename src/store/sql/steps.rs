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
        self.exec(
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

    /// Marks components not replayed (their members changed).
    pub(super) fn forget_replay(&mut self, component: i64) -> Result<()> {
        self.write_replay_mark(component, None, Fixes::NONE)
    }

    pub(super) fn read_created_series(
        &self,
        component: i64,
        number: i64,
    ) -> Result<Vec<CreatedSeries>> {
        // The creator's columns as `component_members` reads a member.
        self.rows(
            &format!(
                "SELECT {SERIES_COLUMNS}, w.creator_kind, w.creator_id, COALESCE(p.msgid, v.msgid), m.refs, \
                 COALESCE(p.date, v.date), COALESCE(m.message_id, 0), COALESCE(p.submitter_id, v.submitter_id), \
                 m.version, CASE WHEN m.kind = 'c' THEN 0 ELSE m.x END, m.n, COALESCE(p.name, v.name), \
                 CASE WHEN EXISTS (SELECT 1 FROM patchwork_patch q WHERE q.series_id = s.id AND q.number = ?2) \
                 THEN 1 ELSE 0 END \
                 FROM pwingest_series w JOIN patchwork_series s ON s.id = w.series_id \
                 JOIN pwingest_submission m ON m.kind = w.creator_kind AND m.record_id = w.creator_id \
                 LEFT JOIN patchwork_patch p ON w.creator_kind = 'p' AND p.id = w.creator_id \
                 LEFT JOIN patchwork_cover v ON w.creator_kind = 'c' AND v.id = w.creator_id \
                 WHERE w.component = ?1 ORDER BY s.id"
            ),
            vals![component, number],
            |r| {
                let creator = member_from(r, 8)?;
                Ok(CreatedSeries {
                    row: SeriesRow {
                        series: series_from(r)?,
                        creator: (creator.kind, creator.id),
                    },
                    creator,
                    has_number: r.get(19)?,
                })
            },
        )
    }

    pub(super) fn read_series_progress(&self, series_id: i64) -> Result<Option<(i64, i64)>> {
        Ok(self
            .row(
                "SELECT numbered, complete_to FROM pwingest_series WHERE series_id = ?1",
                vals![series_id],
                |r| Ok(r.get::<Option<i64>>(0)?.zip(r.get::<Option<i64>>(1)?)),
            )?
            .flatten())
    }

    /// Keeps `pwingest_series.numbered` and `complete_to` as a patch leaves
    /// `(series, number)` and joins another: a gap ends the complete run,
    /// a number just past it extends it over the numbers already there.
    pub(super) fn count_numbers(
        &mut self,
        left: Option<(i64, i64)>,
        joined: Option<(i64, i64)>,
    ) -> Result<()> {
        if let Some((series, number)) = left {
            self.exec(
                "UPDATE pwingest_series SET numbered = numbered - 1, \
                 complete_to = CASE WHEN complete_to >= ?2 THEN ?2 - 1 ELSE complete_to END \
                 WHERE series_id = ?1",
                vals![series, number],
            )?;
        }
        let Some((series, number)) = joined else {
            return Ok(());
        };
        self.exec(
            "UPDATE pwingest_series SET numbered = numbered + 1 WHERE series_id = ?1",
            vals![series],
        )?;
        if self.read_series_progress(series)?.map(|p| p.1) == Some(number - 1) {
            let mut last = number;
            while self.exists(
                "SELECT 1 FROM patchwork_patch WHERE series_id = ?1 AND number = ?2",
                vals![series, last + 1],
            )? {
                last += 1;
            }
            self.exec(
                "UPDATE pwingest_series SET complete_to = ?2 WHERE series_id = ?1",
                vals![series, last],
            )?;
        }
        Ok(())
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
