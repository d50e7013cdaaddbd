//! Real postfix delivering to pwingest over `lmtp:` and through the `pipe`
//! transport (`tests/postfix.sh`, which installs Debian's postfix when it
//! is missing). Runs under CI (`CI=true`) or with `PWINGEST_POSTFIX_TEST=1`,
//! as root; elsewhere it says loudly that it was skipped.

use std::process::Command;

use crate::util::{bin, repo};

#[test]
fn postfix_delivers_over_lmtp_and_pipe() {
    let wanted = std::env::var("CI").as_deref() == Ok("true")
        || std::env::var_os("PWINGEST_POSTFIX_TEST").is_some();
    if !wanted {
        eprintln!(
            "\n!!!!! postfix test skipped: set PWINGEST_POSTFIX_TEST=1 (needs root; installs postfix) !!!!!\n"
        );
        return;
    }
    let out = Command::new("bash")
        .arg(repo().join("tests/postfix.sh"))
        .arg(bin())
        .output()
        .expect("run tests/postfix.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(
        out.status.success(),
        "tests/postfix.sh failed ({:?}):\n{text}",
        out.status.code()
    );
}
