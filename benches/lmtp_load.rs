//! LMTP load generator (issue #5): N concurrent clients, each on its own
//! connection and thread, deliver messages with MAIL/RCPT/DATA pipelined
//! (RFC 2920) and the body after the 354; prints the acknowledged rate.
//! It speaks the protocol with plain sockets, independently of pwingest's
//! server code, and costs far less CPU than a Python client, so on a small
//! machine the number measures the server rather than the load generator.
//!
//! ```sh
//! cargo bench --bench lmtp_load -- --tcp 127.0.0.1:2424 --clients 16 DIR   # one message per file
//! cargo bench --bench lmtp_load -- --socket /tmp/s.sock --synthetic 500     # 500 patch mails per client
//! ```
//!
//! Output: one line, `N messages over C clients in S s: R msg/s acknowledged`,
//! then the first non-250 reply, if any. Exit status 1 when any delivery
//! was not acknowledged.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Instant;

enum Target {
    Tcp(String),
    Unix(PathBuf),
}

struct Args {
    target: Target,
    clients: usize,
    /// Messages for every client together (from a directory), or
    /// generated per client.
    source: Source,
}

enum Source {
    Dir(PathBuf),
    Synthetic(usize),
}

fn usage() -> ! {
    eprintln!(
        "usage: lmtp_load (--tcp HOST:PORT | --socket PATH) [--clients N] (DIR | --synthetic M)"
    );
    std::process::exit(64);
}

fn parse_args() -> Args {
    let mut target = None;
    let mut clients = 16;
    let mut source = None;
    let mut it = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--tcp" => target = Some(Target::Tcp(value())),
            "--socket" => target = Some(Target::Unix(value().into())),
            "--clients" => clients = value().parse().unwrap_or_else(|_| usage()),
            "--synthetic" => {
                source = Some(Source::Synthetic(
                    value().parse().unwrap_or_else(|_| usage()),
                ))
            }
            dir if !dir.starts_with('-') => source = Some(Source::Dir(dir.into())),
            _ => usage(),
        }
    }
    match (target, source) {
        (Some(target), Some(source)) if clients > 0 => Args {
            target,
            clients,
            source,
        },
        _ => usage(),
    }
}

/// A patch mail that is distinct per client and index.
fn synthetic(client: usize, i: usize) -> Vec<u8> {
    let n = client * 1_000_003 + i;
    format!(
        "From: Dev {d} <dev{d}@example.org>\nSubject: [PATCH] load: change {client}-{i}\n\
         Message-Id: <load-{client}-{i}-{}@load>\nList-Id: <load.example.org>\n\
         Date: Tue, 1 Jul 2003 {:02}:{:02}:{:02} +0200\n\nChange things.\n\n\
         Signed-off-by: Dev {d} <dev{d}@example.org>\n---\ndiff --git a/f.c b/f.c\n\
         --- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-old\n+new {n}\n",
        std::process::id(),
        n / 3600 % 24,
        n / 60 % 60,
        n % 60,
        d = n % 5000,
    )
    .into_bytes()
}

trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

struct Client {
    reader: BufReader<Box<dyn Stream>>,
    writer: Box<dyn Stream>,
}

impl Client {
    fn connect(target: &Target) -> std::io::Result<Client> {
        let (r, w): (Box<dyn Stream>, Box<dyn Stream>) = match target {
            Target::Tcp(addr) => {
                let s = TcpStream::connect(addr)?;
                s.set_nodelay(true)?;
                (Box::new(s.try_clone()?), Box::new(s))
            }
            Target::Unix(path) => {
                let s = UnixStream::connect(path)?;
                (Box::new(s.try_clone()?), Box::new(s))
            }
        };
        let mut c = Client {
            reader: BufReader::new(r),
            writer: w,
        };
        c.reply()?;
        c.writer.write_all(b"LHLO load\r\n")?;
        c.reply()?;
        Ok(c)
    }

    /// The last line of one (possibly multi-line) reply.
    fn reply(&mut self) -> std::io::Result<String> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("server closed the connection"));
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(line.trim_end().to_string());
            }
        }
    }

    /// One delivery; `Ok(None)` when acknowledged, else the refusing reply.
    fn deliver(&mut self, payload: &[u8]) -> std::io::Result<Option<String>> {
        self.writer.write_all(
            b"MAIL FROM:<bench@example.org>\r\nRCPT TO:<patches@example.org>\r\nDATA\r\n",
        )?;
        let replies = [self.reply()?, self.reply()?, self.reply()?];
        if !replies[2].starts_with("354") {
            return Ok(Some(replies.join(" / ")));
        }
        self.writer.write_all(payload)?;
        let last = self.reply()?;
        Ok((!last.starts_with("250")).then_some(last))
    }
}

fn load_dir(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

fn main() {
    let args = parse_args();
    let per_client: Vec<Vec<Vec<u8>>> = match &args.source {
        Source::Dir(dir) => {
            let all = load_dir(dir);
            (0..args.clients)
                .map(|c| {
                    all.iter()
                        .skip(c)
                        .step_by(args.clients)
                        .map(|m| pwingest::lmtp::dot_stuff(m))
                        .collect()
                })
                .collect()
        }
        Source::Synthetic(m) => (0..args.clients)
            .map(|c| {
                (0..*m)
                    .map(|i| pwingest::lmtp::dot_stuff(&synthetic(c, i)))
                    .collect()
            })
            .collect(),
    };
    let total: usize = per_client.iter().map(Vec::len).sum();
    let start = Instant::now();
    let results: Vec<std::io::Result<(usize, Option<String>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = per_client
            .iter()
            .map(|payloads| {
                let target = &args.target;
                s.spawn(move || -> std::io::Result<(usize, Option<String>)> {
                    let mut c = Client::connect(target)?;
                    let (mut ok, mut refused) = (0, None);
                    for p in payloads {
                        match c.deliver(p)? {
                            None => ok += 1,
                            Some(r) => refused = refused.or(Some(r)),
                        }
                    }
                    c.writer.write_all(b"QUIT\r\n")?;
                    Ok((ok, refused))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("client panicked")))
            })
            .collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let mut acknowledged = 0;
    let mut problem = None;
    for r in results {
        match r {
            Ok((ok, refused)) => {
                acknowledged += ok;
                problem = problem.or(refused);
            }
            Err(e) => problem = problem.or(Some(format!("client error: {e}"))),
        }
    }
    println!(
        "{acknowledged} messages over {} clients in {secs:.2} s: {:.0} msg/s acknowledged",
        args.clients,
        acknowledged as f64 / secs
    );
    if let Some(p) = problem {
        println!(
            "not acknowledged: {} of {total}; first: {p}",
            total - acknowledged
        );
        std::process::exit(1);
    }
}
