//! What every request shares: a pool of database connections (a
//! connection is not shared between threads; a request borrows one, with
//! the projects it keeps while the database is unchanged, on its own
//! thread for SQLite and on a blocking thread for PostgreSQL), where
//! absolute URLs point (`--base-url`, else the
//! request's Host, `X-Forwarded-*` only with `--trust-proxy`), and who an
//! `Authorization: Token …` header names.

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;

use super::WebArgs;
use super::reply::ApiError;
use crate::error::Result;
use crate::json::records::{ProjectMap, project_map};
use crate::model::Project;
use crate::store::prelude::*;
use crate::store::{Database, Location};

pub struct Shared {
    db: Location,
    base_url: Option<String>,
    trust_proxy: bool,
    idle: Mutex<Vec<Reader>>,
    /// The engine's reads wait on a server (`Dialect::reads_wait_on_a_server`).
    reads_wait: bool,
    /// One permit per connection: requests beyond wait their turn instead
    /// of opening more.
    permits: tokio::sync::Semaphore,
    /// Scans running on runtime threads at once (`runtime_threads() - 1`).
    scans: tokio::sync::Semaphore,
}

/// The runtime's threads: one per core, and one more, so that scans on
/// every core still leave one to accept connections and serve lookups.
pub fn runtime_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()) + 1
}

impl Shared {
    /// Opens one connection now, so a missing or foreign database fails at start.
    pub fn new(db: &Location, args: &WebArgs) -> Result<Shared> {
        let first = Reader::open(db)?;
        Ok(Shared {
            reads_wait: first.dialect().reads_wait_on_a_server(),
            db: db.clone(),
            base_url: args
                .base_url
                .as_deref()
                .map(|b| b.trim_end_matches('/').to_string()),
            trust_proxy: args.trust_proxy,
            idle: Mutex::new(vec![first]),
            permits: tokio::sync::Semaphore::new(args.connections.max(1)),
            scans: tokio::sync::Semaphore::new(runtime_threads() - 1),
        })
    }

    /// Runs `f` with a pooled connection, at most `--connections` at once.
    /// Where the engine's reads only take CPU here (SQLite), they run on
    /// the runtime thread serving the request: handing a request to
    /// another thread and back cost a third of a patch detail's time and
    /// made a 250-item list a third slower. A [`Work::Scan`] (as long as
    /// its data) also takes one of [`Shared::scans`]' permits, one fewer
    /// than the runtime's threads, so one thread is always left to accept
    /// and serve the others. PostgreSQL's reads wait on the server: on a
    /// blocking thread.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        work: Work,
        f: impl FnOnce(&mut Reader) -> std::result::Result<T, ApiError> + Send + 'static,
    ) -> std::result::Result<T, ApiError> {
        let closed = |e: tokio::sync::AcquireError| ApiError::internal(&e.to_string());
        // A waiting scan holds no connection, so lookups pass it.
        let _scan = match work {
            Work::Scan if !self.reads_wait => Some(self.scans.acquire().await.map_err(closed)?),
            _ => None,
        };
        let _permit = self.permits.acquire().await.map_err(closed)?;
        if !self.reads_wait {
            return self.with_reader(f);
        }
        let shared = Arc::clone(self);
        tokio::task::spawn_blocking(move || shared.with_reader(f))
            .await
            .map_err(|e| ApiError::internal(&e.to_string()))?
    }

    /// Runs `f` with a connection from the pool (a new one when none is idle).
    fn with_reader<T>(
        &self,
        f: impl FnOnce(&mut Reader) -> std::result::Result<T, ApiError>,
    ) -> std::result::Result<T, ApiError> {
        let taken = self.idle.lock().expect("pool").pop();
        let mut reader = match taken {
            Some(r) => r,
            None => Reader::open(&self.db)?,
        };
        let out = reader.reading(f);
        self.idle.lock().expect("pool").push(reader);
        out
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

/// How much a request's reads may take: a scan on a runtime thread waits
/// for one of the permits that leave a thread free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// One record by its id and what it embeds: bounded and short.
    Lookup,
    /// A list page, a search, an mbox download: as long as the data.
    Scan,
}

/// A pooled connection, read-only, and what it keeps between requests
/// while the database is unchanged (`SqlStore::data_version`): the
/// projects, which every document embeds.
pub struct Reader {
    store: Database,
    /// The projects as of a data version.
    projects: Option<(i64, Projects)>,
}

/// The projects as a request reads them: in id order and by id.
#[derive(Clone)]
pub struct Projects {
    pub list: Arc<Vec<Project>>,
    pub by_id: ProjectMap,
}

impl Reader {
    /// Opens a connection (pwingest's tables made or upgraded as for every
    /// command), then makes it read-only (`SqlStore::serve_reads`).
    fn open(db: &Location) -> Result<Reader> {
        let store = Database::open_existing(db)?;
        store.serve_reads()?;
        Ok(Reader {
            store,
            projects: None,
        })
    }

    /// Runs `f`, one request's reads, in one transaction where the engine
    /// gains by it (`SqlStore::begin_reads`).
    fn reading<T>(
        &mut self,
        f: impl FnOnce(&mut Reader) -> std::result::Result<T, ApiError>,
    ) -> std::result::Result<T, ApiError> {
        self.store.begin_reads()?;
        let out = f(self);
        self.store.end_reads()?;
        out
    }

    /// The current projects: kept while the data version stays the same,
    /// read again otherwise (always where the engine has no version).
    pub fn projects(&mut self) -> crate::error::Result<Projects> {
        let version = self.store.data_version()?;
        if let (Some(now), Some((then, kept))) = (version, &self.projects)
            && now == *then
        {
            return Ok(kept.clone());
        }
        let list = self.store.projects()?;
        let read = Projects {
            by_id: project_map(&list),
            list: Arc::new(list),
        };
        self.projects = version.map(|v| (v, read.clone()));
        Ok(read)
    }
}

impl std::ops::Deref for Reader {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.store
    }
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
