//! Cover letter or comment (spec §8.7 step 2), decided independently of
//! arrival order. Patchwork treats a threaded `0/n` mail as a cover letter
//! only if no cover letter with the same name exists yet, in any project
//! (§17.2), so whichever arrives first wins. pwingest lets the earliest win
//! instead, by [`CoverKey`]: a threaded `0/n` mail is a cover letter unless
//! an earlier one with its name exists, and threaded cover letters it
//! precedes are turned into the comments they would have been.

use chrono::NaiveDateTime;

use super::outcome::PENDING_REASON;
use super::replies::{find_parent, reattach};
use super::series_sync::regroup;
use crate::classify::analyse_with;
use crate::classify::subject::Subject;
use crate::error::Result;
use crate::fixes::{Fix, Fixes};
use crate::model::Project;
use crate::store::{MessageFate, NamedCover, NewComment, Store};

/// What to do with a `0/n` non-reply mail.
pub(super) struct CoverDecision {
    pub is_cover: bool,
    /// Threaded cover letters that come after this one: now comments.
    pub demote: Vec<NamedCover>,
}

/// The order that stands in for Patchwork's arrival order among cover
/// letters of one name: date, then Message-ID, then project link name.
/// The link name only separates copies of one mail cross-posted to several
/// lists (same date, same Message-ID): the copy in the project whose link
/// name sorts first is the cover letter, the others are comments, as in
/// Patchwork when that copy arrives first.
type CoverKey<'a> = (NaiveDateTime, &'a str, &'a str);

fn key(c: &NamedCover) -> CoverKey<'_> {
    (c.date, &c.msgid, &c.project_link_name)
}

/// Decides for a mail with `subject` in `project`, dated `date`.
pub(super) fn decide<S: Store>(
    store: &S,
    project: &Project,
    subject: &Subject,
    msgid: &str,
    date: NaiveDateTime,
    threaded: bool,
    fixes: Fixes,
) -> Result<CoverDecision> {
    // Patchwork's `Cover.objects.all().get(name=name)`: the covers of every
    // project compete; the `cross-posted-cover-letter` fix keeps those of
    // this project only. Patchwork looks up the whole name, so a name cut to
    // 255 characters matches none.
    let mut named = if subject.name_truncated {
        Vec::new()
    } else {
        store.covers_named(&subject.name)?
    };
    if fixes.has(Fix::CROSS_POSTED_COVER_LETTER) {
        named.retain(|c| c.project_id == project.id);
    }
    Ok(decide_among(named, project, msgid, date, threaded))
}

/// §8.7 step 2 among the stored cover letters `named` like this mail.
fn decide_among(
    named: Vec<NamedCover>,
    project: &Project,
    msgid: &str,
    date: NaiveDateTime,
    threaded: bool,
) -> CoverDecision {
    if named
        .iter()
        .any(|c| c.project_id == project.id && c.msgid == msgid)
    {
        // Delivered again: the cover path reports the duplicate.
        return CoverDecision {
            is_cover: true,
            demote: Vec::new(),
        };
    }
    let own: CoverKey = (date, msgid, &project.link_name);
    // `if not refs == []`: only a threaded mail is tested (§8.7).
    let is_cover = !threaded || !named.iter().any(|c| key(c) < own);
    let demote = if is_cover {
        named
            .into_iter()
            .filter(|c| c.threaded && key(c) > own)
            .collect()
    } else {
        Vec::new()
    };
    CoverDecision { is_cover, demote }
}

/// Turns a stored cover letter into the comment (or pending reply) it
/// would have been had the earlier cover arrived first.
pub(super) fn demote<S: Store>(store: &mut S, cover: &NamedCover, fixes: Fixes) -> Result<()> {
    // A cover letter Patchwork stored itself has no raw mail: it stays.
    let Some(message_id) = cover.message_id else {
        return Ok(());
    };
    let (Some(raw), Some(stored)) = (store.message_raw(message_id)?, store.cover(cover.id)?) else {
        return Ok(());
    };
    let a = analyse_with(&raw, fixes);
    let sender = store.person(stored.submitter_id)?;
    store.delete_cover(cover.id)?;
    let parent = find_parent(store, cover.project_id, &a.refs)?;
    store.add_comment(&NewComment {
        message_id,
        project_id: cover.project_id,
        parent,
        msgid: &cover.msgid,
        date: stored.date,
        headers: &stored.headers,
        submitter_id: parent.map(|_| stored.submitter_id),
        sender: sender
            .as_ref()
            .map(|p| (p.name.as_deref(), p.email.as_str())),
        content: &stored.content,
        addressed: a.action_required.then_some(false),
        refs: &a.refs,
    })?;
    let fate = match parent {
        Some(_) => MessageFate {
            result: "comment",
            status: "stored",
            reason: None,
        },
        None => MessageFate {
            result: "pending",
            status: "pending",
            reason: Some(PENDING_REASON),
        },
    };
    store.set_message_result(message_id, fate)?;
    regroup(store, cover.project_id, cover.component, fixes)?;
    reattach(store, cover.project_id, &cover.msgid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, minute, 0)
            .unwrap()
    }

    fn project(id: i64, link_name: &str) -> Project {
        Project {
            id,
            link_name: link_name.into(),
            ..Default::default()
        }
    }

    fn stored(id: i64, p: &Project, msgid: &str, minute: u32, threaded: bool) -> NamedCover {
        NamedCover {
            id,
            project_id: p.id,
            project_link_name: p.link_name.clone(),
            msgid: msgid.into(),
            date: at(minute),
            threaded,
            message_id: Some(id),
            component: id,
        }
    }

    #[test]
    fn the_earliest_cover_with_a_name_wins() {
        let alpha = project(1, "alpha");
        let fresh = decide_among(Vec::new(), &alpha, "<a>", at(0), true);
        assert!(fresh.is_cover && fresh.demote.is_empty());
        let earlier = vec![stored(1, &alpha, "<a>", 0, false)];
        let later = decide_among(earlier.clone(), &alpha, "<b>", at(5), true);
        assert!(!later.is_cover, "a threaded 0/n after a cover of its name");
        let unthreaded = decide_among(earlier, &alpha, "<b>", at(5), false);
        assert!(unthreaded.is_cover, "refs == []: always a cover");
        let before = decide_among(
            vec![stored(1, &alpha, "<b>", 5, true)],
            &alpha,
            "<a>",
            at(0),
            true,
        );
        assert!(before.is_cover);
        assert_eq!(before.demote.len(), 1, "the later threaded cover demoted");
    }

    /// §8.7/§17.2: covers of every project compete; copies of one mail on
    /// two lists are ordered by link name, whichever arrived first.
    #[test]
    fn cross_posted_copies_compete_across_projects() {
        let (alpha, beta) = (project(2, "alpha"), project(1, "beta"));
        let threaded_after = |earlier: NamedCover, p: &Project, msgid: &str, minute: u32| {
            decide_among(vec![earlier], p, msgid, at(minute), true)
        };
        let beta_copy = threaded_after(stored(1, &alpha, "<v2>", 0, true), &beta, "<v2>", 0);
        assert!(!beta_copy.is_cover, "alpha's copy comes first");
        let alpha_copy = threaded_after(stored(1, &beta, "<v2>", 0, true), &alpha, "<v2>", 0);
        assert!(alpha_copy.is_cover);
        assert_eq!(alpha_copy.demote.len(), 1, "beta's copy becomes a comment");
        let elsewhere = threaded_after(stored(1, &alpha, "<x>", 0, false), &beta, "<y>", 1);
        assert!(!elsewhere.is_cover, "another project's cover counts");
    }
}
