//! Bundles, as Patchwork 3.2.1 serves them from `patchwork_bundle`:
//! `/api/[v/]bundles/` and `/api/[v/]bundles/<id>/` (its `BundleSerializer`:
//! `id`, `url`, `web_url` 1.1+, `project`, `name`, `owner`, `patches` by
//! date, `public`, `mbox`), and `/bundle/<owner>/<name>/mbox/` (the
//! patches' mbox texts in the bundle's order, `text/plain`, named
//! `bundle-<id>-<name>.mbox`). A request sees the public bundles, and its
//! token's user also their own; any other bundle is 404, as if it did not
//! exist.

use std::collections::HashMap;

use axum::response::Response;

use super::context::Reader;
use super::reply::{ApiError, download};
use crate::error::Result;
use crate::json::records::Renderer;
use crate::json::{ApiVersion, Doc, Json, embedded, url_path};
use crate::mbox::join;
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::sql::bundles::BundleRow;

type R<'s> = Renderer<'s, Database>;

/// Whether `user` (a token's, if any) may see `b`.
pub fn visible(b: &BundleRow, user: Option<i64>) -> bool {
    b.public || user == Some(b.owner_id)
}

/// `/bundle/<owner>/<name>/` (+ `mbox/`).
fn web_path(b: &BundleRow) -> String {
    format!("/bundle/{}/{}/", url_path(&b.owner), url_path(&b.name))
}

/// The documents of the bundles `ids`, in that order: the bundles, their
/// owners, projects and patches each read in one query.
pub fn documents(store: &Database, r: &mut R<'_>, ids: &[i64]) -> Result<Vec<Json>> {
    let bundles = store.bundles_in(ids)?;
    let members = store.bundle_members(ids)?;
    let patch_ids: Vec<i64> = members.iter().map(|(_, p)| *p).collect();
    let patches: HashMap<i64, _> = store
        .patch_items(&patch_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    r.preload_users(bundles.iter().map(|b| b.owner_id))?;
    let api = r.api.clone();
    let mut docs = Vec::with_capacity(bundles.len());
    for b in &bundles {
        let project = r.project_row(b.project_id);
        let listed: Vec<Json> = members
            .iter()
            .filter(|(bundle, _)| *bundle == b.id)
            .filter_map(|(_, p)| patches.get(p))
            .map(|p| embedded::patch(&api, &r.project_row(p.project_id), p))
            .collect();
        let web = api.web(&web_path(b));
        let project_doc = r.project_embed(&project);
        let owner = r.user_or_null(Some(b.owner_id))?;
        docs.push(
            Doc::new()
                .put("id", b.id)
                .put("url", api.api_url(&format!("bundles/{}/", b.id)))
                .put_if(api.has(ApiVersion::V1_1), "web_url", || web.as_str())
                .put("project", project_doc)
                .put("name", b.name.as_str())
                .put("owner", owner)
                .put("patches", listed)
                .put("public", b.public)
                .put("mbox", format!("{web}mbox/"))
                .done(),
        );
    }
    Ok(docs)
}

/// `/api/[v/]bundles/<id>/`, if `user` may see it.
pub fn document(
    store: &Database,
    r: &mut R<'_>,
    id: i64,
    user: Option<i64>,
) -> Result<Option<Json>> {
    match store.bundles_in(&[id])?.pop() {
        Some(b) if visible(&b, user) => Ok(documents(store, r, &[id])?.pop()),
        _ => Ok(None),
    }
}

/// `/bundle/<owner>/<name>/mbox/`: every patch's mbox text (§15) in the
/// bundle's order, joined as a series download is.
pub fn mbox(
    reader: &mut Reader,
    owner: &str,
    name: &str,
    user: Option<i64>,
) -> std::result::Result<Response, ApiError> {
    let b = reader
        .bundle_named(owner, name)?
        .filter(|b| visible(b, user))
        .ok_or_else(ApiError::not_found)?;
    let patches = reader.bundle_patches(b.id)?;
    let texts = super::mbox::patch_texts(reader, &patches)?;
    let filename = format!("bundle-{}-{}.mbox", b.id, b.name);
    Ok(download(join(texts), &filename, "text/plain"))
}
