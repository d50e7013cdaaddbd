//! The events of a database reduced the way `../shared/patchwork-db/README.md`
//! describes `expected-events.json`: oldest first, `category`, `project`
//! (link name), `actor` and `payload` objects named by Message-ID (patch,
//! cover, comment) or by name (series; its id when unnamed), read straight from `patchwork_event`.

use std::path::Path;

use super::Db;
use serde_json::{Map, Value, json};

/// `patchwork_event` rows of `db`, reduced.
pub fn reduced_events(db: &Db) -> Vec<Value> {
    db.rows(
        "SELECT e.category, pr.linkname, e.actor_id, \
         (SELECT msgid FROM patchwork_patch WHERE id = e.patch_id), \
         (SELECT msgid FROM patchwork_cover WHERE id = e.cover_id), \
         e.series_id, (SELECT name FROM patchwork_series WHERE id = e.series_id), \
         COALESCE((SELECT msgid FROM patchwork_patchcomment WHERE id = e.patch_comment_id), \
                  (SELECT msgid FROM patchwork_covercomment WHERE id = e.cover_comment_id)) \
         FROM patchwork_event e JOIN patchwork_project pr ON pr.id = e.project_id ORDER BY e.id",
        |r| {
            let text = |i| r.get::<Option<String>>(i).unwrap();
            let mut payload = Map::new();
            if let Some(m) = text(3) {
                payload.insert("patch".into(), m.into());
            }
            if let Some(m) = text(4) {
                payload.insert("cover".into(), m.into());
            }
            // An unnamed (or empty-named) series is named by its id, as the corpus does.
            if let Some(id) = r.get::<Option<i64>>(5).unwrap() {
                payload.insert(
                    "series".into(),
                    text(6)
                        .filter(|n| !n.is_empty())
                        .map_or(json!(id), Value::from),
                );
            }
            if let Some(m) = text(7) {
                payload.insert("comment".into(), m.into());
            }
            json!({
                "category": text(0),
                "project": text(1),
                "actor": r.get::<Option<i64>>(2).unwrap(),
                "payload": payload,
            })
        },
    )
}

/// `None` when `actual` equals the case's `expected-events.json`, else
/// the first difference.
pub fn compare_events(case: &Path, actual: &[Value]) -> Option<String> {
    let text = std::fs::read_to_string(case.join("expected-events.json")).ok()?;
    let expected: Vec<Value> = serde_json::from_str(&text).expect("expected-events.json");
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        if e != a {
            return Some(format!("event #{i}: expected {e}, actual {a}"));
        }
    }
    (expected.len() != actual.len()).then(|| {
        format!(
            "{} events expected, {} written; first extra: {}",
            expected.len(),
            actual.len(),
            expected
                .get(actual.len())
                .or(actual.get(expected.len()))
                .map_or(String::new(), Value::to_string)
        )
    })
}
