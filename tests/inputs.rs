//! Inputs (issue 9, part 3): gzip, xz and zstd archives read through their
//! decompressors, as files (named or not by extension, found in a
//! directory) and on stdin; input that cannot be read is a usage error
//! naming the path (64, or 66 EX_NOINPUT), never a temporary failure; a
//! `--list-id` that names no project is 78 before anything is read (75 for
//! an MTA's delivery, which the MTA then retries).

use std::io::Write;

use crate::util::{Db, lines, repo};

fn archive() -> Vec<u8> {
    std::fs::read(repo().join("samples/series/01-cover-and-review.mbox")).unwrap()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn xz(b: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 6);
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn zstd(b: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(b, 3).unwrap()
}

/// `(result, msgid)` of each line.
fn results(stdout: &str) -> Vec<(String, String)> {
    lines(stdout)
        .iter()
        .map(|l| (l["result"].to_string(), l["msgid"].to_string()))
        .collect()
}

#[test]
fn compressed_archives_read_as_the_plain_one() {
    let plain = archive();
    let expected = results(&Db::new().ok(&["--auto-projects"], &plain));
    assert!(expected.len() >= 3, "{expected:?}");
    type Compress = fn(&[u8]) -> Vec<u8>;
    let kinds: [(&str, Compress); 3] = [("gz", gzip), ("xz", xz), ("zst", zstd)];
    for (ext, compress) in kinds {
        let packed = compress(&plain);
        let got = results(&Db::new().ok(&["--auto-projects"], &packed));
        assert_eq!(got, expected, "stdin, {ext}");
        let dir = tempfile::tempdir().unwrap();
        for name in [format!("a.mbox.{ext}"), "misnamed.mbox".to_string()] {
            let path = dir.path().join(&name);
            std::fs::write(&path, &packed).unwrap();
            let got = results(&Db::new().ok(&["--auto-projects", path.to_str().unwrap()], b""));
            assert_eq!(got, expected, "{name}");
            std::fs::remove_file(&path).unwrap();
        }
        // Found in a directory by its name.
        std::fs::write(dir.path().join(format!("list.mbox.{ext}")), &packed).unwrap();
        let got = results(&Db::new().ok(&["--auto-projects", dir.path().to_str().unwrap()], b""));
        assert_eq!(got, expected, "directory, {ext}");
    }
}

/// A compressed archive cut in the middle (a download that broke off):
/// the mails before the cut are stored, and the exit is 65 naming the
/// file (bad data: retrying would fail the same way), not 75.
#[test]
fn a_truncated_compressed_archive_is_corrupt_data_not_a_retry() {
    let plain = archive();
    let whole = results(&Db::new().ok(&["--auto-projects"], &plain)).len();
    type Compress = fn(&[u8]) -> Vec<u8>;
    let kinds: [(&str, Compress); 3] = [("gz", gzip), ("xz", xz), ("zst", zstd)];
    for (ext, compress) in kinds {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("half.mbox.{ext}"));
        let packed = compress(&plain);
        std::fs::write(&path, &packed[..packed.len() * 3 / 4]).unwrap();
        let db = Db::new();
        let out = db.run(&["--auto-projects", path.to_str().unwrap()], b"");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(65), "{ext}: {err}");
        assert!(
            err.contains(&format!("half.mbox.{ext}: corrupt or truncated")),
            "{err}"
        );
        let stored = lines(&String::from_utf8_lossy(&out.stdout)).len();
        assert!(stored < whole, "{ext}: {stored} of {whole}");
    }
}

/// Exit status and stderr of `args`, with `stdin`.
fn refused(db: &Db, args: &[&str], stdin: &[u8]) -> (i32, String) {
    let out = db.run(args, stdin);
    assert!(out.stdout.is_empty(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

#[test]
fn unreadable_input_is_a_usage_error_naming_the_path() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    std::fs::write(p("empty.eml"), b"").unwrap();
    std::fs::write(p("file"), b"x").unwrap();
    std::fs::create_dir(p("no-mail")).unwrap();
    std::fs::write(p("no-mail/notes.txt"), b"x").unwrap();
    std::fs::write(
        p("corrupt.mbox.gz"),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2],
    )
    .unwrap();
    let cases: &[(&[&str], &[u8], i32, &str)] = &[
        (&[], b"", 66, "stdin is empty"),
        (&[], &gzip(b""), 66, "stdin is empty"),
        (&[&p("empty.eml")], b"", 66, "empty.eml is empty"),
        (&[&p("missing.mbox")], b"", 66, "missing.mbox: No such file"),
        (&[&p("file/below")], b"", 66, "file/below: Not a directory"),
        (&[&p("no-mail")], b"", 64, "no-mail: neither a Maildir"),
        (
            &["--format", "maildir", &p("no-mail")],
            b"",
            64,
            "not a Maildir",
        ),
        (&[&p("corrupt.mbox.gz")], b"", 65, "corrupt.mbox.gz"),
    ];
    for (args, stdin, code, says) in cases {
        let (got, err) = refused(&db, &[&["--auto-projects"], *args].concat(), stdin);
        assert_eq!((got, err.contains(says)), (*code, true), "{args:?}: {err}");
    }
    let stored: i64 = rusqlite::Connection::open(db.path())
        .unwrap()
        .query_row("SELECT count(*) FROM pwingest_message", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0, "nothing of refused input is stored");
}

#[test]
fn an_empty_delivery_in_mail_format_is_kept_as_parsemail_keeps_it() {
    let db = Db::new();
    let line = &lines(&db.ok(&["--auto-projects", "--format", "mail"], b""))[0];
    assert_eq!(
        (line["result"].as_str(), line["status"].as_str()),
        (Some("error"), Some("invalid"))
    );
    let kept: i64 = rusqlite::Connection::open(db.path())
        .unwrap()
        .query_row(
            "SELECT count(*) FROM pwingest_message WHERE result = 'error'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the empty delivery is kept for `failed retry`");
}

#[test]
fn a_list_id_that_names_no_project_is_refused_before_reading() {
    let db = Db::new();
    let mail = std::fs::read(repo().join("samples/mail/01-patch.eml")).unwrap();
    for flag in ["--list-id", "--fallback-list-id"] {
        // A missing file would be 66: the configuration is checked first.
        let (code, err) = refused(&db, &[flag, "nope.example.org", "/nonexistent"], b"");
        assert_eq!(code, 78, "{err}");
        assert!(
            err.contains(flag) && err.contains("nope.example.org"),
            "{err}"
        );
        let (code, _) = refused(&db, &[flag, "nope.example.org"], &mail);
        assert_eq!(code, 78);
        // An MTA's delivery is kept and retried, not bounced (pipe(8)
        // defers only on 75 and 71).
        let (code, err) = refused(&db, &[flag, "nope.example.org", "--format", "mail"], &mail);
        assert_eq!(code, 75, "{err}");
        assert!(
            err.contains("nope.example.org") && err.contains("retries"),
            "{err}"
        );
    }
    let export = db.export("1.3");
    assert_eq!(export["patches"].as_array().unwrap().len(), 0);
    // With --auto-projects the project is made; an empty --list-id is none.
    let l = lines(&db.ok(&["--list-id", "nope.example.org", "--auto-projects"], &mail));
    assert_eq!(l[0]["result"], "patch");
    let l = lines(&db.ok(&["--list-id", ""], &mail));
    assert_eq!(l[0]["status"], "no-project");
}
