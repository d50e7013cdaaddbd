//! Header value decoding: raw bytes → charset chunks (spec §4.1–4.2) and the
//! cleaned text used for every semantic purpose (§4.3–4.4).

/// One decoded piece of a header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Text with its (lower-case, alias-mapped) charset; `us-ascii` for plain text.
    Text { text: String, charset: String },
    /// Raw bytes labelled `unknown-8bit`.
    Unknown8bit(Vec<u8>),
}

/// Decodes a raw header value into chunks; `None` when undecodable.
pub fn decode(raw: &[u8]) -> Option<Vec<Chunk>> {
    let _ = raw;
    None
}

/// `clean(X)` of the spec (§4.4); `None` = absent.
pub fn clean(raw: &[u8]) -> Option<String> {
    let _ = raw;
    None
}
