//! Pull-request detection (spec §8.6, Patchwork's `parse_pull_request`).

use std::sync::LazyLock;

use regex::Regex;

/// Python's `\s` (Unicode White_Space plus U+001C–U+001F) and `\w`
/// (letters, numbers, underscore) as classes usable inside `[...]`.
const PY_WS: &str = r"\s\x1c-\x1f";
const PY_WORD: &str = r"\p{L}\p{N}_";

static PULL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?smi)^The following changes since commit.*^are available in the git repository at:[{ws}]*\n^[{ws}]*([{w}+-]+(?:://|@)[{w}/.@:~-]+[{ws}\\]*[{w}/._-]*)[{ws}]*$",
        ws = PY_WS,
        w = PY_WORD
    );
    Regex::new(&pattern).expect("valid regex")
});

static WS_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("[{PY_WS}]+")).expect("valid regex"));

/// A necessary condition for `PULL_RE`, checked without it: compiling that
/// Unicode, case-insensitive pattern costs milliseconds, several times a
/// one-message pipe delivery, and most mail is no pull request (replies
/// may well mention "following changes", but not at a line start). The
/// pattern needs a line starting with the first phrase and a later one
/// starting with the second. The phrases avoid `k` and `s`, the only ASCII
/// letters with non-ASCII case-fold partners (KELVIN SIGN, LONG S), so an
/// ASCII-case-insensitive search never misses what `(?i)` would match.
fn may_be_pull_request(content: &str) -> bool {
    const FIRST: &[u8] = b"the following change";
    const SECOND: &[u8] = b"are available in the git ";
    line_starting_with(content.as_bytes(), FIRST)
        .is_some_and(|at| line_starting_with(&content.as_bytes()[at..], SECOND).is_some())
}

/// Where the first line that starts with `phrase` (ASCII case-insensitively) begins.
fn line_starting_with(text: &[u8], phrase: &[u8]) -> Option<usize> {
    let mut start = 0;
    loop {
        let line = &text[start..];
        if line.len() >= phrase.len() && line[..phrase.len()].eq_ignore_ascii_case(phrase) {
            return Some(start);
        }
        start += line.iter().position(|&b| b == b'\n')? + 1;
    }
}

/// The pull URL found in a content, if any: group 1 with whitespace runs
/// collapsed to one space, stripped.
pub fn pull_url(content: &str) -> Option<String> {
    if !may_be_pull_request(content) {
        return None;
    }
    let caps = PULL_RE.captures(content)?;
    let url = WS_RUN.replace_all(&caps[1], " ");
    Some(super::content::py_strip(&url).to_string())
}

#[cfg(test)]
mod tests {
    use super::{PULL_RE, may_be_pull_request, pull_url};

    /// The shortcut's phrases have no letter that `(?i)` folds to a non-ASCII character.
    #[test]
    fn phrases_fold_within_ascii() {
        let mut buf = [0u8; 4];
        for letter in "thefollowingchangeareavailableinthegit".chars() {
            let re = regex::Regex::new(&format!("(?i)^{letter}$")).unwrap();
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                if re.is_match(c.encode_utf8(&mut buf)) {
                    assert!(c.eq_ignore_ascii_case(&letter), "{letter} {c:?}");
                }
            }
        }
    }

    #[test]
    fn shortcut_never_hides_a_match() {
        let head = "The following changes since commit 0123:\n";
        let tail = "are available in the git repository at:\n  git://x/y\n";
        for content in [
            format!("{head}{tail}"),
            format!("x\n{head}\n{tail}"),
            format!("> {head}{tail}"),
            format!("{head}> {tail}"),
            format!("{tail}{head}"),
            format!("{}{}", head.to_uppercase(), tail.to_uppercase()),
        ] {
            if PULL_RE.is_match(&content) {
                assert!(may_be_pull_request(&content), "{content:?}");
            }
        }
        assert!(!may_be_pull_request(&format!("> {head}{tail}")));
    }

    #[test]
    fn table() {
        let head = "The following changes since commit 0123:\n\n  Merge (2024-01-01)\n\n";
        let cases: &[(String, Option<&str>)] = &[
            (
                format!(
                    "{head}are available in the Git repository at:\n\n  https://gitlab.com/example/qemu.git tags/pull-misc-20240102\n\nfor you to fetch"
                ),
                Some("https://gitlab.com/example/qemu.git tags/pull-misc-20240102"),
            ),
            (
                format!(
                    "{head}are available in the git repository at:\n  git://git.kernel.org/pub/scm/x.git master\n"
                ),
                Some("git://git.kernel.org/pub/scm/x.git master"),
            ),
            (
                format!(
                    "{head}are available in the git repository at:\n\tgit@github.com:foo/bar.git\n"
                ),
                Some("git@github.com:foo/bar.git"),
            ),
            (
                format!(
                    "{head}are available in the git repository at:\r\n  ssh://host/repo.git  \\\r\n    branch\r\n"
                ),
                Some("ssh://host/repo.git \\ branch"),
            ),
            (format!("{head}are available at:\n  git://x/y\n"), None),
            (
                "are available in the git repository at:\n  git://x/y\n".to_string(),
                None,
            ),
            ("just text".to_string(), None),
        ];
        for (content, want) in cases {
            assert_eq!(pull_url(content).as_deref(), *want, "{content:?}");
        }
    }
}
