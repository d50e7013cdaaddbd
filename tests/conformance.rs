//! The conformance test: every case of the corpus (Patchwork v3.2.1's own
//! output on real mail), ingested by the real binary into a fresh
//! database — a new SQLite file, and on PostgreSQL a database Patchwork's
//! migrations made — exported in API 1.0–1.3 and compared field by field by
//! the corpus's `compare.py`, mbox downloads (spec §15) included; its events
//! (`patchwork_event`) are compared with the case's `expected-events.json`.
//! One result table per engine.
//! Known disagreements are listed, with a reason each, in
//! `tests/conformance-known-failures.txt`; the list can only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::util::events::{compare_events, reduced_events};
use crate::util::{Db, Engine, case_name, cases, cases_in, corpus, engines, lines, repo};

const VERSIONS: [&str; 4] = ["1.0", "1.1", "1.2", "1.3"];

/// `group/name: reason` lines that apply to `scope` (`<test>/<engine>`,
/// e.g. `adoption/PostgreSQL`): those without a scope, and those that
/// start with it (`adoption/PostgreSQL group/name: reason`).
fn known_failures(scope: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo().join("tests/conformance-known-failures.txt"))
        .unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (case, reason) = l.split_once(':').unwrap_or((l, ""));
            assert!(
                !reason.trim().is_empty(),
                "known failure without a reason: {l}"
            );
            let case = match case.trim().split_once(' ') {
                Some((s, case)) if s == scope => case,
                Some(_) => return None,
                None => case,
            };
            Some((case.trim().to_string(), reason.trim().to_string()))
        })
        .collect()
}

/// The mails of an mbox: each starts at a line beginning `From `.
fn split_mbox(bytes: &[u8]) -> Vec<&[u8]> {
    let mut starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| (i == 0 || bytes[i - 1] == b'\n') && bytes[i..].starts_with(b"From "))
        .collect();
    starts.push(bytes.len());
    starts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

/// Ingests one case and writes `actual-<V>.json` files; returns their
/// paths and the first difference of its events, if any. With `adopt`
/// (a `patchwork-db/adopt/<case>` directory) the database starts as
/// Patchwork left it after the first half of the mails, and pwingest
/// ingests the rest; the first half's message lines are Patchwork's own.
fn run_case(
    case: &Path,
    out_dir: &Path,
    adopt: Option<&Path>,
    source: Source,
    engine: Engine,
) -> (Vec<(String, PathBuf)>, Option<String>) {
    let read = |p: PathBuf| -> Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let spec = read(case.join("case.json"));
    let name = format!("{}-{}", engine.name(), case_name(case).replace('/', "__"));
    let db = match (engine, adopt) {
        (Engine::Sqlite, None) => Db::new(),
        _ => Db::patchwork(engine),
    };
    let mut input = case.join(spec["input"].as_str().unwrap());
    let mut messages: Vec<Value> = Vec::new();
    let first = match adopt {
        Some(rows) => {
            db.load(&rows.join(match engine {
                Engine::Sqlite => "sqlite.sql",
                Engine::Postgres => "postgresql.sql",
            }));
            let first = read(rows.join("case.json"))["first_half"].as_u64().unwrap() as usize;
            let bytes = std::fs::read(&input).unwrap();
            input = out_dir.join(format!("{name}-rest.mbox"));
            std::fs::write(&input, split_mbox(&bytes)[first..].concat()).unwrap();
            let expected = read(case.join("expected.json"));
            messages.extend(
                expected["messages"].as_array().unwrap()[..first]
                    .iter()
                    .cloned(),
            );
            first
        }
        None => {
            db.add_case_projects(&spec);
            0
        }
    };
    // Fed as Patchwork fed it: `parsemail` reads one mail, `parsearchive`
    // splits at every `From ` line.
    let format = match spec["read_as"].as_str() {
        Some("parsemail") => "mail",
        Some("parsearchive") => "mbox",
        other => panic!("{}: unknown read_as {other:?}", case.display()),
    };
    let mut args: Vec<String> = vec!["ingest".into(), "--format".into(), format.into()];
    if let Some(id) = spec["list_id"].as_str() {
        args.extend(["--list-id".into(), id.into()]);
    }
    if let Some(id) = spec["fallback_list_id"].as_str() {
        args.extend(["--fallback-list-id".into(), id.into()]);
    }
    args.push(input.to_string_lossy().into_owned());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = db.run(&argv, b"");
    assert!(
        out.status.success(),
        "{}: ingest exited {:?}: {}",
        case.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    messages.extend(
        lines(&String::from_utf8_lossy(&out.stdout))
            .into_iter()
            .map(|mut m| {
                m["index"] = json!(m["index"].as_u64().unwrap() as usize + first);
                m
            }),
    );
    let events = compare_events(case, &reduced_events(&db));
    let mut documents = source(&db);
    let docs = VERSIONS
        .iter()
        .map(|v| {
            let mut actual = documents(v);
            actual["messages"] = json!(messages);
            let path = out_dir.join(format!("{name}-{v}.json"));
            std::fs::write(&path, serde_json::to_vec(&actual).unwrap()).unwrap();
            (v.to_string(), path)
        })
        .collect();
    (docs, events)
}

/// The corpus, or `None` outside CI, reported as skipped (`util::skip`).
pub fn corpus_or_skip(test: &str) -> Option<PathBuf> {
    let found = corpus();
    if found.is_none() {
        let why = "corpus not found (set PWINGEST_CONFORMANCE or put it at ../shared/conformance); 0 cases ran";
        crate::util::skip(test, why);
    }
    found
}

#[test]
fn conformance() {
    let Some(corpus) = corpus_or_skip("conformance") else {
        return;
    };
    let all: Vec<(PathBuf, Option<PathBuf>)> =
        cases(&corpus).into_iter().map(|c| (c, None)).collect();
    assert!(!all.is_empty(), "no cases under {}", corpus.display());
    check_engines("conformance", &corpus, &all, &export);
}

/// [`check`] on every engine under test; all of them run before a failure
/// is reported.
pub fn check_engines(
    test: &str,
    corpus: &Path,
    all: &[(PathBuf, Option<PathBuf>)],
    source: Source,
) {
    let failed: Vec<String> = engines(test)
        .into_iter()
        .filter_map(|engine| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(test, corpus, all, source, engine)
            }))
            .err()
            .map(|_| engine.name().to_string())
        })
        .collect();
    assert!(failed.is_empty(), "{test} failed on {}", failed.join(", "));
}

/// Where a case's documents come from once it is ingested: given the
/// database, a function from API version to the `expected.api[V]`-shaped
/// object (plus `mbox`).
pub type Source<'a> = &'a (dyn Fn(&Db) -> Box<dyn FnMut(&str) -> Value + '_> + Sync);

/// `pwingest export`.
fn export(db: &Db) -> Box<dyn FnMut(&str) -> Value + '_> {
    Box::new(|v| db.export(v))
}

/// Point 5 of issue 10: for each multi-mail case, Patchwork's own rows for
/// the first half of its mails, then pwingest for the rest; the result
/// must equal the whole case's expected documents and events.
#[test]
fn adoption() {
    let Some(corpus) = corpus_or_skip("adoption") else {
        return;
    };
    let adopt = repo().join("../shared/patchwork-db/adopt");
    let all: Vec<(PathBuf, Option<PathBuf>)> = cases_in(&adopt)
        .into_iter()
        .map(|rows| (corpus.join("cases").join(case_name(&rows)), Some(rows)))
        .collect();
    assert!(
        !all.is_empty(),
        "no adoption cases under {}",
        adopt.display()
    );
    check_engines("adoption", &corpus, &all, &export);
}

/// Runs the cases (each with its adoption rows, if any), compares them,
/// prints the tables and fails on any unexpected result.
pub fn check(
    test: &str,
    corpus: &Path,
    all: &[(PathBuf, Option<PathBuf>)],
    source: Source,
    engine: Engine,
) {
    let work = tempfile::tempdir().unwrap();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<Vec<(PathBuf, Option<PathBuf>)>> = all
        .chunks(all.len().div_ceil(threads))
        .map(<[_]>::to_vec)
        .collect();
    let mut jobs: Vec<Value> = Vec::new();
    let mut event_results: Vec<(String, Option<String>)> = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let dir = work.path();
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(case, adopt)| {
                            let (docs, events) =
                                run_case(case, dir, adopt.as_deref(), source, engine);
                            let docs: Vec<Value> = docs
                                .into_iter()
                                .map(|(v, actual)| {
                                    json!([case.join("expected.json"), actual, v, case_name(case)])
                                })
                                .collect();
                            (docs, (case_name(case), events))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (docs, events) in h.join().expect("case thread") {
                jobs.extend(docs);
                event_results.push(events);
            }
        }
    });

    let mut child = Command::new("python3")
        .arg(repo().join("tests/conformance_compare.py"))
        .arg(corpus.join("compare.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs compare.py");
    serde_json::to_writer(child.stdin.take().unwrap(), &jobs).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "compare.py driver failed");

    // group → version → (passed, failed) documents, mbox texts apart (they
    // are not versioned: counted once, from the 1.3 comparison); failing
    // cases with a first report.
    let mut table: BTreeMap<String, BTreeMap<String, (u64, u64)>> = BTreeMap::new();
    let mut mbox: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut failing: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let count = |key: &str| r[key].as_u64().unwrap();
        let label = r["label"].as_str().unwrap().to_string();
        let group = label.split('/').next().unwrap().to_string();
        let version = r["version"].as_str().unwrap().to_string();
        if version == "1.3" {
            let texts = mbox.entry(group.clone()).or_default();
            texts.0 += count("mbox_passed");
            texts.1 += count("mbox_failed");
        }
        let entry = table.entry(group).or_default().entry(version).or_default();
        entry.0 += count("passed") - count("mbox_passed");
        entry.1 += count("failed") - count("mbox_failed");
        if count("failed") > 0 {
            failing.entry(label).or_insert_with(|| {
                format!(
                    "[{}] {}",
                    r["version"].as_str().unwrap(),
                    r["report"].as_str().unwrap()
                )
            });
        }
    }

    println!(
        "\n{}: documents passed/failed per group and API version",
        engine.name()
    );
    println!(
        "{:<14} {}{:>16}",
        "group",
        VERSIONS.map(|v| format!("{v:>16}")).join(""),
        "mbox"
    );
    let mut totals = [(0u64, 0u64); 4];
    for (group, versions) in &table {
        let cells: Vec<String> = VERSIONS
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (p, f) = versions.get(*v).copied().unwrap_or_default();
                totals[i].0 += p;
                totals[i].1 += f;
                format!("{:>16}", format!("{p}/{f}"))
            })
            .collect();
        let (p, f) = mbox.get(group).copied().unwrap_or_default();
        println!("{group:<14} {}{:>16}", cells.join(""), format!("{p}/{f}"));
    }
    let cells: Vec<String> = totals
        .iter()
        .map(|(p, f)| format!("{:>16}", format!("{p}/{f}")))
        .collect();
    let (mbox_passed, mbox_failed) = mbox
        .values()
        .fold((0, 0), |(p, f), (mp, mf)| (p + mp, f + mf));
    println!(
        "{:<14} {}{:>16}",
        "total",
        cells.join(""),
        format!("{mbox_passed}/{mbox_failed}")
    );
    for (i, (p, f)) in totals.iter().enumerate() {
        println!(
            "API {}: {:.2}% of {} documents pass",
            VERSIONS[i],
            100.0 * *p as f64 / (*p + *f).max(1) as f64,
            p + f
        );
    }
    println!(
        "mbox: {:.2}% of {} texts pass",
        100.0 * mbox_passed as f64 / (mbox_passed + mbox_failed).max(1) as f64,
        mbox_passed + mbox_failed
    );

    // group → (cases whose events match, cases whose events differ)
    let mut event_table: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (label, diff) in &event_results {
        let group = label.split('/').next().unwrap().to_string();
        let entry = event_table.entry(group).or_default();
        match diff {
            None => entry.0 += 1,
            Some(d) => {
                entry.1 += 1;
                failing
                    .entry(label.clone())
                    .or_insert_with(|| format!("[events] {d}"));
            }
        }
    }
    println!(
        "\n{} events: cases matching expected-events.json / differing, per group",
        engine.name()
    );
    let (mut ok, mut bad) = (0, 0);
    for (group, (p, f)) in &event_table {
        println!("{group:<14} {:>16}", format!("{p}/{f}"));
        ok += p;
        bad += f;
    }
    println!("{:<14} {:>16}", "total", format!("{ok}/{bad}"));

    let known = known_failures(&format!("{test}/{}", engine.name()));
    let unexpected: Vec<&String> = failing.keys().filter(|c| !known.contains_key(*c)).collect();
    let fixed: BTreeSet<&String> = known.keys().filter(|c| !failing.contains_key(*c)).collect();
    for case in &unexpected {
        println!("\nUNEXPECTED FAILURE {case}:\n{}", failing[*case]);
    }
    for case in &fixed {
        println!("NOW PASSES (remove from tests/conformance-known-failures.txt): {case}");
    }
    println!(
        "{}: {} cases, {} failing ({} known)",
        engine.name(),
        all.len(),
        failing.len(),
        failing.len() - unexpected.len()
    );
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{} unexpected failures, {} known failures now pass",
        unexpected.len(),
        fixed.len()
    );
}
