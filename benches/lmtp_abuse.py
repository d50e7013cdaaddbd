#!/usr/bin/env python3
"""LMTP under abuse (issue #14): peak RSS of `pwingest serve` and the
latency of a well-behaved client while each abuse runs.

    benches/lmtp_abuse.py --bin target/release/pwingest            # full size
    benches/lmtp_abuse.py --bin target/release/pwingest --smoke    # small, seconds

Each abuse runs in its own process (so it cannot steal the probe's
interpreter lock); the well-behaved client holds one session from the start (as a busy MTA
connection would) and times whole transactions on it: MAIL, RCPT, DATA with
a small patch, and the per-recipient reply (which comes after the durable
commit). Peak RSS is the server's VmHWM, reset before each abuse through
/proc/PID/clear_refs. The tests in tests/lmtp_abuse.rs assert the
behaviour; this script only measures.
"""

import argparse
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import tempfile
import threading
import time


def wire(msg):
    out = []
    for line in msg.split("\n"):
        out.append(("." + line) if line.startswith(".") else line)
    return ("\r\n".join(out) + "\r\n.\r\n").encode()


def patch(msgid):
    return (
        f"From: Dev <dev@example.org>\nTo: foo@example.org\nList-Id: <foo.example.org>\n"
        f"Subject: [PATCH] probe {msgid}\nMessage-Id: <{msgid}>\n"
        f"Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nFix.\n---\n"
        f"--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-old\n+new {msgid}"
    )


class Conn:
    def __init__(self, addr, timeout=60):
        self.s = socket.create_connection(addr, timeout=timeout)
        self.f = self.s.makefile("rb")

    def reply(self):
        lines = []
        while True:
            line = self.f.readline()
            if not line:
                return b"\n".join(lines)
            lines.append(line.rstrip(b"\r\n"))
            if line[3:4] != b"-":
                return b"\n".join(lines)

    def cmd(self, line):
        self.s.sendall(line.encode() + b"\r\n")
        return self.reply()

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


class Server:
    def __init__(self, binary, workdir, extra):
        self.db = os.path.join(workdir, "abuse.db")
        self.proc = subprocess.Popen(
            [binary, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--auto-projects", *extra],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": "error"},
        )
        line = self.proc.stderr.readline().decode()
        host, port = line.strip().rsplit(" ", 1)[1].rsplit(":", 1)
        self.addr = (host, int(port))
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()

    def reset_peak(self):
        with open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
            f.write("5")

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


class Probe:
    """The well-behaved client: one session, timed transactions."""

    def __init__(self, addr):
        self.c = Conn(addr)
        assert self.c.reply().startswith(b"220")
        assert self.c.cmd("LHLO probe").startswith(b"250")
        self.n = 0

    def transaction(self):
        self.n += 1
        start = time.perf_counter()
        self.c.s.sendall(b"MAIL FROM:<p@x>\r\nRCPT TO:<foo@x>\r\nDATA\r\n")
        for _ in range(3):
            self.c.reply()
        self.c.s.sendall(wire(patch(f"probe{self.n}.{time.time_ns()}@x")))
        r = self.c.reply()
        assert r.startswith(b"250"), r
        return time.perf_counter() - start


def idle(addr, stop, count):
    conns, refused = [], 0
    for _ in range(count):
        try:
            c = Conn(addr)
            c.s.settimeout(5)
            if c.reply().startswith(b"421"):
                refused += 1
                c.close()
            else:
                conns.append(c)
        except OSError:
            refused += 1
    stop.wait()
    for c in conns:
        c.close()
    return f"{len(conns)} held, {refused} refused"


def trickle(addr, stop, count):
    conns = []
    for _ in range(count):
        c = Conn(addr)
        c.reply()
        c.s.sendall(b"NOOP ")
        conns.append(c)
    while not stop.wait(0.1):
        for c in conns:
            try:
                c.s.sendall(b"x")
            except OSError:
                pass
    for c in conns:
        c.close()
    return f"{count} senders, a byte each per 100 ms"


def rcpt_flood(addr, stop, count):
    c = Conn(addr)
    c.reply()
    c.cmd("LHLO flood")
    reader = threading.Thread(target=lambda: c.f.read(), daemon=True)
    reader.start()
    c.s.sendall(b"MAIL FROM:<s@x>\r\n")
    chunk = b"".join(f"RCPT TO:<r{i}@x>\r\n".encode() for i in range(10_000))
    sent = 0
    while not stop.is_set() and sent < count:
        c.s.sendall(chunk)
        sent += 10_000
    c.close()
    return f"{sent} RCPTs"


def long_lines(addr, stop, mb):
    line = b"NOOP " + b"a" * (mb << 20) + b"\r\n"
    sessions = 0
    while not stop.is_set():
        c = Conn(addr)
        c.reply()
        try:
            while not stop.is_set():
                c.s.sendall(line)
        except OSError:
            sessions += 1  # closed after too many errors
        c.close()
    return f"{mb} MB lines, {sessions} sessions cut off"


def garbage(addr, stop, mb):
    rng = random.Random(14)
    noise = bytes(rng.getrandbits(8) for _ in range(1 << 20))
    sessions = 0
    while not stop.is_set():
        c = Conn(addr)
        try:
            for _ in range(mb):
                c.s.sendall(noise)
        except OSError:
            sessions += 1
        c.close()
    return f"{sessions} sessions of noise cut off"


def vanish(addr, stop, size):
    body = wire(patch("vanish@x") + "\n" + "y" * size)
    n = 0
    while not stop.is_set():
        c = Conn(addr)
        c.reply()
        c.s.sendall(b"LHLO v\r\nMAIL FROM:<s@x>\r\nRCPT TO:<foo@x>\r\nDATA\r\n")
        c.s.sendall(body[: len(body) // 2])
        c.close()
        n += 1
    return f"{n} clients vanished mid-DATA"


def huge_data(addr, stop, mib):
    c = Conn(addr, timeout=600)
    c.reply()
    c.s.sendall(b"LHLO big\r\nMAIL FROM:<s@x>\r\nRCPT TO:<foo@x>\r\nDATA\r\n")
    for _ in range(4):
        c.reply()
    chunk = (b"z" * 998 + b"\r\n") * 1024
    start = time.perf_counter()
    for _ in range(mib):
        c.s.sendall(chunk)
    c.s.sendall(b".\r\n")
    r = c.reply()
    secs = time.perf_counter() - start
    c.close()
    return f"{mib * 1024 * 1000 / 1e6:.0f} MB in {secs:.1f} s -> {r[:9].decode()}"


def run_abuse(abuse, addr, stop, size, results):
    results.put(abuse(addr, stop, size))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/pwingest")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--probes", type=int, default=20)
    args = ap.parse_args()
    s = args.smoke
    scenarios = [
        ("none", None, 0),
        ("2,000 idle connections" if not s else "200 idle", idle, 200 if s else 2000),
        ("slow senders", trickle, 20 if s else 60),
        ("RCPT flood", rcpt_flood, 100_000 if s else 10_000_000),
        ("1 MB command lines", long_lines, 1),
        ("binary garbage", garbage, 4),
        ("vanish mid-DATA", vanish, 1 << 20),
        ("2 GiB DATA stream" if not s else "80 MB DATA", huge_data, 80 if s else 2048),
    ]
    print(f"{'abuse':<24} {'peak RSS MB':>11} {'p50 ms':>8} {'max ms':>8}  abuser")
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(args.bin, workdir, ["--max-message-size", str(64 << 20)])
        try:
            probe = Probe(server.addr)
            for _ in range(5):
                probe.transaction()  # warm up
            for name, abuse, size in scenarios:
                server.reset_peak()
                stop = multiprocessing.Event()
                results = multiprocessing.Queue()
                worker = None
                if abuse is not None:
                    worker = multiprocessing.Process(
                        target=run_abuse, args=(abuse, server.addr, stop, size, results), daemon=True
                    )
                    worker.start()
                    time.sleep(1.0)  # let the abuse build up
                lat = [probe.transaction() for _ in range(args.probes)]
                if abuse is huge_data:
                    worker.join()  # the stream runs to its end
                stop.set()
                outcome = results.get(timeout=600) if worker else ""
                if worker:
                    worker.join(timeout=60)
                rss = server.peak_rss_mb()
                print(f"{name:<24} {rss:>11.1f} {statistics.median(lat) * 1000:>8.1f} "
                      f"{max(lat) * 1000:>8.1f}  {outcome}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
