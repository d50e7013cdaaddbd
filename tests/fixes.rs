//! The opt-in fixes (issue 13) through the real binary, on the corpus's
//! `reports` cases: the setting (`config set/show`, a bad name, several
//! processes), and for each fix the right result the issue gives, on the
//! case's own input. Patchwork's result on the same input (the default
//! mode) is the conformance test's. Inputs of each kind written here are in
//! `fixes_own.rs`.

use std::path::PathBuf;

use serde_json::Value;

use crate::util::lmtp::{Client, Server};
use crate::util::{Db, corpus, lines, mail, run_with_stdin};

/// A fresh database with `fixes` set.
pub fn db_with(fixes: &str) -> Db {
    let db = Db::new();
    db.ok(&["config", "set", "fixes", fixes], b"");
    db
}

/// The results of an ingest's lines.
pub fn results(out: &[Value]) -> Vec<&str> {
    out.iter().map(|l| l["result"].as_str().unwrap()).collect()
}

/// A series' (total, received_total, received_all, cover letter msgid,
/// patch msgids).
pub type Shape<'a> = (i64, i64, bool, Option<&'a str>, Vec<&'a str>);

/// The [`Shape`] of one series document.
pub fn shape(series: &Value) -> Shape<'_> {
    (
        series["total"].as_i64().unwrap(),
        series["received_total"].as_i64().unwrap(),
        series["received_all"].as_bool().unwrap(),
        series["cover_letter"]["msgid"].as_str(),
        series["patches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["msgid"].as_str().unwrap())
            .collect(),
    )
}

/// The [`shape`] of every series of an export.
pub fn shapes(export: &Value) -> Vec<Shape<'_>> {
    export["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(shape)
        .collect()
}

/// Ingests the reports case `name` as the conformance test does (its
/// projects, list ids and format) into a database with `fixes`; returns
/// the output lines and the API 1.3 export. `None` without the corpus.
fn case(name: &str, fixes: &str) -> Option<(Db, Vec<Value>, Value)> {
    let dir: PathBuf = corpus()?.join("cases/reports").join(name);
    let spec: Value =
        serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
    let db = db_with(fixes);
    db.add_case_projects(&spec);
    let input = dir.join(spec["input"].as_str().unwrap());
    let format = match spec["read_as"].as_str() {
        Some("parsearchive") => "mbox",
        _ => "single",
    };
    let mut args = vec![
        "--no-documents",
        "--format",
        format,
        input.to_str().unwrap(),
    ];
    if let Some(id) = spec["fallback_list_id"].as_str() {
        args.extend(["--fallback-list-id", id]);
    }
    let out = lines(&db.ok(&args, b""));
    let export = db.export("1.3");
    Some((db, out, export))
}

/// The stored tag counts (`patchwork_patchtag`, by the stock tags) by patch id.
pub fn tag_counts(db: &Db) -> Vec<(i64, i64, i64, i64)> {
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT patch_id, acked, reviewed, tested FROM pwingest_patch_tags ORDER BY patch_id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn config_round_trip_and_a_bad_name() {
    let db = Db::new();
    let show =
        |db: &Db| -> Value { serde_json::from_str(&db.ok(&["config", "show"], b"")).unwrap() };
    assert_eq!(show(&db)["fixes"], "none", "the default");
    for (set, shown) in [
        ("all", "all"),
        (
            "binary-only-patch, combined-diff-merge",
            "combined-diff-merge,binary-only-patch",
        ),
        ("none", "none"),
        ("tags-on-cover-letter", "tags-on-cover-letter"),
    ] {
        db.ok(&["config", "set", "fixes", set], b"");
        assert_eq!(show(&db)["fixes"], shown);
    }
    for bad in [
        "tags-on-cover-letters",
        "all,binary-only-patch",
        "binary-only-patch,",
    ] {
        let out = db.run(&["config", "set", "fixes", bad], b"");
        assert_eq!(out.status.code(), Some(64), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("unknown fix"));
        assert_eq!(
            show(&db)["fixes"],
            "tags-on-cover-letter",
            "nothing changed"
        );
    }
}

/// The setting lives in the database: an import and two pipe deliveries
/// running at the same time, each its own process, all apply it.
#[test]
fn every_process_applies_the_database_setting() {
    let Some(dir) = corpus().map(|c| c.join("cases/reports")) else {
        return;
    };
    let db = db_with("binary-only-patch,combined-diff-merge");
    let binary = std::fs::read(dir.join("binary-only-patch/input.mbox")).unwrap();
    let merge = std::fs::read(dir.join("combined-diff-merge/input.eml")).unwrap();
    let merge_again = String::from_utf8(merge.clone())
        .unwrap()
        .replace("4242-1-ada", "4242-2-ada");
    let spawn = |input: Vec<u8>| {
        let cmd = db.cmd(&["--auto-projects", "--no-documents"]);
        std::thread::spawn(move || run_with_stdin(cmd, &input))
    };
    let runs = [spawn(binary), spawn(merge), spawn(merge_again.into_bytes())];
    let outs: Vec<Vec<Value>> = runs
        .into_iter()
        .map(|r| lines(&String::from_utf8(r.join().unwrap().stdout).unwrap()))
        .collect();
    assert_eq!(results(&outs[0]), ["cover", "patch", "patch"]);
    let export = db.export("1.3");
    let merges: Vec<&Value> = export["patches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"].as_str().unwrap().starts_with("Merge"))
        .collect();
    assert_eq!(merges.len(), 2);
    for p in merges {
        assert!(
            p["diff"].as_str().unwrap().contains("return -ERANGE;"),
            "{p:#}"
        );
        assert!(!p["content"].as_str().unwrap().contains("@@@"));
    }
}

/// A running LMTP server reads the setting for each commit: mail
/// delivered after `config set` (another process) gets the fix, with no
/// restart; mail delivered before keeps what it got.
#[test]
fn the_lmtp_server_follows_the_setting_while_it_runs() {
    let db = Db::new();
    let server = Server::start(&db, &["--auto-projects"]);
    let icon = |msgid: &str| {
        let binary = "diff --git a/i.png b/i.png\nindex 1111111..2222222 100644\nBinary files a/i.png and b/i.png differ\n";
        mail(
            "l",
            6,
            "[PATCH] icon: redo",
            msgid,
            "",
            &format!("Icon.\n---\n{binary}"),
        )
        .into_bytes()
    };
    let mut client = Client::hello(&server);
    assert!(client.deliver(&["l@lists.example"], &icon("before"))[0].starts_with("250 "));
    db.ok(&["config", "set", "fixes", "binary-only-patch"], b"");
    assert!(client.deliver(&["l@lists.example"], &icon("after"))[0].starts_with("250 "));
    drop(server);
    let export = db.export("1.3");
    let patches = export["patches"].as_array().unwrap();
    assert_eq!(patches.len(), 1, "{export:#}");
    assert_eq!(patches[0]["msgid"], "<after@example.org>");
}

#[test]
fn interdiff_cover_letter() {
    let Some((_, out, export)) = case("interdiff-cover-letter", "interdiff-cover-letter") else {
        return;
    };
    assert_eq!(results(&out), ["cover", "patch", "patch"]);
    let series = export["series"].as_array().unwrap();
    assert_eq!(series.len(), 1);
    let (total, received, all, cover, patches) = shape(&series[0]);
    assert_eq!((total, received, all), (2, 2, true));
    assert_eq!(cover, Some("<cover.1709546400.git.ada@example.org>"));
    assert_eq!(patches.len(), 2);
    let content = export["covers"][0]["content"].as_str().unwrap();
    assert!(
        content.contains("Interdiff against v1:\ndiff --git"),
        "the interdiff stays in the cover"
    );
}

#[test]
fn combined_diff_merge() {
    let Some((_, out, export)) = case("combined-diff-merge", "combined-diff-merge") else {
        return;
    };
    assert_eq!(results(&out), ["patch"]);
    let patch = &export["patches"][0];
    let diff = patch["diff"].as_str().unwrap();
    assert!(diff.starts_with("diff --cc src/timer.c\n"));
    assert!(
        diff.ends_with("  \tt->armed = 1;\n  \treturn 0;\n"),
        "{diff}"
    );
    let content = patch["content"].as_str().unwrap();
    assert!(
        !content.contains("+++") && !content.contains("@@@"),
        "{content}"
    );
}

#[test]
fn series_in_reply_to_series() {
    let Some((_, out, export)) = case("series-in-reply-to-series", "series-in-reply-to-series")
    else {
        return;
    };
    assert_eq!(
        results(&out),
        ["cover", "patch", "patch", "patch", "patch", "patch"]
    );
    let series = shapes(&export);
    assert_eq!(series.len(), 2);
    let a = &series[0];
    assert_eq!((a.0, a.1, a.2), (2, 2, true));
    assert_eq!(a.3, Some("<20240306090000.100-0-ada@example.org>"));
    assert!(a.4.iter().all(|m| m.starts_with("<20240306")));
    let b = &series[1];
    assert_eq!((b.0, b.1, b.2, b.3), (3, 3, true, None));
    assert!(b.4.iter().all(|m| m.starts_with("<20240307")));
}

#[test]
fn dmarc_bare_list_address() {
    let Some((_, out, export)) = case("dmarc-bare-list-address", "dmarc-bare-list-address") else {
        return;
    };
    assert_eq!(results(&out), ["patch"]);
    let submitter = &export["patches"][0]["submitter"];
    assert_eq!(
        (&submitter["name"], &submitter["email"]),
        (&"Erin Poster".into(), &"erin@example.org".into())
    );
}

#[test]
fn binary_only_patch() {
    let Some((_, out, export)) = case("binary-only-patch", "binary-only-patch") else {
        return;
    };
    assert_eq!(results(&out), ["cover", "patch", "patch"]);
    let (total, received, all, _, _) = shape(&export["series"][0]);
    assert_eq!((total, received, all), (2, 2, true));
    let diff = export["patches"][1]["diff"].as_str().unwrap();
    assert!(
        diff.ends_with("Binary files a/doc/logo.png and b/doc/logo.png differ\n"),
        "{diff}"
    );
}

#[test]
fn tags_on_cover_letter() {
    let Some((db, out, _)) = case("tags-on-cover-letter", "tags-on-cover-letter") else {
        return;
    };
    assert_eq!(
        out[3]["parent"],
        "cover:<20240322090000.16-0-ada@example.org>"
    );
    // Bob's Reviewed-by on the cover counts for both patches.
    assert_eq!(tag_counts(&db), [(1, 1, 1, 0), (2, 0, 1, 1)]);
    db.ok(&["config", "set", "fixes", "none"], b"");
    assert_eq!(
        tag_counts(&db),
        [(1, 1, 0, 0), (2, 0, 0, 1)],
        "Patchwork's counts"
    );
}

#[test]
fn diff_hunk_in_commit_message() {
    let Some((_, out, export)) = case("diff-hunk-in-commit-message", "diff-hunk-in-commit-message")
    else {
        return;
    };
    assert_eq!(results(&out), ["patch"]);
    let patch = &export["patches"][0];
    assert!(patch["content"].as_str().unwrap().contains(
        "--- a/src/flag.c\n+++ b/src/flag.c\n@@ -3,2 +3,2 @@\n-\tif (read_flag() && read_flag())\n"
    ));
    let diff = patch["diff"].as_str().unwrap();
    assert!(
        diff.starts_with("diff --git a/src/flag.c b/src/flag.c\n"),
        "{diff}"
    );
    assert!(!diff.contains("read_flag() && read_flag()"));
}

#[test]
fn patch_as_attachment() {
    let Some((_, out, export)) = case("patch-as-attachment", "patch-as-attachment") else {
        return;
    };
    assert_eq!(results(&out), ["patch", "patch"]);
    let patches = export["patches"].as_array().unwrap();
    assert_eq!(
        patches[0]["hash"], patches[1]["hash"],
        "the inline copy's hash"
    );
    assert_eq!(patches[0]["diff"], patches[1]["diff"]);
}

#[test]
fn cross_posted_cover_letter() {
    let Some((_, out, export)) = case("cross-posted-cover-letter", "cross-posted-cover-letter")
    else {
        return;
    };
    assert_eq!(
        results(&out),
        [
            "cover", "cover", "patch", "patch", "cover", "cover", "patch", "patch"
        ]
    );
    let series = export["series"].as_array().unwrap();
    assert_eq!(series.len(), 4, "each list's project gets its own series");
    for s in series {
        let (total, received, all, cover, _) = shape(s);
        assert_eq!((total, received, all), (1, 1, true));
        assert!(cover.is_some(), "and its own cover letter");
    }
    let projects_of_covers: Vec<&str> = export["covers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["project"]["link_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        projects_of_covers,
        [
            "alpha-example-org",
            "beta-example-org",
            "alpha-example-org",
            "beta-example-org"
        ]
    );
}
