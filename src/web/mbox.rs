//! The mbox downloads of spec §15, rendered by `mbox::texts` (the code
//! behind `export`'s `mbox` object) from just the records a download needs,
//! read in one query per kind:
//! `/project/<p>/patch/<msgid>/mbox/` (`?series=*` or `?series=<id>`: the
//! series' patches numbered below it, then it), `/project/<p>/cover/<msgid>/mbox/`,
//! `/series/<id>/mbox/`, and the `/patch/<id>/mbox/`, `/cover/<id>/mbox/`
//! redirects to the first two.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::response::Response;

use super::context::Reader;
use super::reply::{ApiError, download, found};
use crate::json::url_msgid;
use crate::mbox::texts::{Downloads, Records as Made};
use crate::model::{Comment, Cover, Patch, Person, Project, User};
use crate::series::MemberKind;
use crate::store::Database;
use crate::store::prelude::*;

type Reply = Result<Response, ApiError>;

/// What Patchwork's patch, cover and series downloads are served as.
const MBOX_TYPE: &str = "text/plain; charset=utf-8";

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

/// What the downloads of `patches` and `covers` (every record they hold)
/// are made of, read in one query per kind.
struct Loaded {
    projects: Arc<Vec<Project>>,
    people: Vec<Person>,
    users: Vec<User>,
    comments: Vec<Comment>,
}

impl Loaded {
    fn read(
        reader: &mut Reader,
        patches: &[&Patch],
        covers: &[&Cover],
    ) -> Result<Loaded, ApiError> {
        let projects = reader.projects()?.list;
        let store: &Database = reader;
        let ids = |ids: Vec<i64>| {
            ids.into_iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        };
        let submitters = patches.iter().map(|p| p.submitter_id);
        let people = ids(submitters
            .chain(covers.iter().map(|c| c.submitter_id))
            .collect());
        let delegates = ids(patches.iter().filter_map(|p| p.delegate_id).collect());
        let mut comments = store.comments_on(
            MemberKind::Patch,
            &ids(patches.iter().map(|p| p.id).collect()),
        )?;
        comments.extend(store.comments_on(
            MemberKind::Cover,
            &ids(covers.iter().map(|c| c.id).collect()),
        )?);
        Ok(Loaded {
            projects,
            people: store.people_in(&people)?,
            users: store.users_in(&delegates)?,
            comments,
        })
    }

    fn downloads(&self) -> Downloads<'_> {
        Downloads::new(&Made {
            projects: &self.projects,
            people: &self.people,
            users: &self.users,
            patches: &[],
            covers: &[],
            comments: &self.comments,
            series: &[],
        })
    }
}

fn project_id(reader: &mut Reader, link_name: &str) -> Result<i64, ApiError> {
    reader
        .projects()?
        .list
        .iter()
        .find(|p| p.link_name == link_name)
        .map(|p| p.id)
        .ok_or_else(ApiError::not_found)
}

/// The mbox text (§15) of each of `patches`, in order.
pub fn patch_texts(reader: &mut Reader, patches: &[Patch]) -> Result<Vec<String>, ApiError> {
    let loaded = Loaded::read(reader, &patches.iter().collect::<Vec<_>>(), &[])?;
    let downloads = loaded.downloads();
    Ok(patches.iter().map(|p| downloads.patch(p)).collect())
}

/// `/project/<p>/patch/<msgid>/mbox/[?series=…]`.
pub fn patch(reader: &mut Reader, project: &str, msgid: &str, series: Option<&str>) -> Reply {
    let msgid = stored_msgid(msgid);
    let project = project_id(reader, project)?;
    let id = reader
        .patch_id(project, &msgid)?
        .ok_or_else(ApiError::not_found)?;
    let p = reader.patch(id)?.ok_or_else(ApiError::not_found)?;
    let name = filename(&p.name, ".patch");
    let in_series = match (series, p.series_id) {
        (None, _) | (Some(_), None) => None,
        (Some("*"), Some(s)) => Some(s),
        (Some(n), Some(s)) if n.parse::<i64>().ok() == Some(s) => Some(s),
        (Some(_), Some(_)) => return Err(ApiError::not_found()),
    };
    let text = match in_series {
        Some(s) => {
            let listed = reader.series_patches(s)?;
            let loaded = Loaded::read(reader, &listed.iter().chain([&p]).collect::<Vec<_>>(), &[])?;
            loaded.downloads().patch_in_series(&p, &listed)
        }
        None => Loaded::read(reader, &[&p], &[])?.downloads().patch(&p),
    };
    Ok(download(text, &name, MBOX_TYPE))
}

/// `/project/<p>/cover/<msgid>/mbox/`.
pub fn cover(reader: &mut Reader, project: &str, msgid: &str) -> Reply {
    let msgid = stored_msgid(msgid);
    let project = project_id(reader, project)?;
    let id = reader
        .cover_id(project, &msgid)?
        .ok_or_else(ApiError::not_found)?;
    let c = reader.cover(id)?.ok_or_else(ApiError::not_found)?;
    let text = Loaded::read(reader, &[], &[&c])?.downloads().cover(&c);
    Ok(download(text, &filename(&c.name, ".mbox"), MBOX_TYPE))
}

/// `/series/<id>/mbox/`: every patch, in number order.
pub fn series(reader: &mut Reader, id: i64) -> Reply {
    let s = reader.series(id)?.ok_or_else(ApiError::not_found)?;
    let listed = reader.series_patches(id)?;
    let text = Loaded::read(reader, &listed.iter().collect::<Vec<_>>(), &[])?
        .downloads()
        .series(&listed);
    Ok(download(
        text,
        &filename(s.name.as_deref().unwrap_or("series"), ".patch"),
        MBOX_TYPE,
    ))
}

/// `/patch/<id>/mbox/` and `/cover/<id>/mbox/`: 302 to the download by Message-ID.
pub fn by_id(reader: &mut Reader, origin: &str, kind: &str, id: i64) -> Reply {
    let (project_id, msgid) = match kind {
        "patch" => reader.patch(id)?.map(|p| (p.project_id, p.msgid)),
        _ => reader.cover(id)?.map(|c| (c.project_id, c.msgid)),
    }
    .ok_or_else(ApiError::not_found)?;
    let projects = reader.projects()?;
    let project = projects
        .by_id
        .get(&project_id)
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
