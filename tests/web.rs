//! `pwingest web` over real HTTP: the conformance corpus served (every
//! detail document and list, followed through `Link` pagination, each list
//! item the detail restricted to the list fields, the mbox downloads),
//! compared by the corpus's `compare.py` exactly as `export` is, on every
//! engine under test (`util::engines`).

use serde_json::{Map, Value, json};

use crate::conformance::{check_engines, corpus_or_skip};
use crate::util::http::{Response, Server};
use crate::util::{Db, cases};

pub const HOST: &str = "patchwork.ozlabs.org";

/// An active user with an API token, on either engine; returns the token.
pub fn add_token(db: &Db) -> String {
    db.sql(
        "INSERT INTO auth_user (password, is_superuser, username, last_name, email, is_staff, \
         is_active, date_joined, first_name) VALUES ('', FALSE, 'web-test', '', \
         'web-test@example.invalid', FALSE, TRUE, '2024-01-01 00:00:00', '')",
    );
    let user = db.count("SELECT id FROM auth_user WHERE username = 'web-test'");
    let key = format!("{:040x}", 0x5eed_u128 * 7919 + user as u128);
    db.sql(&format!(
        "INSERT INTO authtoken_token (key, created, user_id) \
         VALUES ('{key}', '2024-01-01 00:00:00', {user})"
    ));
    key
}

/// Every item of a list, following `next` links; checks `first`/`last`.
fn list_all(server: &Server, url: &str, auth: &[(&str, &str)]) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = Some(url.to_string());
    while let Some(url) = next {
        let r = server.fetch_with(&url, auth);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        assert!(
            r.link("first").is_some() && r.link("last").is_some(),
            "{url}: Link {:?}",
            r.header("link")
        );
        items.extend(r.json().as_array().expect("a bare array").iter().cloned());
        next = r.link("next");
    }
    items
}

/// The detail documents behind a list, each checked against its list item.
fn details(server: &Server, items: &[Value], drop: &[&str], auth: &[(&str, &str)]) -> Vec<Value> {
    items
        .iter()
        .map(|item| {
            let url = item["url"].as_str().expect("url");
            let r = server.fetch_with(url, auth);
            assert_eq!(r.status, 200, "{url}");
            let detail = r.json();
            let mut restricted = detail.clone();
            for key in drop {
                restricted.as_object_mut().unwrap().shift_remove(*key);
            }
            assert_eq!(
                &restricted, item,
                "list item of {url} is not its detail restricted"
            );
            detail
        })
        .collect()
}

/// The case's documents in version `v`, as `export` shapes them, over HTTP.
fn documents(server: &Server, token: &str, v: &str) -> Value {
    let auth = format!("Token {token}");
    let auth = [("Authorization", auth.as_str())];
    let base = format!("http://{HOST}/api/{v}/");
    let listed = |what: &str, drop: &[&str], auth: &[(&str, &str)]| {
        let items = list_all(server, &format!("{base}{what}/?per_page=2"), auth);
        details(server, &items, drop, auth)
    };
    let projects = listed("projects", &[], &[]);
    let people = listed("people", &[], &auth);
    let patches = listed("patches", &["headers", "content", "diff", "prefixes"], &[]);
    let covers = listed("covers", &["headers", "content"], &[]);
    let series = listed("series", &[], &[]);
    let mut comments = Map::new();
    if v != "1.0" {
        for (kind, docs) in [("patch", &patches), ("cover", &covers)] {
            for d in docs {
                let url = format!("{base}{kind}es/{}/comments/?per_page=2", d["id"]);
                let url = url.replace("coveres", "covers");
                let mut items = list_all(server, &url, &[]);
                if v == "1.3" {
                    items = details(server, &items, &[], &[]);
                }
                if !items.is_empty() {
                    comments.insert(
                        format!("{kind}:{}", d["msgid"].as_str().unwrap()),
                        Value::Array(items),
                    );
                }
            }
        }
    }
    let mut doc = json!({
        "projects": projects, "people": people, "patches": patches,
        "covers": covers, "series": series, "comments": comments,
    });
    if v == "1.3" {
        doc["mbox"] = mbox_texts(server, &doc);
    }
    doc
}

fn text(r: Response, what: &str) -> Value {
    assert_eq!(r.status, 200, "{what}");
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    Value::String(r.text())
}

/// The §15 downloads the documents link to, keyed as the corpus keys them.
fn mbox_texts(server: &Server, doc: &Value) -> Value {
    let mut out = Map::new();
    let list = |k: &str| doc[k].as_array().unwrap().clone();
    for p in list("patches") {
        let (mbox, msgid) = (p["mbox"].as_str().unwrap(), p["msgid"].as_str().unwrap());
        out.insert(format!("patch:{msgid}"), text(server.fetch(mbox), mbox));
        if !p["series"].as_array().unwrap().is_empty() {
            let url = format!("{mbox}?series=*");
            out.insert(
                format!("patch-series:{msgid}"),
                text(server.fetch(&url), &url),
            );
        }
        let by_id = server.get(&format!("/patch/{}/mbox/", p["id"]));
        assert_eq!((by_id.status, by_id.header("location")), (302, Some(mbox)));
    }
    for c in list("covers") {
        let mbox = c["mbox"].as_str().unwrap();
        out.insert(
            format!("cover:{}", c["msgid"].as_str().unwrap()),
            text(server.fetch(mbox), mbox),
        );
    }
    for s in list("series") {
        let key = match (
            s["cover_letter"]["msgid"].as_str(),
            s["patches"][0]["msgid"].as_str(),
        ) {
            (Some(m), _) | (None, Some(m)) => m.to_string(),
            (None, None) => format!(
                "(empty) {} {}",
                s["submitter"]["email"].as_str().unwrap(),
                s["date"].as_str().unwrap()
            ),
        };
        let mbox = s["mbox"].as_str().unwrap();
        out.insert(format!("series:{key}"), text(server.fetch(mbox), mbox));
    }
    Value::Object(out)
}

/// The corpus served by `pwingest web` (URLs from the request's Host).
fn served(db: &Db) -> Box<dyn FnMut(&str) -> Value + '_> {
    let token = add_token(db);
    let server = Server::start(db, &[]);
    Box::new(move |v| documents(&server, &token, v))
}

#[test]
fn conformance_over_http() {
    let Some(corpus) = corpus_or_skip("web conformance") else {
        return;
    };
    let only = std::env::var("PWINGEST_WEB_CASES").unwrap_or_default();
    let all: Vec<_> = cases(&corpus)
        .into_iter()
        .filter(|c| c.to_string_lossy().contains(&only))
        .map(|c| (c, None))
        .collect();
    check_engines("web", &corpus, &all, &served);
}
