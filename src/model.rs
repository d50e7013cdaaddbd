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
    /// State slug (`new`, `under-review`, …); `None` when the row has none.
    pub state: Option<String>,
    pub series_id: Option<i64>,
    pub number: Option<i64>,
    /// Owned by people (web UI, API), never changed by ingestion.
    pub archived: bool,
    pub commit_ref: Option<String>,
    pub delegate_id: Option<i64>,
}

/// A login account (`auth_user`): a patch's delegate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
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
