//! The mbox downloads (spec §15) of one record at a time, for a streaming
//! export: each patch, cover letter or series is rendered by
//! [`mbox_texts`] from just the records its downloads are made of (its
//! comments, its submitters, its series' patches), keyed as the
//! whole-database `mbox` object keys them.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::mbox::texts::{Records, mbox_texts};
use crate::model::{Cover, Patch, Project, Series};
use crate::series::MemberKind;
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
        let store = self.store;
        let series = match series {
            Some(s) => {
                let listed = store.series_patches(s.id)?;
                vec![(s, listed)]
            }
            None => Vec::new(),
        };
        let covers: Vec<Cover> = cover.into_iter().collect();
        let all_patches: Vec<&Patch> = patches
            .iter()
            .chain(series.iter().flat_map(|(_, l)| l))
            .collect();
        let ids = |ids: &mut Vec<i64>| {
            ids.sort_unstable();
            ids.dedup();
            std::mem::take(ids)
        };
        let mut comments = store.comments_on(
            MemberKind::Patch,
            &ids(&mut all_patches.iter().map(|p| p.id).collect()),
        )?;
        // A series' cover letter gives its key, not a download.
        if series.is_empty() {
            let cover_ids: Vec<i64> = covers.iter().map(|c| c.id).collect();
            comments.extend(store.comments_on(MemberKind::Cover, &cover_ids)?);
        }
        let mut senders: Vec<i64> = all_patches.iter().map(|p| p.submitter_id).collect();
        senders.extend(covers.iter().map(|c| c.submitter_id));
        senders.extend(series.iter().map(|(s, _)| s.submitter_id));
        let mut delegates: Vec<i64> = all_patches.iter().filter_map(|p| p.delegate_id).collect();
        Ok(mbox_texts(&Records {
            projects: &self.projects,
            people: &store.people_in(&ids(&mut senders))?,
            users: &store.users_in(&ids(&mut delegates))?,
            patches: &patches,
            covers: &covers,
            comments: &comments,
            series: &series,
        }))
    }
}
