//! The diff-splitting side of the opt-in fixes (issue 13, [`crate::fixes`]):
//! combined-diff hunks (`@@@`), binary-only file diffs, where a `git
//! format-patch` mail's diff starts, format-patch files sent as
//! attachments, and interdiff sections in cover letters. Each function is
//! used only when its fix is on; with none on, splitting is Patchwork's.

use super::{TextPart, split_diff};
use crate::fixes::{Fix, Fixes};
use crate::mail::py_text::truthy;

/// The counts of a combined-diff hunk being read (`diff --cc`, one column
/// per parent): lines still expected from each parent and in the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CombinedHunk {
    old: Vec<i64>,
    new: i64,
}

/// `@@@ -a,b -c,d +e,f @@@` (N+1 `@` for N ≥ 2 parents), as git writes a
/// combined diff's hunk header; an absent count is 1.
pub(super) fn combined_hunk_header(line: &str) -> Option<CombinedHunk> {
    let ats = line.bytes().take_while(|&b| b == b'@').count();
    if ats < 3 {
        return None;
    }
    let count = |range: &str| -> Option<i64> {
        let (start, count) = range.split_once(',').unwrap_or((range, "1"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(start) && digits(count)).then(|| count.parse().unwrap_or(i64::MAX))
    };
    let mut words = line[ats..].split(' ').skip(1);
    let mut old = Vec::with_capacity(ats - 1);
    for _ in 1..ats {
        old.push(count(words.next()?.strip_prefix('-')?)?);
    }
    let new = count(words.next()?.strip_prefix('+')?)?;
    let closing = words.next()?.trim_end();
    (closing.len() == ats && closing.bytes().all(|b| b == b'@'))
        .then_some(CombinedHunk { old, new })
}

impl CombinedHunk {
    /// Counts one hunk line; `true` once the hunk is complete. As git
    /// documents combined diffs: a `-` in a parent's column marks a line of
    /// that parent that is not in the result (then the other parents have
    /// it only where they show `-` too); without any `-` the line is in the
    /// result, and in every parent whose column is not `+`.
    pub(super) fn take(&mut self, line: &str) -> bool {
        if !line.starts_with('\\') {
            let columns = line.as_bytes();
            let column = |i: usize| columns.get(i).copied().unwrap_or(b' ');
            let removed = (0..self.old.len()).any(|i| column(i) == b'-');
            if !removed {
                self.new -= 1;
            }
            for (i, old) in self.old.iter_mut().enumerate() {
                let in_parent = if removed {
                    column(i) == b'-'
                } else {
                    column(i) != b'+'
                };
                *old -= i64::from(in_parent);
            }
        }
        self.new <= 0 && self.old.iter().all(|&o| o <= 0)
    }
}

/// `Binary files A and B differ`: git's whole diff of a binary file
/// without `--binary`.
pub(super) fn is_binary_files_line(line: &str) -> bool {
    line.starts_with("Binary files ") && line.trim_end().ends_with(" differ")
}

/// Where the diff of an unmistakable `git format-patch` mail starts: the
/// first `diff --git` line after a `---` line that a diffstat follows
/// (`file | n +-` lines and the ` n file(s) changed` summary). `None` when
/// the text is not laid out so.
pub(super) fn format_patch_diff_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').map(|l| {
        let at = offset;
        offset += l.len();
        (at, l.trim_end_matches(['\n', '\r']))
    });
    lines.find(|(_, l)| *l == "---")?;
    let mut stat_lines = 0;
    for (_, line) in lines.by_ref() {
        if line.contains(" | ") {
            stat_lines += 1;
        } else if stat_lines > 0 && is_diffstat_summary(line) {
            break;
        }
    }
    lines
        .find(|(_, l)| l.starts_with("diff --git "))
        .map(|(at, _)| at)
}

/// ` 3 files changed, 10 insertions(+)`.
fn is_diffstat_summary(line: &str) -> bool {
    let Some(rest) = line.strip_prefix(' ') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && (rest[digits..].starts_with(" file changed")
            || rest[digits..].starts_with(" files changed"))
}

/// §8.3 `parse_patch` with the enabled fixes: with
/// `diff-hunk-in-commit-message`, everything before a format-patch mail's
/// diff (see [`format_patch_diff_start`]) is comment.
pub(crate) fn split_text(text: &str, fixes: Fixes) -> (Option<String>, Option<String>) {
    let start = fixes
        .has(Fix::DIFF_HUNK_IN_COMMIT_MESSAGE)
        .then(|| format_patch_diff_start(text))
        .flatten();
    let Some(at) = start else {
        return split_diff(text, fixes);
    };
    let (diff, comment) = split_diff(&text[at..], fixes);
    let mut head = text[..at].to_string();
    head.push_str(comment.as_deref().unwrap_or(""));
    (diff, Some(head))
}

/// A `git format-patch` file: it starts with the `From <commit sha> …`
/// line (quoted `>From` in an mbox written without mboxrd quoting).
fn is_format_patch_file(text: &str) -> bool {
    let line = text.trim_start_matches('>');
    line.strip_prefix("From ").is_some_and(|rest| {
        rest.len() > 40
            && rest.as_bytes()[..40].iter().all(u8::is_ascii_hexdigit)
            && rest.as_bytes()[40] == b' '
    })
}

/// The diff of a `text/x-patch`/`text/x-diff` attachment: its whole text
/// (Patchwork), or with `patch-as-attachment` only the diff part of a
/// format-patch file, as if it had been sent inline.
pub(super) fn attachment_diff(text: &str, fixes: Fixes) -> String {
    if fixes.has(Fix::PATCH_AS_ATTACHMENT)
        && is_format_patch_file(text)
        && let (Some(diff), _) = split_text(text, fixes)
    {
        return diff;
    }
    text.to_string()
}

/// `Interdiff against v1:`, `Range-diff:`: the section heading git writes
/// before the changes since the last version.
fn is_interdiff_heading(line: &str) -> bool {
    let line = line.trim_end();
    (line.starts_with("Interdiff") || line.starts_with("Range-diff")) && line.ends_with(':')
}

/// For `interdiff-cover-letter`: the mail's text parts hold a diff only
/// after an interdiff or range-diff heading (no diff before it, no patch
/// attachment).
pub(crate) fn diff_only_after_interdiff(parts: &[TextPart], fixes: Fixes) -> bool {
    let mut heading_seen = false;
    for part in parts {
        match part.subtype.as_str() {
            "x-patch" | "x-diff" if !heading_seen && truthy(Some(&part.text)) => return false,
            "plain" if !heading_seen => {
                let mut offset = 0;
                let heading = part.text.split_inclusive('\n').find_map(|l| {
                    let at = offset;
                    offset += l.len();
                    is_interdiff_heading(l).then_some(at)
                });
                let before = &part.text[..heading.unwrap_or(part.text.len())];
                if split_text(before, fixes).0.is_some() {
                    return false;
                }
                heading_seen = heading.is_some();
            }
            _ => {}
        }
    }
    heading_seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_hunks_are_counted_per_parent() {
        let mut h = combined_hunk_header("@@@ -20,3 -20,2 +20,3 @@@ int f()").unwrap();
        assert_eq!((h.old.clone(), h.new), (vec![3, 2], 3));
        assert!(!h.take("  a"));
        assert!(!h.take(" +b"), "b: new in the result, parent 1 had it");
        assert!(!h.take("+ c"));
        assert!(!h.take("\\ No newline at end of file"));
        assert!(h.take("- d"), "parent 1 had d, parent 2 and the result not");
        let octopus = combined_hunk_header("@@@@ -1 -1 -1 +1,2 @@@@").unwrap();
        assert_eq!((octopus.old, octopus.new), (vec![1, 1, 1], 2));
        for bad in [
            "@@ -1 +1 @@",
            "@@@ -1 +1 @@@",
            "@@@ -1 -1 +1 @@",
            "@@@ -x -1 +1 @@@",
        ] {
            assert!(combined_hunk_header(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_diff_of_a_format_patch_mail_starts_after_its_diffstat() {
        let mail = "Msg\n--- a/x\n+++ b/x\n---\n x | 2 +-\n 1 file changed, 1 insertion(+)\n\ndiff --git a/x b/x\n";
        assert_eq!(format_patch_diff_start(mail), mail.find("diff --git"));
        assert_eq!(
            format_patch_diff_start("Msg\n---\ndiff --git a/x b/x\n"),
            None
        );
        assert!(is_format_patch_file(
            ">From 5d41402abc4b2a76b9719d911017c592bbbbbbbb Mon Sep 17 00:00:00 2001\n"
        ));
        assert!(!is_format_patch_file("From: Ada <a@x>\n"));
    }
}
