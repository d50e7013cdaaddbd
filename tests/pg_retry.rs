//! A writer outside pwingest's lock (Patchwork's own `parsemail` while a
//! site switches, say) inserting the same key at the same moment is a
//! conflict PostgreSQL asks to run again: pwingest rolls the batch back and
//! runs it again, and the mail is stored, not failed (issue 11, point 2).

use std::io::Write;
use std::process::Stdio;

use postgres::{Client, NoTls};

use crate::util::{Db, Engine, engine::cluster, lines, mail};

#[test]
fn a_key_another_writer_inserts_meanwhile_is_run_again_not_failed() {
    if cluster().is_none() {
        crate::util::skip("retry on PostgreSQL", "PWINGEST_TEST_PG is not set");
        return;
    }
    let db = Db::on(Engine::Postgres);
    db.ok(&["project", "list"], b"");
    // The other writer's person row, not committed yet: pwingest does not
    // see it, inserts its own and waits on the unique index.
    let mut other = Client::connect(&db.location(), NoTls).unwrap();
    let mut tx = other.transaction().unwrap();
    tx.execute(
        "INSERT INTO patchwork_person (email, name) VALUES ('ada@example.org', 'Ada Example')",
        &[],
    )
    .unwrap();
    let mut child = db
        .cmd(&["--auto-projects", "--format", "mail"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let patch = mail(
        "retry",
        6,
        "[PATCH] retried",
        "retry-1",
        "",
        "text\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(patch.as_bytes())
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    tx.commit().unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("running it again"), "{err}");
    let reported = lines(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(reported[0]["status"], "stored", "{reported:?}");
    assert_eq!(
        db.count("SELECT count(*) FROM patchwork_person WHERE email = 'ada@example.org'"),
        1
    );
}
