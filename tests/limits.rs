//! What PostgreSQL refuses, pwingest does not lose (issue 11, point 3): a
//! NUL in a header or the body, and values longer than Patchwork's
//! `varchar(255)` columns (Message-ID, references, sender name and address,
//! pull URL) are stored, with the same documents on every engine: NULs read
//! back as written, over-long values cut to 255 characters as Patchwork's
//! parser cuts them (README, "Differences from Patchwork").

use serde_json::Value;

use crate::util::{Db, engines, lines};

/// A patch with a NUL in its subject, a header and its body, a 300-character
/// Message-ID, sender name and address, and a reply that references the
/// patch by that Message-ID, then a pull request with a 300-character URL.
fn awkward_mails() -> Vec<u8> {
    let long = "x".repeat(300);
    let msgid = format!("<{long}@example.org>");
    let patch = format!(
        "From: {long} <{long}@example.org>\nSubject: [PATCH] nul\0here\n\
         Date: Mon, 6 May 2024 10:00:00 +0000\nMessage-Id: {msgid}\n\
         List-Id: <limits.example.org>\nX-Odd: a\0b\n\n\
         Text with a \0 inside.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
    );
    let reply = format!(
        "From: Bob <bob@example.org>\nSubject: Re: [PATCH] nul\nDate: Mon, 6 May 2024 11:00:00 +0000\n\
         Message-Id: <reply@example.org>\nIn-Reply-To: {msgid}\nList-Id: <limits.example.org>\n\n\
         Acked-by: Bob <bob@example.org>\n"
    );
    let pull = format!(
        "From: Carol <carol@example.org>\nSubject: [GIT PULL] fixes\nDate: Mon, 6 May 2024 12:00:00 +0000\n\
         Message-Id: <pull@example.org>\nList-Id: <limits.example.org>\n\n\
         The following changes since commit 0123456789abcdef:\n\n  x\n\n\
         are available in the git repository at:\n\n  https://git.example.org/{long}.git tags/x\n\n\
         for you to fetch changes up to fedcba9876543210:\n"
    );
    crate::util::mbox(&[patch, reply, pull])
}

#[test]
fn nul_and_over_long_values_are_stored_alike_on_every_engine() {
    let mut exports: Vec<(String, Value)> = Vec::new();
    for engine in engines("limits") {
        let db = Db::on(engine);
        let out = lines(&db.ok(&["--auto-projects", "--format", "mbox"], &awkward_mails()));
        let results: Vec<&str> = out.iter().map(|l| l["result"].as_str().unwrap()).collect();
        assert_eq!(
            results,
            ["patch", "comment", "patch"],
            "{}: {out:?}",
            engine.name()
        );
        let export = db.export("1.3");
        let patch = &export["patches"][0];
        assert_eq!(patch["msgid"].as_str().unwrap().chars().count(), 255);
        assert_eq!(patch["name"], "nul\0here");
        assert!(patch["content"].as_str().unwrap().contains("a \0 inside"));
        assert_eq!(patch["headers"]["X-Odd"], "a\0b");
        assert_eq!(
            patch["submitter"]["name"].as_str().unwrap().chars().count(),
            255
        );
        assert_eq!(
            patch["submitter"]["email"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            255
        );
        let pull = export["patches"][1]["pull_url"].as_str().unwrap();
        assert_eq!(pull.chars().count(), 255, "{pull}");
        exports.push((engine.name().to_string(), export));
    }
    for pair in exports.windows(2) {
        assert_eq!(
            pair[0].1, pair[1].1,
            "{} and {} differ",
            pair[0].0, pair[1].0
        );
    }
}
