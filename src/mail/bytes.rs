//! Byte-slice helpers shared by the header splitter and the MIME parser:
//! a word-at-a-time search for line breaks and a lossy UTF-8 conversion
//! with a fast path for valid input.

/// Index of the first CR or LF in `bytes`, eight bytes at a time.
pub(crate) fn find_line_break(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let lf = word ^ (ONES * u64::from(b'\n'));
        let cr = word ^ (ONES * u64::from(b'\r'));
        // High bit set in a byte that is zero in `lf` or `cr`; spurious bits
        // only ever appear above a true one, so the lowest bit is exact.
        let zero = (lf.wrapping_sub(ONES) & !lf | cr.wrapping_sub(ONES) & !cr) & HIGHS;
        if zero != 0 {
            return Some(base + zero.trailing_zeros() as usize / 8);
        }
        base += 8;
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|at| base + at)
}

/// `String::from_utf8_lossy(bytes).into_owned()`, validating valid input
/// (nearly all of it) with the standard library's faster checker.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{find_line_break, utf8_lossy};

    /// The byte-wise search `find_line_break` replaced.
    fn find_line_break_bytewise(bytes: &[u8]) -> Option<usize> {
        bytes.iter().position(|&b| b == b'\n' || b == b'\r')
    }

    #[test]
    fn find_line_break_agrees_with_bytewise() {
        let alphabet: &[u8] = b"\r\nab \x8d\x8a\x0a\x0d\x0c\x0b\x00\xff\x09\x0e";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..200 {
            for _ in 0..200 {
                let mut bytes = Vec::with_capacity(len);
                for _ in 0..len {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly plain bytes so breaks land anywhere in a word.
                    let pick = (seed % 64) as usize;
                    bytes.push(if pick < alphabet.len() {
                        alphabet[pick]
                    } else {
                        b'x'
                    });
                }
                for from in [0, 1, 7] {
                    let slice = bytes.get(from..).unwrap_or(&[]);
                    assert_eq!(
                        find_line_break(slice),
                        find_line_break_bytewise(slice),
                        "{slice:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn utf8_lossy_agrees_with_std() {
        for bytes in [
            &b""[..],
            b"abc",
            b"a\xffb",
            b"\xe2\x82",
            "\u{e9}t\u{e9}".as_bytes(),
        ] {
            assert_eq!(utf8_lossy(bytes), String::from_utf8_lossy(bytes));
        }
    }
}
