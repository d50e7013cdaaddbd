//! `/api/` and `/api/1.0/` … `/api/1.3/`: the index document, detail
//! documents and paginated lists, rendered by `json::records::Renderer` (the
//! code behind `export` and `show`). List items are the detail documents
//! restricted to the list fields (`../shared/conformance/README.md`), built
//! from a few set queries per page: the page's ids, their rows without the
//! mail, and what they embed.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::context::{Reader, Shared, Work, token_user};
use super::filters::{Listing, Resource, listing};
use super::query::{Page, Params};
use super::reply::{ApiError, json_body, json_response};
use super::{bundles, events};
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion, Json, embedded};
use crate::model::Parent;
use crate::store::Database;
use crate::store::prelude::*;

type Reply = Result<Response, ApiError>;
type Docs = crate::error::Result<Vec<Json>>;
/// A page's documents as one JSON array.
type Array = crate::error::Result<Json>;

/// `docs` as one array.
fn array(docs: Docs) -> Array {
    docs.map(|d| Json::array(&d))
}

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
    let work = work_of(&req.segments);
    shared.read(work, move |store| route(store, &req)).await
}

/// The index and `kind/id/` are lookups; lists, and a comment or check
/// by id (found among all of its patch's), are scans.
fn work_of(segments: &[String]) -> Work {
    match segments.len() {
        0 | 2 => Work::Lookup,
        _ => Work::Scan,
    }
}

/// A path's id: digits only, as Django's `<int:pk>` takes them; 0 and
/// numbers past `i64` name nothing.
pub fn id(segment: &str) -> Result<i64, ApiError> {
    Some(segment)
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|n| *n > 0)
        .ok_or_else(ApiError::not_found)
}

fn found(doc: Option<Json>) -> Reply {
    doc.map(|d| json_body(d.into_bytes()))
        .ok_or_else(ApiError::not_found)
}

fn route(reader: &mut Reader, req: &ApiRequest) -> Reply {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let projects = reader.projects()?;
    let store: &Database = reader;
    let mut r = Renderer::with_project_map(store, req.api.clone(), projects.by_id);
    let comments_version = req.api.has(ApiVersion::V1_1);
    match segs.as_slice() {
        [] => Ok(json_response(&index(&req.api))),
        ["projects"] => page(store, req, Resource::Projects, |ids| {
            let docs = ids.iter().filter_map(|id| r.project_by_id(*id).transpose());
            array(docs.collect())
        }),
        ["projects", p] => {
            let found_project = projects
                .list
                .iter()
                .find(|x| p.parse::<i64>().ok() == Some(x.id) || x.link_name == *p);
            found(found_project.map(|x| r.project(x)).transpose()?)
        }
        ["people", rest @ ..] | ["users", rest @ ..] => {
            if token_user(store, &req.headers)?.is_none() {
                return Err(ApiError::not_authenticated());
            }
            let api = &req.api;
            match (segs[0], rest) {
                ("people", []) => page(store, req, Resource::People, |ids| {
                    let people = store.people_in(ids)?;
                    Ok(Json::array(
                        &people.iter().map(|p| r.person(p)).collect::<Vec<_>>(),
                    ))
                }),
                ("users", []) => page(store, req, Resource::Users, |ids| {
                    let users = store.users_in(ids)?;
                    let docs: Vec<Json> = users.iter().map(|u| embedded::user(api, u)).collect();
                    Ok(Json::array(&docs))
                }),
                ("people", [n]) => found(r.person_by_id(id(n)?)?),
                ("users", [n]) => found(store.user(id(n)?)?.map(|u| embedded::user(api, &u))),
                _ => Err(ApiError::not_found()),
            }
        }
        ["patches"] => page(store, req, Resource::Patches, |ids| {
            let patches = store.patch_items(ids)?;
            r.preload_patches(&patches)?;
            r.patch_list(&patches)
        }),
        ["patches", n] => found(r.patch_by_id(id(n)?)?),
        ["covers"] => page(store, req, Resource::Covers, |ids| {
            let covers = store.cover_items(ids)?;
            r.preload_covers(&covers)?;
            r.cover_list(&covers)
        }),
        ["covers", n] => found(r.cover_by_id(id(n)?)?),
        ["series"] => page(store, req, Resource::Series, |ids| {
            let series = store.series_in(ids)?;
            r.preload_series(&series)?;
            array(series.iter().map(|s| r.series(s)).collect())
        }),
        ["series", n] => found(r.series_by_id(id(n)?)?),
        ["events"] => page(store, req, Resource::Events, |ids| {
            array(events::events(store, &mut r, ids))
        }),
        ["bundles", rest @ ..] => {
            let user = token_user(store, &req.headers)?;
            match rest {
                [] => {
                    let mut l = listing(store, Resource::Bundles, req.api.version, &req.params)?;
                    l.visible_to(user);
                    page_of(store, req, &l, |ids| {
                        array(bundles::documents(store, &mut r, ids))
                    })
                }
                [n] => found(bundles::document(store, &mut r, id(n)?, user)?),
                _ => Err(ApiError::not_found()),
            }
        }
        [kind @ ("patches" | "covers"), n, "comments", rest @ ..] if comments_version => {
            let parent_id = id(n)?;
            let parent = if *kind == "patches" {
                (!store.patch_items(&[parent_id])?.is_empty()).then_some(Parent::Patch(parent_id))
            } else {
                (!store.cover_items(&[parent_id])?.is_empty()).then_some(Parent::Cover(parent_id))
            }
            .ok_or_else(ApiError::not_found)?;
            let comments = store.comments_of(parent)?;
            match rest {
                [] => {
                    let (page, shown) = slice(req, &comments)?;
                    r.preload_comments(shown)?;
                    let docs = shown.iter().map(|c| r.comment(c));
                    Ok(paged(req, &page, array(docs.collect())?))
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
            let patch = id(n)?;
            if store.patch_items(&[patch])?.is_empty() {
                return Err(ApiError::not_found());
            }
            let all = store.checks_of(patch)?;
            match rest {
                [] => {
                    let (page, shown) = slice(req, &all)?;
                    Ok(paged(req, &page, array(events::checks(&mut r, shown))?))
                }
                [c] => {
                    let wanted = id(c)?;
                    let check = all.iter().find(|c| c.id == wanted);
                    found(check.map(|c| events::check(&mut r, c)).transpose()?)
                }
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

/// One page of `resource` under the request's filters and order: its
/// count, the page's ids, and `render`'s array of their documents (which loads
/// what they embed in a few set queries).
fn page(
    store: &Database,
    req: &ApiRequest,
    resource: Resource,
    render: impl FnOnce(&[i64]) -> Array,
) -> Reply {
    let l = listing(store, resource, req.api.version, &req.params)?;
    page_of(store, req, &l, render)
}

/// One page of the listing `l`.
fn page_of(
    store: &Database,
    req: &ApiRequest,
    l: &Listing,
    render: impl FnOnce(&[i64]) -> Array,
) -> Reply {
    let page = Page::of(&req.params, l.count(store)?)?;
    let docs = render(&l.ids(store, &page)?)?;
    Ok(paged(req, &page, docs))
}

/// The page of `all` (a list read whole: a submission's comments or checks).
fn slice<'a, T>(req: &ApiRequest, all: &'a [T]) -> Result<(Page, &'a [T]), ApiError> {
    let page = Page::of(&req.params, all.len() as i64)?;
    let start = (page.offset() as usize).min(all.len());
    let end = (start + page.per_page as usize).min(all.len());
    Ok((page, &all[start..end]))
}

/// The bare array with its `Link` header.
fn paged(req: &ApiRequest, page: &Page, docs: Json) -> Response {
    let mut response = json_body(docs.into_bytes());
    if let Ok(link) = HeaderValue::from_str(&page.link(&req.url, &req.params)) {
        response.headers_mut().insert(header::LINK, link);
    }
    response.into_response()
}
