//! Helpers for integration tests: run the built binary against a temporary
//! database (a SQLite file, or a database on the PostgreSQL test cluster),
//! feed it stdin, read its JSON Lines and its rows.

#![allow(dead_code)]

pub mod engine;
pub mod events;
pub mod http;
pub mod lmtp;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pwingest::store::AnyConn;
use pwingest::store::conn::{Conn, RowRead};
use pwingest::store::postgres::PgConn;
use pwingest::store::sqlite::SqliteConn;

pub use engine::{Engine, Template, engines};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_pwingest")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh database: a SQLite file in its own temporary directory, or a
/// database on the PostgreSQL test cluster (dropped with this value).
pub struct Db {
    pub dir: tempfile::TempDir,
    pub engine: Engine,
    /// The PostgreSQL database's name.
    pg: Option<String>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some(name) = &self.pg {
            engine::drop_database(name);
        }
    }
}

impl Db {
    /// An empty SQLite file's place.
    pub fn new() -> Db {
        Db::on(Engine::Sqlite)
    }

    /// An empty database on `engine` (pwingest creates every table).
    pub fn on(engine: Engine) -> Db {
        Db::make(engine, Template::Empty)
    }

    /// A database on `engine` as Patchwork 3.2.1's migrations left it
    /// (`../shared/patchwork-db/<engine>.sql`).
    pub fn patchwork(engine: Engine) -> Db {
        let db = Db::make(engine, Template::Patchwork);
        if engine == Engine::Sqlite {
            db.load(&repo().join("../shared/patchwork-db/sqlite.sql"));
        }
        db
    }

    fn make(engine: Engine, template: Template) -> Db {
        Db {
            dir: tempfile::tempdir().expect("tempdir"),
            engine,
            pg: (engine == Engine::Postgres).then(|| engine::create_database(template)),
        }
    }

    /// The SQLite file (SQLite only).
    pub fn path(&self) -> PathBuf {
        assert_eq!(
            self.engine,
            Engine::Sqlite,
            "a file path of a SQLite database"
        );
        self.dir.path().join("pw.db")
    }

    /// What `--db` says: the file, or the connection string.
    pub fn location(&self) -> String {
        match &self.pg {
            Some(name) => format!("{} dbname={name}", engine::cluster().unwrap_or_default()),
            None => self.path().to_string_lossy().into_owned(),
        }
    }

    /// [`Db::location`] without spaces: a PostgreSQL database as a URL
    /// (`postgresql:///NAME?host=…&user=…`), for command lines split at
    /// spaces (postfix's `pipe`).
    pub fn url(&self) -> String {
        let Some(name) = &self.pg else {
            return self.location();
        };
        let cluster = engine::cluster().unwrap_or_default();
        let params: Vec<&str> = cluster.split_whitespace().collect();
        assert!(
            params
                .iter()
                .all(|p| p.contains('=') && !p.contains(['&', '#', '\'', '%'])),
            "PWINGEST_TEST_PG as plain key=value words: {cluster}"
        );
        format!("postgresql:///{name}?{}", params.join("&"))
    }

    /// A connection through pwingest's own engine layer (tests read rows
    /// with it the same way on both engines).
    pub fn conn(&self) -> AnyConn {
        match self.engine {
            Engine::Sqlite => AnyConn::Sqlite(SqliteConn::open(&self.path()).expect("open SQLite")),
            Engine::Postgres => AnyConn::Postgres(Box::new(
                PgConn::open(&self.location()).expect("connect PostgreSQL"),
            )),
        }
    }

    /// Runs SQL statements (a script) on the database.
    pub fn sql(&self, sql: &str) {
        self.conn()
            .batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Loads a dump or rows (`../shared/patchwork-db/…`) as the engine's
    /// own shell would: for SQLite without foreign key checks, and a NUL in
    /// a string literal (a fuzzed mail's header) as `char(0)`.
    pub fn load(&self, file: &Path) {
        let text = std::fs::read_to_string(file).unwrap();
        match self.engine {
            Engine::Sqlite => {
                let conn = rusqlite::Connection::open(self.path()).unwrap();
                conn.pragma_update(None, "foreign_keys", "off").unwrap();
                conn.execute_batch(&text.replace('\0', "' || char(0) || '"))
                    .unwrap();
            }
            Engine::Postgres => self.sql(&text),
        }
    }

    /// The rows `sql` selects, each mapped by `map`.
    pub fn rows<T>(&self, sql: &str, mut map: impl FnMut(&dyn RowRead) -> T) -> Vec<T> {
        let mut out = Vec::new();
        self.conn()
            .query(sql, &[], &mut |r| {
                out.push(map(r));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        out
    }

    /// The one integer `sql` selects.
    pub fn count(&self, sql: &str) -> i64 {
        self.rows(sql, |r| r.get::<i64>(0).unwrap())[0]
    }

    /// A `pwingest --db <this> ARGS…` command.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.arg("--db")
            .arg(self.location())
            .args(args)
            .env_remove("PWINGEST_DB")
            .env("RUST_LOG", "error");
        c
    }

    /// Runs with `stdin` and returns the output; panics if it cannot start.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        run_with_stdin(self.cmd(args), stdin)
    }

    /// Runs and asserts exit 0, returning stdout.
    pub fn ok(&self, args: &[&str], stdin: &[u8]) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "pwingest {args:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// `project add` for every project of a conformance `case.json`, in order.
    pub fn add_case_projects(&self, spec: &serde_json::Value) {
        for p in spec["projects"].as_array().expect("projects") {
            let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
            self.ok(
                &[
                    "project",
                    "add",
                    "--link-name",
                    &s("link_name"),
                    "--name",
                    &s("name"),
                    "--list-id",
                    &s("list_id"),
                    "--list-email",
                    &s("list_email"),
                    "--subject-match",
                    &s("subject_match"),
                    "--list-archive-url-format",
                    &s("list_archive_url_format"),
                ],
                b"",
            );
        }
    }

    /// `export --api-version V` parsed.
    pub fn export(&self, version: &str) -> serde_json::Value {
        let out = self.ok(
            &[
                "export",
                "--api-version",
                version,
                "--base-url",
                "http://patchwork.ozlabs.org",
            ],
            b"",
        );
        serde_json::from_str(&out).expect("export is JSON")
    }
}

/// Whether `program` is on the PATH.
pub fn have(program: &str) -> bool {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A test that cannot run here: under CI (`CI=true`) that is a failure;
/// elsewhere it is reported as skipped on the real stderr, which the test
/// harness does not capture, so the skip shows in `cargo test`'s output.
pub fn skip(test: &str, why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{test} could not run under CI: {why}");
    }
    let _ = writeln!(std::io::stderr(), "\n!!!!! SKIPPED {test}: {why} !!!!!\n");
}

pub fn run_with_stdin(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pwingest");
    let mut pipe = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

/// The JSON lines of an ingest run.
pub fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The conformance corpus: `$PWINGEST_CONFORMANCE`, else `../shared/conformance`.
pub fn corpus() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("PWINGEST_CONFORMANCE").map(PathBuf::from),
        Some(repo().join("../shared/conformance")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("cases").is_dir())
}

/// Every case directory of the corpus, sorted as `group/name`.
pub fn cases(corpus: &Path) -> Vec<PathBuf> {
    cases_in(&corpus.join("cases"))
}

/// Every `group/name` directory under `dir` holding a `case.json`, sorted.
pub fn cases_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for group in std::fs::read_dir(dir).expect("cases dir").flatten() {
        if let Ok(entries) = std::fs::read_dir(group.path()) {
            out.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.join("case.json").is_file()),
            );
        }
    }
    out.sort();
    out
}

pub fn case_name(case: &Path) -> String {
    let name = case.file_name().unwrap().to_string_lossy();
    let group = case
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    format!("{group}/{name}")
}

/// A mail from Ada on list `list` with `extra` headers and `body`, sent
/// on the day `day` of May 2024.
pub fn mail(list: &str, day: u32, subject: &str, msgid: &str, extra: &str, body: &str) -> String {
    format!(
        "From: Ada Example <ada@example.org>\nTo: {list}@example.org\nSubject: {subject}\n\
         Date: Mon, {day} May 2024 10:00:00 +0000\nMessage-Id: <{msgid}@example.org>\n\
         List-Id: <{list}.example.org>\n{extra}\n{body}"
    )
}

/// Mails as one mbox (mboxrd `From ` lines).
pub fn mbox(mails: &[String]) -> Vec<u8> {
    mails
        .iter()
        .map(|m| format!("From mboxrd@z Thu Jan  1 00:00:00 1970\n{m}\n"))
        .collect::<String>()
        .into_bytes()
}

/// Runs `pwingest --db DB ARGS…` with stdout and stderr on a terminal;
/// returns what the terminal showed.
pub fn on_a_terminal(db: &Db, args: &[&str]) -> String {
    // The location quoted for the shell (a connection string has spaces).
    let location = db.location().replace('\'', "'\\''");
    let mut cmdline = format!("{} --db '{location}'", bin());
    for a in args {
        cmdline.push(' ');
        cmdline.push_str(a);
    }
    let out = Command::new("script")
        .args(["-qec", &cmdline, "/dev/null"])
        .env_remove("PWINGEST_DB")
        .env("RUST_LOG", "error")
        .output()
        .expect("run script(1)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Takes pwingest's own tables back from schema version 3 (what became of
/// each mail, `side/*/0003_message_fate.sql`) to version 2's columns, for
/// the migration tests (the version row is the caller's to set).
pub const UNDO_MESSAGE_FATE: &str = "DROP INDEX pwingest_message_identity;
    ALTER TABLE pwingest_message DROP COLUMN status;
    ALTER TABLE pwingest_message DROP COLUMN list_id;
    ALTER TABLE pwingest_message DROP COLUMN from_header;
    ALTER TABLE pwingest_message DROP COLUMN subject;
    ALTER TABLE pwingest_message DROP COLUMN updated_at;
    ALTER TABLE pwingest_message DROP COLUMN raw_sha256;";
