//! Finding RFC 2047 encoded words `=?charset?e?text?=` in header bytes, by
//! hand, exactly as CPython's `ecre` (`=\?([^?]*?)\?([qQbB])\?(.*?)\?=`,
//! searched leftmost first, non-overlapping) finds them: no regex is
//! compiled and no automaton runs for the common headers.

/// One encoded word and where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EncodedWord<'a> {
    pub start: usize,
    pub end: usize,
    pub charset: &'a [u8],
    /// `q`, `Q`, `b` or `B`.
    pub encoding: u8,
    pub text: &'a [u8],
}

/// The first position at or after `from` where `needle` (two bytes) starts.
fn find_pair(s: &[u8], from: usize, needle: [u8; 2]) -> Option<usize> {
    s.get(from..)?
        .windows(2)
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// `search(at)` (the first hit at or after `at`) for an `at` no smaller
/// than the previous one: the last result stands while it is not behind `at`.
fn search_forward(
    last: &mut Option<Option<usize>>,
    at: usize,
    search: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    match *last {
        Some(found) if found.is_none_or(|hit| hit >= at) => found,
        _ => {
            let found = search(at);
            *last = Some(found);
            found
        }
    }
}

/// The first encoded word starting at or after `from`. With
/// `text_in_one_line` the text may hold no LF (the `[^\n]*?` variant used
/// to tell whether a value has an encoded word at all).
///
/// Each `=?` is a candidate start; its charset runs to the next `?` and its
/// text to the first `?=` after the encoding letter. Later candidates look
/// for that `?=` (and LF) no earlier, so both searches are remembered.
pub(super) fn find(s: &[u8], from: usize, text_in_one_line: bool) -> Option<EncodedWord<'_>> {
    // The last hit of each search, if it has been run.
    let mut close: Option<Option<usize>> = None;
    let mut newline: Option<Option<usize>> = None;
    let mut candidate = from;
    while let Some(start) = find_pair(s, candidate, *b"=?") {
        candidate = start + 1;
        let question = start + 2 + s[start + 2..].iter().position(|&b| b == b'?')?;
        let encoding = match s.get(question + 1) {
            Some(&e @ (b'q' | b'Q' | b'b' | b'B')) if s.get(question + 2) == Some(&b'?') => e,
            _ => continue,
        };
        let text_start = question + 3;
        let text_end = search_forward(&mut close, text_start, |at| find_pair(s, at, *b"?="))?;
        if text_in_one_line {
            let line_end = search_forward(&mut newline, text_start, |at| {
                s[at..].iter().position(|&b| b == b'\n').map(|p| at + p)
            });
            if line_end.is_some_and(|n| n < text_end) {
                continue;
            }
        }
        return Some(EncodedWord {
            start,
            end: text_end + 2,
            charset: &s[start + 2..question],
            encoding,
            text: &s[text_start..text_end],
        });
    }
    None
}

/// Every encoded word of `s`, left to right, non-overlapping.
pub(super) fn all(s: &[u8]) -> impl Iterator<Item = EncodedWord<'_>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let word = find(s, from, false)?;
        from = word.end;
        Some(word)
    })
}

#[cfg(test)]
mod tests {
    use regex::bytes::Regex;

    use super::*;
    use crate::mail::py_text::awkward_strings;

    #[test]
    fn agrees_with_the_regexes() {
        let anywhere = Regex::new(r"(?s-u)=\?[^?]*?\?[qQbB]\?[^\n]*?\?=").unwrap();
        let word = Regex::new(r"(?s-u)=\?([^?]*?)\?([qQbB])\?(.*?)\?=").unwrap();
        let pieces = [
            "=?",
            "?",
            "=",
            "?=",
            "q",
            "B",
            "b",
            "x",
            "\n",
            " ",
            "utf-8",
            "=?utf-8?q?",
            "?Q?",
            "\u{e9}",
        ];
        let mut matched = 0;
        for s in awkward_strings(&pieces, 10, 60_000) {
            let s = s.as_bytes();
            assert_eq!(find(s, 0, true).is_some(), anywhere.is_match(s), "{s:?}");
            let want: Vec<EncodedWord> = word
                .captures_iter(s)
                .map(|c| {
                    let whole = c.get(0).unwrap();
                    EncodedWord {
                        start: whole.start(),
                        end: whole.end(),
                        charset: c.get(1).unwrap().as_bytes(),
                        encoding: c[2][0],
                        text: c.get(3).unwrap().as_bytes(),
                    }
                })
                .collect();
            matched += want.len();
            assert_eq!(all(s).collect::<Vec<_>>(), want, "{s:?}");
        }
        assert!(matched > 1000, "{matched}");
    }
}
