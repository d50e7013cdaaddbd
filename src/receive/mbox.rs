//! Streaming mbox splitter over any `BufRead` (spec §0, §3). With
//! [`Separators::EveryFromLine`] it reads the way Patchwork's `parsearchive`
//! does through Python's `mailbox.mbox`:
//!
//! * a message starts at every line beginning with `From ` (that line is the
//!   envelope and not part of the message); text before the first one is
//!   ignored;
//! * a single line consisting of exactly `\n` just before the next `From `
//!   line or before end of file belongs to the separator (a CRLF blank line
//!   does not);
//! * in the default [`MboxFormat::Mboxo`] reading `>From ` lines are kept as
//!   they are; [`MboxFormat::Mboxrd`] removes one `>` from lines matching
//!   `^>+From `.
//!
//! [`Separators::Envelopes`] (`--format auto`) splits only where a line
//! cannot be body text, so that one delivery with unescaped `From ` lines in
//! its body (procmail, postfix `pipe` with `F`) stays one message: the line
//! follows a blank line, is a real envelope (see [`super::envelope`]) and is
//! followed by a header field. git's `Mon Sep 17 00:00:00 2001` envelope
//! separates only in input that starts with one (`git format-patch
//! --stdout`), never in a delivery whose body carries a pasted patch; a
//! dateless `From A` only in input that starts with such a line.
//!
//! Bytes are never interpreted (any encoding, CRLF, a last line without
//! newline); only one message is held in memory at a time.

use std::io::BufRead;

use super::envelope::same_kind;
use crate::mail::header::starts_field;

/// How `>From ` lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MboxFormat {
    /// Patchwork's reading: `>From ` kept as is.
    Mboxo,
    /// One `>` removed from `>+From ` lines.
    Mboxrd,
}

/// Which `From ` lines start a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separators {
    /// Every one (`parsearchive`).
    EveryFromLine,
    /// Only envelope lines that cannot be body text (see the module doc).
    Envelopes,
}

/// Where the reader stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first `From ` line.
    Preamble,
    /// Just after a `From ` line: a message follows.
    InMessage,
    /// End of input or a read error.
    Done,
}

/// Iterator over the messages of an mbox.
pub struct MboxReader<R> {
    reader: R,
    format: MboxFormat,
    separators: Separators,
    /// The input's first line (its first envelope).
    first_line: Vec<u8>,
    /// A line read ahead that belongs to the next message (or is next).
    carry: Vec<u8>,
    state: State,
}

const SEPARATOR: &[u8] = b"From ";

impl<R: BufRead> MboxReader<R> {
    /// Patchwork's `parsearchive` reading ([`Separators::EveryFromLine`]).
    pub fn new(reader: R, format: MboxFormat) -> Self {
        Self::with_separators(reader, format, Separators::EveryFromLine)
    }

    /// A reader that starts a message at the `From ` lines `separators`
    /// names (`--format auto` uses [`Separators::Envelopes`]).
    pub fn with_separators(reader: R, format: MboxFormat, separators: Separators) -> Self {
        MboxReader {
            reader,
            format,
            separators,
            first_line: Vec::new(),
            carry: Vec::new(),
            state: State::Preamble,
        }
    }

    /// Appends the next line (the one read ahead first) to `buf`; false at
    /// end of input.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        if !self.carry.is_empty() {
            buf.append(&mut self.carry);
            return Ok(true);
        }
        Ok(self.reader.read_until(b'\n', buf)? != 0)
    }

    /// Whether `line`, a `From ` line after a blank line (or not), starts
    /// the next message. May read the following line ahead into `carry`.
    fn separates(&mut self, line: &[u8], after_blank: bool) -> std::io::Result<bool> {
        if self.separators == Separators::EveryFromLine {
            return Ok(true);
        }
        if !after_blank || !same_kind(&self.first_line, line) {
            return Ok(false);
        }
        self.reader.read_until(b'\n', &mut self.carry)?;
        Ok(starts_field(&self.carry))
    }

    /// Skips to just after the first `From ` line; false at end of input.
    fn skip_preamble(&mut self) -> std::io::Result<bool> {
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.reader.read_until(b'\n', &mut line)? == 0 {
                return Ok(false);
            }
            if line.starts_with(SEPARATOR) {
                self.first_line = line;
                return Ok(true);
            }
        }
    }

    /// Reads the message after a `From ` line, up to the next one or end of
    /// input (the next `From ` line is consumed). Returns the message and
    /// whether input continues.
    fn read_message(&mut self) -> std::io::Result<(Vec<u8>, bool)> {
        let mut message = Vec::new();
        let mut last_was_empty = false;
        let mut last_was_blank = false;
        loop {
            let start = message.len();
            let more = self.read_line(&mut message)?;
            let separates = more
                && message[start..].starts_with(SEPARATOR)
                && self.separates(&message[start..], last_was_blank)?;
            if !more || separates {
                message.truncate(start);
                if last_was_empty {
                    message.pop();
                }
                return Ok((message, more));
            }
            let line = &message[start..];
            last_was_empty = line == b"\n";
            last_was_blank = last_was_empty || line == b"\r\n";
            if self.format == MboxFormat::Mboxrd && is_quoted_from(line) {
                message.remove(start);
            }
        }
    }
}

/// `^>+From `.
fn is_quoted_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(SEPARATOR)
}

impl<R: BufRead> Iterator for MboxReader<R> {
    /// One message's bytes (without its `From ` line), or a read error.
    type Item = std::io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.state == State::Preamble {
            match self.skip_preamble() {
                Ok(true) => self.state = State::InMessage,
                Ok(false) => self.state = State::Done,
                Err(e) => {
                    self.state = State::Done;
                    return Some(Err(e));
                }
            }
        }
        if self.state == State::Done {
            return None;
        }
        match self.read_message() {
            Ok((message, more)) => {
                if !more {
                    self.state = State::Done;
                }
                Some(Ok(message))
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &[u8], format: MboxFormat) -> Vec<Vec<u8>> {
        MboxReader::new(input, format)
            .collect::<std::io::Result<_>>()
            .unwrap()
    }

    #[test]
    fn splits_like_python_mailbox() {
        let cases: &[(&[u8], &[&[u8]])] = &[
            (b"", &[]),
            (b"no separator at all\n", &[]),
            (b"junk\nFrom a\nA: 1\n\nbody\n", &[b"A: 1\n\nbody\n"]),
            // the blank line before the next From / EOF is the separator's
            (
                b"From a\nA: 1\n\nx\n\nFrom b\nB: 2\n\ny\n\n",
                &[b"A: 1\n\nx\n", b"B: 2\n\ny\n"],
            ),
            // only one of two blank lines
            (b"From a\nx\n\n\nFrom b\ny\n", &[b"x\n\n", b"y\n"]),
            // no blank line before From: still a split
            (b"From a\nx\nFrom b\ny\n", &[b"x\n", b"y\n"]),
            // From in a body splits; >From is kept (mboxo)
            (
                b"From a\nx\n>From here\nFrom here too\n",
                &[b"x\n>From here\n", b""],
            ),
            // "From" without space, and indented From, do not split
            (b"From a\nFromage\n From b\n", &[b"Fromage\n From b\n"]),
            // CRLF: the "\r\n" blank line is not a separator line
            (
                b"From a\r\nA: 1\r\n\r\nx\r\n\r\nFrom b\r\ny\r\n",
                &[b"A: 1\r\n\r\nx\r\n\r\n", b"y\r\n"],
            ),
            // no trailing newline
            (b"From a\nA: 1\n\nlast", &[b"A: 1\n\nlast"]),
            (b"From a\nx\nFrom b", &[b"x\n", b""]),
            // a message that is only a blank line
            (b"From a\n\nFrom b\n", &[b"", b""]),
            // arbitrary bytes
            (b"From a\n\xff\xfe\x00\x80\n", &[b"\xff\xfe\x00\x80\n"]),
        ];
        for (input, want) in cases {
            let got = split(input, MboxFormat::Mboxo);
            let want: Vec<Vec<u8>> = want.iter().map(|m| m.to_vec()).collect();
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn envelopes_split_only_where_no_body_text_can_be() {
        const ENV: &str = "From a@b Thu Jan  1 00:00:00 1970\n";
        const GIT: &str = "From 0123abcd Mon Sep 17 00:00:00 2001\n";
        let pasted = format!("Hi\n\n{GIT}From: c@d\nSubject: [PATCH] y\n");
        let cases: Vec<(String, Vec<String>)> = vec![
            // a real separator: blank line, envelope, header
            (
                format!("{ENV}A: 1\n\nx\n\n{ENV}B: 2\n\ny\n"),
                vec!["A: 1\n\nx\n".into(), "B: 2\n\ny\n".into()],
            ),
            // CRLF blank line before: kept in the message, still a split
            (
                format!("{ENV}A: 1\r\n\r\n{ENV}B: 2\r\n"),
                vec!["A: 1\r\n\r\n".into(), "B: 2\r\n".into()],
            ),
            // no blank line before
            (
                format!("{ENV}A: 1\n\nx\n{ENV}B: 2\n"),
                vec![format!("A: 1\n\nx\n{ENV}B: 2\n")],
            ),
            // not an envelope
            (
                format!("{ENV}A: 1\n\nx\n\nFrom the report: 1\nB: 2\n"),
                vec!["A: 1\n\nx\n\nFrom the report: 1\nB: 2\n".into()],
            ),
            // not followed by a header field (and the line read ahead is kept)
            (
                format!("{ENV}A: 1\n\n{ENV}{ENV}B: 2\n"),
                vec![format!("A: 1\n\n{ENV}{ENV}B: 2\n")],
            ),
            (
                format!("{ENV}A: 1\n\n{ENV}"),
                vec![format!("A: 1\n\n{ENV}")],
            ),
            // git's date in a delivery: a pasted patch, not a separator
            (
                format!("{ENV}A: 1\n\n{pasted}"),
                vec![format!("A: 1\n\n{pasted}")],
            ),
            // ... but in git format-patch output it separates
            (
                format!("{GIT}A: 1\n\nx\n\n{GIT}B: 2\n"),
                vec!["A: 1\n\nx\n".into(), "B: 2\n".into()],
            ),
            // dateless envelopes, when the input starts with one
            (
                "From A\nA: 1\n\nx\n\nFrom B\nB: 2\n".into(),
                vec!["A: 1\n\nx\n".into(), "B: 2\n".into()],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<Vec<u8>> = MboxReader::with_separators(
                input.as_bytes(),
                MboxFormat::Mboxo,
                Separators::Envelopes,
            )
            .collect::<std::io::Result<_>>()
            .unwrap();
            let want: Vec<Vec<u8>> = want.into_iter().map(String::into_bytes).collect();
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn mboxrd_unquotes_one_level() {
        let input = b"From a\n>From x\n>>From y\n>Fromage\nFrom\n> From z\n";
        let want: &[&[u8]] = &[b"From x\n>From y\n>Fromage\nFrom\n> From z\n"];
        assert_eq!(
            split(input, MboxFormat::Mboxrd),
            want.iter().map(|m| m.to_vec()).collect::<Vec<_>>()
        );
        assert_eq!(split(input, MboxFormat::Mboxo), vec![input[7..].to_vec()]);
    }

    #[test]
    fn streams_with_small_buffers() {
        let body = "line\n".repeat(100_000);
        let input = format!("From a\n{body}\nFrom b\n{body}");
        let reader = std::io::BufReader::with_capacity(7, input.as_bytes());
        let got: Vec<Vec<u8>> = MboxReader::new(reader, MboxFormat::Mboxo)
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            got,
            vec![body.as_bytes().to_vec(), body.as_bytes().to_vec()]
        );
    }
}
