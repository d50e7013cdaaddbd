//! What every request shares: a pool of database connections (a
//! connection is not shared between threads; a request borrows one on a
//! blocking thread), where absolute URLs point (`--base-url`, else the
//! request's Host, `X-Forwarded-*` only with `--trust-proxy`), and who an
//! `Authorization: Token …` header names.

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;

use super::WebArgs;
use super::reply::ApiError;
use crate::error::Result;
use crate::store::{Database, Location};

pub struct Shared {
    db: Location,
    base_url: Option<String>,
    trust_proxy: bool,
    idle: Mutex<Vec<Database>>,
    /// One permit per connection: requests beyond wait their turn instead
    /// of opening more.
    permits: tokio::sync::Semaphore,
}

impl Shared {
    /// Opens one connection now, so a missing or foreign database fails at start.
    pub fn new(db: &Location, args: &WebArgs) -> Result<Shared> {
        let first = reader(db)?;
        Ok(Shared {
            db: db.clone(),
            base_url: args
                .base_url
                .as_deref()
                .map(|b| b.trim_end_matches('/').to_string()),
            trust_proxy: args.trust_proxy,
            idle: Mutex::new(vec![first]),
            permits: tokio::sync::Semaphore::new(args.connections.max(1)),
        })
    }

    /// Runs `f` with a connection on a blocking thread, at most
    /// `--connections` at once.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Database) -> std::result::Result<T, ApiError> + Send + 'static,
    ) -> std::result::Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| ApiError::internal(&e.to_string()))?;
        let shared = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let taken = shared.idle.lock().expect("pool").pop();
            let store = match taken {
                Some(s) => s,
                None => reader(&shared.db)?,
            };
            let out = store.reading(|| f(&store));
            shared.idle.lock().expect("pool").push(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(&e.to_string()))?
    }

    /// `scheme://host` of absolute URLs for this request.
    pub fn origin(&self, headers: &HeaderMap) -> std::result::Result<String, ApiError> {
        if let Some(base) = &self.base_url {
            return Ok(base.clone());
        }
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(',').next().unwrap_or("").trim().to_string())
        };
        let forwarded = |name| self.trust_proxy.then(|| header(name)).flatten();
        let scheme = forwarded("x-forwarded-proto").unwrap_or_else(|| "http".into());
        let host = forwarded("x-forwarded-host")
            .or_else(|| header("host"))
            .unwrap_or_else(|| "localhost".into());
        if !matches!(scheme.as_str(), "http" | "https") || !valid_host(&host) {
            return Err(ApiError::bad_request("Invalid Host or X-Forwarded header."));
        }
        Ok(format!("{scheme}://{host}"))
    }
}

/// A connection for the pool: opened (pwingest's tables made or upgraded
/// as for every command), then read-only (`SqlStore::serve_reads`).
fn reader(db: &Location) -> Result<Database> {
    let store = Database::open(db)?;
    store.serve_reads()?;
    Ok(store)
}

/// A host name, IPv4 or bracketed IPv6 address, with an optional port: what
/// can go into a URL and a `Link` header unescaped.
fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
}

/// The user an `Authorization: Token <key>` header names: `Ok(None)` without
/// the header, 403 "Invalid token." for a key no active user holds.
pub fn token_user(
    store: &Database,
    headers: &HeaderMap,
) -> std::result::Result<Option<i64>, ApiError> {
    let Some(value) = headers.get("authorization") else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or("");
    let mut words = value.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("token"))
    {
        return Ok(None);
    }
    let (Some(key), None) = (words.next(), words.next()) else {
        return Err(ApiError::forbidden("Invalid token header."));
    };
    match store.token_user(key)? {
        Some(id) => Ok(Some(id)),
        None => Err(ApiError::forbidden("Invalid token.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_that_go_into_urls() {
        assert!(valid_host("patchwork.example.org:8000"));
        assert!(valid_host("[::1]:80"));
        assert!(!valid_host("evil.org>; rel=\"next\""));
        assert!(!valid_host("a b"));
        assert!(!valid_host(""));
    }
}
