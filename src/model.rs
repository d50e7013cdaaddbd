//! Domain records as the store keeps them: projects, people, patches, cover
//! letters, comments and series. No serde and no SQL here: the API's shapes
//! live in `json/`, the tables in `store/`.

use chrono::NaiveDateTime;

/// A Patchwork project: one mailing list (or one `subject_match` slice of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub link_name: String,
    pub name: String,
    pub list_id: String,
    pub list_email: String,
    pub subject_match: String,
    pub web_url: String,
    pub scm_url: String,
    pub webscm_url: String,
    pub list_archive_url: String,
    pub list_archive_url_format: String,
    pub commit_url_format: String,
}

/// A submitter. Global, found by e-mail address case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub name: Option<String>,
    pub email: String,
}

/// What a comment hangs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parent {
    Patch(i64),
    Cover(i64),
}

#[derive(Debug, Clone)]
pub struct Patch {
    pub id: i64,
    pub project_id: i64,
    pub msgid: String,
    pub name: String,
    pub date: NaiveDateTime,
    pub headers: String,
    pub submitter_id: i64,
    pub content: String,
    pub diff: Option<String>,
    pub hash: Option<String>,
    pub pull_url: Option<String>,
    /// State slug (`new`, `under-review`, …).
    pub state: String,
    pub series_id: Option<i64>,
    pub number: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Cover {
    pub id: i64,
    pub project_id: i64,
    pub msgid: String,
    pub name: String,
    pub date: NaiveDateTime,
    pub headers: String,
    pub submitter_id: i64,
    pub content: String,
    pub series_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub project_id: i64,
    pub parent: Parent,
    pub msgid: String,
    pub date: NaiveDateTime,
    pub headers: String,
    pub submitter_id: i64,
    pub content: String,
    pub addressed: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub id: i64,
    pub project_id: i64,
    pub name: Option<String>,
    pub date: NaiveDateTime,
    pub submitter_id: i64,
    pub version: i64,
    pub total: i64,
    pub cover_id: Option<i64>,
}

/// The Patchwork states (stock fixture), by name → slug (spec §13).
pub const STATES: &[(&str, &str)] = &[
    ("New", "new"),
    ("Under Review", "under-review"),
    ("Accepted", "accepted"),
    ("Rejected", "rejected"),
    ("RFC", "rfc"),
    ("Not Applicable", "not-applicable"),
    ("Changes Requested", "changes-requested"),
    ("Awaiting Upstream", "awaiting-upstream"),
    ("Superseded", "superseded"),
    ("Deferred", "deferred"),
];

/// The slug of the state named `name` (case-insensitively), else `new`.
pub fn state_slug(name: Option<&str>) -> &'static str {
    name.and_then(|n| STATES.iter().find(|(s, _)| s.eq_ignore_ascii_case(n)))
        .map_or("new", |&(_, slug)| slug)
}

#[cfg(test)]
mod tests {
    #[test]
    fn state_slugs() {
        assert_eq!(super::state_slug(Some("under review")), "under-review");
        assert_eq!(super::state_slug(Some("Bogus")), "new");
        assert_eq!(super::state_slug(None), "new");
        // `if state_name:` (§13): an empty X-Patchwork-State is the default.
        assert_eq!(super::state_slug(Some("")), "new");
    }
}
