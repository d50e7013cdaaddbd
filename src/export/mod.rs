//! `pwingest export`: every record's detail document for one API version,
//! grouped the way the conformance corpus's `expected.api[V]` is, plus the
//! mbox downloads (not versioned), streamed: ids are read a page at a time
//! and each record is read, rendered and written before the next, so
//! memory stays bounded whatever the database's size. `--project`,
//! `--since` and `--before` narrow what is written ([`RecordLimits`]);
//! `--jsonl` writes one document a line instead of one object.

mod downloads;
mod sink;

use std::collections::BTreeSet;
use std::io::Write;

use serde_json::Value;

use crate::error::Result;
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion};
use crate::series::MemberKind;
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::sql::pages::Listed;
pub use crate::store::sql::pages::RecordLimits;
use downloads::Downloads;
use sink::{LinesSink, ObjectSink, Sink};

/// Ids read per query.
const PAGE: usize = 2000;

/// How the export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One object: `{"projects", "people", "patches", "covers", "series",
    /// "comments" (by parent), "mbox"}`, pretty-printed.
    Object,
    /// One object a line: `{"kind", "document"}`, comments with their
    /// `parent`, mbox downloads as `{"kind": "mbox", "key", "mbox"}`.
    Lines,
}

/// Writes the documents and downloads of the records `limits` keep.
///
/// In [`Format::Object`] a `comments` key gathers the comments of every
/// kept patch (or cover letter) with that Message-ID, as the corpus keys
/// them; an `mbox` key whose Message-ID is in several projects appears once
/// per record, and a JSON reader keeps the last, as the corpus does.
pub fn write(
    store: &Database,
    api: Api,
    limits: &RecordLimits,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let mut object;
    let mut lines;
    let sink: &mut dyn Sink = match format {
        Format::Object => {
            object = ObjectSink::new(out);
            &mut object
        }
        Format::Lines => {
            lines = LinesSink::new(out);
            &mut lines
        }
    };
    sink.section("projects")?;
    let mut r = Renderer::new(store, api.clone())?;
    for p in store.projects()? {
        if limits.project_id.is_none_or(|id| id == p.id) {
            sink.document("project", &r.project(&p)?)?;
        }
    }
    let sections = [
        ("people", "person", Listed::People),
        ("patches", "patch", Listed::Patches),
        ("covers", "cover", Listed::Covers),
        ("series", "series", Listed::Series),
    ];
    for (section, kind, listed) in sections {
        sink.section(section)?;
        pages(store, listed, limits, |ids| {
            // A renderer a page: its caches stay small whatever the database holds.
            let mut r = Renderer::new(store, api.clone())?;
            for &id in ids {
                let doc = match listed {
                    Listed::People => r.person_by_id(id)?,
                    Listed::Patches => r.patch_by_id(id)?,
                    Listed::Covers => r.cover_by_id(id)?,
                    Listed::Series => r.series_by_id(id)?,
                };
                // Gone since its id was read (the database is live): skipped.
                if let Some(d) = doc {
                    sink.document(kind, &d)?;
                }
            }
            Ok(())
        })?;
    }
    sink.section("comments")?;
    if api.version >= ApiVersion::V1_1 {
        for (kind, prefix) in [(MemberKind::Patch, "patch"), (MemberKind::Cover, "cover")] {
            let mut after = 0;
            loop {
                let groups = store.comment_groups(kind, limits, after, PAGE)?;
                let Some(&(last, _)) = groups.last() else {
                    break;
                };
                after = last;
                let mut r = Renderer::new(store, api.clone())?;
                for (_, msgid) in &groups {
                    let docs = store
                        .comments_of_msgid(kind, msgid, limits)?
                        .iter()
                        .map(|c| r.comment(c))
                        .collect::<Result<Vec<_>>>()?;
                    sink.comments(&format!("{prefix}:{msgid}"), &docs)?;
                }
            }
        }
    }
    sink.section("mbox")?;
    let downloads = Downloads::new(store)?;
    for listed in [Listed::Patches, Listed::Covers, Listed::Series] {
        pages(store, listed, limits, |ids| {
            for &id in ids {
                for (key, text) in downloads.of(listed, id)? {
                    sink.mbox(&key, text.as_str().unwrap_or_default())?;
                }
            }
            Ok(())
        })?;
    }
    sink.finish()?;
    Ok(())
}

/// Calls `f` with the ids of the records of `listed` that `limits` keep,
/// in id order, a page at a time.
fn pages(
    store: &Database,
    listed: Listed,
    limits: &RecordLimits,
    mut f: impl FnMut(&[i64]) -> Result<()>,
) -> Result<()> {
    let mut after = 0;
    loop {
        let ids = store.listed_ids(listed, limits, after, PAGE)?;
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        after = last;
        f(&ids)?;
    }
}

/// The whole export as one value (the order checks compare it).
pub fn export(store: &Database, api: Api) -> Result<Value> {
    let mut buf = Vec::new();
    write(
        store,
        api,
        &RecordLimits::default(),
        Format::Object,
        &mut buf,
    )?;
    Ok(serde_json::from_slice(&buf).map_err(std::io::Error::from)?)
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
