//! The events Patchwork's signals raise when a patch joins a series
//! (spec §16, `patchwork/signals.py`): `patch-completed` for the patch when
//! every lower number is present, and for each consecutive successor it
//! completes; `series-completed` when the series holds `total` patches.

use crate::error::Result;
use crate::store::{NewEvent, Store};

/// Raises the events of a patch numbered `number` that just joined
/// `series` (of `total` patches).
pub(super) fn patch_joined<S: Store>(
    store: &mut S,
    project_id: i64,
    series: i64,
    number: i64,
    total: i64,
) -> Result<()> {
    let event = |category, patch_id| NewEvent {
        category,
        project_id,
        series_id: Some(series),
        patch_id,
        cover_id: None,
        comment_id: None,
    };
    // Numbers are unique in a series: the lower ones are all there when
    // there are `number - 1` of them (counted in the index, not read);
    // only this number and those above are read.
    let below = store.numbers_below(series, number)?;
    let run = store.numbers_from(series, number)?;
    let (complete, numbered) = (below == number - 1, below + run.len() as i64);
    if complete {
        for (_, patch) in run.iter().filter(|(n, _)| *n == number) {
            store.add_event(event("patch-completed", Some(*patch)))?;
        }
        let successors = run.iter().filter(|(n, _)| *n > number);
        for (next, &(n, patch)) in (number + 1..).zip(successors) {
            if n != next {
                break;
            }
            store.add_event(event("patch-completed", Some(patch)))?;
        }
    }
    if numbered >= total {
        store.add_event(event("series-completed", None))?;
    }
    Ok(())
}
