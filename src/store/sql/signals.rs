//! What Patchwork's model signals write beside a record: event rows
//! (spec §16, `patchwork/signals.py`) and a patch's tag counts (§12,
//! `Patch.refresh_tag_counts`), from the site's own `patchwork_tag` rows
//! and the project's `use_tags`.

use super::SqlStore;
use crate::classify::tags::count_pattern;
use crate::error::Result;
use crate::fixes::{Fix, Fixes};
use crate::store::NewEvent;
use crate::store::conn::Conn;
use crate::store::conn::Value;
use crate::store::rows::date_to_sql;
use crate::vals;

impl<C: Conn> SqlStore<C> {
    /// Writes the message's events in the order Patchwork's signals raise
    /// them: they come in that order, except that a cover letter's series
    /// is created (and its event raised) before the cover letter.
    pub(super) fn write_events(&mut self) -> Result<()> {
        if self.events.is_empty() {
            return Ok(());
        }
        let mut events = std::mem::take(&mut self.events);
        if let Some(cover) = events.iter().position(|e| e.category == "cover-created") {
            let series: Vec<NewEvent> = events
                .iter()
                .filter(|e| e.category == "series-created")
                .copied()
                .collect();
            events.retain(|e| e.category != "series-created");
            let at = cover.min(events.len());
            events.splice(at..at, series);
        }
        let sql = "INSERT INTO patchwork_event (category, date, actor_id, created_check_id, current_delegate_id, \
             current_relation_id, current_state_id, previous_delegate_id, previous_relation_id, \
             previous_state_id, project_id, series_id, cover_id, patch_id, cover_comment_id, patch_comment_id) \
             VALUES (?1, ?2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?3, ?4, ?5, ?6, ?7, ?8)";
        for e in &events {
            let (cover_comment, patch_comment) = match e.category {
                "cover-comment-created" => (e.comment_id, None),
                _ => (None, e.comment_id),
            };
            let now = date_to_sql(crate::site_time::now());
            self.exec_later(
                sql,
                vals![
                    e.category,
                    &now,
                    e.project_id,
                    e.series_id,
                    e.cover_id,
                    e.patch_id,
                    cover_comment,
                    patch_comment
                ],
            )?;
        }
        Ok(())
    }

    /// Deletes the events about a record that goes (Django cascades them),
    /// written or still to be written. `column` is an event column.
    pub(super) fn forget_events(&mut self, column: &str, id: i64) -> Result<()> {
        self.events.retain(|e| {
            let value = match column {
                "series_id" => e.series_id,
                "cover_id" => e.cover_id,
                "patch_id" => e.patch_id,
                "cover_comment_id" if e.category == "cover-comment-created" => e.comment_id,
                "patch_comment_id" if e.category == "patch-comment-created" => e.comment_id,
                _ => None,
            };
            value != Some(id)
        });
        self.exec(
            &format!("DELETE FROM patchwork_event WHERE {column} = ?1"),
            vals![id],
        )?;
        Ok(())
    }

    /// After `changed` (a new patch's content, or a comment's that joined
    /// or left the patch) — or anything, with `None` — recounts the patch's
    /// tags; a text without any tag changes no count.
    pub(super) fn tags_changed(&mut self, patch_id: i64, changed: Option<&str>) -> Result<()> {
        if let Some(text) = changed {
            let tags = self.site_tags()?;
            if tags
                .iter()
                .all(|(_, pattern)| count_pattern(text, pattern) == 0)
            {
                return Ok(());
            }
        }
        self.refresh_tags(patch_id)
    }

    /// Whether the `tags-on-cover-letter` fix is on.
    pub(super) fn tags_on_cover_letter(&self) -> Result<bool> {
        let fixes = match self.read_setting("fixes")? {
            Some(v) => Fixes::parse(&v).unwrap_or(Fixes::NONE),
            None => Fixes::NONE,
        };
        Ok(fixes.has(Fix::TAGS_ON_COVER_LETTER))
    }

    /// With the `tags-on-cover-letter` fix, recounts the patches of the
    /// series whose cover letter is `cover` (a reply to it came or went).
    pub(super) fn cover_tags_changed(&mut self, cover: i64, changed: Option<&str>) -> Result<()> {
        if !self.tags_on_cover_letter()? {
            return Ok(());
        }
        let patches = self.ids(
            "SELECT p.id FROM patchwork_series s JOIN patchwork_patch p ON p.series_id = s.id \
             WHERE s.cover_letter_id = ?1",
            vals![cover],
        )?;
        for p in patches {
            self.tags_changed(p, changed)?;
        }
        Ok(())
    }

    /// A setting's value (`pwingest_settings`).
    pub(crate) fn read_setting(&self, key: &str) -> Result<Option<String>> {
        self.row(
            "SELECT value FROM pwingest_settings WHERE key = ?1",
            vals![key],
            |r| r.get(0),
        )
    }

    /// Writes settings (a statement on `pwingest_settings`).
    pub(crate) fn exec_setting(&self, sql: &str, params: &[Value<'_>]) -> Result<usize> {
        self.exec(sql, params)
    }

    /// Recounts every patch's tags (after a setting they follow changed).
    pub(crate) fn recount_all_tags(&mut self) -> Result<()> {
        for p in self.ids("SELECT id FROM patchwork_patch ORDER BY id", vals![])? {
            self.refresh_tags(p)?;
        }
        Ok(())
    }

    /// The site's tags `(id, pattern)`, read once per connection.
    fn site_tags(&mut self) -> Result<Vec<(i64, String)>> {
        if self.tags.is_none() {
            self.tags = Some(self.rows(
                "SELECT id, pattern FROM patchwork_tag ORDER BY id",
                vals![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?);
        }
        Ok(self.tags.clone().unwrap_or_default())
    }

    /// Recounts a patch's tags over its content and its comments' and
    /// updates `patchwork_patchtag` the way Patchwork does: zero counts
    /// removed, changed counts updated in place; nothing when the
    /// project does not use tags.
    fn refresh_tags(&mut self, patch_id: i64) -> Result<()> {
        let Some(use_tags) = self.row(
            "SELECT pr.use_tags FROM patchwork_patch p JOIN patchwork_project pr ON pr.id = p.project_id \
             WHERE p.id = ?1",
            vals![patch_id],
            |r| r.get::<bool>(0),
        )?
        else {
            return Ok(());
        };
        if !use_tags {
            return Ok(());
        }
        let tags = self.site_tags()?;
        let mut texts: Vec<String> = self.rows(
            "SELECT content FROM patchwork_patch WHERE id = ?1 AND content IS NOT NULL \
             UNION ALL SELECT content FROM patchwork_patchcomment WHERE patch_id = ?1 AND content IS NOT NULL",
            vals![patch_id],
            |r| r.get(0),
        )?;
        if self.tags_on_cover_letter()? {
            // The opt-in fix (getpatchwork/patchwork#113): the replies to
            // the cover letter of the patch's series count too.
            texts.extend(self.rows::<String>(
                "SELECT m.content FROM patchwork_patch p JOIN patchwork_series s ON s.id = p.series_id \
                 JOIN patchwork_covercomment m ON m.cover_id = s.cover_letter_id \
                 WHERE p.id = ?1 AND m.content IS NOT NULL",
                vals![patch_id],
                |r| r.get(0),
            )?);
        }
        for (tag, pattern) in tags {
            let count: u32 = texts.iter().map(|t| count_pattern(t, &pattern)).sum();
            if count == 0 {
                self.exec_later(
                    "DELETE FROM patchwork_patchtag WHERE patch_id = ?1 AND tag_id = ?2",
                    vals![patch_id, tag],
                )?;
            } else {
                self.exec_later(
                    "INSERT INTO patchwork_patchtag (count, tag_id, patch_id) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (patch_id, tag_id) DO UPDATE SET count = excluded.count \
                     WHERE patchwork_patchtag.count != excluded.count",
                    vals![count, tag, patch_id],
                )?;
            }
        }
        Ok(())
    }
}
