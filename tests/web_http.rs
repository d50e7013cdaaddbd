//! `pwingest web`'s HTTP rules on the samples' database, over real sockets:
//! error documents and status codes, 405 for writes, filters, pagination and
//! tokens (on every engine under test), absolute URLs (Host, `--base-url`, `--trust-proxy`), unix sockets
//! and systemd socket activation. Hostile requests: `web_hostile.rs`.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::http::Server;
use crate::util::{Db, Engine, engines, repo};
use crate::web::add_token;

/// The samples ingested (patches, a cover, series, comments, a pull request).
pub fn samples_db() -> Db {
    samples_on(Engine::Sqlite)
}

/// [`samples_db`] on `engine`.
pub fn samples_on(engine: Engine) -> Db {
    let db = Db::on(engine);
    let samples = repo().join("samples");
    db.ok(&["--auto-projects", &samples.to_string_lossy()], b"");
    db
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn errors_writes_and_versions() {
    for engine in engines("errors_writes_and_versions") {
        errors_writes_and_versions_on(engine);
    }
}

fn errors_writes_and_versions_on(engine: Engine) {
    let db = samples_on(engine);
    let s = Server::start(&db, &[]);
    for target in [
        "/api/patches/99999/",
        "/api/patches/-1/",
        "/api/patches/abc/",
        "/api/patches/1.5/",
        "/api/1.4/patches/",
        "/api/2.0/",
        "/api/nothing/",
        "/api/1.0/patches/1/comments/",
        "/api/1.2/patches/1/comments/1/",
        "/api/projects/no-such-project/",
        "/series/0/mbox/",
        "/project/nope/patch/x@y/mbox/",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert_eq!(r.json()["detail"], "Not found.", "{target}");
    }
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        for target in ["/api/patches/1/", "/api/patches/", "/series/1/mbox/"] {
            let r = s.request(method, "h", target, &[("Content-Length", "0")]);
            assert_eq!(r.status, 405, "{method} {target}");
            assert_eq!(
                r.json()["detail"],
                format!("Method \"{method}\" not allowed.")
            );
        }
    }
    let r = s.get("/api/patches");
    assert_eq!(
        (r.status, r.header("location")),
        (301, Some("/api/patches/"))
    );
    assert_eq!(
        s.get("/api/1.0/").json()["patches"],
        "http://patchwork.ozlabs.org/api/1.0/patches/"
    );
}

#[test]
fn filters_and_pagination() {
    for engine in engines("filters_and_pagination") {
        filters_and_pagination_on(engine);
    }
}

fn filters_and_pagination_on(engine: Engine) {
    let db = samples_on(engine);
    let s = Server::start(&db, &[]);
    let all = s.get("/api/patches/?per_page=250").json();
    let n = all.as_array().unwrap().len();
    assert!(n >= 8, "{n} patches");
    let first = &all[0];
    let project = first["project"]["link_name"].as_str().unwrap();
    let by_name = s
        .get(&format!("/api/patches/?project={project}&per_page=250"))
        .json();
    let by_id = s
        .get(&format!(
            "/api/patches/?project={}&per_page=250",
            first["project"]["id"]
        ))
        .json();
    assert_eq!(by_name, by_id);
    let email = first["submitter"]["email"].as_str().unwrap().to_uppercase();
    let mine = s
        .get(&format!("/api/patches/?submitter={email}&per_page=250"))
        .json();
    assert!(ids(&mine).contains(&first["id"].as_i64().unwrap()));
    // `msgid` is given without its brackets (Patchwork adds them).
    let msgid = first["msgid"].as_str().unwrap().trim_matches(['<', '>']);
    assert_eq!(
        ids(&s.get(&format!("/api/patches/?msgid={msgid}")).json()),
        [first["id"].as_i64().unwrap()]
    );
    let hash = first["hash"].as_str().unwrap();
    assert!(
        ids(&s.get(&format!("/api/patches/?hash={hash}")).json())
            .contains(&first["id"].as_i64().unwrap())
    );
    assert_eq!(
        s.get("/api/patches/?state=new&state=rfc&per_page=250")
            .json(),
        all
    );
    assert_eq!(
        ids(&s.get("/api/patches/?state=accepted").json()),
        Vec::<i64>::new()
    );
    assert_eq!(
        s.get("/api/patches/?archived=false&per_page=250").json(),
        all
    );
    let mut reversed = ids(&all);
    reversed.reverse();
    assert_eq!(
        ids(&s.get("/api/patches/?order=-id&per_page=250").json()),
        reversed
    );
    assert_eq!(
        ids(&s.get("/api/patches/?since=2100-01-01").json()),
        Vec::<i64>::new()
    );
    assert_eq!(
        s.get("/api/patches/?before=2100-01-01T00:00:00&per_page=250")
            .json(),
        all
    );
    // Pages: 3 per page, followed to the end, `page=last`, past the end.
    let r = s.get("/api/patches/?per_page=3&page=2");
    assert_eq!(ids(&r.json()), ids(&all)[3..6]);
    let link = r.header("link").unwrap();
    for rel in ["next", "prev", "first", "last"] {
        assert!(link.contains(&format!("rel=\"{rel}\"")), "{link}");
    }
    let last = n.div_ceil(3);
    assert_eq!(
        r.link("last").unwrap(),
        format!("http://patchwork.ozlabs.org/api/patches/?page={last}&per_page=3")
    );
    assert_eq!(
        r.link("first").unwrap(),
        "http://patchwork.ozlabs.org/api/patches/?per_page=3"
    );
    let r = s.get(&format!("/api/patches/?per_page=3&page={}", last + 1));
    assert_eq!(
        (r.status, r.json()["detail"].as_str()),
        (404, Some("Invalid page."))
    );
    assert_eq!(s.get("/api/patches/?per_page=1000000").json(), all);
    assert_eq!(
        s.get("/api/patches/?per_page=-5")
            .json()
            .as_array()
            .unwrap()
            .len(),
        n.min(30)
    );
    // A value that names nothing empties the list, as Patchwork's filter
    // backend answers; an unknown `archived` filters nothing.
    for q in [
        "project=nope",
        "state=bogus",
        "since=soon",
        "submitter=x@nowhere",
        "series=abc",
        "state=new&state=bogus",
    ] {
        let r = s.get(&format!("/api/patches/?{q}"));
        assert_eq!((r.status, r.json()), (200, serde_json::json!([])), "{q}");
        assert!(r.link("last").is_some(), "{q}");
    }
    assert_eq!(
        s.get("/api/patches/?archived=maybe&per_page=250").json(),
        all
    );
    assert_eq!(
        ids(&s
            .get(&format!("/api/patches/?project={}", project.to_uppercase()))
            .json()),
        ids(&by_name)[..n.min(30)]
    );
    // Covers, series, events by their filters.
    assert!(
        !s.get(&format!("/api/covers/?project={project}"))
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    let series = s.get("/api/series/?per_page=250").json();
    let name = series[0]["name"].as_str().unwrap();
    let q = &name[..name.len().min(6)];
    let found = s
        .get(&format!("/api/series/?q={}", q.replace(' ', "+")))
        .json();
    assert!(ids(&found).contains(&series[0]["id"].as_i64().unwrap()));
    let created = s
        .get("/api/events/?category=patch-created&per_page=250")
        .json();
    assert_eq!(created.as_array().unwrap().len(), n);
    assert!(
        created
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["payload"]["patch"]["id"].is_i64())
    );
    let none = s.get("/api/events/?category=nonsense");
    assert_eq!((none.status, none.json()), (200, serde_json::json!([])));
}

#[test]
fn people_and_users_need_a_token() {
    for engine in engines("people_and_users_need_a_token") {
        people_and_users_need_a_token_on(engine);
    }
}

fn people_and_users_need_a_token_on(engine: Engine) {
    let db = samples_on(engine);
    let token = add_token(&db);
    let s = Server::start(&db, &[]);
    for target in [
        "/api/people/",
        "/api/people/1/",
        "/api/users/",
        "/api/users/1/",
    ] {
        assert_eq!(s.get(target).status, 403, "{target}");
        let bad = s.get_as("h", target, &[("Authorization", "Token 0000")]);
        assert_eq!(
            (bad.status, bad.json()["detail"].as_str()),
            (403, Some("Invalid token."))
        );
    }
    let auth = format!("Token {token}");
    let people = s.get_as("h", "/api/people/", &[("Authorization", &auth)]);
    assert_eq!(people.status, 200);
    assert!(people.json()[0]["email"].is_string());
    let users = s
        .get_as("h", "/api/users/", &[("Authorization", &auth)])
        .json();
    assert_eq!(users[0]["username"], "web-test");
    // Submitters embedded in patches are public, as in Patchwork.
    assert!(s.get("/api/patches/1/").json()["submitter"]["email"].is_string());
}

#[test]
fn absolute_urls_from_host_base_url_and_trusted_proxies() {
    let db = samples_db();
    let proxy = [
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "pw.example.org"),
    ];
    let plain = Server::start(&db, &[]);
    let url = |s: &Server, h: &[(&str, &str)]| {
        s.get_as("here:8000", "/api/patches/1/", h).json()["url"].clone()
    };
    assert_eq!(url(&plain, &proxy), "http://here:8000/api/patches/1/");
    let r = plain.get_as("evil\">", "/api/patches/1/", &[]);
    assert_eq!(r.status, 400);
    let trusting = Server::start(&db, &["--trust-proxy"]);
    assert_eq!(
        url(&trusting, &proxy),
        "https://pw.example.org/api/patches/1/"
    );
    let fixed = Server::start(&db, &["--base-url", "https://patches.example.com/"]);
    assert_eq!(
        url(&fixed, &proxy),
        "https://patches.example.com/api/patches/1/"
    );
}

#[test]
fn unix_socket() {
    use std::io::Read;
    use std::os::unix::net::UnixStream;
    let db = samples_db();
    let path = db.dir.path().join("web.sock");
    let mut child = std::process::Command::new(crate::util::bin())
        .arg("--db")
        .arg(db.path())
        .args(["web", "--listen", &format!("unix:{}", path.display())])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !path.exists() {
        assert!(start.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut c = UnixStream::connect(&path).unwrap();
    c.write_all(b"GET /api/series/1/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    c.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.contains("\"url\":\"http://x/api/series/1/\""));
    let _ = child.kill();
    let _ = child.wait();
}

/// Socket activation: systemd-socket-activate binds, `pwingest web` serves
/// the inherited socket and ignores `--listen`.
#[test]
fn systemd_socket_activation() {
    if !crate::util::have("systemd-socket-activate") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "systemd-socket-activate missing under CI"
        );
        eprintln!("skipped: systemd-socket-activate not installed");
        return;
    }
    use std::io::Read;
    let db = samples_db();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new("systemd-socket-activate")
        .args([
            "-l",
            &format!("127.0.0.1:{port}"),
            crate::util::bin(),
            "--db",
        ])
        .arg(db.path())
        .args(["web", "--listen", "unix:/nonexistent/dir/sock"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut c = loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(c) => break c,
            Err(_) if start.elapsed() < Duration::from_secs(20) => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Err(e) => panic!("{e}"),
        }
    };
    c.write_all(b"GET /api/ HTTP/1.1\r\nHost: act\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    c.read_to_string(&mut out).unwrap();
    assert!(
        out.starts_with("HTTP/1.1 200") && out.contains("http://act/api/patches/"),
        "{out}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
