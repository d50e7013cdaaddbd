//! The store interface: exactly the queries and writes ingestion and export
//! need, nothing more, so that a PostgreSQL implementation can follow
//! without touching the parser. Records live in Patchwork 3.2.1's own
//! tables (`schema/`), what Patchwork has no column for in `pwingest_*`
//! tables beside them. `sql/` implements the traits once, over the small
//! engine interface of `conn.rs`; `sqlite.rs` is the embedded engine,
//! `postgres/` the server one, `engine.rs` picks one at run time from
//! `--db`, and `dialect.rs` holds what differs between SQL engines, so
//! another engine is one more `Conn` module (and its DDL files). Text is
//! stored so every engine can hold it (`text.rs`); conflicting write
//! transactions are run again (`retry.rs`).
//!
//! Transactions are explicit: `begin`/`commit` around a batch, and a
//! savepoint around every message so one message is stored whole or not
//! at all while a batch shares one durable commit.

pub mod conn;
pub mod dialect;
mod engine;
pub mod location;
pub mod postgres;
pub mod retry;
pub(crate) mod rows;
pub mod schema;
mod settings;
pub mod sql;
pub mod sqlite;
pub mod text;

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::model::{Comment, Cover, Parent, Patch, Person, Project, Series, User};
use crate::series::Member;

pub use engine::{AnyConn, Database};
pub use location::Location;
pub use settings::Settings;
pub use sqlite::SqliteStore;

/// A patch about to be inserted.
#[derive(Debug, Clone)]
pub struct NewPatch<'a> {
    pub message_id: i64,
    pub project_id: i64,
    pub msgid: &'a str,
    pub name: &'a str,
    pub date: NaiveDateTime,
    pub headers: &'a str,
    pub submitter_id: i64,
    pub content: &'a str,
    pub diff: Option<&'a str>,
    pub hash: Option<&'a str>,
    pub pull_url: Option<&'a str>,
    /// `X-Patchwork-State`: a state name; unknown or absent → the default.
    pub state: Option<&'a str>,
    pub delegate_id: Option<i64>,
    pub version: i64,
    pub x: Option<i64>,
    pub n: Option<i64>,
    pub refs: &'a [String],
    /// The patch with the same Message-ID this (earlier) mail displaces.
    pub replaces: Option<i64>,
}

/// A cover letter about to be inserted.
#[derive(Debug, Clone)]
pub struct NewCover<'a> {
    pub message_id: i64,
    pub project_id: i64,
    pub msgid: &'a str,
    pub name: &'a str,
    pub date: NaiveDateTime,
    pub headers: &'a str,
    pub submitter_id: i64,
    pub content: &'a str,
    pub version: i64,
    pub n: Option<i64>,
    pub refs: &'a [String],
    /// The cover letter with the same Message-ID this (earlier) mail displaces.
    pub replaces: Option<i64>,
}

/// A comment about to be inserted; `parent: None` keeps it pending.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub message_id: i64,
    pub project_id: i64,
    pub parent: Option<Parent>,
    pub msgid: &'a str,
    pub date: NaiveDateTime,
    pub headers: &'a str,
    /// `None` while pending.
    pub submitter_id: Option<i64>,
    /// The resolved sender, kept so a pending comment can get its person
    /// when its parent arrives; `None` when `From` was invalid.
    pub sender: Option<(Option<&'a str>, &'a str)>,
    pub content: &'a str,
    pub addressed: Option<bool>,
    pub refs: &'a [String],
}

/// An event row (spec §16) as Patchwork's signals create it at ingestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEvent {
    pub category: &'static str,
    pub project_id: i64,
    pub series_id: Option<i64>,
    pub patch_id: Option<i64>,
    pub cover_id: Option<i64>,
    /// The patch comment (with `patch_id`) or cover comment (with `cover_id`).
    pub comment_id: Option<i64>,
}

/// Which members series markers (§11.2 step 2) can link to a new one: same
/// submitter, same version, the same total, within the 20-minute window;
/// and at least one of the two a numbered patch (only those search).
#[derive(Debug, Clone)]
pub struct MarkerQuery {
    pub submitter_id: i64,
    pub version: i64,
    /// `n` of the marker; 1 for an unnumbered patch.
    pub total: i64,
    /// The new member is a numbered patch (it searches; others are found).
    pub numbered: bool,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

/// A cover letter as the cover-or-comment rule (§8.7) sees it.
#[derive(Debug, Clone)]
pub struct NamedCover {
    pub id: i64,
    pub project_id: i64,
    /// Its project's link name (the last tie-break between copies of one mail).
    pub project_link_name: String,
    pub msgid: String,
    pub date: NaiveDateTime,
    /// It had In-Reply-To/References.
    pub threaded: bool,
    /// Its raw mail; `None` for a cover Patchwork itself stored.
    pub message_id: Option<i64>,
    pub component: i64,
}

/// A comment as threading sees it.
#[derive(Debug, Clone)]
pub struct CommentLink {
    pub id: i64,
    pub msgid: String,
    pub parent: Option<Parent>,
    pub refs: Vec<String>,
    pub sender: Option<(Option<String>, String)>,
    /// Its mail's `pwingest_message` row, if it has one.
    pub message_id: Option<i64>,
}

/// A record a reply's references point at, directly or through an
/// attached comment with that Message-ID (input to §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentCandidate {
    /// Position of the Message-ID in the reply's references.
    pub position: usize,
    /// The patch or cover letter.
    pub record: Parent,
    /// The comment it was reached through, if any.
    pub via_comment: Option<i64>,
}

/// A series row with the member that created it.
#[derive(Debug, Clone)]
pub struct SeriesRow {
    pub series: Series,
    pub creator: (crate::series::MemberKind, i64),
}

/// How far pwingest has replayed a component: its series are the outcome
/// of replaying its members up to `tail`, the last in canonical order
/// (`series::canonical_key`: `date`, then `msgid`), with `fixes`.
#[derive(Debug, Clone)]
pub struct ReplayMark {
    pub tail: (crate::series::MemberKind, i64),
    pub date: NaiveDateTime,
    pub msgid: String,
    pub fixes: crate::fixes::Fixes,
}

/// A series with the member that created it (as `component_members` gives
/// members), and whether it holds a patch of the number asked about.
#[derive(Debug, Clone)]
pub struct CreatedSeries {
    pub row: SeriesRow,
    pub creator: Member,
    pub has_number: bool,
}

/// A member's current placement, loaded with it.
#[derive(Debug, Clone)]
pub struct Placed {
    pub member: Member,
    pub series_id: Option<i64>,
    pub number: Option<i64>,
}

/// A mail about to be recorded in `pwingest_message`: its bytes, its
/// identity and the headline `pwingest messages list` shows.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub raw: &'a [u8],
    /// Lower-case hex SHA-256 of `raw`; with `forced_list_id`, the mail's
    /// identity ([`Ledger::message_by_identity`]).
    pub sha256: &'a str,
    pub msgid: Option<&'a str>,
    /// The list id forced for this mail (`--list-id`, an LMTP recipient).
    pub forced_list_id: Option<&'a str>,
    /// The list id it was routed by: forced, fallback, or its first list header.
    pub list_id: Option<&'a str>,
    /// The decoded `From` and `Subject` headers.
    pub from: Option<&'a str>,
    pub subject: Option<&'a str>,
}

/// A mail's fate as the ledger records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageFate<'a> {
    /// As stored: `patch`, `cover`, `comment`, `pending` (a waiting
    /// reply), `dropped` or `error`.
    pub result: &'a str,
    /// The ingest lines' `status`: `stored`, `pending`, `no-project`, …
    pub status: &'a str,
    pub reason: Option<&'a str>,
}

/// A recorded mail, as `messages list/show` and `failed retry` see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: i64,
    /// When it arrived and when its fate last changed: Django's date text,
    /// site-local time.
    pub received_at: String,
    pub updated_at: Option<String>,
    pub msgid: Option<String>,
    pub list_id: Option<String>,
    pub forced_list_id: Option<String>,
    pub from: Option<String>,
    pub subject: Option<String>,
    /// Patchwork's word, as the ingest JSON lines say it: `patch`, `cover`,
    /// `comment`, `dropped` (a waiting reply too) or `error`.
    pub result: String,
    /// The ingest lines' `status`: `stored`, `pending`, `no-project`, …
    pub status: String,
    pub reason: Option<String>,
    /// The record it became: `("patch" | "cover" | "comment", id)`, the id
    /// `pwingest show KIND ID` takes.
    pub record: Option<(&'static str, i64)>,
    /// Size of the raw mail in bytes.
    pub size: i64,
}

/// Which recorded mails a listing selects; every field narrows it.
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    /// Any of these stored `result` values (`patch`, `cover`, `comment`,
    /// `pending`, `dropped`, `error`) …
    pub results: Vec<&'static str>,
    /// … or of these `status` values; both empty: every mail.
    pub statuses: Vec<&'static str>,
    /// Received at or after, and before (site-local time).
    pub since: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
    /// Routed by this list id.
    pub list_id: Option<String>,
}

/// Everything ingestion, export and the web server ask of a database, in six parts.
pub trait Store: Ledger + Records + Threads + Catalog + Sets + Settings {}

impl<T: Ledger + Records + Threads + Catalog + Sets + Settings> Store for T {}

/// The store traits, for code that holds a concrete store.
pub mod prelude {
    pub use super::{Catalog, Ledger, Records, Sets, Settings, Store, Threads};
}

/// Transactions, projects, people and the raw mail.
pub trait Ledger {
    // --- transactions ---
    fn begin(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    fn rollback(&mut self) -> Result<()>;
    fn savepoint(&mut self) -> Result<()>;
    /// How many savepoints (messages, or LMTP recipients) one transaction
    /// may hold, if bounded (PostgreSQL: 64).
    fn savepoint_limit(&self) -> Option<usize>;
    fn release(&mut self) -> Result<()>;
    fn rollback_to_savepoint(&mut self) -> Result<()>;

    // --- a second connection beside the writer ---
    /// Another connection to the same database, for work beside this one
    /// (the import's checkpoints); `None` when the store cannot be shared
    /// (in memory).
    fn another_connection(&self) -> Result<Option<Self>>
    where
        Self: Sized;
    /// Leaves moving committed writes into the main database to another
    /// connection's `checkpoint`, off this connection's commits.
    fn defer_checkpoints(&mut self) -> Result<()>;
    /// Moves committed writes into the main database as far as readers
    /// allow, without waiting for them.
    fn checkpoint(&mut self) -> Result<()>;

    // --- projects and people ---
    fn projects(&self) -> Result<Vec<Project>>;
    fn add_project(&mut self, project: &Project) -> Result<i64>;
    fn person_by_email(&self, email: &str) -> Result<Option<Person>>;
    fn add_person(&mut self, name: Option<&str>, email: &str) -> Result<i64>;
    fn rename_person(&mut self, id: i64, name: &str) -> Result<()>;
    /// The login account with this e-mail, case-insensitively (§13).
    fn user_by_email(&self, email: &str) -> Result<Option<i64>>;
    /// A project's delegation rules `(path pattern, user)`, by priority
    /// (highest first), then path.
    fn delegation_rules(&self, project_id: i64) -> Result<Vec<(String, i64)>>;
    /// Records an event (§16); written when the message's savepoint is
    /// released, series creations first, as Patchwork's signals order them.
    fn add_event(&mut self, event: NewEvent) -> Result<()>;

    // --- raw mail (`pwingest_message`) ---
    fn add_message(&mut self, message: &NewMessage<'_>) -> Result<i64>;
    /// The earliest recorded mail with these bytes (`sha256`) and this
    /// forced list id (`None` and `""` alike): `(id, stored result)`.
    fn message_by_identity(
        &self,
        sha256: &str,
        forced_list_id: Option<&str>,
    ) -> Result<Option<(i64, String)>>;
    /// Records a mail's fate (and when it changed).
    fn set_message_result(&mut self, id: i64, fate: MessageFate<'_>) -> Result<()>;
    fn delete_message(&mut self, id: i64) -> Result<()>;
    fn message(&self, id: i64) -> Result<Option<MessageRecord>>;
    fn message_raw(&self, id: i64) -> Result<Option<Vec<u8>>>;
}

/// Patches, cover letters and comments.
pub trait Records {
    // --- records ---
    fn patch_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>>;
    fn cover_id(&self, project_id: i64, msgid: &str) -> Result<Option<i64>>;
    /// The Message-ID of a patch or cover letter.
    fn msgid_of(&self, record: Parent) -> Result<Option<String>>;
    /// The cover letters of any project named exactly `name`.
    fn covers_named(&self, name: &str) -> Result<Vec<NamedCover>>;
    /// Removes a cover letter that turns out to be a comment: its row, its
    /// references, the series it created, its place in a series; its
    /// comments become pending.
    fn delete_cover(&mut self, id: i64) -> Result<()>;
    /// Every patch, cover letter and attached comment whose Message-ID is
    /// one of `refs` (the rule that picks among them is `ingest`'s).
    fn parent_candidates(&self, project_id: i64, refs: &[String]) -> Result<Vec<ParentCandidate>>;
    fn comment_exists(&self, project_id: i64, parent: Option<Parent>, msgid: &str) -> Result<bool>;
    /// Inserts a patch; with `replaces`, in place of that patch (and its mail).
    fn add_patch(&mut self, patch: &NewPatch<'_>) -> Result<i64>;
    /// Inserts a cover letter; with `replaces`, in place of that one.
    fn add_cover(&mut self, cover: &NewCover<'_>) -> Result<i64>;
    fn add_comment(&mut self, comment: &NewComment<'_>) -> Result<i64>;
    fn set_comment_parent(&mut self, id: i64, parent: Parent, submitter_id: i64) -> Result<()>;
    /// Comments (attached or pending) whose refs contain `msgid`.
    fn comments_referencing(&self, project_id: i64, msgid: &str) -> Result<Vec<CommentLink>>;
}

/// Threading components and series.
pub trait Threads {
    // --- threading components and series ---
    /// Components of patches/covers that are, or reference, any of `msgids`.
    fn components_by_msgids(&self, project_id: i64, msgids: &[&str]) -> Result<Vec<i64>>;
    /// Components holding a patch or cover that `_find_series_by_markers`
    /// could pair with the member described by `q`.
    fn components_by_markers(&self, project_id: i64, q: &MarkerQuery) -> Result<Vec<i64>>;
    fn new_component(&mut self) -> Result<i64>;
    /// Puts a member into `component` (with the series it created), which
    /// is then not replayed until `regroup` replays it.
    fn set_component(
        &mut self,
        kind: crate::series::MemberKind,
        id: i64,
        component: i64,
    ) -> Result<()>;
    /// Moves the members of `from` into `into`; `into` is then not
    /// replayed (`replay_mark` `None`) until `regroup` replays it.
    fn merge_components(&mut self, into: i64, from: &[i64]) -> Result<()>;
    fn component_members(&self, component: i64) -> Result<Vec<Placed>>;
    /// Series created by, or holding, members of `component`.
    fn component_series(&self, component: i64) -> Result<Vec<SeriesRow>>;
    /// Inserts the series (`id` 0) or updates it; returns its id.
    fn save_series(&mut self, row: &SeriesRow) -> Result<i64>;
    fn delete_series(&mut self, id: i64) -> Result<()>;
    fn place_patch(&mut self, patch_id: i64, series: Option<(i64, i64)>) -> Result<()>;
    /// `patchwork_seriesreference`: each Message-ID not yet referenced in
    /// the project now points at `series_id` (Patchwork's parser does so
    /// for the mail that creates a series).
    fn reference_series(&mut self, project_id: i64, series_id: i64, msgids: &[&str]) -> Result<()>;
    /// How many patches of a series have a number below `number`.
    fn numbers_below(&self, series_id: i64, number: i64) -> Result<i64>;
    /// The `(number, patch id)` of a series' patches numbered `number` or
    /// more, by number.
    fn numbers_from(&self, series_id: i64, number: i64) -> Result<Vec<(i64, i64)>>;

    // --- one series step instead of a replay (series::step) ---
    /// The component's replay mark; `None` when its series are not known
    /// to be a replay of its members as they are now.
    fn replay_mark(&self, component: i64) -> Result<Option<ReplayMark>>;
    /// Records that the component's series are the replay of its members,
    /// the last of them `tail`, with `fixes`.
    fn set_replay_mark(
        &mut self,
        component: i64,
        tail: (crate::series::MemberKind, i64),
        fixes: crate::fixes::Fixes,
    ) -> Result<()>;
    /// The series whose creators are members of `component`, each with its
    /// creator and whether it holds a patch numbered `number`; `None` when
    /// a creator's record is gone.
    fn created_series(&self, component: i64, number: i64) -> Result<Option<Vec<CreatedSeries>>>;
    /// Whether a patch of `component` with subject number `number` comes
    /// after `key` (date, Message-ID) in canonical order.
    fn numbered_after(
        &self,
        component: i64,
        number: i64,
        key: (NaiveDateTime, &str),
    ) -> Result<bool>;
    /// The series of one submitter in a project whose name has the same
    /// [`crate::series::revision_key`] as `name`.
    fn series_revisions_of(
        &self,
        project_id: i64,
        submitter_id: i64,
        name: &str,
    ) -> Result<Vec<Series>>;
    fn link_revision(&mut self, older: i64, newer: i64) -> Result<()>;
    fn revisions(&self, series_id: i64) -> Result<(Vec<i64>, Vec<i64>)>;
}

/// Single records for the API documents (`export` pages through their
/// ids with `sql::pages`).
pub trait Catalog {
    // --- single records and export ---
    fn patch(&self, id: i64) -> Result<Option<Patch>>;
    fn cover(&self, id: i64) -> Result<Option<Cover>>;
    fn comment(&self, id: i64) -> Result<Option<Comment>>;
    fn series(&self, id: i64) -> Result<Option<Series>>;
    fn person(&self, id: i64) -> Result<Option<Person>>;
    fn user(&self, id: i64) -> Result<Option<User>>;
    /// The patches of a series by date (the API's order); equal dates by
    /// number, where Patchwork falls back to arrival order.
    fn series_patches(&self, series_id: i64) -> Result<Vec<Patch>>;
}

/// What a page of a list shows and embeds, one query per kind (the web
/// server's lists; `json::records::Renderer::preload_*`).
pub trait Sets {
    /// The patches `ids` without their mail (`headers` and `content` empty,
    /// `diff` `None`) or `number` (`None`): list items and embedded patches
    /// never show them. In the order of `ids`; unknown ids are left out.
    fn patch_items(&self, ids: &[i64]) -> Result<Vec<Patch>>;
    /// The cover letters `ids` without their mail, in the order of `ids`.
    fn cover_items(&self, ids: &[i64]) -> Result<Vec<Cover>>;
    /// The patches of the series `series_ids`, without their mail: by
    /// series id, each series' patches in [`Catalog::series_patches`] order.
    fn series_patch_items(&self, series_ids: &[i64]) -> Result<Vec<Patch>>;
    fn series_in(&self, ids: &[i64]) -> Result<Vec<Series>>;
    fn people_in(&self, ids: &[i64]) -> Result<Vec<Person>>;
    fn users_in(&self, ids: &[i64]) -> Result<Vec<User>>;
    /// Every project's maintainers `(project id, user)`, by project, as
    /// Patchwork's project documents embed them (§14.8): through
    /// `patchwork_userprofile`, whose id (not the user's) is the `id`.
    fn maintainers(&self) -> Result<Vec<(i64, User)>>;
}
