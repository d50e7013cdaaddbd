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
use crate::store::{MarkerQuery, Placed, ReplayMark, SeriesRow, Store};

/// The component a new patch or cover joined, and its replay mark when it
/// joined exactly one that existed (no merge): then one series step may do.
pub(super) struct Joined {
    pub component: i64,
    pub mark: Option<ReplayMark>,
}

/// Puts a new patch or cover into the threading component it is linked to
/// (by Message-IDs, or by series markers for unthreaded series), merging
/// components it bridges.
pub(super) fn join_component<S: Store>(
    store: &mut S,
    project_id: i64,
    m: &Member,
) -> Result<Joined> {
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
    let (component, mark) = match components[..] {
        [] => (store.new_component()?, None),
        [only] => (only, store.replay_mark(only)?),
        [first, ref rest @ ..] => {
            store.merge_components(first, rest)?;
            (first, None)
        }
    };
    store.set_component(m.kind, m.id, component)?;
    Ok(Joined { component, mark })
}

/// Replays the series rules over a component in canonical order and writes
/// the differences back: series created, renamed, merged or removed,
/// patches (re)numbered. The component is then marked replayed.
pub(super) fn regroup<S: Store>(
    store: &mut S,
    project_id: i64,
    component: i64,
    fixes: Fixes,
) -> Result<()> {
    let mut r = Reconciliation::load(store, project_id, component, fixes)?;
    r.apply(store)?;
    if let Some(tail) = r.members.last() {
        store.set_replay_mark(component, (tail.kind, tail.id), fixes)?;
    }
    Ok(())
}

/// Panics unless the component's series are exactly the replay of its
/// members (what a series step must leave behind). Debug builds check
/// every step with it, so the test suites compare both ways.
#[cfg(debug_assertions)]
pub(super) fn assert_replayed<S: Store>(
    store: &mut S,
    project_id: i64,
    component: i64,
    fixes: Fixes,
) -> Result<()> {
    let r = Reconciliation::load(store, project_id, component, fixes)?;
    let stale = r.stale();
    assert!(
        stale.is_empty(),
        "component {component} after a series step differs from its replay: {stale:?}"
    );
    Ok(())
}

/// What replaying a component decides, matched against the stored series:
/// existing rows are reused by creator, else by cover letter, else by any
/// patch they held, so series keep their ids across regroups.
struct Reconciliation {
    project_id: i64,
    /// The members in canonical order, with their stored placements.
    placed: Vec<Placed>,
    members: Vec<Member>,
    plan: Vec<series::Planned>,
    existing: Vec<SeriesRow>,
    /// Per plan entry: its row (`id` 0 for a new one) and whether it
    /// differs from the stored row.
    rows: Vec<SeriesRow>,
    changed: Vec<bool>,
    /// Per existing row: whether a plan entry reuses it.
    used: Vec<bool>,
    /// Per member: the plan entry and number it is placed under.
    placement: Vec<Option<(usize, i64)>>,
}

impl Reconciliation {
    fn load<S: Store>(
        store: &S,
        project_id: i64,
        component: i64,
        fixes: Fixes,
    ) -> Result<Reconciliation> {
        let mut placed = store.component_members(component)?;
        placed.sort_by(|a, b| {
            series::canonical_key(&a.member).cmp(&series::canonical_key(&b.member))
        });
        let members: Vec<Member> = placed.iter().map(|p| p.member.clone()).collect();
        let plan = series::replay(&members, fixes);
        let existing = store.component_series(component)?;
        let by_creator = index_by(&existing, |e| Some(e.creator));
        let by_cover = index_by(&existing, |e| e.series.cover_id);
        let by_id = index_by(&existing, |e| Some(e.series.id));
        let mut used = vec![false; existing.len()];
        let mut rows = Vec::with_capacity(plan.len());
        let mut changed = Vec::with_capacity(plan.len());
        let mut placement = vec![None; members.len()];
        for (index, p) in plan.iter().enumerate() {
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
                .or_else(|| by_cover.get(&row.series.cover_id?).copied().filter(free))
                .or_else(|| {
                    p.patches
                        .iter()
                        .find_map(|&(i, _)| by_id.get(&placed[i].series_id?).copied().filter(free))
                });
            changed.push(match found {
                Some(e) => {
                    let e = &existing[e];
                    row.series.id = e.series.id;
                    !same_series(&e.series, &row.series) || e.creator != row.creator
                }
                None => true,
            });
            if let Some(e) = found {
                used[e] = true;
            }
            for &(i, number) in &p.patches {
                placement[i] = Some((index, number));
            }
            rows.push(row);
        }
        Ok(Reconciliation {
            project_id,
            placed,
            members,
            plan,
            existing,
            rows,
            changed,
            used,
            placement,
        })
    }

    /// A member's placement as series id and number (new rows: id 0).
    fn placed_as(&self, i: usize) -> Option<(i64, i64)> {
        self.placement[i].map(|(p, n)| (self.rows[p].series.id, n))
    }

    /// The patches whose stored placement differs from the replay's.
    fn moved(&self) -> Vec<usize> {
        (0..self.placed.len())
            .filter(|&i| {
                let p = &self.placed[i];
                p.member.kind == MemberKind::Patch && p.series_id.zip(p.number) != self.placed_as(i)
            })
            .collect()
    }

    /// What writing it back would change, in words (empty: nothing).
    #[cfg(debug_assertions)]
    fn stale(&self) -> Vec<String> {
        let rows = self.rows.iter().zip(&self.changed);
        let series = rows
            .filter(|(_, c)| **c)
            .map(|(r, _)| format!("series {:?}", r.series));
        let gone = self.existing.iter().zip(&self.used);
        let removed = gone
            .filter(|(_, u)| !**u)
            .map(|(e, _)| format!("remove {}", e.series.id));
        let moved = self.moved().into_iter().map(|i| {
            let p = &self.placed[i];
            let was = p.series_id.zip(p.number);
            format!("patch {} {was:?} -> {:?}", p.member.id, self.placed_as(i))
        });
        series.chain(removed).chain(moved).collect()
    }

    fn apply<S: Store>(&mut self, store: &mut S) -> Result<()> {
        for (row, &changed) in self.rows.iter_mut().zip(&self.changed) {
            if row.series.id == 0 {
                row.series.id = store.save_series(row)?;
            } else if changed {
                store.save_series(row)?;
            }
        }
        // Moved patches leave their places first: a (series, number) is
        // unique, and another moved patch may be about to take it.
        let moved = self.moved();
        for &i in moved
            .iter()
            .filter(|&&i| self.placed[i].series_id.is_some())
        {
            store.place_patch(self.placed[i].member.id, None)?;
        }
        for &i in moved.iter().filter(|&&i| self.placement[i].is_some()) {
            store.place_patch(self.placed[i].member.id, self.placed_as(i))?;
        }
        for (e, _) in self
            .existing
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
        {
            store.delete_series(e.series.id)?;
        }
        let project_id = self.project_id;
        for (i, p) in self.placed.iter().enumerate() {
            match self.placement[i] {
                Some((at, number))
                    if p.member.kind == MemberKind::Patch
                        && p.series_id != Some(self.rows[at].series.id) =>
                {
                    let row = &self.rows[at].series;
                    signals::patch_joined(store, project_id, row.id, number, row.total)?;
                }
                _ => {}
            }
        }
        for (p, row) in self
            .plan
            .iter()
            .zip(&self.rows)
            .zip(&self.changed)
            .filter(|(_, c)| **c)
            .map(|(pr, _)| pr)
        {
            reference_creator(store, project_id, row.series.id, &self.members[p.creator])?;
        }
        let rows: Vec<Series> = self.rows.iter().map(|r| r.series.clone()).collect();
        link_revisions(
            store,
            project_id,
            &self.members,
            &self.plan,
            &rows,
            &self.changed,
        )
    }
}

/// Existing rows by a key (the last row of a key wins).
fn index_by<K: std::hash::Hash + Eq>(
    existing: &[SeriesRow],
    key: impl Fn(&SeriesRow) -> Option<K>,
) -> HashMap<K, usize> {
    existing
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((key(e)?, i)))
        .collect()
}

/// `patchwork_seriesreference` rows of a series' creator: a patch's
/// references and its own Message-ID, a cover letter's own.
pub(super) fn reference_creator<S: Store>(
    store: &mut S,
    project_id: i64,
    series_id: i64,
    creator: &Member,
) -> Result<()> {
    let msgids: Vec<&str> = match creator.kind {
        MemberKind::Patch => creator
            .refs
            .iter()
            .map(String::as_str)
            .chain([creator.msgid.as_str()])
            .collect(),
        MemberKind::Cover => vec![creator.msgid.as_str()],
    };
    store.reference_series(project_id, series_id, &msgids)
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
                link_revision(store, &rows[o], &rows[t])?;
            }
        }
        link_named_revisions(store, project_id, &rows[t])?;
    }
    Ok(())
}

/// Links `row` with the series of its submitter whose names agree with
/// its own once the `[…]` prefix is dropped.
pub(super) fn link_named_revisions<S: Store>(
    store: &mut S,
    project_id: i64,
    row: &Series,
) -> Result<()> {
    let Some(name) = row
        .name
        .as_deref()
        .filter(|n| !series::revision_key(n).is_empty())
    else {
        return Ok(());
    };
    for other in store.series_revisions_of(project_id, row.submitter_id, name)? {
        if other.id != row.id {
            link_revision(store, &other, row)?;
        }
    }
    Ok(())
}

/// Records `a` and `b` as versions of one series, the lower version older.
fn link_revision<S: Store>(store: &mut S, a: &Series, b: &Series) -> Result<()> {
    match a.version.cmp(&b.version) {
        std::cmp::Ordering::Less => store.link_revision(a.id, b.id),
        std::cmp::Ordering::Greater => store.link_revision(b.id, a.id),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

fn same_series(a: &Series, b: &Series) -> bool {
    a.name == b.name
        && a.date == b.date
        && a.submitter_id == b.submitter_id
        && a.version == b.version
        && a.total == b.total
        && a.cover_id == b.cover_id
}
