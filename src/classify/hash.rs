//! Patchwork's patch hash (spec §9, `patchwork/hasher.py` `hash_diff`).

use std::sync::LazyLock;

use regex::Regex;
use sha1::{Digest, Sha1};

use super::content::{HUNK_RE, hunk_count_text, py_strip};

/// `^(---|\+\+\+) (\S+)` with Python's notion of whitespace.
static FILENAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(---|\+\+\+) ([^\s\x1c-\x1f]+)").expect("valid regex"));

/// Lower-case hex SHA-1 of the normalised diff.
pub fn patch_hash(diff: &str) -> String {
    let no_cr = diff.replace('\r', "");
    let normalised = format!("{}\n", py_strip(&no_cr));
    let mut hasher = Sha1::new();
    for line in normalised.split('\n').filter(|l| !l.is_empty()) {
        let kept: std::borrow::Cow<'_, str> = if let Some(caps) = FILENAME_RE.captures(line) {
            let marker = &caps[1];
            let side = if marker == "---" { "a/" } else { "b/" };
            let rest = caps[2].split_once('/').map_or("", |(_, r)| r);
            format!("{marker} {side}{rest}").into()
        } else if let Some(caps) = HUNK_RE.captures(line) {
            format!(
                "@@ -{} +{} @@",
                hunk_count_text(caps.get(1)),
                hunk_count_text(caps.get(2))
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
    use super::patch_hash;

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
