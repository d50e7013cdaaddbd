//! One more patch for a component whose series are already the replay of
//! its earlier members (spec §11): what [`super::replay`] would do at the
//! patch's turn, decided from the series that exist at that turn alone, so
//! that a patch joining a series of thousands costs what it costs to join
//! a series of two. Whether the rest of the replay stays as it was is the
//! caller's question (`ingest::series_step`); this file runs the very same
//! rules (`Replay::add_patch`) over a replay seeded with those series.

use super::{Member, MemberKind, Planned, Replay};
use crate::fixes::Fixes;

/// A series that exists when the new patch's turn comes, as the rules see
/// it: its creator (which fixes its SeriesReference rows, version and
/// total for good), its name, and whether it already holds a patch
/// numbered like the new one.
#[derive(Debug, Clone)]
pub struct Known {
    pub creator: Member,
    pub version: i64,
    pub total: i64,
    pub name: Option<String>,
    /// It holds a patch numbered `x` of the new patch's `x/n`.
    pub has_number: bool,
}

/// What the new patch does to the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Nothing: a `0/n` patch that found a series stays outside it.
    Outside,
    /// It joins `known[series]` as `number`; `name` is the series' name
    /// afterwards (patch 1 names a series that has no name yet).
    Joins {
        series: usize,
        number: i64,
        name: Option<String>,
    },
    /// It creates a series of its version and `total`, holding it as
    /// `number` (none for a `0/n` patch), named `name`.
    Creates {
        version: i64,
        total: i64,
        number: Option<i64>,
        name: Option<String>,
    },
}

/// Replays `patch` after `known`, the series in the order they were created
/// (their creators' canonical order), every creator before `patch`.
pub fn step(known: &[Known], patch: &Member, fixes: Fixes) -> Step {
    debug_assert_eq!(patch.kind, MemberKind::Patch);
    let number = match (patch.x, patch.n) {
        (Some(x), Some(_)) => x,
        _ => 1,
    };
    let members: Vec<Member> = known
        .iter()
        .map(|k| k.creator.clone())
        .chain(std::iter::once(patch.clone()))
        .collect();
    let last = members.len() - 1;
    let mut state = Replay::new(&members, fixes);
    for (i, k) in known.iter().enumerate() {
        state.series.push(Planned {
            creator: i,
            version: k.version,
            total: k.total,
            name: k.name.clone(),
            cover: None,
            // The rules ask a known series about the new number only; its
            // creator stands in for the patch that holds it.
            patches: if k.has_number {
                vec![(i, number)]
            } else {
                Vec::new()
            },
        });
        state.index_creator(i);
    }
    state.add_patch(last);
    outcome(&state.series, known.len(), last)
}

/// What a replay that ended in `series` did with member `patch`, when
/// `before` of the series existed before its turn.
fn outcome(series: &[Planned], before: usize, patch: usize) -> Step {
    if let Some(created) = series.get(before) {
        return Step::Creates {
            version: created.version,
            total: created.total,
            number: created.patches.first().map(|&(_, n)| n),
            name: created.name.clone(),
        };
    }
    series
        .iter()
        .enumerate()
        .find_map(|(index, s)| {
            let &(_, number) = s.patches.iter().find(|&&(m, _)| m == patch)?;
            Some(Step::Joins {
                series: index,
                number,
                name: s.name.clone(),
            })
        })
        .unwrap_or(Step::Outside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixes::Fix;
    use crate::series::tests::member;
    use crate::series::{canonical_order, replay};

    /// The known series of a replayed component, as the store gives them.
    fn known(members: &[Member], plan: &[Planned], number: i64) -> Vec<Known> {
        plan.iter()
            .map(|p| Known {
                creator: members[p.creator].clone(),
                version: p.version,
                total: p.total,
                name: p.name.clone(),
                has_number: p.has_number(number),
            })
            .collect()
    }

    /// Every way a last patch can go agrees with the whole replay: joining
    /// by reference or by markers, a taken number, a `0/n` patch, an
    /// unnumbered one, patch 1 naming, with and without the fix.
    #[test]
    fn a_last_patch_steps_as_the_whole_replay_places_it() {
        use MemberKind::*;
        let earlier = vec![
            member(Cover, "<c>", &[], 0, Some((0, 3)), "[0/3] c"),
            member(Patch, "<p2>", &["<c>"], 1, Some((2, 3)), "[2/3] p"),
            member(Patch, "<u>", &[], 2, Some((1, 2)), "[1/2] u"),
            member(Patch, "<q>", &["<other>"], 3, None, "q"),
        ];
        let last = [
            member(Patch, "<p1>", &["<c>"], 10, Some((1, 3)), "[1/3] p1"),
            member(Patch, "<p2b>", &["<c>"], 10, Some((2, 3)), "[2/3] p2b"),
            member(Patch, "<u2>", &[], 10, Some((2, 2)), "[2/2] u2"),
            member(Patch, "<z>", &["<c>"], 10, Some((0, 3)), "[0/3] z"),
            member(Patch, "<z2>", &["<nowhere>"], 10, Some((0, 3)), "[0/3] z2"),
            member(Patch, "<v>", &["<q>"], 10, None, "v"),
            member(Patch, "<late>", &[], 40, Some((2, 2)), "[2/2] late"),
        ];
        for fixes in [
            Fixes::NONE,
            Fixes::NONE.with(Fix::SERIES_IN_REPLY_TO_SERIES),
        ] {
            for patch in &last {
                let mut all = earlier.clone();
                all.push(patch.clone());
                canonical_order(&mut all);
                let before = replay(&earlier, fixes);
                let number = patch.x.filter(|_| patch.n.is_some()).unwrap_or(1);
                let got = step(&known(&earlier, &before, number), patch, fixes);
                let whole = outcome(&replay(&all, fixes), before.len(), all.len() - 1);
                assert_eq!(got, whole, "{} with {fixes}", patch.msgid);
            }
        }
    }
}
