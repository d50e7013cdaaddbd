//! `pwingest messages show ID [--raw]`: one recorded mail, its fate and the
//! record it became, or its bytes exactly as received.

use std::io::Write;

use serde_json::Value;

use super::{ShowArgs, lines_wanted, message_json};
use crate::error::{Error, Result};
use crate::model::Parent;
use crate::store::prelude::*;
use crate::store::{Database, Location, MessageRecord};

/// Exit 0; an unknown id is a usage error (64).
pub fn show(db: &Location, args: &ShowArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = Database::open_existing(db)?;
    let unknown = || {
        Error::usage(format!(
            "no mail with id {}: `pwingest messages list` shows the ids",
            args.id
        ))
    };
    let m = store.message(args.id)?.ok_or_else(unknown)?;
    if args.raw {
        out.write_all(&store.message_raw(m.id)?.ok_or_else(unknown)?)?;
        return Ok(0);
    }
    let parent = match m.record {
        Some(("comment", id)) => comment_parent(&store, id)?,
        _ => None,
    };
    if lines_wanted(args.json) {
        let mut o = message_json(&m);
        if let (Some(Value::Object(record)), Some(p)) = (o.get_mut("record"), &parent) {
            record.insert("parent".into(), p.as_str().into());
        }
        serde_json::to_writer_pretty(&mut *out, &o).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(text(&m, parent.as_deref()).as_bytes())?;
    }
    Ok(0)
}

/// `patch:<msgid>` or `cover:<msgid>` of the comment `id` (a
/// `pwingest_comment` id), as the ingest lines name a parent.
fn comment_parent(store: &Database, id: i64) -> Result<Option<String>> {
    let Some(c) = store.comment(id)? else {
        return Ok(None);
    };
    let kind = match c.parent {
        Parent::Patch(_) => "patch",
        Parent::Cover(_) => "cover",
    };
    Ok(store
        .msgid_of(c.parent)?
        .map(|msgid| format!("{kind}:{msgid}")))
}

/// The terminal's view: one field a line, then what to do next.
fn text(m: &MessageRecord, parent: Option<&str>) -> String {
    let none = |v: &Option<String>, what: &str| v.clone().unwrap_or_else(|| format!("({what})"));
    let mut lines = vec![
        format!("mail {}", m.id),
        format!("  received  {}", m.received_at),
        format!("  msgid     {}", none(&m.msgid, "no Message-ID")),
        format!("  from      {}", none(&m.from, "no From")),
        format!("  subject   {}", none(&m.subject, "no Subject")),
        format!("  size      {} bytes", m.size),
    ];
    let mut list_id = none(&m.list_id, "no list id");
    if m.forced_list_id.as_deref().is_some_and(|f| !f.is_empty()) {
        list_id.push_str(" (forced)");
    }
    lines.insert(3, format!("  list id   {list_id}"));
    let mut fate = format!("  result    {} ({})", m.result, m.status);
    if let Some(reason) = &m.reason {
        fate.push_str(&format!(": {reason}"));
    }
    lines.push(fate);
    if m.updated_at.as_deref().is_some_and(|u| u != m.received_at) {
        lines.push(format!(
            "  changed   {}",
            m.updated_at.as_deref().unwrap_or("")
        ));
    }
    let forced = m
        .forced_list_id
        .as_deref()
        .filter(|f| !f.is_empty())
        .map_or(String::new(), |f| format!(" --list-id {f}"));
    let next = match (m.record, m.status.as_str()) {
        (Some((kind, id)), _) => {
            let on = parent.map_or(String::new(), |p| format!(" on {p}"));
            format!("  record    {kind} {id}{on}: `pwingest show {kind} {id}`")
        }
        (None, "invalid") => format!("  replay    `pwingest failed retry {}`", m.id),
        (None, "pending") => "  waits     attached when its parent arrives".to_string(),
        (None, _) => format!(
            "  again     `pwingest messages show {} --raw | pwingest --format mail{forced}`",
            m.id
        ),
    };
    lines.push(next);
    lines.join("\n") + "\n"
}
