//! CPython's strict UTF-7, UTF-16 and UTF-32 codecs (the Unicode
//! transformation formats the codec registry offers besides UTF-8), for
//! [`super::charset`]. Lone surrogates, which Python keeps in its strings,
//! cannot live in a Rust `String` and count as decoding errors.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Value of a base64 digit.
pub(super) fn b64_value(b: u8) -> Option<u32> {
    B64.iter().position(|&c| c == b).map(|p| p as u32)
}

/// The UTF-16/UTF-32 decoders (BOM-sniffing for the plain names,
/// little-endian otherwise).
pub(super) fn wide_decode(bytes: &[u8], width: usize, mut big: bool, bom: bool) -> Option<String> {
    let mut body = bytes;
    if bom {
        let (le, be): (&[u8], &[u8]) = if width == 2 {
            (b"\xff\xfe", b"\xfe\xff")
        } else {
            (b"\xff\xfe\0\0", b"\0\0\xfe\xff")
        };
        if let Some(rest) = body.strip_prefix(le) {
            body = rest;
        } else if let Some(rest) = body.strip_prefix(be) {
            body = rest;
            big = true;
        }
    }
    if !body.len().is_multiple_of(width) {
        return None;
    }
    let units = body.chunks(width).map(|c| {
        let mut v = 0u32;
        for i in 0..width {
            let b = if big { c[i] } else { c[width - 1 - i] };
            v = (v << 8) | u32::from(b);
        }
        v
    });
    if width == 2 {
        let units: Vec<u16> = units.map(|u| u as u16).collect();
        String::from_utf16(&units).ok()
    } else {
        units.map(char::from_u32).collect()
    }
}

pub(super) fn wide_encode(text: &str, width: usize, big: bool, bom: bool) -> Vec<u8> {
    let mut units: Vec<u32> = if bom { vec![0xFEFF] } else { Vec::new() };
    if width == 2 {
        units.extend(text.encode_utf16().map(u32::from));
    } else {
        units.extend(text.chars().map(u32::from));
    }
    let mut out = Vec::new();
    for u in units {
        let bytes = u.to_be_bytes();
        let unit = &bytes[4 - width..];
        if big {
            out.extend_from_slice(unit);
        } else {
            out.extend(unit.iter().rev());
        }
    }
    out
}

/// CPython's UTF-7 decoder (strict). A surrogate pair only combines inside
/// one shift sequence: Python turns `+2D0-+3gA-` into two lone surrogates,
/// which fail here like every lone surrogate.
pub(super) fn utf7_decode(bytes: &[u8]) -> Option<String> {
    let mut out = String::new();
    let (mut in_shift, mut bits, mut buf, mut surrogate) = (false, 0u32, 0u32, 0u32);
    let mut i = 0;
    while i < bytes.len() {
        let ch = bytes[i];
        if in_shift {
            if let Some(v) = b64_value(ch) {
                buf = (buf << 6) | v;
                bits += 6;
                i += 1;
                if bits >= 16 {
                    let unit = buf >> (bits - 16);
                    bits -= 16;
                    buf &= (1 << bits) - 1;
                    if surrogate != 0 {
                        if !(0xdc00..0xe000).contains(&unit) {
                            return None;
                        }
                        out.push(char::from_u32(
                            0x10000 + ((surrogate - 0xd800) << 10) + (unit - 0xdc00),
                        )?);
                        surrogate = 0;
                    } else if (0xd800..0xdc00).contains(&unit) {
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
            match bytes.get(i) {
                Some(b'-') => {
                    i += 1;
                    out.push('+');
                }
                Some(&n) if b64_value(n).is_none() => return None,
                _ => (in_shift, bits, buf, surrogate) = (true, 0, 0, 0),
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

/// CPython's UTF-7 encoder (set O and whitespace written directly).
pub(super) fn utf7_encode(text: &str) -> Vec<u8> {
    let direct = |c: char| {
        c.is_ascii()
            && (c.is_ascii_alphanumeric() || "'(),-./:? \t\r\n!\"#$%&*;<=>@[]^_`{|}".contains(c))
    };
    let mut out = Vec::new();
    let (mut in_shift, mut bits, mut buffer) = (false, 0u32, 0u32);
    for c in text.chars() {
        if in_shift && direct(c) {
            if bits > 0 {
                out.push(B64[((buffer << (6 - bits)) & 0x3F) as usize]);
                bits = 0;
                buffer = 0;
            }
            in_shift = false;
            if b64_value(c as u8).is_some() || c == '-' {
                out.push(b'-');
            }
            out.push(c as u8);
            continue;
        }
        if !in_shift {
            if c == '+' {
                out.extend_from_slice(b"+-");
                continue;
            }
            if direct(c) {
                out.push(c as u8);
                continue;
            }
            out.push(b'+');
            in_shift = true;
        }
        let mut units = [0u16; 2];
        for &unit in c.encode_utf16(&mut units).iter() {
            buffer = (buffer << 16) | u32::from(unit);
            bits += 16;
            while bits >= 6 {
                out.push(B64[((buffer >> (bits - 6)) & 0x3F) as usize]);
                bits -= 6;
            }
            buffer &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        out.push(B64[((buffer << (6 - bits)) & 0x3F) as usize]);
    }
    if in_shift {
        out.push(b'-');
    }
    out
}
