//! Real MTAs delivering to pwingest with the configuration of `samples/`:
//! postfix over `lmtp:` and through the `pipe` transport
//! (`tests/postfix.sh`, on every engine), and procmail with the sample
//! recipe (`tests/procmail.sh`); each script installs its Debian package
//! when it is missing. Runs under CI (`CI=true`) or with
//! `PWINGEST_POSTFIX_TEST=1`, as root; elsewhere it is reported as skipped
//! (`util::skip`).

use std::process::Command;

use crate::util::{Db, Engine, bin, engines, repo};

/// Whether the MTA tests are asked for; reports the skip when not.
fn wanted(script: &str) -> bool {
    let wanted = std::env::var("CI").as_deref() == Ok("true")
        || std::env::var_os("PWINGEST_POSTFIX_TEST").is_some();
    if !wanted {
        let why = "set PWINGEST_POSTFIX_TEST=1 to run it (needs root; installs the MTA)";
        crate::util::skip(&format!("tests/{script}"), why);
    }
    wanted
}

/// Runs `tests/<script>` on the built binary with `args` after it.
fn run_script(script: &str, args: &[String]) {
    let out = Command::new("bash")
        .arg(repo().join("tests").join(script))
        .arg(bin())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run tests/{script}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(
        out.status.success(),
        "tests/{script} failed ({:?}):\n{text}",
        out.status.code()
    );
}

/// postfix into new SQLite files, then into two databases of Patchwork
/// 3.2.1's PostgreSQL schema (as a site switching to pwingest has), named
/// by URL: postfix's `pipe` splits its command line at spaces.
#[test]
fn postfix_delivers_over_lmtp_and_pipe() {
    if !wanted("postfix.sh") {
        return;
    }
    for engine in engines("postfix_delivers_over_lmtp_and_pipe") {
        match engine {
            Engine::Sqlite => run_script("postfix.sh", &[]),
            Engine::Postgres => {
                let dbs = [Db::patchwork(engine), Db::patchwork(engine)];
                run_script("postfix.sh", &dbs.each_ref().map(Db::url));
            }
        }
    }
}

#[test]
fn procmail_delivers_with_the_sample_recipe() {
    if wanted("procmail.sh") {
        run_script("procmail.sh", &[]);
    }
}
