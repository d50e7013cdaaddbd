//! The mbox downloads (spec §15) of one record at a time, for a streaming
//! export: each patch, cover letter or series is rendered by
//! [`mbox_texts`] from just the records its downloads are made of (its
//! comments, its submitters, its series' patches), keyed as the
//! whole-database `mbox` object keys them.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::mbox::texts::{Records, mbox_texts};
use crate::model::{Cover, Parent, Patch, Person, Project, Series};
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::sql::pages::Listed;

/// Renders downloads of records read from `store`.
pub struct Downloads<'s> {
    store: &'s Database,
    /// Every project (a download names its project's list address).
    projects: Vec<Project>,
}

impl<'s> Downloads<'s> {
    pub fn new(store: &'s Database) -> Result<Downloads<'s>> {
        Ok(Downloads {
            store,
            projects: store.projects()?,
        })
    }

    /// The downloads of the patch, cover letter or series `id`, by key:
    /// a patch's `patch:<msgid>`, a cover letter's `cover:<msgid>`, a
    /// series' `patch-series:<msgid>` of each of its patches, then
    /// `series:<key>` (its cover letter's Message-ID, else its first
    /// patch's). None for a record that is gone, or for people.
    pub fn of(&self, listed: Listed, id: i64) -> Result<Map<String, Value>> {
        let store = self.store;
        match listed {
            Listed::Patches => match store.patch(id)? {
                Some(p) => self.texts(vec![p], None, None),
                None => Ok(Map::new()),
            },
            Listed::Covers => match store.cover(id)? {
                Some(c) => self.texts(Vec::new(), Some(c), None),
                None => Ok(Map::new()),
            },
            Listed::Series => {
                let Some(s) = store.series(id)? else {
                    return Ok(Map::new());
                };
                let cover = s.cover_id.map(|c| store.cover(c)).transpose()?;
                let mut texts = self.texts(Vec::new(), cover.flatten(), Some(s))?;
                // The cover letter is there for the series' key only.
                texts.retain(|key, _| !key.starts_with("cover:"));
                Ok(texts)
            }
            Listed::People => Ok(Map::new()),
        }
    }

    fn texts(
        &self,
        patches: Vec<Patch>,
        cover: Option<Cover>,
        series: Option<Series>,
    ) -> Result<Map<String, Value>> {
        let series = match series {
            Some(s) => {
                let listed = self.store.series_patches(s.id)?;
                vec![(s, listed)]
            }
            None => Vec::new(),
        };
        let covers: Vec<Cover> = cover.into_iter().collect();
        let all_patches = patches.iter().chain(series.iter().flat_map(|(_, l)| l));
        let mut comments = Vec::new();
        let mut senders = Vec::new();
        for p in all_patches {
            comments.extend(self.store.comments_of(Parent::Patch(p.id))?);
            senders.push(p.submitter_id);
        }
        for c in &covers {
            // A series' cover letter gives its key, not a download.
            if series.is_empty() {
                comments.extend(self.store.comments_of(Parent::Cover(c.id))?);
            }
            senders.push(c.submitter_id);
        }
        senders.extend(series.iter().map(|(s, _)| s.submitter_id));
        senders.sort_unstable();
        senders.dedup();
        let mut people: Vec<Person> = Vec::with_capacity(senders.len());
        for id in senders {
            people.extend(self.store.person(id)?);
        }
        Ok(mbox_texts(&Records {
            projects: &self.projects,
            people: &people,
            patches: &patches,
            covers: &covers,
            comments: &comments,
            series: &series,
        }))
    }
}
