//! The mbox splitter. Properties: no panic on any bytes; messages written
//! as mboxrd (`>` added to every `>*From ` line) and split again come back
//! byte for byte, one for one.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pwingest::receive::mbox::{MboxFormat, MboxReader};

fn split(bytes: &[u8], format: MboxFormat) -> Vec<Vec<u8>> {
    MboxReader::new(bytes, format)
        .collect::<std::io::Result<Vec<_>>>()
        .expect("reading from memory cannot fail")
}

/// mboxrd writing: quote `>*From ` lines, end each message with a newline
/// and the blank separator line.
fn write_mboxrd(messages: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From fuzz@example.org Thu Jan  1 00:00:00 1970\n");
        for line in m.split_inclusive(|&b| b == b'\n') {
            let quoted = line.iter().take_while(|&&b| b == b'>').count();
            if line[quoted..].starts_with(b"From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line);
        }
        out.extend_from_slice(b"\n");
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let _ = split(data, MboxFormat::Mboxo);
    let _ = split(data, MboxFormat::Mboxrd);
    // Round trip: the input cut at 0xff bytes into messages that end in a
    // newline (the separator rule owns one trailing "\n" before "From ").
    let owned: Vec<Vec<u8>> = data
        .split(|&b| b == 0xff)
        .map(|m| {
            let mut m = m.to_vec();
            if m.last() != Some(&b'\n') {
                m.push(b'\n');
            }
            m
        })
        .collect();
    let messages: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let back = split(&write_mboxrd(&messages), MboxFormat::Mboxrd);
    assert_eq!(back, owned, "mboxrd round trip");
});
