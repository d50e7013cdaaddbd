//! Real MTAs delivering to pwingest with the configuration of `samples/`:
//! postfix over `lmtp:` and through the `pipe` transport
//! (`tests/postfix.sh`), and procmail with the sample recipe
//! (`tests/procmail.sh`); each script installs its Debian package when it is
//! missing. Runs under CI (`CI=true`) or with `PWINGEST_POSTFIX_TEST=1`, as
//! root; elsewhere it says loudly that it was skipped.

use std::process::Command;

use crate::util::{bin, repo};

/// Runs `tests/<script>` on the built binary, unless not asked to.
fn run_script(script: &str) {
    let wanted = std::env::var("CI").as_deref() == Ok("true")
        || std::env::var_os("PWINGEST_POSTFIX_TEST").is_some();
    if !wanted {
        eprintln!(
            "\n!!!!! {script} skipped: set PWINGEST_POSTFIX_TEST=1 (needs root; installs the MTA) !!!!!\n"
        );
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
