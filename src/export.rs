//! `pwingest export`: every record's detail document for one API version,
//! grouped the way the conformance corpus's `expected.api[V]` is, plus the
//! mbox downloads (not versioned) as its `mbox` object.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::error::Result;
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion};
use crate::mbox::texts::{Records, mbox_texts};
use crate::model::Parent;
use crate::store::Store;

/// `{"projects", "people", "patches", "covers", "series", "comments", "mbox"}`.
pub fn export<S: Store>(store: &S, api: Api) -> Result<Value> {
    let mut r = Renderer::new(store, api.clone())?;
    let project_rows = store.projects()?;
    let people_rows = store.people()?;
    let projects = project_rows
        .iter()
        .map(|p| r.project(p).map(|d| d.value()))
        .collect::<Result<Vec<_>>>()?;
    let people: Vec<Value> = people_rows.iter().map(|p| r.person(p).value()).collect();
    let patch_rows = store.patches()?;
    let cover_rows = store.covers()?;
    let patches = patch_rows
        .iter()
        .map(|p| r.patch(p).map(|d| d.value()))
        .collect::<Result<Vec<_>>>()?;
    let covers = cover_rows
        .iter()
        .map(|c| r.cover(c).map(|d| d.value()))
        .collect::<Result<Vec<_>>>()?;
    let series_rows = store.all_series()?;
    let series = series_rows
        .iter()
        .map(|s| r.series(s).map(|d| d.value()))
        .collect::<Result<Vec<_>>>()?;
    let comment_rows = store.comments()?;
    let mut comments = Map::new();
    if api.version >= ApiVersion::V1_1 {
        let patch_msgid: std::collections::HashMap<i64, &str> = patch_rows
            .iter()
            .map(|p| (p.id, p.msgid.as_str()))
            .collect();
        let cover_msgid: std::collections::HashMap<i64, &str> = cover_rows
            .iter()
            .map(|c| (c.id, c.msgid.as_str()))
            .collect();
        for c in &comment_rows {
            let key = match c.parent {
                Parent::Patch(id) => format!(
                    "patch:{}",
                    patch_msgid.get(&id).copied().unwrap_or_default()
                ),
                Parent::Cover(id) => format!(
                    "cover:{}",
                    cover_msgid.get(&id).copied().unwrap_or_default()
                ),
            };
            let doc = r.comment(c)?.value();
            comments
                .entry(key)
                .or_insert_with(|| json!([]))
                .as_array_mut()
                .expect("array")
                .push(doc);
        }
    }
    let mut series_listed = Vec::with_capacity(series_rows.len());
    for s in series_rows {
        let listed = store.series_patches(s.id)?;
        series_listed.push((s, listed));
    }
    let delegates: BTreeSet<i64> = patch_rows.iter().filter_map(|p| p.delegate_id).collect();
    let delegates = store.users_in(&delegates.into_iter().collect::<Vec<_>>())?;
    let mbox = mbox_texts(&Records {
        projects: &project_rows,
        people: &people_rows,
        users: &delegates,
        patches: &patch_rows,
        covers: &cover_rows,
        comments: &comment_rows,
        series: &series_listed,
    });
    Ok(json!({
        "projects": projects,
        "people": people,
        "patches": patches,
        "covers": covers,
        "series": series,
        "comments": comments,
        "mbox": mbox,
    }))
}

/// What must not depend on arrival order (issue 3), one line per fact:
/// which mails are patches and covers, each comment's parent, and every
/// series' name, version, total, completeness, cover letter and patches.
/// Ids and series dates are left out: Patchwork defines them by arrival.
pub fn grouping(export: &Value) -> BTreeSet<String> {
    let list = |key: &str| export[key].as_array().cloned().unwrap_or_default();
    let mut out = BTreeSet::new();
    for p in list("patches") {
        let in_series = !p["series"].as_array().is_none_or(Vec::is_empty);
        out.insert(format!(
            "patch {} hash={} in_series={in_series}",
            p["msgid"], p["hash"]
        ));
    }
    for c in list("covers") {
        out.insert(format!("cover {}", c["msgid"]));
    }
    if let Some(comments) = export["comments"].as_object() {
        for (parent, list) in comments {
            for c in list.as_array().into_iter().flatten() {
                out.insert(format!("comment {} on {parent}", c["msgid"]));
            }
        }
    }
    for s in list("series") {
        let patches: Vec<&Value> = s["patches"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| &p["msgid"])
            .collect();
        out.insert(format!(
            "series name={} version={} total={} received={} all={} cover={} patches={patches:?}",
            s["name"],
            s["version"],
            s["total"],
            s["received_total"],
            s["received_all"],
            s["cover_letter"].get("msgid").unwrap_or(&Value::Null),
        ));
    }
    out
}
