//! The MIME walk (spec §8.1): which parts of a mail count as text, and the
//! text each gives.
//!
//! This mirrors Patchwork's `_find_content` on top of CPython's legacy
//! (`compat32`) `email` package: the tree is built the way `FeedParser`
//! builds it (`tree`), then walked depth-first with the root first. Only
//! `text/*` parts yield text. This file reads the Content-Type and
//! Content-Transfer-Encoding headers as compat32's `Message` accessors do;
//! transfer decoding is in `transfer`. Charsets follow Python's codec
//! registry (`crate::mail::charset`): a declared charset that Python knows is
//! the only one tried (failure drops the part), otherwise UTF-8, then
//! Python's cp1252, then Latin-1.

mod transfer;
mod tree;

use crate::mail::charset;
pub use tree::{MAX_DEPTH, TooDeep};
use tree::{Node, Payload, Tree};

/// One text part: decoded text and lower-case MIME subtype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    pub text: String,
    pub subtype: String,
}

/// Every text part of the message `raw` (whole message bytes), in document
/// order; [`TooDeep`] when its MIME tree nests deeper than [`MAX_DEPTH`].
pub fn text_parts(raw: &[u8]) -> Result<Vec<TextPart>, TooDeep> {
    let tree = Tree::parse(raw)?;
    let mut out = Vec::new();
    tree.walk(0, &mut |node| {
        let ctype = node.content_type();
        let Some((main, sub)) = ctype.split_once('/') else {
            return;
        };
        if main != "text" {
            return;
        }
        let Payload::Text(body) = &node.payload else {
            return;
        };
        let bytes = node.decoded_payload(body);
        if let Some(text) = decode_charset(&bytes, node.charset().as_deref()) {
            out.push(TextPart {
                text,
                subtype: sub.to_string(),
            });
        }
    });
    Ok(out)
}

// ---------------------------------------------------------------------------
// Header parameters (compat32 `Message` accessors)
// ---------------------------------------------------------------------------

/// `str(header)`: 8-bit bytes come out as U+FFFD (unknown-8bit `Header`).
fn header_str(value: &[u8]) -> String {
    value
        .iter()
        .map(|&b| if b < 0x80 { b as char } else { '\u{FFFD}' })
        .collect()
}

/// `email.utils.unquote`.
fn unquote(s: &str) -> String {
    if s.len() > 1 {
        if s.starts_with('"') && s.ends_with('"') {
            return s[1..s.len() - 1]
                .replace("\\\\", "\\")
                .replace("\\\"", "\"");
        }
        if s.starts_with('<') && s.ends_with('>') {
            return s[1..s.len() - 1].to_string();
        }
    }
    s.to_string()
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// `_parseparam`: `;`-separated items, a `;` inside an odd number of
/// (unescaped) quotes does not split; `name=value` gets a lower-case name.
fn parse_params(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut s = format!(";{value}");
    while let Some(rest) = s.strip_prefix(';') {
        let rest = rest.to_string();
        let mut end = rest.find(';');
        while let Some(e) = end {
            if e == 0 {
                break;
            }
            let quotes = rest[..e].matches('"').count() - rest[..e].matches("\\\"").count();
            if quotes % 2 == 0 {
                break;
            }
            end = rest[e + 1..].find(';').map(|x| x + e + 1);
        }
        let end = end.unwrap_or(rest.len());
        let f = &rest[..end];
        let (name, val) = match f.split_once('=') {
            Some((n, v)) => (py_strip(n).to_lowercase(), py_strip(v).to_string()),
            None => (py_strip(f).to_string(), String::new()),
        };
        out.push((name, val));
        s = rest[end..].to_string();
    }
    out
}

impl Node {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v.as_slice())
    }

    /// `get_content_type()`.
    fn content_type(&self) -> String {
        let Some(value) = self.header("content-type") else {
            return self.default_type.to_string();
        };
        let value = header_str(value);
        let ctype = py_strip(value.split(';').next().unwrap_or("")).to_ascii_lowercase();
        if ctype.matches('/').count() != 1 {
            return "text/plain".to_string();
        }
        ctype
    }

    /// `get_param(name)` on Content-Type, unquoted. RFC 2231 pieces
    /// (`name*`, `name*0*`, …) come after all plain parameters; they are
    /// joined, percent-decoded and stripped of their charset'language' prefix.
    fn param(&self, wanted: &str) -> Option<String> {
        let value = header_str(self.header("content-type")?);
        let params = parse_params(&value);
        let mut pieces: Vec<(Option<u64>, String, bool)> = Vec::new();
        for (i, (name, val)) in params.iter().enumerate() {
            match rfc2231_name(name).filter(|_| i > 0) {
                Some((base, num)) if base.eq_ignore_ascii_case(wanted) => {
                    pieces.push((num, unquote(val), name.ends_with('*')));
                }
                Some(_) => {}
                None if name.eq_ignore_ascii_case(wanted) => return Some(unquote(val)),
                None => {}
            }
        }
        if pieces.is_empty() {
            return None;
        }
        pieces.sort();
        let extended = pieces.iter().any(|p| p.2);
        let joined: String = pieces
            .iter()
            .map(|(_, s, enc)| {
                if *enc {
                    percent_decode_latin1(s)
                } else {
                    s.clone()
                }
            })
            .collect();
        if extended {
            let parts: Vec<&str> = joined.splitn(3, '\'').collect();
            if parts.len() == 3 {
                return Some(parts[2].to_string());
            }
        }
        Some(joined)
    }

    /// `get_content_charset()`: lower-cased, ASCII only.
    fn charset(&self) -> Option<String> {
        let cs = self.param("charset")?;
        cs.is_ascii().then(|| cs.to_ascii_lowercase())
    }

    /// `get_boundary()`, right-stripped.
    fn boundary(&self) -> Option<Vec<u8>> {
        let b = self.param("boundary")?;
        Some(
            b.trim_end_matches(|c: char| c.is_whitespace())
                .as_bytes()
                .to_vec(),
        )
    }

    /// `get_payload(decode=True)` for a string payload.
    fn decoded_payload(&self, body: &[u8]) -> Vec<u8> {
        let cte = self
            .header("content-transfer-encoding")
            .map(header_str)
            .unwrap_or_default()
            .to_lowercase();
        match cte.as_str() {
            "quoted-printable" => transfer::decode_qp(body),
            "base64" => transfer::decode_base64_lenient(body),
            "x-uuencode" | "uuencode" | "uue" | "x-uue" => {
                transfer::decode_uu(body).unwrap_or_else(|| body.to_vec())
            }
            _ => body.to_vec(),
        }
    }
}

/// `rfc2231_continuation`: `name*`, `name*N` or `name*N*` → (name, N);
/// the regex `^((?-u:\w)+)\*(?:([0-9]+)\*?)?$` by hand.
fn rfc2231_name(name: &str) -> Option<(&str, Option<u64>)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let rest = name.trim_start_matches(is_word);
    let base = &name[..name.len() - rest.len()];
    let section = rest.strip_prefix('*').filter(|_| !base.is_empty())?;
    if section.is_empty() {
        return Some((base, None));
    }
    let digits = section.strip_suffix('*').unwrap_or(section);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (base, digits.parse().ok()))
}

fn percent_decode_latin1(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let v = u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(0);
            out.push(v as char);
            i += 3;
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Decodes a part's bytes as `_find_content` does; `None` drops the part.
/// A declared charset counts only when `codecs.lookup` knows it.
fn decode_charset(bytes: &[u8], declared: Option<&str>) -> Option<String> {
    match declared.filter(|label| charset::is_registered(label)) {
        Some(label) => charset::decode(label, bytes),
        None => ["utf-8", "windows-1252", "iso-8859-1"]
            .iter()
            .find_map(|label| charset::decode(label, bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2231_name_agrees_with_regex() {
        use crate::mail::py_text::awkward_strings;
        let re = regex::Regex::new(r"^((?-u:\w)+)\*(?:([0-9]+)\*?)?$").unwrap();
        let pieces = [
            "a", "_", "9", "12", "*", "**", "\u{e9}", "\u{663}", "-", "\n", " ",
        ];
        let mut matched = 0;
        for s in awkward_strings(&pieces, 6, 40_000) {
            let want = re.captures(&s).map(|c| {
                let digits = c.get(2).map(|m| m.as_str().parse().ok());
                (c.get(1).unwrap().as_str(), digits.flatten())
            });
            assert_eq!(rfc2231_name(&s), want, "{s:?}");
            matched += usize::from(want.is_some());
        }
        assert!(matched > 200, "{matched}");
        assert_eq!(
            rfc2231_name("n*99999999999999999999999*"),
            Some(("n", None))
        );
    }

    type Case<'a> = (&'a str, &'a [u8], Vec<(String, String)>);

    fn parts(raw: &[u8]) -> Vec<(String, String)> {
        text_parts(raw)
            .expect("not too deep")
            .into_iter()
            .map(|p| (p.text, p.subtype))
            .collect()
    }

    fn one(text: &str, sub: &str) -> Vec<(String, String)> {
        vec![(text.to_string(), sub.to_string())]
    }

    #[test]
    fn walk_table() {
        let multi = b"Content-Type: multipart/mixed; boundary=\"XX\"\n\npreamble\n--XX\nContent-Type: text/html\n\n<p>h</p>\n--XX\n\nbody\n\n--XX\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\nAAAA\n--XX\nContent-Type: message/rfc822\n\nSubject: fwd\n\ninner\n--XX--\nepilogue\n";
        let cases: Vec<Case<'_>> = vec![
            ("no content type", b"Subject: x\n\nhello\n", one("hello\n", "plain")),
            ("unix from line", b"From a@b Mon Jan 1\nSubject: x\n\nhi\n", one("hi\n", "plain")),
            (
                "multipart: html, plain (boundary LF stripped), image skipped, rfc822 descended",
                multi,
                vec![
                    ("<p>h</p>".to_string(), "html".to_string()),
                    ("body\n".to_string(), "plain".to_string()),
                    ("inner".to_string(), "plain".to_string()),
                ],
            ),
            ("CRLF body keeps CR", b"Subject: x\r\n\r\nline\r\n-- \r\n", one("line\r\n-- \r\n", "plain")),
            ("x-patch subtype", b"Content-Type: text/x-patch; name=a.patch\n\n--- a\n", one("--- a\n", "x-patch")),
            ("invalid content type is text/plain", b"Content-Type: text\n\nx", one("x", "plain")),
            ("multipart without boundary is not text", b"Content-Type: multipart/mixed\n\nx\n", vec![]),
            (
                "inner boundary of an outer multipart ends the part",
                b"Content-Type: multipart/mixed; boundary=O\n\n--O\nContent-Type: multipart/alternative; boundary=I\n\n--I\n\na\n--O\n\nb\n--O--\n",
                vec![("a".to_string(), "plain".to_string()), ("b".to_string(), "plain".to_string())],
            ),
        ];
        for (name, raw, want) in cases {
            assert_eq!(parts(raw), want, "{name}");
        }
    }

    #[test]
    fn transfer_and_charset_table() {
        let cases: Vec<Case<'_>> = vec![
            ("base64 utf-8", b"Content-Transfer-Encoding: base64\nContent-Type: text/plain; charset=utf-8\n\nw6k=\n", one("\u{e9}", "plain")),
            ("base64 missing padding", b"Content-Transfer-Encoding: base64\n\naGk\n", one("hi", "plain")),
            ("base64 junk characters skipped", b"Content-Transfer-Encoding: BASE64\n\naG*k=\n", one("hi", "plain")),
            ("cte with trailing blank is not decoded", b"Content-Transfer-Encoding: base64 \n\naGk=\n", one("aGk=\n", "plain")),
            ("quoted-printable latin-1", b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 soft=\nbreak =3D\n", one("caf\u{e9} softbreak =\n", "plain")),
            ("uuencode", b"Content-Transfer-Encoding: x-uuencode\n\nbegin 644 f\n#:&D*\n`\nend\n", one("hi\n", "plain")),
            ("unknown charset: cp1252 quotes", b"Content-Type: text/plain; charset=x-unknown-foo\n\n\x93q\x94", one("\u{201c}q\u{201d}", "plain")),
            ("no charset: 0x81 undefined in cp1252 -> latin-1", b"Subject: x\n\n\x81\x93", one("\u{81}\u{93}", "plain")),
            ("declared us-ascii with 8-bit: part dropped", b"Content-Type: text/plain; charset=us-ascii\n\ncaf\xe9", vec![]),
            ("declared utf-8 invalid: dropped", b"Content-Type: text/plain; charset=\"UTF-8\"\n\n\xff", vec![]),
            ("python alias latin1", b"Content-Type: text/plain; charset=Latin1\n\n\xe9", one("\u{e9}", "plain")),
            ("utf-16 with BOM", b"Content-Type: text/plain; charset=utf-16\n\n\xff\xfeh\x00i\x00", one("hi", "plain")),
            ("utf-7", b"Content-Type: text/plain; charset=utf-7\n\nA+ImIDkQ.", one("A\u{2262}\u{391}.", "plain")),
            ("koi8-r table", b"Content-Type: text/plain; charset=koi8-r\n\n\xc1", one("\u{430}", "plain")),
        ];
        for (name, raw, want) in cases {
            assert_eq!(parts(raw), want, "{name}");
        }
    }
}
