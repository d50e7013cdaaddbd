//! Order independence and concurrency (issues 3 and 11): the same mails in
//! any order, or delivered by several processes or LMTP servers into one
//! database at once, give the same patches, covers, comments (and their
//! parents) and series as one sequential ingest, on every engine.

use std::collections::BTreeSet;
use std::path::Path;

use pwingest::export::grouping;
use pwingest::ingest::Options;
use pwingest::order_check::shuffle;
use pwingest::receive::mbox::{MboxFormat, MboxReader};
use serde_json::Value;

use crate::util::lmtp::{Client, Server};
use crate::util::{Db, Engine, case_name, cases, corpus, engines, lines, repo};

/// The messages of an mbox file.
fn messages(path: &Path) -> Vec<Vec<u8>> {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    MboxReader::new(file, MboxFormat::Mboxo)
        .map(Result::unwrap)
        .collect()
}

fn ingest_in_memory(msgs: &[&Vec<u8>], options: &Options) -> Value {
    let project = pwingest::model::Project {
        link_name: "qemu-devel".into(),
        name: "QEMU Development".into(),
        list_id: "qemu-devel.nongnu.org".into(),
        list_email: "qemu-devel@nongnu.org".into(),
        ..Default::default()
    };
    pwingest::order_check::ingest_in_memory(msgs, &[project], options)
        .unwrap()
        .1
}

/// Known order-dependent cases, with the reason (see README "Differences").
const ORDER_DEPENDENT: &[(&str, &str)] = &[];

#[test]
fn any_permutation_gives_the_same_grouping() {
    let mut threads: Vec<(String, std::path::PathBuf)> = Vec::new();
    if let Some(corpus) = corpus() {
        for case in cases(&corpus) {
            if case.join("input.mbox").is_file() {
                threads.push((case_name(&case), case.join("input.mbox")));
            }
        }
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "conformance corpus missing under CI"
        );
    }
    for entry in std::fs::read_dir(repo().join("samples/series"))
        .unwrap()
        .flatten()
    {
        threads.push((
            format!("samples/{}", entry.file_name().to_string_lossy()),
            entry.path(),
        ));
    }
    let options = Options {
        fallback_list_id: Some("qemu-devel.nongnu.org".into()),
        auto_projects: true,
        ..Options::default()
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, path) in &threads {
        let msgs = messages(path);
        if msgs.len() < 2 || ORDER_DEPENDENT.iter().any(|(n, _)| n == name) {
            continue;
        }
        checked += 1;
        let in_order: Vec<&Vec<u8>> = msgs.iter().collect();
        let expected = grouping(&ingest_in_memory(&in_order, &options));
        for seed in 1..=50u64 {
            let mut order = in_order.clone();
            shuffle(&mut order, seed);
            let got = grouping(&ingest_in_memory(&order, &options));
            if got != expected {
                let missing: Vec<_> = expected.difference(&got).take(3).collect();
                let extra: Vec<_> = got.difference(&expected).take(3).collect();
                failures.push(format!(
                    "{name} seed {seed}:\n  in order only: {missing:?}\n  permuted only: {extra:?}"
                ));
                break;
            }
        }
    }
    println!(
        "order independence: {checked} threads x 50 permutations, {} failing",
        failures.len()
    );
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_reply_in_one_run_attaches_to_a_patch_in_a_later_run() {
    let db = Db::new();
    let reply = std::fs::read(repo().join("samples/mail/02-comment-with-tags.eml")).unwrap();
    let patch = std::fs::read(repo().join("samples/mail/01-patch.eml")).unwrap();
    let first = lines(&db.ok(&["--auto-projects"], &reply));
    assert_eq!(first[0]["result"], "dropped");
    assert!(first[0]["reason"].as_str().unwrap().starts_with("pending"));
    assert!(
        db.export("1.3")["comments"].as_object().unwrap().is_empty(),
        "pending replies are not in the API"
    );
    assert!(
        db.export("1.3")["people"].as_array().unwrap().is_empty(),
        "nor their senders"
    );
    lines(&db.ok(&["--auto-projects"], &patch));
    let export = db.export("1.3");
    let comments = &export["comments"]["patch:<20240102090001.1001-1-ada@example.org>"];
    assert_eq!(comments[0]["msgid"], "<87zfwidget.fsf@example.org>");
    assert_eq!(comments[0]["submitter"]["email"], "grace@example.org");
}

/// The mails the whole-set tests deliver: every sample thread plus the
/// corpus's b4 and notmuch threads (with a List-Id, or unrouted alike).
fn shared_threads() -> Vec<Vec<u8>> {
    let mut msgs: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(repo().join("samples/series"))
        .unwrap()
        .flatten()
    {
        msgs.extend(messages(&entry.path()));
    }
    if let Some(corpus) = corpus() {
        for group in ["b4", "notmuch"] {
            for case in cases(&corpus)
                .iter()
                .filter(|c| c.parent().unwrap().ends_with(group))
            {
                if case.join("input.mbox").is_file() {
                    msgs.extend(messages(&case.join("input.mbox")));
                }
            }
        }
    }
    msgs
}

/// Mails as one mboxrd (a body line `>*From ` gets one more `>`), which
/// [`INGEST`] reads back as the same mails.
fn to_mbox(ms: &[&Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in ms {
        out.extend_from_slice(b"From pwingest@test Mon Jan  1 00:00:00 2024\n");
        for line in m.split_inclusive(|&b| b == b'\n') {
            if line
                .iter()
                .position(|&b| b != b'>')
                .is_some_and(|at| line[at..].starts_with(b"From "))
            {
                out.push(b'>');
            }
            out.extend_from_slice(line);
        }
        if !m.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    out
}

/// One commit per mail: writers interleave as finely as they can.
const INGEST: &[&str] = &[
    "--format",
    "mbox",
    "--mbox-format",
    "mboxrd",
    "--auto-projects",
    "--batch",
    "1",
];

/// Rounds of each concurrency test (`PWINGEST_CONCURRENCY_ROUNDS`, 3 unless set).
fn rounds() -> usize {
    std::env::var("PWINGEST_CONCURRENCY_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

/// What every other delivery must give: the mails in order, one process,
/// on SQLite.
fn sequential(msgs: &[Vec<u8>]) -> BTreeSet<String> {
    let db = Db::new();
    db.ok(INGEST, &to_mbox(&msgs.iter().collect::<Vec<_>>()));
    let expected = grouping(&db.export("1.3"));
    assert!(
        expected.iter().any(|g| g.starts_with("series ")),
        "the threads make series"
    );
    expected
}

fn assert_same(expected: &BTreeSet<String>, db: &Db, what: &str) {
    let got = grouping(&db.export("1.3"));
    let missing: Vec<_> = expected.difference(&got).take(5).collect();
    let extra: Vec<_> = got.difference(expected).take(5).collect();
    assert!(
        got == *expected,
        "{what} on {}: sequential only {missing:?}, this delivery only {extra:?}",
        db.engine.name()
    );
}

/// The mails dealt round-robin to `hands` deliverers, the deal shifted by `round`.
fn deal(msgs: &[Vec<u8>], hands: usize, round: usize) -> Vec<Vec<&Vec<u8>>> {
    (0..hands)
        .map(|k| {
            msgs.iter()
                .enumerate()
                .filter(|(i, _)| (i + round) % hands == k)
                .map(|(_, m)| m)
                .collect()
        })
        .collect()
}

/// A new database on `engine`; from the second round on its tables made
/// first, in the first the writers make them as they start together.
fn round_db(engine: Engine, round: usize) -> Db {
    let db = Db::on(engine);
    if round > 0 {
        db.ok(&["project", "list"], b"");
    }
    db
}

#[test]
fn shuffled_archives_give_the_sequential_result() {
    let msgs = shared_threads();
    let expected = sequential(&msgs);
    for engine in engines("shuffled_archives_give_the_sequential_result") {
        for seed in 0..=rounds() as u64 {
            let db = Db::on(engine);
            let mut order: Vec<&Vec<u8>> = msgs.iter().collect();
            if seed > 0 {
                shuffle(&mut order, seed);
            }
            // Order alone: the default batches.
            db.ok(&INGEST[..5], &to_mbox(&order));
            let what = if seed == 0 {
                "in order".to_string()
            } else {
                format!("shuffle {seed}")
            };
            assert_same(&expected, &db, &what);
        }
    }
}

#[test]
fn concurrent_processes_give_the_sequential_result() {
    let msgs = shared_threads();
    let expected = sequential(&msgs);
    for engine in engines("concurrent_processes_give_the_sequential_result") {
        for round in 0..rounds() {
            let shared = round_db(engine, round);
            let handles: Vec<_> = deal(&msgs, 4, round)
                .iter()
                .map(|hand| {
                    let (cmd, slice) = (shared.cmd(INGEST), to_mbox(hand));
                    std::thread::spawn(move || crate::util::run_with_stdin(cmd, &slice))
                })
                .collect();
            for h in handles {
                let out = h.join().unwrap();
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            assert_same(&expected, &shared, &format!("4 processes, round {round}"));
        }
    }
}

/// Delivers `hand` over one LMTP session; panics on any reply but 250.
fn lmtp_client(server: &Server, hand: &[&Vec<u8>]) {
    let mut c = Client::hello(server);
    for m in hand {
        let replies = c.deliver(&["patches@example.org"], m);
        assert!(replies[0].starts_with("250 "), "{replies:?}");
    }
    assert!(c.cmd("QUIT").starts_with("221 "));
}

#[test]
fn concurrent_lmtp_servers_give_the_sequential_result() {
    let msgs = shared_threads();
    let expected = sequential(&msgs);
    let serve = ["--auto-projects", "--recipient-routing", "headers"];
    for engine in engines("concurrent_lmtp_servers_give_the_sequential_result") {
        for round in 0..rounds() {
            let shared = round_db(engine, round);
            let servers: Vec<Server> = std::thread::scope(|s| {
                let starting: Vec<_> = ["lmtp-a.sock", "lmtp-b.sock"]
                    .map(|name| {
                        let shared = &shared;
                        s.spawn(move || Server::start_on(shared, name, &serve))
                    })
                    .into();
                starting.into_iter().map(|h| h.join().unwrap()).collect()
            });
            // Two sessions on each server, all four at once.
            let hands = deal(&msgs, 4, round);
            std::thread::scope(|s| {
                for (k, hand) in hands.iter().enumerate() {
                    let server = &servers[k % 2];
                    s.spawn(move || lmtp_client(server, hand));
                }
            });
            for server in servers {
                assert!(server.terminate().success());
            }
            assert_same(
                &expected,
                &shared,
                &format!("2 LMTP servers, round {round}"),
            );
        }
    }
}

/// A Message-ID reused by two different patches (seen on real lists: a v4
/// sent with the v3's Message-ID): the earlier one keeps it, in any order.
#[test]
fn a_reused_message_id_goes_to_the_earlier_mail() {
    let patch = |date: &str, subject: &str, line: &str| -> Vec<u8> {
        format!(
            "From: Wei <wei@example.org>\nSubject: [PATCH {subject}] fix\nDate: {date}\nMessage-Id: <reused@example.org>\n\
             List-Id: <l.example.org>\n\nFix.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+{line}\n"
        )
        .into_bytes()
    };
    let v3 = patch("Fri, 6 Jan 2023 06:31:26 -0500", "v3", "b");
    let v4 = patch("Wed, 11 Jan 2023 05:45:28 -0500", "v4", "c");
    let options = Options {
        auto_projects: true,
        ..Options::default()
    };
    let first = ingest_in_memory(&[&v3, &v4], &options);
    let second = ingest_in_memory(&[&v4, &v3], &options);
    assert_eq!(grouping(&first), grouping(&second));
    assert_eq!(first["patches"][0]["name"], "[v3] fix");
    assert_eq!(second["patches"].as_array().unwrap().len(), 1);
    assert_eq!(second["patches"][0]["name"], "[v3] fix");
}
