//! Maildir input for the archive importer (spec §0: `parsearchive` given a
//! directory, Python's `mailbox.Maildir`): the message files of `new/` and
//! `cur/` (`tmp/` is never read, sub-directories are skipped). Like Python's
//! table of contents, files are keyed by their unique part (the name before
//! `:`), a `cur/` file replacing a `new/` one with the same key. Python
//! iterates in directory order, which is unspecified; we sort by file name so
//! imports are reproducible.

use std::collections::HashMap;
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// True when `path` has both `cur/` and `new/` directories.
pub fn is_maildir(path: &Path) -> bool {
    path.join("cur").is_dir() && path.join("new").is_dir()
}

/// The message files of a Maildir, sorted by file name.
pub fn maildir_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut by_key: HashMap<OsString, PathBuf> = HashMap::new();
    for sub in ["new", "cur"] {
        for entry in std::fs::read_dir(dir.join(sub))? {
            let path = entry?.path();
            if path.is_dir() {
                continue;
            }
            let Some(name) = path.file_name() else {
                continue;
            };
            let bytes = name.as_bytes();
            let unique = bytes.split(|&b| b == b':').next().unwrap_or(bytes);
            by_key.insert(std::ffi::OsStr::from_bytes(unique).to_owned(), path);
        }
    }
    let mut files: Vec<PathBuf> = by_key.into_values().collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()).then_with(|| a.cmp(b)));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_new_and_cur_sorted() {
        let root =
            std::env::temp_dir().join(format!("pwingest-maildir-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for sub in ["new", "cur", "tmp", "cur/sub"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let files = [
            ("new", "3.b"),
            ("cur", "1.a:2,S"),
            ("tmp", "0.tmp"),
            ("new", "2.dup"),
            ("cur", "2.dup:2,RS"),
            ("new", ".dot"),
        ];
        for (sub, name) in files {
            std::fs::write(root.join(sub).join(name), b"x").unwrap();
        }
        assert!(is_maildir(&root));
        assert!(!is_maildir(&root.join("cur")));
        let got: Vec<String> = maildir_files(&root)
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(
            got,
            ["new/.dot", "cur/1.a:2,S", "cur/2.dup:2,RS", "new/3.b"]
        );
    }
}
