//! Patchwork's patch hash (spec §9, `patchwork/hasher.py` `hash_diff`).

use sha1::{Digest, Sha1};

use super::content::{hunk_count_text, hunk_header, is_py_space, py_strip};

/// `^(---|\+\+\+) (\S+)` with Python's notion of whitespace: (marker, name).
fn filename_line(line: &str) -> Option<(&str, &str)> {
    let marker = line.get(..3).filter(|m| *m == "---" || *m == "+++")?;
    let rest = line[3..].strip_prefix(' ')?;
    let name = &rest[..rest.find(is_py_space).unwrap_or(rest.len())];
    (!name.is_empty()).then_some((marker, name))
}

/// Lower-case hex SHA-1 of the normalised diff.
pub fn patch_hash(diff: &str) -> String {
    let no_cr = diff.replace('\r', "");
    let normalised = format!("{}\n", py_strip(&no_cr));
    let mut hasher = Sha1::new();
    for line in normalised.split('\n').filter(|l| !l.is_empty()) {
        let kept: std::borrow::Cow<'_, str> = if let Some((marker, name)) = filename_line(line) {
            let side = if marker == "---" { "a/" } else { "b/" };
            let rest = name.split_once('/').map_or("", |(_, r)| r);
            format!("{marker} {side}{rest}").into()
        } else if let Some(counts) = hunk_header(line) {
            format!(
                "@@ -{} +{} @@",
                hunk_count_text(counts.old),
                hunk_count_text(counts.new)
            )
            .into()
        } else if line.starts_with(['-', '+', ' ']) {
            line.into()
        } else {
            continue;
        };
        hasher.update(kept.as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{filename_line, patch_hash};
    use crate::mail::py_text::{AWKWARD_CHARS, awkward_strings};

    #[test]
    fn filename_line_agrees_with_regex() {
        let re = regex::Regex::new(r"^(---|\+\+\+) ([^\s\x1c-\x1f]+)").unwrap();
        let mut pieces = vec!["---", "+++", "--", "+", "-", " ", "a/b", "/", "\u{e9}"];
        pieces.extend_from_slice(AWKWARD_CHARS);
        let mut inputs = awkward_strings(&pieces, 6, 40_000);
        for marker in ["---", "+++", "--", "++ "] {
            for blank in [" ", "  ", "", "\t"] {
                for name in ["", "a/b", "a\u{a0}b", "\u{1c}x", "\u{e9}/x y", "x\n"] {
                    inputs.push(format!("{marker}{blank}{name}"));
                }
            }
        }
        let mut matched = 0;
        for s in inputs {
            let want = re
                .captures(&s)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            assert_eq!(filename_line(&s), want, "{s:?}");
            matched += usize::from(want.is_some());
        }
        assert!(matched > 20, "{matched}");
    }

    const WORKED: &str = "diff --git a/docs/README b/docs/README\nindex 3d75d48..a57f4dd 100644\n--- a/docs/README\n+++ b/docs/README\n@@ -10,3 +10,4 @@ Intro\n line one\n+line added\n line two\n line three\n";

    #[test]
    fn table() {
        let cases: &[(&str, &str)] = &[
            (WORKED, "57c825182091b513aff396e5df8bb383c6a72062"),
            // Insensitive to CR, prefixes, hunk start lines, index lines.
            (
                &WORKED.replace('\n', "\r\n"),
                "57c825182091b513aff396e5df8bb383c6a72062",
            ),
            (
                "--- x/docs/README\t2020-01-01\n+++ y/docs/README\n@@ -1,3 +7,4 @@\n line one\n+line added\n line two\n line three\n",
                "57c825182091b513aff396e5df8bb383c6a72062",
            ),
            // Binary-only diff hashes nothing.
            (
                "diff --git a/x.bin b/x.bin\nGIT binary patch\nliteral 5\nMcmZ?\n",
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            ),
            ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ];
        for (diff, want) in cases {
            assert_eq!(patch_hash(diff), *want, "{diff:?}");
        }
    }

    #[test]
    fn sensitive_to_context_whitespace() {
        assert_ne!(
            patch_hash(WORKED),
            patch_hash(&WORKED.replace(" line two", " line two "))
        );
    }
}
