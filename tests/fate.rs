//! Every mail's fate is visible (issue 9, part 2): a `status` beside
//! Patchwork's `result` on each JSON line, and one log line on stderr for
//! every mail that is dropped, kept with an error or waits for its parent,
//! and for every waiting reply that gets attached.

use serde_json::Value;

use crate::util::{Db, lines, run_with_stdin};

const LIST: &str = "fate.example.org";

/// A mail to `LIST`: a patch when `diff`, a reply when `parent` is given.
fn mail(msgid: &str, subject: &str, parent: Option<&str>, diff: bool) -> Vec<u8> {
    let refs = parent.map_or(String::new(), |p| {
        format!("In-Reply-To: <{p}>\nReferences: <{p}>\n")
    });
    let body = if diff {
        "Fix it.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
    } else {
        "Some words.\n"
    };
    format!(
        "From: Ann <ann@example.org>\nSubject: {subject}\nMessage-Id: <{msgid}>\n\
         List-Id: <{LIST}>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n{refs}\n{body}"
    )
    .into_bytes()
}

/// Delivers one mail at the default log level: its line and stderr.
fn deliver(db: &Db, args: &[&str], mail: &[u8]) -> (Value, String) {
    let mut cmd = db.cmd(&[&["--format", "mail"], args].concat());
    cmd.env_remove("RUST_LOG");
    let out = run_with_stdin(cmd, mail);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let l = lines(&stdout);
    assert_eq!(l.len(), 1, "{stdout}");
    (l[0].clone(), String::from_utf8(out.stderr).unwrap())
}

fn fate(line: &Value) -> (&str, &str) {
    (
        line["result"].as_str().unwrap(),
        line["status"].as_str().unwrap(),
    )
}

#[test]
fn each_fate_has_its_status_and_its_log_line() {
    let db = Db::new();
    let auto = ["--auto-projects"];
    // Stored: no log line at the default level.
    let (l, err) = deliver(&db, &auto, &mail("p1@x", "[PATCH] one", None, true));
    assert_eq!(fate(&l), ("patch", "stored"));
    assert_eq!(err, "");
    let (l, err) = deliver(&db, &auto, &mail("p1@x", "[PATCH] one", None, true));
    assert_eq!(fate(&l), ("dropped", "duplicate"));
    assert!(
        err.contains("mail dropped") && err.contains("p1@x"),
        "{err}"
    );

    // A reply whose parent has not arrived waits, and says so.
    let (l, err) = deliver(&db, &auto, &mail("r1@x", "Re: two", Some("p2@x"), false));
    assert_eq!(fate(&l), ("dropped", "pending"));
    for part in [
        "reply waits for its parent",
        "r1@x",
        LIST,
        "Re: two",
        "pending:",
    ] {
        assert!(err.contains(part), "{part:?} not in {err}");
    }
    // Its parent arrives: the attachment is logged.
    let (l, err) = deliver(&db, &auto, &mail("p2@x", "[PATCH] two", None, true));
    assert_eq!(fate(&l), ("patch", "stored"));
    assert!(
        err.contains("waiting reply attached") && err.contains("r1@x") && err.contains("p2@x"),
        "{err}"
    );

    // No project for the list: dropped, with the list id named.
    let other = String::from_utf8(mail("o1@x", "[PATCH] other", None, true))
        .unwrap()
        .replace(LIST, "other.example.org");
    let (l, err) = deliver(&db, &[], other.as_bytes());
    assert_eq!(fate(&l), ("dropped", "no-project"));
    assert!(
        err.contains("WARN") && err.contains("other.example.org"),
        "{err}"
    );

    // Invalid mail is kept with its error.
    let broken = b"From: Ann <ann@example.org>\nSubject: no id\nList-Id: <fate.example.org>\n\nx\n";
    let (l, err) = deliver(&db, &auto, broken);
    assert_eq!(fate(&l), ("error", "invalid"));
    assert!(
        err.contains("mail kept with an error") && err.contains("Message-Id"),
        "{err}"
    );
}

/// A mail that references nothing and is no patch or cover letter is
/// dropped as Patchwork drops it, not kept waiting for a parent it can
/// never get; its raw mail stays in the store with the reason.
#[test]
fn a_mail_that_references_nothing_is_not_kept_waiting() {
    let db = Db::new();
    let (l, err) = deliver(
        &db,
        &["--auto-projects"],
        &mail("lone@x", "Hello all", None, false),
    );
    assert_eq!(fate(&l), ("dropped", "unthreaded"));
    assert!(err.contains("lone@x") && err.contains("Hello all"), "{err}");
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let (result, reason): (String, String) = conn
        .query_row(
            "SELECT result, reason FROM pwingest_message WHERE msgid = '<lone@x>'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(result, "dropped");
    assert_eq!(reason, l["reason"].as_str().unwrap());
    let pending: i64 = conn
        .query_row(
            "SELECT count(*) FROM pwingest_message WHERE result = 'pending'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pending, 0);
}
