//! The import pipeline: a reader thread splits inputs into messages, parser
//! threads run the pure analysis in parallel, and one writer ingests in
//! input order, committing in batches. Results are written as JSON Lines
//! only after the batch holding them is durably committed.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::classify::{Analysis, analyse_with};
use crate::error::Result;
use crate::fixes::Fixes;
use crate::ingest::{DropKind, Options, Outcome, ingest};
use crate::json::Api;
use crate::store::Store;
use crate::store::retry::Retries;
use budget::{ByteBudget, CloseOnDrop, IN_FLIGHT};
use report::{Batch, Reporter, report_thread};

mod budget;
mod report;

pub use report::outcome_line;

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

    /// Counts one message's outcome.
    pub fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Patch { .. } => self.patches += 1,
            Outcome::Cover { .. } => self.covers += 1,
            Outcome::Comment { .. } => self.comments += 1,
            Outcome::Dropped {
                why: DropKind::Duplicate,
                ..
            } => self.duplicates += 1,
            Outcome::Dropped {
                why: DropKind::Pending,
                ..
            } => self.pending += 1,
            Outcome::Dropped { .. } => self.dropped += 1,
            Outcome::Invalid { .. } => self.errors += 1,
            Outcome::NotStored { .. } => self.failures += 1,
        }
    }
}

/// Runs `messages` through analysis and ingestion into `store`, writing one
/// JSON line per message to `out`. `progress` is called after each commit
/// with the summary so far.
pub fn run<S: Store + Send>(
    store: &mut S,
    messages: impl Iterator<Item = std::io::Result<RawMessage>> + Send,
    cfg: &RunConfig,
    out: &mut (dyn Write + Send),
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
            let analysis = analyse_with(&raw, cfg.options.fixes);
            let _ = tx.send((0, raw, analysis));
        }
        drop(tx);
        let reporter = Reporter::Inline(out);
        Writer::new(store, &mut projects, cfg, &mut summary, progress, reporter).run(rx, None)?;
        return Ok(summary);
    }
    let messages = first.map(Ok).into_iter().chain(messages);
    let mut read_error = None;
    let checkpointer = store.another_connection()?;
    let budget = ByteBudget::new(IN_FLIGHT);
    std::thread::scope(|scope| -> Result<()> {
        let (raw_tx, raw_rx) = sync_channel::<(usize, RawMessage)>(64);
        let (done_tx, done_rx) = sync_channel::<(usize, RawMessage, Analysis)>(64);
        let read_error = &mut read_error;
        let budget = &budget;
        scope.spawn(move || {
            for (index, m) in messages.enumerate() {
                match m {
                    Ok(m) => {
                        if !budget.take(m.len()) || raw_tx.send((index, m)).is_err() {
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
            let fixes = cfg.options.fixes;
            scope.spawn(move || parse_worker(&rx, &tx, fixes));
        }
        drop(done_tx);
        let _release_reader = CloseOnDrop(budget);
        let Some(checkpointer) = checkpointer else {
            let reporter = Reporter::Inline(out);
            return Writer::new(store, &mut projects, cfg, &mut summary, progress, reporter)
                .run(done_rx, Some(budget));
        };
        // Writing the lines and checkpoints move to a reporter thread.
        store.defer_checkpoints()?;
        let (reporter, batches, checkpointed) = Reporter::thread();
        let reporting =
            scope.spawn(move || report_thread(checkpointer, batches, checkpointed, out));
        let mut writer = Writer::new(store, &mut projects, cfg, &mut summary, progress, reporter);
        let written = writer.run(done_rx, Some(budget));
        drop(writer);
        let reported = reporting
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the reporter thread panicked").into()));
        // The reporter only fails on its own (stdout closed, a checkpoint
        // error) and then the writer just sees it gone: its error is the
        // cause. A writer that fails lets the reporter end cleanly.
        reported.and(written)
    })?;
    if let Some(e) = read_error {
        return Err(e.into());
    }
    Ok(summary)
}

fn parse_worker(
    rx: &Mutex<Receiver<(usize, RawMessage)>>,
    tx: &SyncSender<(usize, RawMessage, Analysis)>,
    fixes: Fixes,
) {
    loop {
        let next = rx.lock().map(|r| r.recv());
        let Ok(Ok((index, raw))) = next else { return };
        let analysis = analyse_with(&raw, fixes);
        if tx.send((index, raw, analysis)).is_err() {
            return;
        }
    }
}

/// Mail bytes per commit at most: a batch's lines (documents included) are
/// held until its commit and then while the reporter writes them, so a
/// count alone lets large mail (10 KB on average in a kernel-list archive)
/// push peak RSS past issue #5's 64 MiB. Half of this was slower (more
/// commits, and a WAL restart every [`report`]'s few batches).
const BATCH_BYTES: usize = 2 << 20;

/// The single writer: restores input order, ingests, commits every
/// `cfg.batch` messages or whenever the parsers have nothing ready. The
/// messages of the open transaction are held until its commit, so a
/// conflict the engine asks to run again replays the whole batch
/// (`store::retry`).
struct Writer<'w, S: Store> {
    store: &'w mut S,
    projects: &'w mut Vec<crate::model::Project>,
    cfg: &'w RunConfig,
    summary: &'w mut Summary,
    progress: &'w mut dyn FnMut(&Summary),
    reporter: Reporter<'w>,
    /// Ingested in the open transaction, not yet committed.
    batch: Batch,
    batch_bytes: usize,
    in_tx: bool,
    /// The open transaction's messages, for a replay.
    held: Vec<(usize, RawMessage, Analysis)>,
    /// Attempts at the open transaction, after a first conflict.
    retries: Option<Retries>,
}

impl<'w, S: Store> Writer<'w, S> {
    fn new(
        store: &'w mut S,
        projects: &'w mut Vec<crate::model::Project>,
        cfg: &'w RunConfig,
        summary: &'w mut Summary,
        progress: &'w mut dyn FnMut(&Summary),
        reporter: Reporter<'w>,
    ) -> Self {
        Writer {
            store,
            projects,
            cfg,
            summary,
            progress,
            reporter,
            batch: Vec::new(),
            batch_bytes: 0,
            in_tx: false,
            held: Vec::new(),
            retries: None,
        }
    }

    /// Ingests what `done` delivers in input order; gives each message's
    /// bytes back to `budget` once it is ingested.
    fn run(
        &mut self,
        done: Receiver<(usize, RawMessage, Analysis)>,
        budget: Option<&ByteBudget>,
    ) -> Result<()> {
        let mut waiting: BTreeMap<usize, (RawMessage, Analysis)> = BTreeMap::new();
        let mut next = 0usize;
        let mut disconnected = false;
        while !disconnected || !waiting.is_empty() {
            // Wait briefly when a batch is open so a slow trickle still commits.
            let item = if self.in_tx {
                done.recv_timeout(Duration::from_millis(20))
            } else {
                done.recv().map_err(Into::into)
            };
            match item {
                Ok((index, raw, analysis)) => {
                    waiting.insert(index, (raw, analysis));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    self.flush()?;
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => disconnected = true,
            }
            while let Some((raw, analysis)) = waiting.remove(&next) {
                let len = raw.len();
                self.ingest(next, raw, analysis)?;
                if let Some(b) = budget {
                    b.give_back(len);
                }
                next += 1;
                let limit = self.store.savepoint_limit().unwrap_or(usize::MAX);
                if self.batch.len() >= self.cfg.batch.min(limit) || self.batch_bytes >= BATCH_BYTES
                {
                    self.flush()?;
                }
            }
            if disconnected && !waiting.is_empty() && !waiting.contains_key(&next) {
                break; // a read error cut the input short
            }
        }
        self.flush()
    }

    /// Ingests one message in the open transaction (opened if need be).
    fn ingest(&mut self, index: usize, raw: RawMessage, analysis: Analysis) -> Result<()> {
        self.held.push((index, raw, analysis));
        match self.ingest_held(self.held.len() - 1) {
            Err(e) => self.replay(e),
            done => done,
        }
    }

    /// After `e`: rolls the open transaction back and, while the engine
    /// asks for it and the bounds allow, runs every held message again.
    fn replay(&mut self, mut e: crate::error::Error) -> Result<()> {
        loop {
            self.store.rollback()?;
            self.in_tx = false;
            self.batch.clear();
            self.batch_bytes = 0;
            if !self.retries.get_or_insert_with(Retries::default).again(&e) {
                return Err(e);
            }
            // Projects made in the rolled-back transaction are gone.
            *self.projects = self.store.projects()?;
            match (0..self.held.len()).try_for_each(|at| self.ingest_held(at)) {
                Ok(()) => return Ok(()),
                Err(next) => e = next,
            }
        }
    }

    /// Ingests held message `at`; an error is the transaction's (the store
    /// failed, or the engine asks for the batch to run again), else the
    /// message's own failure is its outcome.
    fn ingest_held(&mut self, at: usize) -> Result<()> {
        if !self.in_tx {
            self.reporter.before_begin()?;
            self.store.begin()?;
            self.in_tx = true;
        }
        let (index, raw, analysis) = &self.held[at];
        let (index, raw) = (*index, raw.as_slice());
        let now = crate::site_time::now();
        let opts = &self.cfg.options;
        let outcome = match ingest(self.store, self.projects, raw, analysis, opts, now) {
            Ok(o) => o,
            Err(e) if e.store_error().is_some_and(|s| s.is_retryable()) => return Err(e),
            Err(e) => {
                let outcome = Outcome::not_stored(analysis, &e);
                outcome.log(analysis, opts.forced_list_id.as_deref());
                outcome
            }
        };
        // Rendered now, inside the transaction: the document shows the
        // store as this message left it, wherever the batch ends.
        let api = self.cfg.documents.then_some(&self.cfg.api);
        let line = report::line(&*self.store, self.projects, api, index, &outcome)?;
        self.batch.push((outcome, line));
        self.batch_bytes += raw.len();
        Ok(())
    }

    /// Commits the open batch, then reports its messages.
    fn flush(&mut self) -> Result<()> {
        if !self.in_tx {
            return Ok(());
        }
        while let Err(e) = self.store.commit() {
            self.replay(e)?;
        }
        self.retries = None;
        self.in_tx = false;
        self.batch_bytes = 0;
        for (_, raw, _) in self.held.drain(..) {
            self.summary.bytes += raw.len() as u64;
        }
        let mut lines = Vec::with_capacity(self.batch.len());
        for (outcome, line) in self.batch.drain(..) {
            self.summary.count(&outcome);
            lines.push(line);
        }
        self.reporter.committed(lines)?;
        (self.progress)(self.summary);
        Ok(())
    }
}
