//! What became of one message: [`Outcome`], its machine-readable
//! [`Outcome::status`] beside Patchwork's five `result` values, and the one
//! log line on stderr for every mail that made no record or waits for its
//! parent (postfix, procmail and journald keep stderr; stdout is for
//! programs).

use crate::classify::Analysis;
use crate::store::{MessageFate, MessageRecord};

/// Why a mail made no record (spec §1.1), as the `status` of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropKind {
    /// The same mail is already stored (`DuplicateMailError`).
    Duplicate,
    /// A reply whose parent has not arrived: kept, attached when it does.
    Pending,
    /// No project matches the mail's list id (nor `--list-id`).
    NoProject,
    /// `X-Patchwork-Hint: ignore`.
    Ignored,
    /// Neither a diff nor any text (§0 step 6, "nothing to work with").
    Empty,
    /// Neither a patch nor a cover letter, and no In-Reply-To/References:
    /// a comment with no parent it could ever get (§10.2 step 3).
    Unthreaded,
}

impl DropKind {
    /// `duplicate`, `pending`, `no-project`, `ignored`, `empty`, `unthreaded`.
    pub fn as_str(self) -> &'static str {
        match self {
            DropKind::Duplicate => "duplicate",
            DropKind::Pending => "pending",
            DropKind::NoProject => "no-project",
            DropKind::Ignored => "ignored",
            DropKind::Empty => "empty",
            DropKind::Unthreaded => "unthreaded",
        }
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Patch {
        id: i64,
        msgid: String,
    },
    Cover {
        id: i64,
        msgid: String,
    },
    Comment {
        id: i64,
        msgid: String,
        parent: String,
    },
    /// Not stored as a record; the raw mail is kept with `reason` unless
    /// it is a duplicate.
    Dropped {
        msgid: Option<String>,
        why: DropKind,
        reason: String,
    },
    /// What Patchwork raises on (`ValueError: …`): kept with its error,
    /// replayable with `pwingest failed retry`.
    Invalid {
        msgid: Option<String>,
        reason: String,
    },
    /// Our side failed (the store): nothing of the mail is stored; the
    /// delivery is refused temporarily (exit 75, LMTP 451) so it comes back.
    NotStored {
        msgid: Option<String>,
        reason: String,
    },
}

impl Outcome {
    /// Patchwork's `parsearchive` counters: `patch`, `cover`, `comment`,
    /// `dropped` or `error`.
    pub fn result(&self) -> &'static str {
        match self {
            Outcome::Patch { .. } => "patch",
            Outcome::Cover { .. } => "cover",
            Outcome::Comment { .. } => "comment",
            Outcome::Dropped { .. } => "dropped",
            Outcome::Invalid { .. } | Outcome::NotStored { .. } => "error",
        }
    }

    /// What happened, for programs: `stored`, a [`DropKind`] name, `invalid`
    /// (kept with an error) or `store-error` (not stored, to be retried).
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Patch { .. } | Outcome::Cover { .. } | Outcome::Comment { .. } => "stored",
            Outcome::Dropped { why, .. } => why.as_str(),
            Outcome::Invalid { .. } => "invalid",
            Outcome::NotStored { .. } => "store-error",
        }
    }

    /// The fate its mail's ledger row records: `result` as stored (a
    /// waiting reply's is `pending`), `status` and `reason` as on its line.
    pub fn fate(&self) -> MessageFate<'_> {
        let pending = matches!(
            self,
            Outcome::Dropped {
                why: DropKind::Pending,
                ..
            }
        );
        MessageFate {
            result: if pending { "pending" } else { self.result() },
            status: self.status(),
            reason: self.reason(),
        }
    }

    pub fn msgid(&self) -> Option<&str> {
        match self {
            Outcome::Patch { msgid, .. }
            | Outcome::Cover { msgid, .. }
            | Outcome::Comment { msgid, .. } => Some(msgid),
            Outcome::Dropped { msgid, .. }
            | Outcome::Invalid { msgid, .. }
            | Outcome::NotStored { msgid, .. } => msgid.as_deref(),
        }
    }

    /// The reason of a mail that made no record.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Dropped { reason, .. }
            | Outcome::Invalid { reason, .. }
            | Outcome::NotStored { reason, .. } => Some(reason),
            _ => None,
        }
    }

    /// Logs the mail's fate on stderr unless it became a record: a warning
    /// for mail that is kept with an error, found no project or could not be
    /// stored, information for the rest. `list_id` is the one it was routed
    /// by (forced, or its first list header).
    pub fn log(&self, analysis: &Analysis, list_id: Option<&str>) {
        self.log_kept(analysis, list_id, None);
    }

    /// [`Outcome::log`] naming the mail's `pwingest_message` id (`id`, for
    /// `pwingest messages show ID`) when it is kept.
    pub fn log_kept(&self, analysis: &Analysis, list_id: Option<&str>, id: Option<i64>) {
        let Some(reason) = self.reason() else { return };
        let msgid = self.msgid().unwrap_or("");
        let list_id = list_id.unwrap_or("");
        let subject = analysis.subject.as_deref().unwrap_or("");
        let status = self.status();
        macro_rules! fate {
            ($level:ident, $what:literal) => {
                tracing::$level!(status, msgid, list_id, subject, reason, id, $what)
            };
        }
        match self {
            Outcome::NotStored { .. } => fate!(error, "mail not stored"),
            Outcome::Invalid { .. } => fate!(warn, "mail kept with an error"),
            Outcome::Dropped {
                why: DropKind::NoProject,
                ..
            } => fate!(warn, "mail dropped"),
            Outcome::Dropped {
                why: DropKind::Pending,
                ..
            } => fate!(info, "reply waits for its parent"),
            _ => fate!(info, "mail dropped"),
        }
    }
}

/// The reason of a reply kept waiting for its parent (`status` `pending`).
pub const PENDING_REASON: &str = "pending: parent (In-Reply-To/References) not received yet";

/// Logs that a waiting reply was attached: its mail (`message`, when it
/// has one), the parent (`patch:<msgid>`/`cover:<msgid>`) and the comment.
pub fn log_attached(msgid: &str, parent: &str, comment: i64, message: Option<&MessageRecord>) {
    let id = message.map(|m| m.id);
    let list_id = message.and_then(|m| m.list_id.as_deref()).unwrap_or("");
    let subject = message.and_then(|m| m.subject.as_deref()).unwrap_or("");
    tracing::info!(
        status = "attached",
        msgid,
        list_id,
        subject,
        parent,
        comment,
        id,
        "waiting reply attached"
    );
}

impl Outcome {
    /// The outcome of a mail the store failed on (`error`: what failed).
    pub fn not_stored(a: &Analysis, error: &crate::error::Error) -> Outcome {
        Outcome::NotStored {
            msgid: a.report_msgid(),
            reason: format!("not stored, to be retried: {error}"),
        }
    }
}

/// Patchwork refuses the mail (`ValueError: …`).
pub(super) fn invalid(a: &Analysis, reason: impl Into<String>) -> Outcome {
    Outcome::Invalid {
        msgid: a.report_msgid(),
        reason: reason.into(),
    }
}

pub(super) fn dropped(msgid: Option<String>, why: DropKind, reason: impl Into<String>) -> Outcome {
    Outcome::Dropped {
        msgid,
        why,
        reason: reason.into(),
    }
}

pub(super) fn duplicate(msgid: &str) -> Outcome {
    dropped(
        Some(msgid.to_string()),
        DropKind::Duplicate,
        format!("duplicate: DuplicateMailError(msgid={msgid})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_separates_what_result_lumps_together() {
        let none = |why| dropped(None, why, "x");
        assert_eq!(none(DropKind::Pending).result(), "dropped");
        assert_eq!(none(DropKind::Pending).status(), "pending");
        assert_eq!(none(DropKind::NoProject).status(), "no-project");
        assert_eq!(duplicate("<a@b>").status(), "duplicate");
        let invalid = Outcome::Invalid {
            msgid: None,
            reason: "ValueError".into(),
        };
        let not_stored = Outcome::NotStored {
            msgid: None,
            reason: "store: busy".into(),
        };
        assert_eq!((invalid.result(), invalid.status()), ("error", "invalid"));
        assert_eq!(
            (not_stored.result(), not_stored.status()),
            ("error", "store-error")
        );
        let patch = Outcome::Patch {
            id: 1,
            msgid: "<a@b>".into(),
        };
        assert_eq!((patch.status(), patch.reason()), ("stored", None));
    }
}
