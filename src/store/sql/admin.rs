//! Project administration (`pwingest project edit|remove`): the only
//! statements that change or delete a `patchwork_project` row. Kept apart
//! from the store traits, which ingestion and export use.
//!
//! Removing a project that holds records is Patchwork's admin's job: Django
//! cascades the delete in Python across a dozen tables (checks, bundles,
//! events, tags, relations, series references), which a gateway must not
//! second-guess on a live site. pwingest removes only an empty project.

use super::{SqlStore, project_values};
use crate::error::{Error, Result};
use crate::model::Project;
use crate::store::Ledger;
use crate::store::conn::Conn;
use crate::vals;

/// What a project holds: why `project remove` refuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectRecords {
    pub patches: i64,
    pub covers: i64,
    /// Attached (both comment tables) and waiting for their parent.
    pub comments: i64,
    pub series: i64,
}

impl ProjectRecords {
    pub fn is_empty(&self) -> bool {
        *self == ProjectRecords::default()
    }
}

impl<C: Conn> SqlStore<C> {
    /// Counts of the records of project `id`.
    pub fn project_records(&self, id: i64) -> Result<ProjectRecords> {
        let count =
            |sql: &str| -> Result<i64> { Ok(self.row(sql, vals![id], |r| r.get(0))?.unwrap_or(0)) };
        Ok(ProjectRecords {
            patches: count("SELECT count(*) FROM patchwork_patch WHERE project_id = ?1")?,
            covers: count("SELECT count(*) FROM patchwork_cover WHERE project_id = ?1")?,
            comments: count(
                "SELECT count(*) FROM patchwork_patchcomment c \
                 JOIN patchwork_patch p ON p.id = c.patch_id WHERE p.project_id = ?1",
            )? + count(
                "SELECT count(*) FROM patchwork_covercomment c \
                 JOIN patchwork_cover v ON v.id = c.cover_id WHERE v.project_id = ?1",
            )? + count(
                "SELECT count(*) FROM pwingest_comment WHERE project_id = ?1 AND kind IS NULL",
            )?,
            series: count("SELECT count(*) FROM patchwork_series WHERE project_id = ?1")?,
        })
    }

    /// Writes every field of `p` over the `patchwork_project` row with its id.
    pub fn update_project(&mut self, p: &Project) -> Result<()> {
        self.exec(
            "UPDATE patchwork_project SET linkname = ?1, name = ?2, listid = ?3, listemail = ?4, \
             subject_match = ?5, web_url = ?6, scm_url = ?7, webscm_url = ?8, \
             list_archive_url = ?9, list_archive_url_format = ?10, commit_url_format = ?11 \
             WHERE id = ?12",
            &[&project_values(p)[..], vals![p.id]].concat(),
        )?;
        Ok(())
    }

    /// Deletes project `p`, which must hold no records, with the rows that
    /// only configure it (delegation rules, maintainer links), in one
    /// transaction. A project with records is refused (usage error).
    pub fn remove_project(&mut self, p: &Project) -> Result<()> {
        if !self.project_records(p.id)?.is_empty() {
            return Err(Error::usage(format!(
                "project {} holds records: remove it through Patchwork's admin, which deletes \
                 them with everything that refers to them",
                p.link_name
            )));
        }
        self.begin()?;
        for sql in [
            "DELETE FROM patchwork_delegationrule WHERE project_id = ?1",
            "DELETE FROM patchwork_userprofile_maintainer_projects WHERE project_id = ?1",
            "DELETE FROM patchwork_project WHERE id = ?1",
        ] {
            if let Err(e) = self.exec(sql, vals![p.id]) {
                self.rollback()?;
                return Err(e);
            }
        }
        self.commit()
    }
}
