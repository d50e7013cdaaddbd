//! Command-line flags and the `--help` text. Parsing only: `main.rs` runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Turns mailing-list mail into Patchwork records.

pwingest reads mail the way Patchwork's `parsemail`/`parsearchive` do and stores
patches, cover letters, comments and series in a SQLite database, then prints
them as Patchwork REST API documents.

  pwingest --db pw.db --format mail < message    one mail (procmail/postfix pipe target)
  pwingest --db pw.db --auto-projects archive.mbox
  pwingest --db pw.db export --api-version 1.3
  pwingest --db pw.db serve --listen 127.0.0.1:2424      LMTP for postfix
  pwingest --db pw.db web --listen 127.0.0.1:8000        REST API and mbox for git-pw

Input (--format): a delivery is one mail. Pipe targets should say so with
`--format mail`: the whole of stdin is one message, a leading `From ` envelope
line is skipped, `From ` lines in the body are body text. Without it
(`auto`), input starting with `From ` is an mbox split only where a line cannot
be body text: after a blank line, a `From sender date` envelope (not git's
`Mon Sep 17 00:00:00 2001`, unless the input starts with one), then a header
field. `--format mbox` splits at every `From ` line, as Patchwork's
`parsearchive` does.

Output: on a terminal, a progress bar and a summary (counts per result,
msg/s); elsewhere (a pipe, a file, an MTA) one JSON line per message on
stdout: index, msgid, result, status, reason, id, parent as they apply,
with the record's REST API document only with --documents; --json prints the
lines on a terminal too. Logs on stderr: one line per mail dropped, kept with
an error or waiting for its parent (RUST_LOG=warn hides the routine ones).

Exit status (sysexits): 0 stored, dropped, duplicate or invalid-but-kept;
65 invalid mail with --strict, or corrupt compressed input; 64 bad usage;
66 no input (a missing, unreadable or empty input, or no database for a
command that reads one); 75 temporary failure (the MTA retries); 78 bad
configuration (75 for a delivery, --format mail on stdin, so that the MTA
keeps the mail instead of bouncing it).";

#[derive(Debug, Parser)]
#[command(name = "pwingest", version, about = "Turns mailing-list mail into Patchwork records", long_about = ABOUT)]
pub struct Cli {
    /// The database: a SQLite file path (a Patchwork 3.2 site's database,
    /// or a new file created with Patchwork's tables and pwingest's on
    /// first use), or PostgreSQL as postgresql://USER@HOST:PORT/DBNAME or
    /// libpq's "host=… dbname=…" form.
    #[arg(
        long,
        global = true,
        env = "PWINGEST_DB",
        default_value = "pwingest.db"
    )]
    pub db: crate::store::Location,

    /// The site's TIME_ZONE (an IANA name): Patchwork stores "now" (events,
    /// mail without a usable Date) as naive local time in it.
    #[arg(
        long,
        global = true,
        env = "PWINGEST_TIME_ZONE",
        default_value = crate::site_time::DEFAULT_TIME_ZONE
    )]
    pub time_zone: String,

    #[command(subcommand)]
    pub command: Command,
}

const COMMANDS: &[&str] = &[
    "ingest",
    "project",
    "export",
    "show",
    "failed",
    "messages",
    "serve",
    "web",
    "config",
    "man",
    "completions",
    "help",
];

/// `pwingest [ingest options] [FILE…]` means `pwingest ingest …`: inserts
/// the default subcommand when the first word is not a command name.
pub fn with_default_command(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut skip_value = false;
    let mut first_word = None;
    let mut asks_help = false;
    for (i, a) in args.iter().enumerate().skip(1) {
        let s = a.to_string_lossy();
        if skip_value {
            skip_value = false;
        } else if s == "--db" {
            skip_value = true;
        } else if matches!(s.as_ref(), "-h" | "--help" | "-V" | "--version") {
            asks_help = true;
        } else if !s.starts_with('-') || s == "-" {
            first_word = Some(i);
            break;
        }
    }
    let is_command =
        first_word.is_some_and(|i| COMMANDS.contains(&args[i].to_string_lossy().as_ref()));
    if is_command || (first_word.is_none() && asks_help) {
        return args;
    }
    let mut out = args;
    out.insert(1.min(out.len()), "ingest".into());
    out
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ingest mail from files, directories or stdin (the default command).
    Ingest(IngestArgs),
    /// Manage projects (one per mailing list).
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Print the records as Patchwork REST API detail documents, with their mbox downloads.
    #[command(long_about = EXPORT_HELP)]
    Export(ExportArgs),
    /// Print one record's detail document.
    Show(ShowArgs),
    /// List or replay mail that was kept with an error.
    #[command(subcommand)]
    Failed(FailedCommand),
    /// What became of every mail: list recorded mail, show one (or its raw bytes).
    #[command(subcommand)]
    Messages(crate::messages::MessagesCommand),
    /// Run the LMTP server (RFC 2033) that postfix delivers to.
    Serve(crate::lmtp::ServeArgs),
    /// Serve Patchwork's read-only REST API and mbox downloads over HTTP (git-pw, pwclient).
    Web(crate::web::WebArgs),
    /// Print the manual page (roff), or write one per command into a directory.
    Man {
        /// Write pwingest.1, pwingest-ingest.1, … here instead.
        #[arg(long)]
        out_dir: Option<PathBuf>,
    },
    /// Print a shell completion script, e.g. `pwingest completions bash >
    /// /usr/share/bash-completion/completions/pwingest`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Show or change the settings stored in the database (every writer uses them).
    #[command(subcommand)]
    Config(ConfigCommand),
}

const FIXES_HELP: &str = "Which fixes for Patchwork's own parsing faults are on: `all`, `none`
(the default: exactly what Patchwork 3.2.1 does), or comma-separated names:
interdiff-cover-letter, combined-diff-merge, series-in-reply-to-series,
dmarc-bare-list-address, binary-only-patch, tags-on-cover-letter,
diff-hunk-in-commit-message, patch-as-attachment, cross-posted-cover-letter.
Stored in the database: pipe deliveries, imports and the LMTP server all read
it (once per run, delivery or commit batch). The README explains each fix.";

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the settings as one JSON object.
    Show,
    /// Change a setting; a bad value exits 64 and changes nothing.
    Set(ConfigSetArgs),
}

#[derive(Debug, Args)]
pub struct ConfigSetArgs {
    /// The setting to change.
    #[arg(value_enum)]
    pub key: SettingKey,
    /// Its new value, e.g. `all`, `none` or `binary-only-patch,patch-as-attachment`.
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SettingKey {
    #[value(help = FIXES_HELP)]
    Fixes,
}

/// How an input (a file or stdin) is read: see [`crate::receive`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// A directory with cur/ and new/: Maildir. Input starting with `From `: an mbox split
    /// only at envelopes that cannot be body text (blank line, `From sender date`, header).
    /// Anything else: one mail.
    Auto,
    /// One mail, whatever its body holds (a leading `From ` envelope line is skipped):
    /// procmail, postfix pipe(8) with or without the F flag.
    #[value(alias = "single")]
    Mail,
    /// mbox read as Patchwork's parsearchive does: every `From ` line starts a message.
    Mbox,
    /// As mbox, and one `>` removed from `>From ` lines (mboxrd).
    Mboxrd,
    /// A Maildir directory.
    Maildir,
}

#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// REST API version of the documents printed.
    #[arg(long, default_value = "1.3", value_parser = ["1.0", "1.1", "1.2", "1.3", "latest"])]
    pub api_version: String,
    /// Scheme and host of absolute URLs in documents.
    #[arg(long, env = "PWINGEST_BASE_URL", default_value = "http://localhost")]
    pub base_url: String,
}

#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// Put every message in the project of this list id (`parsemail --list-id`).
    #[arg(long)]
    pub list_id: Option<String>,
    /// Use this list id only for messages without List-Id/X-Mailing-List/X-list.
    #[arg(long)]
    pub fallback_list_id: Option<String>,
    /// Create a project for every unknown list id instead of dropping the mail.
    #[arg(long)]
    pub auto_projects: bool,
    /// How to read each input (a pipe target that is handed one mail says `mail`).
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// With `--format auto`, read mbox input as mboxrd.
    #[arg(long, value_enum, default_value_t = MboxFlavour::Mboxo)]
    pub mbox_format: MboxFlavour,
    /// Exit 65 when a message is invalid (it is still kept).
    #[arg(long)]
    pub strict: bool,
    /// Parse, classify and hash, but store nothing (a parse-only benchmark).
    #[arg(long)]
    pub dry_run: bool,
    /// Print the JSON lines even on a terminal (elsewhere they are the default).
    #[arg(long)]
    pub json: bool,
    /// Add each record's REST API detail document to its JSON line (implies --json).
    #[arg(long)]
    pub documents: bool,
    /// The default now: lines without documents (kept for old scripts).
    #[arg(long, hide = true, conflicts_with = "documents")]
    pub no_documents: bool,
    /// Messages per durable commit when importing archives.
    #[arg(long, default_value_t = 2000)]
    pub batch: usize,
    /// Parser threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub api: ApiArgs,
    /// Mail files, mbox files, Maildirs, or directories of *.eml/*.mbox files; stdin when none.
    pub inputs: Vec<PathBuf>,
}

impl IngestArgs {
    /// One mail handed over by an MTA (`--format mail` on stdin: the form
    /// the procmail and postfix samples use). Its trouble on our side,
    /// configuration included, must be a temporary failure: postfix
    /// pipe(8) bounces every status but 75 and 71.
    pub fn is_delivery(&self) -> bool {
        self.inputs.is_empty() && self.format == InputFormat::Mail
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MboxFlavour {
    Mboxo,
    Mboxrd,
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Add a project (validated as Patchwork's Project model).
    Add(ProjectAddArgs),
    /// Change fields of a project; the others stay as they are.
    Edit(ProjectEditArgs),
    /// Remove a project that holds no records (Patchwork's admin removes one that does).
    Remove(ProjectRemoveArgs),
    /// List projects as JSON.
    List(ApiArgs),
}

#[derive(Debug, Args)]
pub struct ProjectAddArgs {
    /// Short name in URLs: letters, digits, `_` and `-` (Patchwork's slug), at most 255.
    #[arg(long)]
    pub link_name: String,
    /// Display name, unique, at most 255 characters.
    #[arg(long)]
    pub name: String,
    /// The list's List-Id (`netdev.vger.kernel.org`), at most 255 characters.
    #[arg(long)]
    pub list_id: String,
    /// The list's address (mail From it is DMARC-unmangled), at most 200 characters.
    #[arg(long)]
    pub list_email: String,
    #[command(flatten)]
    pub more: ProjectMoreArgs,
}

/// The optional fields of a project.
#[derive(Debug, Args)]
pub struct ProjectMoreArgs {
    /// Python regex (`re`, case-insensitive, multi-line) searched in the Subject
    /// when several projects share a list id; at most 64 characters.
    #[arg(long)]
    pub subject_match: Option<String>,
    /// Project web page (at most 2000 characters, as every URL field).
    #[arg(long)]
    pub web_url: Option<String>,
    /// Repository URL.
    #[arg(long)]
    pub scm_url: Option<String>,
    /// Repository web URL.
    #[arg(long)]
    pub webscm_url: Option<String>,
    /// List archive URL.
    #[arg(long)]
    pub list_archive_url: Option<String>,
    /// Archive URL of one mail, `{}` replaced by its Message-ID, e.g. `https://lore.kernel.org/r/{}`.
    #[arg(long)]
    pub list_archive_url_format: Option<String>,
    /// URL of one commit, `{}` replaced by its SHA.
    #[arg(long)]
    pub commit_url_format: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProjectEditArgs {
    /// The project's link name.
    pub project: String,
    /// A new link name.
    #[arg(long)]
    pub link_name: Option<String>,
    /// A new display name (unique, at most 255 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// A new list id: the mail whose List-Id is this goes to the project.
    #[arg(long)]
    pub list_id: Option<String>,
    /// A new list address (at most 200 characters).
    #[arg(long)]
    pub list_email: Option<String>,
    #[command(flatten)]
    pub more: ProjectMoreArgs,
}

#[derive(Debug, Args)]
pub struct ProjectRemoveArgs {
    /// The project's link name.
    pub project: String,
}

const EXPORT_HELP: &str = "Prints the records as Patchwork REST API detail documents (one API
version) with every mbox download, streamed: memory stays small whatever the
database's size.

Default output: one JSON object, {\"projects\", \"people\", \"patches\",
\"covers\", \"series\", \"comments\" (keyed by parent, `patch:<msgid>`),
\"mbox\" (`patch:<msgid>`, `patch-series:<msgid>`, `cover:<msgid>`,
`series:<msgid>`: each download's text)}. A Message-ID that is in several
projects gives its mbox key once per record; JSON readers keep the last.
--jsonl: one object a line instead, {\"kind\", \"document\"} (kind project,
person, patch, cover, series, or comment with its \"parent\"), and
{\"kind\": \"mbox\", \"key\", \"mbox\"}.

Limits: --project keeps one project's records; --since/--before keep patches,
cover letters and comments by their mail's Date (UTC) and series by their
date; people are then those who sent what is kept.

  pwingest export --api-version 1.2 > site.json
  pwingest export --jsonl --project netdev --since 2024-05-01 | jq -c 'select(.kind == \"patch\")'";

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub api: ApiArgs,
    /// Only this project's records (its link name).
    #[arg(long, value_name = "LINKNAME")]
    pub project: Option<String>,
    /// Only records dated at or after this (UTC): `2024-05-01`, `2024-05-01 13:00`.
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub since: Option<chrono::NaiveDateTime>,
    /// Only records dated before this (UTC).
    #[arg(long, value_parser = date_arg, value_name = "DATE")]
    pub before: Option<chrono::NaiveDateTime>,
    /// One JSON object per line (a document or an mbox download) instead of one object.
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordKind {
    Patch,
    Cover,
    Series,
    Comment,
    Person,
    Project,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(value_enum)]
    pub kind: RecordKind,
    pub id: i64,
    #[command(flatten)]
    pub api: ApiArgs,
}

const RETRY_HELP: &str = "Processes mail kept with an error again (all of it, or the given ids),
e.g. after `pwingest config set fixes …` or an upgrade. A retried mail keeps
its id: its row gets the new result, or the new reason if it fails again.

Says what became of each mail on stdout (on a terminal `mail 7: patch 12`,
elsewhere or with --json an ingest line with `message` for the mail's id
instead of `index`), and a summary on stderr.

Ids are checked first: one that names no mail kept with an error exits 64
and nothing is retried. Exit 75 when the store fails (that mail stays failed).

  pwingest failed list
  pwingest failed retry 7 9
  pwingest failed retry --json | jq -r .status";

#[derive(Debug, Subcommand)]
pub enum FailedCommand {
    /// List mail kept with an error (a table on a terminal, JSON Lines elsewhere).
    List {
        /// JSON Lines even on a terminal.
        #[arg(long)]
        json: bool,
    },
    /// Ingest kept mail again (all, or the given ids), each keeping its id.
    #[command(long_about = RETRY_HELP)]
    Retry {
        /// Mail ids from `failed list`; all failed mail when none.
        ids: Vec<i64>,
        /// JSON Lines even on a terminal.
        #[arg(long)]
        json: bool,
    },
}

/// A date-time argument (`--since`, `--before`): `2024-05-01`,
/// `2024-05-01 13:00`, `2024-05-01T13:00:00` (seconds may have a fraction).
pub fn date_arg(value: &str) -> Result<chrono::NaiveDateTime, String> {
    let v = value.trim().replacen('T', " ", 1);
    let formats = ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];
    formats
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(&v, f).ok())
        .or_else(|| {
            let day = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()?;
            day.and_hms_opt(0, 0, 0)
        })
        .ok_or_else(|| {
            format!("{value:?} is not a date (2024-05-01, 2024-05-01 13:00 or 2024-05-01T13:00:00)")
        })
}
