//! Logs on stderr through `tracing`: where postfix, procmail and journald
//! keep them. One line per mail that made no record or waits for its
//! parent is logged at `info`, so the default level is `info`; `RUST_LOG`
//! (a level: error, warn, info, debug, trace) changes it. While a progress
//! bar is drawn, each line is written with the bar hidden, so the two do not
//! garble each other.

use std::io::{IsTerminal, Write};
use std::sync::{Mutex, PoisonError};

use indicatif::ProgressBar;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;

/// The bar currently drawn on stderr, if any.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Installs the stderr subscriber at `RUST_LOG`'s level (`info` when unset
/// or not a level).
pub fn init() {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    tracing_subscriber::fmt()
        .with_writer(Stderr)
        .with_max_level(level)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

/// Routes log lines around `bar` until [`clear_progress_bar`].
pub fn set_progress_bar(bar: &ProgressBar) {
    *BAR.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
}

pub fn clear_progress_bar() {
    *BAR.lock().unwrap_or_else(PoisonError::into_inner) = None;
}

/// stderr, with the progress bar suspended around each write (the fmt
/// layer writes one whole line per call).
#[derive(Clone, Copy)]
struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let bar = BAR.lock().unwrap_or_else(PoisonError::into_inner).clone();
        match bar {
            Some(bar) => bar.suspend(|| std::io::stderr().write_all(buf))?,
            None => std::io::stderr().write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> MakeWriter<'a> for Stderr {
    type Writer = Stderr;

    fn make_writer(&'a self) -> Stderr {
        Stderr
    }
}
