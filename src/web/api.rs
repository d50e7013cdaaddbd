//! `/api/` and `/api/1.0/` … `/api/1.3/`: the index document, detail
//! documents and paginated lists, rendered by `json::records::Renderer` (the
//! code behind `export` and `show`). List items are the detail documents
//! restricted to the list fields (`../shared/conformance/README.md`).

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::context::{Shared, token_user};
use super::events;
use super::filters::{Resource, listing};
use super::query::{Page, Params};
use super::reply::{ApiError, json_response};
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion};
use crate::model::Parent;
use crate::store::Database;
use crate::store::prelude::*;

type Reply = Result<Response, ApiError>;

/// A parsed `/api/…` request.
pub struct ApiRequest {
    pub api: Api,
    /// Path segments after the version, without the trailing empty one.
    pub segments: Vec<String>,
    pub params: Params,
    pub headers: HeaderMap,
    /// `{base}{path}` of this request, for `Link`.
    pub url: String,
}

impl ApiRequest {
    /// `rest` is the path after `/api/`, ending in `/`. An unknown version
    /// (`/api/1.4/`, `/api/2.0/`) is 404, as in Patchwork's URL patterns.
    pub fn parse(
        rest: &str,
        origin: &str,
        query: Option<&str>,
        headers: HeaderMap,
    ) -> Result<ApiRequest, ApiError> {
        let mut segments: Vec<String> = rest.split('/').map(str::to_string).collect();
        segments.pop(); // the empty segment after the trailing slash
        let looks_versioned = segments
            .first()
            .is_some_and(|s| s.contains('.') && s.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        let api = if looks_versioned {
            let v = ApiVersion::parse(&segments.remove(0)).ok_or_else(ApiError::not_found)?;
            Api::new(v, origin)
        } else {
            Api::latest(origin)
        };
        Ok(ApiRequest {
            api,
            segments,
            params: Params::parse(query),
            headers,
            url: format!("{origin}/api/{rest}"),
        })
    }
}

/// Answers one API request.
pub async fn answer(shared: Arc<Shared>, req: ApiRequest) -> Reply {
    shared.read(move |store| route(store, &req)).await
}

fn id(segment: &str) -> Result<i64, ApiError> {
    match segment.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ApiError::not_found()),
    }
}

fn found(doc: Option<Value>) -> Reply {
    doc.map(|d| json_response(&d))
        .ok_or_else(ApiError::not_found)
}

fn route(store: &Database, req: &ApiRequest) -> Reply {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let mut r = Renderer::new(store, req.api.clone())?;
    let comments_version = req.api.has(ApiVersion::V1_1);
    match segs.as_slice() {
        [] => Ok(json_response(&index(&req.api))),
        ["projects"] => list(store, req, Resource::Projects, |id| r.project_by_id(id)),
        ["projects", p] => {
            let projects = store.projects()?;
            let found_project = projects
                .iter()
                .find(|x| p.parse::<i64>().ok() == Some(x.id) || x.link_name == *p);
            found(found_project.map(|x| r.project(x)))
        }
        ["people", rest @ ..] | ["users", rest @ ..] => {
            if token_user(store, &req.headers)?.is_none() {
                return Err(ApiError::not_authenticated());
            }
            let people = segs[0] == "people";
            match (rest, people) {
                ([], true) => list(store, req, Resource::People, |id| r.person_by_id(id)),
                ([], false) => list(store, req, Resource::Users, |id| {
                    events::user_by_id(store, &req.api, id)
                }),
                ([n], true) => found(r.person_by_id(id(n)?)?),
                ([n], false) => found(events::user_by_id(store, &req.api, id(n)?)?),
                _ => Err(ApiError::not_found()),
            }
        }
        ["patches"] => list_restricted(
            store,
            req,
            Resource::Patches,
            &["headers", "content", "diff", "prefixes"],
            |id| r.patch_by_id(id),
        ),
        ["patches", n] => found(r.patch_by_id(id(n)?)?),
        ["covers"] => list_restricted(
            store,
            req,
            Resource::Covers,
            &["headers", "content"],
            |id| r.cover_by_id(id),
        ),
        ["covers", n] => found(r.cover_by_id(id(n)?)?),
        ["series"] => list(store, req, Resource::Series, |id| r.series_by_id(id)),
        ["series", n] => found(r.series_by_id(id(n)?)?),
        ["events"] => list(store, req, Resource::Events, |id| {
            events::event(store, &req.api, id)
        }),
        [kind @ ("patches" | "covers"), n, "comments", rest @ ..] if comments_version => {
            let parent_id = id(n)?;
            let parent = if *kind == "patches" {
                store.patch(parent_id)?.map(|_| Parent::Patch(parent_id))
            } else {
                store.cover(parent_id)?.map(|_| Parent::Cover(parent_id))
            }
            .ok_or_else(ApiError::not_found)?;
            let comments = store.comments_of(parent)?;
            match rest {
                [] => {
                    let page = Page::of(&req.params, comments.len() as i64)?;
                    let docs = comments
                        .iter()
                        .skip(page.offset() as usize)
                        .take(page.per_page as usize)
                        .map(|c| r.comment(c))
                        .collect::<crate::error::Result<Vec<_>>>()?;
                    Ok(paged(req, &page, docs))
                }
                [c] if req.api.has(ApiVersion::V1_3) => {
                    let wanted = id(c)?;
                    let comment = comments.iter().find(|c| c.id == wanted);
                    found(comment.map(|c| r.comment(c)).transpose()?)
                }
                _ => Err(ApiError::not_found()),
            }
        }
        ["patches", n, "checks", rest @ ..] => {
            let patch_id = id(n)?;
            let patch = store.patch(patch_id)?.ok_or_else(ApiError::not_found)?;
            match rest {
                [] => {
                    let all = events::check_ids(store, patch.id)?;
                    let page = Page::of(&req.params, all.len() as i64)?;
                    let docs = all
                        .iter()
                        .skip(page.offset() as usize)
                        .take(page.per_page as usize)
                        .filter_map(|c| events::check(store, &req.api, patch.id, *c).transpose())
                        .collect::<crate::error::Result<Vec<_>>>()?;
                    Ok(paged(req, &page, docs))
                }
                [c] => found(events::check(store, &req.api, patch.id, id(c)?)?),
                _ => Err(ApiError::not_found()),
            }
        }
        _ => Err(ApiError::not_found()),
    }
}

/// `GET /api/[v/]`: where each list lives.
fn index(api: &Api) -> Value {
    let url = |p: &str| Value::String(api.api_url(&format!("{p}/")));
    json!({
        "projects": url("projects"),
        "users": url("users"),
        "people": url("people"),
        "patches": url("patches"),
        "covers": url("covers"),
        "series": url("series"),
        "events": url("events"),
        "bundles": url("bundles"),
    })
}

/// A list whose items are the detail documents.
fn list(
    store: &Database,
    req: &ApiRequest,
    resource: Resource,
    render: impl FnMut(i64) -> crate::error::Result<Option<Value>>,
) -> Reply {
    list_restricted(store, req, resource, &[], render)
}

/// A list whose items are the detail documents without `drop` fields.
fn list_restricted(
    store: &Database,
    req: &ApiRequest,
    resource: Resource,
    drop: &[&str],
    mut render: impl FnMut(i64) -> crate::error::Result<Option<Value>>,
) -> Reply {
    let l = listing(store, resource, &req.params)?;
    let page = Page::of(&req.params, l.count(store)?)?;
    let mut docs = Vec::new();
    for id in l.ids(store, &page)? {
        if let Some(mut doc) = render(id)? {
            if let Value::Object(m) = &mut doc {
                for key in drop {
                    m.shift_remove(*key);
                }
            }
            docs.push(doc);
        }
    }
    Ok(paged(req, &page, docs))
}

/// The bare array with its `Link` header.
fn paged(req: &ApiRequest, page: &Page, docs: Vec<Value>) -> Response {
    let mut response = json_response(&Value::Array(docs));
    if let Ok(link) = HeaderValue::from_str(&page.link(&req.url, &req.params)) {
        response.headers_mut().insert(header::LINK, link);
    }
    response.into_response()
}
