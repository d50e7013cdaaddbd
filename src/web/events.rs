//! Documents the conformance corpus does not hold, built from Patchwork's
//! tables with the embedded objects of `json::embedded`: events
//! (`/api/events/`, newest first, payload by category) and checks
//! (`/api/patches/<id>/checks/`). A page of events is read in one query per
//! kind of record its payloads embed.

use std::collections::HashMap;

use crate::error::Result;
use crate::json::headers::HeaderFields;
use crate::json::records::Renderer;
use crate::json::{ApiVersion, Doc, Json, embedded, format_date};
use crate::model::{Comment, Cover, Parent, Patch, Project, Series};
use crate::series::MemberKind;
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::rows::date_from_sql;
use crate::store::sql::reads::{CheckRow, EventRow};

type R<'s> = Renderer<'s, Database>;

/// Check states by their stored number (`Check.STATE_CHOICES`).
const CHECK_STATES: [&str; 4] = ["pending", "success", "warning", "fail"];

/// `/api/patches/<patch>/checks/<id>/` and the items of its list.
pub fn check(r: &mut R<'_>, row: &CheckRow) -> Result<Json> {
    let state = usize::try_from(row.state)
        .ok()
        .and_then(|s| CHECK_STATES.get(s))
        .copied()
        .unwrap_or("pending");
    let url = r
        .api
        .api_url(&format!("patches/{}/checks/{}/", row.patch_id, row.id));
    let user = r.user_or_null(row.user_id)?;
    Ok(Doc::new()
        .put("id", row.id)
        .put("url", url)
        .put("user", user)
        .put("date", format_date(date_from_sql(&row.date)))
        .put("state", state)
        .put("target_url", row.target_url.as_deref())
        .put("context", row.context.as_str())
        .put("description", row.description.as_deref())
        .done())
}

/// A patch's checks, loading their users in one query.
pub fn checks(r: &mut R<'_>, rows: &[CheckRow]) -> Result<Vec<Json>> {
    r.preload_users(rows.iter().filter_map(|c| c.user_id))?;
    rows.iter().map(|c| check(r, c)).collect()
}

/// An embedded comment (comment events' payload).
fn comment(r: &R<'_>, project: &Project, c: &Comment) -> Json {
    let mut d = Doc::new();
    embedded::comment_head(&r.api, project, c, &mut d);
    d.put("name", HeaderFields::parse(&c.headers).subject())
        .done()
}

/// The records a page of events names, by id.
struct Named {
    patches: HashMap<i64, Patch>,
    series: HashMap<i64, Series>,
    covers: HashMap<i64, Cover>,
    patch_comments: HashMap<i64, Comment>,
    cover_comments: HashMap<i64, Comment>,
    checks: HashMap<i64, CheckRow>,
}

fn keyed<T>(rows: Vec<T>, id: impl Fn(&T) -> i64) -> HashMap<i64, T> {
    rows.into_iter().map(|r| (id(&r), r)).collect()
}

/// The record `id` names, if any.
fn get<T>(map: &HashMap<i64, T>, id: Option<i64>) -> Option<&T> {
    id.and_then(|id| map.get(&id))
}

impl Named {
    fn load(store: &Database, rows: &[EventRow]) -> Result<Named> {
        let ids = |f: fn(&EventRow) -> Option<i64>| rows.iter().filter_map(f).collect::<Vec<_>>();
        Ok(Named {
            patches: keyed(store.patch_items(&ids(|e| e.patch_id))?, |p| p.id),
            series: keyed(store.series_in(&ids(|e| e.series_id))?, |s| s.id),
            covers: keyed(store.cover_items(&ids(|e| e.cover_id))?, |c| c.id),
            patch_comments: keyed(
                store.comments_in(MemberKind::Patch, &ids(|e| e.patch_comment_id))?,
                |c| c.id,
            ),
            cover_comments: keyed(
                store.comments_in(MemberKind::Cover, &ids(|e| e.cover_comment_id))?,
                |c| c.id,
            ),
            checks: keyed(store.checks_in(&ids(|e| e.check_id))?, |c| c.id),
        })
    }
}

/// The `/api/events/` items for the events `ids`, in that order: `id`,
/// `category`, `project`, `date`, `actor` (1.2+), `payload` (the objects
/// the category names).
pub fn events(store: &Database, r: &mut R<'_>, ids: &[i64]) -> Result<Vec<Json>> {
    let rows = store.events_in(ids)?;
    let named = Named::load(store, &rows)?;
    let users = rows
        .iter()
        .flat_map(|e| [e.actor_id, e.previous_delegate_id, e.current_delegate_id])
        .chain(named.checks.values().map(|c| c.user_id))
        .flatten();
    r.preload_users(users.collect::<Vec<_>>())?;
    rows.iter().map(|e| event(r, &named, e)).collect()
}

fn event(r: &mut R<'_>, named: &Named, e: &EventRow) -> Result<Json> {
    let api = r.api.clone();
    let project = r.project_row(e.project_id);
    let mut payload = Doc::new();
    if let Some(p) = get(&named.patches, e.patch_id) {
        payload.put("patch", embedded::patch(&api, &project, p));
    }
    if let Some(s) = get(&named.series, e.series_id) {
        payload.put("series", embedded::series(&api, &project, s));
    }
    if let Some(c) = get(&named.covers, e.cover_id) {
        payload.put("cover", embedded::cover(&api, &project, c));
    }
    let comment_of = match (
        e.patch_comment_id,
        e.patch_id,
        e.cover_comment_id,
        e.cover_id,
    ) {
        (Some(c), Some(p), _, _) => Some((Parent::Patch(p), named.patch_comments.get(&c))),
        (_, _, Some(c), Some(p)) => Some((Parent::Cover(p), named.cover_comments.get(&c))),
        _ => None,
    };
    if let Some((parent, c)) = comment_of {
        let doc = c
            .filter(|c| c.parent == parent)
            .map(|c| comment(r, &project, c));
        payload.put("comment", doc);
    }
    if let (Some(c), Some(p)) = (e.check_id, e.patch_id) {
        let doc = match named.checks.get(&c).filter(|c| c.patch_id == p) {
            Some(c) => Some(check(r, c)?),
            None => None,
        };
        payload.put("check", doc);
    }
    if e.category == "patch-state-changed" {
        payload
            .put("previous_state", e.previous_state.as_deref())
            .put("current_state", e.current_state.as_deref());
    }
    if e.category == "patch-delegated" {
        let previous = r.user_or_null(e.previous_delegate_id)?;
        let current = r.user_or_null(e.current_delegate_id)?;
        payload
            .put("previous_delegate", previous)
            .put("current_delegate", current);
    }
    let actor = r.user_or_null(e.actor_id)?;
    let project_doc = r.project_embed(&project);
    Ok(Doc::new()
        .put("id", e.id)
        .put("category", e.category.as_str())
        .put("project", project_doc)
        .put("date", format_date(date_from_sql(&e.date)))
        .put_if(api.has(ApiVersion::V1_2), "actor", || actor)
        .put("payload", payload.done())
        .done())
}
