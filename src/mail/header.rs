//! Splits a message's bytes into its raw header fields and the body offset
//! (spec §3). Values stay bytes, folds (`"\n "`, `"\r\n\t"`) kept verbatim;
//! decoding is `decode.rs`'s job.
//!
//! The rules are those of CPython's compat32 feed parser: lines end at LF,
//! CR or CRLF; the header section ends at an empty line or at the first line
//! that is neither `Name:` (name of printable ASCII without spaces), a
//! continuation (leading space/tab) nor a `From ` line; such a line is the
//! first body line. A `From ` line first in the block is the envelope; one
//! elsewhere is ignored (or, as the very last header line, starts the body).

use super::bytes::{find_line_break, utf8_lossy};

/// One header field as it stood in the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeader {
    /// Field name in its original spelling.
    pub name: String,
    /// Raw value: after the colon, leading blanks of the first line removed,
    /// continuation lines kept with their line breaks, final line break removed.
    pub value: Vec<u8>,
}

/// The header section of a message and where its body starts.
#[derive(Debug, Clone, Default)]
pub struct HeaderSection {
    pub headers: Vec<RawHeader>,
    /// Byte offset of the first body byte in the input.
    pub body_start: usize,
}

/// Byte ranges of the lines of `raw`, each including its line break, one
/// at a time (the body need not be scanned).
fn lines(raw: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= raw.len() {
            return None;
        }
        let end = match find_line_break(&raw[start..]) {
            Some(at) if raw[start + at] == b'\r' && raw.get(start + at + 1) == Some(&b'\n') => {
                start + at + 2
            }
            Some(at) => start + at + 1,
            None => raw.len(),
        };
        let line = (start, end);
        start = end;
        Some(line)
    })
}

/// `headerRE` of the feed parser: envelope, `Name:` or continuation.
fn is_header_line(line: &[u8]) -> bool {
    line.starts_with(b"From ") || matches!(line.first(), Some(b' ' | b'\t')) || starts_field(line)
}

/// True when `line` starts a header field: a name of printable ASCII other
/// than `:`, then `:` (RFC 5322 §3.6.8 `ftext`, as the feed parser's `headerRE`).
pub fn starts_field(line: &[u8]) -> bool {
    let name_len = line
        .iter()
        .take_while(|&&b| (0x21..=0x7E).contains(&b) && b != b':')
        .count();
    line.get(name_len) == Some(&b':')
}

fn is_line_break(line: &[u8]) -> bool {
    line.first().is_some_and(|&b| b == b'\n' || b == b'\r')
}

/// Builds a field from its lines (`header_source_parse`).
fn field(raw: &[u8], first: (usize, usize), last_end: usize) -> RawHeader {
    let line = &raw[first.0..first.1];
    let colon = line.iter().position(|&b| b == b':').unwrap_or(line.len());
    let name = utf8_lossy(&line[..colon]);
    let mut value = &raw[(first.0 + colon + 1).min(last_end)..last_end];
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b'\r' | b'\n'] = value {
        value = rest;
    }
    RawHeader {
        name,
        value: value.to_vec(),
    }
}

/// Splits `raw` as CPython's compat32 bytes parser does.
pub fn split(raw: &[u8]) -> HeaderSection {
    // Collect the header lines.
    let mut block = Vec::with_capacity(64);
    let mut body_start = raw.len();
    for (s, e) in lines(raw) {
        let line = &raw[s..e];
        if !is_header_line(line) {
            body_start = if is_line_break(line) { e } else { s };
            break;
        }
        block.push((s, e));
    }
    let mut headers = Vec::with_capacity(block.len());
    let mut current: Option<((usize, usize), usize)> = None;
    for (lineno, &(s, e)) in block.iter().enumerate() {
        let line = &raw[s..e];
        if matches!(line[0], b' ' | b'\t') {
            if let Some((_, end)) = current.as_mut() {
                *end = e;
            }
            continue;
        }
        if let Some((first, end)) = current.take() {
            headers.push(field(raw, first, end));
        }
        if line.starts_with(b"From ") {
            if lineno + 1 == block.len() && lineno != 0 {
                // Looks like the first body line: push it back.
                body_start = s;
                break;
            }
            continue;
        }
        if line[0] == b':' {
            continue;
        }
        current = Some(((s, e), e));
    }
    if let Some((first, end)) = current {
        headers.push(field(raw, first, end));
    }
    HeaderSection {
        headers,
        body_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(raw: &str) -> Vec<(String, String)> {
        split(raw.as_bytes())
            .headers
            .into_iter()
            .map(|h| (h.name, String::from_utf8(h.value).unwrap()))
            .collect()
    }

    /// Input, expected `(name, value)` fields, expected body offset.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], usize);

    #[test]
    fn table() {
        let cases: &[Case] = &[
            ("", &[], 0),
            ("A: b\n\nbody", &[("A", "b")], 6),
            ("From x@y Mon\nA: b\n\n", &[("A", "b")], 19),
            ("A:  \t b\n c\nD:e\n\n", &[("A", "b\n c"), ("D", "e")], 16),
            ("A: b\r\n c\r\n\r\nx", &[("A", "b\r\n c")], 12),
            (" cont\nA: b\n\n", &[("A", "b")], 12),
            ("A: b\nno colon\nC: d\n", &[("A", "b")], 5),
            ("A: b\nX Y: z\n", &[("A", "b")], 5),
            ("A: b\n: x\nC: d", &[("A", "b"), ("C", "d")], 13),
            ("A: b\nFrom me\nC: d\n\n", &[("A", "b"), ("C", "d")], 19),
            ("A: b\nFrom me\n\n", &[("A", "b")], 5),
            ("A: b\rC: d\n\n", &[("A", "b"), ("C", "d")], 11),
            ("A:\n x\n", &[("A", "\n x")], 6),
            ("A: b\n \n", &[("A", "b\n ")], 7),
            ("A: b\r\r\n", &[("A", "b")], 7),
        ];
        for (raw, want, body) in cases {
            let got = fields(raw);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{raw:?}");
            assert_eq!(split(raw.as_bytes()).body_start, *body, "{raw:?}");
        }
    }
}
