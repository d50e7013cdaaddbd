//! SQL behind [`Sets`]: the records one page of a list shows and embeds,
//! each kind in one statement (`WHERE id IN (…)`), so a page of 250 items
//! costs a handful of queries instead of several per item. An id list is
//! one parameter (`Dialect::id_set_rows`), so each statement is prepared
//! once whatever the ids.

use std::collections::{HashMap, HashSet};

use foldhash::fast::FixedState;

use super::SqlStore;
use crate::error::Result;
use crate::model::{Cover, Patch, Person, Series, User};
use crate::store::Sets;
use crate::store::conn::{Conn, RowRead};
use crate::store::rows::*;
use crate::vals;

impl<C: Conn> SqlStore<C> {
    /// The rows `select` (`SELECT … FROM …`, no `WHERE`) finds whose
    /// `key` is one of `ids`, in the order of `ids` (compared by `id_of`),
    /// each once; no query for no ids.
    pub(super) fn by_ids<T>(
        &self,
        select: &str,
        key: &str,
        ids: &[i64],
        map: impl FnMut(&dyn RowRead) -> Result<T>,
        id_of: impl Fn(&T) -> i64,
    ) -> Result<Vec<T>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let distinct;
        let ids = if ids.windows(2).all(|w| w[0] < w[1]) {
            ids
        } else {
            let mut seen = HashSet::with_capacity_and_hasher(ids.len(), FixedState::default());
            distinct = ids
                .iter()
                .copied()
                .filter(|id| seen.insert(*id))
                .collect::<Vec<_>>();
            &distinct
        };
        let d = self.dialect();
        let sql = d.select_in_id_set(select, key, "?1");
        let mut rows = self.rows(&sql, vals![d.id_set_text(ids)], map)?;
        // The engine often gives them in that order already.
        if !rows.iter().map(&id_of).eq(ids.iter().copied()) {
            let position: HashMap<i64, usize, FixedState> =
                ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            rows.sort_by_key(|r| position.get(&id_of(r)).copied());
        }
        Ok(rows)
    }
}

impl<C: Conn> SqlStore<C> {
    /// [`STATE_SLUGS`] as a map.
    fn state_slugs(&self) -> Result<HashMap<i64, String>> {
        let rows = self.rows(STATE_SLUGS, vals![], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.into_iter().collect())
    }
}

impl<C: Conn> Sets for SqlStore<C> {
    fn patch_items(&self, ids: &[i64]) -> Result<Vec<Patch>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let slugs = self.state_slugs()?;
        self.by_ids(
            &format!("SELECT {PATCH_ITEM_COLUMNS} FROM patchwork_patch p"),
            "p.id",
            ids,
            |r| patch_item_from(r, &slugs),
            |p| p.id,
        )
    }

    fn cover_items(&self, ids: &[i64]) -> Result<Vec<Cover>> {
        self.by_ids(
            &format!("SELECT {COVER_ITEM_COLUMNS} FROM patchwork_cover c"),
            "c.id",
            ids,
            cover_from,
            |c| c.id,
        )
    }

    fn series_patch_items(&self, series_ids: &[i64]) -> Result<Vec<Patch>> {
        if series_ids.is_empty() {
            return Ok(Vec::new());
        }
        let slugs = self.state_slugs()?;
        let d = self.dialect();
        self.rows(
            &format!(
                "SELECT {PATCH_ITEM_COLUMNS} FROM patchwork_patch p WHERE p.series_id IN ({}) \
                 ORDER BY p.series_id, p.date, p.number, p.id",
                d.id_set_rows("?1")
            ),
            vals![d.id_set_text(series_ids)],
            |r| patch_item_from(r, &slugs),
        )
    }

    fn series_in(&self, ids: &[i64]) -> Result<Vec<Series>> {
        self.by_ids(
            &format!("SELECT {SERIES_COLUMNS} FROM patchwork_series s"),
            "s.id",
            ids,
            series_from,
            |s| s.id,
        )
    }

    fn people_in(&self, ids: &[i64]) -> Result<Vec<Person>> {
        self.by_ids(
            "SELECT t.id, t.name, t.email FROM patchwork_person t",
            "t.id",
            ids,
            person_from,
            |p| p.id,
        )
    }

    fn users_in(&self, ids: &[i64]) -> Result<Vec<User>> {
        self.by_ids(
            &format!("SELECT {USER_COLUMNS} FROM auth_user u"),
            "u.id",
            ids,
            user_from,
            |u| u.id,
        )
    }

    fn maintainers(&self) -> Result<Vec<(i64, User)>> {
        self.rows(
            "SELECT m.project_id, pr.id, u.username, u.first_name, u.last_name, u.email \
             FROM patchwork_userprofile_maintainer_projects m \
             JOIN patchwork_userprofile pr ON pr.id = m.userprofile_id \
             JOIN auth_user u ON u.id = pr.user_id ORDER BY m.project_id, pr.id",
            vals![],
            |r| Ok((r.get(0)?, user_at(r, 1)?)),
        )
    }
}
