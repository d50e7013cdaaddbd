//! A Patchwork site's own changes survive ingestion: what people set on a
//! patch (state, delegate, archived, commit_ref) is never overwritten,
//! even when a later mail regroups its thread, and rows deleted through
//! Patchwork's admin (with Django's cascades) do not break pwingest. Each
//! test runs on every engine under test.

use crate::util::{Db, engines, lines, repo};

/// The mails of a sample mbox, each with its `From ` line.
fn mails(name: &str) -> Vec<Vec<u8>> {
    let text = std::fs::read(repo().join("samples/series").join(name)).unwrap();
    let mut out: Vec<Vec<u8>> = Vec::new();
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"From ") || out.is_empty() {
            out.push(Vec::new());
        }
        out.last_mut().unwrap().extend_from_slice(line);
    }
    out
}

/// A patch's msgid and what people own: state, delegate, archived, commit_ref.
type Owned = (String, i64, Option<i64>, bool, Option<String>);

fn owned_fields(db: &Db) -> Vec<Owned> {
    db.rows(
        "SELECT msgid, state_id, delegate_id, archived, commit_ref FROM patchwork_patch ORDER BY msgid",
        |r| {
            (
                r.get(0).unwrap(),
                r.get(1).unwrap(),
                r.get(2).unwrap(),
                r.get(3).unwrap(),
                r.get(4).unwrap(),
            )
        },
    )
}

/// `users` as `auth_user` rows `(username, e-mail)`, ids from 1.
fn add_users(db: &Db, users: &[(&str, &str)]) {
    for (name, email) in users {
        db.sql(&format!(
            "INSERT INTO auth_user (password, is_superuser, username, last_name, email, is_staff, \
             is_active, date_joined, first_name) VALUES ('', FALSE, '{name}', '', '{email}', FALSE, \
             TRUE, '2024-01-01 00:00:00', '')"
        ));
    }
}

#[test]
fn what_people_set_survives_a_regrouped_thread() {
    for engine in engines("site") {
        what_people_set_survives_a_regrouped_thread_on(Db::on(engine));
    }
}

fn what_people_set_survives_a_regrouped_thread_on(db: Db) {
    let mails = mails("03-out-of-order.mbox");
    // 2/2, the reply and the cover letter first; 1/2 regroups the series.
    for m in &mails[..3] {
        db.ok(&["--auto-projects"], m);
    }
    add_users(&db, &[("maint", "maint@example.org")]);
    db.sql(
        "UPDATE patchwork_patch SET state_id = 3, delegate_id = 1, archived = TRUE, commit_ref = 'abc123'",
    );
    let before = owned_fields(&db);
    assert_eq!(before.len(), 1);
    db.ok(&["--auto-projects"], &mails[3]);
    let after = owned_fields(&db);
    assert_eq!(after.len(), 2);
    assert!(after.contains(&before[0]), "{before:?} → {after:?}");
    let doc = &db.export("1.3")["patches"];
    let owned = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["archived"] == true)
        .expect("the archived patch");
    assert_eq!(owned["state"], "accepted");
    assert_eq!(owned["commit_ref"], "abc123");
    assert_eq!(owned["delegate"]["username"], "maint");
    assert_eq!(owned["series"][0]["name"], "gears");
}

#[test]
fn rows_deleted_through_the_admin_do_not_break_ingestion() {
    for engine in engines("site") {
        rows_deleted_through_the_admin_do_not_break_ingestion_on(Db::on(engine));
    }
}

fn rows_deleted_through_the_admin_do_not_break_ingestion_on(db: Db) {
    let mails = mails("01-cover-and-review.mbox");
    for m in &mails[..4] {
        db.ok(&["--auto-projects"], m);
    }
    // Django's cascade when an admin deletes patch 2/3 and the cover letter.
    db.sql(
        "DELETE FROM patchwork_event WHERE patch_id = (SELECT id FROM patchwork_patch WHERE msgid = '<v1-2.ada@example.org>'); \
         DELETE FROM patchwork_patchtag WHERE patch_id = (SELECT id FROM patchwork_patch WHERE msgid = '<v1-2.ada@example.org>'); \
         DELETE FROM patchwork_patch WHERE msgid = '<v1-2.ada@example.org>'; \
         DELETE FROM patchwork_event WHERE cover_id IS NOT NULL; \
         UPDATE patchwork_series SET cover_letter_id = NULL; \
         DELETE FROM patchwork_cover;",
    );
    // The review of the deleted patch, then every mail again.
    let out = lines(&db.ok(&["--auto-projects"], &mails[4]));
    assert_eq!(out[0]["result"], "dropped", "{out:?}");
    let all: Vec<u8> = mails.concat();
    let out = lines(&db.ok(&["--auto-projects"], &all));
    let results: Vec<&str> = out.iter().map(|l| l["result"].as_str().unwrap()).collect();
    // The cover and 2/3 are new again, 1/3 and 3/3 duplicates; the review
    // attaches to the new 2/3 (and its second copy is a duplicate).
    assert_eq!(
        results,
        ["cover", "dropped", "patch", "dropped", "dropped"],
        "{out:?}"
    );
    let export = db.export("1.3");
    assert_eq!(export["patches"].as_array().unwrap().len(), 3);
    assert_eq!(export["covers"].as_array().unwrap().len(), 1);
    let comments = export["comments"].as_object().unwrap();
    assert_eq!(
        comments["patch:<v1-2.ada@example.org>"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// `(tag name, count)` rows of `patchwork_patchtag`.
fn tag_counts(db: &Db) -> Vec<(String, i64)> {
    db.rows(
        "SELECT t.name, pt.count FROM patchwork_patchtag pt JOIN patchwork_tag t ON t.id = pt.tag_id \
         ORDER BY t.name",
        |r| (r.get(0).unwrap(), r.get(1).unwrap()),
    )
}

#[test]
fn tag_counts_follow_the_sites_tags_and_use_tags() {
    for engine in engines("site") {
        tag_counts_on(|| Db::on(engine));
    }
}

fn tag_counts_on(new_db: impl Fn() -> Db) {
    let sample = |name: &str| std::fs::read(repo().join("samples/mail").join(name)).unwrap();
    let db = new_db();
    db.ok(&["project", "list"], b"");
    // A site's own tag, beside the stock three.
    db.sql(
        "INSERT INTO patchwork_tag (name, pattern, abbrev, show_column) \
         VALUES ('Signed-off-by', '^Signed-off-by:', 'S', TRUE)",
    );
    // The reply first: it waits, then counts once its patch arrives.
    db.ok(&["--auto-projects"], &sample("02-comment-with-tags.eml"));
    db.ok(&["--auto-projects"], &sample("01-patch.eml"));
    let want = |pairs: &[(&str, i64)]| -> Vec<(String, i64)> {
        pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
    };
    assert_eq!(
        tag_counts(&db),
        want(&[("Acked-by", 1), ("Reviewed-by", 1), ("Signed-off-by", 1)])
    );

    // A project that does not use tags counts none.
    let db = new_db();
    db.ok(&["--auto-projects"], &sample("01-patch.eml"));
    db.sql("UPDATE patchwork_project SET use_tags = FALSE; DELETE FROM patchwork_patchtag");
    db.ok(&["--auto-projects"], &sample("02-comment-with-tags.eml"));
    assert_eq!(tag_counts(&db), want(&[]));
}

#[test]
fn state_and_delegate_come_from_the_headers_and_the_sites_rules() {
    for engine in engines("site") {
        state_and_delegate_on(Db::on(engine));
    }
}

fn state_and_delegate_on(db: Db) {
    let patch = std::fs::read(repo().join("samples/mail/01-patch.eml")).unwrap();
    let with = |headers: &str| [headers.as_bytes(), &patch].concat();
    db.ok(&["--auto-projects"], &with("Message-Id: <first@x>\n"));
    add_users(
        &db,
        &[
            ("rules", "rules@example.org"),
            ("named", "Named@Example.org"),
        ],
    );
    db.sql(
        "INSERT INTO patchwork_delegationrule (path, priority, project_id, user_id) VALUES ('*', 1, 1, 1)",
    );
    let delegate_and_state = |msgid: &str| -> (Option<i64>, Option<String>) {
        db.rows(
            &format!(
                "SELECT p.delegate_id, s.slug FROM patchwork_patch p \
                 LEFT JOIN patchwork_state s ON s.id = p.state_id WHERE p.msgid = '{msgid}'"
            ),
            |r| (r.get(0).unwrap(), r.get(1).unwrap()),
        )[0]
        .clone()
    };
    // Before the rule: nobody; then the rule for every file; the default state.
    assert_eq!(delegate_and_state("<first@x>"), (None, Some("new".into())));
    db.ok(&["--auto-projects"], &with("Message-Id: <second@x>\n"));
    assert_eq!(
        delegate_and_state("<second@x>"),
        (Some(1), Some("new".into()))
    );
    // The header's user (e-mail case-insensitively) and state name.
    db.ok(
        &["--auto-projects"],
        &with(
            "Message-Id: <third@x>\nX-Patchwork-Delegate: named@example.ORG\n\
             X-Patchwork-State: changes requested\n",
        ),
    );
    assert_eq!(
        delegate_and_state("<third@x>"),
        (Some(2), Some("changes-requested".into()))
    );
}
