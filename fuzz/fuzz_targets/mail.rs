//! One mail, whole: bytes → analysis → the records it makes in an
//! in-memory store. Properties: no panic; the analysis is deterministic;
//! the stored header block, parsed again, gives the same header values
//! (where Patchwork's own does: `reads_back_otherwise`);
//! the mail in CRLF (as LMTP carries it) gives the same records as in LF.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pwingest::classify::analyse;
use pwingest::ingest::{Options, ingest};
use pwingest::lmtp::crlf_to_lf;
use pwingest::mail::{Mail, fold};
use pwingest::store::sqlite::SqliteStore;
use pwingest_fuzz::{reads_back_otherwise, splits_outside_folding};

/// Headers whose cleaned values the stored block must keep.
const KEPT: &[&str] = &[
    "Subject",
    "From",
    "Message-Id",
    "In-Reply-To",
    "References",
    "Date",
    "List-Id",
];

fn records(raw: &[u8]) -> String {
    let analysis = analyse(raw);
    let mut store = SqliteStore::in_memory().expect("in-memory store");
    let mut projects = Vec::new();
    let opts = Options {
        forced_list_id: None,
        fallback_list_id: Some("fuzz.example.org".into()),
        auto_projects: true,
        fixes: pwingest::fixes::Fixes::NONE,
        message_id: None,
    };
    let now = chrono::DateTime::from_timestamp(1_700_000_000, 0)
        .expect("a date")
        .naive_utc();
    let outcome = ingest(&mut store, &mut projects, raw, &analysis, &opts, now);
    format!("{outcome:?}")
}

fuzz_target!(|raw: &[u8]| {
    let a = analyse(raw);
    assert_eq!(
        format!("{a:?}"),
        format!("{:?}", analyse(raw)),
        "analysis not deterministic"
    );

    // The stored header block parsed again.
    let reparsed_raw = format!("{}\n\n", a.headers);
    let mail = Mail::parse(raw);
    let reparsed = Mail::parse(reparsed_raw.as_bytes());
    // Patchwork's folding breaks a value where Python's splitlines does;
    // every header after such a line is lost to a reader (spec §4.5).
    let whole = mail
        .headers
        .iter()
        .filter_map(|h| fold::stored_value(&h.name, &h.value))
        .all(|v| !splits_outside_folding(&v));
    for name in KEPT.iter().filter(|_| whole) {
        // An omitted header (undecodable, or an injected one) is not kept;
        // nor one whose stored form Patchwork itself reads otherwise.
        let clean = mail.clean(name);
        let kept = mail.first(name).is_some_and(|h| {
            fold::stored_value(name, &h.value)
                .is_some_and(|s| !reads_back_otherwise(clean.as_deref(), &s))
        });
        if let Some(v) = clean.filter(|_| kept) {
            assert_eq!(
                Some(v),
                reparsed.clean(name),
                "{name} lost in the stored block"
            );
        }
    }

    // LF mail sent in CRLF over LMTP (the server turns it back) and piped in LF.
    if !raw.contains(&b'\r') {
        let mut wire = Vec::with_capacity(raw.len() * 2);
        for &b in raw {
            if b == b'\n' {
                wire.push(b'\r');
            }
            wire.push(b);
        }
        assert_eq!(
            records(raw),
            records(&crlf_to_lf(wire)),
            "CRLF and LF records differ"
        );
    }
});
