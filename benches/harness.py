#!/usr/bin/env python3
"""pwingest benchmark harness: every number of issue #5 from one run on one
archive. Called by benches/run.sh (which builds the release binary); see
benches/README.md.

    harness.py --bin PWINGEST ARCHIVE.mbox [--tail 1000] [--pipe 200]
               [--lmtp 5000] [--lmtp-clients 16] [--workdir DIR] [--keep]
               [--db postgresql://USER@HOST:PORT/DBNAME [--pg-template patchwork|empty]
                [--patchwork CHECKOUT --patchwork-python VENV/bin/python]]

ARCHIVE is an mboxrd file (every body line `>*From ` quoted), as written by
benches/public-inbox-to-mbox.py and benches/gen_mbox.rs. Each measured
process is timed from spawn to exit; its peak RSS comes from wait4(2).

Without --db every database is a new SQLite file in the work directory.
With --db the same passes write PostgreSQL databases on that server, each
pass a new one (made by `psql` through the URL's database, `postgres` when
the URL names none, and dropped afterwards unless --keep): by default a copy
of ../shared/patchwork-db/postgresql.sql (a database Patchwork 3.2.1's
migrations made), with --pg-template empty one pwingest fills. Patchwork's
own `parsearchive` is timed into such a database when --patchwork names a
checkout and --patchwork-python its virtualenv's python; otherwise the
reference measured for issue 11 is printed.
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
import urllib.parse

MIB = 1024 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))
PATCHWORK_DUMP = os.path.join(HERE, "..", "..", "shared", "patchwork-db", "postgresql.sql")
# Issue 11: Patchwork 3.2.1's parsearchive into PostgreSQL, 2,196 mails in 48 s.
PARSEARCHIVE_REFERENCE = 2196 / 48


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


def vm_hwm_kib(pid):
    """A running process's peak resident set (VmHWM), in KiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def list_ids(path, limit):
    """The List-Id values of the first `limit` messages of an mbox, in order, once each."""
    seen = []
    for n, lines in enumerate(split_mbox(path)):
        if n >= limit:
            break
        for line in lines[1:]:
            if line in (b"\n", b"\r\n"):
                break
            if line.lower().startswith(b"list-id:"):
                m = re.search(rb"<([^>]+)>", line)
                if m and m.group(1).decode(errors="replace") not in seen:
                    seen.append(m.group(1).decode(errors="replace"))
    return seen


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sqlite:
    """Databases as SQLite files in the work directory."""

    name = "SQLite"

    def __init__(self, work):
        self.work = work

    def path(self, name):
        return os.path.join(self.work, name)

    def fresh(self, name):
        """A location where `name` does not exist yet."""
        self.drop(name)
        return self.path(name)

    def location(self, name):
        return self.path(name)

    def copy(self, source, name):
        """A copy of database `source` as `name`, on disk before it is timed."""
        self.fresh(name)
        for suffix in ("", "-wal"):  # committed pages may still sit in the log
            if os.path.exists(self.path(source + suffix)):
                shutil.copyfile(self.path(source + suffix), self.path(name + suffix))
        # A database in use is on disk: without this the first commit's
        # fsync writes the whole fresh copy out and is timed with it.
        os.sync()
        return self.path(name)

    def size(self, name):
        return sum(os.path.getsize(self.path(name) + s) for s in ("", "-wal") if os.path.exists(self.path(name) + s))

    def drop(self, name):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path(name) + suffix):
                os.remove(self.path(name) + suffix)

    def describe(self):
        return f"SQLite files in {self.work}"

    def close(self, keep):
        pass


class Postgres:
    """Databases on a PostgreSQL server: each pass a new one, named
    pwingest_bench_<pid>_<name>, created and dropped through `psql`."""

    name = "PostgreSQL"

    def __init__(self, url, template):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres"):
            sys.exit(f"--db: a postgresql:// URL, not {url!r}")
        self.parts = parts
        self.admin = self.url(parts.path.strip("/") or "postgres")
        self.prefix = f"pwingest_bench_{os.getpid()}_"
        self.made = []
        self.template = None
        self.settings = {k: self.sql(f"SHOW {k}") for k in ("server_version", "fsync", "synchronous_commit", "shared_buffers")}
        if template == "patchwork":
            if not os.path.isfile(PATCHWORK_DUMP):
                sys.exit(f"--pg-template patchwork: {PATCHWORK_DUMP} not found (or --pg-template empty)")
            self.template = self.create("template")
            subprocess.run(self.psql(self.url(self.template)) + ["-f", PATCHWORK_DUMP], check=True, stdout=subprocess.DEVNULL)

    def url(self, dbname):
        # By hand: urlunsplit drops the empty host of postgresql:///db?host=/socket/dir.
        p = self.parts
        return f"{p.scheme}://{p.netloc}/{dbname}" + (f"?{p.query}" if p.query else "")

    @staticmethod
    def psql(url):
        return [os.environ.get("PSQL", "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]

    def sql(self, statement):
        quiet = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")  # no "does not exist, skipping"
        out = subprocess.run(self.psql(self.admin) + ["-At", "-c", statement], check=True, stdout=subprocess.PIPE,
                             text=True, env=quiet)
        return out.stdout.strip()

    def dbname(self, name):
        """The database for the harness's `name` (`full-docs.db`: pwingest_bench_PID_full_docs)."""
        return self.prefix + re.sub(r"\.db$", "", name).replace("-", "_")

    def create(self, name, template=None):
        db = self.dbname(name)
        self.sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        for attempt in range(10):
            # A template a session just left may still count it a moment.
            try:
                self.sql(f"CREATE DATABASE {db}" + (f" TEMPLATE {template}" if template else ""))
                break
            except subprocess.CalledProcessError:
                if attempt == 9:
                    raise
                time.sleep(0.5)
        if db not in self.made:
            self.made.append(db)
        return db

    def fresh(self, name):
        return self.url(self.create(name, self.template))

    def location(self, name):
        return self.url(self.dbname(name))

    def copy(self, source, name):
        url = self.url(self.create(name, self.dbname(source)))
        self.sql("CHECKPOINT")  # the copy on disk before it is timed
        return url

    def size(self, name):
        return int(self.sql(f"SELECT pg_database_size('{self.dbname(name)}')"))

    def drop(self, name):
        self.sql(f"DROP DATABASE IF EXISTS {self.dbname(name)} WITH (FORCE)")

    def describe(self):
        s = self.settings
        return (f"PostgreSQL {s['server_version']} at {self.admin} (fsync {s['fsync']}, synchronous_commit "
                f"{s['synchronous_commit']}, shared_buffers {s['shared_buffers']}), new databases "
                f"{self.prefix}*, each {'a copy of the Patchwork 3.2.1 dump' if self.template else 'empty'}")

    def close(self, keep):
        if keep:
            print(f"kept databases: {', '.join(self.made)}")
            return
        for db in self.made:
            self.sql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

    def django(self, dbname):
        """Django's DATABASES entry for database `dbname` of this server."""
        query = dict(urllib.parse.parse_qsl(self.parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": self.dbname(dbname),
            "USER": urllib.parse.unquote(self.parts.username or query.get("user", "")),
            "PASSWORD": urllib.parse.unquote(self.parts.password or query.get("password", "")),
            "HOST": urllib.parse.unquote(self.parts.hostname or query.get("host", "")),
            "PORT": str(self.parts.port or query.get("port", "")),
        }


class Harness:
    def __init__(self, args):
        self.args = args
        self.bin = args.bin
        self.work = args.workdir or tempfile.mkdtemp(prefix="pwingest-bench-")
        os.makedirs(self.work, exist_ok=True)
        self.db = Postgres(args.db, args.pg_template) if args.db else Sqlite(self.work)
        self.rss = {}
        self.results = []
        self.parsearchive_rate = None

    def path(self, name):
        return os.path.join(self.work, name)

    def fresh(self, name):
        return self.db.fresh(name)

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
        db_size = self.db.size("full-docs.db")
        self.db.drop("full-nodoc.db")
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
            lookup = self.db.copy("prefix.db", "lookup.db")
            full.append(self.ingest(lookup, self.path("tail.mbox")).secs)
            empty.append(self.ingest(self.fresh("empty.db"), self.path("tail.mbox")).secs)
        self.db.drop("lookup.db")
        self.db.drop("empty.db")
        self.lookup_ratio = statistics.median(full) / statistics.median(empty)
        print(f"\n== Lookups stay fast: last {self.tail} messages, median of {self.args.repeat}")
        print(f"into a database of {self.total - self.tail} messages: {statistics.median(full) * 1000:8.1f} ms")
        print(f"into an empty database:{'':<12}{statistics.median(empty) * 1000:8.1f} ms")
        print(f"ratio: {self.lookup_ratio:.2f}")

    def pipe(self):
        """One process per message into the database holding the archive's prefix."""
        db = self.db.location("prefix.db")
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
        peak = vm_hwm_kib(server.pid)
        if peak is not None:
            self.rss["LMTP server"] = peak
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

    def parsearchive(self):
        """Patchwork's own `manage.py parsearchive` on the first messages of
        the archive, into a new database of the same server (PostgreSQL only)."""
        a = self.args
        print("\n== Patchwork's parsearchive")
        if not isinstance(self.db, Postgres) or not (a.patchwork and a.patchwork_python):
            why = "no --db postgresql://…" if not isinstance(self.db, Postgres) else "no --patchwork/--patchwork-python"
            print(f"not run ({why}); the reference measured for issue 11: 2,196 mails in 48 s, "
                  f"{PARSEARCHIVE_REFERENCE:.0f} msg/s")
            return
        if not self.db.template:
            sys.exit("parsearchive needs Patchwork's tables: --pg-template patchwork")
        count = min(a.patchwork_messages, self.total)
        sample = self.path("parsearchive.mbox")
        with open(sample, "wb") as out:
            for n, lines in enumerate(split_mbox(a.archive)):
                if n >= count:
                    break
                out.writelines(lines)
        db = self.fresh("parsearchive.db")
        # The projects pwingest's --auto-projects would make for these lists.
        for list_id in list_ids(sample, count):
            link = re.sub(r"[^-a-zA-Z0-9_]+", "-", list_id)
            subprocess.run([self.bin, "--db", db, "project", "add", "--link-name", link, "--name", list_id,
                            "--list-id", list_id, "--list-email", list_id.replace(".", "@", 1)],
                           check=True, stdout=subprocess.DEVNULL)
        settings_dir = self.path("django")
        os.makedirs(settings_dir, exist_ok=True)
        with open(os.path.join(settings_dir, "pwbench_settings.py"), "w") as f:
            f.write("from patchwork.settings.base import *  # noqa\n"
                    "SECRET_KEY = 'pwingest-bench'\nDEBUG = False\nALLOWED_HOSTS = ['*']\n"
                    f"DATABASES = {{'default': {self.db.django('parsearchive.db')!r}}}\n")
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="pwbench_settings",
                   PYTHONPATH=os.pathsep.join([settings_dir, a.patchwork]))
        start = time.perf_counter()
        run = subprocess.run([a.patchwork_python, os.path.join(a.patchwork, "manage.py"), "parsearchive", sample],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        secs = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"parsearchive failed (exit {run.returncode}): {run.stdout[-2000:]}")
        self.parsearchive_rate = count / secs
        print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "")
        print(f"{count} messages in {secs:.1f} s: {self.parsearchive_rate:.1f} msg/s")

    def verdict(self):
        peak = max(self.rss.values())
        worst = max(self.rss, key=self.rss.get)
        rate = self.total / self.docs.secs
        ratio = self.docs.secs / self.dry.secs
        print("\n== Peak RSS by pass (MiB)")
        print("   ".join(f"{k} {v / 1024:.1f}" for k, v in self.rss.items()))
        lmtp = f"{self.lmtp_rate:.0f} msg/s" if self.lmtp_rate is not None else "not measured"
        lmtp_ok = None if self.lmtp_rate is None else self.lmtp_rate
        if isinstance(self.db, Postgres):
            reference = self.parsearchive_rate or PARSEARCHIVE_REFERENCE
            measured = "measured" if self.parsearchive_rate else "the issue's reference"
            print("\n== Targets (issue 11, PostgreSQL)")
            rows = [
                ("import >= 2000 msg/s (with documents)", rate >= 2000, f"{rate:.0f} msg/s"),
                ("import >= 100x parsearchive", rate >= 100 * reference,
                 f"{rate / reference:.0f}x ({measured}: {reference:.1f} msg/s)"),
                ("LMTP >= 3000 msg/s, 16 clients", lmtp_ok and lmtp_ok >= 3000, lmtp),
                ("peak RSS <= 64 MiB", peak <= 64 * 1024, f"{peak / 1024:.1f} MiB ({worst})"),
            ]
        else:
            print("\n== Targets (issue #5)")
            rows = [
                ("import >= 15000 msg/s (with documents)", rate >= 15000, f"{rate:.0f} msg/s"),
                ("import <= 1.5x dry-run", ratio <= 1.5, f"{ratio:.2f}x"),
                ("pipe delivery p50 <= 3 ms", self.pipe_p50 <= 3, f"{self.pipe_p50:.2f} ms"),
                ("peak RSS <= 64 MiB", peak <= 64 * 1024, f"{peak / 1024:.1f} MiB ({worst})"),
                ("lookups <= 1.2x", self.lookup_ratio <= 1.2, f"{self.lookup_ratio:.2f}x"),
                ("LMTP >= 5000 msg/s, 16 clients", lmtp_ok and lmtp_ok >= 5000, lmtp),
            ]
        for name, ok, value in rows:
            if self.lmtp_rate is None and name.startswith("LMTP"):
                ok = None
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
    p.add_argument("--db", help="a PostgreSQL server as postgresql://USER@HOST:PORT/DBNAME: each pass a new database there")
    p.add_argument("--pg-template", choices=("patchwork", "empty"), default="patchwork",
                   help="what each new PostgreSQL database starts as: Patchwork 3.2.1's dump, or nothing")
    p.add_argument("--patchwork", help="a Patchwork checkout (its manage.py) to time parsearchive with")
    p.add_argument("--patchwork-python", help="the python of that checkout's virtualenv")
    p.add_argument("--patchwork-messages", type=int, default=2000, help="messages given to parsearchive")
    a = p.parse_args()
    h = Harness(a)
    print(f"pwingest benchmark: {a.archive} with {a.bin}; work dir {h.work}")
    print(f"databases: {h.db.describe()}")
    try:
        h.prepare()
        h.throughput()
        h.lookups()
        h.pipe()
        h.lmtp()
        h.parsearchive()
        h.verdict()
    finally:
        h.db.close(a.keep)
        if not a.keep:
            shutil.rmtree(h.work, ignore_errors=True)


if __name__ == "__main__":
    main()
