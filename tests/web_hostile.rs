//! `pwingest web` against hostile clients, over real sockets: huge
//! `per_page`, odd ids, 10,000 filter values, path traversal, clients that
//! send their headers slowly or sit idle (cut off after `--header-timeout`),
//! and 1,000 concurrent connections (served, or 503 beyond
//! `--max-connections`). Each gets a clear answer, everyone else is served,
//! and the server answers afterwards. Waits are bounded by socket timeouts
//! and counts, never asserted on.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::util::http::Server;
use crate::util::{Engine, engines};
use crate::web_http::{samples_db, samples_on};

/// The longest any single read may block: a bound, not an expectation.
const BOUND: Duration = Duration::from_secs(60);

fn connect(s: &Server) -> TcpStream {
    let c = TcpStream::connect(&s.addr).expect("connect");
    c.set_read_timeout(Some(BOUND)).unwrap();
    c
}

/// The status of the response the server writes on `c`, read to its end.
fn status_of(c: &mut TcpStream) -> u16 {
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).expect("a response");
    let head = String::from_utf8_lossy(&raw[..raw.len().min(64)]).to_string();
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"))
}

/// Reads until the server closes `c`; fails when the bound passes first.
fn closed_by_server(c: &mut TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return true,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn odd_requests_get_clear_errors() {
    for engine in engines("odd_requests_get_clear_errors") {
        odd_requests_on(engine);
    }
}

fn odd_requests_on(engine: Engine) {
    let db = samples_on(engine);
    let s = Server::start(&db, &[]);
    let all = s.get("/api/patches/?per_page=250").json();
    let n = all.as_array().unwrap().len();
    // Huge or nonsense `per_page`: at most 250, else the default 30.
    for (q, len) in [
        ("per_page=1000000", n.min(250)),
        ("per_page=99999999999999999999999", n.min(30)),
        ("per_page=-5", n.min(30)),
        ("per_page=1e3", n.min(30)),
    ] {
        let r = s.get(&format!("/api/patches/?{q}"));
        assert_eq!(r.status, 200, "{q}");
        assert_eq!(r.json().as_array().unwrap().len(), len, "{q}");
    }
    for q in ["page=-1", "page=0", "page=99999999999999999999", "page=x"] {
        let r = s.get(&format!("/api/patches/?{q}"));
        assert_eq!(
            (r.status, r.json()["detail"].as_str()),
            (404, Some("Invalid page.")),
            "{q}"
        );
    }
    // Ids that are not positive integers name nothing.
    for target in [
        "/api/patches/-1/",
        "/api/patches/0/",
        "/api/patches/+1/",
        "/api/patches/1e3/",
        "/api/patches/abc/",
        "/api/patches/99999999999999999999999/",
        "/api/series/-1/",
        "/api/patches/-1/comments/",
        "/api/patches/1/checks/-1/",
        "/series/-1/mbox/",
        "/series/+1/mbox/",
        "/patch/abc/mbox/",
        "/cover/-1/mbox/",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert_eq!(r.json()["detail"], "Not found.", "{target}");
    }
    // 10,000 values make a request line over hyper's 64 KiB: 414.
    let many = vec!["state=bogus"; 10_000].join("&");
    assert_eq!(s.get(&format!("/api/patches/?{many}")).status, 414);
    // Thousands that fit: repeats count once; values that name nothing
    // empty the list (Patchwork's answer to an invalid filter).
    let same = vec!["state=1"; 7_000].join("&");
    let r = s.get(&format!("/api/patches/?{same}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), s.get("/api/patches/?state=1").json());
    let distinct: Vec<String> = (0..4_000).map(|i| format!("series={i}")).collect();
    let r = s.get(&format!("/api/patches/?{}", distinct.join("&")));
    assert_eq!((r.status, r.json()), (200, serde_json::json!([])));
    for target in [
        "/api/../../etc/passwd",
        "/api/patches/..%2F..%2Fetc%2Fpasswd/",
        "/api/%2e%2e/%2e%2e/etc/passwd/",
        "/project/..%2F..%2Fetc/patch/passwd/mbox/",
        "/project/ltp/cover/..%2F..%2F..%2Fetc%2Fpasswd/mbox/",
        "/series/1%00/mbox/",
        "/static/../../../../etc/passwd",
    ] {
        let r = s.get(target);
        assert!((400..500).contains(&r.status), "{target}: {}", r.status);
        assert!(!r.text().contains("root:"), "{target}");
    }
    // A NUL or invalid UTF-8 in a value names nothing (PostgreSQL's text
    // cannot hold a NUL: the value must not reach it as one).
    for q in [
        "msgid=a%00b",
        "q=%00",
        "submitter=a%00@b",
        "project=x%00",
        "delegate=%00",
        "state=%00",
        "hash=%00",
        "q=%ff%fe",
    ] {
        let r = s.get(&format!("/api/patches/?{q}"));
        assert_eq!((r.status, r.json()), (200, serde_json::json!([])), "{q}");
    }
    for q in ["q=%00", "owner=%00", "project=%00"] {
        for list in ["covers", "series", "bundles", "events"] {
            let r = s.get(&format!("/api/{list}/?{q}"));
            assert_eq!(r.status, 200, "{list}?{q}: {}", r.text());
        }
    }
    for target in [
        "/project/x%00/patch/a@b/mbox/",
        "/project/x/cover/a%00b/mbox/",
        "/api/projects/x%00/",
        "/bundle/a%00/b/mbox/",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}: {}", r.text());
    }
    // `//host/…` stays on this site (Django's `escape_leading_slashes`).
    let r = s.get("//evil.example/x");
    assert_eq!(
        (r.status, r.header("location")),
        (301, Some("/%2Fevil.example/x/"))
    );
    assert_eq!(s.get("/api/").status, 200);
}

#[test]
fn slow_and_idle_clients_are_cut_off() {
    let db = samples_db();
    let s = Server::start(&db, &["--header-timeout", "1"]);
    // Half a request, then silence.
    let mut half = connect(&s);
    half.write_all(b"GET /api/patches/ HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // A header trickled a byte at a time.
    let trickle = std::thread::spawn({
        let mut c = connect(&s);
        move || {
            c.write_all(b"GET /api/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            for _ in 0..(BOUND.as_millis() / 50) {
                if c.write_all(b"a").is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            false
        }
    });
    // A keep-alive connection left idle after its answer.
    let mut idle = connect(&s);
    idle.write_all(b"GET /api/ HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // Everyone else is served meanwhile.
    for _ in 0..20 {
        assert_eq!(s.get("/api/patches/1/").status, 200);
    }
    assert!(closed_by_server(&mut half), "a half-sent request kept open");
    assert!(
        closed_by_server(&mut idle),
        "an idle keep-alive connection kept open"
    );
    assert!(trickle.join().unwrap(), "a trickled header kept open");
    assert_eq!(s.get("/api/").status, 200);
}

/// Lets this process open `n` more sockets (CI's default limit is 1,024).
fn allow_descriptors(n: u64) {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|c| c < n) {
        let raised = Rlimit {
            current: Some(limit.maximum.map_or(n, |m| m.min(n))),
            maximum: limit.maximum,
        };
        setrlimit(Resource::Nofile, raised).expect("raise the open-files limit");
    }
}

const REQUEST: &[u8] = b"GET /api/patches/1/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

#[test]
fn a_thousand_connections() {
    allow_descriptors(1_000 + 256);
    let db = samples_db();
    // All 1,000 at once, each with a request: every one is answered.
    let s = Server::start(&db, &[]);
    let mut clients: Vec<TcpStream> = (0..1_000).map(|_| connect(&s)).collect();
    for c in &mut clients {
        c.write_all(REQUEST).unwrap();
    }
    assert_eq!(s.get("/api/").status, 200);
    for c in &mut clients {
        assert_eq!(status_of(c), 200);
    }
    drop(clients);
    // Beyond --max-connections: 100 idle connections take every place
    // (accepted first: the kernel queues connections in order), the next
    // 900 get a clear 503 and are closed.
    let s = Server::start(
        &db,
        &["--max-connections", "100", "--header-timeout", "600"],
    );
    let holders: Vec<TcpStream> = (0..100).map(|_| connect(&s)).collect();
    for _ in 0..900 {
        let mut c = connect(&s);
        c.write_all(REQUEST).unwrap();
        assert_eq!(status_of(&mut c), 503);
    }
    let busy = s.get("/api/");
    assert_eq!(busy.status, 503);
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert!(busy.json()["detail"].is_string());
    // Once they leave, the server answers again.
    drop(holders);
    let served = (0..200).any(|_| {
        let ok = s.get("/api/").status == 200;
        if !ok {
            std::thread::sleep(Duration::from_millis(50));
        }
        ok
    });
    assert!(served, "still refusing after the idle connections closed");
}
