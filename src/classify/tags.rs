//! Tag counting (spec §12, Patchwork's `Patch.extract_tags` with the default
//! tag table): `^Acked-by:`, `^Reviewed-by:`, `^Tested-by:`, searched with
//! flags M+I, non-overlapping matches counted.

/// Counts of each tag in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TagCounts {
    pub acked: u32,
    pub reviewed: u32,
    pub tested: u32,
}

/// Python `re.IGNORECASE` equality of a text character with a lower-case
/// ASCII pattern letter, including the non-ASCII letters Python folds onto
/// it (`İ`/`ı` ~ i, `ſ` ~ s, Kelvin sign ~ k).
fn folds_to(c: char, p: u8) -> bool {
    c.to_ascii_lowercase() == p as char
        || match p {
            b'i' => matches!(c, '\u{130}' | '\u{131}'),
            b's' => c == '\u{17f}',
            b'k' => c == '\u{212a}',
            _ => false,
        }
}

/// Whether `line` starts with `tag` (flags I). A hand-written `(?i)^tag`
/// so that one pipe delivery need not compile three regexes.
fn starts_with_tag(line: &str, tag: &str) -> bool {
    let mut chars = line.chars();
    tag.bytes()
        .all(|p| chars.next().is_some_and(|c| folds_to(c, p)))
}

/// Counts the tags of §12 in `content`: lines starting with each (flags M+I).
pub fn count(content: &str) -> TagCounts {
    let mut counts = TagCounts::default();
    for line in content.split('\n') {
        // Every tag starts with a letter that only folds from ASCII.
        let counter = match line.as_bytes().first().map(u8::to_ascii_lowercase) {
            Some(b'a') => (&mut counts.acked, "acked-by:"),
            Some(b'r') => (&mut counts.reviewed, "reviewed-by:"),
            Some(b't') => (&mut counts.tested, "tested-by:"),
            _ => continue,
        };
        if starts_with_tag(line, counter.1) {
            *counter.0 = counter.0.saturating_add(1);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::{TagCounts, count};

    #[test]
    fn python_ignorecase_folds() {
        assert_eq!(
            count("Te\u{17f}ted-by: x\nRev\u{131}ewed-by: y\nAc\u{212a}ed-by: z\n").tested,
            1
        );
        assert_eq!(count("Rev\u{131}ewed-by: y").reviewed, 1);
        assert_eq!(count(" Acked-by: indented\nAcked-by:").acked, 1);
    }

    #[test]
    fn table() {
        let cases: &[(&str, TagCounts)] = &[
            ("", TagCounts::default()),
            (
                "Acked-by: A <a@x>\n",
                TagCounts {
                    acked: 1,
                    reviewed: 0,
                    tested: 0,
                },
            ),
            (
                "acked-BY: A\nReviewed-by: B\nTested-by: C\nTested-by: D\n",
                TagCounts {
                    acked: 1,
                    reviewed: 1,
                    tested: 2,
                },
            ),
            // Must start a line.
            (
                " Acked-by: A\n> Reviewed-by: B\nSigned-off-by: C\n",
                TagCounts::default(),
            ),
            (
                "Acked-by:\r\nAcked-by: x",
                TagCounts {
                    acked: 2,
                    reviewed: 0,
                    tested: 0,
                },
            ),
        ];
        for (content, want) in cases {
            assert_eq!(count(content), *want, "{content:?}");
        }
    }
}
