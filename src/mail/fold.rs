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
/// How Patchwork's parser continues encoded words (`continuation_ws`); the
/// budget of a continued word is the same for the generator's `" "`.
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
    /// What starts a line of continued encoded words.
    continuation: &'static str,
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
        // Blanks are ASCII, so byte positions are character boundaries.
        let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
        let next_blank = |s: &str| s.bytes().position(|b| is_blank(&b));
        let first_end = next_blank(text).unwrap_or(text.len());
        if first_end > 0 {
            self.append("", &text[..first_end]);
        }
        let mut rest = &text[first_end..];
        while !rest.is_empty() {
            let blank_end = rest
                .bytes()
                .position(|b| !is_blank(&b))
                .unwrap_or(rest.len());
            let word_end = next_blank(&rest[blank_end..]).map_or(rest.len(), |at| blank_end + at);
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
        self.push(self.continuation, &last.unwrap_or_default());
        for word in words {
            self.lines.push(self.continuation);
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
    encode_chunks_with(chunks, start, CONTINUATION)
}

/// [`encode_chunks`] with the given `continuation_ws`.
fn encode_chunks_with(
    chunks: &[Chunk],
    start: usize,
    continuation: &'static str,
) -> Option<String> {
    match as_is(chunks, start) {
        // No line break in `text`, so no embedded header either.
        Some(text) => Some(text.to_string()),
        None => fold_chunks(chunks, start, continuation),
    }
}

/// [`encode_chunks`] through the line formatter.
fn fold_chunks(chunks: &[Chunk], start: usize, continuation: &'static str) -> Option<String> {
    let nonctext =
        |c: Option<char>| c.is_some_and(|c| py_space(c) || matches!(c, '(' | ')' | '\\'));
    let input_len: usize = chunks
        .iter()
        .map(|c| match c {
            Chunk::Text { text, .. } => text.len(),
            Chunk::Unknown8bit(bytes) => bytes.len(),
        })
        .sum();
    let mut f = Formatter {
        start,
        lines: Lines {
            text: String::with_capacity(input_len + input_len / 8 + 16),
            count: 0,
        },
        line: String::with_capacity(2 * MAX_LINE as usize),
        parts: Vec::with_capacity(16),
        continuation,
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
        f.feed_encoded(f.continuation, &continued, &enc)?;
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

/// `Header(value, header_name=name).encode(maxlinelen=78)`, which is how
/// Python's compat32 generator writes a `str` header value (spec §15 step 6):
/// the whole value is one chunk, `us-ascii` when it is ASCII, else `utf-8`
/// (its encoded words continue after a space, `Header`'s default).
/// `None` when Python raises (embedded header, §4.5 step 3).
pub fn fold_str(name: &str, value: &str) -> Option<String> {
    let charset = if value.is_ascii() {
        "us-ascii"
    } else {
        "utf-8"
    };
    let chunk = Chunk::Text {
        text: value.to_string(),
        charset: charset.to_string(),
    };
    encode_chunks_with(std::slice::from_ref(&chunk), name.chars().count() + 2, " ")
}

/// `Charset('utf-8').header_encode(text)`: all of `text` as one RFC 2047
/// word, `b` or `q` whichever is shorter (a tie gives `q`); what
/// `email.utils.formataddr` writes for a non-ASCII name (spec §15 step 5).
pub fn utf8_word(text: &str) -> String {
    let chunk = Chunk::Text {
        text: String::new(),
        charset: "utf-8".to_string(),
    };
    let units = Units::Text(Cow::Borrowed(text));
    Encoder::new(&chunk, &units)
        .and_then(|enc| {
            enc.split(&units, isize::MAX)
                .and_then(|w| w.into_iter().next()?)
        })
        .unwrap_or_default()
}

/// `Name: value` lines of every kept header, joined with `\n`.
pub fn stored_block(headers: &[RawHeader]) -> String {
    let raw_len: usize = headers
        .iter()
        .map(|h| h.name.len() + h.value.len() + 3)
        .sum();
    let mut block = String::with_capacity(raw_len + raw_len / 8);
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
mod tests;
