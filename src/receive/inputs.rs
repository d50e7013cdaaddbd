//! What `pwingest ingest` reads: the files, directories and Maildirs named
//! on the command line, or stdin, each decompressed when it is gzip, xz or
//! zstd ([`super::compressed`]) and split into messages per `--format`.
//!
//! Input that cannot be read is the caller's mistake, never a temporary
//! failure: a missing or unreadable path and empty input are
//! `EX_NOINPUT` (66), a directory that is neither a Maildir nor holds mail
//! files is `EX_USAGE` (64), each naming the path.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::compressed::{Compression, Input, decompressed, peek};
use super::maildir;
use super::mbox::{MboxFormat, MboxReader, Separators};
use crate::cli::{InputFormat, MboxFlavour};
use crate::error::{Error, Result};
use crate::pipeline::RawMessage;

/// Messages in input order.
pub type Messages = Box<dyn Iterator<Item = std::io::Result<RawMessage>> + Send>;

/// Every input named (stdin when none), as one stream of messages, and
/// their total size in bytes when known up front (for the progress bar).
pub fn open(
    paths: &[PathBuf],
    format: InputFormat,
    flavour: MboxFlavour,
) -> Result<(Messages, Option<u64>)> {
    if paths.is_empty() {
        let stdin: Input = Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()));
        return Ok((split(stdin, "stdin", format, flavour)?, None));
    }
    // Unknown (None) once an input's size is: a compressed one.
    let mut total = Some(0u64);
    let add = |total: Option<u64>, size: Option<u64>| total.zip(size).map(|(t, s)| t + s);
    let mut streams: Vec<Messages> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| no_input(path, e))?;
        if !meta.is_dir() {
            let (messages, size) = open_file(path, format, flavour)?;
            total = add(total, size);
            streams.push(messages);
        } else if maildir::is_maildir(path) {
            let files = maildir::maildir_files(path).map_err(|e| no_input(path, e))?;
            let size = files
                .iter()
                .filter_map(|f| f.metadata().ok())
                .map(|m| m.len());
            total = add(total, Some(size.sum()));
            streams.push(Box::new(files.into_iter().map(std::fs::read)));
        } else if format == InputFormat::Maildir {
            return Err(Error::usage(format!(
                "{}: not a Maildir (it has no cur/ and new/)",
                path.display()
            )));
        } else {
            let files = mail_files(path)?;
            if files.is_empty() {
                return Err(Error::usage(format!(
                    "{}: neither a Maildir (cur/ and new/) nor a directory of *.eml or *.mbox files",
                    path.display()
                )));
            }
            for f in files {
                let (messages, size) = open_file(&f, format, flavour)?;
                total = add(total, size);
                streams.push(messages);
            }
        }
    }
    Ok((Box::new(streams.into_iter().flatten()), total))
}

fn no_input(path: &Path, e: std::io::Error) -> Error {
    Error::no_input(format!("{}: {e}", path.display()))
}

/// One file's messages, and its size when it is not compressed.
fn open_file(
    path: &Path,
    format: InputFormat,
    flavour: MboxFlavour,
) -> Result<(Messages, Option<u64>)> {
    if format == InputFormat::Maildir {
        return Err(Error::usage(format!(
            "{}: --format maildir needs a directory",
            path.display()
        )));
    }
    let file = File::open(path).map_err(|e| no_input(path, e))?;
    let size = file.metadata().map(|m| m.len()).ok();
    let input: Input = Box::new(BufReader::with_capacity(1 << 16, file));
    let (head, input) = peek(input, 6).map_err(|e| no_input(path, e))?;
    let size = size.filter(|_| Compression::detect(&head).is_none());
    let name = path.display().to_string();
    Ok((split(input, &name, format, flavour)?, size))
}

/// One input as messages, per `--format`; `name` names it in errors.
fn split(input: Input, name: &str, format: InputFormat, flavour: MboxFlavour) -> Result<Messages> {
    let (mut input, empty) =
        decompressed(input, name).map_err(|e| Error::data(format!("{name}: {e}")))?;
    // `--format mail` is parsemail's reading: an empty delivery is a mail
    // Patchwork refuses (kept with its error); anywhere else it is no input.
    if empty && format != InputFormat::Mail {
        return Err(Error::no_input(format!("{name} is empty")));
    }
    let parsearchive = Separators::EveryFromLine;
    let mbox = match format {
        InputFormat::Mail => None,
        InputFormat::Mbox => Some((MboxFormat::Mboxo, parsearchive)),
        InputFormat::Mboxrd => Some((MboxFormat::Mboxrd, parsearchive)),
        InputFormat::Maildir => {
            return Err(Error::usage(format!(
                "{name}: --format maildir needs a directory"
            )));
        }
        InputFormat::Auto if starts_with_from(&mut input)? => {
            let format = match flavour {
                MboxFlavour::Mboxo => MboxFormat::Mboxo,
                MboxFlavour::Mboxrd => MboxFormat::Mboxrd,
            };
            Some((format, Separators::Envelopes))
        }
        InputFormat::Auto => None,
    };
    Ok(match mbox {
        Some((format, separators)) => {
            Box::new(MboxReader::with_separators(input, format, separators))
        }
        None => Box::new(std::iter::once_with(move || read_mail(input))),
    })
}

/// Peeks whether a reader starts with an mbox `From ` line.
fn starts_with_from(reader: &mut dyn BufRead) -> std::io::Result<bool> {
    let buf = reader.fill_buf()?;
    Ok(buf.starts_with(b"From "))
}

/// The whole input as one mail, without a leading `From ` envelope line.
fn read_mail(mut reader: Input) -> std::io::Result<RawMessage> {
    let mut buf = Vec::new();
    if starts_with_from(&mut reader)? {
        reader.read_until(b'\n', &mut buf)?;
        buf.clear();
    }
    reader.read_to_end(&mut buf)?;
    Ok(buf)
}

/// Whether a file found in a directory is mail: `*.eml` or `*.mbox`,
/// possibly compressed (`*.mbox.gz`, `*.eml.xz`, `*.mbox.zst`).
fn is_mail_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name = [".gz", ".xz", ".zst"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(&name);
    name.ends_with(".eml") || name.ends_with(".mbox")
}

/// The mail files under a plain directory, in path order.
fn mail_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| no_input(&d, e))? {
            let p = entry.map_err(|e| no_input(&d, e))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if is_mail_file(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_files_are_eml_and_mbox_compressed_or_not() {
        for yes in ["a.eml", "b.mbox", "c.mbox.gz", "d.eml.xz", "e.mbox.zst"] {
            assert!(is_mail_file(Path::new(yes)), "{yes}");
        }
        for no in ["a.txt", "b.gz", "mbox", "c.mbox.bz2", "d.eml~"] {
            assert!(!is_mail_file(Path::new(no)), "{no}");
        }
    }
}
