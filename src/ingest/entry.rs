//! One message into the store: its savepoint, its row in the mail ledger
//! (`pwingest_message`: a new row, or the row of the same mail recorded
//! before), the rules of `mod.rs`, and the fate written back and logged.

use chrono::NaiveDateTime;

use super::{DropKind, Ingest, Options, Outcome};
use crate::classify::Analysis;
use crate::error::Result;
use crate::model::Project;
use crate::store::{NewMessage, Store};

/// Ingests one message into `store`, which must be inside a transaction.
/// `Err` only for store trouble: the savepoint is rolled back and the
/// caller reports a temporary failure.
///
/// One delivery is one mail: a mail already recorded with the same bytes
/// and the same forced list id (`--list-id`, an LMTP recipient) that made
/// no record (dropped, kept with an error) is processed again under its
/// row, which gets the new fate, instead of a second row. Mail that became
/// a record, or waits for its parent, is a duplicate as Patchwork says.
///
/// With [`Options::message_id`] (`pwingest failed retry`), the mail of
/// that row is processed again in place: the row keeps its id and gets
/// the new fate.
pub fn ingest<S: Store>(
    store: &mut S,
    projects: &mut Vec<Project>,
    raw: &[u8],
    analysis: &Analysis,
    opts: &Options,
    now: NaiveDateTime,
) -> Result<Outcome> {
    store.savepoint()?;
    // Projects made for this mail go with its savepoint if it fails.
    let known_projects = projects.len();
    let result = (|| {
        let (message_id, new_row) = message_row(store, raw, analysis, opts)?;
        let outcome = Ingest {
            store: &mut *store,
            analysis,
            now,
            message_id,
            fixes: opts.fixes,
        }
        .run(projects, opts)?;
        let kept = match &outcome {
            // A new row for a mail already stored: Patchwork keeps nothing.
            Outcome::Dropped {
                why: DropKind::Duplicate,
                ..
            } if new_row => {
                store.delete_message(message_id)?;
                None
            }
            other => {
                store.set_message_result(message_id, other.fate())?;
                Some(message_id)
            }
        };
        // Inside: a write the engine refuses may only show here (its
        // events, or a statement sent late, `Conn::execute_later`), and
        // then the savepoint is rolled back like any other failure.
        store.release()?;
        Ok((outcome, kept))
    })();
    match result {
        Ok((outcome, kept)) => {
            outcome.log_kept(analysis, routed_list_id(analysis, opts), kept);
            Ok(outcome)
        }
        Err(e) => {
            store.rollback_to_savepoint()?;
            projects.truncate(known_projects);
            Err(e)
        }
    }
}

/// The row a mail is recorded in: the one `opts` names (a retry), else
/// the row of the same mail if it made no record, else a new one.
/// `(id, is a new row)`.
fn message_row<S: Store>(
    store: &mut S,
    raw: &[u8],
    analysis: &Analysis,
    opts: &Options,
) -> Result<(i64, bool)> {
    if let Some(id) = opts.message_id {
        return Ok((id, false));
    }
    let sha256 = crate::classify::hash::raw_sha256(raw);
    let forced = opts.forced_list_id.as_deref();
    if let Some((id, result)) = store.message_by_identity(&sha256, forced)?
        && matches!(result.as_str(), "dropped" | "error")
    {
        tracing::debug!(id, "mail already recorded: processed again under its id");
        return Ok((id, false));
    }
    let msgid = analysis.report_msgid();
    let id = store.add_message(&NewMessage {
        raw,
        sha256: &sha256,
        msgid: msgid.as_deref(),
        forced_list_id: forced,
        list_id: routed_list_id(analysis, opts),
        from: analysis.from.as_deref(),
        subject: analysis.subject.as_deref(),
    })?;
    Ok((id, true))
}

/// The list id a mail is routed by: forced or fallback, else its first
/// list header.
fn routed_list_id<'a>(a: &'a Analysis, opts: &'a Options) -> Option<&'a str> {
    forced_list_id(a, opts).or_else(|| a.list_ids.first().map(|(_, id)| id.as_str()))
}

/// The list id that routes the mail regardless of its headers: `--list-id`
/// (`if list_id:` §2.1: an empty one is none), else `--fallback-list-id` for
/// a mail with no list header.
pub(super) fn forced_list_id<'o>(a: &Analysis, opts: &'o Options) -> Option<&'o str> {
    let forced = opts.forced_list_id.as_deref().filter(|id| !id.is_empty());
    forced.or(if a.list_ids.is_empty() {
        opts.fallback_list_id.as_deref()
    } else {
        None
    })
}
