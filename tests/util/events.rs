//! The events of a database reduced the way `../shared/patchwork-db/README.md`
//! describes `expected-events.json`: oldest first, `category`, `project`
//! (link name), `actor` and `payload` objects named by Message-ID (patch,
//! cover, comment) or by name (series; its id when unnamed), read straight from `patchwork_event`.

use std::path::Path;

use serde_json::{Map, Value, json};

/// `patchwork_event` rows of the database at `db`, reduced.
pub fn reduced_events(db: &Path) -> Vec<Value> {
    let conn = rusqlite::Connection::open(db).expect("open database");
    let mut stmt = conn
        .prepare(
            "SELECT e.category, pr.linkname, e.actor_id, \
             (SELECT msgid FROM patchwork_patch WHERE id = e.patch_id), \
             (SELECT msgid FROM patchwork_cover WHERE id = e.cover_id), \
             e.series_id, (SELECT name FROM patchwork_series WHERE id = e.series_id), \
             COALESCE((SELECT msgid FROM patchwork_patchcomment WHERE id = e.patch_comment_id), \
                      (SELECT msgid FROM patchwork_covercomment WHERE id = e.cover_comment_id)) \
             FROM patchwork_event e JOIN patchwork_project pr ON pr.id = e.project_id ORDER BY e.id",
        )
        .expect("event query");
    stmt.query_map([], |r| {
        let mut payload = Map::new();
        if let Some(m) = r.get::<_, Option<String>>(3)? {
            payload.insert("patch".into(), m.into());
        }
        if let Some(m) = r.get::<_, Option<String>>(4)? {
            payload.insert("cover".into(), m.into());
        }
        // An unnamed (or empty-named) series is named by its id, as the corpus does.
        if let Some(id) = r.get::<_, Option<i64>>(5)? {
            let name = r.get::<_, Option<String>>(6)?;
            payload.insert(
                "series".into(),
                name.filter(|n| !n.is_empty())
                    .map_or(json!(id), Value::from),
            );
        }
        if let Some(m) = r.get::<_, Option<String>>(7)? {
            payload.insert("comment".into(), m.into());
        }
        Ok(json!({
            "category": r.get::<_, String>(0)?,
            "project": r.get::<_, String>(1)?,
            "actor": r.get::<_, Option<i64>>(2)?,
            "payload": payload,
        }))
    })
    .expect("events")
    .collect::<Result<_, _>>()
    .expect("event rows")
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
