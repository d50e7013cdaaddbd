//! Responses: JSON documents, Patchwork's error documents (DRF's
//! `{"detail": …}`, django-filter's `{"field": [messages]}`) and their
//! status codes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A request that ends in an error document.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    fn detail(status: StatusCode, detail: &str) -> ApiError {
        ApiError {
            status,
            body: json!({ "detail": detail }),
        }
    }

    /// 404 `{"detail": "Not found."}`: unknown ids, routes and versions.
    pub fn not_found() -> ApiError {
        Self::detail(StatusCode::NOT_FOUND, "Not found.")
    }

    /// 404 `{"detail": "Invalid page."}`: a page past the last.
    pub fn invalid_page() -> ApiError {
        Self::detail(StatusCode::NOT_FOUND, "Invalid page.")
    }

    pub fn forbidden(detail: &str) -> ApiError {
        Self::detail(StatusCode::FORBIDDEN, detail)
    }

    /// 403 for the people and users endpoints without a valid token.
    pub fn not_authenticated() -> ApiError {
        Self::forbidden("Authentication credentials were not provided.")
    }

    pub fn bad_request(detail: &str) -> ApiError {
        Self::detail(StatusCode::BAD_REQUEST, detail)
    }

    /// 405: the server is read-only.
    pub fn method_not_allowed(method: &str) -> ApiError {
        Self::detail(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("Method \"{method}\" not allowed."),
        )
    }

    /// 503: the server cannot take this request now.
    pub fn unavailable(detail: &str) -> ApiError {
        Self::detail(StatusCode::SERVICE_UNAVAILABLE, detail)
    }

    pub fn internal(what: &str) -> ApiError {
        tracing::error!(error = what, "request failed");
        Self::detail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "A server error occurred.",
        )
    }
}

impl From<crate::error::Error> for ApiError {
    fn from(e: crate::error::Error) -> ApiError {
        ApiError::internal(&e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = json_response(&self.body);
        *r.status_mut() = self.status;
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        r
    }
}

/// `200 application/json` with the document.
pub fn json_response(doc: &Value) -> Response {
    json_body(serde_json::to_vec(doc).unwrap_or_default())
}

/// `200 application/json` with a document already written as JSON text.
pub fn json_body(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A text download of `content_type`, as an attachment named `filename`.
pub fn download(text: String, filename: &str, content_type: &'static str) -> Response {
    let disposition = format!("attachment; filename={filename}");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        text,
    )
        .into_response()
}

/// 302 to `location` (Django's `redirect`).
pub fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::FOUND, [(header::LOCATION, v)]).into_response(),
        Err(_) => ApiError::not_found().into_response(),
    }
}
