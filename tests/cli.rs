//! The binary as an MTA pipe target and archive importer: JSON Lines on
//! stdout, sysexits exit codes, invalid mail kept, bad input never panics.

use crate::util::{Db, lines, repo};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("samples").join(name)).unwrap()
}

#[test]
fn one_mail_on_stdin_is_stored_and_reported() {
    let db = Db::new();
    let out = db.ok(
        &["--auto-projects", "--documents"],
        &sample("mail/01-patch.eml"),
    );
    let l = lines(&out);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["result"], "patch");
    assert_eq!(l[0]["index"], 0);
    assert_eq!(
        l[0]["document"]["hash"],
        l[0]["document"]["hash"]
            .as_str()
            .map(|h| h.to_string())
            .unwrap()
    );
    assert_eq!(
        l[0]["document"]["msgid"],
        "<20240102090001.1001-1-ada@example.org>"
    );
    // A second delivery of the same mail is a duplicate, still exit 0.
    let l = lines(&db.ok(&["--auto-projects"], &sample("mail/01-patch.eml")));
    assert_eq!(l[0]["result"], "dropped");
    assert!(l[0]["reason"].as_str().unwrap().starts_with("duplicate"));
}

#[test]
fn invalid_mail_is_kept_and_never_bounces() {
    let db = Db::new();
    let broken = sample("mail/04-broken-no-message-id.eml");
    let out = db.run(&["--auto-projects"], &broken);
    assert_eq!(
        out.status.code(),
        Some(0),
        "invalid list mail must not bounce"
    );
    let l = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(l[0]["result"], "error");
    assert_eq!(l[0]["reason"], "ValueError: Missing 'Message-Id' header");
    let failed = lines(&db.ok(&["failed", "list"], b""));
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0]["reason"],
        "ValueError: Missing 'Message-Id' header"
    );
    // --strict reports it as EX_DATAERR, and keeps it all the same.
    assert_eq!(
        db.run(&["--auto-projects", "--strict"], &broken)
            .status
            .code(),
        Some(65)
    );
    // The same mail again: still kept, once (one delivery is one mail).
    assert_eq!(lines(&db.ok(&["failed", "list"], b"")).len(), 1);
}

#[test]
fn failed_mail_can_be_replayed() {
    let db = Db::new();
    // No project yet: the patch is dropped (kept raw); an invalid mail is kept as failed.
    db.ok(&[], &sample("mail/04-broken-no-message-id.eml"));
    let retried = lines(&db.ok(&["failed", "retry"], b""));
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0]["result"], "error");
    assert_eq!(
        lines(&db.ok(&["failed", "list"], b"")).len(),
        1,
        "still failed, still kept once"
    );
}

#[test]
fn usage_errors_exit_64() {
    let db = Db::new();
    assert_eq!(db.run(&["--no-such-flag"], b"").status.code(), Some(64));
    assert_eq!(
        db.run(&["show", "patch", "not-a-number"], b"")
            .status
            .code(),
        Some(64)
    );
}

#[test]
fn unavailable_store_is_a_temporary_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(crate::util::bin());
    cmd.arg("--db").arg(dir.path().join("missing-dir/pw.db"));
    let out = crate::util::run_with_stdin(cmd, &sample("mail/01-patch.eml"));
    assert_eq!(out.status.code(), Some(75), "postfix retries only 75");
}

#[test]
fn busy_store_is_a_temporary_failure_and_nothing_is_half_written() {
    let db = Db::new();
    db.ok(&["project", "list"], b""); // creates the schema
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut cmd = db.cmd(&["--auto-projects"]);
    cmd.env("PWINGEST_BUSY_TIMEOUT_MS", "300");
    let out = crate::util::run_with_stdin(cmd, &sample("mail/01-patch.eml"));
    assert_eq!(out.status.code(), Some(75));
    conn.execute_batch("ROLLBACK").unwrap();
    let export = db.export("1.3");
    assert_eq!(export["patches"].as_array().unwrap().len(), 0);
    // The MTA retries; now it goes through.
    assert_eq!(
        lines(&db.ok(&["--auto-projects"], &sample("mail/01-patch.eml")))[0]["result"],
        "patch"
    );
}

#[test]
fn an_mbox_keeps_going_past_bad_messages() {
    let db = Db::new();
    let mut mbox = Vec::new();
    for m in [
        "mail/01-patch.eml",
        "mail/04-broken-no-message-id.eml",
        "mail/03-pull-request.eml",
    ] {
        mbox.extend_from_slice(b"From x@example.org Mon Jan  1 00:00:00 2024\n");
        mbox.extend_from_slice(&sample(m));
        mbox.extend_from_slice(b"\n");
    }
    let l = lines(&db.ok(&["--auto-projects"], &mbox));
    let results: Vec<&str> = l.iter().map(|x| x["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["patch", "error", "patch"]);
}

/// Each line's document shows the store as that message left it, not as
/// the end of its commit batch does: a later mail that renames the sender
/// (the latest name wins, as in Patchwork) does not reach back.
#[test]
fn documents_do_not_depend_on_batch_boundaries() {
    let mail = |n: u32, name: &str| {
        format!(
            "From x@example.org Mon Jan  1 00:00:00 2024\n\
             From: {name} <dev@example.org>\nSubject: [PATCH] change {n}\n\
             Message-Id: <batch-{n}@example.org>\nList-Id: <batch.example.org>\n\
             Date: Mon, 1 Jan 2024 10:0{n}:00 +0000\n\nChange {n}.\n---\n\
             diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b{n}\n\n"
        )
    };
    let mbox = format!("{}{}", mail(1, "First Name"), mail(2, "Second Name"));
    for batch in ["1", "1000"] {
        let db = Db::new();
        let args = ["--auto-projects", "--documents", "--batch", batch];
        let l = lines(&db.ok(&args, mbox.as_bytes()));
        let names: Vec<&str> = l
            .iter()
            .map(|x| x["document"]["submitter"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["First Name", "Second Name"], "--batch {batch}");
    }
}

#[test]
fn truncated_binary_and_huge_input_never_panic() {
    let db = Db::new();
    let mail = sample("series/01-cover-and-review.mbox");
    // Empty input is refused (66): tests/inputs.rs.
    for cut in [1, 5, 17, 100, 333, 700, 1500, mail.len() - 1] {
        let out = db.run(&["--auto-projects"], &mail[..cut]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "cut at {cut}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
    let mut state = 0x9e3779b97f4a7c15u64;
    let noise: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    assert_eq!(db.run(&["--auto-projects"], &noise).status.code(), Some(0));
    let mut noisy_mail = b"From: a@example.org\nSubject: [PATCH] x\nMessage-Id: <noise@x>\nList-Id: <l.example.org>\n\n".to_vec();
    noisy_mail.extend_from_slice(&noise);
    assert_eq!(
        db.run(&["--auto-projects"], &noisy_mail).status.code(),
        Some(0)
    );

    // 50 MB: a patch whose diff adds a million lines.
    let mut big = sample("mail/01-patch.eml");
    let at = big.windows(4).position(|w| w == b"-- \n").unwrap();
    let mut tail = big.split_off(at);
    let lines_n = 50 * 1024 * 1024 / 48;
    let header =
        format!("diff --git a/big b/big\n--- /dev/null\n+++ b/big\n@@ -0,0 +1,{lines_n} @@\n");
    big.extend_from_slice(header.as_bytes());
    for i in 0..lines_n {
        big.extend_from_slice(format!("+{i:046}\n").as_bytes());
    }
    big.append(&mut tail);
    let out = db.run(&["--auto-projects"], &big);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(l[0]["result"], "patch");
}
