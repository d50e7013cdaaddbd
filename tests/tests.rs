//! The single integration-test binary (one link on a 2-core CI). Every
//! module drives the real `pwingest` binary or a real socket.

// Shared helpers: run the binary, temporary databases, the conformance corpus.
mod util;

// Patchwork v3.2.1's own output on 284 cases, compared field by field.
mod conformance;
