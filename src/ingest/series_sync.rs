//! The effectful side of series grouping: which thread component a new
//! patch or cover joins, writing back what `series::replay` decides for the
//! component, and linking series revisions.

use std::collections::{HashMap, HashSet};

use chrono::TimeDelta;

use super::signals;
use crate::error::Result;
use crate::fixes::Fixes;
use crate::model::Series;
use crate::series::{self, Member, MemberKind};
use crate::store::{MarkerQuery, SeriesRow, Store};

/// Puts a new patch or cover into the threading component it is linked to
/// (by Message-IDs, or by series markers for unthreaded series), merging
/// components it bridges. Returns the component.
pub(super) fn join_component<S: Store>(store: &mut S, project_id: i64, m: &Member) -> Result<i64> {
    let ids: Vec<&str> = std::iter::once(m.msgid.as_str())
        .chain(m.refs.iter().map(String::as_str))
        .collect();
    let mut components = store.components_by_msgids(project_id, &ids)?;
    let window = TimeDelta::minutes(series::DELAY_MINUTES);
    let numbered = m.kind == MemberKind::Patch && m.n.is_some();
    let total = match m.kind {
        MemberKind::Patch => m.n.unwrap_or(1),
        MemberKind::Cover => m.n.unwrap_or(0),
    };
    let query = MarkerQuery {
        submitter_id: m.submitter,
        version: m.version,
        total,
        numbered,
        from: m.date - window,
        to: m.date + window,
    };
    components.extend(store.components_by_markers(project_id, &query)?);
    components.sort_unstable();
    components.dedup();
    let component = match components.first() {
        None => store.new_component()?,
        Some(&first) => {
            store.merge_components(first, &components[1..])?;
            first
        }
    };
    store.set_component(m.kind, m.id, component)?;
    Ok(component)
}

/// Replays the series rules over a component in canonical order and writes
/// the differences back: series created, renamed, merged or removed,
/// patches (re)numbered.
pub(super) fn regroup<S: Store>(
    store: &mut S,
    project_id: i64,
    component: i64,
    fixes: Fixes,
) -> Result<()> {
    let mut placed = store.component_members(component)?;
    placed.sort_by(|a, b| {
        a.member
            .date
            .cmp(&b.member.date)
            .then_with(|| a.member.msgid.cmp(&b.member.msgid))
    });
    let members: Vec<Member> = placed.iter().map(|p| p.member.clone()).collect();
    let plan = series::replay(&members, fixes);
    let existing = store.component_series(component)?;
    // Existing rows are reused by creator, else by cover letter, else by
    // any patch they held, so series keep their ids across regroups.
    let by_creator: HashMap<(MemberKind, i64), usize> = existing
        .iter()
        .enumerate()
        .map(|(i, e)| (e.creator, i))
        .collect();
    let by_cover: HashMap<i64, usize> = existing
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.series.cover_id?, i)))
        .collect();
    let by_id: HashMap<i64, usize> = existing
        .iter()
        .enumerate()
        .map(|(i, e)| (e.series.id, i))
        .collect();
    let mut used = vec![false; existing.len()];
    let mut rows: Vec<Series> = Vec::with_capacity(plan.len());
    let mut touched: Vec<bool> = Vec::with_capacity(plan.len());
    let mut placement: Vec<Option<(i64, i64)>> = vec![None; members.len()];
    for p in &plan {
        let creator = &members[p.creator];
        let involved = std::iter::once(p.creator)
            .chain(p.cover)
            .chain(p.patches.iter().map(|&(i, _)| i));
        let first = involved
            .min_by_key(|&i| members[i].arrival)
            .map_or(creator, |i| &members[i]);
        let mut row = SeriesRow {
            series: Series {
                id: 0,
                project_id,
                name: p.name.clone(),
                date: first.date,
                submitter_id: first.submitter,
                version: p.version,
                total: p.total,
                cover_id: p.cover.map(|i| members[i].id),
            },
            creator: (creator.kind, creator.id),
        };
        let free = |i: &usize| !used[*i];
        let found = by_creator
            .get(&row.creator)
            .copied()
            .filter(free)
            .or_else(|| {
                row.series
                    .cover_id
                    .and_then(|c| by_cover.get(&c).copied())
                    .filter(free)
            })
            .or_else(|| {
                p.patches.iter().find_map(|&(i, _)| {
                    placed[i]
                        .series_id
                        .and_then(|s| by_id.get(&s).copied())
                        .filter(free)
                })
            });
        let changed = match found {
            Some(e) => {
                let e = &existing[e];
                row.series.id = e.series.id;
                let changed = !same_series(&e.series, &row.series) || e.creator != row.creator;
                if changed {
                    store.save_series(&row)?;
                }
                changed
            }
            None => {
                row.series.id = store.save_series(&row)?;
                true
            }
        };
        if let Some(&e) = by_id.get(&row.series.id) {
            used[e] = true;
        }
        for &(i, number) in &p.patches {
            placement[i] = Some((row.series.id, number));
        }
        rows.push(row.series);
        touched.push(changed);
    }
    // Moved patches leave their places first: a (series, number) is
    // unique, and another moved patch may be about to take it.
    let moved: Vec<usize> = (0..placed.len())
        .filter(|&i| {
            let p = &placed[i];
            p.member.kind == MemberKind::Patch && p.series_id.zip(p.number) != placement[i]
        })
        .collect();
    for &i in moved.iter().filter(|&&i| placed[i].series_id.is_some()) {
        store.place_patch(placed[i].member.id, None)?;
    }
    for &i in moved.iter().filter(|&&i| placement[i].is_some()) {
        store.place_patch(placed[i].member.id, placement[i])?;
    }
    for (e, _) in existing.iter().zip(&used).filter(|(_, used)| !**used) {
        store.delete_series(e.series.id)?;
    }
    for (i, p) in placed.iter().enumerate() {
        match placement[i] {
            Some((series, number))
                if p.member.kind == MemberKind::Patch && p.series_id != Some(series) =>
            {
                let total = rows.iter().find(|r| r.id == series).map_or(0, |r| r.total);
                signals::patch_joined(store, project_id, series, number, total)?;
            }
            _ => {}
        }
    }
    for (p, row) in plan
        .iter()
        .zip(&rows)
        .zip(&touched)
        .filter(|(_, t)| **t)
        .map(|(pr, _)| pr)
    {
        let creator = &members[p.creator];
        let msgids: Vec<&str> = match creator.kind {
            MemberKind::Patch => creator
                .refs
                .iter()
                .map(String::as_str)
                .chain([creator.msgid.as_str()])
                .collect(),
            MemberKind::Cover => vec![creator.msgid.as_str()],
        };
        store.reference_series(project_id, row.id, &msgids)?;
    }
    link_revisions(store, project_id, &members, &plan, &rows, &touched)
}

/// Records which series are other versions of which (pwingest's addition;
/// Patchwork 3.2 has none, getpatchwork/patchwork#389): same submitter,
/// different version, and either one's mails reference the other's
/// (`--in-reply-to` the old cover) or their names agree once the
/// `[…]` prefix is dropped. Only series this regroup created or changed
/// are examined: the others' links were made when they were.
fn link_revisions<S: Store>(
    store: &mut S,
    project_id: i64,
    members: &[Member],
    plan: &[series::Planned],
    rows: &[Series],
    touched: &[bool],
) -> Result<()> {
    let link = |store: &mut S, a: &Series, b: &Series| -> Result<()> {
        match a.version.cmp(&b.version) {
            std::cmp::Ordering::Less => store.link_revision(a.id, b.id),
            std::cmp::Ordering::Greater => store.link_revision(b.id, a.id),
            std::cmp::Ordering::Equal => Ok(()),
        }
    };
    let mails = |p: &series::Planned| -> Vec<usize> {
        p.cover
            .into_iter()
            .chain(p.patches.iter().map(|&(i, _)| i))
            .collect()
    };
    let own: Vec<HashSet<&str>> = plan
        .iter()
        .map(|p| {
            mails(p)
                .iter()
                .map(|&m| members[m].msgid.as_str())
                .collect()
        })
        .collect();
    // Does a mail of plan[b] reference a mail of plan[a]?
    let replies_to = |b: usize, a: usize| {
        mails(&plan[b])
            .iter()
            .any(|&m| members[m].refs.iter().any(|r| own[a].contains(r.as_str())))
    };
    for t in (0..plan.len()).filter(|&t| touched[t]) {
        for o in (0..plan.len()).filter(|&o| o != t && rows[o].submitter_id == rows[t].submitter_id)
        {
            if rows[o].version != rows[t].version && (replies_to(t, o) || replies_to(o, t)) {
                link(store, &rows[o], &rows[t])?;
            }
        }
        let row = &rows[t];
        let Some(name) = row
            .name
            .as_deref()
            .filter(|n| !series::revision_key(n).is_empty())
        else {
            continue;
        };
        for other in store.series_revisions_of(project_id, row.submitter_id, name)? {
            if other.id != row.id {
                link(store, &other, row)?;
            }
        }
    }
    Ok(())
}

fn same_series(a: &Series, b: &Series) -> bool {
    a.name == b.name
        && a.date == b.date
        && a.submitter_id == b.submitter_id
        && a.version == b.version
        && a.total == b.total
        && a.cover_id == b.cover_id
}
