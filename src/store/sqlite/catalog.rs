//! SQLite statements behind [`Catalog`]: single records and export.

use super::SqliteStore;
use crate::error::Result;
use crate::model::{Comment, Cover, Patch, Person, Series};
use crate::store::Catalog;
use crate::store::rows::*;

impl Catalog for SqliteStore {
    fn people(&self) -> Result<Vec<Person>> {
        self.rows(
            "SELECT id, name, email FROM people ORDER BY id",
            [],
            person_from,
        )
    }

    fn patches(&self) -> Result<Vec<Patch>> {
        self.rows(
            &format!("SELECT {PATCH_COLUMNS} FROM patches ORDER BY message_id, id"),
            [],
            patch_from,
        )
    }

    fn covers(&self) -> Result<Vec<Cover>> {
        self.rows(
            &format!("SELECT {COVER_COLUMNS} FROM covers c ORDER BY c.message_id, c.id"),
            [],
            cover_from,
        )
    }

    fn comments(&self) -> Result<Vec<Comment>> {
        self.rows(
            &format!("SELECT {COMMENT_COLUMNS} FROM comments WHERE parent_kind IS NOT NULL ORDER BY message_id, id"),
            [],
            comment_from,
        )
    }

    fn patch(&self, id: i64) -> Result<Option<Patch>> {
        self.row(
            &format!("SELECT {PATCH_COLUMNS} FROM patches WHERE id = ?1"),
            [id],
            patch_from,
        )
    }

    fn cover(&self, id: i64) -> Result<Option<Cover>> {
        self.row(
            &format!("SELECT {COVER_COLUMNS} FROM covers c WHERE c.id = ?1"),
            [id],
            cover_from,
        )
    }

    fn comment(&self, id: i64) -> Result<Option<Comment>> {
        self.row(
            &format!(
                "SELECT {COMMENT_COLUMNS} FROM comments WHERE id = ?1 AND parent_kind IS NOT NULL"
            ),
            [id],
            comment_from,
        )
    }

    fn series(&self, id: i64) -> Result<Option<Series>> {
        self.row(
            &format!("SELECT {SERIES_COLUMNS} FROM series WHERE id = ?1"),
            [id],
            series_from,
        )
    }

    fn person(&self, id: i64) -> Result<Option<Person>> {
        self.row(
            "SELECT id, name, email FROM people WHERE id = ?1",
            [id],
            person_from,
        )
    }

    fn series_patches(&self, series_id: i64) -> Result<Vec<Patch>> {
        self.rows(
            &format!(
                "SELECT {PATCH_COLUMNS} FROM patches WHERE series_id = ?1 ORDER BY date, number, id"
            ),
            [series_id],
            patch_from,
        )
    }

    fn all_series(&self) -> Result<Vec<Series>> {
        let sql = format!("SELECT {SERIES_COLUMNS} FROM series ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], series_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
