//! Defaults for people, contracts for programs (issue 9, part 3): on a
//! terminal an import shows a summary and no JSON unless `--json`; through
//! a pipe it prints one line per message, with the record's document only
//! with `--documents`. The terminal is a real pseudo-terminal (`script`).

use std::process::Command;

use crate::util::{Db, lines, on_a_terminal, repo};

#[test]
fn a_terminal_gets_a_summary_and_no_json_unless_asked() {
    let samples = repo().join("samples");
    let samples = samples.to_str().unwrap();
    let shown = on_a_terminal(&Db::new(), &["--auto-projects", samples]);
    assert!(
        shown.contains("Processed 19 messages --> 3 covers, 12 patches, 2 comments")
            && shown.contains("1 pending")
            && shown.contains("msg/s"),
        "{shown}"
    );
    assert!(!shown.contains("\"index\""), "{shown}");
    let shown = on_a_terminal(&Db::new(), &["--auto-projects", "--json", samples]);
    assert_eq!(shown.matches("\"index\"").count(), 19, "{shown}");
    assert!(!shown.contains("\"document\""), "{shown}");
}

#[test]
fn a_pipe_gets_lines_and_documents_only_when_asked() {
    let mail = std::fs::read(repo().join("samples/mail/01-patch.eml")).unwrap();
    let db = Db::new();
    let l = lines(&db.ok(&["--auto-projects"], &mail));
    assert_eq!(l.len(), 1);
    let keys: Vec<&str> = l[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["index", "msgid", "result", "status", "id"]);
    let db = Db::new();
    let l = lines(&db.ok(&["--auto-projects", "--documents"], &mail));
    assert_eq!(l[0]["document"]["id"], l[0]["id"]);
    assert_eq!(l[0]["document"]["msgid"], l[0]["msgid"]);
}

#[test]
fn man_page_and_completions_come_from_the_cli_definition() {
    let db = Db::new();
    let page = db.ok(&["man"], b"");
    assert!(
        page.starts_with(".ie") && page.contains(".TH pwingest 1"),
        "{page}"
    );
    assert!(page.contains("project") && page.contains("completions"));
    let dir = tempfile::tempdir().unwrap();
    db.ok(&["man", "--out-dir", dir.path().to_str().unwrap()], b"");
    let ingest = std::fs::read_to_string(dir.path().join("pwingest-ingest.1")).unwrap();
    assert!(ingest.contains("\\-\\-documents"), "{ingest}");
    assert!(dir.path().join("pwingest-project-remove.1").is_file());

    let bash = db.ok(&["completions", "bash"], b"");
    assert!(bash.contains("_pwingest()") && bash.contains("--auto-projects"));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("pwingest.bash");
    std::fs::write(&script, &bash).unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(syntax.success(), "bash -n rejects the completion script");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        assert!(
            db.ok(&["completions", shell], b"").contains("project"),
            "{shell}"
        );
    }
    assert_eq!(
        db.run(&["completions", "tcsh"], b"").status.code(),
        Some(64)
    );
}
