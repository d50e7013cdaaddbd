//! Real MTAs delivering to pwingest with the configuration of `samples/`:
//! postfix over `lmtp:` and through the `pipe` transport
//! (`tests/postfix.sh`), and procmail with the sample recipe
//! (`tests/procmail.sh`); each script installs its Debian package when it is
//! missing. Runs under CI (`CI=true`) or with `PWINGEST_POSTFIX_TEST=1`, as
//! root; elsewhere it is reported as skipped (`util::skip`).

use std::process::Command;

use crate::util::{bin, repo};

/// Runs `tests/<script>` on the built binary, unless not asked to.
fn run_script(script: &str) {
    let wanted = std::env::var("CI").as_deref() == Ok("true")
        || std::env::var_os("PWINGEST_POSTFIX_TEST").is_some();
    if !wanted {
        let why = "set PWINGEST_POSTFIX_TEST=1 to run it (needs root; installs the MTA)";
        crate::util::skip(&format!("tests/{script}"), why);
        return;
    }
    let out = Command::new("bash")
        .arg(repo().join("tests").join(script))
        .arg(bin())
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

#[test]
fn postfix_delivers_over_lmtp_and_pipe() {
    run_script("postfix.sh");
}

#[test]
fn procmail_delivers_with_the_sample_recipe() {
    run_script("procmail.sh");
}
