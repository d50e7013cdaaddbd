//! The stored header block (spec §4.5): every header re-encoded and re-folded
//! the way CPython's `Header.encode(maxlinelen=78)` does.
//!
//! [`encode_chunks`] is the folding engine: chunks from `decode.rs` go into a
//! line formatter that splits ASCII text at `;`, `,`, space and tab, and turns
//! everything else into RFC 2047 encoded words sized to the line budget
//! (`encoder`). The current line is one text with its part boundaries, so
//! its width is known without summing; a value that needs no folding at all
//! skips the formatter.

mod encoder;

use std::borrow::Cow;

use super::decode::{self, Chunk, py_line_break, py_lines, py_space};
use super::header::RawHeader;
use encoder::{Encoder, Units};

const MAX_LINE: isize = 78;
const CONTINUATION: &str = "\t";
const SPLIT_CHARS: [char; 4] = [';', ',', ' ', '\t'];

/// Finished lines, joined with `\n` as they come.
#[derive(Default)]
struct Lines {
    text: String,
    count: usize,
}

impl Lines {
    fn push(&mut self, line: &str) {
        if self.count > 0 {
            self.text.push('\n');
        }
        self.count += 1;
        self.text.push_str(line);
    }

    fn extend_last(&mut self, more: &str) {
        self.text.push_str(more);
    }
}

/// One `(whitespace, word)` part of the current line: where its whitespace
/// and its word start in [`Formatter::line`]; the word runs to the next
/// part's whitespace (or the end of the line).
#[derive(Debug, Clone, Copy)]
struct Part {
    ws: usize,
    word: usize,
}

/// The line formatter (`_ValueFormatter`): finished lines plus the current
/// line as one text with its part boundaries.
#[derive(Default)]
struct Formatter {
    lines: Lines,
    line: String,
    parts: Vec<Part>,
    /// Room taken by `Name: ` while the current line is the first one.
    start: usize,
    /// Reused buffer for [`Formatter::feed_ascii`].
    scratch: String,
}

impl Formatter {
    fn len(&self) -> isize {
        (self.start + self.line.len()) as isize
    }

    fn part_end(&self, i: usize) -> usize {
        self.parts.get(i + 1).map_or(self.line.len(), |p| p.ws)
    }

    fn ws(&self, i: usize) -> &str {
        &self.line[self.parts[i].ws..self.parts[i].word]
    }

    fn word(&self, i: usize) -> &str {
        &self.line[self.parts[i].word..self.part_end(i)]
    }

    fn push(&mut self, ws: &str, word: &str) {
        let at = self.line.len();
        self.parts.push(Part {
            ws: at,
            word: at + ws.len(),
        });
        self.line.push_str(ws);
        self.line.push_str(word);
    }

    fn newline(&mut self) {
        if let Some(last) = self.parts.len().checked_sub(1)
            && self.ws(last) == " "
            && self.word(last).is_empty()
        {
            self.line.truncate(self.parts[last].ws);
            self.parts.pop();
        }
        if self.len() > 0 {
            let only_ws = self.start == 0 && self.line.chars().all(py_space);
            if only_ws && self.lines.count > 0 {
                self.lines.extend_last(&self.line);
            } else {
                self.lines.push(&self.line);
            }
        }
        self.line.clear();
        self.parts.clear();
        self.start = 0;
    }

    fn transition(&mut self) {
        self.push(" ", "");
    }

    /// `_append_chunk`: add a part, then split the line if it got too long.
    fn append(&mut self, ws: &str, word: &str) {
        self.push(ws, word);
        if self.len() <= MAX_LINE {
            return;
        }
        match self.split_point() {
            Some(i) => {
                let cut = self.parts[i].ws;
                self.lines.push(&self.line[..cut]);
                self.line.drain(..cut);
                self.parts.drain(..i);
                for part in &mut self.parts {
                    part.ws -= cut;
                    part.word -= cut;
                }
                self.start = 0;
            }
            None if self.start > 0 => {
                // There will be a header: the last part goes on a line of its own.
                let last = self.parts.pop().expect("a part was just pushed");
                let tail = self.line.split_off(last.ws);
                self.newline();
                let (ws, word) = tail.split_at(last.word - last.ws);
                self.push(if ws.is_empty() { " " } else { ws }, word);
            }
            None => {}
        }
    }

    /// The best place to break the current line, working backward from the end.
    fn split_point(&self) -> Option<usize> {
        SPLIT_CHARS.iter().find_map(|&ch| {
            (1..self.parts.len()).rev().find(|&i| {
                (ch.is_whitespace() && self.ws(i).starts_with(ch)) || self.word(i - 1).ends_with(ch)
            })
        })
    }

    /// `_ascii_split` of `ws + text`: one part per (blank run, word).
    fn feed_ascii(&mut self, ws: &str, text: &str) {
        if ws.is_empty() {
            self.append_words(text);
            return;
        }
        let mut joined = std::mem::take(&mut self.scratch);
        joined.clear();
        joined.push_str(ws);
        joined.push_str(text);
        self.append_words(&joined);
        self.scratch = joined;
    }

    /// Appends `text` as parts: a leading word (without whitespace), then
    /// every run of blanks with the word after it (possibly empty).
    fn append_words(&mut self, text: &str) {
        let is_blank = |c: char| c == ' ' || c == '\t';
        let first_end = text.find(is_blank).unwrap_or(text.len());
        if first_end > 0 {
            self.append("", &text[..first_end]);
        }
        let mut rest = &text[first_end..];
        while !rest.is_empty() {
            let blank_end = rest.find(|c| !is_blank(c)).unwrap_or(rest.len());
            let word_end = rest[blank_end..]
                .find(is_blank)
                .map_or(rest.len(), |at| blank_end + at);
            self.append(&rest[..blank_end], &rest[blank_end..word_end]);
            rest = &rest[word_end..];
        }
    }

    /// Feeds text of an encoded chunk as encoded words.
    fn feed_encoded(&mut self, ws: &str, text: &Units, enc: &Encoder) -> Option<()> {
        let mut words = enc.split(text, MAX_LINE - self.len())?.into_iter();
        if let Some(Some(first)) = words.next() {
            self.append(ws, &first);
        }
        let Some(last) = words.next_back() else {
            return Some(());
        };
        self.newline();
        self.push(CONTINUATION, &last.unwrap_or_default());
        for word in words {
            self.lines.push(CONTINUATION);
            self.lines.extend_last(&word.unwrap_or_default());
        }
        Some(())
    }
}

/// A value that comes out unchanged: one plain ASCII chunk on one line that
/// fits beside the field name (nothing to fold, split or encode).
fn as_is(chunks: &[Chunk], start: usize) -> Option<&str> {
    match chunks {
        [Chunk::Text { text, charset }]
            if charset == "us-ascii"
                && text.is_ascii()
                && start + text.len() <= MAX_LINE as usize
                && !text.chars().any(py_line_break) =>
        {
            Some(text)
        }
        _ => None,
    }
}

/// `Header.encode()` of normalized chunks with `start` columns taken by the
/// field name; `None` when Python would raise (embedded header).
pub(super) fn encode_chunks(chunks: &[Chunk], start: usize) -> Option<String> {
    match as_is(chunks, start) {
        Some(text) => (!has_embedded_header(text)).then(|| text.to_string()),
        None => fold_chunks(chunks, start),
    }
}

/// [`encode_chunks`] through the line formatter.
fn fold_chunks(chunks: &[Chunk], start: usize) -> Option<String> {
    let nonctext =
        |c: Option<char>| c.is_some_and(|c| py_space(c) || matches!(c, '(' | ')' | '\\'));
    let mut f = Formatter {
        start,
        ..Formatter::default()
    };
    let mut prev: Option<(bool, bool)> = None; // (encoded, ends with nonctext)
    for chunk in chunks {
        let encoded = chunk.is_encoded();
        let (first_char, last_char) = match chunk {
            Chunk::Text { text, .. } => (text.chars().next(), text.chars().next_back()),
            Chunk::Unknown8bit(b) => {
                let ch = |b: Option<&u8>| {
                    b.filter(|b| b.is_ascii())
                        .map(|&b| b as char)
                        .or(b.map(|_| '\u{FFFF}'))
                };
                (ch(b.first()), ch(b.last()))
            }
        };
        if let Some((prev_encoded, prev_space)) = prev {
            let has_space = nonctext(first_char);
            if prev_encoded {
                if !has_space || encoded {
                    f.transition();
                }
            } else if encoded && !prev_space {
                f.transition();
            }
        }
        prev = Some((encoded, nonctext(last_char)));
        let line_count = match chunk {
            Chunk::Text { text, .. } if !encoded => feed_ascii_lines(&mut f, text),
            Chunk::Text { text, .. } => {
                let lines = py_lines(text).map(|l| Units::Text(Cow::Borrowed(l)));
                feed_encoded_lines(&mut f, chunk, lines)?
            }
            Chunk::Unknown8bit(bytes) => {
                let lines = split_byte_lines(bytes)
                    .into_iter()
                    .map(|l| Units::Bytes(Cow::Borrowed(l)));
                feed_encoded_lines(&mut f, chunk, lines)?
            }
        };
        if line_count > 1 {
            f.newline();
        }
    }
    if !chunks.is_empty() {
        f.transition();
    }
    f.newline();
    let value = f.lines.text;
    (!has_embedded_header(&value)).then_some(value)
}

/// `\n[^ \t]+:` searched (the anti header-injection check of §4.5),
/// hand-written: after some line break, a run of characters other than
/// space and tab that holds a `:` after its first character.
fn has_embedded_header(value: &str) -> bool {
    value.match_indices('\n').any(|(i, _)| {
        let run = value[i + 1..].split([' ', '\t']).next().unwrap_or("");
        run.char_indices().any(|(j, c)| c == ':' && j > 0)
    })
}

/// Feeds the lines of a plain ASCII chunk; returns the number of lines.
fn feed_ascii_lines(f: &mut Formatter, text: &str) -> usize {
    let mut count = 0;
    for line in py_lines(text) {
        if count == 0 {
            f.feed_ascii("", line);
        } else {
            f.newline();
            let stripped = line.trim_start_matches(py_space);
            f.feed_ascii(&line[..line.len() - stripped.len()], stripped);
        }
        count += 1;
    }
    count
}

/// Feeds the lines of an encoded chunk; returns the number of lines.
fn feed_encoded_lines<'a>(
    f: &mut Formatter,
    chunk: &Chunk,
    mut lines: impl Iterator<Item = Units<'a>>,
) -> Option<usize> {
    let mut count = 0;
    let first = match lines.next() {
        Some(line) => {
            count += 1;
            line
        }
        None => match chunk {
            Chunk::Unknown8bit(_) => Units::Bytes(Cow::Borrowed(&[])),
            Chunk::Text { .. } => Units::Text(Cow::Borrowed("")),
        },
    };
    // The encoder is chosen per fed text, as `header_encode_lines` does.
    let enc = Encoder::new(chunk, &first)?;
    f.feed_encoded("", &first, &enc)?;
    for line in lines {
        count += 1;
        f.newline();
        let continued = match line {
            Units::Text(t) => {
                Units::Text(Cow::Owned(format!(" {}", t.trim_start_matches(py_space))))
            }
            Units::Bytes(b) => {
                let mut v = vec![b' '];
                v.extend(
                    b.iter()
                        .skip_while(|&&b| b.is_ascii() && py_space(b as char)),
                );
                Units::Bytes(Cow::Owned(v))
            }
        };
        let enc = Encoder::new(chunk, &continued)?;
        f.feed_encoded(CONTINUATION, &continued, &enc)?;
    }
    Some(count)
}

/// `splitlines` of surrogate-escaped bytes: only ASCII breaks count.
fn split_byte_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'\n' | b'\r' | 0x0b | 0x0c | 0x1c | 0x1d | 0x1e) {
            out.push(&bytes[start..i]);
            i += if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

/// The stored value of one header, or `None` when Patchwork omits it.
pub fn stored_value(name: &str, raw: &[u8]) -> Option<String> {
    let chunks = decode::normalize(decode::decode(raw)?);
    encode_chunks(&chunks, name.chars().count() + 2)
}

/// `Name: value` lines of every kept header, joined with `\n`.
pub fn stored_block(headers: &[RawHeader]) -> String {
    let mut block = String::new();
    for h in headers {
        if let Some(value) = stored_value(&h.name, &h.value) {
            if !block.is_empty() {
                block.push('\n');
            }
            block.push_str(&h.name);
            block.push_str(": ");
            block.push_str(&value);
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_value_table() {
        let long = "a=1;b=2;".repeat(12);
        let cases: Vec<(&str, Vec<u8>, Option<String>)> = vec![
            ("Subject", b"plain".to_vec(), Some("plain".into())),
            ("X", b"".to_vec(), Some("".into())),
            ("Subject", b"a\r\n b".to_vec(), Some("a\n b".into())),
            ("Subject", b"a \n b".to_vec(), Some("a\n b".into())),
            ("From", b"=?UTF-8?q?Alex=20Benn=C3=A9e?= <a@b>".to_vec(), Some("=?utf-8?q?Alex_Benn=C3=A9e?= <a@b>".into())),
            (
                "From",
                "Rafa\u{142} Mi\u{142}ecki <zajec5@gmail.com>".as_bytes().to_vec(),
                Some("=?unknown-8bit?b?UmFmYcWCIE1pxYJlY2tpIDx6YWplYzVAZ21haWwuY29tPg==?=".into()),
            ),
            ("X-Long", long.clone().into_bytes(), Some(format!("\n {long}"))),
            ("X", b"a;b ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc".to_vec(),
                Some("a;b\n ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc".into())),
            ("X", b"x\x0bEvil: y".to_vec(), None),
            ("X", b"=?utf-8?b?Y?=".to_vec(), None),
            ("X", b"=?big5?b?pKQ=?=".to_vec(), Some("=?big5_tw?b?pKQ=?=".into())),
            ("X", b"=??q?x?=".to_vec(), None),
        ];
        for (name, raw, want) in cases {
            assert_eq!(
                stored_value(name, &raw),
                want,
                "{name}: {:?}",
                String::from_utf8_lossy(&raw)
            );
        }
    }

    fn ascii(text: &str) -> Vec<Chunk> {
        vec![Chunk::Text {
            text: text.into(),
            charset: "us-ascii".into(),
        }]
    }

    #[test]
    fn as_is_values_fold_to_themselves() {
        let fits = "x".repeat(70);
        let values = [
            "",
            " ",
            "\t",
            "  a  ",
            "a b",
            "\tx",
            "x ",
            "a;b,c",
            "a\x1fb",
            " \x1f ",
            "Name: value",
            fits.as_str(),
        ];
        for value in values {
            for start in [0, 2, 6, 8, 40, 76, 78] {
                let chunks = ascii(value);
                if as_is(&chunks, start).is_some() {
                    assert_eq!(
                        fold_chunks(&chunks, start).as_deref(),
                        Some(value),
                        "{value:?} {start}"
                    );
                }
            }
        }
        assert!(as_is(&ascii(&fits), 8).is_some());
        assert!(as_is(&ascii(&fits), 9).is_none());
        assert!(as_is(&ascii("a\nb"), 0).is_none());
        assert!(as_is(&ascii("a\x0bb"), 0).is_none());
        assert!(as_is(&ascii("a\x1cb"), 0).is_none());
    }

    #[test]
    fn folded_values() {
        let words = "word ".repeat(30);
        let long_alone = format!("\n {}", "y".repeat(70));
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            // Long lines break at blanks; a trailing blank stays.
            (
                "Subject",
                words.clone().into_bytes(),
                "word word word word word word word word word word word word word word\n word word word word word word word word word word word word word word word\n word ",
            ),
            // Leading and trailing blanks around line breaks.
            ("X", b"  a \n\t  b  ".to_vec(), "  a\n\t  b  "),
            ("X", b"a\n \n b".to_vec(), "a\n b"),
            // A word too long for the first line goes on a line of its own.
            ("X-Very-Long-Header-Name", "y".repeat(70).into_bytes(), &long_alone),
            // Encoded words split over lines (B, then Q), mixed with plain text.
            (
                "Subject",
                "=?utf-8?q?=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9?= [PATCH] x".as_bytes().to_vec(),
                "=?utf-8?b?w6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6k=?=\n [PATCH] x",
            ),
            (
                "Subject",
                "=?utf-8?q?=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9_=C3=A9t=C3=A9?= [PATCH] x".as_bytes().to_vec(),
                "=?utf-8?b?w6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kg?=\n\t=?utf-8?b?w6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6kgw6l0w6k=?=\n [PATCH] x",
            ),
            (
                "Subject",
                format!("[PATCH] =?iso-8859-1?q?{}?= tail", "caf=E9_".repeat(25)).into_bytes(),
                "[PATCH] =?iso-8859-1?q?caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_ca?=\n\t=?iso-8859-1?q?f=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9?=\n\t=?iso-8859-1?q?_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf?=\n\t=?iso-8859-1?q?=E9_caf=E9_?= tail",
            ),
            (
                "To",
                "=?iso-2022-jp?b?GyRCJEYkOSRIGyhC?= <a@b>, =?iso-2022-jp?b?GyRCJEYkOSRIJEYkOSRIJEYkOSRIJEYkOSRIJEYkOSRIJEYkOSRIJEYkOSRIJEYkOSRIGyhC?=".as_bytes().to_vec(),
                "=?iso-2022-jp?b?GyRCJEYkOSRIGyhC?= <a@b>, =?iso-2022-jp?b?GyRCJEYbKEI=?=\n\t=?iso-2022-jp?b?GyRCJDkkSCRGJDkkSCRGJDkkSCRGJDkkSCRGJDkkSCRGJDkkSCRGGyhC?=\n\t=?iso-2022-jp?b?GyRCJDkkSCRGJDkkSBsoQg==?=",
            ),
            // unknown-8bit over several lines.
            (
                "From",
                "Rafa\u{142} Mi\u{142}ecki\n <zajec5@gmail.com>".as_bytes().to_vec(),
                "=?unknown-8bit?b?UmFmYcWCIE1pxYJlY2tp?=\n\t=?unknown-8bit?q?_=3Czajec5=40gmail=2Ecom=3E?=",
            ),
            ("X", "\u{e9}".repeat(80).into_bytes(), "=?unknown-8bit?b?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp?=\n\t=?unknown-8bit?b?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp?=\n\t=?unknown-8bit?b?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp?=\n\t=?unknown-8bit?b?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqQ==?="),
            ("X", b"=?utf-8?q??=".to_vec(), ""),
            ("X", b"=?utf-8?q?a?=\n".to_vec(), "=?utf-8?q?a?="),
        ];
        for (name, raw, want) in cases {
            assert_eq!(
                stored_value(name, &raw).as_deref(),
                Some(want),
                "{name}: {:?}",
                String::from_utf8_lossy(&raw)
            );
        }
    }

    #[test]
    fn block_joins_kept_headers() {
        let h = |n: &str, v: &[u8]| RawHeader {
            name: n.into(),
            value: v.to_vec(),
        };
        let block = stored_block(&[h("A", b"1"), h("B", b"=?utf-8?b?Y?="), h("c", b"2")]);
        assert_eq!(block, "A: 1\nc: 2");
    }
}
