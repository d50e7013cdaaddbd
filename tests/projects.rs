//! Projects as Patchwork has them (issue 9, part 4): `project add` and
//! `project edit` validated as Patchwork's Project model, `subject_match`
//! in Python's regex syntax, `project remove` refused while the project has
//! records (Patchwork's admin removes one that does).

use serde_json::Value;

use crate::util::{Db, lines};

fn add(db: &Db, link: &str, list_id: &str, more: &[&str]) -> std::process::Output {
    let email = format!("{link}@example.org");
    let args = [
        &["project", "add", "--link-name", link, "--name", link],
        &["--list-id", list_id, "--list-email", &email][..],
        more,
    ]
    .concat();
    db.run(&args, b"")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn patch(msgid: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: Ann <ann@example.org>\nSubject: {subject}\nMessage-Id: <{msgid}>\n\
         List-Id: <net.example.org>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n\
         Fix.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n"
    )
    .into_bytes()
}

/// The link name of the project each patch of the export is in.
fn patch_projects(db: &Db) -> Vec<String> {
    let export = db.export("1.3");
    let patches = export["patches"].as_array().unwrap().clone();
    patches
        .iter()
        .map(|p| p["project"]["link_name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn projects_are_validated_as_patchwork_does() {
    let db = Db::new();
    let refusals: &[(&str, &[&str], &str)] = &[
        ("net next", &[], "--link-name \"net next\""),
        (
            "net",
            &["--subject-match", "[PATCH"],
            "--subject-match \"[PATCH\"",
        ),
        ("net", &["--web-url", &"u".repeat(2001)], "at most 2000"),
    ];
    for (link, more, says) in refusals {
        let out = add(&db, link, "net.example.org", more);
        assert_eq!(out.status.code(), Some(78), "{link} {more:?}");
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
    assert!(add(&db, "net", "net.example.org", &[]).status.success());
    // Python's syntax: a look-behind, matched case-insensitively.
    let look_behind = ["--subject-match", r"(?<=\[)patch net-next\b"];
    assert!(
        add(&db, "net-next", "net.example.org", &look_behind)
            .status
            .success()
    );
    let out = add(&db, "net", "other.example.org", &[]);
    assert_eq!(out.status.code(), Some(78));
    assert!(stderr(&out).contains("another project has it"));
    let out = add(&db, "net2", "net.example.org", &[]);
    assert!(stderr(&out).contains("project net has this list id"));

    db.ok(&[], &patch("a@x", "[PATCH NET-NEXT 1/1] a"));
    db.ok(&[], &patch("b@x", "[PATCH] b"));
    assert_eq!(patch_projects(&db), ["net-next", "net"]);
}

#[test]
fn projects_can_be_edited_and_removed() {
    let db = Db::new();
    assert!(add(&db, "net", "net.example.org", &[]).status.success());
    assert!(add(&db, "empty", "empty.example.org", &[]).status.success());
    let edit = [
        "project",
        "edit",
        "net",
        "--name",
        "Networking",
        "--list-archive-url-format",
        "https://lore.kernel.org/r/{}",
    ];
    let l = lines(&db.ok(&edit, b""));
    assert_eq!(l[0]["link_name"], "net");
    let listed: Value = serde_json::from_str(&db.ok(&["project", "list"], b"")).unwrap();
    let net = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["link_name"] == "net");
    assert_eq!(net.unwrap()["name"], "Networking");
    assert_eq!(
        net.unwrap()["list_archive_url_format"],
        "https://lore.kernel.org/r/{}"
    );
    let out = db.run(&["project", "edit", "net", "--link-name", "empty"], b"");
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let out = db.run(&["project", "edit", "nope", "--name", "x"], b"");
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr(&out).contains("no project with link name nope"));

    db.ok(&[], &patch("a@x", "[PATCH] a"));
    let out = db.run(&["project", "remove", "net"], b"");
    assert_eq!(out.status.code(), Some(64));
    for says in ["1 patches", "1 series", "Patchwork's admin"] {
        assert!(stderr(&out).contains(says), "{says}: {}", stderr(&out));
    }
    assert_eq!(patch_projects(&db), ["net"], "refused: nothing removed");
    let l = lines(&db.ok(&["project", "remove", "empty"], b""));
    assert_eq!(l[0]["removed"], "empty");
    let listed: Value = serde_json::from_str(&db.ok(&["project", "list"], b"")).unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["link_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["net"], "only the empty project went");
}
