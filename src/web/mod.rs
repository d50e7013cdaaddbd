//! `pwingest web`: the read-only REST API (spec §14) and mbox downloads
//! (spec §15) that Patchwork 3.2.1 serves, from the database pwingest
//! writes, for git-pw, pwclient and CI bots.
//!
//! ```text
//! lmtp::Listener (--listen or systemd) ─▶ serve.rs (hyper, limits) ─▶ routes.rs
//!   ├─ api.rs      /api/[1.x/]…: index, details, lists (query.rs: pagination,
//!   │              filters.rs: Patchwork's filters), events.rs (events, checks),
//!   │              bundles.rs (bundles and their mbox)
//!   └─ mbox.rs     /project/<p>/patch/<msgid>/mbox/, /series/<id>/mbox/, …
//! context.rs: the connection pool, absolute URLs, tokens; reply.rs: responses.
//! ```
//!
//! Documents come from `json::records::Renderer`, mbox texts from
//! `mbox::texts`: the same code `export` and `show` use.

mod api;
mod bundles;
mod context;
mod events;
mod filter_values;
mod filters;
mod mbox;
mod query;
mod reply;
mod routes;
mod serve;

use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::error::Result;
use crate::lmtp::Listener;
pub use context::Shared;

#[derive(Debug, Clone, Args)]
pub struct WebArgs {
    /// `127.0.0.1:8000` or `unix:/run/pwingest/web.sock`; ignored under systemd socket activation.
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub listen: String,
    /// Permissions of a unix socket we create (octal).
    #[arg(long, default_value = "660", value_parser = crate::lmtp::parse_mode)]
    pub socket_mode: u32,
    /// Scheme and host of absolute URLs (`https://patchwork.example.org`); unset: the request's Host.
    #[arg(long, env = "PWINGEST_BASE_URL")]
    pub base_url: Option<String>,
    /// Believe `X-Forwarded-Proto` and `X-Forwarded-Host` (behind a reverse proxy you run).
    #[arg(long)]
    pub trust_proxy: bool,
    /// Database connections kept open for requests (each request uses one).
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
    /// Seconds a client has to send a request's headers, and an idle
    /// keep-alive connection stays open.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Client connections served at once; the next ones get 503 and are closed.
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,
}

/// Runs the server until SIGTERM or SIGINT.
pub fn serve_blocking(db: &crate::store::Location, args: WebArgs) -> Result<()> {
    // Opening once up front reports a missing or foreign database at start.
    let shared = Arc::new(Shared::new(db, &args)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(context::runtime_threads())
        .enable_all()
        .build()?;
    // The last reference to the pool stays here, so its connections close
    // after the runtime is done: PostgreSQL's client blocks on its own
    // runtime when dropped, which it cannot do inside this one.
    let for_app = Arc::clone(&shared);
    let served = runtime.block_on(async move {
        let listener = match Listener::from_systemd()? {
            Some(l) => l,
            None => Listener::bind(&args.listen, args.socket_mode).await?,
        };
        let described = listener.describe();
        tracing::info!(listen = %described, "serving the REST API");
        eprintln!("pwingest web: listening on {described}");
        let _ = sd_notify::notify(&[sd_notify::NotifyState::Ready]);
        let limits = serve::Limits {
            header_timeout: Duration::from_secs(args.header_timeout),
            max_connections: usize::try_from(serve::fit_connections(args.max_connections))
                .unwrap_or(usize::MAX),
        };
        serve::serve(listener, routes::router(for_app), limits, shutdown_signal()).await;
        Ok(())
    });
    drop(runtime);
    drop(shared);
    served
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
}
