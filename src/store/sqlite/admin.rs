//! Project administration (`pwingest project edit|remove`): the only
//! statements that change or delete a project. Kept apart from the store
//! traits, which ingestion and export use, so that a new store layout only
//! has to re-implement these three methods.

use rusqlite::{ToSql, params, params_from_iter};

use super::SqliteStore;
use crate::error::Result;
use crate::model::Project;

/// A project's fields in table order (`link_name` … `commit_url_format`),
/// for `INSERT` and `UPDATE`.
pub(super) fn project_fields(p: &Project) -> [&dyn ToSql; 11] {
    [
        &p.link_name,
        &p.name,
        &p.list_id,
        &p.list_email,
        &p.subject_match,
        &p.web_url,
        &p.scm_url,
        &p.webscm_url,
        &p.list_archive_url,
        &p.list_archive_url_format,
        &p.commit_url_format,
    ]
}

/// What a project holds: what `project remove --force` deletes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectRecords {
    pub patches: i64,
    pub covers: i64,
    /// Attached and pending.
    pub comments: i64,
    pub series: i64,
}

impl ProjectRecords {
    pub fn is_empty(&self) -> bool {
        *self == ProjectRecords::default()
    }
}

impl SqliteStore {
    /// Counts of the records of project `id`.
    pub fn project_records(&self, id: i64) -> Result<ProjectRecords> {
        let count = |table: &str| -> Result<i64> {
            let sql = format!("SELECT count(*) FROM {table} WHERE project_id = ?1");
            Ok(self.conn.query_row(&sql, [id], |r| r.get(0))?)
        };
        Ok(ProjectRecords {
            patches: count("patches")?,
            covers: count("covers")?,
            comments: count("comments")?,
            series: count("series")?,
        })
    }

    /// Writes every field of `p` over the project with its id.
    pub fn update_project(&mut self, p: &Project) -> Result<()> {
        let id: &dyn ToSql = &p.id;
        self.conn.execute(
            "UPDATE projects SET link_name = ?1, name = ?2, list_id = ?3, list_email = ?4, \
             subject_match = ?5, web_url = ?6, scm_url = ?7, webscm_url = ?8, \
             list_archive_url = ?9, list_archive_url_format = ?10, commit_url_format = ?11 \
             WHERE id = ?12",
            params_from_iter(project_fields(p).into_iter().chain([id])),
        )?;
        Ok(())
    }

    /// Deletes project `p` and every record of it, in one transaction.
    /// People stay (they are global). The raw mail of the deleted records
    /// stays too, marked `dropped` with the reason, so nothing is lost.
    pub fn remove_project(&mut self, p: &Project) -> Result<()> {
        let tx = self.conn.transaction()?;
        let reason = format!("dropped: project {} removed", p.link_name);
        for table in ["patches", "covers", "comments"] {
            tx.execute(
                &format!(
                    "UPDATE messages SET result = 'dropped', reason = ?2 \
                     WHERE id IN (SELECT message_id FROM {table} WHERE project_id = ?1)"
                ),
                params![p.id, reason],
            )?;
        }
        // Children before parents: comments and patches point at series
        // and covers; series at the project.
        for table in [
            "refs", "comments", "patches", "covers", "series", "projects",
        ] {
            let key = if table == "projects" {
                "id"
            } else {
                "project_id"
            };
            tx.execute(&format!("DELETE FROM {table} WHERE {key} = ?1"), [p.id])?;
        }
        tx.commit()?;
        Ok(())
    }
}
