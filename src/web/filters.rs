//! The filters and orderings of Patchwork's list endpoints (its
//! `api/filters.py` and each view's `ordering_fields`), as SQL over its
//! tables: `project` (id or link name), `series`, `submitter` (id or
//! e-mail), `delegate` (id, username or e-mail), `state` (slug, name or id;
//! repeatable), `archived`, `hash`, `msgid`, `since`, `before`, `q`,
//! `order`; events by `project`, `category`, `series`, `patch`, `cover`,
//! `since`, `before`. A value naming nothing is 400 with django-filter's
//! message, every refused filter at once.

use chrono::NaiveDateTime;
use serde_json::{Map, json};

use super::query::{Page, Params};
use super::reply::ApiError;
use crate::store::Database;
use crate::store::conn::Value;
use crate::store::dialect::Dialect;
use crate::store::rows::date_to_sql;

/// A list endpoint with filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Patches,
    Covers,
    Series,
    Events,
    Projects,
    People,
    Users,
}

/// Event categories Patchwork 3.2.1 raises (`Event.CATEGORY_CHOICES`).
const CATEGORIES: &[&str] = &[
    "cover-created",
    "patch-created",
    "patch-completed",
    "patch-state-changed",
    "patch-relation-changed",
    "patch-delegated",
    "check-created",
    "series-created",
    "series-completed",
    "cover-comment-created",
    "patch-comment-created",
];

const INVALID_CHOICE: &str =
    "Select a valid choice. That choice is not one of the available choices.";

impl Resource {
    fn table(self) -> &'static str {
        match self {
            Resource::Patches => "patchwork_patch",
            Resource::Covers => "patchwork_cover",
            Resource::Series => "patchwork_series",
            Resource::Events => "patchwork_event",
            Resource::Projects => "patchwork_project",
            Resource::People => "patchwork_person",
            Resource::Users => "auth_user",
        }
    }

    /// `order` fields (API name → column) and the default order.
    fn orderings(self) -> (&'static [(&'static str, &'static str)], &'static str) {
        match self {
            Resource::Patches => (
                &[
                    ("id", "id"),
                    ("name", "name"),
                    ("project", "project_id"),
                    ("date", "date"),
                    ("state", "state_id"),
                    ("archived", "archived"),
                    ("submitter", "submitter_id"),
                    ("delegate", "delegate_id"),
                ],
                "t.id",
            ),
            Resource::Covers => (
                &[
                    ("id", "id"),
                    ("name", "name"),
                    ("date", "date"),
                    ("submitter", "submitter_id"),
                ],
                "t.id",
            ),
            Resource::Series => (
                &[
                    ("id", "id"),
                    ("name", "name"),
                    ("date", "date"),
                    ("submitter", "submitter_id"),
                ],
                "t.id",
            ),
            Resource::Events => (&[("date", "date")], "t.date DESC, t.id DESC"),
            Resource::Projects | Resource::People | Resource::Users => (&[("id", "id")], "t.id"),
        }
    }
}

/// How a filter value is looked up by name: a column equal to it, or equal
/// ignoring case (Django's `iexact`, in the engine's dialect).
#[derive(Debug, Clone, Copy)]
enum By {
    Exact(&'static str),
    IExact(&'static str),
}

impl By {
    /// The condition on parameter `?1`.
    fn condition(self, dialect: Dialect) -> String {
        match self {
            By::Exact(column) => format!("{column} = ?1"),
            By::IExact(column) => dialect.iexact(column, "?1"),
        }
    }
}

/// A filter naming a row of another table: (filter, that table, lookups by
/// name, the column on `t`, the resources that have the filter).
type Lookup = (
    &'static str,
    &'static str,
    &'static [By],
    &'static str,
    &'static [Resource],
);

/// A filtered, ordered list query over one table (alias `t`).
#[derive(Debug)]
pub struct Listing {
    table: &'static str,
    conditions: Vec<String>,
    /// Text bound to `?1`, `?2`, … (every bound filter value is text).
    params: Vec<String>,
    order: String,
}

impl Listing {
    /// Rows of the whole list.
    pub fn count(&self, store: &Database) -> Result<i64, ApiError> {
        let sql = format!("SELECT COUNT(*) FROM {} t{}", self.table, self.where_sql());
        Ok(store.select_count(&sql, &self.values())?)
    }

    /// The ids on one page.
    pub fn ids(&self, store: &Database, page: &Page) -> Result<Vec<i64>, ApiError> {
        let sql = format!(
            "SELECT t.id FROM {} t{} ORDER BY {} LIMIT {} OFFSET {}",
            self.table,
            self.where_sql(),
            self.order,
            page.per_page,
            page.offset()
        );
        Ok(store.select_ids(&sql, &self.values())?)
    }

    fn values(&self) -> Vec<Value<'_>> {
        self.params.iter().map(|p| Value::Text(p)).collect()
    }

    fn where_sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// Adds `column IN (ids)`; the ids are integers we resolved, never input.
    fn any_of(&mut self, column: &str, ids: &[i64]) {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.conditions
            .push(format!("t.{column} IN ({})", list.join(",")));
    }

    fn bind(&mut self, condition: &str, value: String) {
        self.conditions
            .push(condition.replace('?', &format!("?{}", self.params.len() + 1)));
        self.params.push(value);
    }
}

/// Resolves a filter value to row ids: an integer is an id, anything else
/// is looked up by `by` (tried in order).
fn resolve(store: &Database, table: &str, value: &str, by: &[By]) -> Result<Vec<i64>, ApiError> {
    if let Ok(id) = value.parse::<i64>() {
        let sql = format!("SELECT id FROM {table} WHERE id = ?1");
        return Ok(store.select_ids(&sql, &[Value::Int(id)])?);
    }
    for lookup in by {
        let condition = lookup.condition(store.dialect());
        let sql = format!("SELECT id FROM {table} WHERE {condition}");
        let ids = store.select_ids(&sql, &[Value::Text(value)])?;
        if !ids.is_empty() {
            return Ok(ids);
        }
    }
    Ok(Vec::new())
}

/// `since`/`before` values: ISO 8601 date-times (`T` or space), or dates.
fn parse_date(value: &str) -> Option<NaiveDateTime> {
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

/// The listing `params` select from `resource`, or 400 naming every bad filter.
pub fn listing(store: &Database, resource: Resource, params: &Params) -> Result<Listing, ApiError> {
    let mut l = Listing {
        table: resource.table(),
        conditions: Vec::new(),
        params: Vec::new(),
        order: order(resource, params.get("order")),
    };
    let mut errors = Map::new();
    let mut refuse = |name: &str, message: &str| {
        errors.insert(name.to_string(), json!([message]));
    };
    use Resource::*;
    let lookups: &[Lookup] = &[
        (
            "project",
            "patchwork_project",
            &[By::Exact("linkname")],
            "project_id",
            &[Patches, Covers, Series, Events],
        ),
        (
            "series",
            "patchwork_series",
            &[],
            "series_id",
            &[Patches, Events],
        ),
        (
            "submitter",
            "patchwork_person",
            &[By::IExact("email")],
            "submitter_id",
            &[Patches, Covers, Series],
        ),
        (
            "delegate",
            "auth_user",
            &[By::Exact("username"), By::IExact("email")],
            "delegate_id",
            &[Patches],
        ),
        ("patch", "patchwork_patch", &[], "patch_id", &[Events]),
        ("cover", "patchwork_cover", &[], "cover_id", &[Events]),
    ];
    for (name, table, by, column, on) in lookups {
        if !on.contains(&resource) {
            continue;
        }
        if let Some(v) = params.get(name) {
            match resolve(store, table, v, by)? {
                ids if ids.is_empty() => refuse(name, INVALID_CHOICE),
                ids => l.any_of(column, &ids),
            }
        }
    }
    if resource == Patches {
        let mut states = Vec::new();
        for v in dedup(params.all("state")) {
            match resolve(
                store,
                "patchwork_state",
                v,
                &[By::Exact("slug"), By::IExact("name")],
            )?
            .as_slice()
            {
                [] => {
                    refuse("state", INVALID_CHOICE);
                    break;
                }
                ids => states.extend_from_slice(ids),
            }
        }
        if !states.is_empty() {
            l.any_of("state_id", &states);
        }
        match params
            .get("archived")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => {}
            Some("true" | "1") => l.conditions.push("t.archived".into()),
            Some("false" | "0") => l.conditions.push("NOT t.archived".into()),
            Some(_) => refuse("archived", INVALID_CHOICE),
        }
        if let Some(h) = params.get("hash") {
            l.bind("t.hash = ?", h.to_string());
        }
    }
    if matches!(resource, Patches | Covers)
        && let Some(m) = params.get("msgid")
    {
        let msgid = format!("<{}>", m.trim_matches(|c| c == '<' || c == '>'));
        l.bind("t.msgid = ?", msgid);
    }
    if matches!(resource, Patches | Covers | Series | Events) {
        for (name, op) in [("since", ">="), ("before", "<=")] {
            if let Some(v) = params.get(name) {
                match parse_date(v) {
                    Some(d) => l.bind(&format!("t.date {op} ?"), date_to_sql(d)),
                    None => refuse(name, "Enter a valid date/time."),
                }
            }
        }
    }
    if resource == Events {
        let categories = dedup(params.all("category"));
        if categories.iter().any(|c| !CATEGORIES.contains(c)) {
            refuse("category", INVALID_CHOICE);
        } else if !categories.is_empty() {
            let quoted: Vec<String> = categories.iter().map(|c| format!("'{c}'")).collect();
            l.conditions
                .push(format!("t.category IN ({})", quoted.join(",")));
        }
    }
    if let Some(q) = params.get("q") {
        let like = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let column = match resource {
            Patches | Covers | Series | Projects => "t.name",
            People => "(t.name || ' ' || t.email)",
            Users => "(t.username || ' ' || t.first_name || ' ' || t.last_name || ' ' || t.email)",
            Events => "''",
        };
        l.bind(&store.dialect().icontains(column, "?"), like);
    }
    if errors.is_empty() {
        Ok(l)
    } else {
        Err(ApiError::bad_filters(errors))
    }
}

/// Distinct values in first-seen order (10,000 `state=new` are one).
fn dedup(values: Vec<&str>) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    values.into_iter().filter(|v| seen.insert(*v)).collect()
}

/// `order=a,-b`: known fields in that order, then `id`; unknown fields are
/// ignored as DRF's `OrderingFilter` does.
fn order(resource: Resource, requested: Option<&str>) -> String {
    let (fields, default) = resource.orderings();
    let mut out: Vec<String> = requested
        .unwrap_or("")
        .split(',')
        .filter_map(|f| {
            let (desc, name) = match f.trim().strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, f.trim()),
            };
            let column = fields.iter().find(|(n, _)| *n == name)?.1;
            Some(format!("t.{column}{}", if desc { " DESC" } else { "" }))
        })
        .collect();
    if out.is_empty() {
        return default.to_string();
    }
    out.push("t.id".into());
    out.join(", ")
}

/// `Value` of a filter error document, for tests.
#[cfg(test)]
fn refused(store: &Database, resource: Resource, q: &str) -> serde_json::Value {
    listing(store, resource, &Params::parse(Some(q)))
        .unwrap_err()
        .body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders() {
        assert_eq!(order(Resource::Patches, None), "t.id");
        assert_eq!(
            order(Resource::Patches, Some("-date,bogus")),
            "t.date DESC, t.id"
        );
        assert_eq!(
            order(Resource::Events, Some("bogus")),
            "t.date DESC, t.id DESC"
        );
    }

    #[test]
    fn dates() {
        assert!(parse_date("2024-01-02T10:00:00").is_some());
        assert!(parse_date("2024-01-02 10:00:00.5").is_some());
        assert!(parse_date("2024-01-02").is_some());
        assert!(parse_date("yesterday").is_none());
    }

    #[test]
    fn bad_values_are_named() {
        let store = Database::in_memory().unwrap();
        let body = refused(
            &store,
            Resource::Patches,
            "project=nope&state=bogus&since=x&archived=maybe",
        );
        for name in ["project", "state", "since", "archived"] {
            assert!(body[name].is_array(), "{name}: {body}");
        }
        let many = vec!["state=bogus"; 10_000].join("&");
        assert_eq!(
            refused(&store, Resource::Patches, &many)["state"][0],
            INVALID_CHOICE
        );
        assert!(
            listing(
                &store,
                Resource::Patches,
                &Params::parse(Some("state=new&q=50%_"))
            )
            .is_ok()
        );
    }
}
