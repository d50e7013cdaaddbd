//! The statements behind [`Catalog`]: single records for documents and export, read
//! from Patchwork's tables, so what pwingest prints is what the site serves.

use super::SqlStore;
use crate::error::Result;
use crate::model::{Comment, Cover, Patch, Person, Series, User};
use crate::store::Catalog;
use crate::store::conn::Conn;
use crate::store::rows::*;
use crate::vals;

impl<C: Conn> Catalog for SqlStore<C> {
    fn patch(&self, id: i64) -> Result<Option<Patch>> {
        self.row(
            &format!("SELECT {PATCH_COLUMNS} FROM patchwork_patch p WHERE p.id = ?1"),
            vals![id],
            patch_from,
        )
    }

    fn cover(&self, id: i64) -> Result<Option<Cover>> {
        self.row(
            &format!("SELECT {COVER_COLUMNS} FROM patchwork_cover c WHERE c.id = ?1"),
            vals![id],
            cover_from,
        )
    }

    /// `id` is the reply's `pwingest_comment` id; `None` while pending.
    fn comment(&self, id: i64) -> Result<Option<Comment>> {
        let Some((kind, record)) = self.row(
            "SELECT kind, record_id FROM pwingest_comment WHERE id = ?1 AND kind IS NOT NULL",
            vals![id],
            |r| Ok((kind_from_code(&r.get::<String>(0)?), r.get::<i64>(1)?)),
        )?
        else {
            return Ok(None);
        };
        self.row(
            &format!("{} WHERE m.id = ?1", comment_select(kind)),
            vals![record],
            comment_from,
        )
    }

    fn series(&self, id: i64) -> Result<Option<Series>> {
        self.row(
            &format!("SELECT {SERIES_COLUMNS} FROM patchwork_series s WHERE s.id = ?1"),
            vals![id],
            series_from,
        )
    }

    fn person(&self, id: i64) -> Result<Option<Person>> {
        self.row(
            "SELECT id, name, email FROM patchwork_person WHERE id = ?1",
            vals![id],
            person_from,
        )
    }

    fn user(&self, id: i64) -> Result<Option<User>> {
        self.row(
            &format!("SELECT {USER_COLUMNS} FROM auth_user u WHERE u.id = ?1"),
            vals![id],
            user_from,
        )
    }

    fn series_patches(&self, series_id: i64) -> Result<Vec<Patch>> {
        self.rows(
            &format!(
                "SELECT {PATCH_COLUMNS} FROM patchwork_patch p WHERE p.series_id = ?1 \
                 ORDER BY p.date, p.number, p.id"
            ),
            vals![series_id],
            patch_from,
        )
    }
}
