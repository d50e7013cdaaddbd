//! `pwingest failed list` and `failed retry`: the mail kept with an error
//! (Patchwork refused it), listed like `messages list --result error`, and
//! processed again in place: a retried mail keeps its id, and its row gets
//! the new fate (a record, or the new reason when it fails again).

use std::io::Write;

use serde_json::{Map, Value};

use super::lines_wanted;
use super::list::write_listing;
use crate::classify::analyse_with;
use crate::error::{Error, Result};
use crate::ingest::{Options, Outcome, ingest};
use crate::pipeline::{Summary, outcome_line};
use crate::store::prelude::*;
use crate::store::{Database, Location, MessageFilter};

fn failed_filter() -> MessageFilter {
    MessageFilter {
        results: vec!["error"],
        ..MessageFilter::default()
    }
}

/// `failed list`: a table on a terminal, JSON Lines elsewhere or with `json`.
pub fn failed_list(db: &Location, json: bool, out: &mut (dyn Write + Send)) -> Result<u8> {
    write_listing(db, &failed_filter(), &|_| true, lines_wanted(json), out)
}

/// `failed retry [ID…]`: every failed mail, or the given ones. Ids are
/// checked first: one that names no mail kept with an error is a usage
/// error (64) and nothing is retried. Each mail is retried in its own
/// transaction; store trouble stops the run (75), the mail stays failed.
pub fn failed_retry(
    db: &Location,
    ids: &[i64],
    json: bool,
    out: &mut (dyn Write + Send),
) -> Result<u8> {
    let mut store = Database::open_existing(db)?;
    let chosen = if ids.is_empty() {
        every_failed(&store)?
    } else {
        check_failed(&store, ids)?
    };
    let mut projects = store.projects()?;
    let fixes = store.fixes()?;
    let lines = lines_wanted(json);
    let mut summary = Summary::default();
    let started = std::time::Instant::now();
    for id in chosen {
        let Some(message) = store.message(id)? else {
            continue; // removed since (its record was taken over)
        };
        let raw = store.message_raw(id)?.unwrap_or_default();
        let analysis = analyse_with(&raw, fixes);
        let options = Options {
            forced_list_id: message.forced_list_id.clone(),
            fixes,
            message_id: Some(id),
            ..Options::default()
        };
        store.begin()?;
        let now = crate::site_time::now();
        let outcome = ingest(&mut store, &mut projects, &raw, &analysis, &options, now);
        let outcome = match outcome {
            Ok(o) => {
                store.commit()?;
                o
            }
            Err(e) => {
                store.rollback()?;
                return Err(e);
            }
        };
        summary.count(&outcome);
        if lines {
            // An ingest line with the mail's id in place of its index.
            let mut line = Map::new();
            line.insert("message".into(), id.into());
            if let Value::Object(m) = outcome_line(0, &outcome, None) {
                line.extend(m.into_iter().filter(|(k, _)| k != "index"));
            }
            serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        } else {
            writeln!(out, "mail {id}: {}", said(&outcome))?;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{}",
        crate::commands::summary_line("Retried", &summary, secs)
    );
    Ok(0)
}

/// What became of a retried mail, in a few words.
fn said(o: &Outcome) -> String {
    let mut s = match o {
        Outcome::Patch { id, .. } | Outcome::Cover { id, .. } | Outcome::Comment { id, .. } => {
            format!("{} {id}", o.result())
        }
        _ => format!("{} ({})", o.result(), o.status()),
    };
    if let Outcome::Comment { parent, .. } = o {
        s.push_str(&format!(" on {parent}"));
    }
    if let Some(reason) = o.reason() {
        s.push_str(&format!(": {reason}"));
    }
    s
}

/// The ids of every mail kept with an error, oldest first.
fn every_failed(store: &Database) -> Result<Vec<i64>> {
    let filter = failed_filter();
    let mut ids = Vec::new();
    loop {
        let page = store.messages_page(&filter, ids.last().copied().unwrap_or(0), 1000)?;
        if page.is_empty() {
            return Ok(ids);
        }
        ids.extend(page.iter().map(|m| m.id));
    }
}

/// `ids` when each names a mail kept with an error; else a usage error
/// naming every one that does not.
fn check_failed(store: &Database, ids: &[i64]) -> Result<Vec<i64>> {
    let mut wrong = Vec::new();
    for &id in ids {
        match store.message(id)? {
            Some(m) if m.result == "error" => {}
            Some(m) => wrong.push(format!(
                "mail {id} is not failed (it is {}: {})",
                m.result, m.status
            )),
            None => wrong.push(format!("no mail with id {id}")),
        }
    }
    if !wrong.is_empty() {
        return Err(Error::usage(format!(
            "{}; nothing retried (`pwingest failed list` shows the failed mail)",
            wrong.join("; ")
        )));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    Ok(unique)
}
