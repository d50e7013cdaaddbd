//! Every mbox download of a set of records, keyed the way the conformance
//! corpus keys them (`../shared/conformance/README.md`, the `mbox` object):
//! `patch:<msgid>`, `patch-series:<msgid>` (`?series=*`, patches in a
//! series), `cover:<msgid>` and `series:<key>`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Submission, join, render};
use crate::json::format_date;
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series};

/// The records the downloads are made of, as plain model values.
pub struct Records<'a> {
    pub projects: &'a [Project],
    pub people: &'a [Person],
    pub patches: &'a [Patch],
    pub covers: &'a [Cover],
    pub comments: &'a [Comment],
    /// Every series with its patches in the order its document lists them
    /// (§14.5), which decides the series key.
    pub series: &'a [(Series, Vec<Patch>)],
}

/// Lookups over [`Records`].
struct Index<'a> {
    list_email: HashMap<i64, &'a str>,
    people: HashMap<i64, &'a Person>,
    /// Comment contents per parent, in date order.
    comments: HashMap<Parent, Vec<&'a str>>,
    covers: HashMap<i64, &'a Cover>,
}

impl<'a> Index<'a> {
    fn new(r: &Records<'a>) -> Index<'a> {
        let mut comments: Vec<&Comment> = r.comments.iter().collect();
        comments.sort_by_key(|c| (c.date, c.id));
        let mut by_parent: HashMap<Parent, Vec<&str>> = HashMap::new();
        for c in comments {
            by_parent.entry(c.parent).or_default().push(&c.content);
        }
        Index {
            list_email: r
                .projects
                .iter()
                .map(|p| (p.id, p.list_email.as_str()))
                .collect(),
            people: r.people.iter().map(|p| (p.id, p)).collect(),
            comments: by_parent,
            covers: r.covers.iter().map(|c| (c.id, c)).collect(),
        }
    }

    fn submitter(&self, id: i64) -> (Option<&'a str>, &'a str) {
        self.people
            .get(&id)
            .map_or((None, ""), |p| (p.name.as_deref(), p.email.as_str()))
    }

    fn patch(&self, p: &'a Patch) -> Submission<'a> {
        let (name, email) = self.submitter(p.submitter_id);
        Submission {
            id: p.id,
            date: p.date,
            headers: &p.headers,
            content: &p.content,
            diff: p.diff.as_deref(),
            submitter_name: name,
            submitter_email: email,
            delegate: None,
            list_email: self.list_email.get(&p.project_id).copied().unwrap_or(""),
            comments: self
                .comments
                .get(&Parent::Patch(p.id))
                .cloned()
                .unwrap_or_default(),
        }
    }

    fn cover(&self, c: &'a Cover) -> Submission<'a> {
        let (name, email) = self.submitter(c.submitter_id);
        Submission {
            id: c.id,
            date: c.date,
            headers: &c.headers,
            content: &c.content,
            diff: None,
            submitter_name: name,
            submitter_email: email,
            delegate: None,
            list_email: self.list_email.get(&c.project_id).copied().unwrap_or(""),
            comments: self
                .comments
                .get(&Parent::Cover(c.id))
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The conformance series key: the cover letter's msgid, else the first
    /// listed patch's, else `(empty) <submitter email> <date>`.
    fn series_key(&self, s: &Series, listed: &[Patch]) -> String {
        if let Some(cover) = s.cover_id.and_then(|id| self.covers.get(&id)) {
            return cover.msgid.clone();
        }
        match listed.first() {
            Some(p) => p.msgid.clone(),
            None => format!(
                "(empty) {} {}",
                self.submitter(s.submitter_id).1,
                format_date(s.date)
            ),
        }
    }
}

/// §15 downloads of every record: `{key: mbox text}`.
pub fn mbox_texts(r: &Records) -> Map<String, Value> {
    let index = Index::new(r);
    let mut out = Map::new();
    for p in r.patches {
        out.insert(format!("patch:{}", p.msgid), render(&index.patch(p)).into());
    }
    for c in r.covers {
        out.insert(format!("cover:{}", c.msgid), render(&index.cover(c)).into());
    }
    for (s, listed) in r.series {
        let mut numbered: Vec<&Patch> = listed.iter().collect();
        numbered.sort_by_key(|p| (p.number, p.id));
        let subs: Vec<Submission> = numbered.iter().map(|p| index.patch(p)).collect();
        for (i, p) in numbered.iter().enumerate() {
            // `?series=*`: the patches numbered below this one, then this one.
            let below = subs[..i]
                .iter()
                .zip(&numbered)
                .filter(|(_, q)| q.number < p.number);
            let text = join(below.map(|(sub, _)| sub).chain([&subs[i]]));
            out.insert(format!("patch-series:{}", p.msgid), text.into());
        }
        out.insert(
            format!("series:{}", index.series_key(s, listed)),
            join(&subs).into(),
        );
    }
    out
}
