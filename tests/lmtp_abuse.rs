//! The LMTP server under abuse (issue 14), over real sockets against the
//! real binary, with limits lowered by flags so every test ends in seconds:
//! idle connections past the session cap, trickling senders, RCPT floods,
//! megabyte command lines, binary garbage, commands before the greeting, a
//! client vanishing mid-DATA and a DATA stream far over the size limit. In
//! each, a well-behaved client is still served and nothing is stored half.
//! Latency and peak RSS under the same abuse, at full size, are measured by
//! `benches/lmtp_abuse.py` (no timings here).

use std::io::Write;
use std::time::Duration;

use crate::util::lmtp::{Client, Server, db_with_projects, dot_stuff, patch, patches};

/// A client that must still get through while the abuse goes on.
fn served_client_delivers(server: &Server, msgid: &str) {
    let mut c = Client::hello(server);
    let r = c.deliver(&["a@x"], &patch(msgid, "foo.example.org", ""));
    assert!(r[0].starts_with("250 2.0.0 Stored"), "{r:?}");
    assert!(c.cmd("QUIT").starts_with("221"));
}

/// Peak resident memory of a process, in kB (`VmHWM`).
fn peak_rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[test]
fn idle_connections_past_the_cap_get_421_and_a_served_client_keeps_working() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-sessions", "50"]);
    // 49 idle sessions hold all but one slot; the served client takes it.
    let mut idle: Vec<Client> = (0..49).map(|_| server.connect()).collect();
    for c in &mut idle {
        assert!(c.reply().starts_with("220 "));
    }
    let mut served = Client::hello(&server);
    // 200 more: each told at once to come back later, and closed.
    for _ in 0..200 {
        let mut extra = server.connect();
        let r = extra.reply();
        assert!(r.starts_with("421 4.3.2"), "{r}");
        assert!(extra.closed());
    }
    let r = served.deliver(&["a@x"], &patch("served@x", "foo.example.org", ""));
    assert!(r[0].starts_with("250 2.0.0 Stored"), "{r:?}");
    // Freed slots are served again.
    drop(idle);
    drop(served);
    let start = std::time::Instant::now();
    loop {
        let mut c = server.connect();
        if c.reply().starts_with("220 ") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "slots not freed");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    assert_eq!(patches(&db).len(), 1);
}

#[test]
fn trickling_senders_hit_the_session_timeout_and_store_nothing() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--idle-timeout", "400ms", "--session-timeout", "2s"]);
    // One byte at a time, each well inside the idle timeout: a command
    // line that never ends, and a message that never ends.
    let trickle = |mut c: Client, prefix: &[u8]| {
        c.send(prefix);
        std::thread::spawn(move || {
            for _ in 0..100 {
                if c.writer.write_all(b"x").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            c
        })
    };
    let mut in_data = Client::hello(&server);
    in_data.cmd("MAIL FROM:<s@example.org>");
    in_data.cmd("RCPT TO:<a@x>");
    assert!(in_data.cmd("DATA").starts_with("354"));
    let body = &dot_stuff(&patch("trickle@x", "foo.example.org", ""))[..200];
    let in_data = trickle(in_data, body);
    let mut in_command = server.connect();
    assert!(in_command.reply().starts_with("220"));
    let in_command = trickle(in_command, b"NOOP ");
    served_client_delivers(&server, "good@x");
    for handle in [in_data, in_command] {
        let mut c = handle.join().unwrap();
        let r = c.reply();
        assert!(r.starts_with("421 4.4.2") && r.contains("Session"), "{r}");
        assert!(c.closed());
    }
    drop(server);
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["msgid"], "<good@x>");
}

#[test]
fn a_flood_of_recipients_is_capped_and_answered_in_order() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-recipients", "5"]);
    let mut c = Client::hello(&server);
    let mut flood = b"MAIL FROM:<s@example.org>\r\n".to_vec();
    for i in 0..20_000 {
        flood.extend(format!("RCPT TO:<r{i}@x>\r\n").as_bytes());
    }
    flood.extend(b"DATA\r\n");
    let mut writer = c.writer.try_clone().unwrap();
    let sender = std::thread::spawn(move || writer.write_all(&flood).unwrap());
    assert!(c.reply().starts_with("250"), "MAIL");
    let replies = c.replies(20_000);
    assert!(replies[..5].iter().all(|r| r.starts_with("250 ")));
    assert!(
        replies[5..].iter().all(|r| r.starts_with("452 4.5.3")),
        "{:?}",
        &replies[5..8]
    );
    sender.join().unwrap();
    assert!(c.reply().starts_with("354"));
    c.send(dot_stuff(&patch("flood@x", "foo.example.org", "")));
    let r = c.replies(5);
    assert!(r.iter().all(|r| r.starts_with("250 2.0.0")), "{r:?}");
    drop(server);
    assert_eq!(patches(&db).len(), 1, "one delivery is one mail");
}

#[test]
fn megabyte_command_lines_and_binary_garbage_end_in_replies_not_memory() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-line-length", "1000"]);
    let mut c = Client::hello(&server);
    // 1 MB in one command line: one 500 for it, then the session goes on.
    let mut long = b"NOOP ".to_vec();
    long.resize(1 << 20, b'a');
    long.extend(b"\r\n");
    c.send(&long);
    assert!(c.reply().starts_with("500 5.5.2"));
    assert!(c.cmd("NOOP").starts_with("250"));
    // A megabyte of deterministic noise, line breaks included: every line
    // gets a reply until too many were errors, then the session is closed.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut writer = c.writer.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&noise);
    });
    let mut last = String::new();
    loop {
        let r = c.reply();
        if r.is_empty() {
            break;
        }
        assert!(r.starts_with('5') || r.starts_with("421"), "{r}");
        last = r;
    }
    assert!(last.starts_with("421 4.7.0"), "{last}");
    sender.join().unwrap();
    served_client_delivers(&server, "after-garbage@x");
    let rss = peak_rss_kb(server.pid());
    assert!(rss < 200 * 1024, "peak RSS {rss} kB");
    drop(server);
    assert_eq!(patches(&db).len(), 1);
}

#[test]
fn commands_pipelined_before_the_greeting_are_answered_in_order() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = server.connect();
    let mut all = b"LHLO early\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<a@x>\r\nDATA\r\n".to_vec();
    all.extend(dot_stuff(&patch("early@x", "foo.example.org", "")));
    all.extend(b"QUIT\r\n");
    c.send(&all);
    let r = c.replies(7);
    let codes: Vec<&str> = r.iter().map(|r| &r[..3]).collect();
    assert_eq!(
        codes,
        ["220", "250", "250", "250", "354", "250", "221"],
        "{r:?}"
    );
    drop(server);
    assert_eq!(patches(&db).len(), 1);
}

#[test]
fn a_client_vanishing_mid_data_leaves_nothing_half_stored() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    for cut in [1usize, 100, 4096, 200_000] {
        let mut c = Client::hello(&server);
        c.cmd("MAIL FROM:<s@example.org>");
        c.cmd("RCPT TO:<a@x>");
        assert!(c.cmd("DATA").starts_with("354"));
        let big = "y".repeat(300_000);
        let m = dot_stuff(&patch(&format!("cut{cut}@x"), "foo.example.org", &big));
        c.send(&m[..cut]);
        // Shut both ways down at once, mid-message.
        c.writer.shutdown(std::net::Shutdown::Both).unwrap();
    }
    served_client_delivers(&server, "whole@x");
    assert!(server.terminate().success());
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["msgid"], "<whole@x>");
    assert_eq!(db.ok(&["failed", "list"], b"").trim(), "");
}

#[test]
fn a_data_stream_far_over_the_size_limit_is_refused_with_memory_flat() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-message-size", "1000000"]);
    let mut c = Client::hello(&server);
    c.cmd("MAIL FROM:<s@example.org>");
    c.cmd("RCPT TO:<a@x>");
    c.cmd("RCPT TO:<b@x>");
    assert!(c.cmd("DATA").starts_with("354"));
    let chunk = "z".repeat(998) + "\r\n";
    let chunk = chunk.repeat(1024); // 1 MiB
    let mut head = dot_stuff(&patch("huge@x", "foo.example.org", ""));
    head.truncate(head.len() - 3); // no final ".\r\n" yet
    c.send(&head);
    for _ in 0..64 {
        c.send(&chunk);
    }
    c.send(b".\r\n");
    let r = c.replies(2);
    assert!(r.iter().all(|r| r.starts_with("552 5.3.4")), "{r:?}");
    // The session is still in step: the next transaction is served.
    let ok = c.deliver(&["a@x"], &patch("small@x", "foo.example.org", ""));
    assert!(ok[0].starts_with("250 2.0.0 Stored"), "{ok:?}");
    let rss = peak_rss_kb(server.pid());
    assert!(rss < 48 * 1024, "64 MiB streamed, peak RSS {rss} kB");
    drop(server);
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["msgid"], "<small@x>");
}
