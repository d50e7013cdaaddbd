//! Patchwork's schema is Patchwork's: a new file gets exactly the tables,
//! columns, keys and indexes of a database Patchwork 3.2.1's migrations
//! made (`../shared/patchwork-db/sqlite.sql`) plus its default states and
//! tags; on such a database pwingest writes records without changing any
//! definition; and it refuses other Patchwork versions and newer
//! pwingest schemas with exit 78, naming both versions.

use std::path::PathBuf;

use rusqlite::Connection;

use crate::util::{Db, Engine, repo};

/// The empty Patchwork 3.2.1 database dump of `engine` (`sqlite.sql`,
/// `postgresql.sql`), if the shared data is here.
pub fn dump(file: &str) -> Option<PathBuf> {
    let path = repo().join("../shared/patchwork-db").join(file);
    path.exists().then_some(path)
}

/// A database made from the empty Patchwork 3.2.1 dump; `None` (the
/// test is skipped, loudly) when the shared data is not there.
fn patchwork_db() -> Option<Db> {
    if dump("sqlite.sql").is_none() {
        crate::util::skip("schema", "../shared/patchwork-db not found");
        return None;
    }
    Some(Db::patchwork(Engine::Sqlite))
}

/// The rows of `sql`, each as one `a|b|c` line.
fn lines_of(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                v => format!("{v:?}"),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Every table's definition as SQLite reports it: columns (name, type,
/// not null, default, key), foreign keys, and indexes with their columns.
fn definitions(conn: &Connection, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let names = |sql: &str| -> Vec<String> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut out = Vec::new();
    let tables = names(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    for t in tables.iter().filter(|t| keep(t)) {
        out.push(format!("table {t}"));
        let pragma = |p: &str| lines_of(conn, &format!("PRAGMA {p}(\"{t}\")"));
        out.extend(
            pragma("table_xinfo")
                .into_iter()
                .map(|c| format!("  column {c}")),
        );
        out.extend(
            pragma("foreign_key_list")
                .into_iter()
                .map(|c| format!("  fk {c}")),
        );
        let indexes = names(&format!(
            "SELECT name FROM pragma_index_list('{t}') ORDER BY name"
        ));
        for i in indexes {
            out.extend(lines_of(
                conn,
                &format!("SELECT name, \"unique\", origin, partial FROM pragma_index_list('{t}') WHERE name = '{i}'"),
            ));
            out.extend(
                lines_of(conn, &format!("PRAGMA index_xinfo(\"{i}\")"))
                    .into_iter()
                    .map(|c| format!("    {c}")),
            );
        }
    }
    out
}

/// The SQL text of every object whose table `keep` accepts.
fn sqlite_master(conn: &Connection, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(2)?,
            format!(
                "{} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(3)?.unwrap_or_default()
            ),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .filter(|(table, _)| keep(table))
    .map(|(_, text)| text)
    .collect()
}

fn is_patchworks(table: &str) -> bool {
    !table.starts_with("pwingest_")
}

/// The rows of the fixtures pwingest loads into a new file.
fn fixture_rows(conn: &Connection) -> Vec<String> {
    [
        "SELECT id, name, slug, ordering, action_required FROM patchwork_state ORDER BY id",
        "SELECT id, name, pattern, abbrev, show_column FROM patchwork_tag ORDER BY id",
        "SELECT app, name FROM django_migrations ORDER BY id",
    ]
    .iter()
    .flat_map(|sql| lines_of(conn, sql))
    .collect()
}

#[test]
fn a_new_file_gets_patchworks_definitions_states_and_tags() {
    let Some(reference) = patchwork_db() else {
        return;
    };
    let fresh = Db::new();
    fresh.ok(&["project", "list"], b"");
    let (a, b) = (
        Connection::open(fresh.path()).unwrap(),
        Connection::open(reference.path()).unwrap(),
    );
    let expected = definitions(&b, |_| true);
    assert!(
        expected
            .iter()
            .filter(|l| l.starts_with("table patchwork_"))
            .count()
            == 22
            && expected
                .iter()
                .any(|l| l.contains("patchwork_submission_series_id_number")),
        "the dump's definitions were read"
    );
    assert_eq!(definitions(&a, is_patchworks), expected);
    assert_eq!(fixture_rows(&a), fixture_rows(&b));
}

#[test]
fn writing_into_patchworks_database_changes_no_definition() {
    let Some(db) = patchwork_db() else {
        return;
    };
    let before = {
        let conn = Connection::open(db.path()).unwrap();
        (
            definitions(&conn, |_| true),
            sqlite_master(&conn, is_patchworks),
        )
    };
    let mbox = std::fs::read(repo().join("samples/series/01-cover-and-review.mbox")).unwrap();
    db.ok(&["--auto-projects"], &mbox);
    db.ok(
        &["--auto-projects"],
        &std::fs::read(repo().join("samples/mail/02-comment-with-tags.eml")).unwrap(),
    );
    let conn = Connection::open(db.path()).unwrap();
    assert_eq!(definitions(&conn, is_patchworks), before.0);
    assert_eq!(sqlite_master(&conn, is_patchworks), before.1);
    let patches: i64 = conn
        .query_row("SELECT count(*) FROM patchwork_patch", [], |r| r.get(0))
        .unwrap();
    assert!(patches > 0, "records were written into Patchwork's tables");
}

#[test]
fn other_patchwork_versions_and_newer_pwingest_schemas_are_refused() {
    let Some(db) = patchwork_db() else {
        return;
    };
    let conn = Connection::open(db.path()).unwrap();
    conn.execute(
        "DELETE FROM django_migrations WHERE app = 'patchwork' AND name = '0046_patch_comment_events'",
        [],
    )
    .unwrap();
    let out = db.run(&["project", "list"], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{err}");
    assert!(
        err.contains("0045_addressed_fields") && err.contains("0046_patch_comment_events"),
        "{err}"
    );

    conn.execute(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('patchwork', '0046_patch_comment_events', '2026-01-01 00:00:00')",
        [],
    )
    .unwrap();
    db.ok(&["project", "list"], b"");
    conn.execute("UPDATE pwingest_schema SET version = 99", [])
        .unwrap();
    let out = db.run(&["project", "list"], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{err}");
    assert!(err.contains("99") && err.contains("(3)"), "{err}");
}
