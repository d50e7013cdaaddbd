//! `pwingest export` streamed (issue 9, part 3): the default object is
//! what a pretty printer writes of the whole export, `--jsonl` holds the
//! same documents one a line, and `--project`, `--since`, `--before` keep
//! just the records they name.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::messages::{DIFF, add_project, alpha_db};
use crate::util::{Db, Engine, engines, lines, mail, mbox};

/// Two projects: alpha has a two-patch series with a cover letter and a
/// reply (May 1-3), beta a patch (May 10) and a reply to it (May 11).
fn two_projects(engine: Engine) -> Db {
    let db = alpha_db(engine);
    add_project(&db, "beta");
    let reply_to =
        |id: &str| format!("In-Reply-To: <{id}@example.org>\nReferences: <{id}@example.org>\n");
    let mails = [
        mail("alpha", 1, "[PATCH 0/2] gears", "c0", "", "Two gears.\n"),
        mail(
            "alpha",
            1,
            "[PATCH 1/2] gear one",
            "a1",
            &reply_to("c0"),
            DIFF,
        ),
        mail(
            "alpha",
            2,
            "[PATCH 2/2] gear two",
            "a2",
            &reply_to("c0"),
            DIFF,
        ),
        mail(
            "alpha",
            3,
            "Re: [PATCH 1/2] gear one",
            "ra",
            &reply_to("a1"),
            "Acked-by: Bo <bo@example.org>\n",
        ),
        mail("beta", 10, "[PATCH] beta fix", "b1", "", DIFF)
            .replace("Ada Example <ada@example.org>", "Cy <cy@example.org>"),
        mail(
            "beta",
            11,
            "Re: [PATCH] beta fix",
            "rb",
            &reply_to("b1"),
            "Thanks.\n",
        )
        .replace("Ada Example <ada@example.org>", "Di <di@example.org>"),
    ];
    let out = db.ok(&[], &mbox(&mails));
    assert!(lines(&out).iter().all(|l| l["status"] == "stored"), "{out}");
    db
}

fn export(db: &Db, args: &[&str]) -> String {
    db.ok(&[&["export"], args].concat(), b"")
}

/// `msgid`s of a list section, or the e-mails of `people`.
fn names(export: &Value, section: &str) -> BTreeSet<String> {
    let key = if section == "people" {
        "email"
    } else {
        "msgid"
    };
    let field = |d: &Value| {
        d[key]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| d["name"].to_string())
    };
    export[section]
        .as_array()
        .unwrap()
        .iter()
        .map(field)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_object_is_pretty_printed_and_the_lines_hold_the_same_documents() {
    for engine in engines("the_object_is_pretty_printed_and_the_lines_hold_the_same_documents") {
        the_object_is_pretty_printed_and_the_lines_hold_the_same_documents_on(engine);
    }
}

fn the_object_is_pretty_printed_and_the_lines_hold_the_same_documents_on(engine: Engine) {
    let db = two_projects(engine);
    let text = export(&db, &[]);
    let whole: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(text, serde_json::to_string_pretty(&whole).unwrap() + "\n");
    assert_eq!(names(&whole, "patches").len(), 3);
    assert_eq!(whole["series"].as_array().unwrap().len(), 2);
    let mbox_keys: BTreeSet<&str> = whole["mbox"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        mbox_keys.contains("series:<c0@example.org>")
            && mbox_keys.contains("patch-series:<a2@example.org>")
    );
    assert_eq!(
        whole["comments"]["patch:<a1@example.org>"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let mut rebuilt: serde_json::Map<String, Value> = serde_json::Map::new();
    for section in ["projects", "people", "patches", "covers", "series"] {
        rebuilt.insert(section.into(), Value::Array(Vec::new()));
    }
    rebuilt.insert("comments".into(), Value::Object(Default::default()));
    rebuilt.insert("mbox".into(), Value::Object(Default::default()));
    for l in lines(&export(&db, &["--jsonl"])) {
        let kind = l["kind"].as_str().unwrap();
        let section = match kind {
            "project" => "projects",
            "person" => "people",
            "patch" => "patches",
            "cover" => "covers",
            "series" => "series",
            "comment" => {
                let parent = l["parent"].as_str().unwrap();
                let group = rebuilt["comments"].as_object_mut().unwrap();
                let docs = group.entry(parent).or_insert(Value::Array(Vec::new()));
                docs.as_array_mut().unwrap().push(l["document"].clone());
                continue;
            }
            "mbox" => {
                let key = l["key"].as_str().unwrap().to_string();
                rebuilt["mbox"]
                    .as_object_mut()
                    .unwrap()
                    .insert(key, l["mbox"].clone());
                continue;
            }
            other => panic!("unknown kind {other}"),
        };
        rebuilt[section]
            .as_array_mut()
            .unwrap()
            .push(l["document"].clone());
    }
    assert_eq!(Value::Object(rebuilt), whole);
}

#[test]
fn limits_keep_one_project_or_a_date_range() {
    for engine in engines("limits_keep_one_project_or_a_date_range") {
        limits_keep_one_project_or_a_date_range_on(engine);
    }
}

fn limits_keep_one_project_or_a_date_range_on(engine: Engine) {
    let db = two_projects(engine);
    let beta: Value = serde_json::from_str(&export(&db, &["--project", "beta"])).unwrap();
    assert_eq!(beta["projects"].as_array().unwrap().len(), 1);
    assert_eq!(beta["projects"][0]["link_name"], "beta");
    assert_eq!(names(&beta, "patches"), set(&["<b1@example.org>"]));
    assert!(beta["covers"].as_array().unwrap().is_empty());
    assert_eq!(beta["series"].as_array().unwrap().len(), 1);
    assert_eq!(
        names(&beta, "people"),
        set(&["cy@example.org", "di@example.org"])
    );
    let comments: Vec<&String> = beta["comments"].as_object().unwrap().keys().collect();
    assert_eq!(comments, ["patch:<b1@example.org>"]);
    let mbox: BTreeSet<&str> = beta["mbox"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        mbox,
        [
            "patch-series:<b1@example.org>",
            "patch:<b1@example.org>",
            "series:<b1@example.org>"
        ]
        .into()
    );

    let early: Value = serde_json::from_str(&export(
        &db,
        &["--since", "2024-05-02", "--before", "2024-05-10"],
    ))
    .unwrap();
    assert_eq!(names(&early, "patches"), set(&["<a2@example.org>"]));
    assert!(
        early["covers"].as_array().unwrap().is_empty(),
        "the cover letter is of May 1"
    );
    let comments: Vec<&String> = early["comments"].as_object().unwrap().keys().collect();
    assert_eq!(
        comments,
        ["patch:<a1@example.org>"],
        "the reply of May 3 is kept"
    );
    assert_eq!(names(&early, "people"), set(&["ada@example.org"]));
    assert_eq!(early["projects"].as_array().unwrap().len(), 2);

    let later = lines(&export(&db, &["--jsonl", "--since", "2024-05-11"]));
    let kinds: Vec<&str> = later.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["project", "project", "person", "comment"]);
    assert_eq!(later[3]["parent"], "patch:<b1@example.org>");

    let unknown = db.run(&["export", "--project", "gamma"], b"");
    assert_eq!(unknown.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("gamma"));
}
