//! Measures order independence on a real archive (issue 3):
//!
//! ```sh
//! cargo run --release --example thread_order -- ARCHIVE.mbox [PERMUTATIONS]
//! ```
//!
//! Ingests the archive in file order into an in-memory database, counting
//! the replies whose parent had not arrived yet (Patchwork drops those for
//! good) and how many of them pwingest attached by the end; then ingests
//! PERMUTATIONS (default 20) seeded shuffles and compares their grouping
//! (`export::grouping`) with the in-order one.

use std::io::BufReader;
use std::time::Instant;

use pwingest::export::grouping;
use pwingest::ingest::Options;
use pwingest::order_check::{ingest_in_memory, shuffle};
use pwingest::pipeline::Summary;
use pwingest::receive::mbox::{MboxFormat, MboxReader};
use serde_json::Value;

fn ingest(messages: &[&Vec<u8>]) -> (Summary, Value, std::time::Duration) {
    let started = Instant::now();
    let options = Options {
        auto_projects: true,
        ..Options::default()
    };
    let (summary, doc) = ingest_in_memory(messages, &[], &options).expect("ingest");
    (summary, doc, started.elapsed())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: thread_order ARCHIVE.mbox [PERMUTATIONS]");
    let permutations: u64 = args.next().map_or(20, |n| n.parse().expect("a number"));
    let file = BufReader::new(std::fs::File::open(&path).expect("open archive"));
    let messages: Vec<Vec<u8>> = MboxReader::new(file, MboxFormat::Mboxo)
        .map(|m| m.expect("read"))
        .collect();
    let in_order: Vec<&Vec<u8>> = messages.iter().collect();

    let (summary, doc, elapsed) = ingest(&in_order);
    let comments: usize = doc["comments"].as_object().map_or(0, |m| {
        m.values().map(|l| l.as_array().map_or(0, Vec::len)).sum()
    });
    println!("archive: {path}, {} messages", messages.len());
    println!(
        "in file order ({:.1} s): {} patches, {} covers, {} comments at arrival, {} replies whose parent had not arrived \
         (Patchwork drops these), {} of them attached by the end, {} still pending",
        elapsed.as_secs_f64(),
        summary.patches,
        summary.covers,
        summary.comments,
        summary.pending,
        comments as u64 - summary.comments,
        summary.pending - (comments as u64 - summary.comments)
    );
    let expected = grouping(&doc);
    let mut identical = 0;
    for seed in 1..=permutations {
        let mut order = in_order.clone();
        shuffle(&mut order, seed);
        let (_, doc, elapsed) = ingest(&order);
        let got = grouping(&doc);
        let same = got == expected;
        identical += same as u64;
        println!(
            "permutation seed {seed}: {} ({:.1} s){}",
            if same {
                "identical grouping"
            } else {
                "DIFFERENT grouping"
            },
            elapsed.as_secs_f64(),
            if same {
                String::new()
            } else {
                format!(
                    "; in order only: {:?}; permuted only: {:?}",
                    expected.difference(&got).take(3).collect::<Vec<_>>(),
                    got.difference(&expected).take(3).collect::<Vec<_>>()
                )
            }
        );
    }
    println!("{identical} of {permutations} permutations gave the in-order grouping");
}
