//! The LMTP replies the server sends: fixed texts, the LHLO capability
//! list, per-recipient replies after DATA, and the mapping from a command
//! parse error (smtp-proto's) to a 5xx reply. Status codes follow RFC 5321
//! and enhanced codes RFC 3463; failures of our own store are mapped by
//! `error.rs` (`Error::lmtp_reply`), not here.

use crate::ingest::Outcome;

pub const OK: &str = "250 2.0.0 OK";
pub const SENDER_OK: &str = "250 2.1.0 Sender OK";
pub const RECIPIENT_OK: &str = "250 2.1.5 Recipient OK";
pub const START_DATA: &str = "354 Start mail input; end with <CRLF>.<CRLF>";
pub const BYE: &str = "221 2.0.0 Bye";
pub const VRFY: &str = "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery";
pub const HELP: &str = "214 2.0.0 LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY (RFC 2033)";
pub const TEMPFAIL: &str = "451 4.3.0 Temporary failure, please retry";
pub const NOT_LMTP: &str = "500 5.5.1 This is an LMTP server (RFC 2033): use LHLO";
pub const UNKNOWN: &str = "500 5.5.1 Command not recognized";
pub const LINE_TOO_LONG: &str = "500 5.5.2 Line too long";
pub const NOT_IMPLEMENTED: &str = "502 5.5.1 Command not implemented";
pub const LHLO_FIRST: &str = "503 5.5.1 Send LHLO first";
pub const NESTED_MAIL: &str = "503 5.5.1 Sender already given";
pub const MAIL_FIRST: &str = "503 5.5.1 Send MAIL FROM first";
pub const NO_RECIPIENTS: &str = "503 5.5.1 No valid recipients";
pub const BAD_RECIPIENT: &str = "501 5.1.3 Bad recipient address syntax";
pub const BAD_SENDER: &str = "501 5.1.7 Bad sender address syntax";
pub const TOO_MANY_RECIPIENTS: &str = "452 4.5.3 Too many recipients";
pub const TOO_MANY_SESSIONS: &str = "421 4.3.2 Too many sessions, try again later";
pub const SHUTTING_DOWN: &str = "421 4.3.2 Server shutting down, try again later";
pub const IDLE_TIMEOUT: &str = "421 4.4.2 Idle timeout, closing connection";
pub const TOO_MANY_ERRORS: &str = "421 4.7.0 Too many errors, closing connection";
pub const SESSION_TIMEOUT: &str = "421 4.4.2 Session time limit reached, closing connection";

/// `220` greeting.
pub fn greeting(host: &str) -> String {
    format!("220 {host} LMTP pwingest ready")
}

/// The LHLO reply: the host, then the extensions RFC 2033 requires
/// (PIPELINING, ENHANCEDSTATUSCODES) or recommends (8BITMIME), and SIZE.
pub fn lhlo(host: &str, max_size: usize) -> String {
    format!(
        "250-{host}\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SIZE {max_size}"
    )
}

pub fn too_big(max_size: usize) -> String {
    format!("552 5.3.4 Message too big (limit {max_size} bytes)")
}

pub fn data_line_too_long(max_line: usize) -> String {
    format!("552 5.3.4 Message has a line longer than {max_line} bytes")
}

/// The reply for one recipient of a stored message. Every outcome is a
/// success: duplicates and mail routed nowhere are Patchwork's "exit 0",
/// and mail Patchwork refuses is kept with its error (`pwingest failed
/// list`) so that list mail never bounces back to the list.
pub fn delivered(outcome: &Outcome) -> String {
    let text = match outcome {
        Outcome::Patch { id, .. } => format!("Stored as patch {id}"),
        Outcome::Cover { id, .. } => format!("Stored as cover letter {id}"),
        Outcome::Comment { id, .. } => format!("Stored as comment {id}"),
        Outcome::Dropped { reason, .. } => format!("Accepted, not a record: {reason}"),
        Outcome::Invalid { reason, .. } => format!("Kept with error: {reason}"),
        Outcome::NotStored { .. } => return TEMPFAIL.to_string(),
    };
    format!("250 2.0.0 {}", one_line(&text))
}

/// The reply to a command smtp-proto could not parse.
pub fn parse_error(e: &smtp_proto::Error) -> String {
    use smtp_proto::Error as E;
    match e {
        E::UnknownCommand | E::NeedsMoreData { .. } | E::InvalidResponse { .. } => UNKNOWN.into(),
        E::ResponseTooLong => LINE_TOO_LONG.into(),
        E::InvalidSenderAddress => BAD_SENDER.into(),
        E::InvalidRecipientAddress => BAD_RECIPIENT.into(),
        E::SyntaxError { syntax } => format!("501 5.5.4 Syntax: {syntax}"),
        E::InvalidParameter { param } => format!("501 5.5.4 Invalid parameter {}", one_line(param)),
        E::UnsupportedParameter { param } => {
            format!("555 5.5.4 Unsupported parameter {}", one_line(param))
        }
    }
}

/// Reply text must be one line of printable ASCII, and not endless.
fn one_line(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect();
    if out.len() > 400 {
        out.truncate(400);
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_single_printable_lines() {
        let o = Outcome::Invalid {
            msgid: None,
            reason: "bad\r\nFrom: é".into(),
        };
        assert_eq!(delivered(&o), "250 2.0.0 Kept with error: bad??From: ?");
        let e = smtp_proto::Error::UnsupportedParameter {
            param: "X\n".into(),
        };
        assert_eq!(parse_error(&e), "555 5.5.4 Unsupported parameter X?");
        assert!(lhlo("h", 10).ends_with("250 SIZE 10"));
    }
}
