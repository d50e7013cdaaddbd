//! Replies: finding a comment's parent (spec §10.2) and re-attaching
//! comments whose parent arrived after them, so a reply ends up on the same
//! parent whatever order its thread arrived in.

use std::collections::HashSet;

use super::person;
use crate::error::Result;
use crate::model::Parent;
use crate::series::MemberKind;
use crate::store::Store;

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
    if let Some(id) = store.first_parent(project_id, refs, MemberKind::Patch)? {
        return Ok(Some(Parent::Patch(id)));
    }
    Ok(store
        .first_parent(project_id, refs, MemberKind::Cover)?
        .map(Parent::Cover))
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
            queue.push(c.msgid);
        }
    }
    Ok(())
}
