//! The URL map and the HTTP rules every route shares: GET and HEAD only
//! (405 for every write method: the server is read-only) and Django's
//! `APPEND_SLASH` (301 to the path with its `/`).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use super::api::{ApiRequest, answer, id as id_of};
use super::bundles;
use super::context::{Shared, Work, token_user};
use super::mbox;
use super::query::Params;
use super::reply::ApiError;

type Ctx = State<Arc<Shared>>;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/", any(api))
        .route("/api/{*rest}", any(api))
        .route("/project/{project}/{kind}/{msgid}/mbox/", any(by_msgid))
        .route("/series/{id}/mbox/", any(series))
        .route("/bundle/{owner}/{name}/mbox/", any(bundle))
        .route("/{kind}/{id}/mbox/", any(by_id))
        .fallback(fallback)
        .with_state(shared)
}

/// 405 for anything but GET and HEAD.
fn read_only(method: &Method) -> Result<(), ApiError> {
    if method == Method::GET || method == Method::HEAD {
        Ok(())
    } else {
        Err(ApiError::method_not_allowed(method.as_str()))
    }
}

fn reply(r: Result<Response, ApiError>) -> Response {
    r.unwrap_or_else(IntoResponse::into_response)
}

async fn api(State(shared): Ctx, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    reply(
        async {
            read_only(&method)?;
            let path = uri.path();
            if !path.ends_with('/') {
                return Ok(append_slash(&uri));
            }
            let origin = shared.origin(&headers)?;
            let rest = path.strip_prefix("/api/").unwrap_or("");
            let req = ApiRequest::parse(rest, &origin, uri.query(), headers)?;
            answer(shared, req).await
        }
        .await,
    )
}

async fn by_msgid(
    State(shared): Ctx,
    method: Method,
    Path((project, kind, msgid)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    reply(
        async {
            read_only(&method)?;
            let series = Params::parse(query.as_deref())
                .get("series")
                .map(str::to_string);
            shared
                .read(Work::Scan, move |store| match kind.as_str() {
                    "patch" => mbox::patch(store, &project, &msgid, series.as_deref()),
                    "cover" => mbox::cover(store, &project, &msgid),
                    _ => Err(ApiError::not_found()),
                })
                .await
        }
        .await,
    )
}

async fn series(State(shared): Ctx, method: Method, Path(id): Path<String>) -> Response {
    reply(
        async {
            read_only(&method)?;
            let id = id_of(&id)?;
            shared
                .read(Work::Scan, move |store| mbox::series(store, id))
                .await
        }
        .await,
    )
}

/// `/bundle/<owner>/<name>/mbox/`: a token that names nobody is ignored
/// here (Patchwork's `rest_auth`), so the request is anonymous.
async fn bundle(
    State(shared): Ctx,
    method: Method,
    headers: HeaderMap,
    Path((owner, name)): Path<(String, String)>,
) -> Response {
    reply(
        async {
            read_only(&method)?;
            shared
                .read(Work::Scan, move |store| {
                    let user = token_user(store, &headers).ok().flatten();
                    bundles::mbox(store, &owner, &name, user)
                })
                .await
        }
        .await,
    )
}

async fn by_id(
    State(shared): Ctx,
    method: Method,
    headers: HeaderMap,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    reply(
        async {
            read_only(&method)?;
            if kind != "patch" && kind != "cover" {
                return Err(ApiError::not_found());
            }
            let id = id_of(&id)?;
            let origin = shared.origin(&headers)?;
            shared
                .read(Work::Lookup, move |store| {
                    mbox::by_id(store, &origin, &kind, id)
                })
                .await
        }
        .await,
    )
}

async fn fallback(method: Method, uri: Uri) -> Response {
    reply(
        async {
            read_only(&method)?;
            if !uri.path().ends_with('/') {
                return Ok(append_slash(&uri));
            }
            Err(ApiError::not_found())
        }
        .await,
    )
}

/// 301 to the same path with a trailing `/`, query kept; 404 for a path
/// with `.` or `..` segments, which name nothing here.
fn append_slash(uri: &Uri) -> Response {
    if uri.path().split('/').any(|seg| seg == "." || seg == "..") {
        return ApiError::not_found().into_response();
    }
    // Django's `escape_leading_slashes`: `//host/…` would leave the site.
    let path = match uri.path().strip_prefix("//") {
        Some(rest) => format!("/%2F{rest}"),
        None => uri.path().to_string(),
    };
    let location = match uri.query() {
        Some(q) => format!("{path}/?{q}"),
        None => format!("{path}/"),
    };
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location)],
    )
        .into_response()
}
