//! Documents the conformance corpus does not hold, built from Patchwork's
//! tables with the embedded objects of `json::embedded`: events
//! (`/api/events/`, newest first, payload by category), checks
//! (`/api/patches/<id>/checks/`) and users (`/api/users/`).

use serde_json::{Map, Value};

use crate::error::Result;
use crate::json::headers::HeaderFields;
use crate::json::{Api, ApiVersion, embedded, format_date, list_archive_url};
use crate::model::{Parent, Project};
use crate::store::Database;
use crate::store::conn::Value as Param;
use crate::store::prelude::*;
use crate::store::rows::date_from_sql;

/// Check states by their stored number (`Check.STATE_CHOICES`).
const CHECK_STATES: [&str; 4] = ["pending", "success", "warning", "fail"];

fn project(store: &Database, id: i64) -> Result<Project> {
    Ok(store
        .projects()?
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_default())
}

/// `/api/users/<id>/`: the embedded user document.
pub fn user_by_id(store: &Database, api: &Api, id: i64) -> Result<Option<Value>> {
    Ok(store.user(id)?.map(|u| embedded::user(api, &u)))
}

fn user_or_null(store: &Database, api: &Api, id: Option<i64>) -> Result<Value> {
    Ok(match id {
        Some(id) => user_by_id(store, api, id)?.unwrap_or(Value::Null),
        None => Value::Null,
    })
}

/// The ids of a patch's checks, oldest first.
pub fn check_ids(store: &Database, patch_id: i64) -> Result<Vec<i64>> {
    store.select_ids(
        "SELECT id FROM patchwork_check WHERE patch_id = ?1 ORDER BY date, id",
        &[Param::Int(patch_id)],
    )
}

/// `/api/patches/<patch>/checks/<id>/`.
pub fn check(store: &Database, api: &Api, patch_id: i64, id: i64) -> Result<Option<Value>> {
    let Some(row) = store.check_row(patch_id, id)? else {
        return Ok(None);
    };
    let state = usize::try_from(row.state)
        .ok()
        .and_then(|s| CHECK_STATES.get(s))
        .copied()
        .unwrap_or("pending");
    let mut m = Map::new();
    m.insert("id".into(), row.id.into());
    m.insert(
        "url".into(),
        api.api_url(&format!("patches/{}/checks/{id}/", row.patch_id))
            .into(),
    );
    m.insert("user".into(), user_or_null(store, api, row.user_id)?);
    m.insert("date".into(), format_date(date_from_sql(&row.date)).into());
    m.insert("state".into(), state.into());
    m.insert("target_url".into(), row.target_url.into());
    m.insert("context".into(), row.context.into());
    m.insert("description".into(), row.description.into());
    Ok(Some(Value::Object(m)))
}

/// An embedded comment (comment events' payload).
fn comment(
    store: &Database,
    api: &Api,
    project: &Project,
    parent: Parent,
    id: i64,
) -> Result<Value> {
    let Some(c) = store.comments_of(parent)?.into_iter().find(|c| c.id == id) else {
        return Ok(Value::Null);
    };
    let url = match parent {
        Parent::Patch(p) => api.api_url(&format!("patches/{p}/comments/{id}/")),
        Parent::Cover(p) => api.api_url(&format!("covers/{p}/comments/{id}/")),
    };
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    if api.has(ApiVersion::V1_3) {
        m.insert("url".into(), url.into());
    }
    m.insert("web_url".into(), api.web(&format!("/comment/{id}/")).into());
    m.insert("msgid".into(), c.msgid.clone().into());
    if api.has(ApiVersion::V1_2) {
        m.insert(
            "list_archive_url".into(),
            list_archive_url(&project.list_archive_url_format, &c.msgid),
        );
    }
    m.insert("date".into(), format_date(c.date).into());
    m.insert(
        "name".into(),
        HeaderFields::parse(&c.headers).subject().into(),
    );
    Ok(Value::Object(m))
}

/// `/api/events/` items: `id`, `category`, `project`, `date`, `actor`
/// (1.2+), `payload` (the objects the category names).
pub fn event(store: &Database, api: &Api, id: i64) -> Result<Option<Value>> {
    let Some(e) = store.event_row(id)? else {
        return Ok(None);
    };
    let project = project(store, e.project_id)?;
    let mut payload = Map::new();
    if let Some(p) = e.patch_id.map(|id| store.patch(id)).transpose()?.flatten() {
        payload.insert("patch".into(), embedded::patch(api, &project, &p));
    }
    if let Some(s) = e
        .series_id
        .map(|id| store.series(id))
        .transpose()?
        .flatten()
    {
        payload.insert("series".into(), embedded::series(api, &project, &s));
    }
    if let Some(c) = e.cover_id.map(|id| store.cover(id)).transpose()?.flatten() {
        payload.insert("cover".into(), embedded::cover(api, &project, &c));
    }
    let comment_of = match (
        e.patch_comment_id,
        e.patch_id,
        e.cover_comment_id,
        e.cover_id,
    ) {
        (Some(c), Some(p), _, _) => Some((Parent::Patch(p), c)),
        (_, _, Some(c), Some(p)) => Some((Parent::Cover(p), c)),
        _ => None,
    };
    if let Some((parent, c)) = comment_of {
        payload.insert("comment".into(), comment(store, api, &project, parent, c)?);
    }
    if let (Some(c), Some(p)) = (e.check_id, e.patch_id) {
        payload.insert(
            "check".into(),
            check(store, api, p, c)?.unwrap_or(Value::Null),
        );
    }
    if e.category == "patch-state-changed" {
        payload.insert("previous_state".into(), e.previous_state.into());
        payload.insert("current_state".into(), e.current_state.into());
    }
    if e.category == "patch-delegated" {
        payload.insert(
            "previous_delegate".into(),
            user_or_null(store, api, e.previous_delegate_id)?,
        );
        payload.insert(
            "current_delegate".into(),
            user_or_null(store, api, e.current_delegate_id)?,
        );
    }
    let mut m = Map::new();
    m.insert("id".into(), e.id.into());
    m.insert("category".into(), e.category.into());
    m.insert("project".into(), embedded::project(api, &project));
    m.insert("date".into(), format_date(date_from_sql(&e.date)).into());
    if api.has(ApiVersion::V1_2) {
        m.insert("actor".into(), user_or_null(store, api, e.actor_id)?);
    }
    m.insert("payload".into(), Value::Object(payload));
    Ok(Some(Value::Object(m)))
}
