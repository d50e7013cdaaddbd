//! Tag counting (spec §12, Patchwork's `Patch.extract_tags` with the default
//! tag table): `^Acked-by:`, `^Reviewed-by:`, `^Tested-by:`, searched with
//! flags M+I, non-overlapping matches counted.

use std::sync::LazyLock;

use regex::Regex;

/// Counts of each tag in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TagCounts {
    pub acked: u32,
    pub reviewed: u32,
    pub tested: u32,
}

static ACKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^Acked-by:").expect("valid regex"));
static REVIEWED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^Reviewed-by:").expect("valid regex"));
static TESTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^Tested-by:").expect("valid regex"));

fn matches(re: &Regex, content: &str) -> u32 {
    u32::try_from(re.find_iter(content).count()).unwrap_or(u32::MAX)
}

/// Counts the tags of §12 in `content`.
pub fn count(content: &str) -> TagCounts {
    TagCounts {
        acked: matches(&ACKED, content),
        reviewed: matches(&REVIEWED, content),
        tested: matches(&TESTED, content),
    }
}

#[cfg(test)]
mod tests {
    use super::{TagCounts, count};

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
