//! Bodies → `content` and `diff` (spec §8.2–8.5), after Patchwork's
//! `find_patch_content`, `find_comment_content`, `parse_patch` and
//! `clean_content` (patchwork/parser.py, v3.2.1).
//!
//! `content` is returned with CRLF turned into LF (as Patchwork stores it);
//! `diff` is returned exactly as split from the mail text.

mod fixed;

use fixed::{CombinedHunk, attachment_diff, combined_hunk_header, is_binary_files_line};
pub(crate) use fixed::{diff_only_after_interdiff, split_text};

use super::mime::TextPart;
use crate::fixes::{Fix, Fixes};
use crate::mail::date::decimal_value;
use crate::mail::py_text::{is_decimal_digit, truthy};

/// §8.2: a non-reply mail's (diff, content).
///
/// The diff is `Some("")` only when an empty `text/x-patch` part was the
/// last diff seen: Patchwork then has an empty, i.e. false, diff, which
/// makes no patch ([`super::Analysis::has_diff`]). `fixes` may change how
/// the diff is found (see [`fixed`]).
pub fn patch_content(parts: &[TextPart], fixes: Fixes) -> (Option<String>, String) {
    let mut diff: Option<String> = None;
    let text_len: usize = parts.iter().map(|p| p.text.len() + 1).sum();
    let mut comments = String::with_capacity(text_len);
    for part in parts {
        match part.subtype.as_str() {
            "x-patch" | "x-diff" => diff = Some(attachment_diff(&part.text, fixes)),
            "plain" => {
                let comment: Option<std::borrow::Cow<'_, str>> =
                    // `if not patchbuf`: an empty attachment is no diff.
                    if !truthy(diff.as_deref()) {
                        let (d, c) = split_text(&part.text, fixes);
                        diff = d;
                        c.map(Into::into)
                    } else {
                        Some(part.text.as_str().into())
                    };
                if let Some(c) = comment {
                    comments.push_str(py_strip(&c));
                    comments.push('\n');
                }
            }
            _ => {}
        }
    }
    (diff, finish_content(&comments))
}

/// §8.4: a reply's content (no diff extraction).
pub fn comment_content(parts: &[TextPart]) -> String {
    let mut comments = String::new();
    for part in parts
        .iter()
        .filter(|p| p.subtype == "plain" && !p.text.is_empty())
    {
        comments.push_str(py_strip(&part.text));
        comments.push('\n');
    }
    finish_content(&comments)
}

fn finish_content(comments: &str) -> String {
    let cleaned = clean_content(comments);
    if cleaned.contains('\r') {
        cleaned.replace("\r\n", "\n")
    } else {
        cleaned.to_string()
    }
}

pub(crate) use crate::mail::py_text::is_py_space;

/// Python's `str.strip()` without arguments.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Where `(?m)^(?:-- |_+)\n` first matches: the start of the first line
/// that is `-- ` or only underscores, ended by LF.
fn signature_start(content: &str) -> Option<usize> {
    let mut line_start = 0;
    while line_start < content.len() {
        let line = &content[line_start..];
        let line_len = line.find('\n')?;
        let body = &line[..line_len];
        if body == "-- " || (!body.is_empty() && body.bytes().all(|b| b == b'_')) {
            return Some(line_start);
        }
        line_start += line_len + 1;
    }
    None
}

/// §8.5 `clean_content`: cut at the first `-- ` or underscores-only line
/// (which must end in LF right after the marker), then strip.
/// Returns the kept part of `content`.
pub(crate) fn clean_content(content: &str) -> &str {
    let cut = signature_start(content).map_or(content, |at| &content[..at]);
    py_strip(cut)
}

/// The count groups of a §8.3 hunk header (`_hunk_re`,
/// `^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@`): old and new, `None` when
/// absent. `\d` is any Unicode decimal digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HunkCounts<'a> {
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

/// Matches a hunk header at the start of `line`.
pub(crate) fn hunk_header(line: &str) -> Option<HunkCounts<'_>> {
    /// `\d+(?:,(\d+))?` at the start: (count group, rest).
    fn range(s: &str) -> Option<(Option<&str>, &str)> {
        let rest = s.trim_start_matches(is_decimal_digit);
        if rest.len() == s.len() {
            return None;
        }
        let Some(after_comma) = rest.strip_prefix(',') else {
            return Some((None, rest));
        };
        let tail = after_comma.trim_start_matches(is_decimal_digit);
        if tail.len() == after_comma.len() {
            // `(?:,(\d+))?` matches nothing; the `,` then fails what follows.
            return Some((None, rest));
        }
        Some((Some(&after_comma[..after_comma.len() - tail.len()]), tail))
    }
    let (old, rest) = range(line.strip_prefix("@@ -")?)?;
    let (new, rest) = range(rest.strip_prefix(" +")?)?;
    rest.starts_with(" @@").then_some(HunkCounts { old, new })
}

/// The decimal value of a Unicode digit (`\d` matches any `Nd` character,
/// and Python's `int()` accepts them).
fn digit_value(c: char) -> u32 {
    decimal_value(c).unwrap_or(0)
}

/// `int(x)` of a hunk count group, saturating (absent = 1).
pub(crate) fn hunk_count(group: Option<&str>) -> i64 {
    match group {
        None => 1,
        Some(m) => m.chars().fold(0i64, |acc, c| {
            acc.saturating_mul(10)
                .saturating_add(i64::from(digit_value(c)))
        }),
    }
}

/// `str(int(x))` of a hunk count group (absent = "1"), exact for any size.
pub(crate) fn hunk_count_text(group: Option<&str>) -> String {
    let Some(m) = group else {
        return "1".to_string();
    };
    let digits: String = m
        .chars()
        .map(|c| char::from(b'0' + digit_value(c) as u8))
        .collect();
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

const EXTENDED_HEADER_LINES: [&str; 11] = [
    "old mode ",
    "new mode ",
    "deleted file mode ",
    "new file mode ",
    "copy from ",
    "copy to ",
    "rename from ",
    "rename to ",
    "similarity index ",
    "dissimilarity index ",
    "index ",
];

fn is_extended_header(line: &str) -> bool {
    EXTENDED_HEADER_LINES.iter().any(|p| line.starts_with(p))
}

const NO_NEWLINE: &str = "\\ No newline at end of file";

/// `[l + "\n" for l in text.split("\n")]` without allocating for lines
/// that already end in LF.
fn py_lines(text: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    let last_missing = text.is_empty() || text.ends_with('\n');
    text.split_inclusive('\n')
        .map(|l| {
            if l.ends_with('\n') {
                l.into()
            } else {
                format!("{l}\n").into()
            }
        })
        .chain(last_missing.then(|| "\n".into()))
}

/// States of the §8.3 machine (`parse_patch`'s 0–7).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Header,
    Minus,
    Plus,
    Hunk,
    Extended,
    Binary,
}

/// §8.3 `parse_patch`: splits a text into (diff, comment), each `None` when
/// empty. With `combined-diff-merge`, `@@@` hunks are hunks; with
/// `binary-only-patch`, a `Binary files … differ` line ends a file's diff.
pub(crate) fn split_diff(text: &str, fixes: Fixes) -> (Option<String>, Option<String>) {
    let mut diff = String::new();
    let mut comment = String::new();
    let mut pending = String::new();
    let mut state = State::Text;
    let (mut old, mut new) = (0i64, 0i64);
    let mut hunks = 0u64;
    let combined_diffs = fixes.has(Fix::COMBINED_DIFF_MERGE);
    let binary_diffs = fixes.has(Fix::BINARY_ONLY_PATCH);
    let mut combined: Option<CombinedHunk> = None;

    for line in py_lines(text) {
        let line: &str = &line;
        match state {
            State::Text => {
                if line.starts_with("diff ") || line.starts_with("Index: ") {
                    state = State::Header;
                    pending.push_str(line);
                } else if line.starts_with("--- ") {
                    state = State::Minus;
                    pending.push_str(line);
                } else {
                    comment.push_str(line);
                }
            }
            State::Header | State::Extended if binary_diffs && is_binary_files_line(line) => {
                diff.push_str(&pending);
                diff.push_str(line);
                pending.clear();
                state = State::Plus;
                hunks += 1;
            }
            State::Header => {
                pending.push_str(line);
                if line.starts_with("--- ") {
                    state = State::Minus;
                }
                if is_extended_header(line) {
                    state = State::Extended;
                }
            }
            State::Minus => {
                if line.starts_with("+++ ") {
                    state = State::Plus;
                    pending.push_str(line);
                } else if hunks > 0 {
                    state = State::Header;
                    pending.push_str(line);
                } else {
                    state = State::Text;
                    comment.push_str(&pending);
                    comment.push_str(line);
                    pending.clear();
                }
            }
            State::Plus => {
                if let Some(counts) = hunk_header(line) {
                    old = hunk_count(counts.old);
                    new = hunk_count(counts.new);
                    state = State::Hunk;
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                } else if let Some(hunk) =
                    combined_diffs.then(|| combined_hunk_header(line)).flatten()
                {
                    combined = Some(hunk);
                    state = State::Hunk;
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                } else if line.starts_with("--- ") {
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                    state = State::Minus;
                } else if hunks > 0 && line.starts_with(NO_NEWLINE) {
                    diff.push_str(line);
                } else if hunks > 0 {
                    state = State::Header;
                    pending.push_str(line);
                } else {
                    state = State::Text;
                    comment.push_str(&pending);
                    comment.push_str(line);
                    pending.clear();
                }
            }
            State::Hunk if combined.is_some() => {
                diff.push_str(line);
                if combined.as_mut().is_some_and(|h| h.take(line)) {
                    combined = None;
                    state = State::Plus;
                    hunks += 1;
                }
            }
            State::Hunk => {
                if line.starts_with('-') {
                    old -= 1;
                } else if line.starts_with('+') {
                    new -= 1;
                } else if !line.starts_with(NO_NEWLINE) {
                    old -= 1;
                    new -= 1;
                }
                diff.push_str(line);
                if old <= 0 && new <= 0 {
                    state = State::Plus;
                    hunks += 1;
                }
            }
            State::Extended => {
                if is_extended_header(line) {
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                } else if line.starts_with("--- ") {
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                    state = State::Minus;
                } else if line.starts_with("GIT binary patch") {
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                    state = State::Binary;
                } else {
                    pending.push_str(line);
                    state = State::Header;
                }
            }
            State::Binary => {
                if line.starts_with("diff") {
                    pending.push_str(line);
                    state = State::Text;
                } else {
                    diff.push_str(&pending);
                    diff.push_str(line);
                    pending.clear();
                }
            }
        }
    }
    comment.push_str(&pending);
    let none_if_empty = |s: String| (!s.is_empty()).then_some(s);
    (none_if_empty(diff), none_if_empty(comment))
}

#[cfg(test)]
mod tests;
