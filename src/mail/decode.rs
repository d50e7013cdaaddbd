//! Header value decoding: raw bytes → charset chunks (spec §4.1–4.2) and the
//! cleaned text used for every semantic purpose (§4.3–4.4).
//!
//! This mirrors CPython's `decode_header` + `make_header` as Patchwork's
//! `sanitise_header` drives them, including the fall-back that relabels a
//! whole header `unknown-8bit` when one of its chunks does not survive
//! decoding with its charset.

mod encoded_word;

use super::charset::{self, email_alias, output_charset};

/// One decoded piece of a header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Text with its (lower-case, alias-mapped) charset; `us-ascii` for plain text.
    Text { text: String, charset: String },
    /// Raw bytes labelled `unknown-8bit`.
    Unknown8bit(Vec<u8>),
}

impl Chunk {
    /// True for chunks that are not plain ASCII text.
    pub(super) fn is_encoded(&self) -> bool {
        !matches!(self, Chunk::Text { charset, .. } if charset == "us-ascii")
    }

    /// The charset name (`unknown-8bit` for raw bytes).
    pub(super) fn charset(&self) -> &str {
        match self {
            Chunk::Text { charset, .. } => charset,
            Chunk::Unknown8bit(_) => "unknown-8bit",
        }
    }
}

/// Python's `str.isspace` for one character.
pub(super) fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.splitlines` boundaries for one character (CRLF aside).
pub(super) const fn py_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Bytes where [`find_line_break`] stops: ASCII line breaks and every
/// non-ASCII byte.
const STOPS_LINE_SEARCH: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || py_line_break(b as u8 as char);
        b += 1;
    }
    table
};

/// The first line break of `s` and where it is, found by bytes: ASCII
/// breaks directly, the others (U+0085, U+2028, U+2029) at non-ASCII
/// characters only.
fn find_line_break(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let at = from
            + bytes[from..]
                .iter()
                .position(|&b| STOPS_LINE_SEARCH[usize::from(b)])?;
        // The first non-ASCII byte after ASCII ones starts a character.
        let c = s[at..].chars().next()?;
        if py_line_break(c) {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
}

/// The lines of Python's `splitlines()` (without keepends) over text.
pub(super) fn py_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let text = rest.filter(|t| !t.is_empty())?;
        match find_line_break(text) {
            Some((at, c)) => {
                let mut next = at + c.len_utf8();
                if text[at..].starts_with("\r\n") {
                    next += 1;
                }
                rest = Some(&text[next..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// A word of the value before decoding: plain text or an encoded word.
struct Word<'a> {
    text: &'a [u8],
    /// `(lower-case label, 'q' | 'b')` for encoded words.
    encoding: Option<(String, u8)>,
}

/// Non-strict `binascii.a2b_base64`, after `decode_header`'s padding fix.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut padded = text.to_vec();
    let missing = padded.len() % 4;
    if missing != 0 {
        padded.extend(std::iter::repeat_n(b'=', 4 - missing));
    }
    let mut out = Vec::new();
    let (mut quad, mut left, mut pads) = (0u8, 0u32, 0u8);
    for &c in &padded {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Some(out);
                }
            }
            continue;
        }
        let Some(v) = charset::b64_digit(c) else {
            continue;
        };
        pads = 0;
        match quad {
            0 => left = v,
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0xF;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x3;
            }
            _ => out.push(((left << 6) | v) as u8),
        }
        quad = (quad + 1) % 4;
    }
    (quad == 0).then_some(out)
}

/// `quoprimime.header_decode`.
fn q_decode(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < text.len()
                && hex(text[i + 1]).is_some()
                && hex(text[i + 2]).is_some() =>
            {
                out.push((hex(text[i + 1]).unwrap() * 16 + hex(text[i + 2]).unwrap()) as u8);
                i += 3;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Splits ASCII bytes like `str.splitlines` does.
fn split_lines_bytes(raw: &[u8]) -> Vec<&[u8]> {
    // ASCII only, so the byte and char views coincide.
    let text = std::str::from_utf8(raw).unwrap_or("");
    py_lines(text).map(str::as_bytes).collect()
}

/// Whether an ASCII value holds an encoded word whose text stays on one
/// line (its charset part may span lines).
fn has_encoded_word(raw: &[u8]) -> bool {
    encoded_word::find(raw, 0, true).is_some()
}

/// `decode_header` for an ASCII value: `(bytes, label)` pairs, label `None`
/// for plain text. `None` on a base64 error.
fn decode_header(raw: &[u8]) -> Option<Vec<(Vec<u8>, Option<String>)>> {
    if !has_encoded_word(raw) {
        return Some(vec![(raw.to_vec(), None)]);
    }
    let mut words: Vec<Word> = Vec::new();
    for line in split_lines_bytes(raw) {
        let mut pos = 0;
        let mut first = true;
        for word in encoded_word::all(line) {
            let mut plain = &line[pos..word.start];
            if first {
                plain = lstrip(plain);
                first = false;
            }
            if !plain.is_empty() {
                words.push(Word {
                    text: plain,
                    encoding: None,
                });
            }
            let label = String::from_utf8_lossy(word.charset).to_lowercase();
            words.push(Word {
                text: word.text,
                encoding: Some((label, word.encoding.to_ascii_lowercase())),
            });
            pos = word.end;
        }
        let mut plain = &line[pos..];
        if first {
            plain = lstrip(plain);
        }
        if !plain.is_empty() {
            words.push(Word {
                text: plain,
                encoding: None,
            });
        }
    }
    // Whitespace between two encoded words goes (in one pass: removing
    // them one by one made a subject of many encoded words quadratic).
    let drop: Vec<bool> = (0..words.len())
        .map(|n| {
            n >= 1
                && n + 1 < words.len()
                && words[n + 1].encoding.is_some()
                && words[n - 1].encoding.is_some()
                && !words[n].text.is_empty()
                && words[n].text.iter().all(|&b| py_space(b as char))
        })
        .collect();
    let mut index = 0;
    words.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
    let mut collapsed: Vec<(Vec<u8>, Option<String>)> = Vec::new();
    for word in words {
        let (bytes, label) = match word.encoding {
            None => (word.text.to_vec(), None),
            Some((label, b'q')) => (q_decode(word.text), Some(label)),
            Some((label, _)) => (base64_decode(word.text)?, Some(label)),
        };
        match collapsed.last_mut() {
            Some((last, last_label)) if *last_label == label => {
                if label.is_none() {
                    last.push(b' ');
                }
                last.extend_from_slice(&bytes);
            }
            _ => collapsed.push((bytes, label)),
        }
    }
    Some(collapsed)
}

fn lstrip(mut s: &[u8]) -> &[u8] {
    while let [b, rest @ ..] = s {
        if !py_space(*b as char) {
            break;
        }
        s = rest;
    }
    s
}

/// `make_header`'s per-chunk check: text of `bytes` in charset `label`, or
/// `None` when Python would raise.
fn chunk_text(bytes: &[u8], label: &str) -> Option<Chunk> {
    let charset = email_alias(label).to_string();
    if charset == "unknown-8bit" {
        return Some(Chunk::Unknown8bit(bytes.to_vec()));
    }
    // An empty label means us-ascii to `Charset` (`input_codec or 'us-ascii'`).
    let codec = charset::lookup(if charset.is_empty() {
        "us-ascii"
    } else {
        &charset
    })?;
    let text = codec.decode(bytes)?;
    let output = output_charset(&charset);
    if output != charset && !output.is_empty() {
        charset::lookup(output)?.encode(&text)?;
    } else {
        codec.encode(&text)?;
    }
    Some(Chunk::Text { text, charset })
}

/// Decodes a raw header value into chunks; `None` when undecodable.
pub fn decode(raw: &[u8]) -> Option<Vec<Chunk>> {
    if !raw.is_ascii() {
        return Some(vec![Chunk::Unknown8bit(raw.to_vec())]);
    }
    if !has_encoded_word(raw) {
        return Some(vec![Chunk::Text {
            text: super::bytes::utf8_lossy(raw),
            charset: "us-ascii".into(),
        }]);
    }
    let pairs = decode_header(raw)?;
    let chunks: Option<Vec<Chunk>> = pairs
        .iter()
        .map(|(bytes, label)| match label {
            None => Some(Chunk::Text {
                text: super::bytes::utf8_lossy(bytes),
                charset: "us-ascii".into(),
            }),
            Some(label) => chunk_text(bytes, label),
        })
        .collect();
    Some(chunks.unwrap_or_else(|| {
        let joined = pairs
            .iter()
            .map(|(b, _)| b.as_slice())
            .collect::<Vec<_>>()
            .join(&b' ');
        vec![Chunk::Unknown8bit(joined)]
    }))
}

/// `Header._normalize`: neighbours with the same charset merge, joined by a space.
pub(super) fn normalize(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for chunk in chunks {
        match (out.last_mut(), chunk) {
            (Some(Chunk::Unknown8bit(last)), Chunk::Unknown8bit(bytes)) => {
                last.push(b' ');
                last.extend_from_slice(&bytes);
            }
            (
                Some(Chunk::Text {
                    text: last,
                    charset: lc,
                }),
                Chunk::Text { text, charset },
            ) if *lc == charset => {
                last.push(' ');
                last.push_str(&text);
            }
            (_, chunk) => out.push(chunk),
        }
    }
    out
}

/// `str(Header)`: chunk texts with spaces at ASCII/encoded boundaries (§4.3).
fn render(chunks: &[Chunk]) -> String {
    let nonctext =
        |c: Option<char>| c.is_some_and(|c| py_space(c) || matches!(c, '(' | ')' | '\\'));
    let mut out = String::new();
    let mut last_encoded: Option<bool> = None;
    let mut last_space = false;
    for chunk in chunks {
        let text = match chunk {
            Chunk::Text { text, .. } => text.clone(),
            Chunk::Unknown8bit(bytes) => bytes
                .iter()
                .map(|&b| if b < 0x80 { b as char } else { '\u{FFFD}' })
                .collect(),
        };
        let mut encoded = chunk.is_encoded();
        if let Some(prev_encoded) = last_encoded {
            let has_space = nonctext(text.chars().next());
            if prev_encoded {
                if !encoded && !has_space {
                    out.push(' ');
                    encoded = false;
                }
            } else if encoded && !last_space {
                out.push(' ');
            }
        }
        last_space = nonctext(text.chars().last());
        last_encoded = Some(encoded);
        out.push_str(&text);
    }
    out
}

/// `clean(X)` of the spec (§4.4); `None` = absent.
pub fn clean(raw: &[u8]) -> Option<String> {
    let chunks = normalize(decode(raw)?);
    super::fold::encode_chunks(&chunks, 0)?;
    let text = render(&chunks);
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if py_space(c) {
            in_space = true;
        } else {
            if in_space && !out.is_empty() {
                out.push(' ');
            }
            in_space = false;
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
