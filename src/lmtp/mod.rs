//! The LMTP server (RFC 2033) that postfix delivers to.

use std::path::Path;

use clap::Args;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// `unix:/run/pwingest/lmtp.sock` or `127.0.0.1:2424`; ignored under systemd socket activation.
    #[arg(long, default_value = "unix:/run/pwingest/lmtp.sock")]
    pub listen: String,
}

pub fn serve_blocking(db: &Path, args: ServeArgs) -> Result<()> {
    let _ = (db, args);
    Err(Error::config("LMTP server not built yet"))
}
