//! The one charset implementation of the crate, used by header decoding
//! (`decode`, `fold`) and by the body's MIME walk (`classify::mime`):
//! CPython's `email.charset` (aliases, header encodings, output charsets) and
//! CPython 3.11's codec registry. A label is looked up the way `codecs.lookup`
//! does ([`is_registered`] knows every name Python knows, text codec or not);
//! decoding/encoding is strict (any undefined byte or unmappable character is
//! an error, as with `errors='strict'`). The UTF-7/16/32 codecs live in
//! `charset_utf`, the generated data in `charset_tables` and `charset_dbcs`.

use super::charset_dbcs::*;
use super::charset_tables::{ALIASES, MODULES, SINGLE_BYTE};
use super::charset_utf::{b64_value, utf7_decode, utf7_encode, wide_decode, wide_encode};

/// How a charset's header text is transfer-encoded (`email.charset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderEncoding {
    /// Plain ASCII: folded at syntactic breaks, not encoded.
    None,
    Q,
    B,
    /// Whichever of B and Q is shorter for the whole text (tie → Q).
    Shortest,
}

/// `email.charset.ALIASES`: applied to the lower-cased label.
pub(super) fn email_alias(label: &str) -> &str {
    match label {
        "latin_1" | "latin-1" => "iso-8859-1",
        "latin_2" | "latin-2" => "iso-8859-2",
        "latin_3" | "latin-3" => "iso-8859-3",
        "latin_4" | "latin-4" => "iso-8859-4",
        "latin_5" | "latin-5" => "iso-8859-9",
        "latin_6" | "latin-6" => "iso-8859-10",
        "latin_7" | "latin-7" => "iso-8859-13",
        "latin_8" | "latin-8" => "iso-8859-14",
        "latin_9" | "latin-9" => "iso-8859-15",
        "latin_10" | "latin-10" => "iso-8859-16",
        "cp949" => "ks_c_5601-1987",
        "euc_jp" => "euc-jp",
        "euc_kr" => "euc-kr",
        "ascii" => "us-ascii",
        other => other,
    }
}

/// Header encoding of an (alias-mapped) input charset (`CHARSETS` table).
pub(super) fn header_encoding(charset: &str) -> HeaderEncoding {
    match charset {
        "us-ascii" => HeaderEncoding::None,
        "iso-8859-1" | "iso-8859-2" | "iso-8859-3" | "iso-8859-4" | "iso-8859-9"
        | "iso-8859-10" | "iso-8859-13" | "iso-8859-14" | "iso-8859-15" | "iso-8859-16"
        | "windows-1252" | "viscii" => HeaderEncoding::Q,
        "big5" | "gb2312" | "euc-jp" | "shift_jis" | "iso-2022-jp" | "koi8-r" => HeaderEncoding::B,
        _ => HeaderEncoding::Shortest,
    }
}

/// The output charset of an (alias-mapped) input charset.
pub(super) fn output_charset(charset: &str) -> &str {
    match charset {
        "euc-jp" | "shift_jis" => "iso-2022-jp",
        other => other,
    }
}

/// The name written into encoded words: Python's codec names leak through
/// for two charsets (`CODEC_MAP`).
pub(super) fn word_label(output: &str) -> &str {
    match output {
        "big5" => "big5_tw",
        "gb2312" => "eucgb2312_cn",
        "" => "us-ascii",
        other => other,
    }
}

/// A codec of the registry that we can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Codec {
    Ascii,
    Latin1,
    Utf8,
    /// `utf-8-sig`: one leading BOM is dropped when decoding, written when encoding.
    Utf8Sig,
    Utf7,
    /// Upper half (128 entries, lower half ASCII) or all 256 bytes; 0xFFFF = undefined.
    SingleByte(&'static [u16]),
    /// UTF-16/32: code unit width, big-endian?, BOM handling (`utf-16`/`utf-32`).
    Utf16or32 {
        width: usize,
        big: bool,
        bom: bool,
    },
    /// CPython's strict double-byte codecs, mapping via encoding_rs plus overrides.
    Dbcs(&'static Dbcs),
    /// CJK codecs, approximated with the WHATWG encodings of `encoding_rs`
    /// (they accept a few more sequences than Python does).
    Whatwg(&'static encoding_rs::Encoding),
}

/// `encodings.normalize_encoding`: runs of non-alphanumeric characters other
/// than `.` become one `_`, leading/trailing ones vanish.
fn normalize(label: &str) -> String {
    let mut out = String::new();
    let mut punct = false;
    for c in label.chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c);
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// The `encodings` module `codecs.lookup(label)` imports (`search_function`:
/// the alias table, also with `.` read as `_`, else the normalised name
/// itself); `None` for a LookupError. A NUL makes Python raise ValueError.
fn module(label: &str) -> Option<&'static str> {
    if label.contains('\0') {
        return None;
    }
    let norm = normalize(&label.to_lowercase());
    let alias = |n: &str| {
        ALIASES
            .binary_search_by(|(k, _)| (*k).cmp(n))
            .ok()
            .map(|i| ALIASES[i].1)
    };
    if let Some(m) = alias(&norm).or_else(|| alias(&norm.replace('.', "_"))) {
        return Some(m);
    }
    MODULES
        .binary_search(&norm.as_str())
        .ok()
        .map(|i| MODULES[i])
}

/// Whether `codecs.lookup(label)` succeeds, text codec or not (spec §8.1
/// "a charset name known to Python's codec registry").
pub(crate) fn is_registered(label: &str) -> bool {
    module(label).is_some()
}

/// Strict `bytes.decode(label)`; `None` where Python raises, and for the
/// registered codecs we cannot run (non-text codecs such as `zlib`, which
/// raise LookupError on `bytes.decode`, and rare ones such as `johab`).
pub(crate) fn decode(label: &str, bytes: &[u8]) -> Option<String> {
    lookup(label)?.decode(bytes)
}

/// Whether the codec of `label` starts every encoding with a byte-order
/// mark (`utf-16`, `utf-32`, `utf-8-sig`): text written as several encoded
/// words carries one in each, and decoding the words' bytes together keeps
/// all but the first as U+FEFF (in CPython as here).
pub fn writes_bom(label: &str) -> bool {
    matches!(
        lookup(label),
        Some(Codec::Utf8Sig | Codec::Utf16or32 { bom: true, .. })
    )
}

/// `codecs.lookup(label)` for a codec we can run; `None` otherwise.
pub(super) fn lookup(label: &str) -> Option<Codec> {
    Some(match module(label)? {
        "ascii" => Codec::Ascii,
        "latin_1" | "charmap" => Codec::Latin1,
        "utf_8" => Codec::Utf8,
        "utf_8_sig" => Codec::Utf8Sig,
        "utf_7" => Codec::Utf7,
        "utf_16" => Codec::Utf16or32 {
            width: 2,
            big: false,
            bom: true,
        },
        "utf_16_le" => Codec::Utf16or32 {
            width: 2,
            big: false,
            bom: false,
        },
        "utf_16_be" => Codec::Utf16or32 {
            width: 2,
            big: true,
            bom: false,
        },
        "utf_32" => Codec::Utf16or32 {
            width: 4,
            big: false,
            bom: true,
        },
        "utf_32_le" => Codec::Utf16or32 {
            width: 4,
            big: false,
            bom: false,
        },
        "utf_32_be" => Codec::Utf16or32 {
            width: 4,
            big: true,
            bom: false,
        },
        "big5" => Codec::Dbcs(&BIG5),
        "gb2312" => Codec::Dbcs(&GB2312),
        "gbk" => Codec::Dbcs(&GBK),
        "euc_kr" => Codec::Dbcs(&EUC_KR),
        "cp949" => Codec::Dbcs(&CP949),
        "shift_jis" => Codec::Dbcs(&SHIFT_JIS),
        "big5hkscs" | "cp950" => Codec::Whatwg(encoding_rs::BIG5),
        "gb18030" => Codec::Whatwg(encoding_rs::GB18030),
        "euc_jp" | "euc_jis_2004" | "euc_jisx0213" => Codec::Whatwg(encoding_rs::EUC_JP),
        "cp932" | "shift_jis_2004" | "shift_jisx0213" => Codec::Whatwg(encoding_rs::SHIFT_JIS),
        "iso2022_jp" | "iso2022_jp_1" | "iso2022_jp_2" | "iso2022_jp_ext" => {
            Codec::Whatwg(encoding_rs::ISO_2022_JP)
        }
        other => {
            let (_, table) = SINGLE_BYTE.iter().find(|(name, _)| *name == other)?;
            Codec::SingleByte(table)
        }
    })
}

/// The character a single-byte table gives byte `b`.
fn table_char(table: &[u16], b: u8) -> Option<char> {
    let u = match (table.len(), b) {
        (128, 0..=0x7F) => return Some(char::from(b)),
        (128, _) => table[usize::from(b - 0x80)],
        _ => table[usize::from(b)],
    };
    if u == 0xFFFF {
        None
    } else {
        char::from_u32(u32::from(u))
    }
}

/// The byte a single-byte table gives `c`, if any.
fn table_byte(table: &[u16], c: char) -> Option<u8> {
    let offset = 256 - table.len();
    if offset == 128 && c.is_ascii() {
        return Some(c as u8);
    }
    let pos = table
        .iter()
        .position(|&u| u != 0xFFFF && u32::from(u) == u32::from(c))?;
    u8::try_from(pos + offset).ok()
}

impl Codec {
    /// Strict decoding; `None` on any error.
    pub(super) fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Codec::Ascii => bytes.is_ascii().then(|| super::bytes::utf8_lossy(bytes)),
            Codec::Latin1 => Some(bytes.iter().map(|&b| b as char).collect()),
            Codec::Utf8 => String::from_utf8(bytes.to_vec()).ok(),
            Codec::Utf8Sig => {
                Codec::Utf8.decode(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
            }
            Codec::Utf7 => utf7_decode(bytes),
            Codec::SingleByte(table) => bytes.iter().map(|&b| table_char(table, b)).collect(),
            Codec::Whatwg(enc) => enc
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|c| c.into_owned()),
            Codec::Utf16or32 { width, big, bom } => wide_decode(bytes, width, big, bom),
            Codec::Dbcs(d) => d.decode(bytes),
        }
    }

    /// Strict encoding; `None` when a character is not representable.
    pub(super) fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Codec::Ascii => text.is_ascii().then(|| text.as_bytes().to_vec()),
            Codec::Latin1 => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).ok())
                .collect(),
            Codec::Utf8 => Some(text.as_bytes().to_vec()),
            Codec::Utf8Sig => Some([b"\xef\xbb\xbf", text.as_bytes()].concat()),
            Codec::Utf7 => Some(utf7_encode(text)),
            Codec::SingleByte(table) => text.chars().map(|c| table_byte(table, c)).collect(),
            Codec::Utf16or32 { width, big, bom } => Some(wide_encode(text, width, big, bom)),
            Codec::Dbcs(d) => d.encode(text),
            Codec::Whatwg(enc) if enc == encoding_rs::ISO_2022_JP => iso2022jp_encode(text),
            Codec::Whatwg(enc) => {
                let (bytes, _, unmappable) = enc.encode(text);
                (!unmappable).then(|| bytes.into_owned())
            }
        }
    }
}

/// CPython's `iso2022_jp` encoder: ASCII (controls included), JIS X 0201
/// Roman for `¥`/`‾`, JIS X 0208 for the rest; no half-width katakana.
fn iso2022jp_encode(text: &str) -> Option<Vec<u8>> {
    const ASCII: &[u8] = b"\x1b(B";
    const ROMAN: &[u8] = b"\x1b(J";
    const JIS0208: &[u8] = b"\x1b$B";
    let mut out = Vec::new();
    let mut mode = ASCII;
    let mut switch = |out: &mut Vec<u8>, to: &'static [u8]| {
        if mode != to {
            out.extend_from_slice(to);
            mode = to;
        }
    };
    for c in text.chars() {
        match c {
            c if c.is_ascii() => {
                switch(&mut out, ASCII);
                out.push(c as u8);
            }
            '\u{A5}' | '\u{203E}' => {
                switch(&mut out, ROMAN);
                out.push(if c == '\u{A5}' { b'\\' } else { b'~' });
            }
            '\u{FF61}'..='\u{FF9F}' => return None,
            c => {
                let mut buf = [0u8; 4];
                let (bytes, _, unmappable) =
                    encoding_rs::ISO_2022_JP.encode(c.encode_utf8(&mut buf));
                match (unmappable, &*bytes) {
                    (false, [0x1b, b'$', b'B', a, b, 0x1b, b'(', b'B']) => {
                        switch(&mut out, JIS0208);
                        out.extend_from_slice(&[*a, *b]);
                    }
                    _ => return None,
                }
            }
        }
    }
    switch(&mut out, ASCII);
    Some(out)
}

/// A CPython double-byte codec described by generated data.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Dbcs {
    whatwg: &'static encoding_rs::Encoding,
    singles: &'static [(u8, u8)],
    pairs: &'static [(u16, u16)],
    overrides: &'static [(u16, u32)],
}

static GB2312: Dbcs = Dbcs {
    whatwg: encoding_rs::GBK,
    singles: GB2312_SINGLES,
    pairs: GB2312_PAIRS,
    overrides: GB2312_OVERRIDES,
};
static GBK: Dbcs = Dbcs {
    whatwg: encoding_rs::GBK,
    singles: GBK_SINGLES,
    pairs: GBK_PAIRS,
    overrides: GBK_OVERRIDES,
};
static CP949: Dbcs = Dbcs {
    whatwg: encoding_rs::EUC_KR,
    singles: CP949_SINGLES,
    pairs: CP949_PAIRS,
    overrides: CP949_OVERRIDES,
};
static BIG5: Dbcs = Dbcs {
    whatwg: encoding_rs::BIG5,
    singles: BIG5_SINGLES,
    pairs: BIG5_PAIRS,
    overrides: BIG5_OVERRIDES,
};
static EUC_KR: Dbcs = Dbcs {
    whatwg: encoding_rs::EUC_KR,
    singles: EUC_KR_SINGLES,
    pairs: EUC_KR_PAIRS,
    overrides: EUC_KR_OVERRIDES,
};
static SHIFT_JIS: Dbcs = Dbcs {
    whatwg: encoding_rs::SHIFT_JIS,
    singles: SHIFT_JIS_SINGLES,
    pairs: SHIFT_JIS_PAIRS,
    overrides: SHIFT_JIS_OVERRIDES,
};

impl Dbcs {
    fn is_single(&self, b: u8) -> bool {
        self.singles.iter().any(|&(lo, hi)| (lo..=hi).contains(&b))
    }

    fn is_pair(&self, p: u16) -> bool {
        self.pairs.iter().any(|&(lo, hi)| (lo..=hi).contains(&p))
    }

    fn whatwg_char(&self, bytes: &[u8]) -> Option<char> {
        let s = self
            .whatwg
            .decode_without_bom_handling_and_without_replacement(bytes)?;
        let mut chars = s.chars();
        chars.next().filter(|_| chars.next().is_none())
    }

    fn pair_char(&self, p: u16) -> Option<char> {
        if !self.is_pair(p) {
            return None;
        }
        match self.overrides.iter().find(|&&(k, _)| k == p) {
            Some(&(_, c)) => char::from_u32(c),
            None => self.whatwg_char(&p.to_be_bytes()),
        }
    }

    fn decode(&self, bytes: &[u8]) -> Option<String> {
        let mut out = String::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if self.is_single(b) {
                out.push(if b < 0x80 {
                    b as char
                } else {
                    self.whatwg_char(&[b])?
                });
                i += 1;
            } else {
                let p = u16::from_be_bytes([b, *bytes.get(i + 1)?]);
                out.push(self.pair_char(p)?);
                i += 2;
            }
        }
        Some(out)
    }

    fn encode(&self, text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for c in text.chars() {
            if let Some(&(p, _)) = self.overrides.iter().find(|&&(_, v)| v == u32::from(c)) {
                out.extend_from_slice(&p.to_be_bytes());
                continue;
            }
            let mut buf = [0u8; 4];
            let (bytes, _, unmappable) = self.whatwg.encode(c.encode_utf8(&mut buf));
            if unmappable {
                return None;
            }
            let ok = match *bytes {
                [b] => self.is_single(b),
                [l, t] => self.pair_char(u16::from_be_bytes([l, t])) == Some(c),
                _ => false,
            };
            if !ok {
                return None;
            }
            out.extend_from_slice(&bytes);
        }
        Some(out)
    }
}

/// Value of a base64 digit.
pub(super) fn b64_digit(b: u8) -> Option<u32> {
    b64_value(b)
}

#[cfg(test)]
mod tests;
