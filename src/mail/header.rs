//! Splits a message's bytes into its raw header fields and the body offset
//! (spec §3). Values stay bytes, folds (`"\n "`, `"\r\n\t"`) kept verbatim;
//! decoding is `decode.rs`'s job.

/// One header field as it stood in the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeader {
    /// Field name in its original spelling.
    pub name: String,
    /// Raw value: after the colon, leading blanks of the first line removed,
    /// continuation lines kept with their line breaks, final line break removed.
    pub value: Vec<u8>,
}

/// The header section of a message and where its body starts.
#[derive(Debug, Clone, Default)]
pub struct HeaderSection {
    pub headers: Vec<RawHeader>,
    /// Byte offset of the first body byte in the input.
    pub body_start: usize,
}

/// Splits `raw` as CPython's compat32 bytes parser does.
pub fn split(raw: &[u8]) -> HeaderSection {
    let _ = raw;
    HeaderSection::default()
}
