//! The LMTP server as a service, through the real `pwingest serve` binary:
//! store failures and retries, SIGTERM, the session cap, TCP listeners, a
//! client none of us wrote (Python's `smtplib.LMTP`), systemd socket
//! activation and unit checks, and kill -9 crash trials.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::lmtp::{
    Client, Server, count, db_with_projects, dot_stuff, patch, patches, project, signal, wait_exit,
};
use crate::util::{Db, bin, corpus, have, repo};

#[test]
fn store_failure_tempfails_and_retry_succeeds() {
    let db = db_with_projects();
    let server = Server::start(&db, &[]);
    let sql = |statement: &str| {
        let script = format!(
            "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1],timeout=30)\nc.execute({statement:?})\nc.commit()\n"
        );
        let ok = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(db.path())
            .status()
            .expect("python3")
            .success();
        assert!(ok, "python3 sqlite3: {statement}");
    };
    sql(
        "CREATE TRIGGER break_store BEFORE INSERT ON pwingest_message BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );
    let mut c = Client::hello(&server);
    let m = patch("retry@x", "foo.example.org", "");
    let r = c.deliver(&["a@x", "bar@x"], &m);
    assert!(r.iter().all(|r| r.starts_with("451 4.3.0")), "{r:?}");
    sql("DROP TRIGGER break_store");
    let r = c.deliver(&["a@x", "bar@x"], &m);
    assert!(r.iter().all(|r| r.starts_with("250 2.0.0 Stored")), "{r:?}");
    drop(server);
    assert_eq!(patches(&db).len(), 2);
}

#[test]
fn sigterm_lets_the_transaction_in_flight_finish() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--shutdown-timeout", "20s"]);
    let mut idle = Client::hello(&server);
    let mut c = Client::hello(&server);
    c.cmd("MAIL FROM:<s@example.org>");
    c.cmd("RCPT TO:<a@x>");
    assert!(c.cmd("DATA").starts_with("354"));
    let m = dot_stuff(&patch("inflight@x", "foo.example.org", ""));
    c.send(&m[..m.len() / 2]);
    signal(server.pid(), "TERM");
    // The idle session is told to come back later.
    assert!(idle.reply().starts_with("421 4.3.2"));
    std::thread::sleep(Duration::from_millis(300));
    c.send(&m[m.len() / 2..]);
    let r = c.reply();
    assert!(r.starts_with("250 2.0.0 Stored"), "{r}");
    assert!(c.reply().starts_with("421 4.3.2"));
    let mut server = server;
    let status = wait_exit(&mut server.child, Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
    assert!(!server.socket.exists(), "socket file removed");
    assert_eq!(patches(&db).len(), 1);
}

#[test]
fn session_cap_refuses_extra_clients_and_slow_ones_block_nobody() {
    let db = db_with_projects();
    let server = Server::start(&db, &["--max-sessions", "3"]);
    // A client stalled in the middle of DATA and one that says nothing.
    let mut stalled = Client::hello(&server);
    stalled.cmd("MAIL FROM:<s@example.org>");
    stalled.cmd("RCPT TO:<a@x>");
    assert!(stalled.cmd("DATA").starts_with("354"));
    stalled.send(b"From: slow\r\n");
    let _silent = server.connect();
    let mut fast = Client::hello(&server);
    let started = Instant::now();
    assert!(
        fast.deliver(&["a@x"], &patch("fast@x", "foo.example.org", ""))[0]
            .starts_with("250 2.0.0 Stored")
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let mut extra = server.connect();
    assert!(extra.reply().starts_with("421 4.3.2"));
    drop(server);
    assert_eq!(patches(&db).len(), 1);
}

#[test]
fn tcp_listener_on_a_system_chosen_port() {
    let db = db_with_projects();
    let mut child = db
        .cmd(&["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line.trim().rsplit(' ').next().unwrap().to_string();
    let mut s = std::net::TcpStream::connect(&addr).expect("connect tcp");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut msg = b"LHLO t\r\nMAIL FROM:<s@e>\r\nRCPT TO:<a@x>\r\nDATA\r\n".to_vec();
    msg.extend(dot_stuff(&patch("tcp@x", "foo.example.org", "")));
    msg.extend(b"QUIT\r\n");
    s.write_all(&msg).unwrap();
    let mut out = String::new();
    BufReader::new(s).read_to_string(&mut out).unwrap();
    assert!(
        out.contains("250 2.0.0 Stored as patch") && out.ends_with("221 2.0.0 Bye\r\n"),
        "{out}"
    );
    signal(child.id(), "TERM");
    assert!(wait_exit(&mut child, Duration::from_secs(20)).success());
    assert_eq!(patches(&db).len(), 1);
}

/// A thread from the conformance corpus delivered by Python's
/// `smtplib.LMTP`, compared with the same mails piped to `pwingest ingest`.
#[test]
fn python_smtplib_delivers_a_real_thread() {
    let Some(corpus) = corpus() else {
        crate::util::skip(
            "python_smtplib_delivers_a_real_thread",
            "no conformance corpus",
        );
        return;
    };
    let case = corpus.join("cases/b4/trailers-thread-with-followups");
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("case.json")).unwrap()).unwrap();
    let lmtp = Db::new();
    lmtp.add_case_projects(&spec);
    // The corpus routes this thread with `--fallback-list-id` (no List-Id).
    let fallback = spec["fallback_list_id"].as_str().unwrap_or("").to_string();
    let server = Server::start(&lmtp, &["--fallback-list-id", &fallback]);
    let split_dir = lmtp.dir.path().join("mails");
    let out = Command::new("python3")
        .arg(repo().join("tests/lmtp_smtplib.py"))
        .arg(&server.socket)
        .arg(case.join("input.mbox"))
        .arg(&split_dir)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "smtplib client: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let delivered: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(
        delivered >= 3,
        "a thread has several mails, got {delivered}"
    );
    assert!(server.terminate().success());
    let piped = Db::new();
    piped.add_case_projects(&spec);
    piped.ok(
        &[
            "ingest",
            "--fallback-list-id",
            &fallback,
            &split_dir.to_string_lossy(),
        ],
        b"",
    );
    let (a, b) = (piped.export("1.3"), lmtp.export("1.3"));
    let records = count(&a["patches"]) + count(&a["comments"]);
    assert!(records >= 3, "{a}");
    assert_eq!(a, b, "smtplib over LMTP and the pipe disagree");
}

/// Socket activation: systemd-socket-activate binds, pwingest serves the
/// inherited fd (LISTEN_FDS) and ignores `--listen`.
#[test]
fn systemd_socket_activation() {
    if !have("systemd-socket-activate") {
        crate::util::skip(
            "systemd_socket_activation",
            "systemd-socket-activate is not installed",
        );
        return;
    }
    let db = db_with_projects();
    let socket = db.dir.path().join("activated.sock");
    let mut child = Command::new("systemd-socket-activate")
        .arg("-l")
        .arg(&socket)
        .arg(bin())
        .args([
            "--db",
            &db.path().to_string_lossy(),
            "serve",
            "--listen",
            "unix:/nonexistent/dir/sock",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("systemd-socket-activate");
    // The file appears at bind(), a moment before listen(): until then a
    // connection is refused.
    let start = Instant::now();
    let stream = loop {
        match UnixStream::connect(&socket) {
            Ok(stream) => break stream,
            Err(e) => assert!(start.elapsed() < Duration::from_secs(20), "{e}"),
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut c = Client::new(stream);
    assert!(c.reply().starts_with("220"));
    assert!(c.cmd("LHLO a").starts_with("250"));
    assert!(
        c.deliver(&["a@x"], &patch("activated@x", "foo.example.org", ""))[0]
            .starts_with("250 2.0.0 Stored")
    );
    c.cmd("QUIT");
    // systemd-socket-activate execs the server in place: same pid.
    signal(child.id(), "TERM");
    assert!(wait_exit(&mut child, Duration::from_secs(20)).success());
    assert_eq!(patches(&db).len(), 1);
}

/// `systemd-analyze verify` on the shipped units, with ExecStart pointed at
/// the built binary (verify checks that it exists).
#[test]
fn systemd_units_verify() {
    if !have("systemd-analyze") {
        crate::util::skip("systemd_units_verify", "systemd-analyze is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let units = [
        "pwingest-lmtp.socket",
        "pwingest-lmtp.service",
        "pwingest-web.socket",
        "pwingest-web.service",
    ];
    for unit in units {
        let text = std::fs::read_to_string(repo().join("systemd").join(unit)).unwrap();
        std::fs::write(
            dir.path().join(unit),
            text.replace("/usr/bin/pwingest", bin()),
        )
        .unwrap();
    }
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .args(units.map(|u| dir.path().join(u)))
        .env("SYSTEMD_LOG_LEVEL", "warning")
        .output()
        .expect("systemd-analyze");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Problems about our units name them; the host's own units are not ours.
    let ours: Vec<&str> = stderr.lines().filter(|l| l.contains("pwingest")).collect();
    assert!(ours.is_empty(), "systemd-analyze verify: {stderr}");
    assert!(
        out.status.success() || !stderr.contains("pwingest"),
        "{stderr}"
    );
}

/// A tiny deterministic generator (no rand dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// Delivers `ids` over one connection until done or the server dies; the
/// ids that got 250 go to `acked`.
fn crash_client(socket: &Path, ids: Vec<String>, acked: Arc<Mutex<Vec<String>>>) {
    let Ok(stream) = UnixStream::connect(socket) else {
        return;
    };
    let mut c = Client::new(stream);
    if !c.reply().starts_with("220") || !c.cmd("LHLO crash").starts_with("250") {
        return;
    }
    for id in ids {
        let mut envelope = b"MAIL FROM:<s@example.org>\r\nRCPT TO:<crash@x>\r\nDATA\r\n".to_vec();
        if c.writer.write_all(&envelope).is_err() {
            return;
        }
        envelope.clear();
        let r = c.replies(3);
        if !r[2].starts_with("354") {
            return;
        }
        if c.writer
            .write_all(&dot_stuff(&patch(&id, "crash.example.org", "")))
            .is_err()
        {
            return;
        }
        let r = c.reply();
        if r.starts_with("250 ") {
            acked.lock().unwrap().push(id);
        } else {
            return;
        }
    }
}

/// kill -9 at random moments while 4 clients deliver; every acknowledged
/// message survives; re-delivering the unacknowledged ones leaves each
/// message stored exactly once.
#[test]
fn kill_9_loses_no_acknowledged_mail() {
    let rounds: usize = std::env::var("PWINGEST_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let db = Db::new();
    project(&db, "crash", "crash.example.org");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    let mut pending: Vec<String> = Vec::new();
    let mut all_acked: Vec<String> = Vec::new();
    let mut generated = 0usize;
    // Rounds whose kill landed while mail was still being delivered.
    let mut interrupted = 0usize;
    for round in 0..rounds {
        for i in 0..150 {
            pending.push(format!("r{round}m{i}@crash"));
            generated += 1;
        }
        let mut server = Server::start(&db, &[]);
        let acked = Arc::new(Mutex::new(Vec::new()));
        let chunks: Vec<Vec<String>> = pending
            .chunks(pending.len().div_ceil(4))
            .map(<[String]>::to_vec)
            .collect();
        let clients: Vec<_> = chunks
            .into_iter()
            .map(|ids| {
                let (socket, acked) = (server.socket.clone(), Arc::clone(&acked));
                std::thread::spawn(move || crash_client(&socket, ids, acked))
            })
            .collect();
        // Kill after a random number of acknowledgements, so the kill lands
        // mid-delivery however fast the build is (a fixed delay let a
        // release build finish first).
        let kill_after = 1 + rng.next(pending.len() as u64 / 2) as usize;
        let waiting = Instant::now();
        while acked.lock().unwrap().len() < kill_after
            && waiting.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_micros(200));
        }
        server.child.kill().expect("kill -9");
        server.child.wait().unwrap();
        for c in clients {
            c.join().unwrap();
        }
        let acked = std::mem::take(&mut *acked.lock().unwrap());
        let offered = pending.len();
        pending.retain(|id| !acked.contains(id));
        interrupted += usize::from(!pending.is_empty() && acked.len() < offered);
        all_acked.extend(acked);
    }
    assert!(
        interrupted * 2 >= rounds,
        "only {interrupted} of {rounds} kills hit deliveries in progress"
    );
    // Restart after the last crash: everything acknowledged is there.
    let stored_msgids = |db: &Db| -> Vec<String> {
        patches(db)
            .iter()
            .map(|p| {
                p["msgid"]
                    .as_str()
                    .unwrap()
                    .trim_matches(['<', '>'])
                    .to_string()
            })
            .collect()
    };
    let survived = stored_msgids(&db);
    let lost: Vec<&String> = all_acked
        .iter()
        .filter(|id| !survived.contains(id))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    // The MTA re-delivers what was never acknowledged.
    let server = Server::start(&db, &[]);
    let acked = Arc::new(Mutex::new(Vec::new()));
    crash_client(&server.socket, pending.clone(), Arc::clone(&acked));
    assert_eq!(
        acked.lock().unwrap().len(),
        pending.len(),
        "re-delivery acknowledged"
    );
    assert!(server.terminate().success());
    let mut stored = stored_msgids(&db);
    let total = stored.len();
    stored.sort();
    stored.dedup();
    assert_eq!(stored.len(), total, "duplicates stored");
    assert_eq!(total, generated, "every message stored once");
    eprintln!(
        "kill -9 trials: {rounds} rounds ({interrupted} killed mid-delivery), {generated} messages, \
         {} acknowledged before a kill, {} found after restart, {} re-delivered, {total} stored once each",
        all_acked.len(),
        all_acked.len() - lost.len(),
        pending.len()
    );
}
