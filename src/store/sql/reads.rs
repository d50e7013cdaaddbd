//! Reads for the web server (`pwingest web`): a page of ids under a filter
//! the caller composed, counts, the comments of one submission, checks,
//! comments and events by id sets (a page of events in a few queries), and
//! the owner of an API token. Read-only; Patchwork's tables only.

use super::SqlStore;
use crate::error::Result;
use crate::model::{Comment, Parent};
use crate::series::MemberKind;
use crate::store::conn::{Conn, RowRead, Value};
use crate::store::rows::{comment_from, comment_select};
use crate::vals;

/// A `patchwork_check` row.
#[derive(Debug, Clone)]
pub struct CheckRow {
    pub id: i64,
    pub patch_id: i64,
    pub user_id: Option<i64>,
    pub date: String,
    /// 0 pending, 1 success, 2 warning, 3 fail (`Check.STATE_CHOICES`).
    pub state: i64,
    pub target_url: Option<String>,
    pub context: String,
    pub description: Option<String>,
}

/// A `patchwork_event` row: its category and the rows it names.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub id: i64,
    pub category: String,
    pub project_id: i64,
    pub date: String,
    pub actor_id: Option<i64>,
    pub patch_id: Option<i64>,
    pub series_id: Option<i64>,
    pub cover_id: Option<i64>,
    pub patch_comment_id: Option<i64>,
    pub cover_comment_id: Option<i64>,
    pub check_id: Option<i64>,
    pub previous_state: Option<String>,
    pub current_state: Option<String>,
    pub previous_delegate_id: Option<i64>,
    pub current_delegate_id: Option<i64>,
}

const CHECK_SELECT: &str = "SELECT c.id, c.patch_id, c.user_id, c.date, c.state, c.target_url, \
     c.context, c.description FROM patchwork_check c";

fn check_from(r: &dyn RowRead) -> Result<CheckRow> {
    Ok(CheckRow {
        id: r.get(0)?,
        patch_id: r.get(1)?,
        user_id: r.get(2)?,
        date: r.get(3)?,
        state: r.get(4)?,
        target_url: r.get(5)?,
        context: r.get(6)?,
        description: r.get(7)?,
    })
}

impl<C: Conn> SqlStore<C> {
    /// Makes this connection a server's reader (`Dialect::reader_setup`).
    pub fn serve_reads(&self) -> Result<()> {
        self.conn.batch(self.dialect().reader_setup())
    }

    /// Starts the reads of one request: in one transaction where the
    /// engine gains by it (`Dialect::reads_share_a_transaction`), ended by
    /// [`SqlStore::end_reads`] whatever the reads gave.
    pub fn begin_reads(&self) -> Result<()> {
        if self.dialect().reads_share_a_transaction() {
            self.conn.execute("BEGIN", &[])?;
        }
        Ok(())
    }

    /// Ends what [`SqlStore::begin_reads`] began (nothing was written:
    /// committing releases the snapshot).
    pub fn end_reads(&self) -> Result<()> {
        if self.dialect().reads_share_a_transaction() {
            self.conn.execute("COMMIT", &[])?;
        }
        Ok(())
    }

    /// `Dialect::data_version` on this connection, if the engine has it.
    /// Read inside [`SqlStore::reading`], it holds for that snapshot.
    pub fn data_version(&self) -> Result<Option<i64>> {
        match self.dialect().data_version() {
            Some(sql) => self.row(sql, vals![], |r| r.get(0)),
            None => Ok(None),
        }
    }

    /// The first column (an id) of every row `sql` selects with `params`.
    pub fn select_ids(&self, sql: &str, params: &[Value<'_>]) -> Result<Vec<i64>> {
        self.ids(sql, params)
    }

    /// The single integer `sql` selects (`SELECT COUNT(*) …`).
    pub fn select_count(&self, sql: &str, params: &[Value<'_>]) -> Result<i64> {
        Ok(self.row(sql, params, |r| r.get(0))?.unwrap_or(0))
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
            vals![id],
            comment_from,
        )
    }

    /// The comments of the patches (`kind` patch) or cover letters
    /// `parents`, each parent's by date then id.
    pub fn comments_on(&self, kind: MemberKind, parents: &[i64]) -> Result<Vec<Comment>> {
        if parents.is_empty() {
            return Ok(Vec::new());
        }
        let column = match kind {
            MemberKind::Patch => "patch_id",
            MemberKind::Cover => "cover_id",
        };
        let d = self.dialect();
        self.rows(
            &format!(
                "{} WHERE m.{column} IN ({}) ORDER BY m.{column}, m.date, m.id",
                comment_select(kind),
                d.id_set_rows("?1")
            ),
            vals![d.id_set_text(parents)],
            comment_from,
        )
    }

    /// A patch's checks by id (the `ordering` of Patchwork's check list).
    pub fn checks_of(&self, patch_id: i64) -> Result<Vec<CheckRow>> {
        self.rows(
            &format!("{CHECK_SELECT} WHERE c.patch_id = ?1 ORDER BY c.id"),
            vals![patch_id],
            check_from,
        )
    }

    /// The checks `ids`, in that order.
    pub fn checks_in(&self, ids: &[i64]) -> Result<Vec<CheckRow>> {
        self.by_ids(CHECK_SELECT, "c.id", ids, check_from, |c| c.id)
    }

    /// The patch comments (`kind` patch) or cover comments `ids`, with
    /// Patchwork's comment ids, in the order of `ids`.
    pub fn comments_in(&self, kind: MemberKind, ids: &[i64]) -> Result<Vec<Comment>> {
        self.by_ids(comment_select(kind), "m.id", ids, comment_from, |c| c.id)
    }

    /// The events `ids`, in that order, their states as slugs.
    pub fn events_in(&self, ids: &[i64]) -> Result<Vec<EventRow>> {
        self.by_ids(
            "SELECT e.id, e.category, e.project_id, e.date, e.actor_id, e.patch_id, e.series_id, \
             e.cover_id, e.patch_comment_id, e.cover_comment_id, e.created_check_id, ps.slug, \
             cs.slug, e.previous_delegate_id, e.current_delegate_id FROM patchwork_event e \
             LEFT JOIN patchwork_state ps ON ps.id = e.previous_state_id \
             LEFT JOIN patchwork_state cs ON cs.id = e.current_state_id",
            "e.id",
            ids,
            |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    category: r.get(1)?,
                    project_id: r.get(2)?,
                    date: r.get(3)?,
                    actor_id: r.get(4)?,
                    patch_id: r.get(5)?,
                    series_id: r.get(6)?,
                    cover_id: r.get(7)?,
                    patch_comment_id: r.get(8)?,
                    cover_comment_id: r.get(9)?,
                    check_id: r.get(10)?,
                    previous_state: r.get(11)?,
                    current_state: r.get(12)?,
                    previous_delegate_id: r.get(13)?,
                    current_delegate_id: r.get(14)?,
                })
            },
            |e| e.id,
        )
    }

    /// The user an `authtoken_token` key belongs to, if it is active.
    pub fn token_user(&self, key: &str) -> Result<Option<i64>> {
        self.row(
            "SELECT u.id FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id \
             WHERE t.key = ?1 AND u.is_active",
            vals![key],
            |r| r.get(0),
        )
    }
}
