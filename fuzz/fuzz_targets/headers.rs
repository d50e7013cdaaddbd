//! Header decoding: RFC 2047 words and charsets (`decode::clean`), dates,
//! addresses, identifiers, and the stored (re-folded) form of one field.
//! Properties: no panic; the re-folded field, read again, cleans to the
//! same value (unless Patchwork's own stored form reads back otherwise:
//! see `reads_back_otherwise`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pwingest::mail::{Mail, address, date, decode, fold, ids};
use pwingest_fuzz::reads_back_otherwise;

fuzz_target!(|value: &[u8]| {
    let clean = decode::clean(value);
    if let Some(c) = clean.as_deref() {
        let _ = date::parse_date(c);
        let _ = address::parse_from(Some(c));
        let _ = address::split_address(c);
        let _ = ids::list_id(c);
        if !c.is_empty() {
            let _ = ids::message_id(c);
        }
        let _ = ids::references(&[c.to_string()], &[c.to_string()]);
    }
    // A value that cannot end a header line early is one field.
    if value.contains(&b'\n') || value.contains(&b'\r') {
        return;
    }
    if let Some(stored) =
        fold::stored_value("Subject", value).filter(|s| !reads_back_otherwise(clean.as_deref(), s))
    {
        let again = format!("Subject: {stored}\n\n");
        let reparsed = Mail::parse(again.as_bytes());
        assert_eq!(
            reparsed.clean("Subject"),
            clean,
            "stored form reads back differently: {stored:?}"
        );
    }
});
