//! Site settings kept in the database (table `pwingest_settings`, one
//! key/value row each) so that every writer — pipe deliveries, imports, the
//! LMTP server, on any host — sees the same ones. Today the only key is
//! `fixes` (see [`crate::fixes`]); the one fix read from SQL is
//! `tags-on-cover-letter`, in the `patch_tags` view. Kept apart from the record tables on
//! purpose: the table is pwingest's own, beside Patchwork's schema.

use rusqlite::OptionalExtension;

use super::SqliteStore;
use crate::error::Result;
use crate::fixes::Fixes;

/// The migration that creates the table and the `patch_tags` view that
/// follows the `tags-on-cover-letter` fix (appended to the schema's).
pub(super) const MIGRATION: &str = include_str!("settings.sql");

/// The settings key of the enabled fixes.
const FIXES: &str = "fixes";

/// Reading and writing settings.
pub trait Settings {
    /// The value of `key`, `None` when it was never set.
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// Sets `key` to `value` (durably, when not inside a transaction).
    fn set_setting(&mut self, key: &str, value: &str) -> Result<()>;

    /// The enabled fixes: `Fixes::NONE` when never set. A stored value this
    /// version does not know (written by a newer one) is a configuration error.
    fn fixes(&self) -> Result<Fixes> {
        match self.setting(FIXES)? {
            None => Ok(Fixes::NONE),
            Some(v) => Fixes::parse(&v)
                .map_err(|e| crate::error::Error::config(format!("setting fixes: {e}"))),
        }
    }

    /// Stores the enabled fixes.
    fn set_fixes(&mut self, fixes: Fixes) -> Result<()> {
        self.set_setting(FIXES, &fixes.to_string())
    }
}

impl Settings for SqliteStore {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value FROM pwingest_settings WHERE key = ?1")?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO pwingest_settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}
