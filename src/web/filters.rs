//! The filters and orderings of Patchwork's list endpoints (its
//! `api/filters.py` filter sets, each view's `search_fields` and
//! `ordering_fields`), as SQL over its tables: patches by `project` (id or
//! link name), `series`, `submitter` (id or e-mail), `delegate` (id or
//! username), `state` (id, slug or name), `archived`, `hash` and `msgid`
//! (1.2+), `since`, `before`; covers and series by `project`, `submitter`,
//! `since`, `before` (covers also `msgid`); events by `project`, `series`,
//! `patch`, `cover`, `category`, `actor` (1.2+), `since`, `before`; bundles
//! by `project`, `owner`, `public`; `q` searches names; `order` sorts.
//!
//! As in Patchwork, a filter may repeat (any of the values), and a value
//! that names nothing (or a date that is not one) empties the list: its
//! filter backend answers an invalid filter with no rows, not an error.

use super::filter_values::{LOOKUPS, boolean, dedup, parse_date, resolve};
use super::query::{Page, Params};
use super::reply::ApiError;
use crate::json::ApiVersion;
use crate::store::Database;
use crate::store::conn::Value;
use crate::store::dialect::Dialect;

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
    Bundles,
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
            Resource::Bundles => "patchwork_bundle",
        }
    }

    /// `order` fields (API name → column) and the default order.
    fn orderings(self) -> (&'static [(&'static str, &'static str)], &'static str) {
        const SUBMISSIONS: &[(&str, &str)] = &[
            ("id", "id"),
            ("name", "name"),
            ("date", "date"),
            ("submitter", "submitter_id"),
        ];
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
            Resource::Covers | Resource::Series => (SUBMISSIONS, "t.id"),
            Resource::Events => (&[("date", "date")], "t.date DESC, t.id DESC"),
            Resource::Bundles => (
                &[("id", "id"), ("name", "name"), ("owner", "owner_id")],
                "t.id",
            ),
            Resource::Projects | Resource::People | Resource::Users => (&[("id", "id")], "t.id"),
        }
    }

    /// The column `q` searches (`search_fields`), if any.
    fn searched(self) -> Option<&'static str> {
        match self {
            Resource::Patches
            | Resource::Covers
            | Resource::Series
            | Resource::Projects
            | Resource::Bundles => Some("t.name"),
            Resource::People => Some("(t.name || ' ' || t.email)"),
            Resource::Users => {
                Some("(t.username || ' ' || t.first_name || ' ' || t.last_name || ' ' || t.email)")
            }
            Resource::Events => None,
        }
    }
}

/// A statement parameter the listing owns.
#[derive(Debug)]
enum Param {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// A filtered, ordered list query over one table (alias `t`).
#[derive(Debug)]
pub struct Listing {
    table: &'static str,
    conditions: Vec<String>,
    /// Bound to `?1`, `?2`, … in order.
    params: Vec<Param>,
    order: String,
    /// A filter named nothing: the list is empty.
    nothing: bool,
}

impl Listing {
    /// Rows of the whole list.
    pub fn count(&self, store: &Database) -> Result<i64, ApiError> {
        if self.nothing {
            return Ok(0);
        }
        let sql = format!("SELECT COUNT(*) FROM {} t{}", self.table, self.where_sql());
        Ok(store.select_count(&sql, &self.values())?)
    }

    /// The ids on one page.
    pub fn ids(&self, store: &Database, page: &Page) -> Result<Vec<i64>, ApiError> {
        if self.nothing {
            return Ok(Vec::new());
        }
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

    /// Only the bundles `user` may see: the public ones, and their own.
    pub fn visible_to(&mut self, user: Option<i64>) {
        let public = self.bind(Param::Bool(true));
        match user {
            Some(u) => {
                let owner = self.bind(Param::Int(u));
                self.conditions
                    .push(format!("(t.public = {public} OR t.owner_id = {owner})"));
            }
            None => self.conditions.push(format!("t.public = {public}")),
        }
    }

    fn values(&self) -> Vec<Value<'_>> {
        self.params
            .iter()
            .map(|p| match p {
                Param::Text(t) => Value::Text(t),
                Param::Int(i) => Value::Int(*i),
                Param::Bool(b) => Value::Bool(*b),
            })
            .collect()
    }

    fn where_sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// Adds `column IN (ids)`, the ids bound as one parameter
    /// (`Dialect::id_set_rows`).
    fn any_of(&mut self, dialect: Dialect, column: &str, ids: &[i64]) {
        let p = self.bind(Param::Text(dialect.id_set_text(ids)));
        self.conditions
            .push(format!("t.{column} IN ({})", dialect.id_set_rows(&p)));
    }

    /// The next parameter's placeholder, `?N`.
    fn bind(&mut self, value: Param) -> String {
        self.params.push(value);
        format!("?{}", self.params.len())
    }
}

/// The listing `params` select from `resource` in API `version`.
pub fn listing(
    store: &Database,
    resource: Resource,
    version: ApiVersion,
    params: &Params,
) -> Result<Listing, ApiError> {
    use Resource::*;
    let mut l = Listing {
        table: resource.table(),
        conditions: Vec::new(),
        params: Vec::new(),
        order: order(resource, params.get("order")),
        nothing: false,
    };
    for lookup in LOOKUPS {
        if !lookup.on.contains(&resource) || version < lookup.since {
            continue;
        }
        let values = dedup(params.all(lookup.name));
        if values.is_empty() {
            continue;
        }
        match resolve(store, lookup, &values)? {
            Some(ids) => l.any_of(store.dialect(), lookup.column, &ids),
            None => l.nothing = true,
        }
    }
    let flag = |name| boolean(params.get(name));
    if let (Patches, Some(archived)) = (resource, flag("archived")) {
        let p = l.bind(Param::Bool(archived));
        l.conditions.push(format!("t.archived = {p}"));
    }
    if let (Bundles, Some(public)) = (resource, flag("public")) {
        let p = l.bind(Param::Bool(public));
        l.conditions.push(format!("t.public = {p}"));
    }
    if resource == Patches
        && version >= ApiVersion::V1_2
        && let Some(h) = params.get("hash")
    {
        let p = l.bind(Param::Text(h.to_string()));
        l.conditions.push(store.dialect().iexact("t.hash", &p));
    }
    let msgid_version = if resource == Patches {
        ApiVersion::V1_2
    } else {
        ApiVersion::V1_0
    };
    if matches!(resource, Patches | Covers)
        && version >= msgid_version
        && let Some(m) = params.get("msgid")
    {
        let p = l.bind(Param::Text(format!("<{m}>")));
        l.conditions.push(format!("t.msgid = {p}"));
    }
    if matches!(resource, Patches | Covers | Series | Events) {
        for (name, op) in [("since", ">="), ("before", "<")] {
            if let Some(v) = params.get(name) {
                match parse_date(v) {
                    Some(d) => {
                        let p = l.bind(Param::Text(store.dialect().date(d)));
                        l.conditions.push(format!("t.date {op} {p}"));
                    }
                    None => l.nothing = true,
                }
            }
        }
    }
    if resource == Events
        && let Some(c) = params.get("category")
    {
        if CATEGORIES.contains(&c) {
            let p = l.bind(Param::Text(c.to_string()));
            l.conditions.push(format!("t.category = {p}"));
        } else {
            l.nothing = true;
        }
    }
    if let (Some(q), Some(column)) = (params.get("q"), resource.searched()) {
        search(&mut l, column, q);
    }
    Ok(l)
}

/// DRF's `SearchFilter`: every word of `q` somewhere in `column`, ignoring
/// ASCII case (`UPPER … LIKE UPPER …` reads the same on every engine).
fn search(l: &mut Listing, column: &str, q: &str) {
    for word in q.split(|c: char| c.is_whitespace() || c == ',') {
        if word.is_empty() {
            continue;
        }
        let like = format!(
            "%{}%",
            word.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let p = l.bind(Param::Text(like));
        l.conditions
            .push(format!("UPPER({column}) LIKE UPPER({p}) ESCAPE '\\'"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(store: &Database, resource: Resource, q: &str) -> Listing {
        listing(store, resource, ApiVersion::V1_3, &Params::parse(Some(q))).unwrap()
    }

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
    fn values_naming_nothing_empty_the_list() {
        let store = Database::in_memory().unwrap();
        for q in [
            "project=nope",
            "state=bogus",
            "since=x",
            "series=abc",
            "project=1",
        ] {
            assert!(listed(&store, Resource::Patches, q).nothing, "{q}");
        }
        let many = vec!["state=bogus"; 10_000].join("&");
        assert!(listed(&store, Resource::Patches, &many).nothing);
        // `new` is a state; an unknown `archived` filters nothing.
        let l = listed(
            &store,
            Resource::Patches,
            "state=new&state=new&archived=maybe&q=50%_",
        );
        assert!(!l.nothing);
        assert_eq!(l.conditions.len(), 2, "{:?}", l.conditions);
        // hash and msgid are 1.2's.
        let old = listing(
            &store,
            Resource::Patches,
            ApiVersion::V1_1,
            &Params::parse(Some("hash=x&msgid=y")),
        )
        .unwrap();
        assert!(old.conditions.is_empty());
    }
}
