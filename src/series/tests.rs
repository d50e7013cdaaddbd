//! The series rules replayed over small components (spec §11).

use super::*;

fn at(minute: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
        .unwrap()
        .and_hms_opt(9, minute, 0)
        .unwrap()
}

/// A member of submitter 1, version 1, dated 09:`minute` on 2 January
/// 2024 and arrived in minute order.
pub(super) fn member(
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
