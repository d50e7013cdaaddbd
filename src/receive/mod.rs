//! Edges that bring mail in: one message from stdin or a file, an mbox
//! (streamed, compressed or not), a Maildir, or LMTP. Each hands whole messages to the
//! pipeline; none of them parses mail.

pub mod compressed;
pub mod envelope;
pub mod inputs;
pub mod maildir;
pub mod mbox;
