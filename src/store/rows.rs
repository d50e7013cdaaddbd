//! How pwingest's records sit in SQLite rows: date text, kind codes,
//! newline-joined references, and the column lists and row mappers of the
//! records `sqlite.rs` reads.

use chrono::NaiveDateTime;
use rusqlite::Row;

use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series};
use crate::series::MemberKind;

const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

pub fn date_to_sql(d: NaiveDateTime) -> String {
    d.format(DATE_FORMAT).to_string()
}

pub fn date_from_sql(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, DATE_FORMAT).unwrap_or_default()
}

pub(super) fn kind_code(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Patch => "p",
        MemberKind::Cover => "c",
    }
}

pub(super) fn kind_from_code(code: &str) -> MemberKind {
    if code == "c" {
        MemberKind::Cover
    } else {
        MemberKind::Patch
    }
}

pub(super) fn parent_parts(parent: Option<Parent>) -> (Option<&'static str>, Option<i64>) {
    match parent {
        Some(Parent::Patch(id)) => (Some("p"), Some(id)),
        Some(Parent::Cover(id)) => (Some("c"), Some(id)),
        None => (None, None),
    }
}

pub(super) fn parent_from(kind: Option<String>, id: Option<i64>) -> Option<Parent> {
    match (kind.as_deref(), id) {
        (Some("p"), Some(id)) => Some(Parent::Patch(id)),
        (Some("c"), Some(id)) => Some(Parent::Cover(id)),
        _ => None,
    }
}

pub(super) fn split_refs(refs: &str) -> Vec<String> {
    refs.split('\n')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn project_from(r: &Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: r.get(0)?,
        link_name: r.get(1)?,
        name: r.get(2)?,
        list_id: r.get(3)?,
        list_email: r.get(4)?,
        subject_match: r.get(5)?,
        web_url: r.get(6)?,
        scm_url: r.get(7)?,
        webscm_url: r.get(8)?,
        list_archive_url: r.get(9)?,
        list_archive_url_format: r.get(10)?,
        commit_url_format: r.get(11)?,
    })
}

pub(super) fn series_from(r: &Row<'_>) -> rusqlite::Result<Series> {
    Ok(Series {
        id: r.get(0)?,
        project_id: r.get(1)?,
        name: r.get(2)?,
        date: date_from_sql(&r.get::<_, String>(3)?),
        submitter_id: r.get(4)?,
        version: r.get(5)?,
        total: r.get(6)?,
        cover_id: r.get(7)?,
    })
}

pub(super) fn person_from(r: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
    })
}

pub(super) const PATCH_COLUMNS: &str = "id, project_id, msgid, name, date, headers, submitter_id, content, diff, hash, \
                             pull_url, state, series_id, number";

pub(super) fn patch_from(r: &Row<'_>) -> rusqlite::Result<Patch> {
    Ok(Patch {
        id: r.get(0)?,
        project_id: r.get(1)?,
        msgid: r.get(2)?,
        name: r.get(3)?,
        date: date_from_sql(&r.get::<_, String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get(6)?,
        content: r.get(7)?,
        diff: r.get(8)?,
        hash: r.get(9)?,
        pull_url: r.get(10)?,
        state: r.get(11)?,
        series_id: r.get(12)?,
        number: r.get(13)?,
    })
}

pub(super) const COVER_COLUMNS: &str = "c.id, c.project_id, c.msgid, c.name, c.date, c.headers, c.submitter_id, c.content, \
                             (SELECT s.id FROM series s WHERE s.cover_id = c.id)";

pub(super) fn cover_from(r: &Row<'_>) -> rusqlite::Result<Cover> {
    Ok(Cover {
        id: r.get(0)?,
        project_id: r.get(1)?,
        msgid: r.get(2)?,
        name: r.get(3)?,
        date: date_from_sql(&r.get::<_, String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get(6)?,
        content: r.get(7)?,
        series_id: r.get(8)?,
    })
}

pub(super) const COMMENT_COLUMNS: &str = "id, parent_kind, parent_id, msgid, date, headers, submitter_id, content, addressed, project_id";

pub(super) fn comment_from(r: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        parent: parent_from(r.get(1)?, r.get(2)?).unwrap_or(Parent::Patch(0)),
        msgid: r.get(3)?,
        date: date_from_sql(&r.get::<_, String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        content: r.get(7)?,
        addressed: r.get(8)?,
        project_id: r.get(9)?,
    })
}

pub(super) const SERIES_COLUMNS: &str =
    "id, project_id, name, date, submitter_id, version, total, cover_id";
