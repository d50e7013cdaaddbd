//! The mail ledger, `pwingest_message`: every mail accepted, with its raw
//! bytes (`pwingest_message_raw`), its identity (SHA-256 of the bytes and
//! the forced list id), its headline and its fate, which follows the mail
//! when a waiting reply is attached later. Listing pages for
//! `pwingest messages list`, and the completion of rows written before the
//! ledger had identities and headlines.

use super::SqlStore;
use crate::classify::hash::raw_sha256;
use crate::error::Result;
use crate::store::conn::{Conn, RowRead, Value};
use crate::store::{MessageFate, MessageFilter, MessageRecord, NewMessage};
use crate::vals;

/// The reason a reply's mail gets when it is attached after waiting.
pub const ATTACHED_REASON: &str = "attached: its parent arrived after it";

const MESSAGE_COLUMNS: &str = "m.id, m.received_at, m.updated_at, m.msgid, m.list_id, \
     m.forced_list_id, m.from_header, m.subject, m.result, m.status, m.reason, \
     (SELECT MIN(s.record_id) FROM pwingest_submission s WHERE s.message_id = m.id AND s.kind = 'p'), \
     (SELECT MIN(s.record_id) FROM pwingest_submission s WHERE s.message_id = m.id AND s.kind = 'c'), \
     (SELECT MAX(c.id) FROM pwingest_comment c WHERE c.message_id = m.id), \
     (SELECT LENGTH(r.raw) FROM pwingest_message_raw r WHERE r.message_id = m.id)";

fn message_from(r: &dyn RowRead) -> Result<MessageRecord> {
    let stored: String = r.get(8)?;
    let record = match stored.as_str() {
        "patch" => r.get::<Option<i64>>(11)?.map(|id| ("patch", id)),
        "cover" => r.get::<Option<i64>>(12)?.map(|id| ("cover", id)),
        "comment" => r.get::<Option<i64>>(13)?.map(|id| ("comment", id)),
        _ => None,
    };
    let status = r
        .get::<Option<String>>(9)?
        .unwrap_or_else(|| stored.clone());
    Ok(MessageRecord {
        id: r.get(0)?,
        received_at: r.get(1)?,
        updated_at: r.get(2)?,
        msgid: r.get(3)?,
        list_id: r.get(4)?,
        forced_list_id: r.get(5)?,
        from: r.get(6)?,
        subject: r.get(7)?,
        // A waiting reply is `dropped` in Patchwork's words.
        result: if stored == "pending" {
            "dropped".into()
        } else {
            stored
        },
        status,
        reason: r.get(10)?,
        record,
        size: r.get::<Option<i64>>(14)?.unwrap_or(0),
    })
}

impl<C: Conn> SqlStore<C> {
    fn now_text(&self) -> String {
        self.conn.dialect().date(crate::site_time::now())
    }

    pub(super) fn insert_message(&mut self, m: &NewMessage<'_>) -> Result<i64> {
        let now = self.now_text();
        let id = self.insert(
            "INSERT INTO pwingest_message (received_at, updated_at, msgid, result, forced_list_id, \
             list_id, from_header, subject, raw_sha256) \
             VALUES (?1, ?1, ?2, 'new', ?3, ?4, ?5, ?6, ?7) RETURNING id",
            vals![
                &now,
                m.msgid,
                m.forced_list_id,
                m.list_id,
                m.from,
                m.subject,
                m.sha256
            ],
        )?;
        self.exec_later(
            "INSERT INTO pwingest_message_raw (message_id, raw) VALUES (?1, ?2)",
            vals![id, m.raw],
        )?;
        Ok(id)
    }

    pub(super) fn find_message(
        &self,
        sha256: &str,
        forced_list_id: Option<&str>,
    ) -> Result<Option<(i64, String)>> {
        self.row(
            "SELECT id, result FROM pwingest_message \
             WHERE raw_sha256 = ?1 AND COALESCE(forced_list_id, '') = ?2 ORDER BY id LIMIT 1",
            vals![sha256, forced_list_id.unwrap_or("")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub(super) fn record_fate(&mut self, id: i64, fate: MessageFate<'_>) -> Result<()> {
        let now = self.now_text();
        self.exec_later(
            "UPDATE pwingest_message SET result = ?2, status = ?3, reason = ?4, updated_at = ?5 \
             WHERE id = ?1",
            vals![id, fate.result, fate.status, fate.reason, &now],
        )?;
        Ok(())
    }

    pub(super) fn message_record(&self, id: i64) -> Result<Option<MessageRecord>> {
        self.row(
            &format!("SELECT {MESSAGE_COLUMNS} FROM pwingest_message m WHERE m.id = ?1"),
            vals![id],
            message_from,
        )
    }

    /// The mail of reply `comment` (a `pwingest_comment` id) follows it:
    /// when the reply is attached after waiting, its mail becomes the
    /// comment it is; when it waits again (its cover letter became a
    /// comment), its mail is pending again. Called on those two changes
    /// only: a new reply's mail gets its fate from its outcome.
    pub(super) fn reply_mail_follows(&mut self, comment: i64, attached: bool) -> Result<()> {
        let (was, result, status, reason) = if attached {
            ("pending", "comment", "stored", ATTACHED_REASON)
        } else {
            (
                "comment",
                "pending",
                "pending",
                crate::ingest::PENDING_REASON,
            )
        };
        let now = self.now_text();
        self.exec_later(
            "UPDATE pwingest_message SET result = ?3, status = ?4, reason = ?5, updated_at = ?6 \
             WHERE id = (SELECT message_id FROM pwingest_comment WHERE id = ?1) AND result = ?2",
            vals![comment, was, result, status, reason, &now],
        )?;
        Ok(())
    }

    /// Up to `limit` recorded mails that `filter` selects, with ids above
    /// `after`, by id (arrival order): one page of a listing.
    pub fn messages_page(
        &self,
        filter: &MessageFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<MessageRecord>> {
        let dialect = self.conn.dialect();
        // `?1` is `after`; the text parameters follow.
        let mut texts: Vec<String> = Vec::new();
        let mut mark = |value: String| {
            texts.push(value);
            format!("?{}", texts.len() + 1)
        };
        let mut conditions = vec!["m.id > ?1".to_string()];
        let mut fates = Vec::new();
        for (column, values) in [
            ("m.result", &filter.results),
            ("m.status", &filter.statuses),
        ] {
            if !values.is_empty() {
                let marks: Vec<String> = values.iter().map(|v| mark(v.to_string())).collect();
                fates.push(format!("{column} IN ({})", marks.join(", ")));
            }
        }
        if !fates.is_empty() {
            conditions.push(format!("({})", fates.join(" OR ")));
        }
        let dated = [
            ("m.received_at >=", filter.since),
            ("m.received_at <", filter.before),
        ];
        for (test, date) in dated {
            if let Some(d) = date {
                conditions.push(format!("{test} {}", mark(dialect.date(d))));
            }
        }
        if let Some(list_id) = &filter.list_id {
            conditions.push(format!("m.list_id = {}", mark(list_id.clone())));
        }
        let mut params: Vec<Value<'_>> = vec![Value::Int(after)];
        params.extend(texts.iter().map(|t| Value::Text(t)));
        self.rows(
            &format!(
                "SELECT {MESSAGE_COLUMNS} FROM pwingest_message m WHERE {} ORDER BY m.id LIMIT {limit}",
                conditions.join(" AND ")
            ),
            &params,
            message_from,
        )
    }

    /// Gives rows written before the ledger kept identities and headlines
    /// (schema version 1) theirs, read from their raw mail, a few hundred
    /// per transaction; a no-op (one indexed lookup) once all have them.
    pub(super) fn complete_messages(&mut self) -> Result<()> {
        loop {
            let todo = self.ids(
                "SELECT id FROM pwingest_message WHERE raw_sha256 IS NULL ORDER BY id LIMIT 256",
                vals![],
            )?;
            if todo.is_empty() {
                return Ok(());
            }
            self.conn.begin()?;
            match self.complete(&todo) {
                Ok(()) => self.conn.commit()?,
                Err(e) => {
                    self.conn.rollback()?;
                    return Err(e);
                }
            }
        }
    }

    fn complete(&mut self, ids: &[i64]) -> Result<()> {
        for &id in ids {
            let row = self.row(
                "SELECT m.forced_list_id, r.raw FROM pwingest_message m \
                 LEFT JOIN pwingest_message_raw r ON r.message_id = m.id \
                 WHERE m.id = ?1 AND m.raw_sha256 IS NULL",
                vals![id],
                |r| Ok((r.get::<Option<String>>(0)?, r.get::<Option<Vec<u8>>>(1)?)),
            )?;
            // Done by another process meanwhile.
            let Some((forced, raw)) = row else { continue };
            let raw = raw.unwrap_or_default();
            let a = crate::classify::analyse(&raw);
            let list_id = forced
                .filter(|f| !f.is_empty())
                .or_else(|| a.list_ids.first().map(|(_, id)| id.clone()));
            self.exec(
                "UPDATE pwingest_message SET raw_sha256 = ?2, list_id = ?3, from_header = ?4, \
                 subject = ?5 WHERE id = ?1",
                vals![id, raw_sha256(&raw), list_id, a.from, a.subject],
            )?;
        }
        Ok(())
    }
}
