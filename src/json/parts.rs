//! String fields written from their parts straight into a document: the
//! URLs (§14.1) and dates (§5) every document and list item carries, a
//! dozen per patch, without building each as a `String` first (on a
//! 250-item list those allocations and `format!` calls were a fifth of the
//! time).

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::ToJson;
use super::escape::write_body;

/// A piece of a string field.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// Text as it is (JSON-escaped when written).
    Text(&'a str),
    /// A piece of a path the code spells (`patches/`, `/mbox/`): ASCII
    /// needing no JSON escape, copied as it is.
    Path(&'static str),
    Int(i64),
    /// §14.1 `{mid}`: a Message-ID as its URLs spell it ([`write_msgid`]).
    Msgid(&'a str),
}

/// A string field: `head` then `parts`, as one JSON string.
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a, const N: usize> {
    pub head: &'a str,
    /// `head` needs no JSON escape: written as it is.
    pub plain_head: bool,
    pub parts: [Part<'a>; N],
}

impl<const N: usize> Joined<'_, N> {
    /// The field's text (for a caller that needs it as a `String`).
    pub fn to_text(self) -> String {
        let mut out = Vec::new();
        self.write_text(&mut out);
        String::from_utf8(out).expect("parts of strings are UTF-8")
    }

    fn write_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.head.as_bytes());
        for part in &self.parts {
            match *part {
                Part::Text(s) | Part::Path(s) => out.extend_from_slice(s.as_bytes()),
                Part::Int(n) => write_int(out, n),
                Part::Msgid(m) => write_msgid(out, m),
            }
        }
    }
}

impl<const N: usize> ToJson for Joined<'_, N> {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        if self.plain_head {
            out.extend_from_slice(self.head.as_bytes());
        } else {
            write_body(out, self.head);
        }
        for part in &self.parts {
            match *part {
                Part::Text(s) => write_body(out, s),
                Part::Path(s) => {
                    debug_assert!(!s.bytes().any(super::escape::is_escaped));
                    out.extend_from_slice(s.as_bytes());
                }
                // Digits and URL-safe ASCII need no JSON escape.
                Part::Int(n) => write_int(out, n),
                Part::Msgid(m) => write_msgid(out, m),
            }
        }
        out.push(b'"');
    }
}

/// A date as §5 writes it.
#[derive(Debug, Clone, Copy)]
pub struct Date(pub NaiveDateTime);

impl ToJson for Date {
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        write_date(out, self.0);
        out.push(b'"');
    }
}

/// §14.1 `list_archive_url`: the project's format with each `{}` replaced
/// by the Message-ID without its brackets; null when either is empty.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveUrl<'a> {
    pub format: &'a str,
    pub msgid: &'a str,
}

impl ToJson for ArchiveUrl<'_> {
    fn write_json(&self, out: &mut Vec<u8>) {
        if self.format.is_empty() || self.msgid.is_empty() {
            out.extend_from_slice(b"null");
            return;
        }
        let msgid = self.msgid.trim_matches(|c| c == '<' || c == '>');
        out.push(b'"');
        for (i, piece) in self.format.split("{}").enumerate() {
            if i > 0 {
                write_body(out, msgid);
            }
            write_body(out, piece);
        }
        out.push(b'"');
    }
}

/// The decimal digits of `n`, in `buf`.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// `n` in decimal.
pub fn write_int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(decimal(n.unsigned_abs(), &mut [0; 20]));
}

/// §5: `YYYY-MM-DDTHH:MM:SS`, plus `.ffffff` only when there are
/// microseconds. chrono keeps a leap second as second 59 with a nanosecond
/// count past 1e9, which shows as second 60.
pub fn write_date(out: &mut Vec<u8>, d: NaiveDateTime) {
    let nanos = d.nanosecond();
    // chrono keeps a leap second as nanoseconds past 10^9: written as 60.
    let second = if nanos >= 1_000_000_000 {
        60
    } else {
        d.second()
    };
    // `{:04}`: the sign counts in the width.
    let year = d.year();
    if year < 0 {
        out.push(b'-');
    }
    write_padded(out, year.unsigned_abs(), if year < 0 { 3 } else { 4 });
    for (sep, n) in [
        (b'-', d.month()),
        (b'-', d.day()),
        (b'T', d.hour()),
        (b':', d.minute()),
        (b':', second),
    ] {
        out.push(sep);
        let n = n as u8;
        out.extend_from_slice(&[b'0' + n / 10, b'0' + n % 10]);
    }
    if nanos / 1000 != 0 {
        out.push(b'.');
        write_padded(out, nanos % 1_000_000_000 / 1000, 6);
    }
}

/// `n` in decimal, zero-padded to `width` digits.
fn write_padded(out: &mut Vec<u8>, n: u32, width: usize) {
    let mut buf = [0; 20];
    let digits = decimal(n.into(), &mut buf);
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits);
}

/// The bytes that stay as they are in a URL path (Django's `reverse`):
/// the unreserved characters, `!$&'()*+,;=` and `/~:@`.
const URL_SAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let others = b"-._~!$&'()*+,;=/:@";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

fn url_safe(b: u8) -> bool {
    URL_SAFE[usize::from(b)]
}

/// `%XX`.
fn write_percent(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
}

/// `value` in a URL path as Django's `reverse` writes it: percent-encoded
/// except [`url_safe`] bytes.
pub fn write_path(out: &mut Vec<u8>, value: &str) {
    write_encoded(out, value.as_bytes());
}

/// `bytes` with each run of [`url_safe`] bytes copied as it is and every
/// other byte percent-encoded (a URL is mostly safe runs: copying them
/// whole beats pushing byte by byte).
fn write_encoded(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|&b| !url_safe(b))
            .unwrap_or(rest.len());
        out.extend_from_slice(&rest[..run]);
        if let Some(&b) = rest.get(run) {
            write_percent(out, b);
            rest = &rest[run + 1..];
        } else {
            rest = &[];
        }
    }
}

/// §14.1 `{mid}`: brackets stripped, `/` → `%2F`, then the whole
/// percent-encoded as [`write_path`] does (so `/` ends as `%252F`).
pub fn write_msgid(out: &mut Vec<u8>, msgid: &str) {
    let msgid = msgid.trim_matches(|c| c == '<' || c == '>');
    let mut rest = msgid.as_bytes();
    // `/` is URL-safe but not here: the runs between slashes are encoded.
    while let Some(slash) = rest.iter().position(|&b| b == b'/') {
        write_encoded(out, &rest[..slash]);
        out.extend_from_slice(b"%252F");
        rest = &rest[slash + 1..];
    }
    write_encoded(out, rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: impl ToJson) -> String {
        let mut out = Vec::new();
        value.write_json(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn integers() {
        for n in [0, 7, -7, 10, 1234567890, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            write_int(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn joined_parts_are_one_escaped_string() {
        let j = Joined {
            head: "http://h\"/api/",
            plain_head: false,
            parts: [
                Part::Text("patches/"),
                Part::Int(12),
                Part::Text("/"),
                Part::Msgid("<a/b c@x>"),
            ],
        };
        assert_eq!(json(j), r#""http://h\"/api/patches/12/a%252Fb%20c@x""#);
        assert_eq!(j.to_text(), "http://h\"/api/patches/12/a%252Fb%20c@x");
    }

    #[test]
    fn archive_urls_replace_every_placeholder() {
        let url = |format, msgid| json(ArchiveUrl { format, msgid });
        assert_eq!(url("", "<a@x>"), "null");
        assert_eq!(url("https://l/{}", ""), "null");
        assert_eq!(
            url("https://l/{}/{}\\", "<a\"@x>"),
            r#""https://l/a\"@x/a\"@x\\""#
        );
        assert_eq!(url("https://l/", "<a@x>"), r#""https://l/""#);
    }
}
