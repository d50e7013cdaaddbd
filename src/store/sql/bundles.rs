//! Reads of Patchwork's bundles for the web server: `patchwork_bundle` rows
//! (a user's named, optionally public, list of patches in one project) and
//! their `patchwork_bundlepatch` members. Read-only: bundles are made on
//! the Patchwork site.

use super::SqlStore;
use crate::error::Result;
use crate::model::Patch;
use crate::store::conn::{Conn, RowRead};
use crate::store::rows::{PATCH_COLUMNS, patch_from};
use crate::vals;

/// A `patchwork_bundle` row with its owner's username (its URLs name it).
#[derive(Debug, Clone)]
pub struct BundleRow {
    pub id: i64,
    pub name: String,
    pub public: bool,
    pub owner_id: i64,
    pub owner: String,
    pub project_id: i64,
}

const BUNDLE_SELECT: &str = "SELECT b.id, b.name, b.public, b.owner_id, u.username, b.project_id \
     FROM patchwork_bundle b JOIN auth_user u ON u.id = b.owner_id";

fn bundle_from(r: &dyn RowRead) -> Result<BundleRow> {
    Ok(BundleRow {
        id: r.get(0)?,
        name: r.get(1)?,
        public: r.get(2)?,
        owner_id: r.get(3)?,
        owner: r.get(4)?,
        project_id: r.get(5)?,
    })
}

impl<C: Conn> SqlStore<C> {
    /// The bundles `ids`, in that order.
    pub fn bundles_in(&self, ids: &[i64]) -> Result<Vec<BundleRow>> {
        self.by_ids(BUNDLE_SELECT, "b.id", ids, bundle_from, |b| b.id)
    }

    /// The bundle `name` of the user `username` (unique together).
    pub fn bundle_named(&self, username: &str, name: &str) -> Result<Option<BundleRow>> {
        self.row(
            &format!("{BUNDLE_SELECT} WHERE u.username = ?1 AND b.name = ?2"),
            vals![username, name],
            bundle_from,
        )
    }

    /// `(bundle, patch)` of the bundles `ids`, each bundle's patches by
    /// date (`Patch.Meta.ordering`, what the API embeds), then id.
    pub fn bundle_members(&self, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let d = self.dialect();
        self.rows(
            &format!(
                "SELECT bp.bundle_id, bp.patch_id FROM patchwork_bundlepatch bp \
                 JOIN patchwork_patch p ON p.id = bp.patch_id WHERE bp.bundle_id IN ({}) \
                 ORDER BY bp.bundle_id, p.date, p.id",
                d.id_set_rows("?1")
            ),
            vals![d.id_set_text(ids)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// A bundle's patches in the bundle's own order (`ordered_patches`,
    /// what its mbox holds).
    pub fn bundle_patches(&self, bundle_id: i64) -> Result<Vec<Patch>> {
        self.rows(
            &format!(
                "SELECT {PATCH_COLUMNS} FROM patchwork_bundlepatch bp \
                 JOIN patchwork_patch p ON p.id = bp.patch_id WHERE bp.bundle_id = ?1 \
                 ORDER BY bp.\"order\", bp.id"
            ),
            vals![bundle_id],
            patch_from,
        )
    }
}
