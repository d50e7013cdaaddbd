//! How the values of Patchwork's list filters are read, as django-filter
//! reads them: lookups that name rows of another table (an integer is an
//! id, other text a link name, e-mail, username, slug or name, ASCII case
//! folded where Patchwork uses `iexact`), dates, and booleans.

use chrono::NaiveDateTime;

use super::filters::Resource;
use super::reply::ApiError;
use crate::json::ApiVersion;
use crate::store::Database;
use crate::store::conn::Value;

/// A filter whose values name rows of another table: an integer is an id,
/// other text is looked up by `by` (`(column, case-insensitive)`, in order).
pub struct Lookup {
    pub name: &'static str,
    table: &'static str,
    by: &'static [(&'static str, bool)],
    /// The column on the listed table.
    pub column: &'static str,
    pub on: &'static [Resource],
    pub since: ApiVersion,
}

pub const LOOKUPS: &[Lookup] = {
    use ApiVersion::*;
    use Resource::*;
    &[
        Lookup {
            name: "project",
            table: "patchwork_project",
            by: &[("linkname", true)],
            column: "project_id",
            on: &[Patches, Covers, Series, Events, Bundles],
            since: V1_0,
        },
        Lookup {
            name: "series",
            table: "patchwork_series",
            by: &[],
            column: "series_id",
            on: &[Patches, Events],
            since: V1_0,
        },
        Lookup {
            name: "submitter",
            table: "patchwork_person",
            by: &[("email", true)],
            column: "submitter_id",
            on: &[Patches, Covers, Series],
            since: V1_0,
        },
        Lookup {
            name: "delegate",
            table: "auth_user",
            by: &[("username", true)],
            column: "delegate_id",
            on: &[Patches],
            since: V1_0,
        },
        Lookup {
            name: "state",
            table: "patchwork_state",
            by: &[("slug", false), ("name", true)],
            column: "state_id",
            on: &[Patches],
            since: V1_0,
        },
        Lookup {
            name: "patch",
            table: "patchwork_patch",
            by: &[],
            column: "patch_id",
            on: &[Events],
            since: V1_0,
        },
        Lookup {
            name: "cover",
            table: "patchwork_cover",
            by: &[],
            column: "cover_id",
            on: &[Events],
            since: V1_0,
        },
        Lookup {
            name: "actor",
            table: "auth_user",
            by: &[],
            column: "actor_id",
            on: &[Events],
            since: V1_2,
        },
        Lookup {
            name: "owner",
            table: "auth_user",
            by: &[("username", true)],
            column: "owner_id",
            on: &[Bundles],
            since: V1_0,
        },
    ]
};

/// The rows of `l.table` the values name, or `None` when one names nothing
/// (Patchwork checks every value).
pub fn resolve(
    store: &Database,
    l: &Lookup,
    values: &[&str],
) -> Result<Option<Vec<i64>>, ApiError> {
    let mut numbers = std::collections::BTreeSet::new();
    let mut names = Vec::new();
    for v in values {
        match v.parse::<i64>() {
            Ok(n) => drop(numbers.insert(n)),
            Err(_) => names.push(*v),
        }
    }
    let mut ids = Vec::new();
    if !numbers.is_empty() {
        let numbers: Vec<i64> = numbers.into_iter().collect();
        let d = store.dialect();
        let sql = format!(
            "SELECT id FROM {} WHERE id IN ({})",
            l.table,
            d.id_set_rows("?1")
        );
        ids = store.select_ids(&sql, &[Value::Text(&d.id_set_text(&numbers))])?;
        if ids.len() < numbers.len() {
            return Ok(None);
        }
    }
    for name in names {
        let mut found = Vec::new();
        for (column, folded) in l.by {
            let condition = if *folded {
                store.dialect().iexact(column, "?1")
            } else {
                format!("{column} = ?1")
            };
            let sql = format!("SELECT id FROM {} WHERE {condition}", l.table);
            found = store.select_ids(&sql, &[Value::Text(name)])?;
            if !found.is_empty() {
                break;
            }
        }
        if found.is_empty() {
            return Ok(None);
        }
        ids.extend(found);
    }
    Ok(Some(ids))
}

/// `since`/`before` values: ISO 8601 date-times (`T` or space), or dates.
pub fn parse_date(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim().replacen('T', " ", 1);
    let v = v.trim_end_matches('Z');
    NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

/// django-filter's `BooleanWidget`: `true`/`false`/`1`/`0` in any case;
/// anything else filters nothing.
pub fn boolean(value: Option<&str>) -> Option<bool> {
    match value?.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Distinct values in first-seen order (10,000 `state=new` are one).
pub fn dedup(values: Vec<&str>) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    values.into_iter().filter(|v| seen.insert(*v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_date("2024-01-02T10:00:00").is_some());
        assert!(parse_date("2024-01-02 10:00:00.5").is_some());
        assert!(parse_date("2024-01-02").is_some());
        assert!(parse_date("yesterday").is_none());
    }
}
