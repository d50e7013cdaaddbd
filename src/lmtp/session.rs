//! One LMTP session (RFC 2033 on RFC 5321) over any byte stream.
//!
//! The session owns the connection's buffering: it frames command lines
//! itself (so the line-length limit is ours), hands each line to smtp-proto's
//! parser, receives DATA through smtp-proto's `DataReceiver` (dot-unstuffing,
//! `CRLF.CRLF`), and enforces the limits and timeouts. Replies are buffered
//! and flushed only before the session would wait for input, which is what
//! PIPELINING (RFC 2920) asks of a server. A complete message is analysed
//! off the async threads and handed to the writer (`writer.rs`); the session
//! answers each recipient only once the writer has committed.
//!
//! Any failure here ends this connection only; the server keeps running.

use std::sync::Arc;
use std::time::Duration;

use smtp_proto::Request;
use smtp_proto::request::receiver::DataReceiver;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;

use super::reply;
use super::writer::Delivery;
use crate::fixes::Fixes;

/// The configurable limits of a session.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest message accepted, in bytes (also advertised as SIZE).
    pub max_message_size: usize,
    pub max_recipients: usize,
    /// Longest command or message line, CRLF excluded.
    pub max_line_length: usize,
    /// Longest wait for the client to send something.
    pub idle_timeout: Duration,
    /// Longest whole session.
    pub session_timeout: Duration,
    /// Unparseable or overlong command lines before the session is closed
    /// (like postfix's `smtpd_hard_error_limit`): a client sending binary
    /// garbage is cut off instead of answered line by line forever.
    pub max_errors: usize,
}

/// What every session shares.
pub struct Shared {
    pub limits: Limits,
    pub hostname: String,
    pub deliveries: mpsc::Sender<Delivery>,
    /// The fixes to analyse with, as the writer last read the setting.
    pub fixes: Arc<std::sync::atomic::AtomicU16>,
}

/// Whether the session goes on.
#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Close,
}

/// What waiting for input gave.
enum Input {
    Bytes,
    Eof,
    Closed(&'static str),
}

/// The envelope of the transaction in progress.
#[derive(Default)]
struct Transaction {
    recipients: Vec<String>,
}

pub struct Session<S> {
    stream: S,
    shared: Arc<Shared>,
    shutdown: watch::Receiver<bool>,
    deadline: Instant,
    /// Received bytes not consumed yet.
    input: Vec<u8>,
    /// Replies not flushed yet.
    output: Vec<u8>,
    greeted: bool,
    transaction: Option<Transaction>,
    /// The current command line overflowed the limit: drop it up to its end.
    skipping_line: bool,
    /// Command lines so far that did not parse or were too long.
    errors: usize,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub fn new(stream: S, shared: Arc<Shared>, shutdown: watch::Receiver<bool>) -> Session<S> {
        let deadline = Instant::now() + shared.limits.session_timeout;
        Session {
            stream,
            shared,
            shutdown,
            deadline,
            input: Vec::with_capacity(8192),
            output: Vec::with_capacity(1024),
            greeted: false,
            transaction: None,
            skipping_line: false,
            errors: 0,
        }
    }

    /// Runs the session to its end (QUIT, EOF, timeout or shutdown).
    pub async fn run(mut self) -> std::io::Result<()> {
        let greeting = reply::greeting(&self.shared.hostname);
        self.reply(&greeting);
        loop {
            // Shutting down: a session waiting for a command is told to come
            // back later (nothing of its transaction was accepted yet); one
            // receiving DATA or waiting for its commit is let finish first.
            if *self.shutdown.borrow() {
                self.reply(reply::SHUTTING_DOWN);
                return self.flush().await;
            }
            if self.errors > self.shared.limits.max_errors {
                self.reply(reply::TOO_MANY_ERRORS);
                return self.flush().await;
            }
            match self.next_line() {
                Some(line) => {
                    if self.command(&line).await? == Flow::Close {
                        return self.flush().await;
                    }
                }
                None => match self.fill(false).await? {
                    Input::Bytes => {}
                    Input::Eof => return Ok(()),
                    Input::Closed(why) => {
                        self.reply(why);
                        return self.flush().await;
                    }
                },
            }
        }
    }

    fn reply(&mut self, line: &str) {
        self.output.extend_from_slice(line.as_bytes());
        self.output.extend_from_slice(b"\r\n");
    }

    async fn flush(&mut self) -> std::io::Result<()> {
        if self.output.is_empty() {
            return Ok(());
        }
        let write = async {
            self.stream.write_all(&self.output).await?;
            self.stream.flush().await
        };
        // A client that does not read its replies is as idle as one that
        // does not write.
        match tokio::time::timeout(self.shared.limits.idle_timeout, write).await {
            Ok(r) => r?,
            Err(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "client not reading",
                ));
            }
        }
        self.output.clear();
        Ok(())
    }

    /// Flushes pending replies, then waits for more input within the idle
    /// and session limits (and, unless `in_data`, the shutdown signal).
    async fn fill(&mut self, in_data: bool) -> std::io::Result<Input> {
        self.flush().await?;
        let now = Instant::now();
        let idle = now + self.shared.limits.idle_timeout;
        let (until, why) = if idle < self.deadline {
            (idle, reply::IDLE_TIMEOUT)
        } else {
            (self.deadline, reply::SESSION_TIMEOUT)
        };
        let watch_shutdown = !in_data;
        let mut buf = [0u8; 16 * 1024];
        tokio::select! {
            read = self.stream.read(&mut buf) => {
                let n = read?;
                if n == 0 {
                    return Ok(Input::Eof);
                }
                self.input.extend_from_slice(&buf[..n]);
                Ok(Input::Bytes)
            }
            _ = tokio::time::sleep_until(until) => Ok(Input::Closed(why)),
            Ok(_) = self.shutdown.wait_for(|down| *down), if watch_shutdown => Ok(Input::Closed(reply::SHUTTING_DOWN)),
        }
    }

    /// The next complete command line, if one is buffered. A line over the
    /// limit is dropped and answered with `500 5.5.2` when it ends.
    fn next_line(&mut self) -> Option<Vec<u8>> {
        loop {
            let Some(end) = self.input.iter().position(|&b| b == b'\n') else {
                if self.input.len() > self.shared.limits.max_line_length + 2 {
                    self.skipping_line = true;
                    self.input.clear();
                }
                return None;
            };
            let line: Vec<u8> = self.input.drain(..=end).collect();
            if std::mem::take(&mut self.skipping_line)
                || line.len() > self.shared.limits.max_line_length + 2
            {
                self.errors += 1;
                self.reply(reply::LINE_TOO_LONG);
                continue;
            }
            return Some(line);
        }
    }

    async fn command(&mut self, line: &[u8]) -> std::io::Result<Flow> {
        let request = match Request::parse(&mut line.iter()) {
            Ok(r) => r.into_owned(),
            Err(e) => {
                self.errors += 1;
                let text = reply::parse_error(&e);
                self.reply(&text);
                return Ok(Flow::Continue);
            }
        };
        match request {
            Request::Lhlo { .. } => {
                self.greeted = true;
                self.transaction = None;
                let text = reply::lhlo(&self.shared.hostname, self.shared.limits.max_message_size);
                self.reply(&text);
            }
            Request::Helo { .. } | Request::Ehlo { .. } => self.reply(reply::NOT_LMTP),
            Request::Mail { from } => self.mail(from.size),
            Request::Rcpt { to } => self.rcpt(to.address),
            Request::Data => return self.data().await,
            Request::Rset => {
                self.transaction = None;
                self.reply(reply::OK);
            }
            Request::Noop { .. } => self.reply(reply::OK),
            Request::Vrfy { .. } => self.reply(reply::VRFY),
            Request::Help { .. } => self.reply(reply::HELP),
            Request::Quit => {
                self.reply(reply::BYE);
                return Ok(Flow::Close);
            }
            Request::Bdat { .. }
            | Request::Auth { .. }
            | Request::Expn { .. }
            | Request::Etrn { .. }
            | Request::Atrn { .. }
            | Request::Burl { .. }
            | Request::StartTls => self.reply(reply::NOT_IMPLEMENTED),
        }
        Ok(Flow::Continue)
    }

    fn mail(&mut self, size: usize) {
        let max = self.shared.limits.max_message_size;
        if !self.greeted {
            self.reply(reply::LHLO_FIRST);
        } else if self.transaction.is_some() {
            self.reply(reply::NESTED_MAIL);
        } else if size > max {
            self.reply(&reply::too_big(max));
        } else {
            self.transaction = Some(Transaction::default());
            self.reply(reply::SENDER_OK);
        }
    }

    fn rcpt(&mut self, address: String) {
        let max = self.shared.limits.max_recipients;
        let Some(tx) = self.transaction.as_mut() else {
            self.reply(reply::MAIL_FIRST);
            return;
        };
        if address.is_empty() {
            self.reply(reply::BAD_RECIPIENT);
        } else if tx.recipients.len() >= max {
            self.reply(reply::TOO_MANY_RECIPIENTS);
        } else {
            tx.recipients.push(address);
            self.reply(reply::RECIPIENT_OK);
        }
    }

    /// DATA: the message, then one reply per accepted recipient (RFC 2033 §4.2).
    async fn data(&mut self) -> std::io::Result<Flow> {
        match &self.transaction {
            None => {
                self.reply(reply::MAIL_FIRST);
                return Ok(Flow::Continue);
            }
            Some(tx) if tx.recipients.is_empty() => {
                self.reply(reply::NO_RECIPIENTS);
                return Ok(Flow::Continue);
            }
            Some(_) => {}
        }
        self.reply(reply::START_DATA);
        let body = match self.receive_body().await? {
            Ok(body) => body,
            Err(Some(refusal)) => return self.answer_all(&refusal),
            Err(None) => return Ok(Flow::Close),
        };
        let recipients = self
            .transaction
            .take()
            .map(|t| t.recipients)
            .unwrap_or_default();
        let count = recipients.len();
        let lines = match self.deliver(body, recipients).await {
            Some(lines) if lines.len() == count => lines,
            _ => vec![reply::TEMPFAIL.to_string(); count],
        };
        for line in &lines {
            self.reply(line);
        }
        Ok(Flow::Continue)
    }

    /// One reply per recipient, for a message refused while receiving it.
    fn answer_all(&mut self, text: &str) -> std::io::Result<Flow> {
        let count = self.transaction.take().map_or(0, |t| t.recipients.len());
        for _ in 0..count {
            self.reply(text);
        }
        Ok(Flow::Continue)
    }

    /// Receives the message up to `CRLF.CRLF`. `Ok(Err(Some(reply)))`: the
    /// message was read but is refused (size, line length);
    /// `Ok(Err(None))`: the connection ended or timed out, nothing is stored.
    async fn receive_body(&mut self) -> std::io::Result<Result<Vec<u8>, Option<String>>> {
        let limits = self.shared.limits.clone();
        let mut receiver = DataReceiver::new();
        // The data starts at the beginning of a line: prime the receiver
        // with the CRLF that ended the DATA command, so that a first line
        // of "." ends an empty message and ".." is unstuffed.
        receiver.ingest(&mut b"\r\n".iter(), &mut Vec::new());
        let mut body = Vec::new();
        let (mut too_big, mut longest, mut line_len) = (false, 0usize, 0usize);
        loop {
            let mut bytes = self.input.iter();
            let done = receiver.ingest(&mut bytes, &mut body);
            let consumed = self.input.len() - bytes.len();
            longest = longest.max(track_line_length(&mut line_len, &self.input[..consumed]));
            self.input.drain(..consumed);
            if body.len() > limits.max_message_size {
                // Keep reading to the end so the session stays in sync,
                // but keep no more of it.
                too_big = true;
                body.clear();
            }
            if done {
                break;
            }
            match self.fill(true).await? {
                Input::Bytes => {}
                Input::Eof => return Ok(Err(None)),
                Input::Closed(why) => {
                    self.transaction = None;
                    self.reply(why);
                    self.flush().await?;
                    return Ok(Err(None));
                }
            }
        }
        if too_big {
            return Ok(Err(Some(reply::too_big(limits.max_message_size))));
        }
        // `longest` counts the CR of CRLF; the limit does not.
        if longest > limits.max_line_length + 1 {
            return Ok(Err(Some(reply::data_line_too_long(limits.max_line_length))));
        }
        Ok(Ok(body))
    }

    /// Analyses the message off the async threads, queues it for the writer
    /// and waits for the commit. `None` if the writer is gone.
    async fn deliver(&mut self, body: Vec<u8>, recipients: Vec<String>) -> Option<Vec<String>> {
        let fixes = self.shared.fixes.load(std::sync::atomic::Ordering::Relaxed);
        let (raw, analysis) = tokio::task::spawn_blocking(move || {
            let raw = crlf_to_lf(body);
            let analysis = crate::classify::analyse_with(&raw, Fixes::from_bits(fixes));
            (raw, analysis)
        })
        .await
        .ok()?;
        let (reply_tx, reply_rx) = oneshot::channel();
        let delivery = Delivery {
            raw,
            analysis,
            recipients,
            reply: reply_tx,
        };
        self.shared.deliveries.send(delivery).await.ok()?;
        reply_rx.await.ok()
    }
}

/// The longest line seen so far; `current` carries a line across chunks.
fn track_line_length(current: &mut usize, chunk: &[u8]) -> usize {
    let mut longest = 0;
    for (i, piece) in chunk.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            *current = 0;
        }
        *current += piece.len();
        longest = longest.max(*current);
    }
    longest
}

/// The wire form (CRLF) to the form postfix's pipe transport and procmail
/// deliver (LF), so the same mail gives the same stored bytes, records and
/// hashes whichever way it came. A CR not followed by LF is content and
/// stays.
pub fn crlf_to_lf(mut body: Vec<u8>) -> Vec<u8> {
    let mut write = 0;
    for read in 0..body.len() {
        let b = body[read];
        if b == b'\r' && body.get(read + 1) == Some(&b'\n') {
            continue;
        }
        body[write] = b;
        write += 1;
    }
    body.truncate(write);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf_and_lone_cr_stays() {
        assert_eq!(
            crlf_to_lf(b"a\r\nb\rc\r\r\n\r\n".to_vec()),
            b"a\nb\rc\r\n\n"
        );
        assert_eq!(crlf_to_lf(b"\r".to_vec()), b"\r");
    }

    #[test]
    fn line_length_spans_chunks() {
        let mut cur = 0;
        assert_eq!(track_line_length(&mut cur, b"abc"), 3);
        assert_eq!(track_line_length(&mut cur, b"de\nf"), 5);
        assert_eq!(cur, 1);
    }

    #[test]
    fn data_receiver_primed_ends_empty_message_and_unstuffs_first_line() {
        for (wire, body) in [
            (&b".\r\n"[..], &b""[..]),
            (b"..x\r\n.\r\n", b".x\r\n"),
            (b"a\r\n..\r\n.\r\n", b"a\r\n.\r\n"),
        ] {
            let mut r = DataReceiver::new();
            r.ingest(&mut b"\r\n".iter(), &mut Vec::new());
            let mut out = Vec::new();
            assert!(r.ingest(&mut wire.iter(), &mut out), "{wire:?}");
            assert_eq!(out, body, "{wire:?}");
        }
    }
}
