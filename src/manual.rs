//! `pwingest man` and `pwingest completions SHELL`: the manual page and
//! the shell completion scripts, generated at run time from the clap
//! definition in `cli.rs`, so they always match the binary installed.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Result;

/// Writes `pwingest(1)` to `out`, or, given `out_dir`, one page per command
/// (`pwingest.1`, `pwingest-ingest.1`, `pwingest-project-add.1`, …) there.
pub fn man(out_dir: Option<&Path>, out: &mut dyn Write) -> Result<u8> {
    let cmd = Cli::command();
    match out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            clap_mangen::generate_to(cmd, dir)?;
        }
        None => clap_mangen::Man::new(cmd).render(out)?,
    }
    Ok(0)
}

/// Writes the completion script for `shell` to `out`. It is generated
/// into memory first: clap_complete panics when its writer fails (a
/// closed pipe), and a failure here must be an error.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pwingest", &mut script);
    out.write_all(&script)?;
    Ok(0)
}
