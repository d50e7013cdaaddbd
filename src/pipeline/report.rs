//! Reporting committed batches: one JSON line per message, in input order,
//! with the document of the record it made when documents are asked for.
//!
//! The writer renders each message's line right after ingesting it, inside
//! the open transaction, so a document shows the store exactly as that
//! message left it, however the messages fall into batches. What
//! follows the commit can run beside the writer: a reporter thread with its
//! own connection serialises the lines to stdout and runs the WAL
//! checkpoints, so the writer's commits only append to the log. Every few
//! batches the writer waits for the checkpoint to catch up before its next
//! transaction: SQLite then starts the log over instead of growing it (a
//! log that only grows costs file-system allocation on every write).

use std::io::Write;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ingest::Outcome;
use crate::json::Api;
use crate::json::records::Renderer;
use crate::model::Project;
use crate::store::Store;

/// The messages of one open batch, each with its line.
pub type Batch = Vec<(Outcome, Value)>;

/// Where the writer sends the lines of what it committed.
pub enum Reporter<'o> {
    /// Written by the writer itself (single mails, in-memory stores).
    Inline(&'o mut (dyn Write + Send)),
    /// Handed to [`report_thread`].
    Thread {
        lines: SyncSender<Vec<Value>>,
        /// One signal per batch whose commit is checkpointed.
        checkpointed: Receiver<()>,
        /// Batches sent and not yet checkpointed.
        behind: usize,
        /// Batches committed since the log last started over.
        since_restart: usize,
    },
}

/// Batches (of up to 2 MiB of mail each) between waits for the checkpoint.
const RESTART_EVERY: usize = 8;

impl Reporter<'_> {
    /// The writer's end of the channels to a reporter thread, and the
    /// thread's ends.
    pub fn thread<'o>() -> (Reporter<'o>, Receiver<Vec<Value>>, Sender<()>) {
        // A rendezvous: the writer hands a batch over only when the reporter
        // has written the previous one, so at most two batches of lines
        // are in memory.
        let (lines, lines_rx) = sync_channel(0);
        let (checkpointed_tx, checkpointed) = channel();
        let reporter = Reporter::Thread {
            lines,
            checkpointed,
            behind: 0,
            since_restart: 0,
        };
        (reporter, lines_rx, checkpointed_tx)
    }

    /// Called before the writer opens a transaction: every
    /// [`RESTART_EVERY`] batches, waits until the reporter has checkpointed
    /// all of them, so that this transaction starts the log over.
    pub fn before_begin(&mut self) -> Result<()> {
        let Reporter::Thread {
            checkpointed,
            behind,
            since_restart,
            ..
        } = self
        else {
            return Ok(());
        };
        while checkpointed.try_recv().is_ok() {
            *behind -= 1;
        }
        if *since_restart >= RESTART_EVERY {
            while *behind > 0 {
                checkpointed.recv().map_err(|_| reporter_gone())?;
                *behind -= 1;
            }
            *since_restart = 0;
        }
        Ok(())
    }

    /// Hands over the lines of a committed batch.
    pub fn committed(&mut self, lines: Vec<Value>) -> Result<()> {
        match self {
            Reporter::Inline(out) => write_lines(*out, &lines),
            Reporter::Thread {
                lines: tx,
                behind,
                since_restart,
                ..
            } => {
                tx.send(lines).map_err(|_| reporter_gone())?;
                *behind += 1;
                *since_restart += 1;
                Ok(())
            }
        }
    }
}

fn reporter_gone() -> crate::error::Error {
    std::io::Error::other("the reporter thread stopped").into()
}

/// The reporter thread: writes each committed batch's lines, then moves the
/// committed pages into the database file (the writer defers checkpoints).
pub fn report_thread<S: Store>(
    mut checkpointer: S,
    batches: Receiver<Vec<Value>>,
    checkpointed: Sender<()>,
    out: &mut (dyn Write + Send),
) -> Result<()> {
    for lines in batches {
        write_lines(out, &lines)?;
        checkpointer.checkpoint()?;
        // A writer that is gone no longer waits.
        let _ = checkpointed.send(());
    }
    Ok(())
}

/// The line of one message, with its record's document when `api` is given
/// (`projects`: the store's current projects).
pub fn line<S: Store>(
    store: &S,
    projects: &[Project],
    api: Option<&Api>,
    index: usize,
    outcome: &Outcome,
) -> Result<Value> {
    let document = match api {
        Some(api) => document(
            &mut Renderer::with_projects(store, api.clone(), projects),
            outcome,
        )?,
        None => None,
    };
    Ok(outcome_line(index, outcome, document))
}

fn write_lines(out: &mut (dyn Write + Send), lines: &[Value]) -> Result<()> {
    // Each line is serialised into a plain buffer first: serde_json's many
    // small writes through `dyn Write` cost more than the escaping itself.
    let mut buf = Vec::new();
    for line in lines {
        buf.clear();
        serde_json::to_writer(&mut buf, line).map_err(std::io::Error::from)?;
        buf.push(b'\n');
        out.write_all(&buf)?;
    }
    out.flush()?;
    Ok(())
}

/// The detail document of the record an outcome created, if any.
fn document<S: Store>(r: &mut Renderer<'_, S>, outcome: &Outcome) -> Result<Option<Value>> {
    let doc = match outcome {
        Outcome::Patch { id, .. } => r.patch_by_id(*id)?,
        Outcome::Cover { id, .. } => r.cover_by_id(*id)?,
        Outcome::Comment { id, .. } => r.comment_by_id(*id)?,
        _ => None,
    };
    Ok(doc.map(|d| d.value()))
}

/// `{"index", "msgid", "result", "status", "parent"?, "reason"?, "id"?,
/// "document"?}`: `result` is Patchwork's (`patch`, `cover`, `comment`,
/// `dropped`, `error`), `status` says which kind of drop or error
/// ([`Outcome::status`]).
pub fn outcome_line(index: usize, outcome: &Outcome, document: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("index".into(), index.into());
    m.insert(
        "msgid".into(),
        outcome.msgid().map_or(Value::Null, Value::from),
    );
    m.insert("result".into(), outcome.result().into());
    m.insert("status".into(), outcome.status().into());
    if let Outcome::Comment { parent, .. } = outcome {
        m.insert("parent".into(), parent.as_str().into());
    }
    if let Some(reason) = outcome.reason() {
        m.insert("reason".into(), reason.into());
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
