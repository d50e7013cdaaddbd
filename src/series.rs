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
    members.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.msgid.cmp(&b.msgid)));
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
    let mut state = Replay {
        members,
        series: Vec::new(),
        refs: HashMap::new(),
        own_series_only: fixes.has(Fix::SERIES_IN_REPLY_TO_SERIES),
    };
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
    fn create(&mut self, creator: usize, version: i64, total: i64) -> usize {
        self.series.push(Planned {
            creator,
            version,
            total,
            name: None,
            cover: None,
            patches: Vec::new(),
        });
        self.series.len() - 1
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
            _ => {
                let s = self.create(index, m.version, n);
                for r in m.refs.iter().chain(std::iter::once(&m.msgid)) {
                    self.refs.entry(r.as_str()).or_default().push(s);
                }
                s
            }
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
            None => {
                let s = self.create(index, m.version, m.n.unwrap_or(0));
                self.refs.insert(m.msgid.as_str(), vec![s]);
                s
            }
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
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
            .unwrap()
            .and_hms_opt(9, minute, 0)
            .unwrap()
    }

    fn member(
        kind: MemberKind,
        msgid: &str,
        refs: &[&str],
        minute: u32,
        xn: Option<(i64, i64)>,
        name: &str,
    ) -> Member {
        Member {
            kind,
            id: 0,
            msgid: msgid.into(),
            refs: refs.iter().map(|r| r.to_string()).collect(),
            date: at(minute),
            arrival: minute as i64,
            submitter: 1,
            version: 1,
            x: xn.map(|p| p.0),
            n: xn.map(|p| p.1),
            name: name.into(),
        }
    }

    /// cover ← 1/2, cover ← 2/2: one series named after the cover.
    #[test]
    fn cover_and_patches_form_one_series() {
        use MemberKind::*;
        let ms = vec![
            member(Cover, "<c>", &[], 0, Some((0, 2)), "[0/2] the series"),
            member(Patch, "<p1>", &["<c>"], 1, Some((1, 2)), "[1/2] one"),
            member(Patch, "<p2>", &["<c>"], 2, Some((2, 2)), "[2/2] two"),
        ];
        let plan = replay(&ms, Fixes::NONE);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].name.as_deref(), Some("the series"));
        assert_eq!(plan[0].cover, Some(0));
        assert_eq!(plan[0].patches, vec![(1, 1), (2, 2)]);
    }

    /// Patch 1 arrives before the cover: the cover-derived name replaces
    /// the patch-derived one.
    #[test]
    fn cover_after_first_patch_upgrades_name() {
        use MemberKind::*;
        let ms = vec![
            member(Patch, "<p1>", &["<c>"], 1, Some((1, 2)), "[1/2] one"),
            member(Cover, "<c>", &[], 2, Some((0, 2)), "[0/2] the series"),
        ];
        let plan = replay(&ms, Fixes::NONE);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].name.as_deref(), Some("the series"));
    }

    /// `if not self.name` (§11.4) and `if not self.name and number == 1`
    /// (§11.3): a cover named `[0/2] ` gives the empty series name, which
    /// patch 1 then replaces as if there were none.
    #[test]
    fn an_empty_series_name_is_no_name() {
        use MemberKind::*;
        let ms = vec![
            member(Cover, "<c>", &[], 0, Some((0, 2)), "[0/2] "),
            member(Patch, "<p1>", &["<c>"], 1, Some((1, 2)), "[1/2] one"),
        ];
        let plan = replay(&ms, Fixes::NONE);
        assert_eq!(plan[0].name.as_deref(), Some("[1/2] one"));
        let cover_only = replay(&ms[..1], Fixes::NONE);
        assert_eq!(cover_only[0].name.as_deref(), Some(""));
    }

    /// Unthreaded patches group by markers within 20 minutes only.
    #[test]
    fn markers_group_within_window() {
        use MemberKind::*;
        let ms = vec![
            member(Patch, "<a>", &[], 0, Some((1, 2)), "[1/2] a"),
            member(Patch, "<b>", &[], 19, Some((2, 2)), "[2/2] b"),
            member(Patch, "<c>", &[], 45, Some((2, 2)), "[2/2] c"),
        ];
        let plan = replay(&ms, Fixes::NONE);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].patches, vec![(0, 1), (1, 2)]);
    }

    /// Unnumbered patches and `0/n` patches.
    #[test]
    fn unnumbered_and_zero_patches() {
        use MemberKind::*;
        let ms = vec![
            member(Patch, "<a>", &[], 0, None, "a"),
            member(Patch, "<b>", &["<a>"], 1, None, "b"),
            member(Patch, "<z>", &[], 2, Some((0, 3)), "[0/3] z"),
        ];
        let plan = replay(&ms, Fixes::NONE);
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[1].patches, vec![(1, 1)]);
        assert!(plan[2].patches.is_empty());
        assert_eq!(plan[2].name, None);
    }

    #[test]
    fn duplicate_number_starts_new_series() {
        use MemberKind::*;
        let ms = vec![
            member(Patch, "<a>", &[], 0, Some((1, 1)), "[1/1] a"),
            member(Patch, "<b>", &[], 1, Some((1, 1)), "[1/1] a"),
        ];
        assert_eq!(replay(&ms, Fixes::NONE).len(), 2);
    }

    /// #127: a numbered series in reply to an older series' cover letter.
    /// Patchwork files B's 1/3 and 3/3 under A (by reference); the fix
    /// gives B its own series, whose 2/3 and 3/3 find it by reference too.
    #[test]
    fn a_series_in_reply_to_a_series_is_its_own_with_the_fix() {
        use MemberKind::*;
        let b = |x, minute| {
            let name = format!("[{x}/3] b");
            member(
                Patch,
                &format!("<b{x}>"),
                &["<c>"],
                minute,
                Some((x, 3)),
                &name,
            )
        };
        let ms = vec![
            member(Cover, "<c>", &[], 0, Some((0, 2)), "[0/2] a"),
            member(Patch, "<a1>", &["<c>"], 1, Some((1, 2)), "[1/2] a"),
            member(Patch, "<a2>", &["<c>"], 2, Some((2, 2)), "[2/2] a"),
            b(1, 40),
            b(2, 41),
            b(3, 42),
        ];
        let fixed = replay(&ms, Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES));
        assert_eq!(fixed.len(), 2);
        assert_eq!(fixed[0].patches, vec![(1, 1), (2, 2)]);
        assert_eq!(fixed[1].patches, vec![(3, 1), (4, 2), (5, 3)]);
        let patchwork = replay(&ms, Fixes::NONE);
        assert_eq!(patchwork[0].patches, vec![(1, 1), (2, 2), (5, 3)]);
        // A with 2 of its 3 patches: B's 3/3, a day later, is still B's.
        let mut same_total = ms.clone();
        same_total[0].n = Some(3);
        for a in &mut same_total[1..3] {
            a.n = Some(3);
        }
        for b in &mut same_total[3..] {
            b.date += TimeDelta::days(1);
        }
        let fixed = replay(
            &same_total,
            Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES),
        );
        assert_eq!(fixed[1].patches, vec![(3, 1), (4, 2), (5, 3)]);
    }

    /// One sending, two series interleaved in reply to one cover letter
    /// (a 1/4…4/4 and a 1/3…3/3): each patch joins the series of its total;
    /// a cover letter whose version is a typo keeps its patches.
    #[test]
    fn one_sending_keeps_its_series_apart_by_total() {
        use MemberKind::*;
        let p = |id: &str, minute, x, n, version| Member {
            version,
            ..member(Patch, id, &["<c>"], minute, Some((x, n)), id)
        };
        let mut ms = vec![member(Cover, "<c>", &[], 0, Some((0, 4)), "[0/4] c")];
        // An old single patch sent along, which the others reply to.
        ms.push(member(Patch, "<old>", &[], 0, None, "old"));
        let p = |id: &str, minute, x, n, version| Member {
            refs: vec!["<c>".into(), "<old>".into()],
            ..p(id, minute, x, n, version)
        };
        ms.extend([
            p("a1", 1, 1, 4, 1),
            p("b1", 1, 1, 3, 1),
            p("b2", 2, 2, 3, 1),
            p("a2", 2, 2, 4, 1),
        ]);
        let fixed = replay(&ms, Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES));
        assert_eq!(fixed[0].patches, vec![(2, 1), (5, 2)]);
        assert_eq!(fixed[2].patches, vec![(3, 1), (4, 2)]);
        assert_eq!(fixed[1].patches, vec![(1, 1)], "the old patch alone");
        let with = |patches: [Member; 2]| {
            let ms: Vec<Member> = std::iter::once(ms[0].clone()).chain(patches).collect();
            replay(&ms, Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES))
        };
        let version_typo = with([p("v2-1", 1, 1, 4, 2), p("v2-2", 2, 2, 4, 2)]);
        assert_eq!((version_typo.len(), version_typo[0].patches.len()), (1, 2));
        let total_typo = with([p("t1", 1, 1, 2, 1), p("t2", 2, 2, 2, 1)]);
        assert_eq!((total_typo.len(), total_typo[0].patches.len()), (1, 2));
        // A number sent twice: the second copy starts a series; the rest
        // stays with the first (the first series found, as in Patchwork).
        ms.truncate(2);
        ms.extend([
            p("1", 1, 1, 4, 1),
            p("1-again", 1, 1, 4, 1),
            p("2", 2, 2, 4, 1),
        ]);
        let twice = replay(&ms, Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES));
        assert_eq!(twice[0].patches, vec![(2, 1), (4, 2)]);
    }

    /// Patches dated days apart (author dates), all in reply to their cover
    /// letter with its version and total: one series, as in Patchwork.
    #[test]
    fn a_series_sent_with_old_dates_stays_whole() {
        use MemberKind::*;
        let mut ms = vec![
            member(Patch, "<p1>", &["<c>"], 0, Some((1, 2)), "[1/2] a"),
            member(Patch, "<p2>", &["<c>"], 0, Some((2, 2)), "[2/2] b"),
            member(Cover, "<c>", &[], 0, Some((0, 2)), "[0/2] c"),
        ];
        ms[1].date += TimeDelta::days(2);
        ms[2].date += TimeDelta::days(3);
        let fixed = replay(&ms, Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES));
        assert_eq!(fixed, replay(&ms, Fixes::NONE));
        assert_eq!(
            (fixed.len(), fixed[0].patches.len(), fixed[0].cover),
            (1, 2, Some(2))
        );
    }
}
