//! The events Patchwork's signals raise when a patch joins a series
//! (spec §16, `patchwork/signals.py`): `patch-completed` for the patch when
//! every lower number is present, and for each consecutive successor it
//! completes; `series-completed` when the series holds `total` patches.

use crate::error::Result;
use crate::store::{NewEvent, Store};

/// The largest patch number the column holds (`patchwork_patch.number` is
/// a `smallint`, Django's `PositiveSmallIntegerField`): the open end of a
/// range of numbers.
const LAST_NUMBER: i64 = i16::MAX as i64;

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
    // The patches numbered `number` and up that may complete, whether the
    // lower numbers are all there, and how many are numbered: from the
    // series' counts when kept, else counted (numbers are unique in a
    // series: the lower ones are all there when there are `number - 1`).
    let (run, complete, numbered) = match store.series_progress(series)? {
        Some((numbered, complete_to)) => {
            #[cfg(debug_assertions)]
            {
                let below = store.numbers_below(series, number)?;
                let all = below + store.numbers_between(series, number, LAST_NUMBER)?.len() as i64;
                let counted = (below == number - 1, all);
                let kept = (complete_to >= number - 1, numbered);
                assert_eq!(kept, counted, "series {series}'s kept counts");
            }
            let complete = complete_to >= number - 1;
            let run = match complete {
                true => store.numbers_between(series, number, complete_to.max(number))?,
                false => Vec::new(),
            };
            (run, complete, numbered)
        }
        None => {
            let below = store.numbers_below(series, number)?;
            let run = store.numbers_between(series, number, LAST_NUMBER)?;
            let numbered = below + run.len() as i64;
            (run, below == number - 1, numbered)
        }
    };
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
