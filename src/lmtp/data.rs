//! The client side of DATA (RFC 5321 §4.5.2, used by RFC 2033): a message
//! as a sender puts it on the wire. The server never sends mail, but the
//! test clients, the LMTP load benchmark and the fuzz round trip do, and
//! they share this one encoder.

/// `message` (LF or CRLF line endings) as the DATA payload: every line
/// ends in CRLF, a line starting with `.` gets one more, and the payload
/// ends with the `.` line. A last line without a newline is completed.
pub fn dot_stuff(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + message.len() / 40 + 8);
    for line in message.split_inclusive(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::dot_stuff;

    #[test]
    fn lines_become_crlf_and_leading_dots_double() {
        assert_eq!(dot_stuff(b"a\n.b\n..c\n"), b"a\r\n..b\r\n...c\r\n.\r\n");
        assert_eq!(dot_stuff(b"a\r\n.\r\n"), b"a\r\n..\r\n.\r\n");
        assert_eq!(dot_stuff(b"no newline"), b"no newline\r\n.\r\n");
        assert_eq!(dot_stuff(b""), b".\r\n");
    }
}
