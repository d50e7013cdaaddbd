//! The stored header block (spec §4.5): every header re-encoded and re-folded
//! the way CPython's `Header.encode(maxlinelen=78)` does.
//!
//! [`encode_chunks`] is the folding engine: chunks from `decode.rs` go into a
//! line formatter that splits ASCII text at `;`, `,`, space and tab, and turns
//! everything else into RFC 2047 encoded words sized to the line budget.

use super::charset::{self, HeaderEncoding, header_encoding, output_charset, word_label};
use super::decode::{self, Chunk, py_space, py_splitlines};
use super::header::RawHeader;

const MAX_LINE: isize = 78;
const CONTINUATION: &str = "\t";
const SPLIT_CHARS: [char; 4] = [';', ',', ' ', '\t'];
/// `=?` `?x?` `?=` around an encoded word.
const CHROME: isize = 7;

/// The line formatter (`_ValueFormatter`): finished lines plus the current
/// line as `(whitespace, word)` parts.
struct Formatter {
    lines: Vec<String>,
    parts: Vec<(String, String)>,
    /// Room taken by `Name: ` while the current line is the first one.
    start: usize,
}

impl Formatter {
    fn len(&self) -> isize {
        (self.start
            + self
                .parts
                .iter()
                .map(|(w, s)| w.len() + s.len())
                .sum::<usize>()) as isize
    }

    fn current(&self) -> String {
        self.parts
            .iter()
            .flat_map(|(w, s)| [w.as_str(), s.as_str()])
            .collect()
    }

    fn newline(&mut self) {
        let end = self.parts.pop().unwrap_or_default();
        if end != (" ".to_string(), String::new()) {
            self.parts.push(end);
        }
        if self.len() > 0 {
            let text = self.current();
            let only_ws = self.start == 0 && text.chars().all(py_space);
            match self.lines.last_mut() {
                Some(last) if only_ws => last.push_str(&text),
                _ => self.lines.push(text),
            }
        }
        self.parts.clear();
        self.start = 0;
    }

    fn transition(&mut self) {
        self.parts.push((" ".into(), String::new()));
    }

    /// `_append_chunk`: add a part, then split the line if it got too long.
    fn append(&mut self, ws: &str, word: &str) {
        self.parts.push((ws.into(), word.into()));
        if self.len() <= MAX_LINE {
            return;
        }
        let found = SPLIT_CHARS.iter().find_map(|&ch| {
            (1..self.parts.len()).rev().find(|&i| {
                (ch.is_whitespace() && self.parts[i].0.starts_with(ch))
                    || self.parts[i - 1].1.ends_with(ch)
            })
        });
        match found {
            Some(i) => {
                let rest = self.parts.split_off(i);
                self.lines.push(self.current());
                self.parts = rest;
                self.start = 0;
            }
            None => {
                let (mut ws, word) = self.parts.pop().unwrap_or_default();
                if self.start > 0 {
                    self.newline();
                    if ws.is_empty() {
                        ws = " ".into();
                    }
                }
                self.parts.push((ws, word));
            }
        }
    }

    /// `_ascii_split`: one part per (blank run, word).
    fn feed_ascii(&mut self, ws: &str, text: &str) {
        let joined = format!("{ws}{text}");
        let mut pieces: Vec<&str> = Vec::new();
        let mut rest = joined.as_str();
        loop {
            match rest.find([' ', '\t']) {
                Some(at) => {
                    let blank_len = rest[at..]
                        .find(|c| c != ' ' && c != '\t')
                        .unwrap_or(rest.len() - at);
                    pieces.push(&rest[..at]);
                    pieces.push(&rest[at..at + blank_len]);
                    rest = &rest[at + blank_len..];
                }
                None => {
                    pieces.push(rest);
                    break;
                }
            }
        }
        if pieces[0].is_empty() {
            pieces.remove(0);
        } else {
            pieces.insert(0, "");
        }
        for pair in pieces.chunks(2) {
            if let [ws, word] = pair {
                self.append(ws, word);
            }
        }
    }

    /// Feeds text of an encoded chunk as encoded words.
    fn feed_encoded(&mut self, ws: &str, text: &Units, enc: &Encoder) -> Option<()> {
        let mut words = enc.split(text, MAX_LINE - self.len())?;
        let first = words.remove(0);
        if let Some(first) = first {
            self.append(ws, &first);
        }
        let Some(last) = words.pop() else {
            return Some(());
        };
        self.newline();
        self.parts
            .push((CONTINUATION.into(), last.unwrap_or_default()));
        for word in words {
            self.lines
                .push(format!("{CONTINUATION}{}", word.unwrap_or_default()));
        }
        Some(())
    }
}

/// Text of an encoded chunk: characters, or raw bytes for `unknown-8bit`.
enum Units {
    Chars(Vec<char>),
    Bytes(Vec<u8>),
}

impl Units {
    fn len(&self) -> usize {
        match self {
            Units::Chars(c) => c.len(),
            Units::Bytes(b) => b.len(),
        }
    }
}

/// How one chunk's text becomes encoded words.
struct Encoder {
    codec: Option<charset::Codec>,
    /// Output charset name (for the budget).
    output: String,
    /// Name written into the words.
    label: String,
    base64: bool,
}

fn q_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| if q_safe(b) || b == b' ' { 1 } else { 3 })
        .sum()
}

fn q_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!*+-/".contains(&b)
}

fn b_len(bytes: &[u8]) -> usize {
    bytes.len().div_ceil(3) * 4
}

impl Encoder {
    fn new(chunk: &Chunk, whole: &Units) -> Option<Encoder> {
        let charset = chunk.charset();
        let output = output_charset(charset).to_string();
        let codec = match chunk {
            Chunk::Unknown8bit(_) => None,
            // An empty label (`=??q?…?=`) has the us-ascii codec.
            Chunk::Text { .. } if output.is_empty() => Some(charset::lookup("us-ascii")?),
            Chunk::Text { .. } => Some(charset::lookup(&output)?),
        };
        let mut enc = Encoder {
            codec,
            label: word_label(&output).to_string(),
            output,
            base64: false,
        };
        enc.base64 = match header_encoding(charset) {
            HeaderEncoding::B => true,
            HeaderEncoding::Q | HeaderEncoding::None => false,
            HeaderEncoding::Shortest => {
                let bytes = enc.bytes(whole, whole.len())?;
                b_len(&bytes) < q_len(&bytes)
            }
        };
        Some(enc)
    }

    /// Bytes of the first `n` units.
    fn bytes(&self, units: &Units, n: usize) -> Option<Vec<u8>> {
        match (units, self.codec) {
            (Units::Bytes(b), _) => Some(b[..n].to_vec()),
            (Units::Chars(c), Some(codec)) => codec.encode(&c[..n].iter().collect::<String>()),
            (Units::Chars(c), None) => Some(c[..n].iter().collect::<String>().into_bytes()),
        }
    }

    fn encoded_len(&self, bytes: &[u8]) -> isize {
        (if self.base64 {
            b_len(bytes)
        } else {
            q_len(bytes)
        }) as isize
    }

    fn word(&self, bytes: &[u8]) -> String {
        if bytes.is_empty() {
            return String::new();
        }
        let body: String = if self.base64 {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(bytes)
        } else {
            bytes
                .iter()
                .map(|&b| match b {
                    b' ' => "_".to_string(),
                    b if q_safe(b) => (b as char).to_string(),
                    b => format!("={b:02X}"),
                })
                .collect()
        };
        format!(
            "=?{}?{}?{}?=",
            self.label,
            if self.base64 { 'b' } else { 'q' },
            body
        )
    }

    /// `header_encode_lines`: greedy split into words; `None` first word
    /// when not even one unit fits the first budget.
    /// `None` where Python raises: text in a chunk with an empty label
    /// (`''.encode` → LookupError, which escapes Patchwork).
    fn split(&self, units: &Units, first_budget: isize) -> Option<Vec<Option<String>>> {
        if self.output.is_empty() && units.len() > 0 {
            return None;
        }
        let extra = self.output.len() as isize + CHROME;
        let mut words = Vec::new();
        let mut start = 0;
        let mut budget = first_budget - extra;
        let slice = |from: usize, to: usize| -> Vec<u8> {
            match units {
                Units::Bytes(b) => b[from..to].to_vec(),
                Units::Chars(c) => {
                    let text: String = c[from..to].iter().collect();
                    match self.codec {
                        Some(codec) => codec.encode(&text).unwrap_or_default(),
                        None => text.into_bytes(),
                    }
                }
            }
        };
        for end in 1..=units.len() {
            if self.encoded_len(&slice(start, end)) > budget {
                if words.is_empty() && end - 1 == start {
                    words.push(None);
                } else {
                    words.push(Some(self.word(&slice(start, end - 1))));
                }
                start = end - 1;
                budget = MAX_LINE - CONTINUATION.len() as isize - extra;
            }
        }
        words.push(Some(self.word(&slice(start, units.len()))));
        Some(words)
    }
}

/// `Header.encode()` of normalized chunks with `start` columns taken by the
/// field name; `None` when Python would raise (embedded header).
pub(super) fn encode_chunks(chunks: &[Chunk], start: usize) -> Option<String> {
    let nonctext =
        |c: Option<char>| c.is_some_and(|c| py_space(c) || matches!(c, '(' | ')' | '\\'));
    let mut f = Formatter {
        lines: Vec::new(),
        parts: Vec::new(),
        start,
    };
    let mut prev: Option<(bool, bool)> = None; // (encoded, ends with nonctext)
    for chunk in chunks {
        let encoded = chunk.is_encoded();
        let (first_char, last_char) = match chunk {
            Chunk::Text { text, .. } => (text.chars().next(), text.chars().last()),
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
            Chunk::Text { text, .. } if !encoded => {
                let lines = py_splitlines(text);
                f.feed_ascii("", lines.first().copied().unwrap_or(""));
                for line in lines.iter().skip(1) {
                    f.newline();
                    let stripped = line.trim_start_matches(py_space);
                    f.feed_ascii(&line[..line.len() - stripped.len()], stripped);
                }
                lines.len()
            }
            Chunk::Text { text, .. } => {
                let lines: Vec<Units> = py_splitlines(text)
                    .iter()
                    .map(|l| Units::Chars(l.chars().collect()))
                    .collect();
                feed_encoded_lines(&mut f, chunk, &Units::Chars(text.chars().collect()), lines)?
            }
            Chunk::Unknown8bit(bytes) => {
                let lines: Vec<Units> = split_byte_lines(bytes)
                    .into_iter()
                    .map(|l| Units::Bytes(l.to_vec()))
                    .collect();
                feed_encoded_lines(&mut f, chunk, &Units::Bytes(bytes.clone()), lines)?
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
    let value = f.lines.join("\n");
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

/// Feeds the lines of an encoded chunk; returns the number of lines.
fn feed_encoded_lines(
    f: &mut Formatter,
    chunk: &Chunk,
    _whole: &Units,
    lines: Vec<Units>,
) -> Option<usize> {
    let count = lines.len();
    let mut lines = lines.into_iter();
    let first = lines.next().unwrap_or(match chunk {
        Chunk::Unknown8bit(_) => Units::Bytes(Vec::new()),
        Chunk::Text { .. } => Units::Chars(Vec::new()),
    });
    // The encoder is chosen per fed text, as `header_encode_lines` does.
    let enc = Encoder::new(chunk, &first)?;
    f.feed_encoded("", &first, &enc)?;
    for line in lines {
        f.newline();
        let continued = match line {
            Units::Chars(c) => {
                let mut v = vec![' '];
                v.extend(c.into_iter().skip_while(|&c| py_space(c)));
                Units::Chars(v)
            }
            Units::Bytes(b) => {
                let mut v = vec![b' '];
                v.extend(
                    b.into_iter()
                        .skip_while(|&b| b.is_ascii() && py_space(b as char)),
                );
                Units::Bytes(v)
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
    headers
        .iter()
        .filter_map(|h| stored_value(&h.name, &h.value).map(|v| format!("{}: {}", h.name, v)))
        .collect::<Vec<_>>()
        .join("\n")
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
