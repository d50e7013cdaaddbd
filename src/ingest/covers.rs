//! Cover letter or comment (spec §8.7 step 2), decided independently of
//! arrival order. Patchwork treats a threaded `0/n` mail as a cover letter
//! only if no cover letter with the same name exists yet (in any project),
//! so whichever arrives first wins. pwingest lets the earliest by date (then
//! Message-ID) win instead: a threaded `0/n` mail is a cover letter unless
//! an earlier one with its name exists, and threaded cover letters it
//! precedes are turned into the comments they would have been.

use chrono::NaiveDateTime;

use super::replies::{find_parent, reattach};
use super::series_sync::regroup;
use crate::classify::analyse;
use crate::error::Result;
use crate::store::{NamedCover, NewComment, Store};

/// What to do with a `0/n` non-reply mail.
pub(super) struct CoverDecision {
    pub is_cover: bool,
    /// Threaded cover letters that come after this one: now comments.
    pub demote: Vec<NamedCover>,
}

/// Decides for a mail named `name` in `project_id`, dated `date`.
pub(super) fn decide<S: Store>(
    store: &S,
    project_id: i64,
    name: &str,
    msgid: &str,
    date: NaiveDateTime,
    threaded: bool,
) -> Result<CoverDecision> {
    let named = store.covers_named(name)?;
    if named
        .iter()
        .any(|c| c.project_id == project_id && c.msgid == msgid)
    {
        // Delivered again: the cover path reports the duplicate.
        return Ok(CoverDecision {
            is_cover: true,
            demote: Vec::new(),
        });
    }
    let key = (date, msgid);
    let earlier = named.iter().any(|c| (c.date, c.msgid.as_str()) < key);
    let is_cover = !threaded || !earlier;
    let demote = if is_cover {
        named
            .into_iter()
            .filter(|c| c.threaded && (c.date, c.msgid.as_str()) > key)
            .collect()
    } else {
        Vec::new()
    };
    Ok(CoverDecision { is_cover, demote })
}

/// Turns a stored cover letter into the comment (or pending reply) it
/// would have been had the earlier cover arrived first.
pub(super) fn demote<S: Store>(store: &mut S, cover: &NamedCover) -> Result<()> {
    // A cover letter Patchwork stored itself has no raw mail: it stays.
    let Some(message_id) = cover.message_id else {
        return Ok(());
    };
    let (Some(raw), Some(stored)) = (store.message_raw(message_id)?, store.cover(cover.id)?) else {
        return Ok(());
    };
    let a = analyse(&raw);
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
    let result = if parent.is_some() {
        "comment"
    } else {
        "pending"
    };
    store.set_message_result(message_id, result, None)?;
    regroup(store, cover.project_id, cover.component)?;
    reattach(store, cover.project_id, &cover.msgid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    #[test]
    fn the_earliest_cover_with_a_name_wins() {
        let store = SqliteStore::in_memory().unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let fresh = decide(&store, 1, "[0/2] x", "<a>", d, true).unwrap();
        assert!(fresh.is_cover && fresh.demote.is_empty());
        let unthreaded = decide(&store, 1, "[0/2] x", "<a>", d, false).unwrap();
        assert!(unthreaded.is_cover);
    }
}
