//! How records sit in Patchwork's rows: Django's date text, kind codes,
//! newline-joined references, and the column lists and row mappers of the
//! records the store reads (on every engine: `RowRead` gives dates as this text).

use super::conn::RowRead;
use crate::error::Result;
use chrono::NaiveDateTime;
use std::collections::HashMap;

use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};
use crate::series::MemberKind;

/// Django's text for a naive datetime on SQLite (`str(datetime)`): the
/// fraction only when there are microseconds.
pub fn date_to_sql(d: NaiveDateTime) -> String {
    if d.and_utc().timestamp_subsec_micros() == 0 {
        d.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        d.format("%Y-%m-%d %H:%M:%S%.6f").to_string()
    }
}

/// Reads Django's date text (also with a `T`, as older rows may have).
pub fn date_from_sql(s: &str) -> NaiveDateTime {
    plain_date(s).unwrap_or_else(|| {
        let s = s.replacen('T', " ", 1);
        NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S%.f").unwrap_or_default()
    })
}

/// The usual spelling, `YYYY-MM-DD HH:MM:SS[.ffffff]`, read without
/// chrono's format parser (every row of a list has dates); `None` for
/// anything else.
fn plain_date(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if separators.iter().any(|(i, c)| b.get(*i) != Some(c)) {
        return None;
    }
    let micros = match b.len() {
        19 => 0,
        26 if b[19] == b'.' => num(20..26)?,
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?
        .and_hms_micro_opt(num(11..13)?, num(14..16)?, num(17..19)?, micros)
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

/// A series member from columns `at..at + 11`: kind code, record id,
/// Message-ID, newline-joined references, date, arrival, submitter,
/// version, x, n, name.
pub(super) fn member_from(r: &dyn RowRead, at: usize) -> Result<crate::series::Member> {
    Ok(crate::series::Member {
        kind: kind_from_code(&r.get::<String>(at)?),
        id: r.get(at + 1)?,
        msgid: r.get(at + 2)?,
        refs: split_refs(&r.get::<String>(at + 3)?),
        date: date_from_sql(&r.get::<String>(at + 4)?),
        arrival: r.get(at + 5)?,
        submitter: r.get(at + 6)?,
        version: r.get(at + 7)?,
        x: r.get(at + 8)?,
        n: r.get(at + 9)?,
        name: r.get(at + 10)?,
    })
}

pub(super) fn split_refs(refs: &str) -> Vec<String> {
    refs.split('\n')
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) const PROJECT_COLUMNS: &str = "id, linkname, name, listid, listemail, subject_match, web_url, scm_url, \
     webscm_url, list_archive_url, list_archive_url_format, commit_url_format";

pub(super) fn project_from(r: &dyn RowRead) -> Result<Project> {
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

pub(super) const SERIES_COLUMNS: &str =
    "s.id, s.project_id, s.name, s.date, s.submitter_id, s.version, s.total, s.cover_letter_id";

pub(super) fn series_from(r: &dyn RowRead) -> Result<Series> {
    Ok(Series {
        id: r.get(0)?,
        project_id: r.get::<Option<i64>>(1)?.unwrap_or(0),
        name: r.get(2)?,
        date: date_from_sql(&r.get::<String>(3)?),
        submitter_id: r.get(4)?,
        version: r.get(5)?,
        total: r.get(6)?,
        cover_id: r.get(7)?,
    })
}

pub(super) const USER_COLUMNS: &str = "u.id, u.username, u.first_name, u.last_name, u.email";

pub(super) fn user_from(r: &dyn RowRead) -> Result<User> {
    user_at(r, 0)
}

/// A user from [`USER_COLUMNS`] starting at column `first`.
pub(super) fn user_at(r: &dyn RowRead, first: usize) -> Result<User> {
    Ok(User {
        id: r.get(first)?,
        username: r.get(first + 1)?,
        first_name: r.get(first + 2)?,
        last_name: r.get(first + 3)?,
        email: r.get(first + 4)?,
    })
}

pub(super) fn person_from(r: &dyn RowRead) -> Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
    })
}

pub(super) const PATCH_COLUMNS: &str = "p.id, p.project_id, p.msgid, p.name, p.date, p.headers, p.submitter_id, \
     p.content, p.diff, p.hash, p.pull_url, (SELECT st.slug FROM patchwork_state st WHERE st.id = p.state_id), \
     p.series_id, p.number, p.archived, p.commit_ref, p.delegate_id";

/// What lists and embedded patches show of a patch (§14.3, §14.7), read
/// by [`patch_item_from`]: [`PATCH_COLUMNS`] without the mail (`headers`,
/// `content`, `diff`) and `number`, in the table's column order (a
/// patch's row is mostly its mail, so the columns after `diff` sit at
/// the end of a chain of overflow pages), the state as its id.
pub(super) const PATCH_ITEM_COLUMNS: &str = "p.id, p.msgid, p.date, p.name, p.project_id, p.submitter_id, \
     p.archived, p.commit_ref, p.delegate_id, p.hash, p.pull_url, p.series_id, p.state_id";

/// Every state's slug by id: the few rows of `patchwork_state`, read
/// once for a set of patch rows instead of one lookup per row.
pub(super) const STATE_SLUGS: &str = "SELECT id, slug FROM patchwork_state";

/// A patch from [`PATCH_ITEM_COLUMNS`], its state's slug from `slugs`
/// ([`STATE_SLUGS`]): its mail empty (`diff` `None`), `number` `None`.
pub(super) fn patch_item_from(r: &dyn RowRead, slugs: &HashMap<i64, String>) -> Result<Patch> {
    Ok(Patch {
        id: r.get(0)?,
        msgid: r.get(1)?,
        date: date_from_sql(&r.get::<String>(2)?),
        name: r.get(3)?,
        project_id: r.get(4)?,
        submitter_id: r.get(5)?,
        archived: r.get(6)?,
        commit_ref: r.get(7)?,
        delegate_id: r.get(8)?,
        hash: r.get(9)?,
        pull_url: r.get(10)?,
        series_id: r.get(11)?,
        state: r
            .get::<Option<i64>>(12)?
            .and_then(|id| slugs.get(&id).cloned()),
        headers: String::new(),
        content: String::new(),
        diff: None,
        number: None,
    })
}

pub(super) fn patch_from(r: &dyn RowRead) -> Result<Patch> {
    Ok(Patch {
        id: r.get(0)?,
        project_id: r.get(1)?,
        msgid: r.get(2)?,
        name: r.get(3)?,
        date: date_from_sql(&r.get::<String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get(6)?,
        content: r.get::<Option<String>>(7)?.unwrap_or_default(),
        diff: r.get(8)?,
        hash: r.get(9)?,
        pull_url: r.get(10)?,
        state: r.get::<Option<String>>(11)?,
        series_id: r.get(12)?,
        number: r.get(13)?,
        archived: r.get(14)?,
        commit_ref: r.get(15)?,
        delegate_id: r.get(16)?,
    })
}

pub(super) const COVER_COLUMNS: &str = "c.id, c.project_id, c.msgid, c.name, c.date, c.headers, c.submitter_id, \
     c.content, (SELECT s.id FROM patchwork_series s WHERE s.cover_letter_id = c.id)";

/// [`COVER_COLUMNS`] without the mail (`headers`, `content` read as `''`).
pub(super) const COVER_ITEM_COLUMNS: &str = "c.id, c.project_id, c.msgid, c.name, c.date, '', c.submitter_id, \
     '', (SELECT s.id FROM patchwork_series s WHERE s.cover_letter_id = c.id)";

pub(super) fn cover_from(r: &dyn RowRead) -> Result<Cover> {
    Ok(Cover {
        id: r.get(0)?,
        project_id: r.get(1)?,
        msgid: r.get(2)?,
        name: r.get(3)?,
        date: date_from_sql(&r.get::<String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get(6)?,
        content: r.get::<Option<String>>(7)?.unwrap_or_default(),
        series_id: r.get(8)?,
    })
}

/// A patch comment (`kind` 'p') or cover comment ('c') with its parent's
/// project: `{COMMENT_COLUMNS}` of one table, `?` = the table's alias.
pub(super) fn comment_select(kind: MemberKind) -> &'static str {
    match kind {
        MemberKind::Patch => {
            "SELECT m.id, 'p', m.patch_id, m.msgid, m.date, m.headers, m.submitter_id, m.content, m.addressed, \
             p.project_id FROM patchwork_patchcomment m JOIN patchwork_patch p ON p.id = m.patch_id"
        }
        MemberKind::Cover => {
            "SELECT m.id, 'c', m.cover_id, m.msgid, m.date, m.headers, m.submitter_id, m.content, m.addressed, \
             p.project_id FROM patchwork_covercomment m JOIN patchwork_cover p ON p.id = m.cover_id"
        }
    }
}

pub(super) fn comment_from(r: &dyn RowRead) -> Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        parent: parent_from(r.get(1)?, r.get(2)?).unwrap_or(Parent::Patch(0)),
        msgid: r.get(3)?,
        date: date_from_sql(&r.get::<String>(4)?),
        headers: r.get(5)?,
        submitter_id: r.get(6)?,
        content: r.get::<Option<String>>(7)?.unwrap_or_default(),
        addressed: r.get(8)?,
        project_id: r.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_back_as_written() {
        for text in [
            "2024-01-02 03:04:05",
            "2024-01-02 03:04:05.000006",
            "1999-12-31 23:59:59.999999",
        ] {
            let d = date_from_sql(text);
            assert_eq!(date_to_sql(d), text);
            assert_eq!(
                Some(d),
                NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").ok()
            );
        }
        // Other spellings take chrono's parser.
        assert_eq!(
            date_from_sql("2024-01-02T03:04:05.5"),
            date_from_sql("2024-01-02 03:04:05.500000")
        );
        assert_eq!(
            date_from_sql("2024-13-02 03:04:05"),
            NaiveDateTime::default()
        );
    }
}
