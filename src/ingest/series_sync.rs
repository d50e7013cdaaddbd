//! The effectful side of series grouping: which thread component a new
//! patch or cover joins, writing back what `series::replay` decides for the
//! component, and linking series revisions.

use std::collections::HashSet;

use chrono::{NaiveDateTime, TimeDelta};

use crate::error::Result;
use crate::model::Series;
use crate::series::{self, Member, MemberKind};
use crate::store::{SeriesRow, Store};

/// Puts a new patch or cover into the threading component it is linked to
/// (by Message-IDs, or by sender and time for unthreaded series), merging
/// components it bridges. Returns the component.
#[allow(clippy::too_many_arguments)]
pub(super) fn join_component<S: Store>(
    store: &mut S,
    project_id: i64,
    kind: MemberKind,
    id: i64,
    msgid: &str,
    refs: &[String],
    submitter_id: i64,
    date: NaiveDateTime,
) -> Result<i64> {
    let ids: Vec<&str> = std::iter::once(msgid)
        .chain(refs.iter().map(String::as_str))
        .collect();
    let mut components = store.components_by_msgids(project_id, &ids)?;
    let window = TimeDelta::minutes(series::DELAY_MINUTES);
    components.extend(store.components_by_sender(
        project_id,
        submitter_id,
        date - window,
        date + window,
    )?);
    components.sort_unstable();
    components.dedup();
    let component = match components.first() {
        None => store.new_component()?,
        Some(&first) => {
            store.merge_components(first, &components[1..])?;
            first
        }
    };
    store.set_component(kind, id, component)?;
    Ok(component)
}

/// Replays the series rules over a component in canonical order and writes
/// the differences back: series created, renamed, merged or removed,
/// patches (re)numbered.
pub(super) fn regroup<S: Store>(store: &mut S, project_id: i64, component: i64) -> Result<()> {
    let mut placed = store.component_members(component)?;
    placed.sort_by(|a, b| {
        a.member
            .date
            .cmp(&b.member.date)
            .then_with(|| a.member.msgid.cmp(&b.member.msgid))
    });
    let members: Vec<Member> = placed.iter().map(|p| p.member.clone()).collect();
    let plan = series::replay(&members);
    let existing = store.component_series(component)?;
    let mut used: HashSet<i64> = HashSet::new();
    let mut rows: Vec<Series> = Vec::with_capacity(plan.len());
    let mut placement: Vec<Option<(i64, i64)>> = vec![None; members.len()];
    for p in &plan {
        let creator = &members[p.creator];
        let involved = std::iter::once(p.creator)
            .chain(p.cover)
            .chain(p.patches.iter().map(|&(i, _)| i));
        let first = involved
            .min_by_key(|&i| members[i].arrival)
            .map(|i| &members[i])
            .unwrap_or(creator);
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
        let free = |e: &&SeriesRow| !used.contains(&e.series.id);
        let found = existing
            .iter()
            .filter(free)
            .find(|e| e.creator == row.creator)
            .or_else(|| {
                existing.iter().filter(free).find(|e| {
                    e.series.cover_id.is_some() && e.series.cover_id == row.series.cover_id
                })
            })
            .or_else(|| {
                existing.iter().filter(free).find(|e| {
                    p.patches
                        .iter()
                        .any(|&(i, _)| placed[i].series_id == Some(e.series.id))
                })
            });
        match found {
            Some(e) => {
                row.series.id = e.series.id;
                if !same_series(&e.series, &row.series) || e.creator != row.creator {
                    store.update_series(&row)?;
                }
            }
            None => row.series.id = store.add_series(&row)?,
        }
        used.insert(row.series.id);
        for &(i, number) in &p.patches {
            placement[i] = Some((row.series.id, number));
        }
        rows.push(row.series);
    }
    for (i, p) in placed.iter().enumerate() {
        if p.member.kind == MemberKind::Patch {
            let now = p.series_id.zip(p.number);
            if now != placement[i] {
                store.place_patch(p.member.id, placement[i])?;
            }
        }
    }
    for e in existing.iter().filter(|e| !used.contains(&e.series.id)) {
        store.delete_series(e.series.id)?;
    }
    link_revisions(store, project_id, &members, &plan, &rows)
}

/// Records which series are other versions of which (pwingest's addition;
/// Patchwork 3.2 has none, getpatchwork/patchwork#389): same submitter,
/// different version, and either one's mails reference the other's
/// (`--in-reply-to` the old cover) or their names agree once the
/// `[…]` prefix is dropped.
fn link_revisions<S: Store>(
    store: &mut S,
    project_id: i64,
    members: &[Member],
    plan: &[series::Planned],
    rows: &[Series],
) -> Result<()> {
    let msgids = |p: &series::Planned| -> Vec<usize> {
        p.cover
            .into_iter()
            .chain(p.patches.iter().map(|&(i, _)| i))
            .collect()
    };
    let link = |store: &mut S, a: &Series, b: &Series| -> Result<()> {
        match a.version.cmp(&b.version) {
            std::cmp::Ordering::Less => store.link_revision(a.id, b.id),
            std::cmp::Ordering::Greater => store.link_revision(b.id, a.id),
            std::cmp::Ordering::Equal => Ok(()),
        }
    };
    for (i, a) in plan.iter().enumerate() {
        let a_ids: HashSet<&str> = msgids(a)
            .iter()
            .map(|&m| members[m].msgid.as_str())
            .collect();
        for (j, b) in plan.iter().enumerate().filter(|&(j, _)| j != i) {
            let (ra, rb) = (&rows[i], &rows[j]);
            if ra.submitter_id != rb.submitter_id || ra.version >= rb.version {
                continue;
            }
            let threaded = msgids(b)
                .iter()
                .any(|&m| members[m].refs.iter().any(|r| a_ids.contains(r.as_str())));
            if threaded {
                link(store, ra, rb)?;
            }
        }
    }
    for row in rows {
        let Some(name) = row.name.as_deref().filter(|n| !series::revision_key(n).is_empty()) else { continue };
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
