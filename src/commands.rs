//! The subcommands: open the store, wire inputs to the pipeline, print
//! documents. Everything here is plumbing between `cli.rs` and the library.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use crate::classify::{analyse, analyse_with};
use crate::cli::{
    ApiArgs, ConfigSetArgs, IngestArgs, InputFormat, MboxFlavour, ProjectAddArgs, RecordKind,
    SettingKey, ShowArgs,
};
use crate::error::{Error, Result};
use crate::fixes::Fixes;
use crate::ingest::Options;
use crate::json::records::Renderer;
use crate::json::{Api, ApiVersion};
use crate::model::Project;
use crate::pipeline::{self, RawMessage, RunConfig, Summary};
use crate::receive::maildir;
use crate::receive::mbox::{MboxFormat, MboxReader, Separators};
use crate::store::SqliteStore;
use crate::store::prelude::*;

type Messages = Box<dyn Iterator<Item = std::io::Result<RawMessage>> + Send>;

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

/// Peeks whether a reader starts with an mbox `From ` line.
fn starts_with_from(reader: &mut dyn BufRead) -> std::io::Result<bool> {
    let buf = reader.fill_buf()?;
    Ok(buf.starts_with(b"From "))
}

/// The whole input as one mail, without a leading `From ` envelope line.
fn read_mail(mut reader: Box<dyn BufRead + Send>) -> std::io::Result<RawMessage> {
    let mut buf = Vec::new();
    if starts_with_from(&mut reader)? {
        reader.read_until(b'\n', &mut buf)?;
        buf.clear();
    }
    reader.read_to_end(&mut buf)?;
    Ok(buf)
}

/// One input (a file or stdin) as messages, per `--format`.
fn open_reader(
    mut reader: Box<dyn BufRead + Send>,
    format: InputFormat,
    flavour: MboxFlavour,
) -> Result<Messages> {
    let parsearchive = Separators::EveryFromLine;
    let mbox = match format {
        InputFormat::Mail => None,
        InputFormat::Mbox => Some((MboxFormat::Mboxo, parsearchive)),
        InputFormat::Mboxrd => Some((MboxFormat::Mboxrd, parsearchive)),
        InputFormat::Maildir => return Err(Error::usage("--format maildir needs a directory")),
        InputFormat::Auto if starts_with_from(&mut reader)? => {
            let format = match flavour {
                MboxFlavour::Mboxo => MboxFormat::Mboxo,
                MboxFlavour::Mboxrd => MboxFormat::Mboxrd,
            };
            Some((format, Separators::Envelopes))
        }
        InputFormat::Auto => None,
    };
    Ok(match mbox {
        Some((format, separators)) => {
            Box::new(MboxReader::with_separators(reader, format, separators))
        }
        None => Box::new(std::iter::once_with(move || read_mail(reader))),
    })
}

/// Every input named on the command line (stdin when none), as one stream.
fn inputs(args: &IngestArgs) -> Result<(Messages, Option<u64>)> {
    if args.inputs.is_empty() {
        let stdin: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()));
        return Ok((open_reader(stdin, args.format, args.mbox_format)?, None));
    }
    let mut total = 0u64;
    let mut streams: Vec<Messages> = Vec::new();
    for path in &args.inputs {
        if path.is_dir() && (maildir::is_maildir(path) || args.format == InputFormat::Maildir) {
            let files: Vec<PathBuf> = maildir::maildir_files(path)?;
            total += files
                .iter()
                .filter_map(|f| f.metadata().ok())
                .map(|m| m.len())
                .sum::<u64>();
            streams.push(Box::new(files.into_iter().map(std::fs::read)));
            continue;
        }
        let files = if path.is_dir() {
            mail_files(path)?
        } else {
            vec![path.clone()]
        };
        for f in files {
            let file = File::open(&f).map_err(|e| Error::usage(format!("{}: {e}", f.display())))?;
            total += file.metadata().map(|m| m.len()).unwrap_or(0);
            let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, file));
            streams.push(open_reader(reader, args.format, args.mbox_format)?);
        }
    }
    Ok((Box::new(streams.into_iter().flatten()), Some(total)))
}

/// The `*.eml` and `*.mbox` files under a plain directory, in path order.
fn mail_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "eml" || e == "mbox") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
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

fn summary_line(s: &Summary, secs: f64) -> String {
    format!(
        "Processed {} messages --> {} covers, {} patches, {} comments, {} duplicates, {} pending, {} dropped, {} errors ({:.0} msg/s)",
        s.total(),
        s.covers,
        s.patches,
        s.comments,
        s.duplicates,
        s.pending,
        s.dropped,
        s.errors + s.failures,
        s.total() as f64 / secs.max(1e-9)
    )
}

/// `pwingest [ingest]`: returns the exit status.
pub fn ingest(db: &Path, args: &IngestArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let (messages, total) = inputs(args)?;
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    if args.dry_run {
        return dry_run(messages, workers, out);
    }
    let mut store = SqliteStore::open(db)?;
    let cfg = RunConfig {
        options: Options {
            forced_list_id: args.list_id.clone(),
            fallback_list_id: args.fallback_list_id.clone(),
            auto_projects: args.auto_projects,
            // Once per run: every message of an import gets the same fixes.
            fixes: store.fixes()?,
        },
        api: api(&args.api)?,
        batch: args.batch.max(1),
        workers,
        documents: !args.no_documents,
    };
    let bar = progress_bar(total);
    let started = std::time::Instant::now();
    let summary = pipeline::run(&mut store, messages, &cfg, out, &mut |s| {
        bar.set_position(s.bytes);
        bar.set_message(format!("{} messages", s.total()));
    })?;
    bar.finish_and_clear();
    if std::io::stderr().is_terminal() || total.is_some() && summary.total() > 1 {
        eprintln!(
            "{}",
            summary_line(&summary, started.elapsed().as_secs_f64())
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

/// `--dry-run`: the analysis every message gets, on all cores, nothing stored.
fn dry_run(messages: Messages, workers: usize, out: &mut (dyn Write + Send)) -> Result<u8> {
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

pub fn project_add(db: &Path, args: &ProjectAddArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    if !args.subject_match.is_empty() {
        regex::Regex::new(&args.subject_match)
            .map_err(|e| Error::config(format!("--subject-match is not a usable regex: {e}")))?;
    }
    let mut store = SqliteStore::open(db)?;
    let project = Project {
        id: 0,
        link_name: args.link_name.clone(),
        name: args.name.clone(),
        list_id: args.list_id.clone(),
        list_email: args.list_email.clone(),
        subject_match: args.subject_match.clone(),
        list_archive_url_format: args.list_archive_url_format.clone(),
        web_url: args.web_url.clone(),
        ..Project::default()
    };
    let id = store.add_project(&project).map_err(|e| match e.kind() {
        crate::error::ErrorKind::Store(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Error::config(format!(
                "a project with link name {} or list id {} exists",
                args.link_name, args.list_id
            ))
        }
        _ => e,
    })?;
    writeln!(out, "{}", json!({"id": id, "link_name": args.link_name}))?;
    Ok(0)
}

pub fn project_list(db: &Path, api_args: &ApiArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = SqliteStore::open(db)?;
    let r = Renderer::new(&store, api(api_args)?)?;
    let docs: Vec<Value> = store.projects()?.iter().map(|p| r.project(p)).collect();
    write_json(out, &Value::Array(docs))?;
    Ok(0)
}

pub fn export(db: &Path, api_args: &ApiArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = SqliteStore::open(db)?;
    write_json(out, &crate::export::export(&store, api(api_args)?)?)?;
    Ok(0)
}

pub fn show(db: &Path, args: &ShowArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = SqliteStore::open(db)?;
    let mut r = Renderer::new(&store, api(&args.api)?)?;
    let doc = match args.kind {
        RecordKind::Patch => r.patch_by_id(args.id)?,
        RecordKind::Cover => r.cover_by_id(args.id)?,
        RecordKind::Series => match r.series_by_id(args.id)? {
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
                            out.push(crate::json::embedded::series(&r.api, &project, &s));
                        }
                    }
                    Ok(out)
                };
                if let Value::Object(m) = &mut d {
                    m.insert("earlier_versions".into(), Value::Array(versions(older)?));
                    m.insert("later_versions".into(), Value::Array(versions(newer)?));
                }
                Some(d)
            }
            None => None,
        },
        RecordKind::Comment => r.comment_by_id(args.id)?,
        RecordKind::Person => r.person_by_id(args.id)?,
        RecordKind::Project => r.project_by_id(args.id)?,
    };
    match doc {
        Some(d) => {
            write_json(out, &d)?;
            Ok(0)
        }
        None => Err(Error::usage(
            format!("no {:?} with id {}", args.kind, args.id).to_lowercase(),
        )),
    }
}

pub fn failed_list(db: &Path, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = SqliteStore::open(db)?;
    for f in store.failed_messages()? {
        let line = json!({"id": f.id, "received_at": f.received_at, "msgid": f.msgid, "reason": f.reason, "list_id": f.forced_list_id});
        serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(0)
}

/// Re-ingests kept mail; the old copy is removed once the new attempt is stored.
pub fn failed_retry(db: &Path, ids: &[i64], out: &mut (dyn Write + Send)) -> Result<u8> {
    let mut store = SqliteStore::open(db)?;
    let failed = store.failed_messages()?;
    let chosen: Vec<_> = failed
        .into_iter()
        .filter(|f| ids.is_empty() || ids.contains(&f.id))
        .collect();
    let mut projects = store.projects()?;
    let fixes = store.fixes()?;
    for f in chosen {
        let Some(raw) = store.message_raw(f.id)? else {
            continue;
        };
        let analysis = analyse_with(&raw, fixes);
        let options = Options {
            forced_list_id: f.forced_list_id.clone(),
            fixes,
            ..Options::default()
        };
        store.begin()?;
        let outcome = crate::ingest::ingest(
            &mut store,
            &mut projects,
            &raw,
            &analysis,
            &options,
            crate::site_time::now(),
        );
        let outcome = match outcome {
            Ok(o) => {
                store.delete_message(f.id)?;
                store.commit()?;
                o
            }
            Err(e) => {
                store.rollback()?;
                return Err(e);
            }
        };
        let mut line = pipeline::outcome_line(0, &outcome, None);
        if let Value::Object(m) = &mut line {
            m.remove("index");
            m.insert("retried".into(), f.id.into());
        }
        serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(0)
}

/// `config show`: `{"fixes": "none"}`.
pub fn config_show(db: &Path, out: &mut (dyn Write + Send)) -> Result<u8> {
    let store = SqliteStore::open(db)?;
    write_json(out, &json!({"fixes": store.fixes()?.to_string()}))?;
    Ok(0)
}

/// `config set KEY VALUE`: checks the value first (exit 64, nothing
/// changed, when it is bad), stores it, and prints the settings.
pub fn config_set(db: &Path, args: &ConfigSetArgs, out: &mut (dyn Write + Send)) -> Result<u8> {
    let fixes = match args.key {
        SettingKey::Fixes => Fixes::parse(&args.value).map_err(Error::usage)?,
    };
    let mut store = SqliteStore::open(db)?;
    store.set_fixes(fixes)?;
    config_show(db, out)
}
