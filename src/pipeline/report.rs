//! Reporting committed batches: one JSON line per message, in input order,
//! with the document of the record it made when documents are asked for.
//!
//! The writer renders a batch's lines inside the batch's own transaction,
//! so every document shows the store exactly as that batch left it. What
//! follows the commit can run beside the writer: a reporter thread with its
//! own connection serialises the lines to stdout and runs the WAL
//! checkpoints, so the writer's commits only append to the log.

use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde_json::{Map, Value};

use crate::error::Result;
use crate::ingest::Outcome;
use crate::json::Api;
use crate::json::records::Renderer;
use crate::store::Store;

/// The messages of one batch, with their input indexes.
pub type Batch = Vec<(usize, Outcome)>;

/// Where the writer sends the lines of what it committed.
pub enum Reporter<'o> {
    /// Written by the writer itself (single mails, in-memory stores).
    Inline(&'o mut (dyn Write + Send)),
    /// Handed to [`report_thread`].
    Thread(SyncSender<Vec<Value>>),
}

impl Reporter<'_> {
    /// A reporter thread's end of the channel and the writer's.
    pub fn thread<'o>() -> (Reporter<'o>, Receiver<Vec<Value>>) {
        let (tx, rx) = sync_channel(1);
        (Reporter::Thread(tx), rx)
    }

    /// Hands over the lines of a committed batch.
    pub fn committed(&mut self, lines: Vec<Value>) -> Result<()> {
        match self {
            Reporter::Inline(out) => write_lines(*out, &lines),
            Reporter::Thread(tx) => tx
                .send(lines)
                .map_err(|_| std::io::Error::other("the reporter thread stopped").into()),
        }
    }
}

/// The reporter thread: writes each committed batch's lines, then moves the
/// committed pages into the database file (the writer defers checkpoints).
pub fn report_thread<S: Store>(
    mut checkpointer: S,
    batches: Receiver<Vec<Value>>,
    out: &mut (dyn Write + Send),
) -> Result<()> {
    for lines in batches {
        write_lines(out, &lines)?;
        checkpointer.checkpoint(false)?;
    }
    Ok(())
}

/// One line per message of `batch`, with documents when `api` is given.
pub fn lines<S: Store>(store: &S, api: Option<&Api>, batch: &Batch) -> Result<Vec<Value>> {
    let mut renderer = api.map(|a| Renderer::new(store, a.clone())).transpose()?;
    batch
        .iter()
        .map(|(index, outcome)| {
            let document = match renderer.as_mut() {
                Some(r) => document(r, outcome)?,
                None => None,
            };
            Ok(outcome_line(*index, outcome, document))
        })
        .collect()
}

fn write_lines(out: &mut (dyn Write + Send), lines: &[Value]) -> Result<()> {
    for line in lines {
        serde_json::to_writer(&mut *out, line).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
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
