//! The mbox downloads of a set of records: one at a time ([`Downloads`],
//! for the web server), or every one keyed the way the conformance corpus
//! keys them (`../shared/conformance/README.md`, the `mbox` object):
//! `patch:<msgid>`, `patch-series:<msgid>` (`?series=*`, patches in a
//! series), `cover:<msgid>` and `series:<key>`.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Submission, join, render};
use crate::json::format_date;
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};

/// The records the downloads are made of, as plain model values.
pub struct Records<'a> {
    pub projects: &'a [Project],
    pub people: &'a [Person],
    /// The delegates of the patches (their e-mail is `X-Patchwork-Delegate`).
    pub users: &'a [User],
    pub patches: &'a [Patch],
    pub covers: &'a [Cover],
    pub comments: &'a [Comment],
    /// Every series with its patches in the order its document lists them
    /// (§14.5), which decides the series key.
    pub series: &'a [(Series, Vec<Patch>)],
}

/// The downloads of one set of [`Records`], one at a time.
pub struct Downloads<'a> {
    list_email: HashMap<i64, &'a str>,
    people: HashMap<i64, &'a Person>,
    delegates: HashMap<i64, &'a str>,
    /// Comment contents per parent, in date order.
    comments: HashMap<Parent, Vec<&'a str>>,
    covers: HashMap<i64, &'a Cover>,
}

impl<'a> Downloads<'a> {
    pub fn new(r: &Records<'a>) -> Downloads<'a> {
        let mut comments: Vec<&Comment> = r.comments.iter().collect();
        comments.sort_by_key(|c| (c.date, c.id));
        let mut by_parent: HashMap<Parent, Vec<&str>> = HashMap::new();
        for c in comments {
            by_parent.entry(c.parent).or_default().push(&c.content);
        }
        Downloads {
            list_email: r
                .projects
                .iter()
                .map(|p| (p.id, p.list_email.as_str()))
                .collect(),
            people: r.people.iter().map(|p| (p.id, p)).collect(),
            delegates: r.users.iter().map(|u| (u.id, u.email.as_str())).collect(),
            comments: by_parent,
            covers: r.covers.iter().map(|c| (c.id, c)).collect(),
        }
    }

    fn submitter(&self, id: i64) -> (Option<&'a str>, &'a str) {
        self.people
            .get(&id)
            .map_or((None, ""), |p| (p.name.as_deref(), p.email.as_str()))
    }

    /// A submission's surroundings: its submitter, project and comments.
    fn around(&self, parent: Parent, project_id: i64, submitter_id: i64) -> Submission<'a> {
        let (name, email) = self.submitter(submitter_id);
        Submission {
            submitter_name: name,
            submitter_email: email,
            list_email: self.list_email.get(&project_id).copied().unwrap_or(""),
            comments: self.comments.get(&parent).cloned().unwrap_or_default(),
            ..Submission::default()
        }
    }

    /// `/project/<p>/patch/<msgid>/mbox/`.
    pub fn patch(&self, p: &Patch) -> String {
        render(&Submission {
            id: p.id,
            date: p.date,
            headers: &p.headers,
            content: &p.content,
            diff: p.diff.as_deref(),
            delegate: p.delegate_id.and_then(|u| self.delegates.get(&u).copied()),
            ..self.around(Parent::Patch(p.id), p.project_id, p.submitter_id)
        })
    }

    /// `/project/<p>/cover/<msgid>/mbox/`.
    pub fn cover(&self, c: &Cover) -> String {
        render(&Submission {
            id: c.id,
            date: c.date,
            headers: &c.headers,
            content: &c.content,
            ..self.around(Parent::Cover(c.id), c.project_id, c.submitter_id)
        })
    }

    /// `/series/<id>/mbox/`: the series' patches (`listed`) by number.
    pub fn series(&self, listed: &[Patch]) -> String {
        join(by_number(listed).into_iter().map(|p| self.patch(p)))
    }

    /// `?series=*`: the patches of `listed` numbered below `p`, then `p`.
    pub fn patch_in_series(&self, p: &Patch, listed: &[Patch]) -> String {
        join(up_to(&by_number(listed), p).map(|q| self.patch(q)))
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

/// A series' patches in download order: by number (`order_by('number')`),
/// equal numbers by id.
fn by_number(listed: &[Patch]) -> Vec<&Patch> {
    let mut numbered: Vec<&Patch> = listed.iter().collect();
    numbered.sort_by_key(|p| (p.number, p.id));
    numbered
}

/// `?series=*`'s patches: those of `numbered` before `p` with a lower
/// number, then `p` itself.
fn up_to<'p>(numbered: &[&'p Patch], p: &'p Patch) -> impl Iterator<Item = &'p Patch> {
    let at = numbered
        .iter()
        .position(|q| q.id == p.id)
        .unwrap_or(numbered.len());
    numbered[..at]
        .iter()
        .copied()
        .filter(move |q| q.number < p.number)
        .chain([p])
}

/// §15 downloads of every record: `{key: mbox text}`.
pub fn mbox_texts(r: &Records) -> Map<String, Value> {
    let d = Downloads::new(r);
    let mut out = Map::new();
    // Each patch is rendered once; series downloads join these texts.
    let mut patches: HashMap<i64, String> = HashMap::with_capacity(r.patches.len());
    for p in r.patches {
        let text = d.patch(p);
        out.insert(format!("patch:{}", p.msgid), text.as_str().into());
        patches.insert(p.id, text);
    }
    for c in r.covers {
        out.insert(format!("cover:{}", c.msgid), d.cover(c).into());
    }
    for (s, listed) in r.series {
        let numbered = by_number(listed);
        let texts: HashMap<i64, Cow<str>> = numbered
            .iter()
            .map(|p| match patches.get(&p.id) {
                Some(text) => (p.id, Cow::Borrowed(text.as_str())),
                None => (p.id, Cow::Owned(d.patch(p))),
            })
            .collect();
        for p in &numbered {
            let download = join(up_to(&numbered, p).map(|q| &texts[&q.id]));
            out.insert(format!("patch-series:{}", p.msgid), download.into());
        }
        let key = format!("series:{}", d.series_key(s, listed));
        out.insert(key, join(numbered.iter().map(|p| &texts[&p.id])).into());
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn patch(id: i64, number: i64, minute: u32) -> Patch {
        Patch {
            id,
            project_id: 1,
            msgid: format!("<p{number}@x>"),
            name: format!("[PATCH {number}/3] x"),
            date: NaiveDate::from_ymd_opt(2024, 5, 6)
                .unwrap()
                .and_hms_opt(7, minute, 0)
                .unwrap(),
            headers: format!("Subject: patch {number}"),
            submitter_id: 1,
            content: "text".into(),
            diff: None,
            hash: None,
            pull_url: None,
            state: Some("new".into()),
            series_id: Some(1),
            number: Some(number),
            archived: false,
            commit_ref: None,
            delegate_id: None,
        }
    }

    /// The `Subject` lines of a download, in order.
    fn subjects(text: &Value) -> Vec<&str> {
        text.as_str()
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("Subject: "))
            .collect()
    }

    #[test]
    fn series_downloads_go_by_number_and_stop_at_the_patch() {
        // Listed by date: number 2 arrived first.
        let listed = vec![patch(10, 2, 1), patch(11, 1, 2), patch(12, 3, 3)];
        let series = Series {
            id: 1,
            project_id: 1,
            name: None,
            date: listed[0].date,
            submitter_id: 1,
            version: 1,
            total: 3,
            cover_id: None,
        };
        let people = [Person {
            id: 1,
            name: None,
            email: "a@x".into(),
        }];
        let texts = mbox_texts(&Records {
            projects: &[],
            people: &people,
            users: &[],
            patches: &listed,
            covers: &[],
            comments: &[],
            series: &[(series, listed.clone())],
        });
        assert_eq!(texts.len(), 7, "{:?}", texts.keys().collect::<Vec<_>>());
        // Keyed by the first patch listed, not the lowest number.
        let whole = &texts["series:<p2@x>"];
        assert_eq!(subjects(whole), ["patch 1", "patch 2", "patch 3"]);
        assert_eq!(
            subjects(&texts["patch-series:<p2@x>"]),
            ["patch 1", "patch 2"]
        );
        assert_eq!(subjects(&texts["patch-series:<p1@x>"]), ["patch 1"]);
        assert_eq!(subjects(&texts["patch:<p3@x>"]), ["patch 3"]);
    }
}
