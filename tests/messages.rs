//! What became of every mail (issue 9, part 2): `messages list` with its
//! filters, `messages show` (and `--raw` fed back), a waiting reply
//! recorded as the comment it became, and one row per mail however often
//! it is delivered.

use serde_json::Value;

use crate::util::{
    Db, Engine, UNDO_MESSAGE_FATE, engines, lines, mail, mbox, on_a_terminal, run_with_stdin,
};

pub const DIFF: &str = "Fix it.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";

/// A database on `engine` with project `alpha` (list `alpha.example.org`).
pub fn alpha_db(engine: Engine) -> Db {
    let db = Db::on(engine);
    add_project(&db, "alpha");
    db
}

pub fn add_project(db: &Db, list: &str) {
    let list_id = format!("{list}.example.org");
    let email = format!("{list}@example.org");
    db.ok(
        &[
            "project",
            "add",
            "--link-name",
            list,
            "--name",
            list,
            "--list-id",
            &list_id,
            "--list-email",
            &email,
        ],
        b"",
    );
}

/// Delivers one mail (`--format mail`, logging at the default level):
/// its JSON line and stderr.
pub fn deliver(db: &Db, mail: &[u8], args: &[&str]) -> (Value, String) {
    let mut cmd = db.cmd(&[&["--format", "mail"], args].concat());
    cmd.env_remove("RUST_LOG");
    let out = run_with_stdin(cmd, mail);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let l = lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(l.len(), 1);
    (l[0].clone(), String::from_utf8(out.stderr).unwrap())
}

/// `messages list ARGS…` through a pipe: its JSON lines.
pub fn listed(db: &Db, args: &[&str]) -> Vec<Value> {
    lines(&db.ok(&[&["messages", "list"], args].concat(), b""))
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn each_mail_is_listed_with_its_fate_and_filters_narrow_the_list() {
    for engine in engines("each_mail_is_listed_with_its_fate_and_filters_narrow_the_list") {
        each_mail_is_listed_with_its_fate_and_filters_narrow_the_list_on(engine);
    }
}

fn each_mail_is_listed_with_its_fate_and_filters_narrow_the_list_on(engine: Engine) {
    let db = alpha_db(engine);
    let patch = mail("alpha", 1, "[PATCH] one", "p1", "", DIFF);
    let elsewhere = mail("beta", 2, "[PATCH] Beta thing", "b1", "", DIFF);
    let no_msgid =
        "From: Ann <ann@example.org>\nSubject: broken\nList-Id: <alpha.example.org>\n\nx\n";
    let reply = mail(
        "alpha",
        3,
        "Re: [PATCH] two",
        "r1",
        "In-Reply-To: <p2@example.org>\n",
        "Sounds good.\n",
    );
    for m in [&patch, &elsewhere, no_msgid, &reply] {
        deliver(&db, m.as_bytes(), &[]);
    }
    let all = listed(&db, &[]);
    let fates: Vec<(&str, &str)> = all
        .iter()
        .map(|r| (r["result"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fates,
        [
            ("patch", "stored"),
            ("dropped", "no-project"),
            ("error", "invalid"),
            ("dropped", "pending"),
        ]
    );
    assert_eq!(
        all[0]["record"],
        serde_json::json!({"kind": "patch", "id": 1})
    );
    assert_eq!(all[0]["from"], "Ada Example <ada@example.org>");
    assert_eq!(all[1]["subject"], "[PATCH] Beta thing");
    assert_eq!(all[1]["list_id"], "beta.example.org");
    assert_eq!(all[2]["reason"], "ValueError: Missing 'Message-Id' header");
    assert_eq!(all[3]["msgid"], "<r1@example.org>");
    assert!(all[0]["size"].as_i64().unwrap() > 100);

    let (patch_id, beta_id, broken_id, reply_id) = (
        all[0]["id"].as_i64().unwrap(),
        all[1]["id"].as_i64().unwrap(),
        all[2]["id"].as_i64().unwrap(),
        all[3]["id"].as_i64().unwrap(),
    );
    assert_eq!(ids(&listed(&db, &["--result", "no-project"])), [beta_id]);
    assert_eq!(
        ids(&listed(&db, &["--result", "dropped"])),
        [beta_id, reply_id]
    );
    assert_eq!(ids(&listed(&db, &["--result", "failed"])), [broken_id]);
    assert_eq!(
        ids(&listed(&db, &["--result", "pending", "--result", "patch"])),
        [patch_id, reply_id]
    );
    assert_eq!(
        ids(&listed(&db, &["--list-id", "beta.example.org"])),
        [beta_id]
    );
    assert_eq!(ids(&listed(&db, &["--subject", "beta THING"])), [beta_id]);
    assert!(listed(&db, &["--since", "2999-01-01"]).is_empty());
    assert_eq!(listed(&db, &["--before", "2999-01-01T00:00:00"]).len(), 4);
    let bad = db.run(&["messages", "list", "--since", "yesterday"], b"");
    assert_eq!(bad.status.code(), Some(64));

    // The parent arrives: the waiting reply is now the comment it became,
    // and the log says so, naming the mail's id.
    let parent = mail("alpha", 4, "[PATCH] two", "p2", "", DIFF);
    let (_, err) = deliver(&db, parent.as_bytes(), &[]);
    assert!(
        err.contains("waiting reply attached") && err.contains(&format!("id={reply_id}")),
        "{err}"
    );
    let shown: Value =
        serde_json::from_str(&db.ok(&["messages", "show", &reply_id.to_string()], b"")).unwrap();
    assert_eq!(
        (&shown["result"], &shown["status"]),
        (&"comment".into(), &"stored".into())
    );
    assert_eq!(shown["record"]["kind"], "comment");
    assert_eq!(shown["record"]["parent"], "patch:<p2@example.org>");
    assert!(
        shown["reason"].as_str().unwrap().starts_with("attached"),
        "{shown}"
    );
    assert!(listed(&db, &["--result", "pending"]).is_empty());
    assert_eq!(listed(&db, &["--result", "comment"]).len(), 1);

    // People get a table: two lines a mail, and a count.
    let table = on_a_terminal(&db, &["messages", "list"]);
    for part in [
        "RECEIVED",
        "SUBJECT",
        "patch 1",
        "no-project",
        "comment 1",
        "<b1@example.org>",
        "5 mails",
    ] {
        assert!(table.contains(part), "{part:?} not in {table}");
    }
    assert!(!table.contains("\"id\""), "{table}");
}

#[test]
fn show_gives_the_fate_and_raw_gives_the_bytes_back() {
    for engine in engines("show_gives_the_fate_and_raw_gives_the_bytes_back") {
        show_gives_the_fate_and_raw_gives_the_bytes_back_on(engine);
    }
}

fn show_gives_the_fate_and_raw_gives_the_bytes_back_on(engine: Engine) {
    let db = alpha_db(engine);
    // CRLF line ends and a `From ` body line: the bytes must come back as sent.
    let sent = mail("beta", 1, "[PATCH] beta", "b1", "", DIFF)
        .replace("Fix it.", "From the report:\r\nfix it.")
        .into_bytes();
    let (line, err) = deliver(&db, &sent, &[]);
    assert_eq!(line["status"], "no-project");
    assert!(err.contains("id=1"), "the log names the mail's id: {err}");
    let raw = db.run(&["messages", "show", "1", "--raw"], b"");
    assert_eq!(raw.stdout, sent);
    let shown: Value = serde_json::from_str(&db.ok(&["messages", "show", "1"], b"")).unwrap();
    assert_eq!(shown["status"], "no-project");
    assert_eq!(shown["record"], Value::Null);
    let text = on_a_terminal(&db, &["messages", "show", "1"]);
    assert!(
        text.contains("mail 1") && text.contains("no-project") && text.contains("--raw | pwingest"),
        "{text}"
    );

    let unknown = db.run(&["messages", "show", "99"], b"");
    assert_eq!(unknown.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no mail with id 99"));

    // Once its project exists, the mail fed back is processed again under
    // the same id, and becomes the patch.
    add_project(&db, "beta");
    let (again, _) = deliver(&db, &raw.stdout, &[]);
    assert_eq!(
        (&again["result"], &again["status"]),
        (&"patch".into(), &"stored".into())
    );
    let all = listed(&db, &[]);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["id"], 1);
    assert_eq!(all[0]["record"]["kind"], "patch");
}

#[test]
fn reimporting_files_each_dropped_or_failed_mail_once() {
    for engine in engines("reimporting_files_each_dropped_or_failed_mail_once") {
        reimporting_files_each_dropped_or_failed_mail_once_on(engine);
    }
}

fn reimporting_files_each_dropped_or_failed_mail_once_on(engine: Engine) {
    let db = alpha_db(engine);
    let mails = [
        mail("alpha", 1, "[PATCH] one", "p1", "", DIFF),
        mail("beta", 2, "[PATCH] beta", "b1", "", DIFF),
        mail("alpha", 3, "Hello all", "hello", "", "Nothing to apply.\n"),
        mail(
            "alpha",
            4,
            "Re: [PATCH] gone",
            "r1",
            "In-Reply-To: <gone@example.org>\n",
            "Hm.\n",
        ),
        "From: Ann <ann@example.org>\nSubject: no id\nList-Id: <alpha.example.org>\n\nx\n"
            .to_string(),
    ];
    let archive = mbox(&mails);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.mbox");
    std::fs::write(&path, &archive).unwrap();
    let path = path.to_str().unwrap();
    let first = lines(&db.ok(&[path], b""));
    let rows = listed(&db, &[]);
    assert_eq!(rows.len(), 5);
    let again = lines(&db.ok(&[path], b""));
    let status = |l: &[Value]| -> Vec<String> {
        l.iter()
            .map(|x| x["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        status(&first),
        ["stored", "no-project", "unthreaded", "pending", "invalid"]
    );
    assert_eq!(
        status(&again),
        [
            "duplicate",
            "no-project",
            "unthreaded",
            "duplicate",
            "invalid"
        ]
    );
    let after = listed(&db, &[]);
    assert_eq!(ids(&after), ids(&rows), "the same rows, none added");

    // A different mail with a Message-ID already seen is another mail.
    let other = mail("beta", 5, "[PATCH] beta, other text", "b1", "", DIFF);
    deliver(&db, other.as_bytes(), &[]);
    assert_eq!(listed(&db, &["--result", "no-project"]).len(), 2);
    // So is the same mail filed into a forced project.
    let (forced, _) = deliver(
        &db,
        mails[1].as_bytes(),
        &["--list-id", "alpha.example.org"],
    );
    assert_eq!(forced["status"], "stored");
    assert_eq!(listed(&db, &[]).len(), 7);

    // With its project added, re-importing turns the dropped mail into a
    // patch under its first id.
    add_project(&db, "beta");
    let third = lines(&db.ok(&[path], b""));
    assert_eq!(third[1]["status"], "stored");
    let beta = &listed(&db, &["--list-id", "beta.example.org", "--result", "patch"])[0];
    assert_eq!(beta["id"], rows[1]["id"]);
}

#[test]
fn failed_retry_keeps_each_mail_and_says_what_it_did() {
    for engine in engines("failed_retry_keeps_each_mail_and_says_what_it_did") {
        failed_retry_keeps_each_mail_and_says_what_it_did_on(engine);
    }
}

fn failed_retry_keeps_each_mail_and_says_what_it_did_on(engine: Engine) {
    let db = alpha_db(engine);
    // From the list's own address with no name: Patchwork cannot unmangle it.
    let dmarc = mail("alpha", 1, "[PATCH] dmarc", "d1", "", DIFF)
        .replace("Ada Example <ada@example.org>", "alpha@example.org");
    let no_msgid =
        "From: Ann <ann@example.org>\nSubject: no id\nList-Id: <alpha.example.org>\n\nx\n";
    deliver(&db, dmarc.as_bytes(), &[]);
    deliver(&db, no_msgid.as_bytes(), &[]);
    let failed = lines(&db.ok(&["failed", "list"], b""));
    assert_eq!(ids(&failed), [1, 2]);
    assert_eq!(failed[1]["subject"], "no id");
    assert_eq!(failed[1]["from"], "Ann <ann@example.org>");

    // An unknown id, or one that is not failed: 64, and nothing retried.
    let out = db.run(&["failed", "retry", "1", "77"], b"");
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no mail with id 77"));
    assert_eq!(
        lines(&db.ok(&["failed", "list"], b"")).len(),
        2,
        "nothing retried"
    );

    // With the fix on, the first one is stored: same id, a line saying so.
    db.ok(&["config", "set", "fixes", "dmarc-bare-list-address"], b"");
    let out = db.run(&["failed", "retry", "1"], b"");
    assert_eq!(out.status.code(), Some(0));
    let said = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(said.len(), 1);
    assert_eq!(
        (&said[0]["message"], &said[0]["result"]),
        (&1.into(), &"patch".into())
    );
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("Retried 1 messages --> 0 covers, 1 patches"),
        "{summary}"
    );
    let row = &listed(&db, &["--result", "patch"])[0];
    assert_eq!(
        (&row["id"], &row["record"]["kind"]),
        (&1.into(), &"patch".into())
    );
    let not_failed = db.run(&["failed", "retry", "1"], b"");
    assert_eq!(not_failed.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&not_failed.stderr).contains("mail 1 is not failed"));

    // A retry that fails again keeps the row and gives it the new reason.
    db.sql("UPDATE pwingest_message SET reason = 'stale' WHERE id = 2");
    let again = lines(&db.ok(&["failed", "retry"], b""));
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["message"], 2);
    let failed = lines(&db.ok(&["failed", "list"], b""));
    assert_eq!(ids(&failed), [2]);
    assert_eq!(
        failed[0]["reason"],
        "ValueError: Missing 'Message-Id' header"
    );
    assert_eq!(listed(&db, &[]).len(), 2);

    // People get a sentence per mail.
    let shown = on_a_terminal(&db, &["failed", "retry", "2"]);
    assert!(shown.contains("mail 2: error (invalid)"), "{shown}");
}

/// A database written before the ledger had identities and headlines
/// (pwingest schema 2) is completed when it is opened.
#[test]
fn a_version_2_ledger_is_completed() {
    for engine in engines("a_version_2_ledger_is_completed") {
        a_version_2_ledger_is_completed_on(engine);
    }
}

fn a_version_2_ledger_is_completed_on(engine: Engine) {
    let db = alpha_db(engine);
    let reply = mail(
        "alpha",
        2,
        "Re: [PATCH] one",
        "r1",
        "In-Reply-To: <p1@example.org>\n",
        "Ok.\n",
    );
    deliver(&db, reply.as_bytes(), &[]);
    deliver(
        &db,
        mail("alpha", 1, "[PATCH] one", "p1", "", DIFF).as_bytes(),
        &[],
    );
    deliver(
        &db,
        mail("beta", 3, "[PATCH] b", "b1", "", DIFF).as_bytes(),
        &[],
    );
    db.sql(&format!(
        "{UNDO_MESSAGE_FATE}
         UPDATE pwingest_message SET result = 'pending' WHERE msgid = '<r1@example.org>';
         UPDATE pwingest_schema SET version = 2;"
    ));
    let rows = listed(&db, &[]);
    let fates: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["result"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
                r["subject"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fates,
        [
            ("comment", "stored", "Re: [PATCH] one"),
            ("patch", "stored", "[PATCH] one"),
            ("dropped", "no-project", "[PATCH] b"),
        ]
    );
    assert_eq!(rows[2]["list_id"], "beta.example.org");
    // Identities too: the dropped mail delivered again keeps its row.
    deliver(
        &db,
        mail("beta", 3, "[PATCH] b", "b1", "", DIFF).as_bytes(),
        &[],
    );
    assert_eq!(listed(&db, &[]).len(), 3);
}

/// A mistyped `--db`: the commands that read what deliveries stored say
/// there is no database there (66, the path named) and create none,
/// instead of answering "nothing" from a new empty file.
#[test]
fn reading_commands_refuse_a_database_that_does_not_exist() {
    let db = Db::new();
    for args in [
        &["failed", "list"][..],
        &["failed", "retry"],
        &["messages", "list"],
        &["messages", "show", "1"],
        &["export"],
        &["show", "patch", "1"],
    ] {
        let out = db.run(args, b"");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(66), "{args:?}: {err}");
        assert!(
            err.contains("no database at") && err.contains("pw.db"),
            "{err}"
        );
        assert!(!db.path().exists(), "{args:?} created the database");
    }
    add_project(&db, "alpha");
    db.ok(&["failed", "list"], b"");
}
