//! What became of every mail, for operators: `pwingest messages list`
//! and `messages show` read the mail ledger (`pwingest_message`: every mail
//! accepted, with its raw bytes and its fate), and `failed list`/`failed
//! retry` work on the mail kept with an error. On a terminal they print a
//! table or a summary; anywhere else (or with `--json`) JSON Lines.

mod failed;
mod list;
mod show;

use std::io::IsTerminal;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Map, Value};

pub use failed::{failed_list, failed_retry};
pub use list::list;
pub use show::show;

use crate::store::{MessageFilter, MessageRecord};

const LIST_HELP: &str = "Lists recorded mail, oldest first: every mail pwingest accepted, with
what became of it.

On a terminal, two lines per mail: id, received (site time), result (the record
it became, e.g. `patch 12`, or why it made none), From and Subject; then its
Message-ID, list id and reason. Anywhere else, or with --json, one JSON object
per line: id, received_at, updated_at, msgid, list_id, forced_list_id, from,
subject, result, status, reason, record {kind, id}, size.

Examples:
  pwingest messages list --result no-project --since 2024-05-01
  pwingest messages list --result pending --list-id netdev.vger.kernel.org
  pwingest messages list --subject 'net: fix' --json | jq .id
  pwingest messages list --result no-project --result unthreaded   # either";

const SHOW_HELP: &str = "Shows one recorded mail: its headline, its fate and the record it
became (`pwingest show KIND ID` prints the record's document).

--raw writes the mail's bytes exactly as received, to feed it back:
  pwingest messages show 42 --raw | pwingest --format mail
processes the same mail again under the same id (with the same --list-id, if
one was forced), e.g. once its project exists. An unknown id exits 64.";

/// `pwingest messages …`.
#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// List recorded mail and what became of it (filters combine).
    #[command(long_about = LIST_HELP)]
    List(ListArgs),
    /// Show one recorded mail and its fate; --raw for its bytes.
    #[command(long_about = SHOW_HELP)]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only mail with this result or status (repeat for several).
    #[arg(long = "result", value_enum, value_name = "RESULT")]
    pub results: Vec<Fate>,
    /// Only mail received at or after this site-local time: `2024-05-01`,
    /// `2024-05-01 13:00` or `2024-05-01T13:00:00`.
    #[arg(long, value_parser = crate::cli::date_arg, value_name = "DATE")]
    pub since: Option<chrono::NaiveDateTime>,
    /// Only mail received before this site-local time.
    #[arg(long, value_parser = crate::cli::date_arg, value_name = "DATE")]
    pub before: Option<chrono::NaiveDateTime>,
    /// Only mail routed by this list id (forced, or its List-Id).
    #[arg(long)]
    pub list_id: Option<String>,
    /// Only mail whose Subject contains this text (case-insensitive).
    #[arg(long)]
    pub subject: Option<String>,
    /// JSON Lines even on a terminal.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The mail's id (`messages list`, `failed list`, the `id` of a log line).
    pub id: i64,
    /// Write the mail's bytes exactly as received, nothing else.
    #[arg(long, conflicts_with = "json")]
    pub raw: bool,
    /// One JSON object even on a terminal.
    #[arg(long)]
    pub json: bool,
}

/// What `--result` selects: Patchwork's `result` words and the ingest
/// lines' `status` words, as the JSON lines use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Fate {
    /// Became a patch.
    Patch,
    /// Became a cover letter.
    Cover,
    /// Became a comment (also a reply attached after it waited).
    Comment,
    /// Became any record.
    Stored,
    /// Made no record: waiting, no project, ignored, empty, unthreaded.
    Dropped,
    /// A reply waiting for its parent.
    Pending,
    /// A mail already stored, recorded again (re-imported after it was dropped).
    Duplicate,
    /// No project has the mail's list id.
    NoProject,
    /// `X-Patchwork-Hint: ignore`.
    Ignored,
    /// No diff and no text.
    Empty,
    /// Neither a patch nor a cover letter, and references nothing.
    Unthreaded,
    /// Kept with an error (Patchwork refuses it): `failed retry` replays it.
    #[value(alias = "failed")]
    Error,
    /// The same as error: the ingest lines' status for it.
    Invalid,
}

impl Fate {
    /// The stored `result` values or the `status` values it selects.
    fn narrow(self, filter: &mut MessageFilter) {
        let (results, statuses): (&[&'static str], &[&'static str]) = match self {
            Fate::Patch => (&["patch"], &[]),
            Fate::Cover => (&["cover"], &[]),
            Fate::Comment => (&["comment"], &[]),
            Fate::Stored => (&[], &["stored"]),
            Fate::Dropped => (&["dropped", "pending"], &[]),
            Fate::Error | Fate::Invalid => (&["error"], &[]),
            Fate::Pending => (&[], &["pending"]),
            Fate::Duplicate => (&[], &["duplicate"]),
            Fate::NoProject => (&[], &["no-project"]),
            Fate::Ignored => (&[], &["ignored"]),
            Fate::Empty => (&[], &["empty"]),
            Fate::Unthreaded => (&[], &["unthreaded"]),
        };
        filter.results.extend(results);
        filter.statuses.extend(statuses);
    }
}

/// JSON Lines for programs (stdout not a terminal) or when asked; a table
/// or text for people. The rule every listing command follows.
pub fn lines_wanted(json: bool) -> bool {
    json || !std::io::stdout().is_terminal()
}

/// The JSON object of a recorded mail (a `messages list` line).
pub fn message_json(m: &MessageRecord) -> Map<String, Value> {
    let mut o = Map::new();
    let text = |v: &Option<String>| v.as_deref().map_or(Value::Null, Value::from);
    o.insert("id".into(), m.id.into());
    o.insert("received_at".into(), m.received_at.as_str().into());
    o.insert("updated_at".into(), text(&m.updated_at));
    o.insert("msgid".into(), text(&m.msgid));
    o.insert("list_id".into(), text(&m.list_id));
    o.insert("forced_list_id".into(), text(&m.forced_list_id));
    o.insert("from".into(), text(&m.from));
    o.insert("subject".into(), text(&m.subject));
    o.insert("result".into(), m.result.as_str().into());
    o.insert("status".into(), m.status.as_str().into());
    o.insert("reason".into(), text(&m.reason));
    let record = m.record.map_or(
        Value::Null,
        |(kind, id)| serde_json::json!({"kind": kind, "id": id}),
    );
    o.insert("record".into(), record);
    o.insert("size".into(), m.size.into());
    o
}

/// A mail's fate in one word or two: the record it became (`patch 12`),
/// else its status (`no-project`, `pending`, `invalid`, …).
pub fn fate_words(m: &MessageRecord) -> String {
    match m.record {
        Some((kind, id)) => format!("{kind} {id}"),
        None => m.status.clone(),
    }
}
