//! Content-Transfer-Encoding decoding as `Message.get_payload(decode=True)`
//! does it (spec §8.1 step 1): lenient base64, `binascii.a2b_qp` and
//! uuencode. Choosing the decoding from the header is left to the parent
//! module.

use super::tree::{eol_len, find_line_break, split_lines};

/// Python's `str.isspace` for ASCII characters.
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

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `binascii.a2b_qp(data, header=False)`.
pub(super) fn decode_qp(data: &[u8]) -> Vec<u8> {
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

/// Each byte's value in the base64 alphabet, `NOT_BASE64` elsewhere.
const B64_TABLE: [u8; 256] = {
    let mut t = [NOT_BASE64; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};
const NOT_BASE64: u8 = 0xff;

fn b64_value(b: u8) -> Option<u8> {
    let v = B64_TABLE[usize::from(b)];
    (v != NOT_BASE64).then_some(v)
}

/// `binascii.a2b_base64` (non-strict): other characters are skipped,
/// enough padding after two data characters ends the input.
fn a2b_base64(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    // Whole quads of alphabet characters, the common case, four at a time;
    // the state machine below takes over at the first other byte.
    let (quads, _) = data.as_chunks::<4>();
    let mut done = 0;
    for q in quads {
        let v = q.map(|b| u32::from(B64_TABLE[usize::from(b)]));
        if (v[0] | v[1] | v[2] | v[3]) > 63 {
            break;
        }
        let n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        done += 4;
    }
    a2b_base64_bytewise(&data[done..], out)
}

/// The byte-at-a-time state machine of [`a2b_base64`], appending to `out`.
fn a2b_base64_bytewise(data: &[u8], mut out: Vec<u8>) -> Option<Vec<u8>> {
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

/// `body` with every CR and LF removed, copied a line at a time.
fn without_line_breaks(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = find_line_break(rest) {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out
}

/// `email._encoded_words.decode_b` over the payload with line breaks removed.
pub(super) fn decode_base64_lenient(body: &[u8]) -> Vec<u8> {
    let joined = without_line_breaks(body);
    let pad_err = joined.len() % 4;
    let padded: std::borrow::Cow<[u8]> = if pad_err == 0 {
        (&joined[..]).into()
    } else {
        let mut p = joined.clone();
        p.extend(std::iter::repeat_n(b'=', 4 - pad_err));
        p.into()
    };
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
pub(super) fn decode_uu(body: &[u8]) -> Option<Vec<u8>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_line_breaks_agrees_with_filter() {
        let pieces = [
            "\r", "\n", "\r\n", "QUJD", "x", "=", "\u{e9}", " ", "\u{85}",
        ];
        for s in crate::mail::py_text::awkward_strings(&pieces, 30, 20_000) {
            let mut bytes = s.into_bytes();
            bytes.push(0xff);
            let want: Vec<u8> = bytes
                .iter()
                .copied()
                .filter(|&b| b != b'\r' && b != b'\n')
                .collect();
            assert_eq!(without_line_breaks(&bytes), want);
        }
    }

    #[test]
    fn a2b_base64_matches_the_bytewise_decoder() {
        let pieces: &[&[u8]] = &[
            b"QUJD", b"ZA", b"==", b"=", b"!", b" ", b"\xff", b"Zm9v", b"YQ", b"/+9z",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut input = Vec::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut s = state;
            for _ in 0..(s % 9) {
                s /= 9;
                input.extend_from_slice(pieces[(s % pieces.len() as u64) as usize]);
            }
            assert_eq!(
                a2b_base64(&input),
                a2b_base64_bytewise(&input, Vec::new()),
                "{input:?}"
            );
        }
    }
}
