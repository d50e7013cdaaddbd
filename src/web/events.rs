//! Documents the conformance corpus does not hold, built from Patchwork's
//! tables with the embedded objects of `json::embedded`: events
//! (`/api/events/`, newest first, payload by category), checks
//! (`/api/patches/<id>/checks/`) and users (`/api/users/`).

use rusqlite::types::Value as SqlValue;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::json::headers::HeaderFields;
use crate::json::{Api, ApiVersion, embedded, format_date, list_archive_url};
use crate::model::{Parent, Project};
use crate::store::prelude::*;
use crate::store::rows::date_from_sql;
use crate::store::sqlite::SqliteStore;

/// Check states by their stored number (`Check.STATE_CHOICES`).
const CHECK_STATES: [&str; 4] = ["pending", "success", "warning", "fail"];

fn int(v: &SqlValue) -> Option<i64> {
    match v {
        SqlValue::Integer(n) => Some(*n),
        _ => None,
    }
}

fn text(v: &SqlValue) -> String {
    match v {
        SqlValue::Text(s) => s.clone(),
        SqlValue::Integer(n) => n.to_string(),
        _ => String::new(),
    }
}

fn project(store: &SqliteStore, id: i64) -> Result<Project> {
    Ok(store
        .projects()?
        .into_iter()
        .find(|p| p.id == id)
        .unwrap_or_default())
}

/// `/api/users/<id>/`: the embedded user document.
pub fn user_by_id(store: &SqliteStore, api: &Api, id: i64) -> Result<Option<Value>> {
    Ok(store.user(id)?.map(|u| embedded::user(api, &u)))
}

fn user_or_null(store: &SqliteStore, api: &Api, id: Option<i64>) -> Result<Value> {
    Ok(match id {
        Some(id) => user_by_id(store, api, id)?.unwrap_or(Value::Null),
        None => Value::Null,
    })
}

/// The ids of a patch's checks, oldest first.
pub fn check_ids(store: &SqliteStore, patch_id: i64) -> Result<Vec<i64>> {
    store.select_ids(
        "SELECT id FROM patchwork_check WHERE patch_id = ?1 ORDER BY date, id",
        &[SqlValue::Integer(patch_id)],
    )
}

fn check_row(store: &SqliteStore, patch_id: i64, id: i64) -> Result<Option<Vec<SqlValue>>> {
    Ok(store
        .select_rows(
            "SELECT id, user_id, date, state, target_url, context, description \
             FROM patchwork_check WHERE id = ?1 AND patch_id = ?2",
            &[SqlValue::Integer(id), SqlValue::Integer(patch_id)],
        )?
        .pop())
}

/// `/api/patches/<patch>/checks/<id>/` (embedded: without `user` and `description`).
pub fn check(store: &SqliteStore, api: &Api, patch_id: i64, id: i64) -> Result<Option<Value>> {
    let Some(row) = check_row(store, patch_id, id)? else {
        return Ok(None);
    };
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert(
        "url".into(),
        api.api_url(&format!("patches/{patch_id}/checks/{id}/"))
            .into(),
    );
    m.insert("user".into(), user_or_null(store, api, int(&row[1]))?);
    m.insert(
        "date".into(),
        format_date(date_from_sql(&text(&row[2]))).into(),
    );
    let state = int(&row[3])
        .and_then(|s| CHECK_STATES.get(s as usize))
        .copied();
    m.insert("state".into(), state.unwrap_or("pending").into());
    m.insert("target_url".into(), nullable(&row[4]));
    m.insert("context".into(), text(&row[5]).into());
    m.insert("description".into(), nullable(&row[6]));
    Ok(Some(Value::Object(m)))
}

fn nullable(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::Null,
        other => text(other).into(),
    }
}

/// An embedded comment (comment events' payload).
fn comment(
    store: &SqliteStore,
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
pub fn event(store: &SqliteStore, api: &Api, id: i64) -> Result<Option<Value>> {
    let Some(row) = store
        .select_rows(
            "SELECT category, project_id, date, actor_id, patch_id, series_id, cover_id, \
             patch_comment_id, cover_comment_id, created_check_id, previous_state_id, \
             current_state_id, previous_delegate_id, current_delegate_id \
             FROM patchwork_event WHERE id = ?1",
            &[SqlValue::Integer(id)],
        )?
        .pop()
    else {
        return Ok(None);
    };
    let project = project(store, int(&row[1]).unwrap_or(0))?;
    let state_slug = |v: &SqlValue| -> Result<Value> {
        Ok(match int(v) {
            Some(id) => store
                .select_rows(
                    "SELECT slug FROM patchwork_state WHERE id = ?1",
                    &[SqlValue::Integer(id)],
                )?
                .pop()
                .map_or(Value::Null, |r| text(&r[0]).into()),
            None => Value::Null,
        })
    };
    let mut payload = Map::new();
    let patch_id = int(&row[4]);
    if let Some(p) = patch_id.map(|id| store.patch(id)).transpose()?.flatten() {
        payload.insert("patch".into(), embedded::patch(api, &project, &p));
    }
    if let Some(s) = int(&row[5])
        .map(|id| store.series(id))
        .transpose()?
        .flatten()
    {
        payload.insert("series".into(), embedded::series(api, &project, &s));
    }
    let cover_id = int(&row[6]);
    if let Some(c) = cover_id.map(|id| store.cover(id)).transpose()?.flatten() {
        payload.insert("cover".into(), embedded::cover(api, &project, &c));
    }
    if let (Some(c), Some(p)) = (int(&row[7]), patch_id) {
        payload.insert(
            "comment".into(),
            comment(store, api, &project, Parent::Patch(p), c)?,
        );
    }
    if let (Some(c), Some(p)) = (int(&row[8]), cover_id) {
        payload.insert(
            "comment".into(),
            comment(store, api, &project, Parent::Cover(p), c)?,
        );
    }
    if let (Some(c), Some(p)) = (int(&row[9]), patch_id) {
        payload.insert(
            "check".into(),
            check(store, api, p, c)?.unwrap_or(Value::Null),
        );
    }
    let category = text(&row[0]);
    if category == "patch-state-changed" {
        payload.insert("previous_state".into(), state_slug(&row[10])?);
        payload.insert("current_state".into(), state_slug(&row[11])?);
    }
    if category == "patch-delegated" {
        payload.insert(
            "previous_delegate".into(),
            user_or_null(store, api, int(&row[12]))?,
        );
        payload.insert(
            "current_delegate".into(),
            user_or_null(store, api, int(&row[13]))?,
        );
    }
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("category".into(), category.into());
    m.insert("project".into(), embedded::project(api, &project));
    m.insert(
        "date".into(),
        format_date(date_from_sql(&text(&row[2]))).into(),
    );
    if api.has(ApiVersion::V1_2) {
        m.insert("actor".into(), user_or_null(store, api, int(&row[3]))?);
    }
    m.insert("payload".into(), Value::Object(payload));
    Ok(Some(Value::Object(m)))
}
