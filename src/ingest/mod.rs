//! The one orchestrator: analysed mail → project → patch, cover letter or
//! comment → series → store, each message inside its own savepoint so it is
//! stored whole or not at all (spec §0–§13, Patchwork's `parse_mail`).
//! Series decisions are `series.rs`'s; this file fetches what they need and
//! writes back what they decide. Parsing is `classify`'s; the entry points
//! ([`ingest`], [`retry`]) and the mail's ledger row are `entry.rs`'s.

mod covers;
mod delegate;
mod entry;
mod outcome;
mod people;
mod projects;
mod replies;
mod series_step;
mod series_sync;
mod signals;

use chrono::NaiveDateTime;

use crate::classify::{Analysis, Submission, route};
use crate::error::Result;
use crate::fixes::{Fix, Fixes};
use crate::mail::address::{self, DmarcHeaders, SenderError};
use crate::model::Project;
use crate::series::{Member, MemberKind};
use crate::store::{NewComment, NewCover, NewPatch, Store};
use entry::forced_list_id;
pub use entry::ingest;
pub use outcome::{DropKind, Outcome, PENDING_REASON};
use outcome::{dropped, duplicate, invalid};
use people::person;
use replies::{find_parent, parent_key, reattach};
use series_sync::{join_component, regroup};

/// How messages are routed to projects.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `parsemail --list-id`: every message goes to this list's project.
    pub forced_list_id: Option<String>,
    /// The list id for messages that carry no list header at all.
    pub fallback_list_id: Option<String>,
    /// Create a project for an unknown list id instead of dropping the mail.
    pub auto_projects: bool,
    /// The opt-in fixes (the database's `fixes` setting, read by the caller
    /// once per run, delivery or batch); the analysis must have been made
    /// with the same ones.
    pub fixes: Fixes,
    /// The ledger row of a mail processed again (`pwingest failed
    /// retry`): it keeps its id and gets the new fate.
    pub message_id: Option<i64>,
}

struct Ingest<'a, S: Store> {
    store: &'a mut S,
    analysis: &'a Analysis,
    now: NaiveDateTime,
    message_id: i64,
    fixes: Fixes,
}

fn sender_error(a: &Analysis, e: SenderError) -> Outcome {
    match e {
        SenderError::InvalidFrom => invalid(a, "ValueError: Invalid 'From' header"),
        SenderError::Internal(m) => invalid(a, m),
    }
}

impl<S: Store> Ingest<'_, S> {
    fn run(&mut self, projects: &mut Vec<Project>, opts: &Options) -> Result<Outcome> {
        let a = self.analysis;
        if let Err(e) = &a.sanity {
            return Ok(invalid(a, e.clone()));
        }
        if a.ignore {
            return Ok(dropped(
                a.report_msgid(),
                DropKind::Ignored,
                "dropped: X-Patchwork-Hint: ignore",
            ));
        }
        let forced = forced_list_id(a, opts);
        let mut project = route(projects, &a.list_ids, a.subject.as_deref(), forced).cloned();
        if project.is_none() {
            // Another process may have added the project since we loaded
            // the list; we hold the write lock, so this read is current.
            *projects = self.store.projects()?;
            project = route(projects, &a.list_ids, a.subject.as_deref(), forced).cloned();
        }
        let project = match project {
            Some(p) => p,
            None => {
                match projects::auto_project(self.store, projects, &a.list_ids, opts, forced)? {
                    Some(p) => p,
                    None => {
                        return Ok(dropped(
                            a.report_msgid(),
                            DropKind::NoProject,
                            "dropped: no project for this mail's list id",
                        ));
                    }
                }
            }
        };
        let msgid = match &a.msgid {
            Ok(m) => m.clone(),
            Err(e) => return Ok(invalid(a, e.clone())),
        };
        let sub = match a.for_project(&project.link_name) {
            Ok(s) => s,
            Err(e) => return Ok(invalid(a, e)),
        };
        if a.is_empty() {
            return Ok(dropped(
                Some(msgid),
                DropKind::Empty,
                "dropped: nothing to work with (no diff, no text)",
            ));
        }
        if a.is_patch() {
            return self.patch(&project, &sub, msgid);
        }
        if sub.subject.x == Some(0) && !a.is_reply {
            let decision = covers::decide(
                self.store,
                &project,
                &sub.subject,
                &msgid,
                self.date(),
                !a.refs.is_empty(),
                self.fixes,
            )?;
            if decision.is_cover {
                let outcome = self.cover(&project, &sub, msgid)?;
                if matches!(outcome, Outcome::Cover { .. }) {
                    for c in &decision.demote {
                        covers::demote(self.store, c, self.fixes)?;
                    }
                }
                return Ok(outcome);
            }
        }
        self.comment(&project, msgid)
    }

    fn date(&self) -> NaiveDateTime {
        self.analysis.date.unwrap_or(self.now)
    }

    /// The sender as Patchwork resolves it (§6.1, §6.2).
    fn sender(&self, project: &Project) -> std::result::Result<address::Sender, SenderError> {
        let a = self.analysis;
        let sender = address::parse_from(a.from.as_deref())?;
        if sender.email.to_lowercase() != project.list_email.to_lowercase() {
            return Ok(sender);
        }
        let headers = DmarcHeaders {
            x_original_from: a.x_original_from.as_deref(),
            reply_to: a.reply_to.iter().map(String::as_str).collect(),
            cc: a.cc.iter().map(String::as_str).collect(),
        };
        if self.fixes.has(Fix::DMARC_BARE_LIST_ADDRESS) {
            return Ok(address::unmangle_or_keep(
                sender,
                &project.list_email,
                &headers,
            ));
        }
        address::unmangle(sender, &project.list_email, &headers)
    }

    /// `get_or_create_author` (§6.3): find by e-mail case-insensitively,
    /// the latest non-empty name wins.
    fn person(&mut self, name: Option<&str>, email: &str) -> Result<i64> {
        person(self.store, name, email)
    }

    /// The person of a new patch or cover letter, or what ends this mail
    /// instead: an invalid sender, or a duplicate. Patchwork creates or
    /// renames the person before its duplicate check, so we do too.
    fn new_author(
        &mut self,
        project: &Project,
        msgid: &str,
        kind: MemberKind,
    ) -> Result<std::result::Result<(i64, Option<i64>), Outcome>> {
        let sender = match self.sender(project) {
            Ok(s) => s,
            Err(e) => return Ok(Err(sender_error(self.analysis, e))),
        };
        let submitter_id = self.person(sender.name.as_deref(), &sender.email)?;
        // A Message-ID reused by another mail: the earlier mail (by date)
        // keeps it, whichever arrived first, so the outcome does not depend
        // on arrival order. Patchwork keeps whichever arrived first.
        let stored_date = match kind {
            MemberKind::Patch => match self.store.patch_id(project.id, msgid)? {
                Some(id) => self.store.patch(id)?.map(|p| (id, p.date)),
                None => None,
            },
            MemberKind::Cover => match self.store.cover_id(project.id, msgid)? {
                Some(id) => self.store.cover(id)?.map(|c| (id, c.date)),
                None => None,
            },
        };
        Ok(match stored_date {
            Some((id, date)) if self.date() < date => Ok((submitter_id, Some(id))),
            Some(_) => Err(duplicate(msgid)),
            None => Ok((submitter_id, None)),
        })
    }

    fn patch(&mut self, project: &Project, sub: &Submission, msgid: String) -> Result<Outcome> {
        let a = self.analysis;
        let (submitter_id, replaces) = match self.new_author(project, &msgid, MemberKind::Patch)? {
            Ok(found) => found,
            Err(outcome) => return Ok(outcome),
        };
        let s = &sub.subject;
        let patch = NewPatch {
            message_id: self.message_id,
            project_id: project.id,
            msgid: &msgid,
            name: &s.name,
            date: self.date(),
            headers: &a.headers,
            submitter_id,
            content: &a.content,
            diff: a.diff.as_deref(),
            hash: a.hash.as_deref(),
            pull_url: a.pull_url.as_deref(),
            state: a.state.as_deref(),
            delegate_id: delegate::find_delegate(
                &*self.store,
                project.id,
                a.delegate.as_deref(),
                a.diff.as_deref(),
            )?,
            version: s.version,
            x: s.patch_marker().0,
            n: s.patch_marker().1,
            refs: &a.refs,
            replaces,
        };
        let id = self.store.add_patch(&patch)?;
        self.thread(
            project,
            self.member(MemberKind::Patch, id, &msgid, submitter_id, sub),
        )?;
        Ok(Outcome::Patch { id, msgid })
    }

    fn cover(&mut self, project: &Project, sub: &Submission, msgid: String) -> Result<Outcome> {
        let a = self.analysis;
        let (submitter_id, replaces) = match self.new_author(project, &msgid, MemberKind::Cover)? {
            Ok(found) => found,
            Err(outcome) => return Ok(outcome),
        };
        let s = &sub.subject;
        let cover = NewCover {
            message_id: self.message_id,
            project_id: project.id,
            msgid: &msgid,
            name: &s.name,
            date: self.date(),
            headers: &a.headers,
            submitter_id,
            content: &a.content,
            version: s.version,
            n: s.n,
            refs: &a.refs,
            replaces,
        };
        let id = self.store.add_cover(&cover)?;
        self.thread(
            project,
            self.member(MemberKind::Cover, id, &msgid, submitter_id, sub),
        )?;
        Ok(Outcome::Cover { id, msgid })
    }

    /// After a patch or cover is stored: update its series component (one
    /// step, else a replay of it) and attach the replies that were waiting
    /// for it.
    fn thread(&mut self, project: &Project, member: Member) -> Result<()> {
        let joined = join_component(self.store, project.id, &member)?;
        let stepped = series_step::extend(self.store, project.id, &joined, &member, self.fixes)?;
        tracing::trace!(component = joined.component, stepped, "series updated");
        if !stepped {
            regroup(self.store, project.id, joined.component, self.fixes)?;
        }
        reattach(self.store, project.id, &member.msgid)
    }

    /// The series rules' view of a patch or cover letter just stored.
    fn member(
        &self,
        kind: MemberKind,
        id: i64,
        msgid: &str,
        submitter: i64,
        sub: &Submission,
    ) -> Member {
        let (x, n) = match kind {
            MemberKind::Patch => sub.subject.patch_marker(),
            MemberKind::Cover => (sub.subject.x, sub.subject.n),
        };
        Member {
            kind,
            id,
            msgid: msgid.to_string(),
            refs: self.analysis.refs.clone(),
            date: self.date(),
            arrival: self.message_id,
            submitter,
            version: sub.subject.version,
            x,
            n,
            name: sub.subject.name.clone(),
        }
    }

    fn comment(&mut self, project: &Project, msgid: String) -> Result<Outcome> {
        let a = self.analysis;
        if a.refs.is_empty() {
            // §10.2: no reference, no parent, now or ever: Patchwork's drop.
            return Ok(dropped(
                Some(msgid),
                DropKind::Unthreaded,
                "dropped: neither a patch nor a cover letter, and no In-Reply-To/References to a parent",
            ));
        }
        // No parent yet: Patchwork drops such a reply for good; we keep it
        // pending (no person yet) and attach it when its parent arrives.
        let parent = find_parent(self.store, project.id, &a.refs)?;
        let sender = self.sender(project);
        let submitter_id = match (&parent, &sender) {
            (None, _) => None,
            (Some(_), Err(e)) => return Ok(sender_error(a, e.clone())),
            (Some(_), Ok(s)) => Some(self.person(s.name.as_deref(), &s.email)?),
        };
        if self.store.comment_exists(project.id, parent, &msgid)? {
            return Ok(duplicate(&msgid));
        }
        let sender = sender.ok();
        let id = self.store.add_comment(&NewComment {
            message_id: self.message_id,
            project_id: project.id,
            parent,
            msgid: &msgid,
            date: self.date(),
            headers: &a.headers,
            submitter_id,
            sender: sender
                .as_ref()
                .map(|s| (s.name.as_deref(), s.email.as_str())),
            content: &a.content,
            // Shown for patch comments only (§10.3): see json::records.
            addressed: a.action_required.then_some(false),
            refs: &a.refs,
        })?;
        let Some(parent) = parent else {
            return Ok(dropped(Some(msgid), DropKind::Pending, PENDING_REASON));
        };
        reattach(self.store, project.id, &msgid)?;
        let parent = parent_key(self.store, parent)?;
        Ok(Outcome::Comment { id, msgid, parent })
    }
}
