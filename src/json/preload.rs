//! Loading ahead what a page of documents embeds: the submitters,
//! delegates, series, cover letters and series patches of every record on
//! the page, one set query per kind ([`crate::store::Sets`]), into the
//! [`Renderer`]'s caches. Rendering then reads nothing per item.

use std::collections::{BTreeSet, HashMap};

use super::records::{ById, Renderer};
use crate::error::Result;
use crate::model::{Comment, Cover, Patch, Series};
use crate::store::Store;

/// The distinct ids not cached yet, ascending.
fn wanted<T>(ids: impl IntoIterator<Item = i64>, cached: &ById<T>) -> Vec<i64> {
    ids.into_iter()
        .filter(|id| !cached.contains_key(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

impl<S: Store> Renderer<'_, S> {
    /// Loads the people `ids`.
    pub fn preload_people(&mut self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        let ids = wanted(ids, &self.people);
        for p in self.store.people_in(&ids)? {
            self.people.insert(p.id, p);
        }
        Ok(())
    }

    /// Loads the users `ids`.
    pub fn preload_users(&mut self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        let ids = wanted(ids, &self.users);
        for u in self.store.users_in(&ids)? {
            self.users.insert(u.id, u);
        }
        Ok(())
    }

    /// Loads the series `ids` (as patches and covers embed them).
    pub fn preload_series_rows(&mut self, ids: impl IntoIterator<Item = i64>) -> Result<()> {
        let ids = wanted(ids, &self.series);
        for s in self.store.series_in(&ids)? {
            self.series.insert(s.id, s);
        }
        Ok(())
    }

    /// What the documents (or list items) of `patches` embed.
    pub fn preload_patches(&mut self, patches: &[Patch]) -> Result<()> {
        self.preload_people(patches.iter().map(|p| p.submitter_id))?;
        self.preload_users(patches.iter().filter_map(|p| p.delegate_id))?;
        self.preload_series_rows(patches.iter().filter_map(|p| p.series_id))
    }

    /// What the documents (or list items) of `covers` embed.
    pub fn preload_covers(&mut self, covers: &[Cover]) -> Result<()> {
        self.preload_people(covers.iter().map(|c| c.submitter_id))?;
        self.preload_series_rows(covers.iter().filter_map(|c| c.series_id))
    }

    /// What the documents of `series` embed: submitters, cover letters and
    /// every series' patches.
    pub fn preload_series(&mut self, series: &[Series]) -> Result<()> {
        self.preload_people(series.iter().map(|s| s.submitter_id))?;
        let covers = wanted(series.iter().filter_map(|s| s.cover_id), &self.covers);
        for c in self.store.cover_items(&covers)? {
            self.covers.insert(c.id, c);
        }
        let ids = wanted(series.iter().map(|s| s.id), &self.series_patches);
        let mut listed: HashMap<i64, Vec<Patch>> = ids.iter().map(|id| (*id, Vec::new())).collect();
        for p in self.store.series_patch_items(&ids)? {
            if let Some(list) = p.series_id.and_then(|s| listed.get_mut(&s)) {
                list.push(p);
            }
        }
        self.series_patches.extend(listed);
        Ok(())
    }

    /// What the documents of `comments` embed: their submitters.
    pub fn preload_comments(&mut self, comments: &[Comment]) -> Result<()> {
        self.preload_people(comments.iter().map(|c| c.submitter_id))
    }
}
