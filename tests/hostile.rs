//! Pathological mail through the real binary (issue 14): every shape that
//! `benches/scaling.py` doubles, at a size that shows the bound or the
//! behaviour (not the speed: no timings here). Each mail is stored, or kept
//! as failed with its reason; never lost, never a crash, never exit 75.

use crate::util::{Db, lines};

const HEAD: &str = "From: Scaler <scaler@example.org>\nTo: scale@example.org\n\
                    List-Id: <scale.example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n";

fn diff() -> &'static str {
    "--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-old\n+new\n"
}

/// A mail nested `depth` multiparts deep with a patch in the innermost part.
fn nested(msgid: &str, depth: usize) -> Vec<u8> {
    let mut m = format!(
        "{HEAD}Message-Id: <{msgid}>\nSubject: [PATCH] nested\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"b0\"\n\n"
    );
    for i in 0..depth - 1 {
        let next = i + 1;
        m += &format!("--b{i}\nContent-Type: multipart/mixed; boundary=\"b{next}\"\n\n");
    }
    let inner = depth - 1;
    m += &format!(
        "--b{inner}\nContent-Type: text/plain\n\nA change.\n---\n{}--b{inner}--\n",
        diff()
    );
    for i in (0..depth - 1).rev() {
        m += &format!("--b{i}--\n");
    }
    m.into_bytes()
}

/// Ingests one mail from stdin: asserts exit 0 and returns its JSON line.
fn ingest(db: &Db, mail: &[u8]) -> serde_json::Value {
    let out = db.run(&["--auto-projects", "--no-documents"], mail);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut l = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(l.len(), 1);
    l.remove(0)
}

#[test]
fn mime_nesting_10000_deep_is_refused_and_kept_with_its_reason() {
    let db = Db::new();
    let line = ingest(&db, &nested("deep@x", 10_000));
    assert_eq!(line["result"], "error", "{line}");
    let reason = line["reason"].as_str().unwrap();
    assert!(reason.contains("MIME nesting deeper than 100"), "{reason}");
    let failed = lines(&db.ok(&["failed", "list"], b""));
    assert_eq!(failed.len(), 1, "kept for replay");
    assert_eq!(failed[0]["reason"], reason);
}

#[test]
fn mime_nesting_at_the_bound_is_parsed() {
    // The root and 99 multiparts below it, plus the text part: 100 levels.
    let db = Db::new();
    let line = ingest(&db, &nested("bound@x", 100));
    assert_eq!(line["result"], "patch", "{line}");
    let line = ingest(&db, &nested("over@x", 101));
    assert_eq!(line["result"], "error", "{line}");
}

#[test]
fn references_of_100000_msgids_find_the_parent() {
    let db = Db::new();
    let patch = format!(
        "{HEAD}Message-Id: <base@x>\nSubject: [PATCH] base\n\nA change.\n---\n{}",
        diff()
    );
    assert_eq!(ingest(&db, patch.as_bytes())["result"], "patch");
    let mut refs: Vec<String> = (0..100_000).map(|i| format!("<r{i}@x>")).collect();
    refs.push("<r5@x>".into()); // duplicates are read once
    refs[50_000] = "<base@x>".into();
    let reply = format!(
        "{HEAD}Message-Id: <reply@x>\nSubject: Re: [PATCH] base\nReferences: {}\n\n\
         Acked-by: A <a@x>\n",
        refs.join(" ")
    );
    let line = ingest(&db, reply.as_bytes());
    assert_eq!(line["result"], "comment", "{line}");
}

#[test]
fn thousands_of_headers_and_encoded_words_are_stored() {
    let db = Db::new();
    let many: String = (0..20_000).map(|i| format!("X-H-{i}: v{i}\n")).collect();
    let words: Vec<String> = (0..5_000)
        .map(|i| format!("=?UTF-8?B?w6k{}?=", i % 10))
        .collect();
    let mail = format!(
        "{HEAD}{many}Message-Id: <many@x>\nSubject: [PATCH] {}\n\nA change.\n---\n{}",
        words.join(" "),
        diff()
    );
    let line = ingest(&db, mail.as_bytes());
    assert_eq!(line["result"], "patch", "{line}");
    let export = db.export("1.3");
    let name = export["patches"][0]["name"].as_str().unwrap();
    // "w6k0" is "é4": adjacent words join without the space between
    // them; the name is cut to Patchwork's column length.
    let expected: String = (0..5_000u32)
        .map(|i| format!("é{}", char::from(b'4' + (i % 10) as u8)))
        .collect();
    assert!(name.chars().count() >= 200, "{} chars", name.len());
    assert!(expected.starts_with(name), "{}", &name[..60]);
}
