//! Reads for the web server (`pwingest web`): a page of ids under a filter
//! the caller composed, counts, the comments of one submission, and the
//! owner of an API token. Read-only; Patchwork's tables only.

use rusqlite::types::Value as SqlValue;

use super::SqliteStore;
use crate::error::Result;
use crate::model::{Comment, Parent};
use crate::series::MemberKind;
use crate::store::rows::{comment_from, comment_select};

impl SqliteStore {
    /// The first column (an id) of every row `sql` selects with `params`.
    pub fn select_ids(&self, sql: &str, params: &[SqlValue]) -> Result<Vec<i64>> {
        self.ids(sql, rusqlite::params_from_iter(params))
    }

    /// The single integer `sql` selects (`SELECT COUNT(*) …`).
    pub fn select_count(&self, sql: &str, params: &[SqlValue]) -> Result<i64> {
        Ok(self
            .row(sql, rusqlite::params_from_iter(params), |r| r.get(0))?
            .unwrap_or(0))
    }

    /// Rows of `sql` as JSON-ready values, column by column (checks, events).
    pub fn select_rows(&self, sql: &str, params: &[SqlValue]) -> Result<Vec<Vec<SqlValue>>> {
        self.rows(sql, rusqlite::params_from_iter(params), |r| {
            (0..r.as_ref().column_count())
                .map(|i| r.get::<_, SqlValue>(i))
                .collect()
        })
    }

    /// The comments of a patch or cover letter, by date then id (Patchwork's
    /// `Comment.Meta.ordering` is `date`), with Patchwork's comment ids.
    pub fn comments_of(&self, parent: Parent) -> Result<Vec<Comment>> {
        let (kind, column, id) = match parent {
            Parent::Patch(id) => (MemberKind::Patch, "patch_id", id),
            Parent::Cover(id) => (MemberKind::Cover, "cover_id", id),
        };
        self.rows(
            &format!(
                "{} WHERE m.{column} = ?1 ORDER BY m.date, m.id",
                comment_select(kind)
            ),
            [id],
            comment_from,
        )
    }

    /// The user an `authtoken_token` key belongs to, if it is active.
    pub fn token_user(&self, key: &str) -> Result<Option<i64>> {
        self.row(
            "SELECT u.id FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id \
             WHERE t.key = ?1 AND u.is_active",
            [key],
            |r| r.get(0),
        )
    }
}
