//! HTTP load generator for `pwingest web` (issue 12): C concurrent clients,
//! each on its own thread and keep-alive connection, GET one path for S
//! seconds; prints requests/s and latency percentiles. Plain sockets, so the
//! number measures the server rather than the client.
//!
//! ```sh
//! cargo bench --bench web_load -- --addr 127.0.0.1:8000 --clients 16 --seconds 10 /api/patches/1/
//! ```
//!
//! Output: one line, `PATH: N requests over C clients in S s: R req/s, p50 X ms,
//! p90 Y ms, p99 Z ms, max M ms; load generator CPU L ms/request` (its own
//! user and system time, from `/proc/self/stat`: it shares the machine with
//! the server). Exit status 1 when any response was not 200.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

struct Args {
    addr: String,
    clients: usize,
    seconds: u64,
    path: String,
}

fn usage() -> ! {
    eprintln!("usage: web_load --addr HOST:PORT [--clients N] [--seconds S] PATH");
    std::process::exit(64);
}

fn parse_args() -> Args {
    let (mut addr, mut clients, mut seconds, mut path) = (None, 16, 10, None);
    let mut it = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--addr" => addr = Some(value()),
            "--clients" => clients = value().parse().unwrap_or_else(|_| usage()),
            "--seconds" => seconds = value().parse().unwrap_or_else(|_| usage()),
            p if p.starts_with('/') => path = Some(p.to_string()),
            _ => usage(),
        }
    }
    Args {
        addr: addr.unwrap_or_else(|| usage()),
        clients,
        seconds,
        path: path.unwrap_or_else(|| usage()),
    }
}

/// Reads one response (status line, headers, Content-Length body); its status.
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok(status)
}

/// One client: requests until `until`; latencies in microseconds, non-200 count.
fn client(args: &Args, until: Instant) -> (Vec<u64>, usize) {
    let stream = TcpStream::connect(&args.addr).expect("connect");
    stream.set_nodelay(true).ok();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let request = format!("GET {} HTTP/1.1\r\nHost: bench\r\n\r\n", args.path);
    let (mut latencies, mut bad) = (Vec::new(), 0);
    while Instant::now() < until {
        let start = Instant::now();
        writer.write_all(request.as_bytes()).expect("send");
        if read_response(&mut reader).expect("response") != 200 {
            bad += 1;
        }
        latencies.push(start.elapsed().as_micros() as u64);
    }
    (latencies, bad)
}

/// This process's user and system CPU time so far, in seconds (Linux
/// `/proc/self/stat` fields 14 and 15, in clock ticks of 1/100 s).
fn own_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces: count after its `)`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args = parse_args();
    let start = Instant::now();
    let until = start + Duration::from_secs(args.seconds);
    let results: Vec<(Vec<u64>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..args.clients)
            .map(|_| s.spawn(|| client(&args, until)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let mut all: Vec<u64> = results
        .iter()
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let bad: usize = results.iter().map(|(_, b)| b).sum();
    all.sort_unstable();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    println!(
        "{}: {} requests over {} clients in {secs:.1} s: {:.0} req/s, p50 {:.2} ms, \
         p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; load generator CPU {:.3} ms/request",
        args.path,
        all.len(),
        args.clients,
        all.len() as f64 / secs,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        all.last().copied().unwrap_or(0) as f64 / 1000.0,
        own_cpu_seconds() * 1000.0 / all.len().max(1) as f64,
    );
    if bad > 0 {
        eprintln!("{bad} responses were not 200");
        std::process::exit(1);
    }
}
