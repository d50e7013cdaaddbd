//! The subcommands: open the store, wire inputs to the pipeline, print
//! documents. Everything here is plumbing between `cli.rs` and the library.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use crate::classify::analyse;
use crate::cli::{
    ApiArgs, ConfigSetArgs, ExportArgs, IngestArgs, RecordKind, SettingKey, ShowArgs,
};
use crate::error::{Error, Result};
use crate::fixes::Fixes;
use crate::ingest::Options;
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion};
use crate::model::Project;
use crate::pipeline::{self, RawMessage, RunConfig, Summary};
use crate::receive::inputs;
use crate::store::prelude::*;
use crate::store::{Database, Location};

pub fn api(args: &ApiArgs) -> Result<Api> {
    let version = ApiVersion::parse(&args.api_version)
        .ok_or_else(|| Error::usage(format!("unknown API version {}", args.api_version)))?;
    Ok(Api::new(version, &args.base_url))
}

fn write_json(out: &mut (dyn Write + Send), value: &Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match total {
        Some(t) => ProgressBar::new(t).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
                .expect("template"),
        ),
        None => ProgressBar::new_spinner()
            .with_style(ProgressStyle::with_template("{spinner} {bytes} {msg}").expect("template")),
    }
}

/// `parsearchive`'s summary (`verb`: `Processed`), with pending replies,
/// mail our side could not store (when there is any) and the rate.
pub fn summary_line(verb: &str, s: &Summary, secs: f64) -> String {
    let not_stored = match s.failures {
        0 => String::new(),
        n => format!(", {n} not stored (run again)"),
    };
    format!(
        "{verb} {} messages --> {} covers, {} patches, {} comments, {} duplicates, {} pending, {} dropped, {} errors{not_stored} ({:.0} msg/s)",
        s.total(),
        s.covers,
        s.patches,
        s.comments,
        s.duplicates,
        s.pending,
        s.dropped,
        s.errors,
        s.total() as f64 / secs.max(1e-9)
    )
}

/// `pwingest [ingest]`: returns the exit status.
pub fn ingest(db: &Location, args: &IngestArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    if args.dry_run {
        let (messages, _) = inputs::open(&args.inputs, args.format, args.mbox_format)?;
        return dry_run(messages, workers, out);
    }
    let mut store = Database::open(db)?;
    if !args.auto_projects {
        check_list_ids(&store.projects()?, args)?;
    }
    let (messages, total) = inputs::open(&args.inputs, args.format, args.mbox_format)?;
    let cfg = RunConfig {
        options: Options {
            forced_list_id: args.list_id.clone(),
            fallback_list_id: args.fallback_list_id.clone(),
            auto_projects: args.auto_projects,
            // Once per run: every message of an import gets the same fixes.
            fixes: store.fixes()?,
            message_id: None,
        },
        api: api(&args.api)?,
        batch: args.batch.max(1),
        workers,
        documents: args.documents,
    };
    // People get the bar and the summary, programs the lines.
    let lines = crate::messages::lines_wanted(args.json || args.documents);
    let mut sink = std::io::sink();
    let out: &mut (dyn Write + Send) = if lines { out } else { &mut sink };
    let bar = progress_bar(total);
    crate::logging::set_progress_bar(&bar);
    let started = std::time::Instant::now();
    let summary = pipeline::run(&mut store, messages, &cfg, out, &mut |s| {
        bar.set_position(s.bytes);
        bar.set_message(format!("{} messages", s.total()));
    });
    crate::logging::clear_progress_bar();
    bar.finish_and_clear();
    let summary = summary?;
    // Like `parsearchive`: a summary for an archive, none for one delivery.
    if std::io::stderr().is_terminal() || !args.inputs.is_empty() && summary.total() > 1 {
        eprintln!(
            "{}",
            summary_line("Processed", &summary, started.elapsed().as_secs_f64())
        );
    }
    Ok(if summary.failures > 0 {
        75
    } else if args.strict && summary.errors > 0 {
        65
    } else {
        0
    })
}

/// A `--list-id` or `--fallback-list-id` that names no project would drop
/// every mail it routes: bad configuration, told before anything is read.
fn check_list_ids(projects: &[Project], args: &IngestArgs) -> Result<()> {
    let flags = [
        ("--list-id", &args.list_id),
        ("--fallback-list-id", &args.fallback_list_id),
    ];
    for (flag, id) in flags {
        // An empty --list-id is none (`if list_id:`, spec §2.1).
        let Some(id) = id.as_deref().filter(|id| !id.is_empty()) else {
            continue;
        };
        if !projects.iter().any(|p| p.list_id == id) {
            return Err(Error::config(format!(
                "{flag} {id}: no project has this list id; add one with \
                 `pwingest project add --list-id {id} …`, or pass --auto-projects"
            )));
        }
    }
    Ok(())
}

/// `--dry-run`: the analysis every message gets, on all cores, nothing stored.
fn dry_run(messages: inputs::Messages, workers: usize, out: &mut (dyn Write + Send)) -> Result<u8> {
    let started = std::time::Instant::now();
    let (mut count, mut patches, mut bytes) = (0u64, 0u64, 0u64);
    let (tx, rx) = std::sync::mpsc::sync_channel::<RawMessage>(256);
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| {
                let rx = std::sync::Arc::clone(&rx);
                scope.spawn(move || {
                    let (mut n, mut p, mut b) = (0u64, 0u64, 0u64);
                    while let Ok(Ok(raw)) = rx.lock().map(|r| r.recv()) {
                        let a = analyse(&raw);
                        n += 1;
                        b += raw.len() as u64;
                        p += a.is_patch() as u64;
                    }
                    (n, p, b)
                })
            })
            .collect();
        let mut read_error = None;
        for m in messages {
            match m {
                Ok(m) => {
                    if tx.send(m).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        drop(tx);
        let sums: Vec<(u64, u64, u64)> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (sums, read_error)
    });
    if let Some(e) = results.1 {
        return Err(e.into());
    }
    for (n, p, b) in results.0 {
        count += n;
        patches += p;
        bytes += b;
    }
    let secs = started.elapsed().as_secs_f64();
    let line = json!({"dry_run": true, "messages": count, "patches": patches, "bytes": bytes, "seconds": secs});
    serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(0)
}

/// `export`: an unknown `--project` is a usage error (64).
pub fn export(db: &Location, args: &ExportArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    use crate::export::{Format, RecordLimits, write};
    let store = Database::open_existing(db)?;
    let project_id = match &args.project {
        Some(name) => Some(
            store
                .projects()?
                .iter()
                .find(|p| &p.link_name == name)
                .map(|p| p.id)
                .ok_or_else(|| {
                    Error::usage(format!("--project {name}: no project has this link name"))
                })?,
        ),
        None => None,
    };
    let limits = RecordLimits {
        project_id,
        since: args.since,
        before: args.before,
    };
    let format = if args.jsonl {
        Format::Lines
    } else {
        Format::Object
    };
    write(&store, api(&args.api)?, &limits, format, out)?;
    Ok(0)
}

pub fn show(db: &Location, args: &ShowArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = Database::open_existing(db)?;
    let mut r = Renderer::new(&store, api(&args.api)?)?;
    let doc = match args.kind {
        RecordKind::Patch => r.patch_by_id(args.id)?,
        RecordKind::Cover => r.cover_by_id(args.id)?,
        RecordKind::Series => match r.series_by_id(args.id)?.map(|d| d.value()) {
            Some(mut d) => {
                // pwingest's addition to the series document: its other versions.
                let (older, newer) = store.revisions(args.id)?;
                let projects = store.projects()?;
                let versions = |ids: Vec<i64>| -> Result<Vec<Value>> {
                    let mut out = Vec::new();
                    for id in ids {
                        if let Some(s) = store.series(id)? {
                            let project = projects
                                .iter()
                                .find(|p| p.id == s.project_id)
                                .cloned()
                                .unwrap_or_default();
                            out.push(crate::json::embedded::series(&r.api, &project, &s).value());
                        }
                    }
                    Ok(out)
                };
                if let Value::Object(m) = &mut d {
                    m.insert("earlier_versions".into(), Value::Array(versions(older)?));
                    m.insert("later_versions".into(), Value::Array(versions(newer)?));
                }
                return write_json(out, &d).map(|()| 0);
            }
            None => None,
        },
        RecordKind::Comment => r.comment_by_id(args.id)?,
        RecordKind::Person => r.person_by_id(args.id)?,
        RecordKind::Project => r.project_by_id(args.id)?,
    };
    match doc {
        Some(d) => {
            write_json(out, &d.value())?;
            Ok(0)
        }
        None => Err(Error::usage(
            format!("no {:?} with id {}", args.kind, args.id).to_lowercase(),
        )),
    }
}

/// `config show`: `{"fixes": "none"}`.
pub fn config_show(db: &Location, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = Database::open(db)?;
    write_json(out, &json!({"fixes": store.fixes()?.to_string()}))?;
    Ok(0)
}

/// `config set KEY VALUE`: checks the value first (exit 64, nothing
/// changed, when it is bad), stores it, and prints the settings.
pub fn config_set(db: &Location, args: &ConfigSetArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let fixes = match args.key {
        SettingKey::Fixes => Fixes::parse(&args.value).map_err(Error::usage)?,
    };
    let mut store = Database::open(db)?;
    store.set_fixes(fixes)?;
    config_show(db, out)
}
