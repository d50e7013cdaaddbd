//! The one store writer behind the LMTP server, with group commit.
//!
//! Sessions never touch the database. A session that has received a whole
//! message (and analysed it, which is pure and runs in parallel) hands a
//! [`Delivery`] to this thread through a channel and waits for its replies.
//! The thread takes every delivery that is waiting, opens one transaction,
//! ingests each recipient of each delivery in its own savepoint
//! (`ingest::ingest`), commits once (SQLite `synchronous=FULL`: fsync), and
//! only then answers. While one commit is syncing, the next deliveries queue
//! up, so sixteen sessions share a commit instead of paying one fsync each.
//!
//! What a recipient's reply says is `reply.rs`'s business; which project a
//! recipient forces is [`Routing`]'s.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use super::reply;
use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

use crate::classify::{Analysis, analyse_with};
use crate::error::Result;
use crate::fixes::Fixes;
use crate::ingest::{Options, Outcome, ingest};
use crate::model::Project;
use crate::store::prelude::*;
use crate::store::retry;

/// One received message and the recipients it was accepted for.
pub struct Delivery {
    /// The message as stored: line endings already normalised to LF.
    pub raw: Vec<u8>,
    pub analysis: Analysis,
    /// RCPT TO addresses, in RCPT order.
    pub recipients: Vec<String>,
    /// One reply line (no CRLF) per recipient, in the same order.
    pub reply: oneshot::Sender<Vec<String>>,
}

/// How a recipient address picks a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Routing {
    /// A recipient whose local part is a project's `link_name` forces that
    /// project; any other recipient is routed by the list headers.
    LinkName,
    /// Every recipient is routed by the list headers, as `pwingest ingest` does.
    Headers,
}

/// What the writer needs besides the store.
#[derive(Debug, Clone)]
pub struct WriterConfig {
    pub routing: Routing,
    pub fallback_list_id: Option<String>,
    pub auto_projects: bool,
    /// Deliveries per commit at most.
    pub max_batch: usize,
    /// The fixes setting as the writer last read it ([`Fixes::bits`]):
    /// sessions analyse with it; a delivery analysed with other fixes
    /// (the setting changed meanwhile) is analysed again by the writer.
    pub fixes: Arc<AtomicU16>,
}

impl WriterConfig {
    /// The fixes sessions should analyse with.
    pub fn current_fixes(&self) -> Fixes {
        Fixes::from_bits(self.fixes.load(Ordering::Relaxed))
    }

    /// The ingest options for one recipient.
    pub fn options_for(&self, recipient: &str, projects: &[Project], fixes: Fixes) -> Options {
        let forced_list_id = match self.routing {
            Routing::LinkName => {
                project_for_recipient(recipient, projects).map(|p| p.list_id.clone())
            }
            Routing::Headers => None,
        };
        Options {
            forced_list_id,
            fallback_list_id: self.fallback_list_id.clone(),
            auto_projects: self.auto_projects,
            fixes,
            message_id: None,
        }
    }
}

/// The project whose `link_name` is the recipient's local part (compared
/// without regard to ASCII case, as mail systems treat local parts).
pub fn project_for_recipient<'p>(recipient: &str, projects: &'p [Project]) -> Option<&'p Project> {
    let local = recipient.rsplit_once('@').map_or(recipient, |(l, _)| l);
    if local.is_empty() {
        return None;
    }
    projects
        .iter()
        .find(|p| p.link_name.eq_ignore_ascii_case(local))
}

/// Starts the writer thread. It ends, after answering everything queued,
/// when every sender of `deliveries` is dropped.
pub fn spawn<S: Store + Send + 'static>(
    store: S,
    cfg: WriterConfig,
    deliveries: mpsc::Receiver<Delivery>,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("lmtp-writer".into())
        .spawn(move || run(store, cfg, deliveries))
}

fn run<S: Store>(mut store: S, cfg: WriterConfig, mut deliveries: mpsc::Receiver<Delivery>) {
    let max_batch = cfg.max_batch.max(1);
    // One savepoint per recipient: at most the engine's limit a batch.
    let savepoints = store.savepoint_limit().unwrap_or(usize::MAX);
    let mut held: Option<Delivery> = None;
    while let Some(first) = held.take().or_else(|| deliveries.blocking_recv()) {
        let mut recipients = first.recipients.len();
        let mut batch = vec![first];
        while batch.len() < max_batch {
            match deliveries.try_recv() {
                Ok(d) if recipients + d.recipients.len() > savepoints => {
                    held = Some(d);
                    break;
                }
                Ok(d) => {
                    recipients += d.recipients.len();
                    batch.push(d);
                }
                Err(_) => break,
            }
        }
        let replies = commit_batch(&mut store, &cfg, &batch);
        for (delivery, lines) in batch.into_iter().zip(replies) {
            // A session that went away still had its mail stored: the MTA
            // re-delivers it and ingest drops the duplicate.
            let _ = delivery.reply.send(lines);
        }
    }
}

/// Stores a batch and returns each delivery's replies. A conflict with a
/// writer outside pwingest's lock runs the whole batch again (bounded:
/// `store::retry`); if the transaction still cannot be committed, nothing
/// of the batch is stored and every recipient gets the error's
/// temporary-failure reply.
fn commit_batch<S: Store>(
    store: &mut S,
    cfg: &WriterConfig,
    batch: &[Delivery],
) -> Vec<Vec<String>> {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        retry::with_retries(store, |store| store_batch(store, cfg, batch))
    }));
    let failure = match attempt {
        Ok(Ok(replies)) => return replies,
        Ok(Err(e)) => {
            tracing::error!(error = %e, deliveries = batch.len(), "LMTP batch not committed");
            e.lmtp_reply().to_string()
        }
        Err(_) => {
            tracing::error!(
                deliveries = batch.len(),
                "LMTP batch panicked; nothing committed"
            );
            reply::TEMPFAIL.to_string()
        }
    };
    if let Err(e) = store.rollback() {
        tracing::error!(error = %e, "rollback failed");
    }
    batch
        .iter()
        .map(|d| vec![failure.clone(); d.recipients.len()])
        .collect()
}

fn store_batch<S: Store>(
    store: &mut S,
    cfg: &WriterConfig,
    batch: &[Delivery],
) -> Result<Vec<Vec<String>>> {
    store.begin()?;
    // Read inside the transaction: projects added by `pwingest project add`
    // while the server runs are seen, and auto-created ones roll back with it.
    let mut projects = store.projects()?;
    // Once per batch, under the write lock: what `config set` last stored.
    let fixes = store.fixes()?;
    cfg.fixes.store(fixes.bits(), Ordering::Relaxed);
    let now = crate::site_time::now();
    let mut replies = Vec::with_capacity(batch.len());
    for delivery in batch {
        let reanalysed =
            (delivery.analysis.fixes != fixes).then(|| analyse_with(&delivery.raw, fixes));
        let analysis = reanalysed.as_ref().unwrap_or(&delivery.analysis);
        let mut lines = Vec::with_capacity(delivery.recipients.len());
        for rcpt in &delivery.recipients {
            let opts = cfg.options_for(rcpt, &projects, fixes);
            let line = match ingest(store, &mut projects, &delivery.raw, analysis, &opts, now) {
                Ok(outcome) => {
                    tracing::debug!(recipient = %rcpt, msgid = ?outcome.msgid(), status = outcome.status(), "delivered");
                    reply::delivered(&outcome)
                }
                // The engine asks for the transaction to run again.
                Err(e) if e.store_error().is_some_and(|s| s.is_retryable()) => return Err(e),
                Err(e) => {
                    Outcome::not_stored(&delivery.analysis, &e)
                        .log(&delivery.analysis, opts.forced_list_id.as_deref());
                    e.lmtp_reply().to_string()
                }
            };
            lines.push(line);
        }
        replies.push(lines);
    }
    store.commit()?;
    Ok(replies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(link: &str, list: &str) -> Project {
        Project {
            link_name: link.into(),
            list_id: list.into(),
            ..Project::default()
        }
    }

    #[test]
    fn link_name_recipients_force_their_project() {
        let projects = [
            project("linux-foo", "foo.example.org"),
            project("bar", "bar.example.org"),
        ];
        let cfg = WriterConfig {
            routing: Routing::LinkName,
            fallback_list_id: None,
            auto_projects: false,
            max_batch: 8,
            fixes: Arc::default(),
        };
        assert_eq!(
            cfg.options_for("Linux-Foo@patches.example", &projects, Fixes::NONE)
                .forced_list_id
                .as_deref(),
            Some("foo.example.org")
        );
        assert_eq!(
            cfg.options_for("bar", &projects, Fixes::NONE)
                .forced_list_id
                .as_deref(),
            Some("bar.example.org")
        );
        assert_eq!(
            cfg.options_for("someone@example", &projects, Fixes::NONE)
                .forced_list_id,
            None
        );
        assert_eq!(
            cfg.options_for("@example", &projects, Fixes::NONE)
                .forced_list_id,
            None
        );
        let headers = WriterConfig {
            routing: Routing::Headers,
            ..cfg
        };
        assert_eq!(
            headers
                .options_for("bar@x", &projects, Fixes::NONE)
                .forced_list_id,
            None
        );
    }
}
