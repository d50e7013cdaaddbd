//! RFC 2047 encoded words for the folding engine (`Charset.header_encode_lines`):
//! one line of an encoded chunk is split greedily into words that fit the
//! line budgets.
//!
//! The split measures the encoded length of a growing run of units. For
//! codecs that encode character by character (no state, no BOM) the run's
//! length is kept as a running sum; for the others (ISO-2022-JP, UTF-7,
//! UTF-16/32, `utf-8-sig`, …) the run is re-encoded for every unit, as
//! Python does.

use std::borrow::Cow;

use super::super::charset::{
    self, Codec, HeaderEncoding, header_encoding, output_charset, word_label,
};
use super::super::decode::Chunk;
use super::{CONTINUATION, MAX_LINE};

/// `=?` `?x?` `?=` around an encoded word.
const CHROME: isize = 7;

/// Text of one line of an encoded chunk: characters, or raw bytes for
/// `unknown-8bit`. A unit is one character or one byte.
pub(super) enum Units<'a> {
    Text(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
}

impl Units<'_> {
    fn byte_len(&self) -> usize {
        match self {
            Units::Text(t) => t.len(),
            Units::Bytes(b) => b.len(),
        }
    }

    /// Where the unit starting at byte `pos` ends.
    fn unit_end(&self, pos: usize) -> usize {
        match self {
            Units::Text(t) => pos + t[pos..].chars().next().map_or(1, char::len_utf8),
            Units::Bytes(_) => pos + 1,
        }
    }
}

/// Encoded length of some bytes, in both encodings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cost {
    bytes: usize,
    q: usize,
}

impl Cost {
    fn of(bytes: &[u8]) -> Cost {
        Cost {
            bytes: bytes.len(),
            q: q_len(bytes),
        }
    }

    fn plus(self, other: Cost) -> Cost {
        Cost {
            bytes: self.bytes + other.bytes,
            q: self.q + other.q,
        }
    }
}

fn q_len(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| q_byte_len(b)).sum()
}

fn q_byte_len(b: u8) -> usize {
    if q_safe(b) || b == b' ' { 1 } else { 3 }
}

fn q_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!*+-/".contains(&b)
}

fn b_len(byte_count: usize) -> usize {
    byte_count.div_ceil(3) * 4
}

/// Whether encoding a string gives the concatenation of its characters'
/// encodings (and fails exactly when one of them fails).
fn encodes_per_char(codec: Codec) -> bool {
    matches!(
        codec,
        Codec::Ascii | Codec::Latin1 | Codec::Utf8 | Codec::SingleByte(_) | Codec::Dbcs(_)
    )
}

/// How one chunk's text becomes encoded words.
pub(super) struct Encoder {
    codec: Option<Codec>,
    /// Output charset name (for the budget).
    output: String,
    /// Name written into the words.
    label: String,
    base64: bool,
}

impl Encoder {
    /// The encoder for `text` (one line) of `chunk`; `None` where Python raises.
    pub(super) fn new(chunk: &Chunk, text: &Units) -> Option<Encoder> {
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
                let bytes = enc.try_bytes(text, 0, text.byte_len())?;
                b_len(bytes.len()) < q_len(&bytes)
            }
        };
        Some(enc)
    }

    /// Bytes of the units in the byte range `from..to`; `None` when the
    /// codec cannot encode them.
    fn try_bytes<'u>(&self, units: &'u Units, from: usize, to: usize) -> Option<Cow<'u, [u8]>> {
        match (units, self.codec) {
            (Units::Bytes(b), _) => Some(Cow::Borrowed(&b[from..to])),
            (Units::Text(t), None | Some(Codec::Utf8)) => {
                Some(Cow::Borrowed(t[from..to].as_bytes()))
            }
            (Units::Text(t), Some(codec)) => codec.encode(&t[from..to]).map(Cow::Owned),
        }
    }

    /// As [`Encoder::try_bytes`], no bytes for what does not encode.
    fn bytes<'u>(&self, units: &'u Units, from: usize, to: usize) -> Cow<'u, [u8]> {
        self.try_bytes(units, from, to).unwrap_or_default()
    }

    /// The cost of the single unit `from..to`, without allocating for the
    /// common single-byte cases.
    fn unit_cost(&self, units: &Units, from: usize, to: usize) -> Cost {
        let single = match (units, self.codec) {
            (Units::Text(t), Some(Codec::Latin1 | Codec::Ascii)) => t[from..to]
                .chars()
                .next()
                .and_then(|c| u8::try_from(u32::from(c)).ok()),
            _ => None,
        };
        match single {
            Some(b) => Cost {
                bytes: 1,
                q: q_byte_len(b),
            },
            None => Cost::of(&self.bytes(units, from, to)),
        }
    }

    /// Whether a run's cost is the sum of its units' costs (see the module doc).
    fn measures_per_unit(&self, units: &Units) -> bool {
        match (units, self.codec) {
            (Units::Bytes(_), _) | (Units::Text(_), None | Some(Codec::Utf8)) => true,
            (Units::Text(t), Some(codec)) => encodes_per_char(codec) && codec.encode(t).is_some(),
        }
    }

    fn encoded_len(&self, cost: Cost) -> isize {
        (if self.base64 {
            b_len(cost.bytes)
        } else {
            cost.q
        }) as isize
    }

    fn word(&self, bytes: &[u8]) -> String {
        if bytes.is_empty() {
            return String::new();
        }
        let body = if self.base64 {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(bytes)
        } else {
            q_body(bytes)
        };
        let kind = if self.base64 { 'b' } else { 'q' };
        format!("=?{}?{kind}?{body}?=", self.label)
    }

    /// `header_encode_lines`: greedy split into words; `None` first word
    /// when not even one unit fits the first budget.
    /// `None` where Python raises: text in a chunk with an empty label
    /// (`''.encode` → LookupError, which escapes Patchwork).
    pub(super) fn split(&self, units: &Units, first_budget: isize) -> Option<Vec<Option<String>>> {
        let total = units.byte_len();
        if self.output.is_empty() && total > 0 {
            return None;
        }
        let extra = self.output.len() as isize + CHROME;
        let per_unit = self.measures_per_unit(units);
        let mut words = Vec::new();
        let mut budget = first_budget - extra;
        // The current word is the units of `start..pos`; `run` is its cost
        // when measured per unit.
        let (mut start, mut pos, mut run) = (0, 0, Cost::default());
        while pos < total {
            let end = units.unit_end(pos);
            let cost = if per_unit {
                let unit = self.unit_cost(units, pos, end);
                run = run.plus(unit);
                run
            } else {
                Cost::of(&self.bytes(units, start, end))
            };
            if self.encoded_len(cost) > budget {
                if words.is_empty() && pos == start {
                    words.push(None);
                } else {
                    words.push(Some(self.word(&self.bytes(units, start, pos))));
                }
                start = pos;
                budget = MAX_LINE - CONTINUATION.len() as isize - extra;
                if per_unit {
                    run = self.unit_cost(units, pos, end);
                }
            }
            pos = end;
        }
        words.push(Some(self.word(&self.bytes(units, start, total))));
        Some(words)
    }
}

/// The Q-encoded text of an encoded word.
fn q_body(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut body = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        match b {
            b' ' => body.push('_'),
            b if q_safe(b) => body.push(b as char),
            b => {
                body.push('=');
                body.push(HEX[usize::from(b >> 4)] as char);
                body.push(HEX[usize::from(b & 0xF)] as char);
            }
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str, cs: &str) -> Chunk {
        Chunk::Text {
            text: t.into(),
            charset: cs.into(),
        }
    }

    /// The old algorithm: re-encode the growing run for every unit.
    fn split_by_reencoding(
        enc: &Encoder,
        units: &Units,
        first_budget: isize,
    ) -> Vec<Option<String>> {
        let extra = enc.output.len() as isize + CHROME;
        let mut ends = vec![0];
        while *ends.last().unwrap() < units.byte_len() {
            ends.push(units.unit_end(*ends.last().unwrap()));
        }
        let (mut words, mut start, mut budget) = (Vec::new(), 0, first_budget - extra);
        for k in 1..ends.len() {
            let len = enc.encoded_len(Cost::of(&enc.bytes(units, ends[start], ends[k])));
            if len > budget {
                if words.is_empty() && k - 1 == start {
                    words.push(None);
                } else {
                    words.push(Some(enc.word(&enc.bytes(units, ends[start], ends[k - 1]))));
                }
                start = k - 1;
                budget = MAX_LINE - CONTINUATION.len() as isize - extra;
            }
        }
        words.push(Some(enc.word(&enc.bytes(
            units,
            ends[start],
            units.byte_len(),
        ))));
        words
    }

    #[test]
    fn per_unit_split_matches_reencoding() {
        let long = "Ünïcødé wörds, spaces and 漢字 ".repeat(6);
        let chunks = [
            text(&long, "utf-8"),
            text(&"café crème brûlée ".repeat(8), "iso-8859-1"),
            text(&"Привет мир ".repeat(10), "koi8-r"),
            text(&"漢字かな交じり文".repeat(10), "iso-2022-jp"),
            text(&"漢字".repeat(30), "big5"),
            Chunk::Unknown8bit("Rafał Miłecki <x@y> ".repeat(8).into_bytes()),
        ];
        for chunk in &chunks {
            let units = match chunk {
                Chunk::Text { text, .. } => Units::Text(Cow::Borrowed(text)),
                Chunk::Unknown8bit(b) => Units::Bytes(Cow::Borrowed(b)),
            };
            let enc = Encoder::new(chunk, &units).unwrap();
            for first_budget in [-5, 0, 1, 10, 20, 40, 77, 78] {
                assert_eq!(
                    enc.split(&units, first_budget).unwrap(),
                    split_by_reencoding(&enc, &units, first_budget),
                    "{chunk:?} {first_budget}"
                );
            }
        }
    }

    #[test]
    fn q_words() {
        let enc = Encoder::new(&text("x", "iso-8859-1"), &Units::Text(Cow::Borrowed("x"))).unwrap();
        assert_eq!(enc.word(b"a b=\xe9_!"), "=?iso-8859-1?q?a_b=3D=E9=5F!?=");
        assert_eq!(enc.word(b""), "");
    }
}
