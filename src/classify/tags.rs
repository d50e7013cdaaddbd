//! Tag counting (spec §12, Patchwork's `Patch._extract_tags`): each of the
//! site's `patchwork_tag` patterns is searched with flags M+I and its
//! non-overlapping matches counted. Patterns of the stock shape (`^` and a
//! literal, like `^Acked-by:`) are matched by hand so that a pipe delivery
//! compiles no regex; any other pattern goes through `regex`.

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

/// Whether `line` starts with `tag` (lower-case ASCII; flags I).
fn starts_with_tag(line: &str, tag: &str) -> bool {
    let mut chars = line.chars();
    tag.bytes()
        .all(|p| chars.next().is_some_and(|c| folds_to(c, p)))
}

/// The literal after `^` of a stock-shaped pattern, lower-cased.
fn anchored_literal(pattern: &str) -> Option<String> {
    let rest = pattern.strip_prefix('^')?;
    let plain = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':' || b == b'_' || b == b' ');
    plain.then(|| rest.to_ascii_lowercase())
}

/// Matches of `pattern` (Python `re`, flags M+I) in `content`; a pattern
/// that does not compile counts nothing.
pub fn count_pattern(content: &str, pattern: &str) -> u32 {
    if let Some(tag) = anchored_literal(pattern) {
        let n = content
            .split('\n')
            .filter(|line| starts_with_tag(line, &tag))
            .count();
        return n.min(u32::MAX as usize) as u32;
    }
    match regex::RegexBuilder::new(pattern)
        .multi_line(true)
        .case_insensitive(true)
        .build()
    {
        Ok(re) => re.find_iter(content).count().min(u32::MAX as usize) as u32,
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::count_pattern;

    #[test]
    fn python_ignorecase_folds() {
        assert_eq!(
            count_pattern("Te\u{17f}ted-by: x\nRev\u{131}ewed-by: y\n", "^Tested-by:"),
            1
        );
        assert_eq!(count_pattern("Rev\u{131}ewed-by: y", "^Reviewed-by:"), 1);
        assert_eq!(count_pattern("Ac\u{212a}ed-by: z", "^Acked-by:"), 1);
        assert_eq!(
            count_pattern(" Acked-by: indented\nAcked-by:", "^Acked-by:"),
            1
        );
    }

    #[test]
    fn table() {
        let text = "acked-BY: A\nReviewed-by: B\nTested-by: C\nTested-by: D\n> Acked-by: q\n";
        assert_eq!(count_pattern(text, "^Acked-by:"), 1);
        assert_eq!(count_pattern(text, "^Reviewed-by:"), 1);
        assert_eq!(count_pattern(text, "^Tested-by:"), 2);
        assert_eq!(count_pattern("Acked-by:\r\nAcked-by: x", "^Acked-by:"), 2);
        assert_eq!(count_pattern("", "^Acked-by:"), 0);
    }

    #[test]
    fn other_patterns_are_regexes() {
        let text = "Reported-by: a\nreported-BY: b\nSuggested-by: c\n";
        assert_eq!(count_pattern(text, "^(Reported|Suggested)-by:"), 3);
        assert_eq!(count_pattern(text, "by:"), 3);
        assert_eq!(count_pattern(text, "(unclosed"), 0);
    }
}
