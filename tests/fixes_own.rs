//! One more input of each fix's kind (issue 13), written here, through the
//! real binary: with the fix its right result, and with `fixes none`
//! Patchwork's; mail a fix does not concern keeps Patchwork's result.

use serde_json::Value;

use crate::fixes::{db_with, results, shape, shapes, tag_counts};
use crate::util::{Db, lines, mail, mbox};

const DIFF: &str =
    "diff --git a/f.c b/f.c\nindex 1..2 100644\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n";

/// A format-patch body: message, `---`, diffstat, then `diff`.
fn format_patch(message: &str, diff: &str) -> String {
    format!(
        "{message}\n\nSigned-off-by: Ada <ada@example.org>\n---\n f.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n{diff}-- \n2.43.0\n"
    )
}

fn threaded(to: &str) -> String {
    format!("In-Reply-To: <{to}@example.org>\nReferences: <{to}@example.org>\n")
}

/// Ingests `mails` (list `l`) with `fixes`: (lines, API 1.3 export, db).
fn ingest(fixes: &str, mails: &[String]) -> (Vec<Value>, Value, Db) {
    let db = db_with(fixes);
    let out = lines(&db.ok(&["--auto-projects", "--no-documents"], &mbox(mails)));
    let export = db.export("1.3");
    (out, export, db)
}

/// Both modes on the same mails.
fn both(fix: &str, mails: &[String]) -> [(Vec<Value>, Value, Db); 2] {
    [ingest(fix, mails), ingest("none", mails)]
}

#[test]
fn a_range_diff_cover_letter_is_a_cover_letter() {
    let cover = "Round three.\n\nInterdiff:\n".to_string() + DIFF;
    let mails = [
        mail("l", 6, "[PATCH v3 0/1] f: flip", "c", "", &cover),
        mail(
            "l",
            6,
            "[PATCH v3 1/1] f: flip",
            "p",
            &threaded("c"),
            &format_patch("Flip.", DIFF),
        ),
        // A `0/1` whose diff comes before the heading is not concerned.
        mail(
            "l",
            7,
            "[PATCH 0/1] g: real",
            "r",
            "",
            &format!("{DIFF}\nInterdiff:\n{DIFF}"),
        ),
    ];
    let [(fixed, export, _), (patchwork, _, _)] = both("interdiff-cover-letter", &mails);
    assert_eq!(results(&fixed), ["cover", "patch", "patch"]);
    assert_eq!(results(&patchwork), ["patch", "patch", "patch"]);
    let (total, received, all, cover, _) = shape(&export["series"][0]);
    assert_eq!(
        (total, received, all, cover),
        (1, 1, true, Some("<c@example.org>"))
    );
}

#[test]
fn an_octopus_merge_diff_is_whole() {
    let octopus = "diff --cc f.c\nindex 1,2,3..4\n--- a/f.c\n+++ b/f.c\n@@@@ -1,1 -1,1 -1,1 +1,2 @@@@\n   a\n ++ b\n";
    let body = format_patch("Merge three.", &format!("{octopus}{DIFF}"));
    let [(fixed, export, _), (patchwork, old, _)] = both(
        "combined-diff-merge",
        &[mail("l", 6, "[PATCH] Merge", "m", "", &body)],
    );
    assert_eq!(
        (results(&fixed), results(&patchwork)),
        (vec!["patch"], vec!["patch"])
    );
    let diff = export["patches"][0]["diff"].as_str().unwrap();
    assert_eq!(diff, format!("{octopus}{DIFF}"));
    assert!(
        !export["patches"][0]["content"]
            .as_str()
            .unwrap()
            .contains("++ b")
    );
    assert!(
        old["patches"][0]["content"]
            .as_str()
            .unwrap()
            .contains("++ b"),
        "Patchwork's"
    );
}

#[test]
fn a_new_version_in_reply_to_the_old_cover_is_its_own_series() {
    let mails = [
        mail("l", 6, "[PATCH 0/2] f: two", "c", "", "Two.\n"),
        mail(
            "l",
            6,
            "[PATCH 1/2] f: one",
            "a1",
            &threaded("c"),
            &format_patch("One.", DIFF),
        ),
        mail(
            "l",
            6,
            "[PATCH 2/2] f: two",
            "a2",
            &threaded("c"),
            &format_patch("Two.", DIFF),
        ),
        mail(
            "l",
            7,
            "[PATCH v2 2/2] f: two",
            "b2",
            &threaded("c"),
            &format_patch("Two.", DIFF),
        ),
    ];
    let [(_, export, _), (_, old, _)] = both("series-in-reply-to-series", &mails);
    let series = shapes(&export);
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].4, ["<a1@example.org>", "<a2@example.org>"]);
    assert_eq!(
        (series[1].1, series[1].4.clone()),
        (1, vec!["<b2@example.org>"])
    );
    assert_eq!(export["series"][1]["version"], 2);
    let patchwork = shapes(&old);
    assert_eq!(
        patchwork.len(),
        2,
        "v2 2/2 starts a series only as 2/2 is taken"
    );
}

#[test]
fn mail_from_the_bare_list_address_is_kept() {
    let from_list = |msgid: &str, extra: &str, body: &str| {
        mail("l", 6, "[PATCH] f: x", msgid, extra, body)
            .replace("From: Ada Example <ada@example.org>", "From: l@example.org")
    };
    let mails = [
        // Reply-To is the list too: the list address it is.
        from_list(
            "one",
            "Reply-To: l@example.org\n",
            &format_patch("X.", DIFF),
        ),
        from_list(
            "two",
            "Reply-To: <bo@example.org>, l@example.org\n",
            &format_patch("Y.", DIFF),
        ),
    ];
    let [(fixed, export, _), (patchwork, _, _)] = both("dmarc-bare-list-address", &mails);
    assert_eq!(results(&fixed), ["patch", "patch"]);
    assert_eq!(results(&patchwork), ["error", "error"]);
    let emails: Vec<&Value> = export["patches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["submitter"]["email"])
        .collect();
    assert_eq!(emails, ["l@example.org", "bo@example.org"]);
}

#[test]
fn a_patch_ending_in_a_binary_file_keeps_it() {
    let changed = "diff --git a/i.png b/i.png\nindex 1111111..2222222 100644\nBinary files a/i.png and b/i.png differ\n";
    let added = "diff --git a/n.png b/n.png\nnew file mode 100644\nindex 0000000..1111111\nBinary files /dev/null and b/n.png differ\n";
    let mails = [
        mail(
            "l",
            6,
            "[PATCH] icon: redo",
            "icon",
            "",
            &format_patch("Icon.", changed),
        ),
        mail(
            "l",
            7,
            "[PATCH] f: and icon",
            "both",
            "",
            &format_patch("Both.", &format!("{DIFF}{added}")),
        ),
        mail(
            "l",
            8,
            "[PATCH] f: text",
            "text",
            "",
            &format_patch("Text.", DIFF),
        ),
    ];
    let [(fixed, export, _), (patchwork, old, _)] = both("binary-only-patch", &mails);
    assert_eq!(results(&fixed), ["patch", "patch", "patch"]);
    assert_eq!(
        results(&patchwork),
        ["dropped", "patch", "patch"],
        "a pending comment"
    );
    let diffs = |e: &Value| -> Vec<String> {
        let patches = e["patches"].as_array().unwrap();
        patches
            .iter()
            .map(|p| p["diff"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        diffs(&export),
        [
            changed.to_string(),
            format!("{DIFF}{added}"),
            DIFF.to_string()
        ]
    );
    let cut = added.replace("Binary files /dev/null and b/n.png differ\n", "");
    assert_eq!(
        diffs(&old),
        [format!("{DIFF}{cut}"), DIFF.to_string()],
        "Patchwork cuts it"
    );
}

#[test]
fn acks_in_reply_to_a_cover_letter_count_for_its_patches() {
    let mails = [
        mail("l", 6, "[PATCH 0/2] f: two", "c", "", "Two.\n"),
        mail(
            "l",
            6,
            "[PATCH 1/2] f: one",
            "p1",
            &threaded("c"),
            &format_patch("One.", DIFF),
        ),
        mail(
            "l",
            6,
            "[PATCH 2/2] f: two",
            "p2",
            &threaded("c"),
            &format_patch("Two.", DIFF),
        ),
        mail(
            "l",
            7,
            "Re: [PATCH 0/2] f: two",
            "r",
            &threaded("c"),
            "Acked-by: B <b@x>\nTested-by: B <b@x>\n",
        ),
        // A patch outside any series with a cover is not concerned.
        mail(
            "l",
            8,
            "[PATCH] g: alone",
            "g",
            "",
            &format_patch("Alone.\n\nAcked-by: C <c@x>", DIFF),
        ),
    ];
    let [(_, _, db), (_, _, old)] = both("tags-on-cover-letter", &mails);
    assert_eq!(tag_counts(&db), [(1, 1, 0, 1), (2, 1, 0, 1), (3, 1, 0, 0)]);
    assert_eq!(tag_counts(&old), [(1, 0, 0, 0), (2, 0, 0, 0), (3, 1, 0, 0)]);
}

#[test]
fn a_diff_quoted_in_the_commit_message_stays_there() {
    let quoted = format!("The old fix was:\n\n{DIFF}\nThis one is better.");
    let mails = [mail(
        "l",
        6,
        "[PATCH] f: better",
        "q",
        "",
        &format_patch(&quoted, DIFF),
    )];
    let [(_, export, _), (_, old, _)] = both("diff-hunk-in-commit-message", &mails);
    let patch = &export["patches"][0];
    assert_eq!(patch["diff"], DIFF);
    assert!(
        patch["content"]
            .as_str()
            .unwrap()
            .contains(&format!("The old fix was:\n\n{DIFF}\nThis one"))
    );
    assert!(
        old["patches"][0]["diff"]
            .as_str()
            .unwrap()
            .contains("f.c | 2"),
        "Patchwork's diff runs on"
    );
}

#[test]
fn an_attached_format_patch_file_hashes_as_sent_inline() {
    // `>From`: as an mbox written without mboxrd quoting holds the file.
    let file = format!(
        ">From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\nFrom: Ada <ada@example.org>\nSubject: [PATCH] f: x\n\n{}",
        format_patch("X.", DIFF)
    );
    let attached = format!(
        "--BB\nContent-Type: text/plain\n\nAttached.\n--BB\nContent-Type: text/x-diff; name=\"x.patch\"\n\n{file}--BB--\n"
    );
    let multipart = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BB\"\n";
    let plain_diff = attached.replace(&file, DIFF);
    let mails = [
        mail(
            "l",
            6,
            "[PATCH] f: x",
            "inline",
            "",
            &format_patch("X.", DIFF),
        ),
        mail("l", 7, "[PATCH v2] f: x", "attached", multipart, &attached),
        // A bare diff attachment is not concerned: its diff is its text.
        mail("l", 8, "[PATCH v3] f: x", "bare", multipart, &plain_diff),
    ];
    let [(_, export, _), (_, old, _)] = both("patch-as-attachment", &mails);
    let hashes = |e: &Value| -> Vec<String> {
        e["patches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["hash"].as_str().unwrap().to_string())
            .collect()
    };
    let fixed = hashes(&export);
    assert!(fixed.iter().all(|h| *h == fixed[0]), "{fixed:?}");
    let patchwork = hashes(&old);
    assert_ne!(patchwork[1], patchwork[0]);
    assert_eq!(export["patches"][2]["diff"], old["patches"][2]["diff"]);
}

#[test]
fn cross_posted_cover_letters_in_reverse_order() {
    let copy = |list: &str| {
        mail(
            list,
            6,
            "[PATCH 0/1] f: both",
            "c",
            &threaded("older"),
            "Both lists.\n",
        )
    };
    let mails = [copy("b"), copy("a")];
    let [(fixed, export, _), (patchwork, _, _)] = both("cross-posted-cover-letter", &mails);
    assert_eq!(results(&fixed), ["cover", "cover"]);
    assert_eq!(export["covers"].as_array().unwrap().len(), 2);
    assert_eq!(results(&patchwork).len(), 2);
    assert_eq!(export["series"].as_array().unwrap().len(), 2);
}
