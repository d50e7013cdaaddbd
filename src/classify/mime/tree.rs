//! The MIME tree of a message as CPython's legacy (`compat32`) `FeedParser`
//! builds it (spec §8.1): lines end at CRLF, CR or LF; boundary lines of
//! *every* enclosing multipart end a part; the line break before a boundary
//! belongs to the boundary; `message/*` bodies are parsed as messages;
//! `message/delivery-status` bodies are blocks of headers. Reading header
//! values (Content-Type parameters) is left to the parent module.

pub(super) use crate::mail::bytes::find_line_break;

pub(super) fn split_lines(raw: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut pos = 0;
    while let Some(line) = line_at(raw, pos) {
        lines.push(line);
        pos += line.len();
    }
    lines
}

/// The line of `raw` that starts at byte `pos`, with its line break.
fn line_at(raw: &[u8], pos: usize) -> Option<&[u8]> {
    let rest = raw.get(pos..).filter(|r| !r.is_empty())?;
    let end = match find_line_break(rest) {
        Some(at) if rest[at] == b'\r' && rest.get(at + 1) == Some(&b'\n') => at + 2,
        Some(at) => at + 1,
        None => rest.len(),
    };
    Some(&rest[..end])
}

fn starts_with_newline(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'\r' | b'\n'))
}

/// Length of the line terminator at the end of `line` (0, 1 or 2).
pub(super) fn eol_len(line: &[u8]) -> usize {
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
    raw: &'a [u8],
    /// Byte offset of the next line not yet read.
    pos: usize,
    pushed: Vec<&'a [u8]>,
    eof: Vec<EofMatcher>,
}

impl<'a> Input<'a> {
    fn readline(&mut self) -> Option<&'a [u8]> {
        let line = match self.pushed.last() {
            Some(&l) => l,
            None => line_at(self.raw, self.pos)?,
        };
        if self.eof.iter().any(|m| m.matches(line)) {
            return None;
        }
        if self.pushed.pop().is_none() {
            self.pos += line.len();
        }
        Some(line)
    }

    fn unreadline(&mut self, line: &'a [u8]) {
        self.pushed.push(line);
    }

    /// All lines up to the end of the current (sub)part, concatenated.
    fn read_rest(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while !self.pushed.is_empty() {
            match self.readline() {
                Some(line) => out.extend_from_slice(line),
                None => return out,
            }
        }
        // Unread lines are consecutive in `raw`: copy them in one go.
        let start = self.pos;
        if self.eof.is_empty() {
            self.pos = self.raw.len();
        } else {
            while self.readline().is_some() {}
        }
        out.extend_from_slice(&self.raw[start..self.pos]);
        out
    }
}

pub(super) enum Payload {
    Text(Vec<u8>),
    Parts(Vec<usize>),
}

pub(super) struct Node {
    /// (name, raw value) in file order; the value is compat32's: leading
    /// blanks removed, continuation lines kept, final line break removed.
    pub(super) headers: Vec<(Vec<u8>, Vec<u8>)>,
    pub(super) payload: Payload,
    pub(super) default_type: &'static str,
}

/// Deepest MIME nesting read (multipart and `message/*` levels together).
/// Every line is checked against the boundary of each enclosing multipart,
/// so the cost of a tree grows with lines × depth; the bound keeps it
/// linear in the mail's size and the recursion well within a thread's stack.
pub const MAX_DEPTH: usize = 100;

/// A mail nested deeper than [`MAX_DEPTH`]: refused, and kept with this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep;

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MIME nesting deeper than {MAX_DEPTH} levels: message refused"
        )
    }
}

pub(super) struct Tree {
    nodes: Vec<Node>,
    /// The most recently created node (`FeedParser._last`).
    last: usize,
}

impl Tree {
    /// The tree of `raw`, or [`TooDeep`] as soon as a part lies deeper than
    /// [`MAX_DEPTH`] levels.
    pub(super) fn parse(raw: &[u8]) -> Result<Tree, TooDeep> {
        let mut input = Input {
            raw,
            pos: 0,
            pushed: Vec::new(),
            eof: Vec::new(),
        };
        let mut tree = Tree {
            nodes: Vec::new(),
            last: 0,
        };
        tree.parse_message(&mut input, "text/plain", 0)?;
        Ok(tree)
    }

    fn parse_message(
        &mut self,
        input: &mut Input<'_>,
        default_type: &'static str,
        depth: usize,
    ) -> Result<usize, TooDeep> {
        if depth > MAX_DEPTH {
            return Err(TooDeep);
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            headers: Vec::new(),
            payload: Payload::Text(Vec::new()),
            default_type,
        });
        self.last = id;

        let mut header_lines = Vec::with_capacity(32);
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
                children.push(self.parse_message(input, child_default, depth + 1)?);
                input.eof.pop();
                let _ = input.readline();
                match input.readline() {
                    None => break,
                    Some(line) => input.unreadline(line),
                }
            }
            self.nodes[id].payload = Payload::Parts(children);
            return Ok(id);
        }
        if ctype.starts_with("message/") {
            let child = self.parse_message(input, child_default, depth + 1)?;
            self.nodes[id].payload = Payload::Parts(vec![child]);
            return Ok(id);
        }
        if ctype.starts_with("multipart/") {
            self.parse_multipart(id, input, child_default, depth)?;
            return Ok(id);
        }
        self.nodes[id].payload = Payload::Text(input.read_rest());
        Ok(id)
    }

    fn parse_multipart(
        &mut self,
        id: usize,
        input: &mut Input<'_>,
        child_default: &'static str,
        depth: usize,
    ) -> Result<(), TooDeep> {
        let Some(boundary) = self.nodes[id].boundary() else {
            // No boundary: the body stays a (non-text) string payload.
            self.nodes[id].payload = Payload::Text(input.read_rest());
            return Ok(());
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
            children.push(self.parse_message(input, child_default, depth + 1)?);
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
            return Ok(());
        }
        let _ = input.read_rest(); // epilogue
        self.nodes[id].payload = Payload::Parts(children);
        Ok(())
    }

    pub(super) fn walk<'s>(&'s self, id: usize, f: &mut dyn FnMut(&'s Node)) {
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
    let mut headers = Vec::with_capacity(lines.len());
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
