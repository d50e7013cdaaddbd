//! Python's `str` character classes as plain functions, so that hot paths
//! need no Unicode regex (compiling one costs a pipe delivery a noticeable
//! share of its CPU). Test builds also get a generator of awkward strings
//! for comparing hand-written matchers with the regexes they replace.

/// Python's `str.isspace()` / `\s` on `str`: Unicode White_Space plus
/// U+001C–U+001F (the regex class `[\s\x1C-\x1F]`).
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's truth value of a `str | None`: `None` and `""` are false.
/// Patchwork tests strings this way (`if diff`, `if not h`, `if list_id`,
/// …), so an empty value must behave as a missing one wherever it does.
pub(crate) fn truthy(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.is_empty())
}

/// The regex `\d`: a Unicode decimal digit (`Nd`), e.g. `'3'` or `'١'`.
pub(crate) fn is_decimal_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && super::date::decimal_value(c).is_some())
}

/// Deterministic pseudo-random strings made of `pieces` (up to `max_pieces`
/// of them each), plus the empty string: inputs for oracle tests.
#[cfg(test)]
pub(crate) fn awkward_strings(pieces: &[&str], max_pieces: usize, count: usize) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut out = vec![String::new()];
    for _ in 0..count {
        let len = next(max_pieces + 1);
        out.push((0..len).map(|_| pieces[next(pieces.len())]).collect());
    }
    out
}

/// Characters that tell Python's classes from naive ASCII ones.
#[cfg(test)]
pub(crate) const AWKWARD_CHARS: &[&str] = &[
    " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{1f}", "\u{85}", "\u{a0}", "\u{2028}",
    "\u{3000}", "\u{200b}", "\u{180e}", "\u{663}", "\u{b2}", "\u{ff11}", "\u{e9}",
];

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    #[test]
    fn truthy_is_pythons_bool_of_optional_str() {
        assert!(!truthy(None));
        assert!(!truthy(Some("")));
        assert!(truthy(Some(" ")));
        assert!(truthy(Some("0")));
    }

    #[test]
    fn classes_agree_with_regex_on_every_char() {
        let space = Regex::new(r"^[\s\x1C-\x1F]$").unwrap();
        let digit = Regex::new(r"^\d$").unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(is_py_space(c), space.is_match(s), "{c:?}");
            assert_eq!(is_decimal_digit(c), digit.is_match(s), "{c:?}");
        }
    }
}
