//! A new patch's series in one step (issue 14: a series of thousands of
//! patches cost a replay of all of them per patch). When the component's
//! series are the replay of its other members (its replay mark) and the
//! patch's turn in the replay changes nothing for the members after it,
//! the replay with the patch is the stored one plus what `series::step`
//! decides for it alone; anything else replays the component (`regroup`).
//!
//! The patch's turn comes at its canonical place (date, Message-ID). Last,
//! it may do anything a turn does. Before some members, it may only join a
//! series as a number other than 1 that no later patch has: then no later
//! turn asks anything whose answer changed (a series' numbers are asked
//! about the asker's own number only; its name and patch 1 only when patch
//! 1 or a cover letter comes). A step that creates or renames a series links revisions
//! by name only, so it needs no other version of the submitter's in the
//! component (those link by references, which `regroup` reads whole).

use std::cmp::Ordering;

use super::series_sync::{Joined, link_named_revisions, reference_creator};
use super::signals;
use crate::error::Result;
use crate::fixes::Fixes;
use crate::model::Series;
use crate::series::{self, Known, Member, MemberKind, Step, canonical_key};
use crate::store::{CreatedSeries, SeriesRow, Store};

/// Updates the series for `patch`, just stored and put into
/// `joined.component`, in one step; `Ok(false)` (nothing written) when
/// the component must be replayed whole instead.
pub(super) fn extend<S: Store>(
    store: &mut S,
    project_id: i64,
    joined: &Joined,
    patch: &Member,
    fixes: Fixes,
) -> Result<bool> {
    let mark = joined.mark.as_ref().filter(|m| m.fixes == fixes);
    let Some(mark) = mark.filter(|_| patch.kind == MemberKind::Patch) else {
        return Ok(false);
    };
    let key = canonical_key(patch);
    let last = match key.cmp(&(mark.date, mark.msgid.as_str())) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => return Ok(false),
    };
    // A cover letter with its Message-ID would tie with it in the order.
    if store.cover_id(project_id, &patch.msgid)?.is_some() {
        return Ok(false);
    }
    let number = match (patch.x, patch.n) {
        (Some(x), Some(_)) => x,
        _ => 1,
    };
    let Some(all) = store.created_series(joined.component, number)? else {
        return Ok(false);
    };
    let mut earlier: Vec<&CreatedSeries> = all
        .iter()
        .filter(|s| canonical_key(&s.creator) < key)
        .collect();
    earlier.sort_by(|a, b| canonical_key(&a.creator).cmp(&canonical_key(&b.creator)));
    let tie = earlier
        .windows(2)
        .any(|w| canonical_key(&w[0].creator) == canonical_key(&w[1].creator));
    if tie || all.iter().any(|s| canonical_key(&s.creator) == key) {
        return Ok(false);
    }
    let known: Vec<Known> = earlier
        .iter()
        .map(|s| Known {
            creator: s.creator.clone(),
            version: s.row.series.version,
            total: s.row.series.total,
            name: s.row.series.name.clone(),
            has_number: s.has_number,
        })
        .collect();
    let step = series::step(&known, patch, fixes);
    // The series the patch ends in, whether its row changes, and its number.
    let (row, changed, number) = match step {
        Step::Outside => (None, false, None),
        Step::Joins {
            series,
            number,
            name,
        } => {
            let s = earlier[series];
            let renamed = name != s.row.series.name;
            let named = renamed || number == 1;
            if !last && (named || store.numbered_after(joined.component, number, key)?) {
                return Ok(false);
            }
            // The series' date and submitter are its first mail's (by
            // arrival): still so when the patch arrived after its creator.
            if patch.arrival <= s.creator.arrival {
                return Ok(false);
            }
            let row = SeriesRow {
                series: Series {
                    name,
                    ..s.row.series.clone()
                },
                creator: s.row.creator,
            };
            (Some((row, &s.creator)), renamed, Some(number))
        }
        Step::Creates {
            version,
            total,
            number,
            name,
        } => {
            if !last {
                return Ok(false);
            }
            let row = SeriesRow {
                series: Series {
                    id: 0,
                    project_id,
                    name,
                    date: patch.date,
                    submitter_id: patch.submitter,
                    version,
                    total,
                    cover_id: None,
                },
                creator: (MemberKind::Patch, patch.id),
            };
            (Some((row, patch)), true, number)
        }
    };
    if let Some((row, _)) = row.as_ref().filter(|_| changed) {
        let s = &row.series;
        let versions = all.iter().any(|o| {
            let o = &o.row.series;
            o.id != s.id && o.submitter_id == s.submitter_id && o.version != s.version
        });
        if versions {
            return Ok(false);
        }
    }
    // From here on, the writes `regroup` would make, in its order.
    if let Some((mut row, creator)) = row {
        if changed {
            row.series.id = store.save_series(&row)?;
        }
        if let Some(number) = number {
            let s = &row.series;
            store.place_patch(patch.id, Some((s.id, number)))?;
            signals::patch_joined(store, project_id, s.id, number, s.total)?;
        }
        if changed {
            reference_creator(store, project_id, row.series.id, creator)?;
            link_named_revisions(store, project_id, &row.series)?;
        }
    }
    let tail = if last {
        (MemberKind::Patch, patch.id)
    } else {
        mark.tail
    };
    store.set_replay_mark(joined.component, tail, fixes)?;
    #[cfg(debug_assertions)]
    super::series_sync::assert_replayed(store, project_id, joined.component, fixes)?;
    Ok(true)
}
