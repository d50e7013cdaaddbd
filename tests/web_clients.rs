//! Real clients against `pwingest web` on every engine under test (SQLite,
//! and PostgreSQL with `PWINGEST_TEST_PG`): git-pw and pwclient (its REST
//! backend), pinned, installed from PyPI into `target/web-clients` by this
//! test. A series made by `git format-patch` from a repository the test
//! builds is ingested, listed, shown, downloaded and applied back with
//! `git pw series apply`; the applied commits must equal the originals.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::http::Server;
use crate::util::{Db, Engine, engines, repo};

const GIT_PW: &str = "git-pw==2.9.0";
const PWCLIENT: &str = "pwclient==2.11.0";

/// The venv's `bin/`, installing the pinned clients when they are missing;
/// `None` (allowed outside CI) when PyPI cannot be reached.
fn clients() -> Option<PathBuf> {
    let venv = repo().join("target/web-clients");
    let bin = venv.join("bin");
    let stamp = venv.join(format!("{GIT_PW}+{PWCLIENT}"));
    // A venv names its own path in its scripts: one moved with its
    // checkout (or its target directory) is made again.
    let usable = || {
        Command::new(bin.join("git-pw"))
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !stamp.exists() || !usable() {
        let ok = Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
            && Command::new(bin.join("pip"))
                .args(["install", "--quiet", GIT_PW, PWCLIENT])
                .status()
                .is_ok_and(|s| s.success());
        if !ok {
            let msg = "cannot install git-pw and pwclient from PyPI";
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
            eprintln!("skipped: {msg}");
            return None;
        }
        std::fs::write(&stamp, "").unwrap();
    }
    Some(bin)
}

/// Runs `program args` in `dir`, prints the transcript, returns stdout.
fn run(dir: &Path, env: &[(&str, &Path)], program: &str, args: &[&str]) -> String {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("{program}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    println!(
        "$ {program} {}\n{stdout}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?} failed");
    stdout
}

fn git(dir: &Path, args: &[&str]) -> String {
    run(dir, &[], "git", args)
}

/// A repository with a base commit and two more; returns (dir, series mbox,
/// subjects and tree of the original tip) and leaves the work tree at base.
fn series_repo(root: &Path) -> (PathBuf, PathBuf, String, String) {
    let dir = root.join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["config", "user.email", "dev@example.org"]);
    git(&dir, &["config", "user.name", "Dev Eloper"]);
    std::fs::write(dir.join("a.txt"), "one\n").unwrap();
    git(&dir, &["add", "a.txt"]);
    git(&dir, &["commit", "-qm", "base"]);
    std::fs::write(dir.join("a.txt"), "one\ntwo\n").unwrap();
    git(
        &dir,
        &[
            "commit",
            "-qam",
            "a: add two",
            "-m",
            "Signed-off-by: Dev Eloper <dev@example.org>",
        ],
    );
    std::fs::write(dir.join("b.txt"), "three\n").unwrap();
    git(&dir, &["add", "b.txt"]);
    git(
        &dir,
        &[
            "commit",
            "-qm",
            "b: add three",
            "-m",
            "Signed-off-by: Dev Eloper <dev@example.org>",
        ],
    );
    let subjects = git(&dir, &["log", "--format=%s%n%b", "HEAD~2..HEAD"]);
    let tree = git(&dir, &["rev-parse", "HEAD^{tree}"]);
    let out = root.join("patches");
    git(
        &dir,
        &[
            "format-patch",
            "-q",
            "--cover-letter",
            "--thread",
            "-2",
            "-o",
            &out.to_string_lossy(),
            "--add-header=List-Id: <demo.example.org>",
        ],
    );
    let mut mbox = String::new();
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        mbox.push_str(
            &text
                .replace("*** SUBJECT HERE ***", "demo: two commits")
                .replace("*** BLURB HERE ***", "A demo."),
        );
    }
    let path = root.join("series.mbox");
    std::fs::write(&path, mbox).unwrap();
    git(&dir, &["reset", "-q", "--hard", "HEAD~2"]);
    (dir, path, subjects, tree)
}

#[test]
fn git_pw_and_pwclient() {
    let Some(bin) = clients() else { return };
    for engine in engines("git_pw_and_pwclient") {
        println!("===== git-pw and pwclient on {} =====", engine.name());
        session(&bin, engine);
    }
}

/// One client session against a new database on `engine`.
fn session(bin: &Path, engine: Engine) {
    let db = Db::on(engine);
    let (dir, mbox, subjects, tree) = series_repo(db.dir.path());
    db.ok(
        &[
            "--auto-projects",
            "--format",
            "mbox",
            &mbox.to_string_lossy(),
        ],
        b"",
    );
    let server = Server::start(&db, &[]);
    let api = format!("http://{}/api/1.2/", server.addr);
    git(&dir, &["config", "pw.server", &api]);
    git(&dir, &["config", "pw.project", "demo-example-org"]);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = db.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let env = [("PATH", Path::new(&path)), ("HOME", home.as_path())];
    let pw = |args: &[&str]| run(&dir, &env, "git", &[&["pw"], args].concat());

    let patches = pw(&["patch", "list"]);
    assert!(
        patches.contains("[1/2] a: add two") && patches.contains("[2/2] b: add three"),
        "{patches}"
    );
    assert!(pw(&["series", "list"]).contains("demo: two commits"));
    let show = pw(&["series", "show", "1"]);
    assert!(
        show.contains("2 of 2") && show.contains("[0/2] demo: two commits"),
        "{show}"
    );
    pw(&["series", "apply", "1"]);
    assert_eq!(
        git(&dir, &["log", "--format=%s%n%b", "HEAD~2..HEAD"]),
        subjects
    );
    assert_eq!(git(&dir, &["rev-parse", "HEAD^{tree}"]), tree);

    std::fs::write(
        home.join(".pwclientrc"),
        format!("[options]\ndefault = demo-example-org\n\n[demo-example-org]\nbackend = rest\nurl = {api}\n"),
    )
    .unwrap();
    let pwclient = |args: &[&str]| run(&dir, &env, "pwclient", args);
    let list = pwclient(&["list"]);
    assert!(
        list.contains("[1/2] a: add two") && list.contains("[2/2] b: add three"),
        "{list}"
    );
    let served = server.get("/patch/1/mbox/");
    let mbox_text = server.fetch(served.header("location").unwrap()).text();
    assert_eq!(pwclient(&["view", "1"]).trim_end(), mbox_text.trim_end());
    assert!(pwclient(&["get", "1"]).contains("1-2-a-add-two.patch"));
    assert_eq!(
        std::fs::read_to_string(dir.join("1-2-a-add-two.patch"))
            .unwrap()
            .trim_end(),
        mbox_text.trim_end()
    );
    let info = pwclient(&["info", "1"]);
    let hash = server.get("/api/patches/1/").json()["hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        info.contains(&hash) && info.contains("[1/2] a: add two"),
        "{info}"
    );
}
