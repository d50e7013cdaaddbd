//! Replies: finding a comment's parent (spec §10.2) and re-attaching
//! comments whose parent arrived after them, so a reply ends up on the same
//! parent whatever order its thread arrived in.

use std::collections::HashSet;

use super::outcome::log_attached;
use super::person;
use crate::error::Result;
use crate::model::Parent;
use crate::store::{ParentCandidate, Store};

/// `"patch:<msgid>"` / `"cover:<msgid>"` of a parent.
pub(super) fn parent_key<S: Store>(store: &S, parent: Parent) -> Result<String> {
    let kind = match parent {
        Parent::Patch(_) => "patch",
        Parent::Cover(_) => "cover",
    };
    let msgid = store.msgid_of(parent)?.unwrap_or_default();
    Ok(format!("{kind}:{msgid}"))
}

/// §10.2: the first ref that is a patch or a patch comment, else the first
/// that is a cover or a cover comment.
pub(super) fn find_parent<S: Store>(
    store: &S,
    project_id: i64,
    refs: &[String],
) -> Result<Option<Parent>> {
    Ok(pick_parent(&store.parent_candidates(project_id, refs)?))
}

/// §10.2 over the records the references reach: patches before covers;
/// within a kind the earliest reference, the record itself before a
/// comment with its Message-ID, then the newest such comment.
fn pick_parent(candidates: &[ParentCandidate]) -> Option<Parent> {
    let is_patch = |c: &&ParentCandidate| matches!(c.record, Parent::Patch(_));
    let rank = |c: &&ParentCandidate| {
        (
            c.position,
            c.via_comment.is_some(),
            std::cmp::Reverse(c.via_comment),
        )
    };
    let patches = candidates.iter().filter(is_patch).min_by_key(rank);
    patches
        .or_else(|| candidates.iter().filter(|c| !is_patch(c)).min_by_key(rank))
        .map(|c| c.record)
}

/// Re-resolves the parent of every comment that references `msgid` (which
/// just became known), and then of the comments referencing those, so a
/// reply attaches to the same parent whatever order the thread arrived in.
pub(super) fn reattach<S: Store>(store: &mut S, project_id: i64, msgid: &str) -> Result<()> {
    let mut queue = vec![msgid.to_string()];
    let mut seen = HashSet::new();
    while let Some(m) = queue.pop() {
        if !seen.insert(m.clone()) {
            continue;
        }
        for c in store.comments_referencing(project_id, &m)? {
            let Some(parent) = find_parent(store, project_id, &c.refs)? else {
                continue;
            };
            if Some(parent) == c.parent {
                continue;
            }
            let Some((name, email)) = &c.sender else {
                continue;
            };
            if store.comment_exists(project_id, Some(parent), &c.msgid)? {
                continue;
            }
            let submitter = person(store, name.as_deref(), email)?;
            store.set_comment_parent(c.id, parent, submitter)?;
            if c.parent.is_none() {
                let parent = parent_key(store, parent)?;
                let message = c.message_id.map(|id| store.message(id)).transpose()?;
                log_attached(&c.msgid, &parent, c.id, message.flatten().as_ref());
            }
            queue.push(c.msgid);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(position: usize, record: Parent, via_comment: Option<i64>) -> ParentCandidate {
        ParentCandidate {
            position,
            record,
            via_comment,
        }
    }

    #[test]
    fn pick_parent_follows_section_10_2() {
        use Parent::{Cover, Patch};
        let cases: &[(&[ParentCandidate], Option<Parent>)] = &[
            (&[], None),
            // A patch anywhere beats a cover letter, even an earlier one.
            (
                &[at(0, Cover(1), None), at(3, Patch(2), None)],
                Some(Patch(2)),
            ),
            // Within a kind the earliest reference wins…
            (
                &[at(2, Patch(5), None), at(1, Patch(6), Some(9))],
                Some(Patch(6)),
            ),
            // …the record itself before a comment with its Message-ID…
            (
                &[at(1, Patch(7), Some(3)), at(1, Patch(8), None)],
                Some(Patch(8)),
            ),
            // …then the newest such comment.
            (
                &[at(0, Patch(3), Some(4)), at(0, Patch(4), Some(11))],
                Some(Patch(4)),
            ),
            (
                &[at(4, Cover(2), Some(1)), at(5, Cover(3), None)],
                Some(Cover(2)),
            ),
        ];
        for (candidates, want) in cases {
            assert_eq!(pick_parent(candidates), *want, "{candidates:?}");
        }
    }
}
