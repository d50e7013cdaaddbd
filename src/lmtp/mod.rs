//! The LMTP server (RFC 2033) that postfix delivers to: `pwingest serve`.
//!
//! ```text
//! listener.rs (socket: --listen or systemd) ─▶ server.rs (accept loop, a task per connection)
//!   ─▶ session.rs (LHLO/MAIL/RCPT/DATA, limits, timeouts; smtp-proto parses)
//!   ─▶ writer.rs (one thread owning the store: group commit, then per-recipient replies)
//! ```
//!
//! This file wires them: flags, the runtime, signals, sd_notify, and the
//! order of shutdown (stop accepting → sessions finish → the writer commits
//! what is queued → exit 0). Reply texts live in `reply.rs`.

mod data;
pub mod listener;
mod reply;
mod server;
mod session;
mod writer;

pub use data::dot_stuff;

use std::sync::Arc;
use std::sync::atomic::AtomicU16;
use std::time::Duration;

use clap::Args;
use sd_notify::NotifyState;

use crate::error::{Error, Result};
use crate::store::Settings;
use crate::store::{Database, Location};
pub use listener::Listener;
pub use session::{Limits, Session, Shared, crlf_to_lf};
pub use writer::{Delivery, Routing, WriterConfig, project_for_recipient};

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// `unix:/run/pwingest/lmtp.sock` or `127.0.0.1:2424`; ignored under systemd socket activation.
    #[arg(long, default_value = "unix:/run/pwingest/lmtp.sock")]
    pub listen: String,
    /// Permissions of a unix socket we create (octal).
    #[arg(long, default_value = "660", value_parser = parse_mode)]
    pub socket_mode: u32,
    /// Name given in the greeting and the LHLO reply.
    #[arg(long, default_value = "localhost")]
    pub hostname: String,
    /// Largest message accepted, in bytes (552 5.3.4 above it; advertised as SIZE).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_message_size: usize,
    /// Recipients per message (452 4.5.3 beyond).
    #[arg(long, default_value_t = 100)]
    pub max_recipients: usize,
    /// Longest command or message line in bytes, CRLF excluded.
    #[arg(long, default_value_t = 64 * 1024)]
    pub max_line_length: usize,
    /// Longest silence from a client before 421 (e.g. `300s`, `500ms`, `5m`).
    #[arg(long, default_value = "300s", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// Longest session before 421.
    #[arg(long, default_value = "1h", value_parser = parse_duration)]
    pub session_timeout: Duration,
    /// Unparseable or overlong command lines before 421 and the end of the session.
    #[arg(long, default_value_t = 20)]
    pub max_errors: usize,
    /// Concurrent sessions; more get 421 4.3.2 and retry later.
    #[arg(long, default_value_t = 64)]
    pub max_sessions: usize,
    /// On SIGTERM, how long transactions in flight may take to finish.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub shutdown_timeout: Duration,
    /// How recipients choose a project: `link-name` (a recipient whose local
    /// part is a project's link name forces it, others go by list headers)
    /// or `headers` (list headers only).
    #[arg(long, value_enum, default_value_t = Routing::LinkName)]
    pub recipient_routing: Routing,
    /// The list id for messages that carry no list header at all.
    #[arg(long)]
    pub fallback_list_id: Option<String>,
    /// Create a project for every unknown list id instead of dropping the mail.
    #[arg(long)]
    pub auto_projects: bool,
    /// Messages per group commit at most.
    #[arg(long, default_value_t = 512)]
    pub batch: usize,
}

impl ServeArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_message_size: self.max_message_size,
            max_recipients: self.max_recipients.max(1),
            max_line_length: self.max_line_length.max(78),
            idle_timeout: self.idle_timeout,
            session_timeout: self.session_timeout,
            max_errors: self.max_errors,
        }
    }
}

pub fn parse_mode(s: &str) -> std::result::Result<u32, String> {
    u32::from_str_radix(s.trim_start_matches("0o"), 8)
        .map_err(|e| format!("not an octal mode: {e}"))
}

/// `300`, `300s`, `500ms`, `5m`, `1h`.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: f64 = number
        .parse()
        .map_err(|_| format!("not a duration: {s:?}"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit in {s:?} (ms, s, m, h)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
}

/// `pwingest serve`: runs until SIGTERM/SIGINT, then shuts down gracefully.
pub fn serve_blocking(db: &Location, args: ServeArgs) -> Result<()> {
    // Open (and migrate) before listening, so a bad database fails the
    // start instead of every delivery.
    let store = Database::open(db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("lmtp")
        .build()?;
    let (deliveries_tx, deliveries_rx) = tokio::sync::mpsc::channel(1024);
    let cfg = WriterConfig {
        routing: args.recipient_routing,
        fallback_list_id: args.fallback_list_id.clone(),
        auto_projects: args.auto_projects,
        max_batch: args.batch,
        fixes: Arc::new(AtomicU16::new(store.fixes()?.bits())),
    };
    let fixes = Arc::clone(&cfg.fixes);
    let writer = writer::spawn(store, cfg, deliveries_rx)?;
    let served = runtime.block_on(async {
        let listener = match Listener::from_systemd()? {
            Some(l) => l,
            None => Listener::bind(&args.listen, args.socket_mode).await?,
        };
        let address = listener.describe();
        eprintln!("pwingest: LMTP listening on {address}");
        let _ = sd_notify::notify(&[
            NotifyState::Ready,
            NotifyState::Status(&format!("listening on {address}")),
        ]);
        let shared = Arc::new(session::Shared {
            limits: args.limits(),
            hostname: args.hostname.clone(),
            deliveries: deliveries_tx,
            fixes,
        });
        server::run(
            listener,
            shared,
            args.max_sessions,
            args.shutdown_timeout,
            termination(),
        )
        .await;
        Ok::<(), Error>(())
    });
    // Every session (and so every sender) is gone: the writer answers what
    // is queued, commits, and ends.
    runtime.shutdown_timeout(Duration::from_secs(1));
    if writer.join().is_err() {
        return Err(Error::config("the LMTP writer thread panicked"));
    }
    served
}

/// Completes on SIGTERM or SIGINT, after telling systemd we are stopping.
async fn termination() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::error!("cannot install signal handlers; stop with SIGKILL");
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    tracing::info!("signal received: shutting down");
    let _ = sd_notify::notify(&[NotifyState::Stopping]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_modes_parse() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert!(parse_duration("5y").is_err());
        assert_eq!(parse_mode("0660"), Ok(0o660));
    }
}
