//! The stored header block (spec §4.5): every header re-encoded and re-folded
//! the way CPython's `Header.encode(maxlinelen=78)` does.

use super::header::RawHeader;

/// The stored value of one header, or `None` when Patchwork omits it.
pub fn stored_value(name: &str, raw: &[u8]) -> Option<String> {
    let _ = (name, raw);
    None
}

/// `Name: value` lines of every kept header, joined with `\n`.
pub fn stored_block(headers: &[RawHeader]) -> String {
    let _ = headers;
    String::new()
}
