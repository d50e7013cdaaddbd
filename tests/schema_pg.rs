//! Patchwork's schema on PostgreSQL is Patchwork's: an empty database gets
//! exactly the definitions of one Patchwork 3.2.1's migrations made
//! (`../shared/patchwork-db/postgresql.sql`, as the catalog reports them:
//! columns in order with types, lengths, nullability and identity
//! sequences, constraints with their deferral, indexes, sequences) plus
//! its default states and tags; pwingest writes into such a database
//! without changing a definition; other Patchwork versions and newer
//! pwingest schemas are refused with exit 78; gateways starting together
//! on an empty database create the tables once.

use crate::util::{Db, Engine, engine::cluster, repo};

/// Every definition the catalog holds for tables `keep` accepts, one line each.
fn definitions(db: &Db, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let queries = [
        "SELECT table_name, 'column ' || ordinal_position || ' ' || column_name || ' ' || data_type || \
         COALESCE('(' || character_maximum_length || ')', '') || ' null=' || is_nullable || \
         ' default=' || COALESCE(column_default, '-') || ' identity=' || is_identity || \
         COALESCE(' ' || identity_generation, '') || ' seq=' || \
         COALESCE(pg_get_serial_sequence(quote_ident(table_name), column_name), '-') \
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
        "SELECT conrelid::regclass::text, 'constraint ' || conname || ' ' || contype::text || ' ' || \
         pg_get_constraintdef(oid) || ' deferrable=' || condeferrable || ' deferred=' || condeferred \
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        "SELECT tablename, 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
        "SELECT COALESCE(d.refobjid::regclass::text, s.sequencename), 'sequence ' || s.sequencename || ' ' || \
         s.data_type || ' start=' || s.start_value || ' by=' || s.increment_by || ' min=' || s.min_value || \
         ' max=' || s.max_value || ' cache=' || s.cache_size || ' cycle=' || s.cycle \
         FROM pg_sequences s LEFT JOIN pg_depend d ON d.objid = (quote_ident(s.sequencename))::regclass \
         AND d.deptype IN ('a', 'i') WHERE s.schemaname = 'public' ORDER BY 1, 2",
    ];
    let mut out = Vec::new();
    for sql in queries {
        out.extend(
            db.rows(sql, |r| {
                (r.get::<String>(0).unwrap(), r.get::<String>(1).unwrap())
            })
            .into_iter()
            .filter(|(table, _)| keep(table))
            .map(|(table, line)| format!("{table}: {line}")),
        );
    }
    out.sort();
    out
}

fn is_patchworks(table: &str) -> bool {
    !table.starts_with("pwingest_")
}

/// The fixture rows pwingest loads, and where their sequences stand.
fn fixture_rows(db: &Db) -> Vec<String> {
    [
        "SELECT id || '|' || name || '|' || slug || '|' || ordering || '|' || action_required \
         FROM patchwork_state ORDER BY id",
        "SELECT id || '|' || name || '|' || pattern || '|' || abbrev || '|' || show_column \
         FROM patchwork_tag ORDER BY id",
        "SELECT app || '|' || name FROM django_migrations ORDER BY id",
        "SELECT sequencename || '=' || last_value FROM pg_sequences WHERE sequencename IN \
         ('patchwork_state_id_seq', 'patchwork_tag_id_seq', 'django_site_id_seq', 'django_migrations_id_seq') \
         ORDER BY 1",
    ]
    .iter()
    .flat_map(|sql| db.rows(sql, |r| r.get::<String>(0).unwrap()))
    .collect()
}

/// `None` (skipped, loudly; a failure under CI) without a test cluster.
fn on_postgres(test: &str) -> Option<Engine> {
    if cluster().is_none() {
        crate::util::skip(test, "PWINGEST_TEST_PG is not set");
        return None;
    }
    Some(Engine::Postgres)
}

#[test]
fn a_new_postgres_database_gets_patchworks_definitions_states_and_tags() {
    let Some(pg) = on_postgres("schema on PostgreSQL") else {
        return;
    };
    let fresh = Db::on(pg);
    fresh.ok(&["project", "list"], b"");
    let reference = Db::patchwork(pg);
    let expected = definitions(&reference, |_| true);
    assert!(
        expected
            .iter()
            .any(|l| l.contains("patchwork_submission_id_seq"))
            && expected.iter().filter(|l| l.contains(": column ")).count() > 190,
        "the dump's definitions were read"
    );
    let actual = definitions(&fresh, is_patchworks);
    let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}"
    );
    let (mut a, mut b) = (fixture_rows(&fresh), fixture_rows(&reference));
    // The dump's django_migrations_id_seq stands where its 71 rows left it, as ours.
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn writing_into_patchworks_postgres_database_changes_no_definition() {
    let Some(pg) = on_postgres("schema on PostgreSQL") else {
        return;
    };
    let db = Db::patchwork(pg);
    let before = definitions(&db, is_patchworks);
    let mbox = std::fs::read(repo().join("samples/series/01-cover-and-review.mbox")).unwrap();
    db.ok(&["--auto-projects"], &mbox);
    assert_eq!(definitions(&db, is_patchworks), before);
    assert!(db.count("SELECT count(*) FROM patchwork_patch") > 0);
    // Ids continue from the site's sequences (legacy names included).
    assert!(db.count("SELECT last_value FROM patchwork_submission_id_seq") >= 3);
}

#[test]
fn other_patchwork_versions_and_newer_pwingest_schemas_are_refused_on_postgres() {
    let Some(pg) = on_postgres("schema on PostgreSQL") else {
        return;
    };
    let db = Db::patchwork(pg);
    db.sql("DELETE FROM django_migrations WHERE app = 'patchwork' AND name = '0046_patch_comment_events'");
    let out = db.run(&["project", "list"], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{err}");
    assert!(err.contains("0045_addressed_fields"), "{err}");
    db.sql(
        "INSERT INTO django_migrations (app, name, applied) \
         VALUES ('patchwork', '0046_patch_comment_events', now())",
    );
    db.ok(&["project", "list"], b"");
    db.sql("UPDATE pwingest_schema SET version = 99");
    let out = db.run(&["project", "list"], b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{err}");
    assert!(
        err.contains("99") && err.contains("newer than this pwingest's (3)"),
        "{err}"
    );
}

#[test]
fn gateways_starting_together_create_the_tables_once() {
    let Some(pg) = on_postgres("schema on PostgreSQL") else {
        return;
    };
    let db = Db::on(pg);
    let children: Vec<_> = (0..4)
        .map(|_| {
            db.cmd(&["project", "list"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(db.count("SELECT count(*) FROM pwingest_schema"), 1);
    assert_eq!(db.count("SELECT count(*) FROM patchwork_state"), 10);
}

#[test]
fn a_database_that_cannot_be_reached_is_a_temporary_failure() {
    // No server at this socket directory: the MTA must retry (75), not bounce.
    let dir = tempfile::tempdir().unwrap();
    let out = crate::util::run_with_stdin(
        {
            let mut c = std::process::Command::new(crate::util::bin());
            c.arg("--db")
                .arg(format!("host={} dbname=x user=x", dir.path().display()))
                .args(["--format", "mail"])
                .env("RUST_LOG", "error");
            c
        },
        b"From: a@b\nSubject: x\nMessage-Id: <x@y>\n\nbody\n",
    );
    assert_eq!(
        out.status.code(),
        Some(75),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_database_that_does_not_exist_is_a_configuration_error() {
    let Some(base) = cluster() else {
        crate::util::skip("schema on PostgreSQL", "PWINGEST_TEST_PG is not set");
        return;
    };
    let mut c = std::process::Command::new(crate::util::bin());
    c.arg("--db")
        .arg(format!("{base} dbname=no_such_database"))
        .args(["project", "list"])
        .env("RUST_LOG", "error");
    let out = crate::util::run_with_stdin(c, b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{err}");
    assert!(
        err.contains("no_such_database") && err.contains("PostgreSQL"),
        "{err}"
    );
}
