//! pwingest: mailing-list mail → Patchwork records.
//!
//! Data flows one way:
//!
//! ```text
//! bytes ─▶ mail::Mail ─▶ classify::Analysis ─▶ ingest (project, patch/cover/comment)
//!       ─▶ series::replay ─▶ store::Store (SQLite) ─▶ json (Patchwork REST documents)
//! ```
//!
//! # Layout
//! - `mail/`: a message's header fields, their decoding (RFC 2047, charsets),
//!   the stored header block, dates, addresses and identifiers. Pure.
//! - `classify/`: what Patchwork derives from one mail: subject prefixes,
//!   MIME walk, content/diff split, patch hash, pull requests, tags, project
//!   routing. Pure.
//! - `series.rs`: series grouping as a pure replay over a thread component.
//! - `model.rs`: the stored records.
//! - `ingest.rs`: the one orchestrator: one message into the store.
//! - `store/`: the `Store` interface and its SQLite implementation.
//! - `json/`: Patchwork REST API documents, per API version.
//! - `mbox/`: Patchwork's mbox downloads of patches, covers and series. Pure.
//! - `export/`: every document (and mbox download) of a database, streamed.
//! - `pipeline.rs`: parse in parallel, write in order, commit in batches.
//! - `order_check.rs`: the same mails in another order, for order-independence checks.
//! - `receive/`: mbox and Maildir readers.
//! - `lmtp/`: the LMTP server (RFC 2033) and systemd integration.
//! - `fixes.rs`: the opt-in fixes for Patchwork's faults (a database setting).
//! - `messages/`: `messages list/show`, `failed list/retry`: the fate of every mail.
//! - `commands.rs`: each subcommand, wired from `cli.rs` by `main.rs`;
//!   `projects.rs`: the project commands and Patchwork's project rules.
//! - `error.rs`: the failure type and its sysexits / LMTP reply mapping.
//! - `logging.rs`: tracing on stderr, around the progress bar.
//! - `manual.rs`: the man page and shell completions, from the clap definition.

pub mod classify;
pub mod cli;
pub mod commands;
pub mod error;
pub mod export;
pub mod fixes;
pub mod ingest;
pub mod json;
pub mod lmtp;
pub mod logging;
pub mod mail;
pub mod manual;
pub mod mbox;
pub mod messages;
pub mod model;
pub mod order_check;
pub mod pipeline;
pub mod projects;
pub mod receive;
pub mod series;
pub mod site_time;
pub mod store;
pub mod web;
