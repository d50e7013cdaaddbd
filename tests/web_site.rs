//! What a real Patchwork site's database adds to the documents, served by
//! `pwingest web`: a patch delegate (the `delegate` object and the mbox's
//! `X-Patchwork-Delegate`), project maintainers (`maintainers`, embedded
//! through their user profiles), and bundles (`/api/bundles/`, public or
//! their owner's, and `/bundle/<owner>/<name>/mbox/`). The rows are the
//! ones Patchwork's own views write, inserted with SQL; every test runs on
//! every engine under test.

use serde_json::Value;

use crate::util::http::Server;
use crate::util::{Db, Engine, engines};
use crate::web_http::samples_on;

/// The id of the row `table` holds last.
fn last_id(db: &Db, table: &str) -> i64 {
    db.count(&format!("SELECT MAX(id) FROM {table}"))
}

/// An active user; returns its id.
fn add_user(db: &Db, username: &str) -> i64 {
    db.sql(&format!(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, \
         is_staff, is_active, date_joined) VALUES ('', FALSE, '{username}', '{}', 'Tester', \
         '{username}@example.org', FALSE, TRUE, '2024-01-01 00:00:00')",
        username.to_uppercase(),
    ));
    last_id(db, "auth_user")
}

/// A user's profile (Patchwork makes one per user); returns its id.
fn add_profile(db: &Db, user: i64) -> i64 {
    db.sql(&format!(
        "INSERT INTO patchwork_userprofile (send_email, items_per_page, show_ids, user_id) \
         VALUES (FALSE, 100, FALSE, {user})"
    ));
    last_id(db, "patchwork_userprofile")
}

/// An API token for `user`; returns the `Authorization` header value.
fn add_token(db: &Db, user: i64) -> String {
    let key = format!("{:040x}", 0xb0b_u128 * 104_729 + user as u128);
    db.sql(&format!(
        "INSERT INTO authtoken_token (key, created, user_id) \
         VALUES ('{key}', '2024-01-01 00:00:00', {user})"
    ));
    format!("Token {key}")
}

fn add_bundle(db: &Db, owner: i64, name: &str, public: bool, patches: &[i64]) -> i64 {
    db.sql(&format!(
        "INSERT INTO patchwork_bundle (name, public, owner_id, project_id) \
         VALUES ('{name}', {public}, {owner}, 1)"
    ));
    let bundle = last_id(db, "patchwork_bundle");
    for (order, patch) in patches.iter().enumerate() {
        db.sql(&format!(
            "INSERT INTO patchwork_bundlepatch (\"order\", bundle_id, patch_id) \
             VALUES ({}, {bundle}, {patch})",
            order + 1
        ));
    }
    bundle
}

/// The samples on `engine`, with the rows of a site: users alice and bob,
/// bob's profile made first (profile ids are not user ids), alice
/// maintaining project 1, bob delegate of patch 1, alice's public bundle of
/// patches 2 and 1, bob's private one of patch 3. Returns the database and
/// the tokens of alice and bob.
fn site(engine: Engine) -> (Db, String, String) {
    let db = samples_on(engine);
    let alice = add_user(&db, "alice");
    let bob = add_user(&db, "bob");
    add_profile(&db, bob);
    let alice_profile = add_profile(&db, alice);
    db.sql(&format!(
        "INSERT INTO patchwork_userprofile_maintainer_projects (userprofile_id, project_id) \
         VALUES ({alice_profile}, 1)"
    ));
    db.sql(&format!(
        "UPDATE patchwork_patch SET delegate_id = {bob} WHERE id = 1"
    ));
    add_bundle(&db, alice, "fixes", true, &[2, 1]);
    add_bundle(&db, bob, "secret", false, &[3]);
    let (alice_token, bob_token) = (add_token(&db, alice), add_token(&db, bob));
    (db, alice_token, bob_token)
}

const BASE: &str = "http://patchwork.ozlabs.org";

#[test]
fn delegates_and_maintainers() {
    for engine in engines("delegates_and_maintainers") {
        delegates_and_maintainers_on(engine);
    }
}

fn delegates_and_maintainers_on(engine: Engine) {
    let (db, _, _) = site(engine);
    let s = Server::start(&db, &[]);
    let patch = s.get("/api/patches/1/").json();
    assert_eq!(patch["delegate"]["username"], "bob");
    assert_eq!(patch["delegate"]["email"], "bob@example.org");
    let listed = s.get("/api/patches/?delegate=BOB").json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["delegate"], patch["delegate"]);
    // The mbox names the delegate after the patch's id (§15 step 5).
    let mbox = s.fetch(patch["mbox"].as_str().unwrap()).text();
    assert!(
        mbox.contains("X-Patchwork-Id: 1\nX-Patchwork-Delegate: bob@example.org\n"),
        "{mbox}"
    );
    let other = s.get("/api/patches/2/").json();
    assert!(
        !s.fetch(other["mbox"].as_str().unwrap())
            .text()
            .contains("X-Patchwork-Delegate")
    );
    // Maintainers embed the user through its profile: the profile's id.
    let project = s.get("/api/projects/1/").json();
    let maintainers = project["maintainers"].as_array().unwrap();
    assert_eq!(maintainers.len(), 1);
    let m = &maintainers[0];
    assert_eq!(
        (m["id"].as_i64(), m["username"].as_str()),
        (Some(2), Some("alice"))
    );
    assert_eq!(m["url"], format!("{BASE}/api/users/2/"));
    assert_eq!(m["first_name"], "ALICE");
    assert_eq!(s.get("/api/projects/").json()[0], project);
    // `export` says the same.
    let exported = db.export("1.3");
    assert_eq!(
        exported["projects"][0],
        s.get("/api/1.3/projects/1/").json()
    );
    let key = format!("patch:{}", patch["msgid"].as_str().unwrap());
    assert_eq!(exported["mbox"][&key].as_str(), Some(mbox.as_str()));
}

#[test]
fn bundles_public_or_their_owners() {
    for engine in engines("bundles_public_or_their_owners") {
        bundles_public_or_their_owners_on(engine);
    }
}

fn bundles_public_or_their_owners_on(engine: Engine) {
    let (db, alice, bob) = site(engine);
    let s = Server::start(&db, &[]);
    let anonymous = s.get("/api/bundles/").json();
    let names = |list: &Value| -> Vec<String> {
        let items = list.as_array().unwrap();
        items
            .iter()
            .map(|b| b["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&anonymous), ["fixes"]);
    let fixes = &anonymous[0];
    let id = fixes["id"].as_i64().unwrap();
    let keys: Vec<&str> = fixes
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id", "url", "web_url", "project", "name", "owner", "patches", "public", "mbox"
        ]
    );
    assert_eq!(fixes["url"], format!("{BASE}/api/bundles/{id}/"));
    assert_eq!(fixes["web_url"], format!("{BASE}/bundle/alice/fixes/"));
    assert_eq!(fixes["mbox"], format!("{BASE}/bundle/alice/fixes/mbox/"));
    assert_eq!(fixes["owner"]["username"], "alice");
    assert_eq!(fixes["project"], s.get("/api/patches/1/").json()["project"]);
    assert_eq!(fixes["public"], true);
    // The patches embedded by date, as Patchwork orders patches.
    let embedded = fixes["patches"].as_array().unwrap();
    let mut by_date: Vec<(String, i64)> = [1, 2]
        .iter()
        .map(|p| {
            let d = s.get(&format!("/api/patches/{p}/")).json();
            (d["date"].as_str().unwrap().to_string(), *p)
        })
        .collect();
    by_date.sort();
    let ids: Vec<i64> = embedded.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, by_date.iter().map(|(_, p)| *p).collect::<Vec<_>>());
    assert_eq!(s.get(&format!("/api/bundles/{id}/")).json(), *fixes);
    assert!(
        s.get(&format!("/api/1.0/bundles/{id}/"))
            .json()
            .get("web_url")
            .is_none()
    );
    // Bob's private bundle: his alone.
    let mine = s
        .get_as("h", "/api/bundles/", &[("Authorization", &bob)])
        .json();
    assert_eq!(names(&mine), ["fixes", "secret"]);
    let secret = mine[1]["id"].as_i64().unwrap();
    let url = format!("/api/bundles/{secret}/");
    assert_eq!(s.get(&url).status, 404);
    assert_eq!(
        s.get_as("h", &url, &[("Authorization", &alice)]).status,
        404
    );
    assert_eq!(s.get_as("h", &url, &[("Authorization", &bob)]).status, 200);
    assert_eq!(
        s.get_as("h", "/api/bundles/", &[("Authorization", "Token 0000")])
            .status,
        403
    );
    // Filters: owner (username), project, public.
    assert_eq!(names(&s.get("/api/bundles/?owner=ALICE").json()), ["fixes"]);
    assert!(names(&s.get("/api/bundles/?owner=nobody").json()).is_empty());
    let public_only = s.get_as("h", "/api/bundles/?public=true", &[("Authorization", &bob)]);
    assert_eq!(names(&public_only.json()), ["fixes"]);
}

#[test]
fn bundle_mbox_in_the_bundles_order() {
    for engine in engines("bundle_mbox_in_the_bundles_order") {
        bundle_mbox_in_the_bundles_order_on(engine);
    }
}

fn bundle_mbox_in_the_bundles_order_on(engine: Engine) {
    let (db, _, bob) = site(engine);
    let s = Server::start(&db, &[]);
    let r = s.get("/bundle/alice/fixes/mbox/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain"));
    let id = s.get("/api/bundles/").json()[0]["id"].as_i64().unwrap();
    assert_eq!(
        r.header("content-disposition").map(str::to_string),
        Some(format!("attachment; filename=bundle-{id}-fixes.mbox"))
    );
    // Patch 2 then patch 1, each as its own download, joined by a newline.
    let text = |p: i64| {
        let doc = s.get(&format!("/api/patches/{p}/")).json();
        s.fetch(doc["mbox"].as_str().unwrap()).text()
    };
    assert_eq!(r.text(), format!("{}\n{}", text(2), text(1)));
    assert_eq!(s.get("/bundle/bob/secret/mbox/").status, 404);
    let own = s.get_as("h", "/bundle/bob/secret/mbox/", &[("Authorization", &bob)]);
    assert_eq!((own.status, own.text()), (200, text(3)));
    assert_eq!(s.get("/bundle/alice/nothing/mbox/").status, 404);
}
