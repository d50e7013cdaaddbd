//! Series updated one step at a time (issue 14): a long series gives the
//! same series whatever order its mails come in (steps at the end, steps
//! in the middle, replays), and a database of pwingest schema version 1
//! is migrated to version 2 (slots, series components) and goes on
//! grouping as a new one does. Debug builds (these tests' binary) also
//! check every step against a replay of its whole component.

use pwingest::export::grouping;
use pwingest::order_check::shuffle;
use rusqlite::Connection;

use crate::util::{Db, UNDO_MESSAGE_FATE, mail, mbox};

/// A cover letter and `n` patches in reply to it, Ada's, on list `steps`,
/// all sent in one minute (equal dates: Message-IDs order them, and
/// `p10` sorts before `p9`), with a reply to patch 2.
fn series(n: usize) -> Vec<String> {
    let cover = mail(
        "steps",
        6,
        &format!("[PATCH 0/{n}] steps"),
        "p0",
        "",
        "Cover.\n",
    );
    let refs = "In-Reply-To: <p0@example.org>\nReferences: <p0@example.org>\n";
    let patches = (1..=n).map(|i| {
        let body = format!("A change.\n---\n--- a/f{i}.c\n+++ b/f{i}.c\n@@ -0,0 +1,1 @@\n+x\n");
        mail(
            "steps",
            6,
            &format!("[PATCH {i}/{n}] part {i}"),
            &format!("p{i}"),
            refs,
            &body,
        )
    });
    let reply = mail(
        "steps",
        6,
        &format!("Re: [PATCH 2/{n}] part 2"),
        "r2",
        "In-Reply-To: <p2@example.org>\nReferences: <p0@example.org> <p2@example.org>\n",
        "Reviewed-by: Bob <bob@example.org>\n",
    );
    std::iter::once(cover)
        .chain(patches)
        .chain([reply])
        .collect()
}

fn ingested(mails: &[String]) -> Db {
    let db = Db::new();
    db.ok(&["--auto-projects"], &mbox(mails));
    db
}

#[test]
fn a_long_series_is_the_same_in_any_order() {
    let mails = series(40);
    let expected = grouping(&ingested(&mails).export("1.3"));
    assert!(
        expected
            .iter()
            .any(|g| g.starts_with("series") && g.contains("p40@")),
        "one series of all: {expected:?}"
    );
    let mut reversed = mails.clone();
    reversed.reverse();
    let mut shuffled = mails.clone();
    shuffle(&mut shuffled, 14);
    // Patches by halves, the second half first: steps land mid-series.
    let halves: Vec<String> = mails[21..].iter().chain(&mails[..21]).cloned().collect();
    for (name, order) in [
        ("reversed", reversed),
        ("shuffled", shuffled),
        ("halves", halves),
    ] {
        assert_eq!(
            grouping(&ingested(&order).export("1.3")),
            expected,
            "{name}"
        );
    }
}

/// Takes a database back to pwingest schema version 1 (from 3), as the version 1
/// migration left it (SQLite drops a column only once no index holds it).
fn downgrade(db: &Db) {
    Connection::open(db.path())
        .unwrap()
        .execute_batch(&format!(
            "{UNDO_MESSAGE_FATE}
             DROP INDEX pwingest_submission_markers; DROP INDEX pwingest_submission_number;
             DROP INDEX pwingest_series_component;
             ALTER TABLE pwingest_submission DROP COLUMN bucket;
             ALTER TABLE pwingest_series DROP COLUMN component;
             ALTER TABLE pwingest_component DROP COLUMN replayed_kind;
             ALTER TABLE pwingest_component DROP COLUMN replayed_id;
             ALTER TABLE pwingest_component DROP COLUMN replayed_fixes;
             DROP TABLE pwingest_records_seen;
             CREATE INDEX pwingest_submission_markers ON pwingest_submission (project_id, submitter_id, date);
             UPDATE pwingest_schema SET version = 1;"
        ))
        .unwrap();
}

/// The columns version 2 derives from version 1's, one line a row.
fn derived(db: &Db) -> Vec<String> {
    let conn = Connection::open(db.path()).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT 'slot', kind, record_id, bucket FROM pwingest_submission ORDER BY 2, 3",
        "SELECT 'series', w.series_id, w.component = m.component FROM pwingest_series w \
         JOIN pwingest_submission m ON m.kind = w.creator_kind AND m.record_id = w.creator_id ORDER BY 2",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn a_version_1_database_is_migrated_and_groups_on_as_a_new_one() {
    let mails = series(12);
    let db = ingested(&mails[..7]);
    let before = derived(&db);
    downgrade(&db);
    db.ok(&["project", "list"], b"");
    assert_eq!(derived(&db), before, "slots and series components rebuilt");
    // Marks and counts are unknown after the migration: the rest of the
    // series is grouped by replays first, then in steps again.
    db.ok(&["--auto-projects"], &mbox(&mails[7..]));
    assert_eq!(
        grouping(&db.export("1.3")),
        grouping(&ingested(&mails).export("1.3"))
    );
}

/// Django's cascade when the site deletes a patch through Patchwork's admin.
fn delete_patch(db: &Db, msgid: &str) {
    let patch = format!("(SELECT id FROM patchwork_patch WHERE msgid = '<{msgid}@example.org>')");
    Connection::open(db.path())
        .unwrap()
        .execute_batch(&format!(
            "DELETE FROM patchwork_event WHERE patch_id = {patch};
             DELETE FROM patchwork_patchtag WHERE patch_id = {patch};
             DELETE FROM patchwork_patch WHERE id = {patch};"
        ))
        .unwrap();
}

/// A resent 2/3 started a series of its own beside the first 2/3; the
/// site deletes the first 2/3. The thread's next patch regroups it whole,
/// as if the deleted patch had never come: the resent 2/3 joins the
/// series (a step would have left it apart).
#[test]
fn a_patch_the_site_deletes_makes_the_next_mail_replay_its_thread() {
    let mut mails = series(3);
    mails.pop(); // the reply
    let mut resent = mails[2].replace("<p2@", "<p2b@");
    resent = resent.replace("part 2", "part 2, again");
    let (before, last) = (vec![&mails[0], &mails[1], &mails[2], &resent], &mails[3]);
    let db = Db::new();
    for m in &before {
        db.ok(&["--auto-projects"], &mbox(std::slice::from_ref(*m)));
    }
    delete_patch(&db, "p2");
    db.ok(&["--auto-projects"], &mbox(std::slice::from_ref(last)));
    let never = ingested(&[mails[0].clone(), mails[1].clone(), resent, last.clone()]);
    assert_eq!(grouping(&db.export("1.3")), grouping(&never.export("1.3")));
}
