//! The engines a test runs on: SQLite always, PostgreSQL when
//! `PWINGEST_TEST_PG` names a cluster (`tests/pg-cluster.sh start` prints
//! it; `.ci/run` starts one). Under `CI=true` a missing cluster fails the
//! test instead of skipping it (store-anchors.md §2.4). Each PostgreSQL
//! test database is `t_<pid>_<n>`, cloned from a template (empty, or
//! `pw_patchwork`: the Patchwork 3.2.1 dump) and dropped with its [`Db`]
//! unless `PWINGEST_TEST_KEEP=1`.

use std::sync::atomic::{AtomicUsize, Ordering};

use postgres::{Client, NoTls};

/// A database engine under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// The cluster's connection string without a database (`host=… user=…`).
pub fn cluster() -> Option<String> {
    std::env::var("PWINGEST_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// SQLite, and PostgreSQL when a cluster is there; under `CI=true` a
/// missing cluster is a failure, elsewhere a loud skip of that engine.
pub fn engines(test: &str) -> Vec<Engine> {
    if cluster().is_some() {
        return vec![Engine::Sqlite, Engine::Postgres];
    }
    super::skip(
        &format!("{test} on PostgreSQL"),
        "PWINGEST_TEST_PG is not set (eval \"$(tests/pg-cluster.sh start)\")",
    );
    vec![Engine::Sqlite]
}

/// What a new PostgreSQL test database starts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// No tables: pwingest creates Patchwork's and its own.
    Empty,
    /// `../shared/patchwork-db/postgresql.sql`, as Patchwork's migrations left it.
    Patchwork,
}

fn admin() -> Client {
    let base = cluster().expect("PWINGEST_TEST_PG");
    Client::connect(&format!("{base} dbname=postgres"), NoTls)
        .unwrap_or_else(|e| panic!("cannot reach the test cluster ({base}): {e}"))
}

/// A new database on the test cluster; its name.
pub fn create_database(template: Template) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let template = match template {
        Template::Empty => "template0",
        Template::Patchwork => "pw_patchwork",
    };
    // A template another session is inside (an autovacuum worker) is
    // refused for a moment: try again a few times.
    let sql = format!("CREATE DATABASE {name} TEMPLATE {template}");
    for attempt in 1.. {
        match admin().batch_execute(&sql) {
            Ok(()) => break,
            Err(e) if attempt < 5 => {
                eprintln!("{sql}: {e:?}; trying again");
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
            Err(e) => panic!("{sql}: {e:?}"),
        }
    }
    name
}

/// Drops a test database (its connections too), unless `PWINGEST_TEST_KEEP=1`.
pub fn drop_database(name: &str) {
    if std::env::var("PWINGEST_TEST_KEEP").as_deref() == Ok("1") {
        eprintln!("kept test database {name}");
        return;
    }
    let _ = admin().batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}
