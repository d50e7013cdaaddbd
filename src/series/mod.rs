//! Series grouping (spec §11) as a pure replay: given every patch and cover
//! letter of one thread component, in processing order, decide which series
//! exist, which patch sits in which series under which number, which cover
//! letter each series has, and the series names.
//!
//! This is Patchwork's `parse_mail` series logic (`find_series`,
//! `_find_series_by_references`, `_find_series_by_markers`,
//! `Series.add_patch`, `Series.add_cover_letter`) run over an in-memory
//! model instead of the database. `ingest` gathers the component, orders
//! it canonically (see [`canonical_order`]) and writes the outcome back, so
//! the grouping depends on the set of messages, not on their arrival order.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};

use crate::classify::subject::series_name_from_cover;
use crate::fixes::{Fix, Fixes};

mod step;
pub use step::{Known, Step, step};

/// Patchwork's `SERIES_DELAY_INTERVAL`: unthreaded patches join a series
/// whose date lies within this many minutes of their own.
pub const DELAY_MINUTES: i64 = 20;

/// Whether a member is a patch or a cover letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberKind {
    Patch,
    Cover,
}

/// A patch or cover letter as the series rules see it.
#[derive(Debug, Clone)]
pub struct Member {
    pub kind: MemberKind,
    /// The patch or cover id.
    pub id: i64,
    pub msgid: String,
    pub refs: Vec<String>,
    pub date: NaiveDateTime,
    /// Arrival rank (smaller = received earlier).
    pub arrival: i64,
    pub submitter: i64,
    pub version: i64,
    pub x: Option<i64>,
    pub n: Option<i64>,
    pub name: String,
}

/// One series the replay decided on. Indices point into the member slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The member whose processing created the series.
    pub creator: usize,
    pub version: i64,
    pub total: i64,
    pub name: Option<String>,
    pub cover: Option<usize>,
    /// (member, number), in attachment order.
    pub patches: Vec<(usize, i64)>,
}

impl Planned {
    fn has_number(&self, number: i64) -> bool {
        self.patches.iter().any(|&(_, n)| n == number)
    }
}

/// The order in which a component is replayed: by mail date, then
/// Message-ID. Independent of arrival, so every permutation of the same
/// mails yields the same grouping; for an archive in date order it is the
/// order Patchwork itself processes.
pub fn canonical_order(members: &mut [Member]) {
    members.sort_by(|a, b| canonical_key(a).cmp(&canonical_key(b)));
}

/// A member's place in the canonical order: its date, then its Message-ID.
pub fn canonical_key(m: &Member) -> (NaiveDateTime, &str) {
    (m.date, m.msgid.as_str())
}

/// What makes two series names "the same" for revision linking: the name
/// without its leading `[…]` group, trimmed and lower-cased.
pub fn revision_key(name: &str) -> String {
    series_name_from_cover(name).trim().to_lowercase()
}

/// Replays Patchwork's series assignment over `members` in slice order.
/// With [`Fix::SERIES_IN_REPLY_TO_SERIES`], a numbered patch joins a series
/// found through its references only if it lacks the patch's number and has
/// its version and total, or was begun in the same sending (within the
/// series window) and has its total or version.
pub fn replay(members: &[Member], fixes: Fixes) -> Vec<Planned> {
    let mut state = Replay::new(members, fixes);
    for (index, member) in members.iter().enumerate() {
        match member.kind {
            MemberKind::Patch => state.add_patch(index),
            MemberKind::Cover => state.add_cover(index),
        }
    }
    state.series
}

struct Replay<'m> {
    members: &'m [Member],
    series: Vec<Planned>,
    /// SeriesReference: msgid → series indices, Patchwork's (the first) first.
    refs: HashMap<&'m str, Vec<usize>>,
    /// The `series-in-reply-to-series` fix.
    own_series_only: bool,
}

impl<'m> Replay<'m> {
    fn new(members: &'m [Member], fixes: Fixes) -> Replay<'m> {
        Replay {
            members,
            series: Vec::new(),
            refs: HashMap::new(),
            own_series_only: fixes.has(Fix::SERIES_IN_REPLY_TO_SERIES),
        }
    }

    fn create(&mut self, creator: usize, version: i64, total: i64) -> usize {
        self.series.push(Planned {
            creator,
            version,
            total,
            name: None,
            cover: None,
            patches: Vec::new(),
        });
        let series = self.series.len() - 1;
        self.index_creator(series);
        series
    }

    /// SeriesReference rows of a new series: a patch's references and its
    /// own Message-ID, a cover letter's own Message-ID (which no series
    /// held yet, or the cover letter would have joined that one).
    fn index_creator(&mut self, series: usize) {
        let members = self.members;
        let m = &members[self.series[series].creator];
        let own = std::iter::once(m.msgid.as_str());
        let ids: Vec<&'m str> = match m.kind {
            MemberKind::Patch => m.refs.iter().map(String::as_str).chain(own).collect(),
            MemberKind::Cover => own.collect(),
        };
        for r in ids {
            self.refs.entry(r).or_default().push(series);
        }
    }

    /// `_find_series_by_references`: own Message-ID, then refs in order.
    /// (Patchwork's version/date check there can never reject a match.)
    fn by_references(&self, m: &Member, x: i64, n: i64) -> Option<usize> {
        let ids = || std::iter::once(m.msgid.as_str()).chain(m.refs.iter().map(String::as_str));
        let patchwork = ids().find_map(|r| self.refs.get(r)?.first().copied());
        if !self.own_series_only {
            return patchwork;
        }
        // The fix: of the series that lack the patch's number, one of the
        // same sending (begun within the series window of the patch) with
        // its version and total; else Patchwork's if it has them; else one
        // of the same sending with its total, else with its version (there
        // a differing marker is a typo: a `v1` cover letter for `v2`
        // patches, `0/3` for two); else none.
        let candidates: Vec<usize> = ids()
            .flat_map(|r| self.refs.get(r).into_iter().flatten().copied())
            .filter(|&s| !self.series[s].has_number(x))
            .collect();
        let window = TimeDelta::minutes(DELAY_MINUTES);
        let near = |p: &Planned| (self.members[p.creator].date - m.date).abs() <= window;
        let same = |p: &Planned| (p.total, p.version) == (n, m.version);
        let first = |fits: &dyn Fn(&Planned) -> bool| {
            candidates
                .iter()
                .copied()
                .find(|&s| near(&self.series[s]) && fits(&self.series[s]))
        };
        first(&same)
            .or(patchwork.filter(|s| candidates.contains(s) && same(&self.series[*s])))
            .or_else(|| first(&|p| p.total == n))
            .or_else(|| first(&|p| p.version == m.version))
    }

    /// `_find_series_by_markers`: same submitter, version and total, series
    /// date within ±20 minutes.
    fn by_markers(&self, m: &Member, total: i64) -> Vec<usize> {
        let delta = TimeDelta::minutes(DELAY_MINUTES);
        let (start, end) = (m.date - delta, m.date + delta);
        (0..self.series.len())
            .filter(|&s| {
                let plan = &self.series[s];
                let creator = &self.members[plan.creator];
                creator.submitter == m.submitter
                    && plan.version == m.version
                    && plan.total == total
                    && creator.date >= start
                    && creator.date <= end
            })
            .collect()
    }

    fn add_patch(&mut self, index: usize) {
        let m = &self.members[index];
        let (x, n) = match (m.x, m.n) {
            (Some(x), Some(n)) => (x, n),
            // A patch without an x/n marker always starts its own series.
            _ => (1, 1),
        };
        let mut found = None;
        if m.n.is_some() {
            found = self.by_references(m, x, n);
            if found.is_none() {
                let mut candidates = self.by_markers(m, n);
                if candidates.len() == 1 {
                    found = candidates.pop();
                } else if candidates.len() > 1 {
                    // Patchwork's last retry: newest series first, the first
                    // one that lacks this number.
                    candidates.sort_by_key(|&s| {
                        std::cmp::Reverse(self.members[self.series[s].creator].date)
                    });
                    found = candidates
                        .into_iter()
                        .find(|&s| !self.series[s].has_number(x));
                }
            }
        }
        let series = match found {
            Some(s) if !self.series[s].has_number(x) => s,
            _ => self.create(index, m.version, n),
        };
        // x == 0 (a `0/n` mail with a diff) stays outside any series, even
        // though a series may just have been created for it.
        if x != 0 {
            let plan = &mut self.series[series];
            if x == 1 && plan.name.as_deref().is_none_or(str::is_empty) {
                plan.name = Some(m.name.clone());
            }
            plan.patches.push((index, x));
        }
    }

    fn add_cover(&mut self, index: usize) {
        let m = &self.members[index];
        let series = match self.refs.get(m.msgid.as_str()).and_then(|s| s.first()) {
            Some(&s) => s,
            None => self.create(index, m.version, m.n.unwrap_or(0)),
        };
        let members = self.members;
        let plan = &mut self.series[series];
        if plan.cover.is_some() {
            return; // a second cover letter is stored but not attached
        }
        plan.cover = Some(index);
        let patch_one = plan
            .patches
            .iter()
            .find(|&&(_, n)| n == 1)
            .map(|&(p, _)| members[p].name.as_str());
        let keep = match plan.name.as_deref() {
            None | Some("") => false,
            Some(name) => Some(name) != patch_one,
        };
        if !keep {
            plan.name = Some(series_name_from_cover(&m.name));
        }
    }
}

#[cfg(test)]
mod tests;
