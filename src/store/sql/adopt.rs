//! Adopting records Patchwork's own parser wrote (a site switching to
//! pwingest): patches, covers, comments and series with no `pwingest_*`
//! rows get them, rebuilt from Patchwork's columns — references from the
//! stored headers, subject markers from the stored `Subject`, threading
//! components from Patchwork's series and the references, a series'
//! creator from its cover letter or first patch. Runs at the start of a
//! write transaction, only when the newest record of a kind has no row.

use std::collections::HashMap;

use super::SqlStore;
use super::records::Inputs;
use crate::classify::subject;
use crate::error::Result;
use crate::mail::{Mail, ids};
use crate::series::{MemberKind, revision_key};
use crate::store::Threads;
use crate::store::conn::Conn;
use crate::store::rows::kind_code;
use crate::vals;

/// Probes: the newest record of each kind, and whether it has a side row.
const PROBES: &[&str] = &[
    "SELECT 1 FROM patchwork_patch p WHERE p.id = (SELECT max(id) FROM patchwork_patch) \
     AND NOT EXISTS (SELECT 1 FROM pwingest_submission s WHERE s.kind = 'p' AND s.record_id = p.id)",
    "SELECT 1 FROM patchwork_cover c WHERE c.id = (SELECT max(id) FROM patchwork_cover) \
     AND NOT EXISTS (SELECT 1 FROM pwingest_submission s WHERE s.kind = 'c' AND s.record_id = c.id)",
    "SELECT 1 FROM patchwork_patchcomment m WHERE m.id = (SELECT max(id) FROM patchwork_patchcomment) \
     AND NOT EXISTS (SELECT 1 FROM pwingest_comment c WHERE c.kind = 'p' AND c.record_id = m.id)",
    "SELECT 1 FROM patchwork_covercomment m WHERE m.id = (SELECT max(id) FROM patchwork_covercomment) \
     AND NOT EXISTS (SELECT 1 FROM pwingest_comment c WHERE c.kind = 'c' AND c.record_id = m.id)",
    "SELECT 1 FROM patchwork_series x WHERE x.id = (SELECT max(id) FROM patchwork_series) \
     AND NOT EXISTS (SELECT 1 FROM pwingest_series w WHERE w.series_id = x.id)",
];

/// A Patchwork record's fields adoption reads.
struct Found {
    id: i64,
    project_id: i64,
    linkname: String,
    msgid: String,
    date: String,
    headers: String,
    submitter_id: i64,
    series_id: Option<i64>,
}

impl<C: Conn> SqlStore<C> {
    /// Gives every record Patchwork wrote the `pwingest_*` rows it lacks.
    pub(super) fn adopt(&mut self) -> Result<()> {
        let mut needed = false;
        for probe in PROBES {
            needed |= self.exists(probe, vals![])?;
        }
        if !needed {
            return Ok(());
        }
        tracing::info!("adopting records Patchwork wrote (building pwingest's thread index)");
        let mut by_series: HashMap<i64, i64> = HashMap::new();
        for kind in [MemberKind::Cover, MemberKind::Patch] {
            self.adopt_submissions(kind, &mut by_series)?;
        }
        self.adopt_series()?;
        for kind in [MemberKind::Patch, MemberKind::Cover] {
            self.adopt_comments(kind)?;
        }
        Ok(())
    }

    fn adopt_submissions(
        &mut self,
        kind: MemberKind,
        by_series: &mut HashMap<i64, i64>,
    ) -> Result<()> {
        let sql = match kind {
            MemberKind::Patch => {
                "SELECT r.id, r.project_id, pr.linkname, r.msgid, r.date, r.headers, r.submitter_id, r.series_id \
                 FROM patchwork_patch r JOIN patchwork_project pr ON pr.id = r.project_id \
                 WHERE NOT EXISTS (SELECT 1 FROM pwingest_submission s WHERE s.kind = 'p' AND s.record_id = r.id) \
                 ORDER BY r.date, r.id"
            }
            MemberKind::Cover => {
                "SELECT r.id, r.project_id, pr.linkname, r.msgid, r.date, r.headers, r.submitter_id, \
                 (SELECT x.id FROM patchwork_series x WHERE x.cover_letter_id = r.id) \
                 FROM patchwork_cover r JOIN patchwork_project pr ON pr.id = r.project_id \
                 WHERE NOT EXISTS (SELECT 1 FROM pwingest_submission s WHERE s.kind = 'c' AND s.record_id = r.id) \
                 ORDER BY r.date, r.id"
            }
        };
        for f in self.found(sql)? {
            let mail = Mail::parse(f.headers.as_bytes());
            let refs = ids::references(
                &mail.clean_all("In-Reply-To"),
                &mail.clean_all("References"),
            );
            let s = subject::parse(&mail.clean("Subject").unwrap_or_default(), &[&f.linkname]);
            self.add_inputs(&Inputs {
                kind,
                id: f.id,
                message_id: None,
                project_id: f.project_id,
                submitter_id: f.submitter_id,
                date: &f.date,
                version: s.version,
                x: s.x,
                n: s.n,
                msgid: &f.msgid,
                refs: &refs,
            })?;
            // One component per Patchwork series, joined with every
            // component the record's Message-IDs reach.
            let ids: Vec<&str> = std::iter::once(f.msgid.as_str())
                .chain(refs.iter().map(String::as_str))
                .collect();
            let mut components = self.components_by_msgids(f.project_id, &ids)?;
            components.extend(f.series_id.and_then(|s| by_series.get(&s).copied()));
            components.sort_unstable();
            components.dedup();
            let component = match components.first() {
                Some(&first) => {
                    self.merge_components(first, &components[1..])?;
                    first
                }
                None => self.new_component()?,
            };
            by_series.values_mut().for_each(|c| {
                if components.contains(c) {
                    *c = component;
                }
            });
            if let Some(series) = f.series_id {
                by_series.insert(series, component);
            }
            self.set_component(kind, f.id, component)?;
        }
        Ok(())
    }

    /// A Patchwork series' creator: its cover letter, else its first patch,
    /// else (an empty series, made by a patch numbered 0) the earliest
    /// patch among its references.
    fn adopt_series(&mut self) -> Result<()> {
        let rows = self.rows(
            "SELECT x.id, x.name, x.cover_letter_id, \
             COALESCE((SELECT p.id FROM patchwork_patch p WHERE p.series_id = x.id ORDER BY p.number, p.id LIMIT 1), \
               (SELECT p.id FROM patchwork_seriesreference r JOIN patchwork_patch p \
                ON p.msgid = r.msgid AND p.project_id = r.project_id WHERE r.series_id = x.id \
                ORDER BY p.date, p.id LIMIT 1)) \
             FROM patchwork_series x \
             WHERE NOT EXISTS (SELECT 1 FROM pwingest_series w WHERE w.series_id = x.id)",
            vals![],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<Option<String>>(1)?,
                    r.get::<Option<i64>>(2)?,
                    r.get::<Option<i64>>(3)?,
                ))
            },
        )?;
        for (id, name, cover, patch) in rows {
            let creator = match (cover, patch) {
                (Some(c), _) => (MemberKind::Cover, c),
                (None, Some(p)) => (MemberKind::Patch, p),
                // Nothing of it left: nothing will ever regroup it.
                (None, None) => continue,
            };
            self.exec(
                "INSERT INTO pwingest_series (series_id, creator_kind, creator_id, name_key, component) \
                 VALUES (?1, ?2, ?3, ?4, COALESCE((SELECT m.component FROM pwingest_submission m \
                   WHERE m.kind = ?2 AND m.record_id = ?3), 0))",
                vals![id, kind_code(creator.0), creator.1, name.as_deref().map(revision_key)],
            )?;
        }
        Ok(())
    }

    fn adopt_comments(&mut self, kind: MemberKind) -> Result<()> {
        let sql = match kind {
            MemberKind::Patch => {
                "SELECT m.id, r.project_id, '', m.msgid, m.date, m.headers, m.submitter_id, NULL \
                 FROM patchwork_patchcomment m JOIN patchwork_patch r ON r.id = m.patch_id \
                 WHERE NOT EXISTS (SELECT 1 FROM pwingest_comment c WHERE c.kind = 'p' AND c.record_id = m.id) \
                 ORDER BY m.id"
            }
            MemberKind::Cover => {
                "SELECT m.id, r.project_id, '', m.msgid, m.date, m.headers, m.submitter_id, NULL \
                 FROM patchwork_covercomment m JOIN patchwork_cover r ON r.id = m.cover_id \
                 WHERE NOT EXISTS (SELECT 1 FROM pwingest_comment c WHERE c.kind = 'c' AND c.record_id = m.id) \
                 ORDER BY m.id"
            }
        };
        for f in self.found(sql)? {
            let mail = Mail::parse(f.headers.as_bytes());
            let refs = ids::references(
                &mail.clean_all("In-Reply-To"),
                &mail.clean_all("References"),
            );
            let refs_text = refs.join("\n");
            let id = self.insert(
                "INSERT INTO pwingest_comment (message_id, project_id, msgid, kind, record_id, refs, sender_name, \
                 sender_email) SELECT NULL, ?1, ?2, ?3, ?4, ?5, name, email FROM patchwork_person WHERE id = ?6 \
                 RETURNING id",
                vals![f.project_id, &f.msgid, kind_code(kind), f.id, &refs_text, f.submitter_id],
            )?;
            for r in refs.iter().map(|r| super::msgid_key(r)) {
                self.exec(
                    "INSERT INTO pwingest_ref (project_id, msgid, owner_kind, owner_id) VALUES (?1, ?2, 'm', ?3)",
                    vals![f.project_id, r, id],
                )?;
            }
        }
        Ok(())
    }

    fn found(&self, sql: &str) -> Result<Vec<Found>> {
        self.rows(sql, vals![], |r| {
            Ok(Found {
                id: r.get(0)?,
                project_id: r.get(1)?,
                linkname: r.get(2)?,
                msgid: r.get(3)?,
                date: r.get(4)?,
                headers: r.get(5)?,
                submitter_id: r.get(6)?,
                series_id: r.get(7)?,
            })
        })
    }
}
