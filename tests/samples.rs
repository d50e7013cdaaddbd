//! Snapshot of what the binary makes of `samples/`: the ingest lines and the
//! API 1.3 export. Guards our own samples against regressions (Patchwork's
//! truth is the conformance corpus). `UPDATE_SNAPSHOTS=1` rewrites them.

use crate::util::{Db, repo};

fn check(name: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "snapshot {name} differs at line {}:\n  expected: {}\n  actual:   {}",
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn samples_snapshot() {
    let db = Db::new();
    let samples = repo().join("samples");
    let out = db.ok(
        &[
            "--auto-projects",
            "--documents",
            "--base-url",
            "http://localhost",
            samples.to_str().unwrap(),
        ],
        b"",
    );
    check("samples-ingest.jsonl", &out);
    let export = serde_json::to_string_pretty(&db.export("1.3")).unwrap() + "\n";
    check("samples-export-1.3.json", &export);
}

#[test]
fn samples_are_idempotent() {
    let db = Db::new();
    let samples = repo().join("samples");
    let args = ["--auto-projects", samples.to_str().unwrap()];
    db.ok(&args, b"");
    let first = db.export("1.3");
    let again = crate::util::lines(&db.ok(&args, b""));
    assert!(
        again
            .iter()
            .all(|l| l["result"] == "dropped" || l["result"] == "error"),
        "{again:?}"
    );
    assert_eq!(db.export("1.3"), first, "re-importing changes nothing");
}
