//! Order-independence checks (the series issue): ingest a set of mails, in
//! any order, into a private in-memory database and compare what must not
//! depend on arrival order (`export::grouping`). Used by the property tests
//! and by `examples/thread_order.rs` on real archives.

use serde_json::Value;

use crate::error::Result;
use crate::export::export;
use crate::ingest::Options;
use crate::json::{Api, ApiVersion};
use crate::model::Project;
use crate::pipeline::{RunConfig, Summary, run};
use crate::store::Database;
use crate::store::prelude::*;

/// Ingests `messages` in slice order into a fresh in-memory database that
/// holds `projects`; returns the run's summary and the API 1.3 export.
pub fn ingest_in_memory(
    messages: &[&Vec<u8>],
    projects: &[Project],
    options: &Options,
) -> Result<(Summary, Value)> {
    let mut store = Database::in_memory()?;
    for p in projects {
        store.add_project(p)?;
    }
    let cfg = RunConfig {
        options: options.clone(),
        api: Api::new(ApiVersion::V1_3, "http://localhost"),
        batch: 5000,
        workers: 2,
        documents: false,
    };
    let iter = messages
        .iter()
        .map(|m| Ok((*m).clone()))
        .collect::<Vec<_>>()
        .into_iter();
    let summary = run(&mut store, iter, &cfg, &mut std::io::sink(), &mut |_| {})?;
    Ok((summary, export(&store, cfg.api)?))
}

/// A seeded Fisher–Yates shuffle (xorshift64*), so a failing permutation
/// can be replayed from its seed.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed.wrapping_mul(0x9e3779b97f4a7c15) | 1;
    for i in (1..items.len()).rev() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        let j = (s.wrapping_mul(0x2545f4914f6cdd1d) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shuffles_are_permutations_and_replayable() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        super::shuffle(&mut a, 7);
        super::shuffle(&mut b, 7);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(a, sorted);
    }
}
