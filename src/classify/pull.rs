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
/// Unicode, case-insensitive pattern costs milliseconds, a large part of a
/// one-message pipe delivery, and most mail is no pull request. The phrase
/// avoids `k` and `s`, the only ASCII letters with non-ASCII case-fold
/// partners (KELVIN SIGN, LONG S), so an ASCII-case-insensitive search
/// never misses what `(?i)` would match.
fn may_be_pull_request(content: &str) -> bool {
    const PHRASE: &[u8] = b"following change";
    content
        .as_bytes()
        .windows(PHRASE.len())
        .any(|w| w[0] | 0x20 == PHRASE[0] && w.eq_ignore_ascii_case(PHRASE))
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
    use super::pull_url;

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
