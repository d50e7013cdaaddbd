//! The body of one mbox message (spec §15 steps 1–4): the content split at
//! its postscript marker, the tag lines of the comments, the postscript and
//! the diff, with Python's string semantics (`str.strip`, `re.M`, `re.I`).

use std::sync::LazyLock;

use regex::Regex;

use crate::classify::content::py_strip;
use crate::mail::py_text::is_py_space;

/// §15 step 2: a comment line that carries a tag. Python's `re.I` also
/// folds `ı` and `İ` to `i`, which Unicode case folding alone does not;
/// `ſ`/`s` and `K`/`k` it shares with the `regex` crate.
static RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?mi)^(Tested|Rev[iıİ]ewed|Acked|S[iıİ]gned-off|Nacked|Reported)-by:.*$")
        .expect("valid regex")
});

/// §15 step 1: whether a line (without its `\n`) is a postscript marker,
/// `^-{2,3} ?$` under `re.M` (`$` matches only before `\n`).
fn is_marker(line: &str) -> bool {
    matches!(line, "--" | "---" | "-- " | "--- ")
}

/// `text` split at its first marker line: (before, after) where `before`
/// keeps its last `\n` and `after` starts with the marker's `\n` (Python's
/// `re.split(…, maxsplit=1)`).
fn split_postscript(text: &str) -> Option<(&str, &str)> {
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if is_marker(line) {
            return Some((&text[..start], &text[end..]));
        }
        start = end + 1;
    }
    None
}

/// The tag lines of one comment's content, each with `\n` (Patchwork's
/// `patch_responses`).
pub fn responses(content: &str) -> String {
    RESPONSE
        .find_iter(content)
        .map(|m| format!("{}\n", m.as_str()))
        .collect()
}

/// §15 steps 1–4: the message body before line-ending normalization.
/// `comments` are the contents of the submission's comments in date order;
/// `diff` is the patch's diff (`None` for covers).
pub fn body<'a>(
    content: &str,
    comments: impl IntoIterator<Item = &'a str>,
    diff: Option<&str>,
) -> String {
    let trimmed = if content.is_empty() {
        String::new()
    } else {
        format!("{}\n", py_strip(content))
    };
    let (mut body, postscript) = match split_postscript(&trimmed) {
        Some((before, after)) => (
            format!("{}\n", py_strip(before)),
            after.trim_end_matches(is_py_space),
        ),
        None => (trimmed.clone(), ""),
    };
    for comment in comments {
        body.push_str(&responses(comment));
    }
    if !postscript.is_empty() {
        body.push_str("---");
        body.push_str(postscript);
        body.push('\n');
    }
    if let Some(diff) = diff.filter(|d| !d.is_empty()) {
        body.push('\n');
        body.push_str(diff);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postscript_moves_after_the_tags() {
        let content =
            "  Fix the frobnicator.\n\nSigned-off-by: A <a@x.org>\n---\n v2: rebased  \n\n";
        let b = body(content, ["Looks good.\nReviewed-by: R <r@x.org>"], None);
        assert_eq!(
            b,
            "Fix the frobnicator.\n\nSigned-off-by: A <a@x.org>\nReviewed-by: R <r@x.org>\n---\n v2: rebased\n"
        );
    }

    #[test]
    fn only_whole_marker_lines_split() {
        for marker in ["--", "---", "-- ", "--- "] {
            let text = format!("a\n{marker}\nb\n");
            assert_eq!(
                split_postscript(&text),
                Some(("a\n", "\nb\n")),
                "{marker:?}"
            );
        }
        for not_marker in ["-", "----", "---  ", "--- x", "---\r", " ---"] {
            assert_eq!(split_postscript(&format!("a\n{not_marker}\nb\n")), None);
        }
        // Only the first marker splits.
        assert_eq!(split_postscript("--\nx\n---\n"), Some(("", "\nx\n---\n")));
    }

    #[test]
    fn a_marker_with_nothing_after_it_leaves_no_postscript() {
        assert_eq!(
            body("Text\n---\n\n", [], Some("diff --git a b\n")),
            "Text\n\ndiff --git a b\n"
        );
        assert_eq!(body("", [], None), "");
        assert_eq!(body("", ["Acked-by: x"], None), "Acked-by: x\n");
    }

    #[test]
    fn tag_lines_follow_python_re_flags() {
        let comment = "acked-BY: one\n Acked-by: indented\nRevıewed-by: dotless\nTeſted-by: long s\nTested-by: cr\r\nCc-by: no\nSigned-off-by:";
        assert_eq!(
            responses(comment),
            "acked-BY: one\nRevıewed-by: dotless\nTeſted-by: long s\nTested-by: cr\r\nSigned-off-by:\n"
        );
    }

    #[test]
    fn strip_is_pythons() {
        // U+001C is whitespace to Python's str.strip, not to Rust's trim.
        assert_eq!(body("\u{1c}text\u{1f}", [], None), "text\n");
    }
}
