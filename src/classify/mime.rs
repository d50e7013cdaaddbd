//! The MIME walk (spec §8.1): which parts of a mail count as text, how their
//! transfer encoding is undone and which charset decodes them.
//!
//! This mirrors Patchwork's `_find_content` on top of CPython's legacy
//! (`compat32`) `email` package: the tree is built the way `FeedParser`
//! builds it (lines end at CRLF, CR or LF; boundary lines of *every*
//! enclosing multipart end a part; the line break before a boundary belongs
//! to the boundary; `message/*` bodies are parsed as messages;
//! `message/delivery-status` bodies are blocks of headers), then walked
//! depth-first with the root first. Only `text/*` parts yield text.
//!
//! Transfer decoding follows `Message.get_payload(decode=True)` (lenient
//! base64, `binascii.a2b_qp`, uuencode); charsets follow Python's codec
//! registry: a declared charset that Python knows is the only one tried
//! (failure drops the part), otherwise UTF-8, then Python's cp1252, then
//! Latin-1.

use std::collections::HashMap;
use std::sync::LazyLock;

/// One text part: decoded text and lower-case MIME subtype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    pub text: String,
    pub subtype: String,
}

/// Every text part of the message `raw` (whole message bytes), in document order.
pub fn text_parts(raw: &[u8]) -> Vec<TextPart> {
    let tree = Tree::parse(raw);
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
    out
}

// ---------------------------------------------------------------------------
// Tree building (compat32 FeedParser behaviour)
// ---------------------------------------------------------------------------

/// Splits at CRLF, CR or LF, each line keeping its terminator.
fn split_lines(raw: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\n' => {
                lines.push(&raw[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if raw.get(i + 1) == Some(&b'\n') {
                    i + 1
                } else {
                    i
                };
                lines.push(&raw[start..=end]);
                i = end;
                start = end + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < raw.len() {
        lines.push(&raw[start..]);
    }
    lines
}

fn starts_with_newline(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'\r' | b'\n'))
}

/// Length of the line terminator at the end of `line` (0, 1 or 2).
fn eol_len(line: &[u8]) -> usize {
    if line.ends_with(b"\r\n") {
        2
    } else if line.ends_with(b"\n") || line.ends_with(b"\r") {
        1
    } else {
        0
    }
}

/// `headerRE`: `From `, a (possibly empty) run of printable non-colon
/// characters followed by `:`, or a continuation (space/tab).
fn is_header_line(line: &[u8]) -> bool {
    if line.starts_with(b"From ") || matches!(line.first(), Some(b' ' | b'\t')) {
        return true;
    }
    for &b in line {
        match b {
            b':' => return true,
            0x21..=0x7e => {}
            _ => return false,
        }
    }
    false
}

/// What ends the current (sub)part early, like `push_eof_matcher`.
enum EofMatcher {
    /// A boundary line `--sep` (+ `--`)? + `[ \t]*` + line break? + end.
    Boundary(Vec<u8>),
    /// Any line starting with a line break (delivery-status blocks).
    BlankLine,
}

/// A matched boundary line: whether it closes the multipart (`--sep--`).
struct BoundaryMatch {
    end: bool,
}

fn match_boundary(sep: &[u8], line: &[u8]) -> Option<BoundaryMatch> {
    let rest = line.strip_prefix(sep)?;
    let (end, rest) = match rest.strip_prefix(b"--") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let ws = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let rest = &rest[ws..];
    match rest {
        b"" | b"\r\n" | b"\r" | b"\n" => Some(BoundaryMatch { end }),
        _ => None,
    }
}

impl EofMatcher {
    fn matches(&self, line: &[u8]) -> bool {
        match self {
            EofMatcher::Boundary(sep) => match_boundary(sep, line).is_some(),
            EofMatcher::BlankLine => starts_with_newline(line),
        }
    }
}

/// `BufferedSubFile`: lines with push-back and a stack of EOF matchers.
struct Input<'a> {
    lines: Vec<&'a [u8]>,
    pos: usize,
    pushed: Vec<&'a [u8]>,
    eof: Vec<EofMatcher>,
}

impl<'a> Input<'a> {
    fn readline(&mut self) -> Option<&'a [u8]> {
        let line = match self.pushed.last() {
            Some(&l) => l,
            None => *self.lines.get(self.pos)?,
        };
        if self.eof.iter().any(|m| m.matches(line)) {
            return None;
        }
        if self.pushed.pop().is_none() {
            self.pos += 1;
        }
        Some(line)
    }

    fn unreadline(&mut self, line: &'a [u8]) {
        self.pushed.push(line);
    }

    fn read_rest(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(line) = self.readline() {
            out.extend_from_slice(line);
        }
        out
    }
}

enum Payload {
    Text(Vec<u8>),
    Parts(Vec<usize>),
}

struct Node {
    /// (name, raw value) in file order; the value is compat32's: leading
    /// blanks removed, continuation lines kept, final line break removed.
    headers: Vec<(Vec<u8>, Vec<u8>)>,
    payload: Payload,
    default_type: &'static str,
}

struct Tree {
    nodes: Vec<Node>,
    /// The most recently created node (`FeedParser._last`).
    last: usize,
}

impl Tree {
    fn parse(raw: &[u8]) -> Tree {
        let mut input = Input {
            lines: split_lines(raw),
            pos: 0,
            pushed: Vec::new(),
            eof: Vec::new(),
        };
        let mut tree = Tree {
            nodes: Vec::new(),
            last: 0,
        };
        tree.parse_message(&mut input, "text/plain");
        tree
    }

    fn parse_message(&mut self, input: &mut Input<'_>, default_type: &'static str) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            headers: Vec::new(),
            payload: Payload::Text(Vec::new()),
            default_type,
        });
        self.last = id;

        let mut header_lines = Vec::new();
        while let Some(line) = input.readline() {
            if !is_header_line(line) {
                if !starts_with_newline(line) {
                    input.unreadline(line);
                }
                break;
            }
            header_lines.push(line);
        }
        self.nodes[id].headers = parse_headers(&header_lines, input);

        let ctype = self.nodes[id].content_type();
        let child_default = if ctype == "multipart/digest" {
            "message/rfc822"
        } else {
            "text/plain"
        };
        if ctype == "message/delivery-status" {
            let mut children = Vec::new();
            loop {
                input.eof.push(EofMatcher::BlankLine);
                children.push(self.parse_message(input, child_default));
                input.eof.pop();
                let _ = input.readline();
                match input.readline() {
                    None => break,
                    Some(line) => input.unreadline(line),
                }
            }
            self.nodes[id].payload = Payload::Parts(children);
            return id;
        }
        if ctype.starts_with("message/") {
            let child = self.parse_message(input, child_default);
            self.nodes[id].payload = Payload::Parts(vec![child]);
            return id;
        }
        if ctype.starts_with("multipart/") {
            self.parse_multipart(id, input, child_default);
            return id;
        }
        self.nodes[id].payload = Payload::Text(input.read_rest());
        id
    }

    fn parse_multipart(&mut self, id: usize, input: &mut Input<'_>, child_default: &'static str) {
        let Some(boundary) = self.nodes[id].boundary() else {
            // No boundary: the body stays a (non-text) string payload.
            self.nodes[id].payload = Payload::Text(input.read_rest());
            return;
        };
        let mut sep = b"--".to_vec();
        sep.extend_from_slice(&boundary);
        let mut children = Vec::new();
        let mut in_preamble = true;
        let mut preamble = Vec::new();
        while let Some(line) = input.readline() {
            let Some(m) = match_boundary(&sep, line) else {
                preamble.extend_from_slice(line);
                continue;
            };
            if m.end {
                break;
            }
            if in_preamble {
                in_preamble = false;
                input.unreadline(line);
                continue;
            }
            // Skip consecutive separator lines (empty parts are not created).
            loop {
                match input.readline() {
                    Some(l) if match_boundary(&sep, l).is_some() => {}
                    Some(l) => {
                        input.unreadline(l);
                        break;
                    }
                    None => break,
                }
            }
            input.eof.push(EofMatcher::Boundary(sep.clone()));
            children.push(self.parse_message(input, child_default));
            // The line break before the boundary belongs to the boundary.
            let last = &mut self.nodes[self.last];
            if !last.content_type().starts_with("multipart/")
                && let Payload::Text(body) = &mut last.payload
            {
                let n = eol_len(body);
                body.truncate(body.len() - n);
            }
            input.eof.pop();
            self.last = id;
        }
        if in_preamble {
            // No start boundary: the whole body is a string payload.
            let _ = input.read_rest();
            self.nodes[id].payload = Payload::Text(preamble);
            return;
        }
        let _ = input.read_rest(); // epilogue
        self.nodes[id].payload = Payload::Parts(children);
    }

    fn walk<'s>(&'s self, id: usize, f: &mut dyn FnMut(&'s Node)) {
        let node = &self.nodes[id];
        f(node);
        if let Payload::Parts(children) = &node.payload {
            for &c in children {
                self.walk(c, f);
            }
        }
    }
}

/// `FeedParser._parse_headers` + `compat32.header_source_parse`.
fn parse_headers<'a>(lines: &[&'a [u8]], input: &mut Input<'a>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut headers = Vec::new();
    let mut current: Option<(Vec<u8>, Vec<u8>)> = None;
    let finish = |cur: &mut Option<(Vec<u8>, Vec<u8>)>, headers: &mut Vec<(Vec<u8>, Vec<u8>)>| {
        if let Some((name, mut value)) = cur.take() {
            while value.last().is_some_and(|&b| b == b'\r' || b == b'\n') {
                value.pop();
            }
            headers.push((name, value));
        }
    };
    for (lineno, &line) in lines.iter().enumerate() {
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some((_, value)) = current.as_mut() {
                value.extend_from_slice(line);
            }
            continue;
        }
        finish(&mut current, &mut headers);
        if line.starts_with(b"From ") {
            if lineno == 0 {
                continue; // unix-from line
            } else if lineno == lines.len() - 1 {
                input.unreadline(line);
                return headers;
            } else {
                continue;
            }
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        if colon == 0 {
            continue;
        }
        let value = &line[colon + 1..];
        let skip = value
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        current = Some((line[..colon].to_vec(), value[skip..].to_vec()));
    }
    finish(&mut current, &mut headers);
    headers
}

// ---------------------------------------------------------------------------
// Header parameters (compat32 `Message` accessors)
// ---------------------------------------------------------------------------

/// Python's `str.isspace` for the characters a header value can hold.
fn is_py_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f)
}

fn py_strip_bytes(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|&b| !is_py_space_byte(b))
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_py_space_byte(b))
        .map_or(start, |e| e + 1);
    &s[start..end]
}

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
            "quoted-printable" => decode_qp(body),
            "base64" => decode_base64_lenient(body),
            "x-uuencode" | "uuencode" | "uue" | "x-uue" => {
                decode_uu(body).unwrap_or_else(|| body.to_vec())
            }
            _ => body.to_vec(),
        }
    }
}

/// `rfc2231_continuation`: `name*`, `name*N` or `name*N*` → (name, N).
fn rfc2231_name(name: &str) -> Option<(&str, Option<u64>)> {
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^((?-u:\w)+)\*(?:([0-9]+)\*?)?$").expect("valid regex")
    });
    let caps = RE.captures(name)?;
    let base = caps.get(1)?.as_str();
    Some((base, caps.get(2).and_then(|n| n.as_str().parse().ok())))
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

// ---------------------------------------------------------------------------
// Transfer decodings
// ---------------------------------------------------------------------------

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `binascii.a2b_qp(data, header=False)`.
fn decode_qp(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'=' {
            out.push(data[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i >= data.len() {
            break;
        }
        match data[i] {
            b'\n' | b'\r' => {
                // Soft line break: skip up to and including the next LF.
                while i < data.len() && data[i] != b'\n' {
                    i += 1;
                }
                if i < data.len() {
                    i += 1;
                }
            }
            b'=' => {
                out.push(b'=');
                i += 1;
            }
            hi if i + 1 < data.len() && hex_val(hi).is_some() && hex_val(data[i + 1]).is_some() => {
                out.push((hex_val(hi).unwrap_or(0) << 4) | hex_val(data[i + 1]).unwrap_or(0));
                i += 2;
            }
            _ => out.push(b'='),
        }
    }
    out
}

fn b64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// `binascii.a2b_base64` (non-strict): other characters are skipped,
/// enough padding after two data characters ends the input.
fn a2b_base64(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let mut quad = 0u8;
    let mut left = 0u32;
    let mut pads = 0u8;
    for &b in data {
        if b == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Some(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(b) else { continue };
        let v = u32::from(v);
        pads = 0;
        match quad {
            0 => {
                left = v;
                quad = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad = 2;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
                quad = 3;
            }
            _ => {
                out.push(((left << 6) | v) as u8);
                left = 0;
                quad = 0;
            }
        }
    }
    (quad == 0).then_some(out)
}

/// `email._encoded_words.decode_b` over the payload with line breaks removed.
fn decode_base64_lenient(body: &[u8]) -> Vec<u8> {
    let joined: Vec<u8> = body
        .iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect();
    let pad_err = joined.len() % 4;
    let mut padded = joined.clone();
    if pad_err != 0 {
        padded.extend(std::iter::repeat_n(b'=', 4 - pad_err));
    }
    // validate=True: only the alphabet followed by at most two '='.
    let data_len = padded
        .iter()
        .take_while(|&&b| b64_value(b).is_some())
        .count();
    let tail = &padded[data_len..];
    if tail.len() <= 2
        && tail.iter().all(|&b| b == b'=')
        && let Some(v) = a2b_base64(&padded)
    {
        return v;
    }
    if let Some(v) = a2b_base64(&joined) {
        return v;
    }
    let mut more = joined.clone();
    more.extend_from_slice(b"==");
    a2b_base64(&more).unwrap_or(joined)
}

/// `binascii.a2b_uu` for one line.
fn a2b_uu(line: &[u8]) -> Option<Vec<u8>> {
    let (first, mut rest) = match line.split_first() {
        Some((f, r)) => (*f, r),
        None => (0u8, &[][..]),
    };
    let mut bin_len = usize::from(first.wrapping_sub(b' ') & 0x3f);
    let mut out = Vec::with_capacity(bin_len);
    let mut left = 0u32;
    let mut bits = 0u32;
    while bin_len > 0 {
        let ch = match rest.split_first() {
            None => 0,
            Some((&c, r)) => {
                rest = r;
                if c == b'\n' || c == b'\r' {
                    0
                } else if !(b' '..=b' ' + 64).contains(&c) {
                    return None;
                } else {
                    u32::from((c - b' ') & 0x3f)
                }
            }
        };
        left = (left << 6) | ch;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((left >> bits) as u8);
            left &= (1 << bits) - 1;
            bin_len -= 1;
        }
    }
    if rest
        .iter()
        .all(|&c| matches!(c, b' ' | b'`' | b'\n' | b'\r'))
    {
        Some(out)
    } else {
        None
    }
}

/// `email.message._decode_uu`; `None` where Python raises (the caller then
/// keeps the raw payload).
fn decode_uu(body: &[u8]) -> Option<Vec<u8>> {
    let lines = bytes_splitlines(body);
    let mut iter = lines.into_iter();
    loop {
        let line = iter.next()?;
        if let Some(rest) = line.strip_prefix(b"begin ") {
            let mode = rest.split(|&b| b == b' ').next().unwrap_or(b"");
            if py_int_base8(mode) {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for line in iter {
        if line.is_empty() {
            return None;
        }
        if py_strip_bytes(line) == b"end" {
            break;
        }
        match a2b_uu(line) {
            Some(d) => out.extend(d),
            None => {
                let nbytes = ((usize::from(line[0].wrapping_sub(32) & 63)) * 4 + 5) / 3;
                out.extend(a2b_uu(&line[..nbytes.min(line.len())])?);
            }
        }
    }
    Some(out)
}

/// Whether Python's `int(s, base=8)` accepts `s` (ASCII only here).
fn py_int_base8(s: &[u8]) -> bool {
    let s = py_strip_bytes(s);
    let s = s
        .strip_prefix(b"+")
        .or_else(|| s.strip_prefix(b"-"))
        .unwrap_or(s);
    let s = s
        .strip_prefix(b"0o")
        .or_else(|| s.strip_prefix(b"0O"))
        .unwrap_or(s);
    let s: Vec<u8> = s.to_vec();
    !s.is_empty()
        && !s.starts_with(b"_")
        && !s.ends_with(b"_")
        && !s.windows(2).any(|w| w == b"__")
        && s.iter().all(|&b| (b'0'..=b'7').contains(&b) || b == b'_')
}

/// `bytes.splitlines()`: breaks at LF, CR and CRLF, terminators dropped.
fn bytes_splitlines(b: &[u8]) -> Vec<&[u8]> {
    split_lines(b)
        .into_iter()
        .map(|l| &l[..l.len() - eol_len(l)])
        .collect()
}

// ---------------------------------------------------------------------------
// Charsets (Python codec registry)
// ---------------------------------------------------------------------------

/// `encodings.normalize_encoding`: runs of non-alphanumerics (other than
/// `.`) become one `_`, leading/trailing ones vanish.
fn normalize_encoding(name: &str) -> String {
    let mut out = String::new();
    let mut punct = false;
    for c in name.chars() {
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

/// Canonical Python codec name of a charset label, if Python knows it.
fn python_codec(label: &str) -> Option<&'static str> {
    type NameMap = HashMap<&'static str, &'static str>;
    static NAMES: LazyLock<(NameMap, NameMap)> = LazyLock::new(|| {
        let mut aliases = HashMap::new();
        let mut modules = HashMap::new();
        for &(name, is_alias, canon) in CODEC_NAMES {
            if is_alias {
                aliases.insert(name, canon);
            } else {
                modules.insert(name, canon);
            }
        }
        (aliases, modules)
    });
    let (aliases, modules) = &*NAMES;
    let norm = normalize_encoding(&label.to_lowercase());
    if let Some(c) = aliases
        .get(norm.as_str())
        .or_else(|| aliases.get(norm.replace('.', "_").as_str()))
    {
        return Some(c);
    }
    if norm.is_empty() || norm.contains('.') {
        return None;
    }
    modules.get(norm.as_str()).copied()
}

/// Decodes a part's bytes as `_find_content` does; `None` drops the part.
fn decode_charset(bytes: &[u8], declared: Option<&str>) -> Option<String> {
    match declared.and_then(python_codec) {
        Some(codec) => decode_with(codec, bytes),
        None => decode_with("utf-8", bytes)
            .or_else(|| decode_with("cp1252", bytes))
            .or_else(|| decode_with("iso8859-1", bytes)),
    }
}

/// Strict decoding with the Python codec `codec` (canonical name).
fn decode_with(codec: &str, bytes: &[u8]) -> Option<String> {
    static TABLES: LazyLock<HashMap<&'static str, Vec<char>>> = LazyLock::new(|| {
        SINGLE_BYTE_TABLES
            .iter()
            .map(|&(name, ascii_low, table)| {
                let mut chars: Vec<char> = if ascii_low {
                    (0u8..128).map(char::from).collect()
                } else {
                    Vec::new()
                };
                chars.extend(table.chars());
                (name, chars)
            })
            .collect()
    });
    if let Some(table) = TABLES.get(codec) {
        return bytes
            .iter()
            .map(|&b| {
                table
                    .get(usize::from(b))
                    .copied()
                    .filter(|&c| c != '\u{FFFE}')
            })
            .collect();
    }
    match codec {
        "utf-8" => std::str::from_utf8(bytes).ok().map(str::to_string),
        "utf-8-sig" => std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
            .ok()
            .map(str::to_string),
        "utf-16" => match bytes {
            [0xff, 0xfe, rest @ ..] => decode_utf16(rest, false),
            [0xfe, 0xff, rest @ ..] => decode_utf16(rest, true),
            _ => decode_utf16(bytes, false),
        },
        "utf-16-le" => decode_utf16(bytes, false),
        "utf-16-be" => decode_utf16(bytes, true),
        "utf-32" => match bytes {
            [0xff, 0xfe, 0, 0, rest @ ..] => decode_utf32(rest, false),
            [0, 0, 0xfe, 0xff, rest @ ..] => decode_utf32(rest, true),
            _ => decode_utf32(bytes, false),
        },
        "utf-32-le" => decode_utf32(bytes, false),
        "utf-32-be" => decode_utf32(bytes, true),
        "utf-7" => decode_utf7(bytes),
        "gb2312" => decode_gb2312(bytes),
        _ => {
            // CJK codecs: encoding_rs's WHATWG decoders are the closest
            // match (they accept a few more sequences than Python does).
            let enc = match codec {
                "gbk" => encoding_rs::GBK,
                "gb18030" => encoding_rs::GB18030,
                "big5" | "big5hkscs" | "cp950" => encoding_rs::BIG5,
                "shift_jis" | "cp932" | "shift_jis_2004" | "shift_jisx0213" => {
                    encoding_rs::SHIFT_JIS
                }
                "euc_jp" | "euc_jis_2004" | "euc_jisx0213" => encoding_rs::EUC_JP,
                "euc_kr" | "cp949" => encoding_rs::EUC_KR,
                "iso2022_jp" | "iso2022_jp_1" | "iso2022_jp_2" | "iso2022_jp_ext" => {
                    encoding_rs::ISO_2022_JP
                }
                _ => return None,
            };
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .map(|c| c.into_owned())
        }
    }
}

/// EUC-CN: ASCII plus byte pairs in A1–F7 × A1–FE, decoded through GBK
/// (its superset); user-defined (private-use) cells are not GB 2312.
fn decode_gb2312(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(char::from(b));
            i += 1;
            continue;
        }
        let t = *bytes.get(i + 1)?;
        if !(0xa1..=0xf7).contains(&b) || !(0xa1..=0xfe).contains(&t) {
            return None;
        }
        let s = encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(&bytes[i..i + 2])?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !('\u{E000}'..='\u{F8FF}').contains(&c) => out.push(c),
            _ => return None,
        }
        i += 2;
    }
    Some(out)
}

fn decode_utf16(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

fn decode_utf32(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    bytes
        .chunks_exact(4)
        .map(|c| {
            let v = if big_endian {
                u32::from_be_bytes([c[0], c[1], c[2], c[3]])
            } else {
                u32::from_le_bytes([c[0], c[1], c[2], c[3]])
            };
            char::from_u32(v)
        })
        .collect()
}

/// CPython's UTF-7 decoder (strict). Lone surrogates, which Python would
/// keep in the string, count as failure (they could not be stored anyway).
fn decode_utf7(bytes: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut in_shift = false;
    let mut buf: u32 = 0;
    let mut bits: u32 = 0;
    let mut surrogate: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let ch = bytes[i];
        if in_shift {
            if let Some(v) = b64_value(ch) {
                buf = (buf << 6) | u32::from(v);
                bits += 6;
                i += 1;
                if bits >= 16 {
                    let unit = buf >> (bits - 16);
                    bits -= 16;
                    buf &= (1 << bits) - 1;
                    if surrogate != 0 {
                        if (0xdc00..0xe000).contains(&unit) {
                            out.push(char::from_u32(
                                0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00),
                            )?);
                            surrogate = 0;
                            continue;
                        }
                        return None;
                    }
                    if (0xd800..0xdc00).contains(&unit) {
                        surrogate = unit;
                    } else {
                        out.push(char::from_u32(unit)?);
                    }
                }
            } else {
                in_shift = false;
                if bits >= 6 || (bits > 0 && buf != 0) || surrogate != 0 {
                    return None;
                }
                if ch == b'-' {
                    i += 1;
                }
            }
        } else if ch == b'+' {
            i += 1;
            if bytes.get(i) == Some(&b'-') {
                i += 1;
                out.push('+');
            } else if bytes.get(i).is_some_and(|&c| b64_value(c).is_none()) {
                return None;
            } else {
                in_shift = true;
                surrogate = 0;
                bits = 0;
                buf = 0;
            }
        } else if ch < 0x80 {
            out.push(char::from(ch));
            i += 1;
        } else {
            return None;
        }
    }
    if in_shift && (surrogate != 0 || bits >= 6 || (bits > 0 && buf != 0)) {
        return None;
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Generated from the Python 3.11 codec registry (see the module docs): the
// charset labels Python accepts and the single-byte decoding tables.
// ---------------------------------------------------------------------------

/// (normalised label, is an `encodings.aliases` entry (else a codec module), canonical codec).
static CODEC_NAMES: &[(&str, bool, &str)] = &[
    ("037", true, "cp037"),
    ("1026", true, "cp1026"),
    ("1125", true, "cp1125"),
    ("1140", true, "cp1140"),
    ("1250", true, "cp1250"),
    ("1251", true, "cp1251"),
    ("1252", true, "cp1252"),
    ("1253", true, "cp1253"),
    ("1254", true, "cp1254"),
    ("1255", true, "cp1255"),
    ("1256", true, "cp1256"),
    ("1257", true, "cp1257"),
    ("1258", true, "cp1258"),
    ("273", true, "cp273"),
    ("424", true, "cp424"),
    ("437", true, "cp437"),
    ("500", true, "cp500"),
    ("646", true, "ascii"),
    ("775", true, "cp775"),
    ("850", true, "cp850"),
    ("852", true, "cp852"),
    ("855", true, "cp855"),
    ("857", true, "cp857"),
    ("858", true, "cp858"),
    ("860", true, "cp860"),
    ("861", true, "cp861"),
    ("862", true, "cp862"),
    ("863", true, "cp863"),
    ("864", true, "cp864"),
    ("865", true, "cp865"),
    ("866", true, "cp866"),
    ("869", true, "cp869"),
    ("8859", true, "iso8859-1"),
    ("932", true, "cp932"),
    ("936", true, "gbk"),
    ("949", true, "cp949"),
    ("950", true, "cp950"),
    ("ansi_x3.4_1968", true, "ascii"),
    ("ansi_x3.4_1986", true, "ascii"),
    ("ansi_x3_4_1968", true, "ascii"),
    ("arabic", true, "iso8859-6"),
    ("asmo_708", true, "iso8859-6"),
    ("base64", true, "base64"),
    ("base_64", true, "base64"),
    ("big5_hkscs", true, "big5hkscs"),
    ("big5_tw", true, "big5"),
    ("bz2", true, "bz2"),
    ("chinese", true, "gb2312"),
    ("cp1051", true, "hp-roman8"),
    ("cp1361", true, "johab"),
    ("cp154", true, "ptcp154"),
    ("cp367", true, "ascii"),
    ("cp65001", true, "utf-8"),
    ("cp819", true, "iso8859-1"),
    ("cp866u", true, "cp1125"),
    ("cp936", true, "gbk"),
    ("cp_gr", true, "cp869"),
    ("cp_is", true, "cp861"),
    ("csHPRoman8", true, "hp-roman8"),
    ("csascii", true, "ascii"),
    ("csbig5", true, "big5"),
    ("csibm037", true, "cp037"),
    ("csibm1026", true, "cp1026"),
    ("csibm273", true, "cp273"),
    ("csibm424", true, "cp424"),
    ("csibm500", true, "cp500"),
    ("csibm855", true, "cp855"),
    ("csibm857", true, "cp857"),
    ("csibm858", true, "cp858"),
    ("csibm860", true, "cp860"),
    ("csibm861", true, "cp861"),
    ("csibm863", true, "cp863"),
    ("csibm864", true, "cp864"),
    ("csibm865", true, "cp865"),
    ("csibm866", true, "cp866"),
    ("csibm869", true, "cp869"),
    ("csiso2022jp", true, "iso2022_jp"),
    ("csiso2022kr", true, "iso2022_kr"),
    ("csiso58gb231280", true, "gb2312"),
    ("csisolatin1", true, "iso8859-1"),
    ("csisolatin2", true, "iso8859-2"),
    ("csisolatin3", true, "iso8859-3"),
    ("csisolatin4", true, "iso8859-4"),
    ("csisolatin5", true, "iso8859-9"),
    ("csisolatin6", true, "iso8859-10"),
    ("csisolatinarabic", true, "iso8859-6"),
    ("csisolatincyrillic", true, "iso8859-5"),
    ("csisolatingreek", true, "iso8859-7"),
    ("csisolatinhebrew", true, "iso8859-8"),
    ("cskoi8r", true, "koi8-r"),
    ("cspc775baltic", true, "cp775"),
    ("cspc850multilingual", true, "cp850"),
    ("cspc862latinhebrew", true, "cp862"),
    ("cspc8codepage437", true, "cp437"),
    ("cspcp852", true, "cp852"),
    ("csptcp154", true, "ptcp154"),
    ("csshiftjis", true, "shift_jis"),
    ("cyrillic", true, "iso8859-5"),
    ("cyrillic_asian", true, "ptcp154"),
    ("ebcdic_cp_be", true, "cp500"),
    ("ebcdic_cp_ca", true, "cp037"),
    ("ebcdic_cp_ch", true, "cp500"),
    ("ebcdic_cp_he", true, "cp424"),
    ("ebcdic_cp_nl", true, "cp037"),
    ("ebcdic_cp_us", true, "cp037"),
    ("ebcdic_cp_wt", true, "cp037"),
    ("ecma_114", true, "iso8859-6"),
    ("ecma_118", true, "iso8859-7"),
    ("elot_928", true, "iso8859-7"),
    ("euc_cn", true, "gb2312"),
    ("euc_jis2004", true, "euc_jis_2004"),
    ("euccn", true, "gb2312"),
    ("eucgb2312_cn", true, "gb2312"),
    ("eucjis2004", true, "euc_jis_2004"),
    ("eucjisx0213", true, "euc_jisx0213"),
    ("eucjp", true, "euc_jp"),
    ("euckr", true, "euc_kr"),
    ("gb18030_2000", true, "gb18030"),
    ("gb2312_1980", true, "gb2312"),
    ("gb2312_80", true, "gb2312"),
    ("greek", true, "iso8859-7"),
    ("greek8", true, "iso8859-7"),
    ("hebrew", true, "iso8859-8"),
    ("hex", true, "hex"),
    ("hkscs", true, "big5hkscs"),
    ("hz_gb", true, "hz"),
    ("hz_gb_2312", true, "hz"),
    ("hzgb", true, "hz"),
    ("ibm037", true, "cp037"),
    ("ibm039", true, "cp037"),
    ("ibm1026", true, "cp1026"),
    ("ibm1051", true, "hp-roman8"),
    ("ibm1125", true, "cp1125"),
    ("ibm1140", true, "cp1140"),
    ("ibm273", true, "cp273"),
    ("ibm367", true, "ascii"),
    ("ibm424", true, "cp424"),
    ("ibm437", true, "cp437"),
    ("ibm500", true, "cp500"),
    ("ibm775", true, "cp775"),
    ("ibm819", true, "iso8859-1"),
    ("ibm850", true, "cp850"),
    ("ibm852", true, "cp852"),
    ("ibm855", true, "cp855"),
    ("ibm857", true, "cp857"),
    ("ibm858", true, "cp858"),
    ("ibm860", true, "cp860"),
    ("ibm861", true, "cp861"),
    ("ibm862", true, "cp862"),
    ("ibm863", true, "cp863"),
    ("ibm864", true, "cp864"),
    ("ibm865", true, "cp865"),
    ("ibm866", true, "cp866"),
    ("ibm869", true, "cp869"),
    ("iso2022jp", true, "iso2022_jp"),
    ("iso2022jp_1", true, "iso2022_jp_1"),
    ("iso2022jp_2", true, "iso2022_jp_2"),
    ("iso2022jp_2004", true, "iso2022_jp_2004"),
    ("iso2022jp_3", true, "iso2022_jp_3"),
    ("iso2022jp_ext", true, "iso2022_jp_ext"),
    ("iso2022kr", true, "iso2022_kr"),
    ("iso646_us", true, "ascii"),
    ("iso8859", true, "iso8859-1"),
    ("iso8859_1", true, "iso8859-1"),
    ("iso_2022_jp", true, "iso2022_jp"),
    ("iso_2022_jp_1", true, "iso2022_jp_1"),
    ("iso_2022_jp_2", true, "iso2022_jp_2"),
    ("iso_2022_jp_2004", true, "iso2022_jp_2004"),
    ("iso_2022_jp_3", true, "iso2022_jp_3"),
    ("iso_2022_jp_ext", true, "iso2022_jp_ext"),
    ("iso_2022_kr", true, "iso2022_kr"),
    ("iso_646.irv_1991", true, "ascii"),
    ("iso_8859_1", true, "iso8859-1"),
    ("iso_8859_10", true, "iso8859-10"),
    ("iso_8859_10_1992", true, "iso8859-10"),
    ("iso_8859_11", true, "iso8859-11"),
    ("iso_8859_11_2001", true, "iso8859-11"),
    ("iso_8859_13", true, "iso8859-13"),
    ("iso_8859_14", true, "iso8859-14"),
    ("iso_8859_14_1998", true, "iso8859-14"),
    ("iso_8859_15", true, "iso8859-15"),
    ("iso_8859_16", true, "iso8859-16"),
    ("iso_8859_16_2001", true, "iso8859-16"),
    ("iso_8859_1_1987", true, "iso8859-1"),
    ("iso_8859_2", true, "iso8859-2"),
    ("iso_8859_2_1987", true, "iso8859-2"),
    ("iso_8859_3", true, "iso8859-3"),
    ("iso_8859_3_1988", true, "iso8859-3"),
    ("iso_8859_4", true, "iso8859-4"),
    ("iso_8859_4_1988", true, "iso8859-4"),
    ("iso_8859_5", true, "iso8859-5"),
    ("iso_8859_5_1988", true, "iso8859-5"),
    ("iso_8859_6", true, "iso8859-6"),
    ("iso_8859_6_1987", true, "iso8859-6"),
    ("iso_8859_7", true, "iso8859-7"),
    ("iso_8859_7_1987", true, "iso8859-7"),
    ("iso_8859_8", true, "iso8859-8"),
    ("iso_8859_8_1988", true, "iso8859-8"),
    ("iso_8859_9", true, "iso8859-9"),
    ("iso_8859_9_1989", true, "iso8859-9"),
    ("iso_celtic", true, "iso8859-14"),
    ("iso_ir_100", true, "iso8859-1"),
    ("iso_ir_101", true, "iso8859-2"),
    ("iso_ir_109", true, "iso8859-3"),
    ("iso_ir_110", true, "iso8859-4"),
    ("iso_ir_126", true, "iso8859-7"),
    ("iso_ir_127", true, "iso8859-6"),
    ("iso_ir_138", true, "iso8859-8"),
    ("iso_ir_144", true, "iso8859-5"),
    ("iso_ir_148", true, "iso8859-9"),
    ("iso_ir_157", true, "iso8859-10"),
    ("iso_ir_166", true, "tis-620"),
    ("iso_ir_199", true, "iso8859-14"),
    ("iso_ir_226", true, "iso8859-16"),
    ("iso_ir_58", true, "gb2312"),
    ("iso_ir_6", true, "ascii"),
    ("jisx0213", true, "euc_jis_2004"),
    ("korean", true, "euc_kr"),
    ("ks_c_5601", true, "euc_kr"),
    ("ks_c_5601_1987", true, "euc_kr"),
    ("ks_x_1001", true, "euc_kr"),
    ("ksc5601", true, "euc_kr"),
    ("ksx1001", true, "euc_kr"),
    ("kz_1048", true, "kz1048"),
    ("l1", true, "iso8859-1"),
    ("l10", true, "iso8859-16"),
    ("l2", true, "iso8859-2"),
    ("l3", true, "iso8859-3"),
    ("l4", true, "iso8859-4"),
    ("l5", true, "iso8859-9"),
    ("l6", true, "iso8859-10"),
    ("l7", true, "iso8859-13"),
    ("l8", true, "iso8859-14"),
    ("l9", true, "iso8859-15"),
    ("latin", true, "iso8859-1"),
    ("latin1", true, "iso8859-1"),
    ("latin10", true, "iso8859-16"),
    ("latin2", true, "iso8859-2"),
    ("latin3", true, "iso8859-3"),
    ("latin4", true, "iso8859-4"),
    ("latin5", true, "iso8859-9"),
    ("latin6", true, "iso8859-10"),
    ("latin7", true, "iso8859-13"),
    ("latin8", true, "iso8859-14"),
    ("latin9", true, "iso8859-15"),
    ("mac_centeuro", true, "mac-latin2"),
    ("maccentraleurope", true, "mac-latin2"),
    ("maccyrillic", true, "mac-cyrillic"),
    ("macgreek", true, "mac-greek"),
    ("maciceland", true, "mac-iceland"),
    ("macintosh", true, "mac-roman"),
    ("maclatin2", true, "mac-latin2"),
    ("macroman", true, "mac-roman"),
    ("macturkish", true, "mac-turkish"),
    ("ms1361", true, "johab"),
    ("ms932", true, "cp932"),
    ("ms936", true, "gbk"),
    ("ms949", true, "cp949"),
    ("ms950", true, "cp950"),
    ("ms_kanji", true, "cp932"),
    ("mskanji", true, "cp932"),
    ("pt154", true, "ptcp154"),
    ("quopri", true, "quopri"),
    ("quoted_printable", true, "quopri"),
    ("quotedprintable", true, "quopri"),
    ("r8", true, "hp-roman8"),
    ("rk1048", true, "kz1048"),
    ("roman8", true, "hp-roman8"),
    ("rot13", true, "rot-13"),
    ("ruscii", true, "cp1125"),
    ("s_jis", true, "shift_jis"),
    ("s_jis_2004", true, "shift_jis_2004"),
    ("s_jisx0213", true, "shift_jisx0213"),
    ("shiftjis", true, "shift_jis"),
    ("shiftjis2004", true, "shift_jis_2004"),
    ("shiftjisx0213", true, "shift_jisx0213"),
    ("sjis", true, "shift_jis"),
    ("sjis_2004", true, "shift_jis_2004"),
    ("sjisx0213", true, "shift_jisx0213"),
    ("strk1048_2002", true, "kz1048"),
    ("thai", true, "iso8859-11"),
    ("tis620", true, "tis-620"),
    ("tis_620_0", true, "tis-620"),
    ("tis_620_2529_0", true, "tis-620"),
    ("tis_620_2529_1", true, "tis-620"),
    ("u16", true, "utf-16"),
    ("u32", true, "utf-32"),
    ("u7", true, "utf-7"),
    ("u8", true, "utf-8"),
    ("u_jis", true, "euc_jp"),
    ("uhc", true, "cp949"),
    ("ujis", true, "euc_jp"),
    ("unicode_1_1_utf_7", true, "utf-7"),
    ("unicodebigunmarked", true, "utf-16-be"),
    ("unicodelittleunmarked", true, "utf-16-le"),
    ("us", true, "ascii"),
    ("us_ascii", true, "ascii"),
    ("utf", true, "utf-8"),
    ("utf16", true, "utf-16"),
    ("utf32", true, "utf-32"),
    ("utf7", true, "utf-7"),
    ("utf8", true, "utf-8"),
    ("utf8_ucs2", true, "utf-8"),
    ("utf8_ucs4", true, "utf-8"),
    ("utf_16be", true, "utf-16-be"),
    ("utf_16le", true, "utf-16-le"),
    ("utf_32be", true, "utf-32-be"),
    ("utf_32le", true, "utf-32-le"),
    ("uu", true, "uu"),
    ("windows_1250", true, "cp1250"),
    ("windows_1251", true, "cp1251"),
    ("windows_1252", true, "cp1252"),
    ("windows_1253", true, "cp1253"),
    ("windows_1254", true, "cp1254"),
    ("windows_1255", true, "cp1255"),
    ("windows_1256", true, "cp1256"),
    ("windows_1257", true, "cp1257"),
    ("windows_1258", true, "cp1258"),
    ("x_mac_japanese", true, "shift_jis"),
    ("x_mac_korean", true, "euc_kr"),
    ("x_mac_simp_chinese", true, "gb2312"),
    ("x_mac_trad_chinese", true, "big5"),
    ("zip", true, "zlib"),
    ("zlib", true, "zlib"),
    ("ascii", false, "ascii"),
    ("base64_codec", false, "base64"),
    ("big5", false, "big5"),
    ("big5hkscs", false, "big5hkscs"),
    ("bz2_codec", false, "bz2"),
    ("charmap", false, "charmap"),
    ("cp037", false, "cp037"),
    ("cp1006", false, "cp1006"),
    ("cp1026", false, "cp1026"),
    ("cp1125", false, "cp1125"),
    ("cp1140", false, "cp1140"),
    ("cp1250", false, "cp1250"),
    ("cp1251", false, "cp1251"),
    ("cp1252", false, "cp1252"),
    ("cp1253", false, "cp1253"),
    ("cp1254", false, "cp1254"),
    ("cp1255", false, "cp1255"),
    ("cp1256", false, "cp1256"),
    ("cp1257", false, "cp1257"),
    ("cp1258", false, "cp1258"),
    ("cp273", false, "cp273"),
    ("cp424", false, "cp424"),
    ("cp437", false, "cp437"),
    ("cp500", false, "cp500"),
    ("cp720", false, "cp720"),
    ("cp737", false, "cp737"),
    ("cp775", false, "cp775"),
    ("cp850", false, "cp850"),
    ("cp852", false, "cp852"),
    ("cp855", false, "cp855"),
    ("cp856", false, "cp856"),
    ("cp857", false, "cp857"),
    ("cp858", false, "cp858"),
    ("cp860", false, "cp860"),
    ("cp861", false, "cp861"),
    ("cp862", false, "cp862"),
    ("cp863", false, "cp863"),
    ("cp864", false, "cp864"),
    ("cp865", false, "cp865"),
    ("cp866", false, "cp866"),
    ("cp869", false, "cp869"),
    ("cp874", false, "cp874"),
    ("cp875", false, "cp875"),
    ("cp932", false, "cp932"),
    ("cp949", false, "cp949"),
    ("cp950", false, "cp950"),
    ("euc_jis_2004", false, "euc_jis_2004"),
    ("euc_jisx0213", false, "euc_jisx0213"),
    ("euc_jp", false, "euc_jp"),
    ("euc_kr", false, "euc_kr"),
    ("gb18030", false, "gb18030"),
    ("gb2312", false, "gb2312"),
    ("gbk", false, "gbk"),
    ("hex_codec", false, "hex"),
    ("hp_roman8", false, "hp-roman8"),
    ("hz", false, "hz"),
    ("idna", false, "idna"),
    ("iso2022_jp", false, "iso2022_jp"),
    ("iso2022_jp_1", false, "iso2022_jp_1"),
    ("iso2022_jp_2", false, "iso2022_jp_2"),
    ("iso2022_jp_2004", false, "iso2022_jp_2004"),
    ("iso2022_jp_3", false, "iso2022_jp_3"),
    ("iso2022_jp_ext", false, "iso2022_jp_ext"),
    ("iso2022_kr", false, "iso2022_kr"),
    ("iso8859_1", false, "iso8859-1"),
    ("iso8859_10", false, "iso8859-10"),
    ("iso8859_11", false, "iso8859-11"),
    ("iso8859_13", false, "iso8859-13"),
    ("iso8859_14", false, "iso8859-14"),
    ("iso8859_15", false, "iso8859-15"),
    ("iso8859_16", false, "iso8859-16"),
    ("iso8859_2", false, "iso8859-2"),
    ("iso8859_3", false, "iso8859-3"),
    ("iso8859_4", false, "iso8859-4"),
    ("iso8859_5", false, "iso8859-5"),
    ("iso8859_6", false, "iso8859-6"),
    ("iso8859_7", false, "iso8859-7"),
    ("iso8859_8", false, "iso8859-8"),
    ("iso8859_9", false, "iso8859-9"),
    ("johab", false, "johab"),
    ("koi8_r", false, "koi8-r"),
    ("koi8_t", false, "koi8-t"),
    ("koi8_u", false, "koi8-u"),
    ("kz1048", false, "kz1048"),
    ("latin_1", false, "iso8859-1"),
    ("mac_arabic", false, "mac-arabic"),
    ("mac_croatian", false, "mac-croatian"),
    ("mac_cyrillic", false, "mac-cyrillic"),
    ("mac_farsi", false, "mac-farsi"),
    ("mac_greek", false, "mac-greek"),
    ("mac_iceland", false, "mac-iceland"),
    ("mac_latin2", false, "mac-latin2"),
    ("mac_roman", false, "mac-roman"),
    ("mac_romanian", false, "mac-romanian"),
    ("mac_turkish", false, "mac-turkish"),
    ("palmos", false, "palmos"),
    ("ptcp154", false, "ptcp154"),
    ("punycode", false, "punycode"),
    ("quopri_codec", false, "quopri"),
    ("raw_unicode_escape", false, "raw-unicode-escape"),
    ("rot_13", false, "rot-13"),
    ("shift_jis", false, "shift_jis"),
    ("shift_jis_2004", false, "shift_jis_2004"),
    ("shift_jisx0213", false, "shift_jisx0213"),
    ("tis_620", false, "tis-620"),
    ("undefined", false, "undefined"),
    ("unicode_escape", false, "unicode-escape"),
    ("utf_16", false, "utf-16"),
    ("utf_16_be", false, "utf-16-be"),
    ("utf_16_le", false, "utf-16-le"),
    ("utf_32", false, "utf-32"),
    ("utf_32_be", false, "utf-32-be"),
    ("utf_32_le", false, "utf-32-le"),
    ("utf_7", false, "utf-7"),
    ("utf_8", false, "utf-8"),
    ("utf_8_sig", false, "utf-8-sig"),
    ("uu_codec", false, "uu"),
    ("zlib_codec", false, "zlib"),
];

/// (codec, lower half is ASCII, table of the remaining bytes; U+FFFE = undefined).
static SINGLE_BYTE_TABLES: &[(&str, bool, &str)] = &[
    (
        "ascii",
        true,
        "\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "charmap",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    ),
    (
        "cp037",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} \u{A0}âäàáãåçñ¢.<(+|&éêëèíîïìß!$*);¬-/ÂÄÀÁÃÅÇÑ¦,%_>?øÉÊËÈÍÎÏÌ`:#@'=\"Øabcdefghi«»ðýþ±°jklmnopqrªºæ¸Æ¤µ~stuvwxyz¡¿ÐÝÞ®^£¥·©§¶¼½¾[]¯¨´×{ABCDEFGHI\u{AD}ôöòóõ}JKLMNOPQR¹ûüùúÿ\\÷STUVWXYZ²ÔÖÒÓÕ0123456789³ÛÜÙÚ\u{9F}",
    ),
    (
        "cp1006",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}۰۱۲۳۴۵۶۷۸۹،؛\u{AD}؟ﺁﺍﺎﺎﺏﺑﭖﭘﺓﺕﺗﭦﭨﺙﺛﺝﺟﭺﭼﺡﺣﺥﺧﺩﮄﺫﺭﮌﺯﮊﺱﺳﺵﺷﺹﺻﺽﺿﻁﻅﻉﻊﻋﻌﻍﻎﻏﻐﻑﻓﻕﻗﻙﻛﮒﮔﻝﻟﻠﻡﻣﮞﻥﻧﺅﻭﮦﮨﮩﮪﺀﺉﺊﺋﻱﻲﻳﮰﮮﹼﹽ",
    ),
    (
        "cp1026",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} \u{A0}âäàáãå{ñÇ.<(+!&éêëèíîïìßĞİ*);^-/ÂÄÀÁÃÅ[Ñş,%_>?øÉÊËÈÍÎÏÌı:ÖŞ'=ÜØabcdefghi«»}`¦±°jklmnopqrªºæ¸Æ¤µöstuvwxyz¡¿]$@®¢£¥·©§¶¼½¾¬|¯¨´×çABCDEFGHI\u{AD}ô~òóõğJKLMNOPQR¹û\\ùúÿü÷STUVWXYZ²Ô#ÒÓÕ0123456789³Û\"ÙÚ\u{9F}",
    ),
    (
        "cp1125",
        true,
        "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀рстуфхцчшщъыьэюяЁёҐґЄєІіЇї·√№¤■\u{A0}",
    ),
    (
        "cp1140",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} \u{A0}âäàáãåçñ¢.<(+|&éêëèíîïìß!$*);¬-/ÂÄÀÁÃÅÇÑ¦,%_>?øÉÊËÈÍÎÏÌ`:#@'=\"Øabcdefghi«»ðýþ±°jklmnopqrªºæ¸Æ€µ~stuvwxyz¡¿ÐÝÞ®^£¥·©§¶¼½¾[]¯¨´×{ABCDEFGHI\u{AD}ôöòóõ}JKLMNOPQR¹ûüùúÿ\\÷STUVWXYZ²ÔÖÒÓÕ0123456789³ÛÜÙÚ\u{9F}",
    ),
    (
        "cp1250",
        true,
        "€\u{FFFE}‚\u{FFFE}„…†‡\u{FFFE}‰Š‹ŚŤŽŹ\u{FFFE}‘’“”•–—\u{FFFE}™š›śťžź\u{A0}ˇ˘Ł¤Ą¦§¨©Ş«¬\u{AD}®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙",
    ),
    (
        "cp1251",
        true,
        "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u{FFFE}™љ›њќћџ\u{A0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{AD}®Ї°±Ііґµ¶·ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя",
    ),
    (
        "cp1252",
        true,
        "€\u{FFFE}‚ƒ„…†‡ˆ‰Š‹Œ\u{FFFE}Ž\u{FFFE}\u{FFFE}‘’“”•–—˜™š›œ\u{FFFE}žŸ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    ),
    (
        "cp1253",
        true,
        "€\u{FFFE}‚ƒ„…†‡\u{FFFE}‰\u{FFFE}‹\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‘’“”•–—\u{FFFE}™\u{FFFE}›\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{A0}΅Ά£¤¥¦§¨©\u{FFFE}«¬\u{AD}®―°±²³΄µ¶·ΈΉΊ»Ό½ΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡ\u{FFFE}ΣΤΥΦΧΨΩΪΫάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ\u{FFFE}",
    ),
    (
        "cp1254",
        true,
        "€\u{FFFE}‚ƒ„…†‡ˆ‰Š‹Œ\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‘’“”•–—˜™š›œ\u{FFFE}\u{FFFE}Ÿ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞßàáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ",
    ),
    (
        "cp1255",
        true,
        "€\u{FFFE}‚ƒ„…†‡ˆ‰\u{FFFE}‹\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‘’“”•–—˜™\u{FFFE}›\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{A0}¡¢£₪¥¦§¨©×«¬\u{AD}®¯°±²³´µ¶·¸¹÷»¼½¾¿ְֱֲֳִֵֶַָֹ\u{FFFE}ֻּֽ־ֿ׀ׁׂ׃װױײ׳״\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}אבגדהוזחטיךכלםמןנסעףפץצקרשת\u{FFFE}\u{FFFE}\u{200E}\u{200F}\u{FFFE}",
    ),
    (
        "cp1256",
        true,
        "€پ‚ƒ„…†‡ˆ‰ٹ‹Œچژڈگ‘’“”•–—ک™ڑ›œ\u{200C}\u{200D}ں\u{A0}،¢£¤¥¦§¨©ھ«¬\u{AD}®¯°±²³´µ¶·¸¹؛»¼½¾؟ہءآأؤإئابةتثجحخدذرزسشصض×طظعغـفقكàلâمنهوçèéêëىيîïًٌٍَôُِ÷ّùْûü\u{200E}\u{200F}ے",
    ),
    (
        "cp1257",
        true,
        "€\u{FFFE}‚\u{FFFE}„…†‡\u{FFFE}‰\u{FFFE}‹\u{FFFE}¨ˇ¸\u{FFFE}‘’“”•–—\u{FFFE}™\u{FFFE}›\u{FFFE}¯˛\u{FFFE}\u{A0}\u{FFFE}¢£¤\u{FFFE}¦§Ø©Ŗ«¬\u{AD}®Æ°±²³´µ¶·ø¹ŗ»¼½¾æĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽßąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž˙",
    ),
    (
        "cp1258",
        true,
        "€\u{FFFE}‚ƒ„…†‡ˆ‰\u{FFFE}‹Œ\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‘’“”•–—˜™\u{FFFE}›œ\u{FFFE}\u{FFFE}Ÿ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂĂÄÅÆÇÈÉÊË̀ÍÎÏĐÑ̉ÓÔƠÖ×ØÙÚÛÜỮßàáâăäåæçèéêë́íîïđṇ̃óôơö÷øùúûüư₫ÿ",
    ),
    (
        "cp273",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} \u{A0}â{àáãåçñÄ.<(+!&éêëèíîïì~Ü$*);^-/Â[ÀÁÃÅÇÑö,%_>?øÉÊËÈÍÎÏÌ`:#§'=\"Øabcdefghi«»ðýþ±°jklmnopqrªºæ¸Æ¤µßstuvwxyz¡¿ÐÝÞ®¢£¥·©@¶¼½¾¬|‾¨´×äABCDEFGHI\u{AD}ô¦òóõüJKLMNOPQR¹û}ùúÿÖ÷STUVWXYZ²Ô\\ÒÓÕ0123456789³Û]ÙÚ\u{9F}",
    ),
    (
        "cp424",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} אבגדהוזחט¢.<(+|&יךכלםמןנס!$*);¬-/עףפץצקרש¦,%_>?\u{FFFE}ת\u{FFFE}\u{FFFE}\u{A0}\u{FFFE}\u{FFFE}\u{FFFE}‗`:#@'=\"\u{FFFE}abcdefghi«»\u{FFFE}\u{FFFE}\u{FFFE}±°jklmnopqr\u{FFFE}\u{FFFE}\u{FFFE}¸\u{FFFE}¤µ~stuvwxyz\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}®^£¥·©§¶¼½¾[]¯¨´×{ABCDEFGHI\u{AD}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}}JKLMNOPQR¹\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\\÷STUVWXYZ²\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}0123456789³\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{9F}",
    ),
    (
        "cp437",
        true,
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp500",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} \u{A0}âäàáãåçñ[.<(+!&éêëèíîïìß]$*);^-/ÂÄÀÁÃÅÇÑ¦,%_>?øÉÊËÈÍÎÏÌ`:#@'=\"Øabcdefghi«»ðýþ±°jklmnopqrªºæ¸Æ¤µ~stuvwxyz¡¿ÐÝÞ®¢£¥·©§¶¼½¾¬|¯¨´×{ABCDEFGHI\u{AD}ôöòóõ}JKLMNOPQR¹ûüùúÿ\\÷STUVWXYZ²ÔÖÒÓÕ0123456789³ÛÜÙÚ\u{9F}",
    ),
    (
        "cp720",
        true,
        "\u{80}\u{81}éâ\u{84}à\u{86}çêëèïî\u{8D}\u{8E}\u{8F}\u{90}ّْô¤ـûùءآأؤ£إئابةتثجحخدذرزسشص«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀ضطظعغفµقكلمنهوىي≡ًٌٍَُِ≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp737",
        true,
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψ░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀ωάέήϊίόύϋώΆΈΉΊΌΎΏ±≥≤ΪΫ÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp775",
        true,
        "ĆüéāäģåćłēŖŗīŹÄÅÉæÆōöĢ¢ŚśÖÜø£Ø×¤ĀĪóŻżź”¦©®¬½¼Ł«»░▒▓│┤ĄČĘĖ╣║╗╝ĮŠ┐└┴┬├─┼ŲŪ╚╔╩╦╠═╬Žąčęėįšųūž┘┌█▄▌▐▀ÓßŌŃõÕµńĶķĻļņĒŅ’\u{AD}±“¾¶§÷„°∙·¹³²■\u{A0}",
    ),
    (
        "cp850",
        true,
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{AD}±‗¾¶§÷¸°¨·¹³²■\u{A0}",
    ),
    (
        "cp852",
        true,
        "ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u{AD}˝˛ˇ˘§÷¸°¨˙űŘř■\u{A0}",
    ),
    (
        "cp855",
        true,
        "ђЂѓЃёЁєЄѕЅіІїЇјЈљЉњЊћЋќЌўЎџЏюЮъЪаАбБцЦдДеЕфФгГ«»░▒▓│┤хХиИ╣║╗╝йЙ┐└┴┬├─┼кК╚╔╩╦╠═╬¤лЛмМнНоОп┘┌█▄Пя▀ЯрРсСтТуУжЖвВьЬ№\u{AD}ыЫзЗшШэЭщЩчЧ§■\u{A0}",
    ),
    (
        "cp856",
        true,
        "אבגדהוזחטיךכלםמןנסעףפץצקרשת\u{FFFE}£\u{FFFE}×\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}®¬½¼\u{FFFE}«»░▒▓│┤\u{FFFE}\u{FFFE}\u{FFFE}©╣║╗╝¢¥┐└┴┬├─┼\u{FFFE}\u{FFFE}╚╔╩╦╠═╬¤\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}┘┌█▄¦\u{FFFE}▀\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}µ\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}¯´\u{AD}±‗¾¶§÷¸°¨·¹³²■\u{A0}",
    ),
    (
        "cp857",
        true,
        "ÇüéâäàåçêëèïîıÄÅÉæÆôöòûùİÖÜø£ØŞşáíóúñÑĞğ¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ºªÊËÈ\u{FFFE}ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµ\u{FFFE}×ÚÛÙìÿ¯´\u{AD}±\u{FFFE}¾¶§÷¸°¨·¹³²■\u{A0}",
    ),
    (
        "cp858",
        true,
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{AD}±‗¾¶§÷¸°¨·¹³²■\u{A0}",
    ),
    (
        "cp860",
        true,
        "ÇüéâãàÁçêÊèÍÔìÃÂÉÀÈôõòÚùÌÕÜ¢£Ù₧ÓáíóúñÑªº¿Ò¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp861",
        true,
        "ÇüéâäàåçêëèÐðÞÄÅÉæÆôöþûÝýÖÜø£Ø₧ƒáíóúÁÍÓÚ¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp862",
        true,
        "אבגדהוזחטיךכלםמןנסעףפץצקרשת¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp863",
        true,
        "ÇüéâÂà¶çêëèïî‗À§ÉÈÊôËÏûù¤ÔÜ¢£ÙÛƒ¦´óú¨¸³¯Î⌐¬½¼¾«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp864",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1A}\u{1B}\u{1C}\u{1D}\u{1E}\u{1F} !\"#$٪&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7F}°·∙√▒─│┼┤┬├┴┐┌└┘β∞φ±½¼≈«»ﻷﻸ\u{FFFE}\u{FFFE}ﻻﻼ\u{FFFE}\u{A0}\u{AD}ﺂ£¤ﺄ\u{FFFE}\u{FFFE}ﺎﺏﺕﺙ،ﺝﺡﺥ٠١٢٣٤٥٦٧٨٩ﻑ؛ﺱﺵﺹ؟¢ﺀﺁﺃﺅﻊﺋﺍﺑﺓﺗﺛﺟﺣﺧﺩﺫﺭﺯﺳﺷﺻﺿﻁﻅﻋﻏ¦¬÷×ﻉـﻓﻗﻛﻟﻣﻧﻫﻭﻯﻳﺽﻌﻎﻍﻡﹽّﻥﻩﻬﻰﻲﻐﻕﻵﻶﻝﻙﻱ■\u{FFFE}",
    ),
    (
        "cp865",
        true,
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø₧ƒáíóúñÑªº¿⌐¬½¼¡«¤░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
    ),
    (
        "cp866",
        true,
        "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u{A0}",
    ),
    (
        "cp869",
        true,
        "\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}Ά\u{FFFE}·¬¦‘’Έ―ΉΊΪΌ\u{FFFE}\u{FFFE}ΎΫ©Ώ²³ά£έήίϊΐόύΑΒΓΔΕΖΗ½ΘΙ«»░▒▓│┤ΚΛΜΝ╣║╗╝ΞΟ┐└┴┬├─┼ΠΡ╚╔╩╦╠═╬ΣΤΥΦΧΨΩαβγ┘┌█▄δε▀ζηθικλμνξοπρσςτ΄\u{AD}±υφχ§ψ΅°¨ωϋΰώ■\u{A0}",
    ),
    (
        "cp874",
        true,
        "€\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}…\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‘’“”•–—\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{A0}กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะัาำิีึืฺุู\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}฿เแโใไๅๆ็่้๊๋์ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "cp875",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{9C}\u{9}\u{86}\u{7F}\u{97}\u{8D}\u{8E}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{9D}\u{85}\u{8}\u{87}\u{18}\u{19}\u{92}\u{8F}\u{1C}\u{1D}\u{1E}\u{1F}\u{80}\u{81}\u{82}\u{83}\u{84}\u{A}\u{17}\u{1B}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{5}\u{6}\u{7}\u{90}\u{91}\u{16}\u{93}\u{94}\u{95}\u{96}\u{4}\u{98}\u{99}\u{9A}\u{9B}\u{14}\u{15}\u{9E}\u{1A} ΑΒΓΔΕΖΗΘΙ[.<(+!&ΚΛΜΝΞΟΠΡΣ]$*);^-/ΤΥΦΧΨΩΪΫ|,%_>?¨ΆΈΉ\u{A0}ΊΌΎΏ`:#@'=\"΅abcdefghiαβγδεζ°jklmnopqrηθικλμ´~stuvwxyzνξοπρσ£άέήϊίόύϋώςτυφχψ{ABCDEFGHI\u{AD}ωΐΰ‘―}JKLMNOPQR±½\u{1A}·’¦\\\u{1A}STUVWXYZ²§\u{1A}\u{1A}«¬0123456789³©\u{1A}\u{1A}»\u{9F}",
    ),
    (
        "hp-roman8",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}ÀÂÈÊËÎÏ´ˋˆ¨˜ÙÛ₤¯Ýý°ÇçÑñ¡¿¤£¥§ƒ¢âêôûáéóúàèòùäëöüÅîØÆåíøæÄìÖÜÉïßÔÁÃãÐðÍÌÓÒÕõŠšÚŸÿÞþ·µ¶¾—¼½ªº«■»±\u{FFFE}",
    ),
    (
        "hz",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1A}\u{1B}\u{1C}\u{1D}\u{1E}\u{1F} !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}\u{FFFE}\u{7F}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "idna",
        true,
        "\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "iso2022_jp_2004",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1A}\u{FFFE}\u{1C}\u{1D}\u{1E}\u{1F} !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7F}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "iso2022_jp_3",
        false,
        "\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{E}\u{F}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1A}\u{FFFE}\u{1C}\u{1D}\u{1E}\u{1F} !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7F}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "iso8859-1",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    ),
    (
        "iso8859-10",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}ĄĒĢĪĨĶ§ĻĐŠŦŽ\u{AD}ŪŊ°ąēģīĩķ·ļđšŧž―ūŋĀÁÂÃÄÅÆĮČÉĘËĖÍÎÏÐŅŌÓÔÕÖŨØŲÚÛÜÝÞßāáâãäåæįčéęëėíîïðņōóôõöũøųúûüýþĸ",
    ),
    (
        "iso8859-11",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะัาำิีึืฺุู\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}฿เแโใไๅๆ็่้๊๋์ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "iso8859-13",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}”¢£¤„¦§Ø©Ŗ«¬\u{AD}®Æ°±²³“µ¶·ø¹ŗ»¼½¾æĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽßąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž’",
    ),
    (
        "iso8859-14",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}Ḃḃ£ĊċḊ§Ẁ©ẂḋỲ\u{AD}®ŸḞḟĠġṀṁ¶ṖẁṗẃṠỳẄẅṡÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏŴÑÒÓÔÕÖṪØÙÚÛÜÝŶßàáâãäåæçèéêëìíîïŵñòóôõöṫøùúûüýŷÿ",
    ),
    (
        "iso8859-15",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}¡¢£€¥Š§š©ª«¬\u{AD}®¯°±²³Žµ¶·ž¹º»ŒœŸ¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    ),
    (
        "iso8859-16",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}ĄąŁ€„Š§š©Ș«Ź\u{AD}źŻ°±ČłŽ”¶·žčș»ŒœŸżÀÁÂĂÄĆÆÇÈÉÊËÌÍÎÏĐŃÒÓÔŐÖŚŰÙÚÛÜĘȚßàáâăäćæçèéêëìíîïđńòóôőöśűùúûüęțÿ",
    ),
    (
        "iso8859-2",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}Ą˘Ł¤ĽŚ§¨ŠŞŤŹ\u{AD}ŽŻ°ą˛ł´ľśˇ¸šşťź˝žżŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢßŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙",
    ),
    (
        "iso8859-3",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}Ħ˘£¤\u{FFFE}Ĥ§¨İŞĞĴ\u{AD}\u{FFFE}Ż°ħ²³´µĥ·¸ışğĵ½\u{FFFE}żÀÁÂ\u{FFFE}ÄĊĈÇÈÉÊËÌÍÎÏ\u{FFFE}ÑÒÓÔĠÖ×ĜÙÚÛÜŬŜßàáâ\u{FFFE}äċĉçèéêëìíîï\u{FFFE}ñòóôġö÷ĝùúûüŭŝ˙",
    ),
    (
        "iso8859-4",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}ĄĸŖ¤ĨĻ§¨ŠĒĢŦ\u{AD}Ž¯°ą˛ŗ´ĩļˇ¸šēģŧŊžŋĀÁÂÃÄÅÆĮČÉĘËĖÍÎĪĐŅŌĶÔÕÖ×ØŲÚÛÜŨŪßāáâãäåæįčéęëėíîīđņōķôõö÷øųúûüũū˙",
    ),
    (
        "iso8859-5",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}ЁЂЃЄЅІЇЈЉЊЋЌ\u{AD}ЎЏАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя№ёђѓєѕіїјљњћќ§ўџ",
    ),
    (
        "iso8859-6",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}\u{FFFE}\u{FFFE}\u{FFFE}¤\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}،\u{AD}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}؛\u{FFFE}\u{FFFE}\u{FFFE}؟\u{FFFE}ءآأؤإئابةتثجحخدذرزسشصضطظعغ\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}ـفقكلمنهوىيًٌٍَُِّْ\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
    (
        "iso8859-7",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}‘’£€₯¦§¨©ͺ«¬\u{AD}\u{FFFE}―°±²³΄΅Ά·ΈΉΊ»Ό½ΎΏΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡ\u{FFFE}ΣΤΥΦΧΨΩΪΫάέήίΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώ\u{FFFE}",
    ),
    (
        "iso8859-8",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}\u{FFFE}¢£¤¥¦§¨©×«¬\u{AD}®¯°±²³´µ¶·¸¹÷»¼½¾\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}‗אבגדהוזחטיךכלםמןנסעףפץצקרשת\u{FFFE}\u{FFFE}\u{200E}\u{200F}\u{FFFE}",
    ),
    (
        "iso8859-9",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞßàáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ",
    ),
    (
        "koi8-r",
        true,
        "─│┌┐└┘├┤┬┴┼▀▄█▌▐░▒▓⌠■∙√≈≤≥\u{A0}⌡°²·÷═║╒ё╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡Ё╢╣╤╥╦╧╨╩╪╫╬©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ",
    ),
    (
        "koi8-t",
        true,
        "қғ‚Ғ„…†‡\u{FFFE}‰ҳ‹ҲҷҶ\u{FFFE}Қ‘’“”•–—\u{FFFE}™\u{FFFE}›\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}ӯӮё¤ӣ¦§\u{FFFE}\u{FFFE}\u{FFFE}«¬\u{AD}®\u{FFFE}°±²Ё\u{FFFE}Ӣ¶·\u{FFFE}№\u{FFFE}»\u{FFFE}\u{FFFE}\u{FFFE}©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ",
    ),
    (
        "koi8-u",
        true,
        "─│┌┐└┘├┤┬┴┼▀▄█▌▐░▒▓⌠■∙√≈≤≥\u{A0}⌡°²·÷═║╒ёє╔ії╗╘╙╚╛ґ╝╞╟╠╡ЁЄ╣ІЇ╦╧╨╩╪Ґ╬©юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ",
    ),
    (
        "kz1048",
        true,
        "ЂЃ‚ѓ„…†‡€‰Љ‹ЊҚҺЏђ‘’“”•–—\u{FFFE}™љ›њқһџ\u{A0}ҰұӘ¤Ө¦§Ё©Ғ«¬\u{AD}®Ү°±Ііөµ¶·ё№ғ»әҢңүАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя",
    ),
    (
        "mac-arabic",
        true,
        "Ä\u{A0}ÇÉÑÖÜáàâäں«çéèêëí…îïñó»ôö÷úùûü !\"#$٪&'()*+،-./٠١٢٣٤٥٦٧٨٩:؛<=>؟❊ءآأؤإئابةتثجحخدذرزسشصضطظعغ[\\]^_ـفقكلمنهوىيًٌٍَُِّْپٹچەڤگڈڑ{|}ژے",
    ),
    (
        "mac-croatian",
        true,
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®Š™´¨≠ŽØ∞±≤≥∆µ∂∑∏š∫ªºΩžø¿¡¬√ƒ≈Ć«Č…\u{A0}ÀÃÕŒœĐ—“”‘’÷◊\u{F8FF}©⁄€‹›Æ»–·‚„‰ÂćÁčÈÍÎÏÌÓÔđÒÚÛÙıˆ˜¯πË˚¸Êæˇ",
    ),
    (
        "mac-cyrillic",
        true,
        "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ†°Ґ£§•¶І®©™Ђђ≠Ѓѓ∞±≤≥іµґЈЄєЇїЉљЊњјЅ¬√ƒ≈∆«»…\u{A0}ЋћЌќѕ–—“”‘’÷„ЎўЏџ№Ёёяабвгдежзийклмнопрстуфхцчшщъыьэю€",
    ),
    (
        "mac-farsi",
        true,
        "Ä\u{A0}ÇÉÑÖÜáàâäں«çéèêëí…îïñó»ôö÷úùûü !\"#$٪&'()*+،-./۰۱۲۳۴۵۶۷۸۹:؛<=>؟❊ءآأؤإئابةتثجحخدذرزسشصضطظعغ[\\]^_ـفقكلمنهوىيًٌٍَُِّْپٹچەڤگڈڑ{|}ژے",
    ),
    (
        "mac-greek",
        true,
        "Ä¹²É³ÖÜ΅àâä΄¨çéèêë£™îï•½‰ôö¦€ùûü†ΓΔΘΛΞΠß®©ΣΪ§≠°·Α±≤≥¥ΒΕΖΗΙΚΜΦΫΨΩάΝ¬ΟΡ≈Τ«»…\u{A0}ΥΧΆΈœ–―“”‘’÷ΉΊΌΎέήίόΏύαβψδεφγηιξκλμνοπώρστθωςχυζϊϋΐΰ\u{AD}",
    ),
    (
        "mac-iceland",
        true,
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûüÝ°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€ÐðÞþý·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ",
    ),
    (
        "mac-latin2",
        true,
        "ÄĀāÉĄÖÜáąČäčĆćéŹźĎíďĒēĖóėôöõúĚěü†°Ę£§•¶ß®©™ę¨≠ģĮįĪ≤≥īĶ∂∑łĻļĽľĹĺŅņŃ¬√ńŇ∆«»…\u{A0}ňŐÕőŌ–—“”‘’÷◊ōŔŕŘ‹›řŖŗŠ‚„šŚśÁŤťÍŽžŪÓÔūŮÚůŰűŲųÝýķŻŁżĢˇ",
    ),
    (
        "mac-roman",
        true,
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ",
    ),
    (
        "mac-romanian",
        true,
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ĂȘ∞±≤≥¥µ∂∑∏π∫ªºΩăș¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›Țț‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ",
    ),
    (
        "mac-turkish",
        true,
        "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸĞğİıŞş‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{F8FF}ÒÚÛÙ\u{F8A0}ˆ˜¯˘˙˚¸˝˛ˇ",
    ),
    (
        "palmos",
        true,
        "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ♦♣♥♠‘’“”•–—˜™š\u{9B}œ\u{9D}\u{9E}Ÿ\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
    ),
    (
        "ptcp154",
        true,
        "ҖҒӮғ„…ҶҮҲүҠӢҢҚҺҸҗ‘’“”•–—ҳҷҡӣңқһҹ\u{A0}ЎўЈӨҘҰ§Ё©Ә«¬ӯ®Ҝ°ұІіҙө¶·ё№ә»јҪҫҝАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя",
    ),
    (
        "tis-620",
        true,
        "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}\u{FFFE}กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮฯะัาำิีึืฺุู\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}฿เแโใไๅๆ็่้๊๋์ํ๎๏๐๑๒๓๔๕๖๗๘๙๚๛\u{FFFE}\u{FFFE}\u{FFFE}\u{FFFE}",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    type Case<'a> = (&'a str, &'a [u8], Vec<(String, String)>);

    fn parts(raw: &[u8]) -> Vec<(String, String)> {
        text_parts(raw)
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

    #[test]
    fn codec_names() {
        for (label, want) in [
            ("utf8", Some("utf-8")),
            ("iso8859.1", Some("iso8859-1")),
            ("utf.8", None),
            ("x-unknown", None),
            ("windows-1252", Some("cp1252")),
        ] {
            assert_eq!(python_codec(label), want, "{label}");
        }
    }
}
