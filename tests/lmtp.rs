//! The LMTP protocol over real sockets: the real `pwingest serve` binary,
//! raw protocol bytes written by hand (mini-redis `tests/server.rs` style),
//! records checked with `pwingest export`: replies, routing, pipelining,
//! dot-stuffing, limits, timeouts and garbage. The server as a service
//! (failures, signals, listeners, systemd, crashes) is `lmtp_service.rs`;
//! postfix is `tests/postfix.sh` (run by `tests/mta.rs`).

use std::io::Write;
use std::time::{Duration, Instant};

use crate::util::lmtp::{Client, Server, count, db_with_projects, dot_stuff, patch, patches};

#[test]
fn single_and_multiple_recipients_get_one_reply_each() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = Client::hello(&server);
    let one = c.deliver(
        &["someone@example.net"],
        &patch("one@x", "foo.example.org", ""),
    );
    assert_eq!(one.len(), 1);
    assert!(one[0].starts_with("250 2.0.0 Stored as patch"), "{one:?}");
    // foo by its list header, bar forced by the link name, and the third
    // routed by headers again: a duplicate of the first, still 250.
    let three = c.deliver(
        &["foo@patches.example", "BAR@patches.example", "x@y"],
        &patch("two@x", "foo.example.org", ""),
    );
    assert_eq!(three.len(), 3, "{three:?}");
    assert!(
        three[0].starts_with("250 2.0.0 Stored as patch"),
        "{three:?}"
    );
    assert!(
        three[1].starts_with("250 2.0.0 Stored as patch"),
        "{three:?}"
    );
    assert!(
        three[2].starts_with("250 2.0.0 Accepted") && three[2].contains("duplicate"),
        "{three:?}"
    );
    assert!(c.cmd("QUIT").starts_with("221 "));
    assert!(server.terminate().success());
    let by_project: Vec<(String, String)> = patches(&db)
        .iter()
        .map(|p| {
            (
                p["msgid"].as_str().unwrap().to_string(),
                p["project"]["link_name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(by_project.len(), 3, "{by_project:?}");
    assert!(by_project.contains(&("<one@x>".into(), "foo".into())));
    assert!(by_project.contains(&("<two@x>".into(), "foo".into())));
    assert!(by_project.contains(&("<two@x>".into(), "bar".into())));
}

#[test]
fn headers_routing_ignores_link_names() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--recipient-routing", "headers"]);
    let mut c = Client::hello(&server);
    let r = c.deliver(&["bar@x"], &patch("h@x", "foo.example.org", ""));
    assert!(r[0].starts_with("250 2.0.0 Stored"), "{r:?}");
    drop(server);
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["project"]["link_name"], "foo");
}

#[test]
fn pipelined_transactions_in_one_write() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = server.connect();
    let mut all = b"LHLO pipe.example\r\n".to_vec();
    for id in ["p1@x", "p2@x"] {
        all.extend_from_slice(
            b"MAIL FROM:<s@example.org>\r\nRCPT TO:<a@x>\r\nRCPT TO:<bar@x>\r\nDATA\r\n",
        );
        all.extend_from_slice(&dot_stuff(&patch(id, "foo.example.org", "")));
    }
    all.extend_from_slice(b"NOOP\r\nQUIT\r\n");
    c.send(&all);
    let replies = c.replies(1 + 1 + 2 * 6 + 2);
    let codes: Vec<&str> = replies.iter().map(|r| &r[..3]).collect();
    assert_eq!(
        codes,
        [
            "220", "250", "250", "250", "250", "354", "250", "250", "250", "250", "250", "354",
            "250", "250", "250", "221"
        ],
        "{replies:#?}"
    );
    assert!(replies[1].contains("PIPELINING") && replies[1].contains("ENHANCEDSTATUSCODES"));
    assert!(replies[1].contains("8BITMIME") && replies[1].contains("SIZE "));
    drop(server);
    assert_eq!(patches(&db).len(), 4);
}

#[test]
fn dot_stuffing_is_undone() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = Client::hello(&server);
    let r = c.deliver(
        &["foo@x"],
        &patch("dots@x", "foo.example.org", ".leading dot\n..two dots\n."),
    );
    assert!(r[0].starts_with("250 2.0.0 Stored"), "{r:?}");
    drop(server);
    let content = patches(&db)[0]["content"].as_str().unwrap().to_string();
    assert!(
        content.contains("\n.leading dot\n..two dots\n.\n"),
        "{content:?}"
    );
}

#[test]
fn crlf_over_lmtp_gives_the_same_records_as_lf_through_a_pipe() {
    let mails: Vec<Vec<u8>> = vec![
        patch("crlf1@x", "foo.example.org", "trailing space \nand a lone \r inside"),
        b"From: Bo <bo@example.org>\nSubject: Re: [PATCH] net: fix crlf1@x\nMessage-Id: <crlf2@x>\n\
          In-Reply-To: <crlf1@x>\nReferences: <crlf1@x>\nList-Id: <foo.example.org>\n\
          Date: Wed, 2 Jul 2003 10:52:37 +0200\n\nReviewed-by: Bo <bo@example.org>\n"
            .to_vec(),
    ];
    let piped = db_with_projects();
    for m in &mails {
        piped.ok(&["ingest"], m);
    }
    let lmtp = db_with_projects();
    let server = Server::start(&lmtp, &[]);
    let mut c = Client::hello(&server);
    for m in &mails {
        assert!(c.deliver(&["x@y"], m)[0].starts_with("250 2.0.0 Stored"));
    }
    drop(server);
    let (a, b) = (piped.export("1.3"), lmtp.export("1.3"));
    assert_eq!(a["patches"].as_array().unwrap().len(), 1);
    assert_eq!(count(&a["comments"]), 1);
    assert_eq!(a, b, "LMTP (CRLF) and pipe (LF) records differ");
}

#[test]
fn size_limit_is_announced_and_enforced() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-message-size", "2000"]);
    let mut c = Client::hello(&server);
    let early = c.cmd("MAIL FROM:<s@example.org> SIZE=5000");
    assert!(early.starts_with("552 5.3.4"), "{early}");
    let big = patch("big@x", "foo.example.org", &"x".repeat(3000));
    let r = c.deliver(&["a@x", "bar@x"], &big);
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|r| r.starts_with("552 5.3.4")), "{r:?}");
    assert!(c.cmd("NOOP").starts_with("250 "), "the session goes on");
    let ok = c.deliver(&["a@x"], &patch("small@x", "foo.example.org", ""));
    assert!(ok[0].starts_with("250 2.0.0 Stored"), "{ok:?}");
    drop(server);
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["msgid"], "<small@x>");
}

#[test]
fn too_many_recipients_and_long_lines() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-recipients", "2", "--max-line-length", "200"]);
    let mut c = Client::hello(&server);
    assert!(c.cmd("MAIL FROM:<s@example.org>").starts_with("250 "));
    assert!(c.cmd("RCPT TO:<a@x>").starts_with("250 "));
    assert!(c.cmd("RCPT TO:<b@x>").starts_with("250 "));
    let third = c.cmd("RCPT TO:<c@x>");
    assert!(third.starts_with("452 4.5.3"), "{third}");
    assert!(
        c.cmd(&format!("NOOP {}", "y".repeat(500)))
            .starts_with("500 5.5.2")
    );
    assert!(c.cmd("DATA").starts_with("354 "));
    c.send(dot_stuff(&patch(
        "long@x",
        "foo.example.org",
        &"z".repeat(300),
    )));
    let r = c.replies(2);
    assert!(r.iter().all(|r| r.starts_with("552 5.3.4")), "{r:?}");
    drop(server);
    assert!(patches(&db).is_empty());
}

#[test]
fn idle_and_session_timeouts_answer_421() {
    let db = db_with_projects();
    let server = Server::start(
        &db,
        &["--idle-timeout", "300ms", "--session-timeout", "1500ms"],
    );
    // Idle between commands.
    let mut idle = Client::hello(&server);
    assert!(idle.reply().starts_with("421 4.4.2"));
    assert!(idle.closed());
    // Idle in the middle of DATA: nothing stored.
    let mut stalled = Client::hello(&server);
    stalled.cmd("MAIL FROM:<s@example.org>");
    stalled.cmd("RCPT TO:<a@x>");
    assert!(stalled.cmd("DATA").starts_with("354"));
    let m = dot_stuff(&patch("stall@x", "foo.example.org", ""));
    stalled.send(&m[..m.len() / 2]);
    assert!(stalled.reply().starts_with("421 4.4.2"));
    // Busy but too long.
    let mut busy = Client::hello(&server);
    let start = Instant::now();
    let last = loop {
        // The 421 may already be waiting (and the socket closed) when we write.
        let _ = busy.writer.write_all(b"NOOP\r\n");
        let r = busy.reply();
        if !r.starts_with("250") {
            break r;
        }
        std::thread::sleep(Duration::from_millis(100));
        assert!(start.elapsed() < Duration::from_secs(10));
    };
    assert!(
        last.starts_with("421 4.4.2") && last.contains("Session"),
        "{last}"
    );
    drop(server);
    assert!(patches(&db).is_empty());
}

#[test]
fn rset_mid_transaction_forgets_the_envelope() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = Client::hello(&server);
    assert!(c.cmd("MAIL FROM:<s@example.org>").starts_with("250"));
    assert!(c.cmd("RCPT TO:<bar@x>").starts_with("250"));
    assert!(c.cmd("RSET").starts_with("250 2.0.0"));
    assert!(c.cmd("DATA").starts_with("503 5.5.1"), "no MAIL after RSET");
    assert!(c.cmd("RCPT TO:<bar@x>").starts_with("503 5.5.1"));
    let r = c.deliver(&["a@x"], &patch("rset@x", "foo.example.org", ""));
    assert!(r[0].starts_with("250 2.0.0 Stored"));
    drop(server);
    let p = patches(&db);
    assert_eq!(p.len(), 1, "only the header-routed delivery");
    assert_eq!(p[0]["project"]["link_name"], "foo");
}

#[test]
fn disconnect_mid_data_stores_nothing() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    {
        let mut c = Client::hello(&server);
        c.cmd("MAIL FROM:<s@example.org>");
        c.cmd("RCPT TO:<a@x>");
        assert!(c.cmd("DATA").starts_with("354"));
        let m = dot_stuff(&patch("cut@x", "foo.example.org", ""));
        c.send(&m[..m.len() - 10]);
    }
    // The server survives and serves the next client.
    let mut next = Client::hello(&server);
    assert!(
        next.deliver(&["a@x"], &patch("after@x", "foo.example.org", ""))[0]
            .starts_with("250 2.0.0 Stored")
    );
    assert!(server.terminate().success());
    let p = patches(&db);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["msgid"], "<after@x>");
    assert!(
        db.ok(&["failed", "list"], b"")
            .trim()
            .lines()
            .all(|l| !l.contains("cut@x"))
    );
}

#[test]
fn protocol_garbage_gets_5xx_and_never_a_crash() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-line-length", "1000"]);
    let mut c = server.connect();
    assert!(c.reply().starts_with("220"));
    let before_lhlo = c.cmd("MAIL FROM:<s@example.org>");
    assert!(before_lhlo.starts_with("503"), "{before_lhlo}");
    assert!(c.cmd("HELO x").starts_with("500 5.5.1"));
    assert!(c.cmd("EHLO x").starts_with("500 5.5.1"));
    assert!(c.cmd("LHLO x").starts_with("250"));
    for garbage in [
        "FOO BAR",
        "",
        "\u{1}\u{2}\u{3}\u{0}",
        "MAIL FROM:",
        "MAIL FROM:<unterminated",
        "RCPT TO:<a@x>",
        "DATA",
        "STARTTLS",
        "AUTH PLAIN AAAA",
        "BDAT 10 LAST",
        "MAIL FROM:<s@example.org> FROBNICATE=1",
    ] {
        let r = c.cmd(garbage);
        assert!(r.starts_with('5'), "{garbage:?} -> {r}");
    }
    let r = c.cmd(&"A".repeat(5000));
    assert!(r.starts_with("500 5.5.2"), "{r}");
    // Binary noise without any newline, then a newline.
    c.send([0xffu8; 3000]);
    c.send(b"\r\n");
    assert!(c.reply().starts_with("500"));
    assert!(c.cmd("VRFY root").starts_with("252"));
    assert!(c.cmd("MAIL FROM:<s@example.org>").starts_with("250"));
    assert!(c.cmd("MAIL FROM:<s@example.org>").starts_with("503"));
    assert!(c.cmd("DATA").starts_with("503"), "no recipients");
    assert!(c.cmd("RCPT TO:<>").starts_with("501"));
    // Still serving.
    let mut d = Client::hello(&server);
    assert!(
        d.deliver(&["a@x"], &patch("ok@x", "foo.example.org", ""))[0]
            .starts_with("250 2.0.0 Stored")
    );
    assert!(server.terminate().success());
}

#[test]
fn refused_mail_is_kept_with_its_error_and_acknowledged() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let mut c = Client::hello(&server);
    let no_msgid = b"From: Ann <ann@example.org>\nSubject: [PATCH] no id\nList-Id: <foo.example.org>\n\nbody\n";
    let r = c.deliver(&["a@x"], no_msgid);
    assert!(r[0].starts_with("250 2.0.0 Kept with error"), "{r:?}");
    drop(server);
    let failed = db.ok(&["failed", "list"], b"");
    assert!(
        failed.contains("Message-Id") || failed.contains("Message-ID"),
        "{failed}"
    );
}
