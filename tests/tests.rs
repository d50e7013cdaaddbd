//! The single integration-test binary (one link on a 2-core CI). Every
//! module drives the real `pwingest` binary, a real SQLite file, a real
//! PostgreSQL server (`PWINGEST_TEST_PG`, tests/pg-cluster.sh) or a real
//! socket.

// Shared helpers: run the binary, temporary databases, the conformance corpus.
mod util;

// Patchwork v3.2.1's own output on 294 cases, compared field by field.
mod conformance;

// `pwingest web` over HTTP: the corpus served, lists, pagination, errors,
// hostile requests (slow clients, 1,000 connections).
mod web;
mod web_hostile;
mod web_http;
// A site's delegates, maintainers and bundles, served.
mod web_site;

// git-pw and pwclient from PyPI against `pwingest web`.
mod web_clients;

// Pipe-target behaviour: JSON Lines, sysexits, invalid mail kept, bad input.
mod cli;

// Every mail's fate: `status` on stdout, a log line on stderr (issue 9).
mod fate;

// What became of every mail: messages list/show, failed retry, one row per mail (issue 9).
mod messages;

// `export` streamed: the object, --jsonl, --project/--since/--before (issue 9).
mod export;

// A summary on a terminal, JSON lines elsewhere, documents when asked (issue 9).
mod output;

// Compressed input; unreadable input and unknown list ids refused (issue 9).
mod inputs;

// Project add/edit/remove validated as Patchwork's model (issue 9).
mod projects;

// Pathological mail (issue 14): bounded, stored or kept failed, never lost.
mod hostile;

// Empty values as Patchwork's truth tests see them; cross-posted covers (issue 13).
mod truthiness;

// One delivery is one mail; auto mbox splitting (issue 9).
mod delivery;

// The opt-in fixes for Patchwork's faults (issue 13): the corpus's reports
// cases, and inputs of each kind written here.
mod fixes;
mod fixes_own;

// Snapshots of the samples/ output.
mod samples;

// Order independence, later-run replies, concurrent deliveries (issue 3).
mod series;

// Series updated in one step per patch; the version 2 migration (issue 14).
mod series_steps;

// The LMTP server over real sockets: sessions, limits, durability, kill -9,
// smtplib, systemd socket activation (postfix: tests/postfix.sh via .ci/run).
mod lmtp;

// The LMTP server under abuse: floods, garbage, trickles, huge DATA (issue 14).
mod lmtp_abuse;
mod lmtp_service;

// Real postfix (LMTP, pipe(8)) and procmail, configured as samples/ says.
mod mta;

// Patchwork's schema: created exactly, never altered, versions checked.
mod schema;
mod schema_pg;

// A site's own changes and deletions survive ingestion.
mod site;

// NUL and over-long values stored alike on every engine (issue 11).
mod limits;

// A conflict with a writer outside pwingest's lock is run again (issue 11).
mod pg_retry;
