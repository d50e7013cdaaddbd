//! The import pipeline: a reader thread splits inputs into messages, parser
//! threads run the pure analysis in parallel, and one writer ingests in
//! input order, committing in batches. Results are written as JSON Lines
//! only after the batch holding them is durably committed.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::classify::{Analysis, analyse};
use crate::error::Result;
use crate::ingest::{Options, Outcome, ingest};
use crate::json::Api;
use crate::json::records::Renderer;
use crate::store::Store;

/// One message handed in by a receiver.
pub type RawMessage = Vec<u8>;

/// How the writer commits and reports.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub options: Options,
    pub api: Api,
    /// Messages per durable commit at most.
    pub batch: usize,
    /// Parser threads.
    pub workers: usize,
    /// Include each record's detail document in its output line.
    pub documents: bool,
}

/// Counts per result, like `parsearchive`'s summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub patches: u64,
    pub covers: u64,
    pub comments: u64,
    pub duplicates: u64,
    pub pending: u64,
    pub dropped: u64,
    pub errors: u64,
    /// Messages our side failed to store (exit 75).
    pub failures: u64,
    pub bytes: u64,
}

impl Summary {
    pub fn total(&self) -> u64 {
        self.patches
            + self.covers
            + self.comments
            + self.duplicates
            + self.pending
            + self.dropped
            + self.errors
            + self.failures
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Patch { .. } => self.patches += 1,
            Outcome::Cover { .. } => self.covers += 1,
            Outcome::Comment { .. } => self.comments += 1,
            Outcome::Dropped { reason, .. } if reason.starts_with("duplicate") => {
                self.duplicates += 1
            }
            Outcome::Dropped { reason, .. } if reason.starts_with("pending") => self.pending += 1,
            Outcome::Dropped { .. } => self.dropped += 1,
            Outcome::Invalid { .. } => self.errors += 1,
        }
    }
}

/// Runs `messages` through analysis and ingestion into `store`, writing one
/// JSON line per message to `out`. `progress` is called after each commit
/// with the summary so far.
pub fn run<S: Store>(
    store: &mut S,
    messages: impl Iterator<Item = std::io::Result<RawMessage>> + Send,
    cfg: &RunConfig,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(&Summary),
) -> Result<Summary> {
    let mut projects = store.projects()?;
    let mut summary = Summary::default();
    let mut messages = messages.peekable();
    let first = messages.next().transpose()?;
    if messages.peek().is_none() {
        // One mail (a pipe delivery): no threads to start and join.
        let (tx, rx) = std::sync::mpsc::channel();
        if let Some(raw) = first {
            let analysis = analyse(&raw);
            let _ = tx.send((0, raw, analysis));
        }
        drop(tx);
        write_in_order(store, &mut projects, rx, cfg, out, &mut summary, progress)?;
        return Ok(summary);
    }
    let messages = first.map(Ok).into_iter().chain(messages);
    let mut read_error = None;
    std::thread::scope(|scope| -> Result<()> {
        let (raw_tx, raw_rx) = sync_channel::<(usize, RawMessage)>(64);
        let (done_tx, done_rx) = sync_channel::<(usize, RawMessage, Analysis)>(64);
        let read_error = &mut read_error;
        scope.spawn(move || {
            for (index, m) in messages.enumerate() {
                match m {
                    Ok(m) => {
                        if raw_tx.send((index, m)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        *read_error = Some(e);
                        return;
                    }
                }
            }
        });
        let raw_rx = Arc::new(Mutex::new(raw_rx));
        for _ in 0..cfg.workers.max(1) {
            let (rx, tx) = (Arc::clone(&raw_rx), done_tx.clone());
            scope.spawn(move || parse_worker(&rx, &tx));
        }
        drop(done_tx);
        write_in_order(
            store,
            &mut projects,
            done_rx,
            cfg,
            out,
            &mut summary,
            progress,
        )
    })?;
    if let Some(e) = read_error {
        return Err(e.into());
    }
    Ok(summary)
}

fn parse_worker(
    rx: &Mutex<Receiver<(usize, RawMessage)>>,
    tx: &SyncSender<(usize, RawMessage, Analysis)>,
) {
    loop {
        let next = rx.lock().map(|r| r.recv());
        let Ok(Ok((index, raw))) = next else { return };
        let analysis = analyse(&raw);
        if tx.send((index, raw, analysis)).is_err() {
            return;
        }
    }
}

/// Mail bytes per commit at most: the batch's documents are rendered and
/// held until its commit, so a count alone lets large mail (10 KB on average
/// in a kernel-list archive) push peak RSS past issue #5's 64 MiB.
const BATCH_BYTES: usize = 4 << 20;

/// The single writer: restores input order, ingests, commits every
/// `cfg.batch` messages or whenever the parsers have nothing ready.
fn write_in_order<S: Store>(
    store: &mut S,
    projects: &mut Vec<crate::model::Project>,
    done: Receiver<(usize, RawMessage, Analysis)>,
    cfg: &RunConfig,
    out: &mut dyn Write,
    summary: &mut Summary,
    progress: &mut dyn FnMut(&Summary),
) -> Result<()> {
    let mut waiting: BTreeMap<usize, (RawMessage, Analysis)> = BTreeMap::new();
    let mut next = 0usize;
    let mut pending: Vec<(usize, Outcome)> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut in_tx = false;
    let mut disconnected = false;
    while !disconnected || !waiting.is_empty() {
        // Wait briefly when a batch is open so a slow trickle still commits.
        let item = if in_tx {
            done.recv_timeout(Duration::from_millis(20))
        } else {
            done.recv().map_err(Into::into)
        };
        match item {
            Ok((index, raw, analysis)) => {
                waiting.insert(index, (raw, analysis));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                pending_bytes = 0;
                flush(store, &mut in_tx, &mut pending, cfg, out, summary, progress)?;
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => disconnected = true,
        }
        while let Some((raw, analysis)) = waiting.remove(&next) {
            if !in_tx {
                store.begin()?;
                in_tx = true;
            }
            let now = chrono::Utc::now().naive_utc();
            summary.bytes += raw.len() as u64;
            let outcome = match ingest(store, projects, &raw, &analysis, &cfg.options, now) {
                Ok(o) => o,
                Err(e) => {
                    tracing::error!(index = next, error = %e, "could not store message");
                    summary.failures += 1;
                    Outcome::Invalid {
                        msgid: analysis.report_msgid(),
                        reason: format!("store: {e}"),
                    }
                }
            };
            pending.push((next, outcome));
            pending_bytes += raw.len();
            next += 1;
            if pending.len() >= cfg.batch || pending_bytes >= BATCH_BYTES {
                pending_bytes = 0;
                flush(store, &mut in_tx, &mut pending, cfg, out, summary, progress)?;
            }
        }
        if disconnected && !waiting.is_empty() && !waiting.contains_key(&next) {
            break; // a read error cut the input short
        }
    }
    flush(store, &mut in_tx, &mut pending, cfg, out, summary, progress)
}

/// Commits the open batch, then reports its messages.
fn flush<S: Store>(
    store: &mut S,
    in_tx: &mut bool,
    pending: &mut Vec<(usize, Outcome)>,
    cfg: &RunConfig,
    out: &mut dyn Write,
    summary: &mut Summary,
    progress: &mut dyn FnMut(&Summary),
) -> Result<()> {
    if !*in_tx {
        return Ok(());
    }
    let mut renderer = if cfg.documents {
        Some(Renderer::new(&*store, cfg.api.clone())?)
    } else {
        None
    };
    let mut lines = Vec::with_capacity(pending.len());
    for (index, outcome) in pending.iter() {
        let document = match renderer.as_mut() {
            Some(r) => document(r, outcome)?,
            None => None,
        };
        lines.push(outcome_line(*index, outcome, document));
    }
    drop(renderer);
    store.commit()?;
    *in_tx = false;
    for ((_, outcome), line) in pending.drain(..).zip(lines) {
        summary.count(&outcome);
        serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    progress(summary);
    Ok(())
}

/// The detail document of the record an outcome created, if any.
fn document<S: Store>(r: &mut Renderer<'_, S>, outcome: &Outcome) -> Result<Option<Value>> {
    match outcome {
        Outcome::Patch { id, .. } => r.patch_by_id(*id),
        Outcome::Cover { id, .. } => r.cover_by_id(*id),
        Outcome::Comment { id, .. } => r.comment_by_id(*id),
        _ => Ok(None),
    }
}

/// `{"index", "msgid", "result", "parent"?, "reason"?, "id"?, "document"?}`.
pub fn outcome_line(index: usize, outcome: &Outcome, document: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("index".into(), index.into());
    m.insert(
        "msgid".into(),
        outcome.msgid().map_or(Value::Null, Value::from),
    );
    m.insert("result".into(), outcome.result().into());
    match outcome {
        Outcome::Comment { parent, .. } => {
            m.insert("parent".into(), parent.as_str().into());
        }
        Outcome::Dropped { reason, .. } | Outcome::Invalid { reason, .. } => {
            m.insert("reason".into(), reason.as_str().into());
        }
        _ => {}
    }
    if let Outcome::Patch { id, .. } | Outcome::Cover { id, .. } | Outcome::Comment { id, .. } =
        outcome
    {
        m.insert("id".into(), (*id).into());
    }
    if let Some(d) = document {
        m.insert("document".into(), d);
    }
    Value::Object(m)
}
