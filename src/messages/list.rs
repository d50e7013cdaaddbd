//! `pwingest messages list` (and `failed list`): recorded mail page by
//! page, so a listing of any size holds one page in memory, as a table
//! for people or JSON Lines for programs.

use std::io::Write;

use console::{Alignment, pad_str, style, truncate_str};

use super::{ListArgs, fate_words, lines_wanted, message_json};
use crate::error::Result;
use crate::store::{Database, Location, MessageFilter, MessageRecord};

/// Mails read per query.
const PAGE: usize = 500;

/// `messages list`: exit 0, with or without matches.
pub fn list(db: &Location, args: &ListArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let mut filter = MessageFilter {
        since: args.since,
        before: args.before,
        list_id: args.list_id.clone(),
        ..MessageFilter::default()
    };
    for fate in &args.results {
        fate.narrow(&mut filter);
    }
    let subject = args.subject.as_deref().map(str::to_lowercase);
    let matches = |m: &MessageRecord| match &subject {
        Some(s) => m
            .subject
            .as_deref()
            .is_some_and(|t| t.to_lowercase().contains(s)),
        None => true,
    };
    write_listing(db, &filter, &matches, lines_wanted(args.json), out)
}

/// Writes every recorded mail `filter` and `matches` select: JSON Lines
/// when `lines`, else the table.
pub(super) fn write_listing(
    db: &Location,
    filter: &MessageFilter,
    matches: &dyn Fn(&MessageRecord) -> bool,
    lines: bool,
    out: &mut (dyn Write + Send),
) -> Result<u8> {
    let store = Database::open_existing(db)?;
    let table = (!lines).then(Table::for_terminal);
    if let Some(t) = &table {
        t.header(out)?;
    }
    let mut after = 0;
    let mut shown = 0usize;
    loop {
        let page = store.messages_page(filter, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for m in page.iter().filter(|m| matches(m)) {
            shown += 1;
            match &table {
                Some(t) => t.row(out, m)?,
                None => {
                    serde_json::to_writer(&mut *out, &message_json(m))
                        .map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    if table.is_some() {
        eprintln!("{shown} mail{}", if shown == 1 { "" } else { "s" });
    }
    Ok(0)
}

/// The table's column widths, fitted to the terminal.
struct Table {
    from: usize,
    subject: usize,
}

const ID: usize = 7;
const RECEIVED: usize = 16;
const RESULT: usize = 13;

impl Table {
    fn for_terminal() -> Table {
        let (_, cols) = console::Term::stdout().size();
        let rest = usize::from(cols).saturating_sub(ID + RECEIVED + RESULT + 8);
        let from = (rest / 3).clamp(12, 32);
        Table {
            from,
            subject: rest.saturating_sub(from + 2).max(20),
        }
    }

    fn header(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let line = self.cells(["ID", "RECEIVED", "RESULT", "FROM", "SUBJECT"]);
        writeln!(out, "{}", style(line).bold())
    }

    fn cells(&self, [id, received, result, from, subject]: [&str; 5]) -> String {
        let cell =
            |s: &str, width: usize| pad_str(s, width, Alignment::Left, Some("…")).into_owned();
        format!(
            "{}  {}  {}  {}  {}",
            pad_str(id, ID, Alignment::Right, None),
            cell(received, RECEIVED),
            cell(result, RESULT),
            cell(from, self.from),
            truncate_str(subject, self.subject, "…"),
        )
    }

    /// Two lines: the headline, then Message-ID, list id and reason.
    fn row(&self, out: &mut dyn Write, m: &MessageRecord) -> std::io::Result<()> {
        let id = m.id.to_string();
        let fate = fate_words(m);
        // To the minute: `YYYY-MM-DD HH:MM`.
        let received = m.received_at.get(..RECEIVED).unwrap_or(&m.received_at);
        let first = self.cells([
            &id,
            received,
            &fate,
            m.from.as_deref().unwrap_or(""),
            m.subject.as_deref().unwrap_or("(no Subject)"),
        ]);
        let mut second = vec![m.msgid.as_deref().unwrap_or("(no Message-ID)")];
        second.push(m.list_id.as_deref().unwrap_or("(no list id)"));
        second.extend(m.reason.as_deref());
        writeln!(out, "{first}")?;
        writeln!(
            out,
            "{}{}",
            " ".repeat(ID + 2),
            style(second.join("  ")).dim()
        )
    }
}
