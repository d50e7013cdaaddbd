//! A `pwingest serve` child and a raw LMTP client for the socket tests
//! (`lmtp.rs`, `lmtp_abuse.rs`): bytes written by hand, replies read whole,
//! records checked with `pwingest export`.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

pub use pwingest::lmtp::dot_stuff;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Db;

/// A `pwingest serve` child on a unix socket in the database's directory.
pub struct Server {
    pub child: Child,
    pub socket: PathBuf,
}

impl Server {
    pub fn start(db: &Db, extra: &[&str]) -> Server {
        Server::start_on(db, "lmtp.sock", extra)
    }

    /// A server on socket `name` in the database's directory (several
    /// servers can share one database).
    pub fn start_on(db: &Db, name: &str, extra: &[&str]) -> Server {
        let socket = db.dir.path().join(name);
        let listen = format!("unix:{}", socket.display());
        let mut args = vec!["serve", "--listen", &listen];
        args.extend_from_slice(extra);
        let child = db
            .cmd(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve");
        let server = Server { child, socket };
        server.wait_ready();
        server
    }

    pub fn wait_ready(&self) {
        let start = Instant::now();
        while UnixStream::connect(&self.socket).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "server did not start listening"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn connect(&self) -> Client {
        Client::new(UnixStream::connect(&self.socket).expect("connect"))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then the exit status (panics after 30 s).
    pub fn terminate(mut self) -> ExitStatus {
        signal(self.pid(), "TERM");
        wait_exit(&mut self.child, Duration::from_secs(30))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

pub fn wait_exit(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        assert!(start.elapsed() < limit, "server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A raw LMTP client: writes bytes, reads whole (possibly multi-line) replies.
pub struct Client {
    pub reader: BufReader<UnixStream>,
    pub writer: UnixStream,
}

impl Client {
    pub fn new(stream: UnixStream) -> Client {
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Client {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
        }
    }

    pub fn send(&mut self, bytes: impl AsRef<[u8]>) {
        self.writer.write_all(bytes.as_ref()).expect("send");
    }

    /// One reply; its lines joined with `\n`. Empty at end of stream.
    pub fn reply(&mut self) -> String {
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            // End of stream or a reset (the server was killed): no more replies.
            if self.reader.read_line(&mut line).unwrap_or(0) == 0 {
                return lines.join("\n");
            }
            let line = line.trim_end_matches(['\r', '\n']).to_string();
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line);
            if last {
                return lines.join("\n");
            }
        }
    }

    pub fn replies(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.reply()).collect()
    }

    /// Sends a command, returns its reply.
    pub fn cmd(&mut self, line: &str) -> String {
        self.send(format!("{line}\r\n"));
        self.reply()
    }

    /// Greeting + LHLO.
    pub fn hello(server: &Server) -> Client {
        let mut c = server.connect();
        assert!(c.reply().starts_with("220 "));
        let lhlo = c.cmd("LHLO test.example");
        assert!(lhlo.starts_with("250-"), "{lhlo}");
        c
    }

    /// MAIL, RCPTs, DATA, message: the per-recipient replies.
    pub fn deliver(&mut self, rcpts: &[&str], message: &[u8]) -> Vec<String> {
        assert!(
            self.cmd("MAIL FROM:<sender@example.org>")
                .starts_with("250 ")
        );
        for r in rcpts {
            let reply = self.cmd(&format!("RCPT TO:<{r}>"));
            assert!(reply.starts_with("250 "), "{reply}");
        }
        assert!(self.cmd("DATA").starts_with("354 "));
        self.send(dot_stuff(message));
        self.replies(rcpts.len())
    }

    /// True once the server has closed the connection.
    pub fn closed(&mut self) -> bool {
        let mut buf = [0u8; 64];
        matches!(self.reader.read(&mut buf), Ok(0) | Err(_))
    }
}

/// A small patch mail for list `list` (LF line endings). Sender and date
/// vary with the id: hundreds of unthreaded patches from one sender at one
/// instant make series grouping slow, and that is not what these tests time.
pub fn patch(msgid: &str, list: &str, extra_body: &str) -> Vec<u8> {
    let h = msgid
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    let (dev, min, sec) = (h % 100_000, h / 60 % 60, h % 60);
    format!(
        "From: Dev {dev} <dev{dev}@example.org>\nTo: {list}\nSubject: [PATCH] net: fix {msgid}\n\
         Message-Id: <{msgid}>\nList-Id: <{list}>\nDate: Tue, 1 Jul 2003 10:{min:02}:{sec:02} +0200\n\n\
         Fix the thing.\n{extra_body}\nSigned-off-by: Dev {dev} <dev{dev}@example.org>\n---\n\
         diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-old\n+new {msgid}\n"
    )
    .into_bytes()
}

pub fn project(db: &Db, link: &str, list: &str) {
    db.ok(
        &[
            "project",
            "add",
            "--link-name",
            link,
            "--name",
            link,
            "--list-id",
            list,
            "--list-email",
            &format!("{link}@lists.example"),
        ],
        b"",
    );
}

pub fn patches(db: &Db) -> Vec<Value> {
    db.export("1.3")["patches"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Documents in an export list, or in an object of lists (comments by parent).
pub fn count(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

pub fn db_with_projects() -> Db {
    let db = Db::new();
    project(&db, "foo", "foo.example.org");
    project(&db, "bar", "bar.example.org");
    db
}
