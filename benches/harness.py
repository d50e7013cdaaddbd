#!/usr/bin/env python3
"""pwingest benchmark harness: every number of issue #5 from one run on one
archive. Called by benches/run.sh (which builds the release binary); see
benches/README.md.

    harness.py --bin PWINGEST ARCHIVE.mbox [--tail 1000] [--pipe 200]
               [--lmtp 5000] [--lmtp-clients 16] [--workdir DIR] [--keep]

ARCHIVE is an mboxrd file (every body line `>*From ` quoted), as written by
benches/public-inbox-to-mbox.py and benches/gen_mbox.rs. Each measured
process is timed from spawn to exit; its peak RSS comes from wait4(2).
"""
import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1024 * 1024


class Run:
    """One measured child process."""

    def __init__(self, secs, rss_kib, code, stdout):
        self.secs, self.rss_kib, self.code, self.stdout = secs, rss_kib, code, stdout


GNU_TIME = "/usr/bin/time"
RSS_FILE = None


def measure(cmd, stdin=None, capture=False, rss=True):
    """Spawns `cmd`, waits with wait4 and returns wall time, peak RSS, exit code.

    A child forked from this Python process inherits its RSS high-water mark
    (Linux folds the old mm's peak into ru_maxrss at exec), so the peak comes
    from GNU time, whose own child starts small. Without /usr/bin/time the
    number is an upper bound that includes the harness itself.
    """
    global RSS_FILE
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    timed = rss and os.access(GNU_TIME, os.X_OK)
    if timed:
        RSS_FILE = RSS_FILE or tempfile.mkstemp(prefix="pwingest-rss-")[1]
        cmd = [GNU_TIME, "-f", "%M", "-o", RSS_FILE, *cmd]
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=fin, stdout=out, stderr=subprocess.PIPE)
    data = p.stdout.read() if capture else b""
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin:
        fin.close()
    peak = usage.ru_maxrss
    if timed:
        with open(RSS_FILE) as f:
            lines = f.read().split()
        peak = int(lines[-1]) if lines and lines[-1].isdigit() else peak
    if p.returncode != 0:
        sys.stderr.write(f"warning: {' '.join(map(str, cmd))} exited {p.returncode}: {err.decode(errors='replace')[-500:]}\n")
    return Run(secs, peak, p.returncode, data)


def split_mbox(path):
    """Yields each message of an mboxrd file as its raw lines (envelope first)."""
    msg = []
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"From ") and msg:
                yield msg
                msg = []
            if msg or line.startswith(b"From "):
                msg.append(line)
    if msg:
        yield msg


def message_bytes(lines):
    """An mboxrd entry as the message a pipe or LMTP client would hand over."""
    body = lines[1:]
    if body and body[-1] == b"\n":
        body = body[:-1]  # the blank line before the next envelope
    out = []
    for line in body:
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        out.append(line)
    return b"".join(out)


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Harness:
    def __init__(self, args):
        self.args = args
        self.bin = args.bin
        self.work = args.workdir or tempfile.mkdtemp(prefix="pwingest-bench-")
        os.makedirs(self.work, exist_ok=True)
        self.rss = {}
        self.results = []

    def path(self, name):
        return os.path.join(self.work, name)

    def fresh(self, name):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path(name) + suffix):
                os.remove(self.path(name) + suffix)
        return self.path(name)

    def ingest(self, db, mbox, *flags):
        cmd = [self.bin, "--db", db, "--auto-projects", "--mbox-format", "mboxrd", *flags, mbox]
        return measure(cmd)

    def note_rss(self, label, run):
        self.rss[label] = run.rss_kib

    def prepare(self):
        """Counts messages; writes the prefix/tail split and the single messages."""
        a = self.args
        total = sum(1 for _ in split_mbox(a.archive))
        tail = min(a.tail, max(total // 5, 1))
        self.total, self.tail = total, tail
        os.makedirs(self.path("pipe"), exist_ok=True)
        self.pipe_files, self.lmtp_messages = [], []
        with open(self.path("prefix.mbox"), "wb") as prefix, open(self.path("tail.mbox"), "wb") as tail_f:
            for i, lines in enumerate(split_mbox(a.archive)):
                (prefix if i < total - tail else tail_f).writelines(lines)
                if i >= total - tail and len(self.pipe_files) < a.pipe:
                    name = self.path(f"pipe/{len(self.pipe_files):05}.eml")
                    with open(name, "wb") as m:
                        m.write(message_bytes(lines))
                    self.pipe_files.append(name)
                if len(self.lmtp_messages) < a.lmtp:
                    self.lmtp_messages.append(message_bytes(lines))
        self.size = os.path.getsize(a.archive)

    def throughput(self):
        a = self.args
        with open(a.archive, "rb") as f:  # warm the page cache: every pass reads from memory
            while f.read(1 << 24):
                pass
        dry = measure([self.bin, "--db", self.path("unused.db"), "--dry-run", "--mbox-format", "mboxrd", a.archive], capture=True)
        self.note_rss("dry-run", dry)
        nodoc = self.ingest(self.fresh("full-nodoc.db"), a.archive)
        self.note_rss("ingest", nodoc)
        docs = self.ingest(self.fresh("full-docs.db"), a.archive, "--documents")
        self.note_rss("ingest --documents", docs)
        db_size = sum(os.path.getsize(self.path("full-docs.db") + s) for s in ("", "-wal") if os.path.exists(self.path("full-docs.db") + s))
        os.remove(self.path("full-nodoc.db"))
        print(f"\n== Throughput ({self.total} messages, {self.size / MIB:.1f} MiB; database after import {db_size / MIB:.1f} MiB)")
        print(f"{'pass':<28}{'seconds':>9}{'msg/s':>10}{'MB/s':>9}{'x dry-run':>11}{'peak RSS':>11}")
        for label, r in (("dry-run (parse only)", dry), ("ingest (lines)", nodoc), ("ingest --documents", docs)):
            print(f"{label:<28}{r.secs:>9.2f}{self.total / r.secs:>10.0f}{self.size / 1e6 / r.secs:>9.1f}{r.secs / dry.secs:>11.2f}{r.rss_kib / 1024:>8.1f} MiB")
        self.dry, self.nodoc, self.docs = dry, nodoc, docs

    def lookups(self):
        """The last `tail` messages into a database holding the rest vs into an empty one."""
        prefix = self.ingest(self.fresh("prefix.db"), self.path("prefix.mbox"))
        self.note_rss("prefix import", prefix)
        full, empty = [], []
        for _ in range(self.args.repeat):
            self.fresh("lookup.db")
            for suffix in ("", "-wal"):  # committed pages may still sit in the log
                if os.path.exists(self.path("prefix.db" + suffix)):
                    shutil.copyfile(self.path("prefix.db" + suffix), self.path("lookup.db" + suffix))
            # A database in use is on disk: without this the first commit's
            # fsync writes the whole fresh copy out and is timed with it.
            os.sync()
            full.append(self.ingest(self.path("lookup.db"), self.path("tail.mbox")).secs)
            empty.append(self.ingest(self.fresh("empty.db"), self.path("tail.mbox")).secs)
        os.remove(self.path("lookup.db"))
        self.lookup_ratio = statistics.median(full) / statistics.median(empty)
        print(f"\n== Lookups stay fast: last {self.tail} messages, median of {self.args.repeat}")
        print(f"into a database of {self.total - self.tail} messages: {statistics.median(full) * 1000:8.1f} ms")
        print(f"into an empty database:{'':<12}{statistics.median(empty) * 1000:8.1f} ms")
        print(f"ratio: {self.lookup_ratio:.2f}")

    def pipe(self):
        """One process per message into the database holding the archive's prefix."""
        db = self.path("prefix.db")
        base = [measure(["/bin/true"], rss=False).secs for _ in range(20)]
        lat = []
        for f in self.pipe_files:
            lat.append(measure([self.bin, "--db", db], stdin=f, rss=False).secs * 1000)
        self.rss["pipe delivery"] = measure([self.bin, "--db", db], stdin=self.pipe_files[0]).rss_kib
        self.pipe_p50 = percentile(lat, 50)
        print(f"\n== Pipe delivery: {len(lat)} messages, one process each, into the database of {self.total - self.tail} messages")
        print(f"p50 {percentile(lat, 50):.2f} ms   p90 {percentile(lat, 90):.2f} ms   p99 {percentile(lat, 99):.2f} ms   max {max(lat):.2f} ms")
        print(f"(spawn+exit of /bin/true measured the same way: p50 {statistics.median(base) * 1000:.2f} ms)")

    def lmtp(self):
        a = self.args
        port = free_port()
        db = self.fresh("lmtp.db")
        log = open(self.path("lmtp.log"), "wb")
        # The first message, piped with --auto-projects, creates the list's project.
        first = self.path("lmtp-first.eml")
        with open(first, "wb") as f:
            f.write(self.lmtp_messages[0])
        measure([self.bin, "--db", db, "--auto-projects"], stdin=first)
        server = subprocess.Popen([self.bin, "--db", db, "serve", "--listen", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.time() + 5
        up = False
        while time.time() < deadline and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                up = True
                break
            except OSError:
                time.sleep(0.05)
        print("\n== LMTP")
        if not up:
            if server.poll() is None:
                server.kill()
            server.wait()
            log.close()
            reason = open(self.path("lmtp.log"), "rb").read().decode(errors="replace").strip().splitlines()
            print(f"skipped: `pwingest serve` did not listen ({reason[-1] if reason else 'no output'})")
            self.lmtp_rate = None
            return
        messages = self.lmtp_messages[1:]
        mail_dir = self.path("lmtp-messages")
        shutil.rmtree(mail_dir, ignore_errors=True)
        os.makedirs(mail_dir)
        for i, m in enumerate(messages):
            with open(os.path.join(mail_dir, f"{i:06}.eml"), "wb") as f:
                f.write(m)
        # benches/lmtp_load.rs: one thread and connection per client.
        load = subprocess.run(["cargo", "bench", "--quiet", "--bench", "lmtp_load", "--",
                               "--tcp", f"127.0.0.1:{port}", "--clients", str(a.lmtp_clients), mail_dir],
                              stdout=subprocess.PIPE, text=True)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(mail_dir, ignore_errors=True)
        print(load.stdout.strip())
        if load.returncode != 0:
            sys.exit(f"LMTP load generator failed (exit {load.returncode})")
        self.lmtp_rate = float(re.search(r"([0-9.]+) msg/s acknowledged", load.stdout).group(1))

    def verdict(self):
        peak = max(self.rss.values())
        worst = max(self.rss, key=self.rss.get)
        rate = self.total / self.docs.secs
        ratio = self.docs.secs / self.dry.secs
        print("\n== Peak RSS by pass (MiB)")
        print("   ".join(f"{k} {v / 1024:.1f}" for k, v in self.rss.items()))
        print("\n== Targets (issue #5)")
        rows = [
            ("import >= 15000 msg/s (with documents)", rate >= 15000, f"{rate:.0f} msg/s"),
            ("import <= 1.5x dry-run", ratio <= 1.5, f"{ratio:.2f}x"),
            ("pipe delivery p50 <= 3 ms", self.pipe_p50 <= 3, f"{self.pipe_p50:.2f} ms"),
            ("peak RSS <= 64 MiB", peak <= 64 * 1024, f"{peak / 1024:.1f} MiB ({worst})"),
            ("lookups <= 1.2x", self.lookup_ratio <= 1.2, f"{self.lookup_ratio:.2f}x"),
        ]
        if self.lmtp_rate is not None:
            rows.append(("LMTP >= 5000 msg/s, 16 clients", self.lmtp_rate >= 5000, f"{self.lmtp_rate:.0f} msg/s"))
        else:
            rows.append(("LMTP >= 5000 msg/s, 16 clients", None, "not measured"))
        for name, ok, value in rows:
            mark = "skip" if ok is None else ("met" if ok else "MISSED")
            print(f"{mark:<8}{name:<42}{value}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("archive")
    p.add_argument("--bin", required=True)
    p.add_argument("--tail", type=int, default=1000, help="messages in the lookup test (at most a fifth of the archive)")
    p.add_argument("--pipe", type=int, default=200, help="single-message pipe deliveries")
    p.add_argument("--lmtp", type=int, default=5000, help="messages sent over LMTP")
    p.add_argument("--lmtp-clients", type=int, default=16)
    p.add_argument("--repeat", type=int, default=3, help="runs of each lookup-test side")
    p.add_argument("--workdir")
    p.add_argument("--keep", action="store_true", help="keep the work directory (databases, split files)")
    a = p.parse_args()
    h = Harness(a)
    print(f"pwingest benchmark: {a.archive} with {a.bin}; work dir {h.work}")
    try:
        h.prepare()
        h.throughput()
        h.lookups()
        h.pipe()
        h.lmtp()
        h.verdict()
    finally:
        if not a.keep:
            shutil.rmtree(h.work, ignore_errors=True)


if __name__ == "__main__":
    main()
