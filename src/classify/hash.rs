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

/// Lower-case hex SHA-1 of the normalised diff: CRs removed, stripped, and
/// only the lines that are file names, hunk headers or hunk lines kept.
pub fn patch_hash(diff: &str) -> String {
    let mut hasher = Sha1::new();
    // `strip` commutes with removing CRs: CR is whitespace.
    for raw_line in py_strip(diff).split('\n') {
        let no_cr: std::borrow::Cow<'_, str> = if raw_line.contains('\r') {
            raw_line.replace('\r', "").into()
        } else {
            raw_line.into()
        };
        let line: &str = &no_cr;
        if line.is_empty() {
            continue;
        }
        if let Some((marker, name)) = filename_line(line) {
            let side = if marker == "---" { "a/" } else { "b/" };
            let rest = name.split_once('/').map_or("", |(_, r)| r);
            for piece in [marker, " ", side, rest] {
                hasher.update(piece.as_bytes());
            }
        } else if let Some(counts) = hunk_header(line) {
            hasher.update(b"@@ -");
            hasher.update(hunk_count_text(counts.old).as_bytes());
            hasher.update(b" +");
            hasher.update(hunk_count_text(counts.new).as_bytes());
            hasher.update(b" @@");
        } else if line.starts_with(['-', '+', ' ']) {
            hasher.update(line.as_bytes());
        } else {
            continue;
        }
        hasher.update(b"\n");
    }
    lower_hex(&hasher.finalize())
}

/// Lower-case hex SHA-256 of a raw mail: with its forced list id, the
/// mail's identity in the ledger (`pwingest_message.raw_sha256`).
pub fn raw_sha256(raw: &[u8]) -> String {
    use sha2::Sha256;
    lower_hex(&Sha256::digest(raw))
}

/// Bytes as lower-case hex (RustCrypto 0.11 digests have no `LowerHex`).
pub fn lower_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(2 * bytes.len());
    for b in bytes {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
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

    /// The string-building `patch_hash` the streaming one replaced.
    fn patch_hash_by_copies(diff: &str) -> String {
        use super::{Digest, Sha1, filename_line, hunk_count_text, hunk_header, py_strip};
        let no_cr = diff.replace('\r', "");
        let normalised = format!("{}\n", py_strip(&no_cr));
        let mut hasher = Sha1::new();
        for line in normalised.split('\n').filter(|l| !l.is_empty()) {
            let kept: String = if let Some((marker, name)) = filename_line(line) {
                let side = if marker == "---" { "a/" } else { "b/" };
                let rest = name.split_once('/').map_or("", |(_, r)| r);
                format!("{marker} {side}{rest}")
            } else if let Some(c) = hunk_header(line) {
                let (old, new) = (hunk_count_text(c.old), hunk_count_text(c.new));
                format!("@@ -{old} +{new} @@")
            } else if line.starts_with(['-', '+', ' ']) {
                line.to_string()
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

    #[test]
    fn streaming_hash_agrees_with_copies() {
        let pieces = [
            "\r",
            "\n",
            "\r\n",
            " ",
            "\t",
            "-",
            "+",
            "--- a/x",
            "+++ b/y/z",
            "@@ -1,2 +3 @@",
            "@@ -0,0 +١٢ @@",
            "ctx",
            "\u{a0}",
            "\u{1c}",
            "diff --git",
            "\u{e9}",
        ];
        let mut inputs = awkward_strings(&pieces, 12, 40_000);
        inputs.push(WORKED.replace('\n', "\r\n"));
        inputs.push(WORKED.replace('\n', "\r"));
        inputs.push(WORKED.trim_end().to_string());
        for s in inputs {
            assert_eq!(patch_hash(&s), patch_hash_by_copies(&s), "{s:?}");
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
