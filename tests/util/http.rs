//! A plain HTTP/1.1 client over `std::net` for the web tests (one request
//! per connection, `Connection: close`), and `pwingest web` started on a
//! free port, on either engine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use super::{Db, bin};

/// A response: status, headers (names lower-cased), body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    /// The `Link` header's `rel` → URL.
    pub fn link(&self, rel: &str) -> Option<String> {
        let header = self.header("link")?;
        header.split(", <").find_map(|part| {
            let (url, rest) = part.trim_start_matches('<').split_once(">; ")?;
            (rest == format!("rel=\"{rel}\"")).then(|| url.to_string())
        })
    }
}

/// `pwingest web` on 127.0.0.1, a port of the system's choosing; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(db: &Db, extra: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(db.location())
            .args(["web", "--listen", "127.0.0.1:0"])
            .args(extra)
            .env_remove("PWINGEST_BASE_URL")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pwingest web starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("listening on ADDR")
            .to_string();
        assert!(addr.contains(':'), "no address in {line:?}");
        Server { child, addr }
    }

    /// `GET target` with `Host: host` and extra header lines.
    pub fn get_as(&self, host: &str, target: &str, headers: &[(&str, &str)]) -> Response {
        self.request("GET", host, target, headers)
    }

    pub fn get(&self, target: &str) -> Response {
        self.request("GET", "patchwork.ozlabs.org", target, &[])
    }

    pub fn request(
        &self,
        method: &str,
        host: &str,
        target: &str,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        let mut req =
            format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        parse(&raw)
    }

    /// `url` (absolute, any host) fetched from this server, with its host as `Host`.
    pub fn fetch(&self, url: &str) -> Response {
        self.fetch_with(url, &[])
    }

    pub fn fetch_with(&self, url: &str, headers: &[(&str, &str)]) -> Response {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        self.get_as(host, path, headers)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect::<Vec<_>>();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
}
