//! Mail → what Patchwork would make of it, decided from the mail alone
//! (spec §1, §7, §8). [`analyse`] does the project-independent work (it runs
//! on parser threads); [`route`] picks the project (§2) and
//! [`Analysis::for_project`] finishes the subject-dependent part. Decisions
//! that need the database (cover-or-comment for threaded `0/n` mails, a
//! comment's parent, series) are left to `ingest`.

pub mod content;
pub mod hash;
pub mod mime;
pub mod pull;
pub mod route;
pub mod subject;
pub mod tags;

use chrono::NaiveDateTime;

use crate::fixes::{Fix, Fixes};
use crate::mail::py_text::truthy;
use crate::mail::{Mail, fold, ids};
pub use route::route;
use subject::Subject;

/// Everything [`analyse`] learns from a mail without knowing its project.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// `Err` = a `ValueError` Patchwork raises before anything else (§1.1).
    pub sanity: Result<(), String>,
    /// `X-Patchwork-Hint: ignore`.
    pub ignore: bool,
    /// List ids from `List-Id`, `X-Mailing-List`, `X-list`, in that order
    /// (§2.2), each with the header that gave it.
    pub list_ids: Vec<(&'static str, String)>,
    pub subject: Option<String>,
    /// §1.3; `Err` = `Broken 'Message-Id' header`.
    pub msgid: Result<String, String>,
    /// The trimmed raw `Message-ID` value, for reports about unstored mail.
    pub raw_msgid: Option<String>,
    pub refs: Vec<String>,
    /// `None` = no usable `Date`: the caller substitutes "now".
    pub date: Option<NaiveDateTime>,
    /// The stored header block (§4.5).
    pub headers: String,
    pub from: Option<String>,
    pub x_original_from: Option<String>,
    pub reply_to: Vec<String>,
    pub cc: Vec<String>,
    /// `X-Patchwork-State` (a state name, §13).
    pub state: Option<String>,
    /// `X-Patchwork-Delegate` (a user's e-mail, §13).
    pub delegate: Option<String>,
    pub action_required: bool,
    pub is_reply: bool,
    pub diff: Option<String>,
    pub content: String,
    pub pull_url: Option<String>,
    pub hash: Option<String>,
    /// The fixes this analysis was made with.
    pub fixes: Fixes,
}

/// The project-dependent part: the subject read with the project's link name dropped.
#[derive(Debug, Clone)]
pub struct Submission {
    pub subject: Subject,
}

/// Reads everything Patchwork derives from the mail alone.
pub fn analyse(raw: &[u8]) -> Analysis {
    analyse_with(raw, Fixes::NONE)
}

/// [`analyse`] with the opt-in `fixes` that concern one mail's diff and
/// content (see [`crate::fixes`]).
pub fn analyse_with(raw: &[u8], fixes: Fixes) -> Analysis {
    let mail = Mail::parse(raw);
    let missing = ["From", "Subject", "Message-Id"]
        .iter()
        .find(|h| !mail.has(h))
        .map_or(Ok(()), |h| Err(format!("ValueError: Missing '{h}' header")));
    let ignore = mail
        .clean("X-Patchwork-Hint")
        .is_some_and(|h| h.eq_ignore_ascii_case("ignore"));
    let list_ids = ["List-Id", "X-Mailing-List", "X-list"]
        .iter()
        .filter_map(|&h| Some((h, mail.clean(h)?)))
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(h, v)| Some((h, ids::list_id(&v)?)))
        .collect();
    let subject = mail.clean("Subject");
    let raw_msgid = mail
        .first("Message-Id")
        .map(|h| String::from_utf8_lossy(&h.value).trim().to_string());
    let msgid = match mail.clean("Message-Id") {
        Some(v) if !v.is_empty() => Ok(ids::message_id(&v)),
        _ => Err("ValueError: Broken 'Message-Id' header".to_string()),
    };
    let refs = ids::references(
        &mail.clean_all("In-Reply-To"),
        &mail.clean_all("References"),
    );
    let date = mail
        .clean("Date")
        .filter(|d| !d.is_empty())
        .and_then(|d| crate::mail::date::parse_date(&d));
    let headers = fold::stored_block(&mail.headers);
    let is_reply = subject.as_deref().is_some_and(subject::is_reply);
    // Too deep a MIME tree: refused, kept with its reason (no parts read).
    let (parts, too_deep) = match mime::text_parts(raw) {
        Ok(parts) => (parts, Ok(())),
        Err(e) => (Vec::new(), Err(e.to_string())),
    };
    let sanity = missing.and(too_deep);
    let (diff, content) = if is_reply {
        (None, content::comment_content(&parts))
    } else {
        let (diff, content) = content::patch_content(&parts, fixes);
        // `interdiff-cover-letter`: a `0/n` mail whose only diff is the
        // changes since the last version is the series' cover letter.
        if fixes.has(Fix::INTERDIFF_COVER_LETTER)
            && truthy(diff.as_deref())
            && subject.as_deref().and_then(|s| subject::parse(s, &[]).x) == Some(0)
            && content::diff_only_after_interdiff(&parts, fixes)
        {
            (None, content::comment_content(&parts))
        } else {
            (diff, content)
        }
    };
    let pull_url = pull::pull_url(&content);
    let hash = diff.as_deref().map(hash::patch_hash);
    Analysis {
        sanity,
        ignore,
        list_ids,
        subject,
        msgid,
        raw_msgid,
        refs,
        date,
        headers,
        from: mail.clean("From"),
        x_original_from: mail.clean("X-Original-From").filter(|v| !v.is_empty()),
        reply_to: mail.clean_all("Reply-To"),
        cc: mail.clean_all("Cc"),
        state: mail.clean("X-Patchwork-State"),
        delegate: mail.clean("X-Patchwork-Delegate").filter(|v| !v.is_empty()),
        action_required: mail.has("X-Patchwork-Action-Required"),
        is_reply,
        diff,
        content,
        pull_url,
        hash,
        fixes,
    }
}

impl Analysis {
    /// `Invalid 'Subject' header` when the subject does not decode.
    pub fn for_project(&self, link_name: &str) -> Result<Submission, String> {
        let clean = self
            .subject
            .as_deref()
            .ok_or("ValueError: Invalid 'Subject' header")?;
        Ok(Submission {
            subject: subject::parse(clean, &[link_name]),
        })
    }

    /// §0 step 6 / §1.1 "nothing to work with": `not (diff or message)`.
    /// An empty diff (an empty `text/x-patch` attachment) counts as none.
    pub fn is_empty(&self) -> bool {
        !self.has_diff() && self.content.is_empty()
    }

    /// §8.7 step 1: `not is_comment and (diff or pull_url)`.
    pub fn is_patch(&self) -> bool {
        !self.is_reply && (self.has_diff() || truthy(self.pull_url.as_deref()))
    }

    /// Patchwork's `if diff`: a diff that is there and not empty. `diff`
    /// itself keeps Patchwork's value, so a pull request with an empty
    /// attachment stores `""` (and the hash of nothing), as Patchwork does.
    pub fn has_diff(&self) -> bool {
        truthy(self.diff.as_deref())
    }

    /// The Message-ID to report for this mail whatever became of it.
    pub fn report_msgid(&self) -> Option<String> {
        self.msgid.clone().ok().or_else(|| self.raw_msgid.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::analyse;

    /// A mail with `headers` (each ending in LF) and a multipart body whose
    /// parts are `(content type, body)`.
    fn mail(headers: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let mut m = format!(
            "From: Ada <ada@example.org>\n{headers}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BB\"\n\n"
        );
        for (ctype, body) in parts {
            m.push_str(&format!("--BB\nContent-Type: {ctype}\n\n{body}\n"));
        }
        m.push_str("--BB--\n");
        m.into_bytes()
    }

    const PULL: &str = "The following changes since commit 0123:\n\n  x (2024-01-01)\n\nare available in the git repository at:\n\n  git://example.org/x.git tags/pull\n";

    /// §0 step 6, §8.7 step 1, §9: `diff or message`, `diff or pull_url`,
    /// and the hash of a stored empty diff.
    #[test]
    fn an_empty_attachment_is_no_diff() {
        let two = mail(
            "Subject: [PATCH 2/2] x\nMessage-Id: <m@x>\n",
            &[("text/plain", "Attached.\n"), ("text/x-diff", "")],
        );
        let a = analyse(&two);
        assert_eq!(a.diff.as_deref(), Some(""));
        assert!(!a.has_diff() && !a.is_patch() && !a.is_empty());

        let bare = mail(
            "Subject: [PATCH] x\nMessage-Id: <m@x>\n",
            &[("text/x-patch", "")],
        );
        assert!(analyse(&bare).is_empty(), "nothing to work with");

        let pull = mail(
            "Subject: [GIT PULL] x\nMessage-Id: <m@x>\n",
            &[("text/plain", PULL), ("text/x-patch", "")],
        );
        let a = analyse(&pull);
        assert!(a.is_patch(), "a pull request needs no diff");
        assert_eq!(a.diff.as_deref(), Some(""), "stored as Patchwork stores it");
        assert_eq!(
            a.hash.as_deref(),
            Some("da39a3ee5e6b4b0d3255bfef95601890afd80709")
        );
    }

    /// `if not h` on cleaned headers: an empty value counts as missing.
    #[test]
    fn empty_header_values_count_as_missing() {
        let a = analyse(&mail(
            "Subject: x\nMessage-Id:\nDate:\nX-Patchwork-Hint:\nList-Id:\nX-list: <b.example.org>\nIn-Reply-To:\n",
            &[("text/plain", "Hi.\n")],
        ));
        assert!(a.msgid.is_err(), "Broken 'Message-Id' header");
        assert!(a.date.is_none() && !a.ignore && a.refs.is_empty());
        assert_eq!(a.list_ids, vec![("X-list", "b.example.org".to_string())]);
    }
}
