//! Site settings kept in the database (table `pwingest_settings`, one
//! key/value row each) so that every writer — pipe deliveries, imports, the
//! LMTP server, on any host — sees the same ones. Today the only key is
//! `fixes` (see [`crate::fixes`]); the one fix the store itself applies is
//! `tags-on-cover-letter`, in the tag counts of `patchwork_patchtag`
//! (recounted when the setting changes). The table is pwingest's own,
//! beside Patchwork's schema.

use super::conn::Conn;
use super::sql::SqlStore;
use crate::error::Result;
use crate::fixes::Fixes;
use crate::vals;

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

impl<C: Conn> Settings for SqlStore<C> {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.read_setting(key)
    }

    fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.exec_setting(
            "INSERT INTO pwingest_settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vals![key, value],
        )?;
        if key == FIXES {
            // Tag counts are derived data: they follow the setting.
            self.recount_all_tags()?;
        }
        Ok(())
    }
}
