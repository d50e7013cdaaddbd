//! The accept loop (the shape of mini-redis's `server.rs`): the listener
//! and the shutdown future are injected, every connection runs as its own
//! task so a slow or hostile client holds up nobody else, a failing
//! connection is logged and forgotten, and a semaphore caps concurrent
//! sessions (the client over the cap gets `421` and retries later).
//!
//! On shutdown the loop stops accepting, tells the sessions (`watch`), and
//! waits up to a deadline for transactions in flight to finish; sessions
//! still running then are cut off (their mail was not acknowledged, so the
//! MTA keeps it).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::listener::{Listener, Stream};
use super::reply;
use super::session::{Session, Shared};

/// Serves `listener` until `shutdown` completes, then drains.
pub async fn run(
    listener: Listener,
    shared: Arc<Shared>,
    max_sessions: usize,
    drain_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(max_sessions.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut sessions = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(stream) => match Arc::clone(&permits).try_acquire_owned() {
                    Ok(permit) => {
                        let session = Session::new(stream, Arc::clone(&shared), stop_rx.clone());
                        sessions.spawn(async move {
                            if let Err(e) = session.run().await {
                                tracing::debug!(error = %e, "LMTP session ended with an error");
                            }
                            drop(permit);
                        });
                    }
                    Err(_) => {
                        sessions.spawn(refuse(stream));
                    }
                },
                Err(e) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let in_flight = sessions.len();
    if in_flight > 0 {
        tracing::info!(
            sessions = in_flight,
            "shutting down: waiting for sessions in flight"
        );
    }
    let drained = tokio::time::timeout(drain_timeout, async {
        while sessions.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            sessions = sessions.len(),
            "shutdown deadline reached: closing the remaining sessions"
        );
        sessions.abort_all();
        while sessions.join_next().await.is_some() {}
    }
}

/// Tells a client over the session cap to come back later.
async fn refuse(mut stream: Box<dyn Stream>) {
    let line = format!("{}\r\n", reply::TOO_MANY_SESSIONS);
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.write_all(line.as_bytes())).await;
    let _ = stream.shutdown().await;
}
