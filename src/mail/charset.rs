//! The charset knowledge the header code needs, modelled on CPython's
//! `email.charset` (aliases, header encodings, output charsets) and on the
//! subset of CPython's codec registry that mail actually uses: a label is
//! looked up the way `codecs.lookup` does, and decoding/encoding is strict
//! (any undefined byte or unmappable character is an error). Labels Python
//! does not know are unknown here too.

use super::charset_dbcs::*;
use super::charset_tables::{ALIASES, SINGLE_BYTE};

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

/// A codec of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Codec {
    Ascii,
    Latin1,
    Utf8,
    Utf7,
    SingleByte(&'static [u16; 128]),
    /// UTF-16/32: code unit width, big-endian?, BOM handling (`utf-16`/`utf-32`).
    Utf16or32 { width: usize, big: bool, bom: bool },
    /// CPython's strict double-byte codecs, mapping via encoding_rs plus overrides.
    Dbcs(&'static Dbcs),
    /// CJK codecs, approximated with the WHATWG encodings of `encoding_rs`.
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

/// `codecs.lookup(label)`; `None` for a LookupError (or a non-text codec).
pub(super) fn lookup(label: &str) -> Option<Codec> {
    if label.contains('\0') {
        return None;
    }
    let norm = normalize(&label.to_lowercase());
    let alias = |n: &str| ALIASES.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
    let module = alias(&norm)
        .or_else(|| alias(&norm.replace('.', "_")))
        .unwrap_or(norm.as_str());
    Some(match module {
        "ascii" => Codec::Ascii,
        "latin_1" => Codec::Latin1,
        "utf_8" => Codec::Utf8,
        "utf_7" => Codec::Utf7,
        "big5" => Codec::Dbcs(&BIG5),
        "gb2312" => Codec::Dbcs(&GB2312),
        "euc_kr" => Codec::Dbcs(&EUC_KR),
        "shift_jis" => Codec::Dbcs(&SHIFT_JIS),
        "utf_16" => Codec::Utf16or32 { width: 2, big: false, bom: true },
        "utf_16_le" => Codec::Utf16or32 { width: 2, big: false, bom: false },
        "utf_16_be" => Codec::Utf16or32 { width: 2, big: true, bom: false },
        "utf_32" => Codec::Utf16or32 { width: 4, big: false, bom: true },
        "utf_32_le" => Codec::Utf16or32 { width: 4, big: false, bom: false },
        "utf_32_be" => Codec::Utf16or32 { width: 4, big: true, bom: false },
        "big5hkscs" => Codec::Whatwg(encoding_rs::BIG5),
        "gbk" => Codec::Dbcs(&GBK),
        "gb18030" => Codec::Whatwg(encoding_rs::GB18030),
        "euc_jp" => Codec::Whatwg(encoding_rs::EUC_JP),
        "cp932" => Codec::Whatwg(encoding_rs::SHIFT_JIS),
        "iso2022_jp" => Codec::Whatwg(encoding_rs::ISO_2022_JP),
        "cp949" => Codec::Dbcs(&CP949),
        other => {
            let (_, table) = SINGLE_BYTE.iter().find(|(name, _)| *name == other)?;
            Codec::SingleByte(table)
        }
    })
}

impl Codec {
    /// Strict decoding; `None` on any error.
    pub(super) fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Codec::Ascii => bytes.is_ascii().then(|| bytes.iter().map(|&b| b as char).collect()),
            Codec::Latin1 => Some(bytes.iter().map(|&b| b as char).collect()),
            Codec::Utf8 => String::from_utf8(bytes.to_vec()).ok(),
            Codec::Utf7 => utf7_decode(bytes),
            Codec::SingleByte(table) => bytes
                .iter()
                .map(|&b| match b {
                    0..=0x7F => Some(b as char),
                    _ => match table[usize::from(b - 0x80)] {
                        0xFFFF => None,
                        u => char::from_u32(u32::from(u)),
                    },
                })
                .collect(),
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
            Codec::Latin1 => text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect(),
            Codec::Utf8 => Some(text.as_bytes().to_vec()),
            Codec::Utf7 => Some(utf7_encode(text)),
            Codec::SingleByte(table) => text
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        return Some(c as u8);
                    }
                    let pos = table.iter().position(|&u| u != 0xFFFF && u32::from(u) == u32::from(c))?;
                    u8::try_from(pos + 0x80).ok()
                })
                .collect(),
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
                let (bytes, _, unmappable) = encoding_rs::ISO_2022_JP.encode(c.encode_utf8(&mut buf));
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

static GB2312: Dbcs =
    Dbcs { whatwg: encoding_rs::GBK, singles: GB2312_SINGLES, pairs: GB2312_PAIRS, overrides: GB2312_OVERRIDES };
static GBK: Dbcs = Dbcs { whatwg: encoding_rs::GBK, singles: GBK_SINGLES, pairs: GBK_PAIRS, overrides: GBK_OVERRIDES };
static CP949: Dbcs =
    Dbcs { whatwg: encoding_rs::EUC_KR, singles: CP949_SINGLES, pairs: CP949_PAIRS, overrides: CP949_OVERRIDES };
static BIG5: Dbcs =
    Dbcs { whatwg: encoding_rs::BIG5, singles: BIG5_SINGLES, pairs: BIG5_PAIRS, overrides: BIG5_OVERRIDES };
static EUC_KR: Dbcs =
    Dbcs { whatwg: encoding_rs::EUC_KR, singles: EUC_KR_SINGLES, pairs: EUC_KR_PAIRS, overrides: EUC_KR_OVERRIDES };
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
        let s = self.whatwg.decode_without_bom_handling_and_without_replacement(bytes)?;
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
                out.push(if b < 0x80 { b as char } else { self.whatwg_char(&[b])? });
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

/// CPython's strict UTF-16/UTF-32 decoders (BOM-sniffing for the plain names,
/// little-endian otherwise).
fn wide_decode(bytes: &[u8], width: usize, mut big: bool, bom: bool) -> Option<String> {
    let mut body = bytes;
    if bom {
        let (le, be): (&[u8], &[u8]) =
            if width == 2 { (b"\xff\xfe", b"\xfe\xff") } else { (b"\xff\xfe\0\0", b"\0\0\xfe\xff") };
        if let Some(rest) = body.strip_prefix(le) {
            body = rest;
        } else if let Some(rest) = body.strip_prefix(be) {
            body = rest;
            big = true;
        }
    }
    if !body.len().is_multiple_of(width) {
        return None;
    }
    let units = body.chunks(width).map(|c| {
        let mut v = 0u32;
        for i in 0..width {
            let b = if big { c[i] } else { c[width - 1 - i] };
            v = (v << 8) | u32::from(b);
        }
        v
    });
    if width == 2 {
        let units: Vec<u16> = units.map(|u| u as u16).collect();
        String::from_utf16(&units).ok()
    } else {
        units.map(char::from_u32).collect()
    }
}

fn wide_encode(text: &str, width: usize, big: bool, bom: bool) -> Vec<u8> {
    let mut units: Vec<u32> = if bom { vec![0xFEFF] } else { Vec::new() };
    if width == 2 {
        units.extend(text.encode_utf16().map(u32::from));
    } else {
        units.extend(text.chars().map(u32::from));
    }
    let mut out = Vec::new();
    for u in units {
        let bytes = u.to_be_bytes();
        let unit = &bytes[4 - width..];
        if big {
            out.extend_from_slice(unit);
        } else {
            out.extend(unit.iter().rev());
        }
    }
    out
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Value of a base64 digit.
pub(super) fn b64_digit(b: u8) -> Option<u32> {
    b64_value(b)
}

fn b64_value(b: u8) -> Option<u32> {
    B64.iter().position(|&c| c == b).map(|p| p as u32)
}

/// CPython's strict UTF-7 decoder. Lone surrogates (which Python would
/// keep) cannot live in a Rust string and count as errors.
fn utf7_decode(bytes: &[u8]) -> Option<String> {
    let mut units: Vec<u16> = Vec::new();
    let (mut in_shift, mut bits, mut buffer) = (false, 0u32, 0u32);
    let mut i = 0;
    while i < bytes.len() {
        let ch = bytes[i];
        if in_shift {
            if let Some(v) = b64_value(ch) {
                buffer = (buffer << 6) | v;
                bits += 6;
                i += 1;
                if bits >= 16 {
                    units.push(((buffer >> (bits - 16)) & 0xFFFF) as u16);
                    bits -= 16;
                    buffer &= (1 << bits) - 1;
                }
            } else {
                in_shift = false;
                if bits >= 6 || (bits > 0 && buffer != 0) {
                    return None;
                }
                if ch == b'-' {
                    i += 1;
                }
            }
        } else if ch == b'+' {
            i += 1;
            match bytes.get(i) {
                Some(b'-') => {
                    i += 1;
                    units.push(u16::from(b'+'));
                }
                Some(&n) if b64_value(n).is_none() => return None,
                _ => {
                    in_shift = true;
                    bits = 0;
                    buffer = 0;
                }
            }
        } else if ch < 0x80 {
            units.push(u16::from(ch));
            i += 1;
        } else {
            return None;
        }
    }
    if in_shift && (bits >= 6 || (bits > 0 && buffer != 0)) {
        return None;
    }
    String::from_utf16(&units).ok()
}

/// CPython's UTF-7 encoder (set O and whitespace written directly).
fn utf7_encode(text: &str) -> Vec<u8> {
    let direct = |c: char| {
        c.is_ascii()
            && (c.is_ascii_alphanumeric()
                || "'(),-./:? \t\r\n!\"#$%&*;<=>@[]^_`{|}".contains(c))
    };
    let mut out = Vec::new();
    let (mut in_shift, mut bits, mut buffer) = (false, 0u32, 0u32);
    for c in text.chars() {
        if in_shift && direct(c) {
            if bits > 0 {
                out.push(B64[((buffer << (6 - bits)) & 0x3F) as usize]);
                bits = 0;
                buffer = 0;
            }
            in_shift = false;
            if b64_value(c as u8).is_some() || c == '-' {
                out.push(b'-');
            }
            out.push(c as u8);
            continue;
        }
        if !in_shift {
            if c == '+' {
                out.extend_from_slice(b"+-");
                continue;
            }
            if direct(c) {
                out.push(c as u8);
                continue;
            }
            out.push(b'+');
            in_shift = true;
        }
        let mut units = [0u16; 2];
        for &unit in c.encode_utf16(&mut units).iter() {
            buffer = (buffer << 16) | u32::from(unit);
            bits += 16;
            while bits >= 6 {
                out.push(B64[((buffer >> (bits - 6)) & 0x3F) as usize]);
                bits -= 6;
            }
            buffer &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        out.push(B64[((buffer << (6 - bits)) & 0x3F) as usize]);
    }
    if in_shift {
        out.push(b'-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_follows_python_names() {
        let cases: &[(&str, bool)] = &[
            ("utf-8", true),
            ("UTF8", true),
            ("iso8859-1", true),
            ("iso-8859-15", true),
            ("latin1", true),
            ("windows-1252", true),
            ("koi8-r", true),
            ("utf-7", true),
            ("utf-x", false),
            ("unknown-8bit", false),
            ("x-unknown", false),
            ("ks_c_5601-1987", true),
        ];
        for (label, known) in cases {
            assert_eq!(lookup(label).is_some(), *known, "{label}");
        }
    }

    #[test]
    fn strict_single_byte() {
        let cp1252 = lookup("windows-1252").unwrap();
        assert_eq!(cp1252.decode(b"\x80"), Some("€".into()));
        assert_eq!(cp1252.decode(b"\x81"), None);
        let l1 = lookup("iso-8859-1").unwrap();
        assert_eq!(l1.decode(b"\x80"), Some("\u{80}".into()));
        assert_eq!(l1.encode("€"), None);
    }

    #[test]
    fn utf7_round_trips() {
        let cases: &[(&str, &str)] = &[
            ("Hi Mom -+Jjo--!", "Hi Mom -\u{263a}-!"),
            ("A+ImIDkQ.", "A\u{2262}\u{391}."),
            ("+-", "+"),
        ];
        let c = lookup("utf-7").unwrap();
        for (raw, text) in cases {
            assert_eq!(c.decode(raw.as_bytes()).as_deref(), Some(*text));
            assert_eq!(c.encode(text).unwrap(), raw.as_bytes());
        }
        assert_eq!(c.decode(b"+!"), None);
    }
}
