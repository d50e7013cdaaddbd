//! Empty values behave as Patchwork's truth tests make them (issue 13),
//! through the real binary: an empty patch attachment is no diff, a
//! `0/0` marker is no marker, and a threaded `0/n` mail whose name is
//! already a cover letter's, in any project, is a comment, whatever order
//! the copies of a cross-posted thread arrive in (while a name too long to
//! be stored whole matches none). The mails are written here, unlike the
//! corpus's `reports/empty-patch-attachment`.

use serde_json::Value;

use crate::util::{Db, lines, mail, mbox};

const DIFF: &str =
    "diff --git a/f.c b/f.c\nindex 1..2 100644\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n";

/// A `multipart/mixed` body: a text part, then an empty attachment of `ctype`.
fn with_empty_attachment(text: &str, ctype: &str) -> (String, String) {
    (
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BB\"\n".to_string(),
        format!(
            "--BB\nContent-Type: text/plain\n\n{text}\n--BB\nContent-Type: {ctype}; name=\"x.patch\"\n\
             Content-Disposition: attachment; filename=\"x.patch\"\n\n--BB--\n"
        ),
    )
}

fn ingest(db: &Db, mails: &[String]) -> Vec<Value> {
    lines(&db.ok(&["--auto-projects"], &mbox(mails)))
}

/// `[PATCH 2/2]` in reply to 1/2 (no cover letter), its patch an empty
/// `text/x-patch` attachment: a comment on 1/2; the series stays
/// incomplete. The same attachment alone, with no text, is nothing.
#[test]
fn an_empty_patch_attachment_is_no_patch() {
    let db = Db::new();
    let (headers, body) = with_empty_attachment("The change is attached.", "text/x-patch");
    let reply = "In-Reply-To: <one@example.org>\nReferences: <one@example.org>\n";
    let (_, nothing) = with_empty_attachment("", "text/x-diff");
    let out = ingest(
        &db,
        &[
            mail(
                "l",
                6,
                "[PATCH 1/2] f: one",
                "one",
                "",
                &format!("One.\n---\n{DIFF}"),
            ),
            mail(
                "l",
                6,
                "[PATCH 2/2] f: two",
                "two",
                &format!("{reply}{headers}"),
                &body,
            ),
            mail("l", 6, "[PATCH] f: three", "three", &headers, &nothing),
        ],
    );
    let results: Vec<&str> = out.iter().map(|l| l["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["patch", "comment", "dropped"]);
    assert_eq!(out[1]["parent"], "patch:<one@example.org>");
    assert!(
        out[2]["reason"]
            .as_str()
            .unwrap()
            .contains("nothing to work with")
    );
    let export = db.export("1.3");
    let series = &export["series"][0];
    assert_eq!(export["series"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&series["total"], &series["received_total"]),
        (&2.into(), &1.into())
    );
    assert_eq!(series["received_all"], false);
}

/// A pull request with an empty attachment is still a patch (its pull URL
/// is true); its diff is stored empty and hashed as nothing, as Patchwork does.
#[test]
fn a_pull_request_with_an_empty_attachment_keeps_its_empty_diff() {
    let db = Db::new();
    let text = "The following changes since commit 0123:\n\n  x (2024-05-01)\n\n\
                are available in the git repository at:\n\n  https://git.example.org/x.git tags/pull-1\n";
    let (headers, body) = with_empty_attachment(text, "text/x-diff");
    let out = ingest(
        &db,
        &[mail("l", 6, "[GIT PULL] x", "pull", &headers, &body)],
    );
    assert_eq!(out[0]["result"], "patch");
    let patch = &db.export("1.3")["patches"][0];
    assert_eq!(
        patch["pull_url"],
        "https://git.example.org/x.git tags/pull-1"
    );
    assert_eq!(patch["diff"], "");
    assert_eq!(patch["hash"], "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

/// `[PATCH 0/0]` with a diff: `if n:` is false, so Patchwork numbers it 1
/// of 1 in a series of its own.
#[test]
fn a_zero_total_is_no_series_marker() {
    let db = Db::new();
    let out = ingest(
        &db,
        &[mail(
            "l",
            6,
            "[PATCH 0/0] f: zero",
            "zero",
            "",
            &format!("Zero.\n---\n{DIFF}"),
        )],
    );
    assert_eq!(out[0]["result"], "patch");
    let export = db.export("1.3");
    let series = &export["series"][0];
    assert_eq!(
        (&series["total"], &series["received_all"]),
        (&1.into(), &true.into())
    );
    assert_eq!(series["name"], "[0/0] f: zero");
    assert_eq!(series["patches"][0]["msgid"], "<zero@example.org>");
}

/// v1 and a threaded v2 cover letter, both cross-posted to lists `a` and
/// `b`: the copy in project `a` (first by link name) is v2's cover letter,
/// `b`'s copy is a comment on `b`'s v1 cover, in either arrival order.
#[test]
fn cross_posted_cover_letters_are_one_cover_in_any_order() {
    let v2 = "In-Reply-To: <v1@example.org>\nReferences: <v1@example.org>\n";
    let copies = |list| {
        [
            mail(list, 6, "[PATCH 0/1] f: fix", "v1", "", "Round one.\n"),
            mail(list, 13, "[PATCH v2 0/1] f: fix", "v2", v2, "Round two.\n"),
        ]
    };
    let [a1, a2] = copies("a");
    let [b1, b2] = copies("b");
    for order in [
        vec![&a1, &b1, &a2, &b2],
        vec![&b1, &a1, &b2, &a2],
        vec![&b2, &a2, &b1, &a1],
    ] {
        let db = Db::new();
        let mails: Vec<String> = order.into_iter().cloned().collect();
        ingest(&db, &mails);
        let export = db.export("1.3");
        let covers: Vec<(String, String)> = export["covers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["project"]["link_name"].to_string(),
                    c["msgid"].to_string(),
                )
            })
            .collect();
        assert_eq!(covers.len(), 3, "{covers:?}");
        assert!(covers.contains(&("\"a-example-org\"".into(), "\"<v2@example.org>\"".into())));
        let on_v1 = &export["comments"]["cover:<v1@example.org>"];
        assert_eq!(on_v1.as_array().map(Vec::len), Some(1), "{export:#}");
        assert_eq!(on_v1[0]["msgid"], "<v2@example.org>");
    }
}

/// Patchwork looks a threaded `0/n` mail's cover up by its whole name, so
/// a name cut to 255 characters matches no stored cover: both are covers.
#[test]
fn a_name_longer_than_255_characters_matches_no_cover() {
    let subject = format!("[PATCH 0/1] {}", "long ".repeat(60));
    let reply = "In-Reply-To: <first@example.org>\nReferences: <first@example.org>\n";
    let db = Db::new();
    let out = ingest(
        &db,
        &[
            mail("l", 6, &subject, "first", "", "First.\n"),
            mail("l", 7, &subject, "again", reply, "Again.\n"),
        ],
    );
    let results: Vec<&str> = out.iter().map(|l| l["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["cover", "cover"]);
}
