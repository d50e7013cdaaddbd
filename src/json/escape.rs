//! JSON strings written as serde_json writes them (the same bytes: `\"`,
//! `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as
//! `\u00xx`, everything else as is), eight bytes at a time: a served
//! patch is mostly its diff and mail, and escaping them byte by byte was
//! the largest single cost of a patch detail.

/// Every byte set to `b`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

const LOW_BITS: u64 = splat(0x01);
const HIGH_BITS: u64 = splat(0x80);

/// The high bit of each byte of `w` that is zero (exact for the lowest
/// such byte, which is all the caller reads).
const fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(LOW_BITS) & !w & HIGH_BITS
}

/// The high bit of each byte of `w` (little-endian) that needs escaping:
/// below 0x20, `"` or `\`; exact for the lowest one.
const fn escaped_bytes(w: u64) -> u64 {
    let control = w.wrapping_sub(splat(0x20)) & !w & HIGH_BITS;
    control | zero_bytes(w ^ splat(b'"')) | zero_bytes(w ^ splat(b'\\'))
}

/// Whether JSON writes `b` as an escape.
pub fn is_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte at or after `i` that needs escaping.
fn next_escaped(bytes: &[u8], mut i: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = escaped_bytes(word);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| is_escaped(b))
        .map(|n| i + n)
}

/// Appends `s` to `out` as a JSON string, quotes included.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_body(out, s);
    out.push(b'"');
}

/// Appends `s` to `out` as the inside of a JSON string (no quotes).
pub fn write_body(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut start = 0;
    while let Some(i) = next_escaped(bytes, start) {
        out.extend_from_slice(&bytes[start..i]);
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_bytes_as_serde_json() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "plain ascii text, long enough for words".into(),
            "diff --git a/x b/x\n+\tline \"quoted\" \\ back\r\n".into(),
            "é ü 日本語 \u{7f} \u{FDD0} 😀".into(),
        ];
        // Every ASCII byte at every position of a 17-byte string.
        for b in 0u8..0x80 {
            for at in 0..17 {
                let mut s: Vec<u8> = b"abcdefghijklmnopq".to_vec();
                s[at] = b;
                cases.push(String::from_utf8(s).unwrap());
            }
        }
        cases.push((0u8..0x80).map(char::from).collect());
        for s in &cases {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn bytes_above_a_match_do_not_hide_it() {
        // A borrow out of a matching byte may mark the bytes above it;
        // only the lowest mark is read.
        assert_eq!(next_escaped(b"a\x00\x01bcdefgh", 0), Some(1));
        assert_eq!(next_escaped(b"\x1f!\"#$%&'xyz", 0), Some(0));
        assert_eq!(next_escaped(b"abcdefgh\"", 0), Some(8));
        assert_eq!(next_escaped(b"abcdefghij", 0), None);
        assert_eq!(next_escaped("ééééé\\".as_bytes(), 0), Some(10));
    }
}
