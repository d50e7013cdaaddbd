//! The mbox downloads of spec §15, rendered by `mbox::texts` (the code
//! behind `export`'s `mbox` object) from just the records a download needs:
//! `/project/<p>/patch/<msgid>/mbox/` (`?series=*` or `?series=<id>`: the
//! series' patches numbered below it, then it), `/project/<p>/cover/<msgid>/mbox/`,
//! `/series/<id>/mbox/`, and the `/patch/<id>/mbox/`, `/cover/<id>/mbox/`
//! redirects to the first two.

use std::collections::{BTreeSet, HashSet};

use axum::response::Response;

use super::reply::{ApiError, download, found};
use crate::json::url_msgid;
use crate::mbox::texts::{Records as Downloads, mbox_texts};
use crate::model::{Cover, Parent, Patch, Series};
use crate::store::Database;
use crate::store::prelude::*;

type Reply = Result<Response, ApiError>;

/// Patchwork's download name: runs outside `[-_A-Za-z0-9.]` become `-`.
fn filename(name: &str, ext: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || "-_.".contains(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    format!("{}{ext}", out.trim_matches('-'))
}

/// The stored Message-ID a URL names: brackets back, `%2F` back to `/`
/// (the path arrives percent-decoded once).
fn stored_msgid(from_url: &str) -> String {
    format!("<{}>", from_url.replace("%2F", "/"))
}

/// The one download `key` selects from the texts of these records.
fn render(
    store: &Database,
    patches: Vec<Patch>,
    covers: Vec<Cover>,
    series: Vec<(Series, Vec<Patch>)>,
    key: impl Fn(&str) -> bool,
) -> Result<Option<String>, ApiError> {
    let listed = series.iter().flat_map(|(_, ps)| ps.iter());
    // A set: the patch of a `?series=` download is also listed in its series.
    let mut parents: HashSet<Parent> = patches
        .iter()
        .chain(listed.clone())
        .map(|p| Parent::Patch(p.id))
        .collect();
    parents.extend(covers.iter().map(|c| Parent::Cover(c.id)));
    let mut comments = Vec::new();
    for parent in parents {
        comments.extend(store.comments_of(parent)?);
    }
    let people_ids: BTreeSet<i64> = patches
        .iter()
        .chain(listed)
        .map(|p| p.submitter_id)
        .chain(covers.iter().map(|c| c.submitter_id))
        .chain(series.iter().map(|(s, _)| s.submitter_id))
        .collect();
    let mut people = Vec::new();
    for id in people_ids {
        people.extend(store.person(id)?);
    }
    let texts = mbox_texts(&Downloads {
        projects: &store.projects()?,
        people: &people,
        patches: &patches,
        covers: &covers,
        comments: &comments,
        series: &series,
    });
    Ok(texts
        .into_iter()
        .find(|(k, _)| key(k))
        .and_then(|(_, v)| v.as_str().map(str::to_string)))
}

fn project_id(store: &Database, link_name: &str) -> Result<i64, ApiError> {
    store
        .projects()?
        .into_iter()
        .find(|p| p.link_name == link_name)
        .map(|p| p.id)
        .ok_or_else(ApiError::not_found)
}

/// `/project/<p>/patch/<msgid>/mbox/[?series=…]`.
pub fn patch(store: &Database, project: &str, msgid: &str, series: Option<&str>) -> Reply {
    let msgid = stored_msgid(msgid);
    let id = store
        .patch_id(project_id(store, project)?, &msgid)?
        .ok_or_else(ApiError::not_found)?;
    let p = store.patch(id)?.ok_or_else(ApiError::not_found)?;
    let name = filename(&p.name, ".patch");
    let in_series = match (series, p.series_id) {
        (None, _) | (Some(_), None) => None,
        (Some("*"), Some(s)) => Some(s),
        (Some(n), Some(s)) if n.parse::<i64>().ok() == Some(s) => Some(s),
        (Some(_), Some(_)) => return Err(ApiError::not_found()),
    };
    let text = match in_series.map(|s| store.series(s)).transpose()?.flatten() {
        Some(s) => {
            let listed = store.series_patches(s.id)?;
            let key = format!("patch-series:{msgid}");
            render(store, vec![p], vec![], vec![(s, listed)], |k| k == key)?
        }
        None => {
            let key = format!("patch:{msgid}");
            render(store, vec![p], vec![], vec![], |k| k == key)?
        }
    };
    text.map(|t| download(t, &name))
        .ok_or_else(ApiError::not_found)
}

/// `/project/<p>/cover/<msgid>/mbox/`.
pub fn cover(store: &Database, project: &str, msgid: &str) -> Reply {
    let msgid = stored_msgid(msgid);
    let id = store
        .cover_id(project_id(store, project)?, &msgid)?
        .ok_or_else(ApiError::not_found)?;
    let c = store.cover(id)?.ok_or_else(ApiError::not_found)?;
    let name = filename(&c.name, ".mbox");
    let key = format!("cover:{msgid}");
    render(store, vec![], vec![c], vec![], |k| k == key)?
        .map(|t| download(t, &name))
        .ok_or_else(ApiError::not_found)
}

/// `/series/<id>/mbox/`: every patch, in number order.
pub fn series(store: &Database, id: i64) -> Reply {
    let s = store.series(id)?.ok_or_else(ApiError::not_found)?;
    let name = filename(s.name.as_deref().unwrap_or("series"), ".patch");
    let listed = store.series_patches(id)?;
    let covers: Vec<Cover> = s
        .cover_id
        .map(|c| store.cover(c))
        .transpose()?
        .flatten()
        .into_iter()
        .collect();
    render(store, vec![], covers, vec![(s, listed)], |k| {
        k.starts_with("series:")
    })?
    .map(|t| download(t, &name))
    .ok_or_else(ApiError::not_found)
}

/// `/patch/<id>/mbox/` and `/cover/<id>/mbox/`: 302 to the download by Message-ID.
pub fn by_id(store: &Database, origin: &str, kind: &str, id: i64) -> Reply {
    let (project_id, msgid) = match kind {
        "patch" => store.patch(id)?.map(|p| (p.project_id, p.msgid)),
        _ => store.cover(id)?.map(|c| (c.project_id, c.msgid)),
    }
    .ok_or_else(ApiError::not_found)?;
    let project = store
        .projects()?
        .into_iter()
        .find(|p| p.id == project_id)
        .ok_or_else(ApiError::not_found)?;
    Ok(found(&format!(
        "{origin}/project/{}/{kind}/{}/mbox/",
        project.link_name,
        url_msgid(&msgid)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names() {
        assert_eq!(
            filename("[PATCH v2 1/2] foo: one", ".patch"),
            "PATCH-v2-1-2-foo-one.patch"
        );
        assert_eq!(stored_msgid("a%2Fb@x"), "<a/b@x>");
    }
}
