//! The accept loop: every connection is served by hyper's HTTP/1 with a
//! header-read timeout (a client that sends its request slowly, or keeps an
//! idle keep-alive connection, is disconnected after `--header-timeout`), at
//! most `--max-connections` at once (the next ones get a 503 and are
//! closed), and a graceful stop: on SIGTERM the listener closes, requests
//! in progress finish, idle connections close.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Semaphore, watch};

use super::reply::ApiError;
use crate::lmtp::Listener;
use crate::lmtp::listener::Stream;

/// How much one client may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To send a request's headers, or to start the next one on a
    /// keep-alive connection.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

/// Descriptors beyond the client connections: the listener, the database
/// files of each pooled connection, standard streams, the runtime's own.
const SPARE_FDS: u64 = 64;

/// Raises the soft open-files limit so that `wanted` connections fit (up
/// to the hard limit); the connections that fit then.
pub fn fit_connections(wanted: u64) -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    let needed = wanted.saturating_add(SPARE_FDS);
    let hard = limit.maximum.unwrap_or(u64::MAX);
    let soft = limit.current.unwrap_or(u64::MAX);
    let target = needed.min(hard);
    let soft = if soft < target {
        let raised = Rlimit {
            current: Some(target),
            maximum: limit.maximum,
        };
        match setrlimit(Resource::Nofile, raised) {
            Ok(()) => target,
            Err(_) => soft,
        }
    } else {
        soft
    };
    let fit = soft.saturating_sub(SPARE_FDS).max(1);
    if fit < wanted {
        tracing::warn!(
            wanted,
            fit,
            "the open-files limit holds fewer connections than --max-connections"
        );
    }
    fit.min(wanted)
}

/// Serves `app` on `listener` until `stop` completes, then waits for the
/// connections to finish their requests.
pub async fn serve(
    listener: Listener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Connections hold a receiver; the sender closing asks them to stop.
    let (stopping, stop_rx) = watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                Err(e) => {
                    // Out of descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let permit = Arc::clone(&permits).try_acquire_owned().ok();
        let app = app.clone();
        let mut stop_rx = stop_rx.clone();
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout);
            let io = TokioIo::new(stream);
            match permit {
                Some(_held) => {
                    let conn = builder.serve_connection(io, TowerToHyperService::new(app));
                    until_stopped(conn, &mut stop_rx).await;
                }
                None => {
                    tracing::warn!(limit = limits.max_connections, "too many connections");
                    let busy = hyper::service::service_fn(|_: Request<Incoming>| async {
                        Ok::<_, Infallible>(busy())
                    });
                    let conn = builder.keep_alive(false).serve_connection(io, busy);
                    until_stopped(conn, &mut stop_rx).await;
                }
            }
        });
    }
    drop(listener);
    drop(stop_rx);
    stopping.send_replace(());
    // Every connection's receiver is gone once it has finished.
    let _ = tokio::time::timeout(limits.header_timeout, stopping.closed()).await;
}

/// Drives one connection; when the server stops, lets its request in
/// progress finish and closes it.
async fn until_stopped<S>(
    conn: http1::Connection<TokioIo<Box<dyn Stream>>, S>,
    stop_rx: &mut watch::Receiver<()>,
) where
    S: hyper::service::HttpService<Incoming, ResBody = Body>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stop_rx.changed() => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// 503 for a connection over the limit, with a hint to come back.
fn busy() -> Response {
    let mut r = ApiError::unavailable("Too many connections; try again shortly.").into_response();
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    debug_assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    r
}
