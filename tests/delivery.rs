//! One delivery is one mail (issue 9, part 1): a mail whose body has
//! unescaped `From ` lines, handed over on stdin with or without an
//! envelope line, is stored whole (`util/stored_whole.py` checks it); the
//! auto reading of an mbox splits only at real separators. procmail and
//! postfix deliver the same mail in `mta.rs`.

use std::process::Command;

use crate::util::{Db, lines, repo};

const ENVELOPE: &str = "From ann@example.org  Tue Jul  1 10:52:38 2003\n";

/// tests/mail/body-from-lines.eml with its Message-Id tagged.
fn body_from_lines(tag: &str) -> String {
    std::fs::read_to_string(repo().join("tests/mail/body-from-lines.eml"))
        .unwrap()
        .replace("body-from-lines@", &format!("{tag}@"))
}

fn assert_stored_whole(db: &Db, tags: &[&str]) {
    let out = Command::new("python3")
        .arg(repo().join("tests/util/stored_whole.py"))
        .arg(crate::util::bin())
        .arg(db.path())
        .args(tags)
        .output()
        .expect("run stored_whole.py");
    assert!(
        out.status.success(),
        "{tags:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The results of ingesting `input` with `args`.
fn results(db: &Db, args: &[&str], input: &str) -> Vec<String> {
    let mut argv = vec!["--auto-projects"];
    argv.extend_from_slice(args);
    lines(&db.ok(&argv, input.as_bytes()))
        .iter()
        .map(|l| l["result"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_mail_with_body_from_lines_on_stdin_is_one_mail() {
    for (format, envelope) in [
        ("mail", ENVELOPE),
        ("mail", ""),
        ("single", ENVELOPE),
        ("auto", ENVELOPE),
        ("auto", ""),
    ] {
        let db = Db::new();
        let tag = format!("stdin-{format}-{}", envelope.len());
        let input = format!("{envelope}{}", body_from_lines(&tag));
        assert_eq!(
            results(&db, &["--format", format], &input),
            ["patch"],
            "--format {format}, envelope {envelope:?}"
        );
        assert_stored_whole(&db, &[&tag]);
    }
}

/// Message `n` of a synthetic list, with `body` as its text.
fn mail(n: u32, body: &str) -> String {
    format!(
        "From: Dev <dev@example.org>\nSubject: note {n}\nMessage-Id: <note-{n}@example.org>\n\
         List-Id: <notes.example.org>\nDate: Mon, 1 Jan 2024 10:0{n}:00 +0000\n\n{body}"
    )
}

#[test]
fn auto_splits_an_mbox_only_at_real_separators() {
    let env = "From dev@example.org Mon Jan  1 10:00:00 2024\n";
    let not_separators = [
        // a real envelope and a header, but no blank line before
        format!("text\n{env}X-Note: 1\n\n"),
        // no envelope date
        "\nFrom the report of Bob: it fails\nX-Note: 2\n\n".to_string(),
        // an envelope not followed by a header field
        format!("\n{env}that is all\n\n"),
        // git's fixed date in a pasted patch
        "\nFrom 0123abcd Mon Sep 17 00:00:00 2001\nFrom: Bob <b@example.org>\n\
         Subject: [PATCH] pasted\n\nold\n"
            .to_string(),
    ];
    let mbox = format!(
        "{env}{}\n{env}{}\n{env}{}",
        mail(1, "first\n"),
        mail(2, &not_separators.concat()),
        mail(3, "last\n")
    );
    let db = Db::new();
    assert_eq!(results(&db, &[], &mbox).len(), 3);
    // Patchwork's parsearchive reading splits at every `From ` line.
    let split = results(&Db::new(), &["--format", "mbox"], &mbox);
    assert_eq!(split.len(), 3 + not_separators.len(), "{split:?}");
}

#[test]
fn auto_splits_git_format_patch_output() {
    let patch = |n: u32| {
        format!(
            "From 0123abcd{n} Mon Sep 17 00:00:00 2001\nFrom: Dev <dev@example.org>\n\
             Date: Mon, 1 Jan 2024 10:0{n}:00 +0000\nSubject: [PATCH {n}/2] change {n}\n\
             Message-Id: <fp-{n}@example.org>\nList-Id: <notes.example.org>\n\n\
             Change {n}.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b{n}\n\
             --\n2.43.0\n\n"
        )
    };
    let stream = format!("{}{}", patch(1), patch(2));
    assert_eq!(results(&Db::new(), &[], &stream), ["patch", "patch"]);
}
