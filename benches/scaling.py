#!/usr/bin/env python3
"""Cost that grows linearly (issue #14): doubles each input dimension and
prints the cost ratio N -> 2N (best of --repeat runs each), through the real
binary, importing into a fresh SQLite file every run. The cost is the
child's CPU time (user + system, all threads): on a shared machine it
drifts far less than wall-clock time (`--wall` for that instead).

    benches/scaling.py --bin target/release/pwingest            # full sizes, a few minutes
    benches/scaling.py --bin target/release/pwingest --smoke    # 1/100 of the sizes, seconds
    benches/scaling.py --bin ... --only references,nesting      # some dimensions

A ratio above --limit (2.3) is flagged `QUADRATIC?`; the script exits 1 when
one is (unless --no-fail). At smoke size process start-up dominates, so the
ratios say little there: the smoke run proves the generators and the binary
still handle every shape, not the slopes.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

LIST = "List-Id: <scale.example.org>\n"


def head(msgid, subject, extra=""):
    return (
        f"From: Scaler <scaler@example.org>\nTo: scale@example.org\n{LIST}"
        f"Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-Id: <{msgid}>\n"
        f"Subject: {subject}\n{extra}"
    )


def diff(lines):
    body = "".join(f"+line {i}\n" for i in range(lines))
    return (
        "--- a/f.c\n+++ b/f.c\n"
        f"@@ -0,0 +1,{lines} @@\n{body}"
    )


def patch(msgid, subject, extra="", lines=3):
    return head(msgid, subject, extra) + "\nA change.\n\n---\n" + diff(lines)


def mbox(messages):
    return "".join(f"From scaler Mon Jan  1 00:00:00 2024\n{m}\n" for m in messages)


# Each generator: n -> (bytes of one mbox or one message).
def headers(n):
    extra = "".join(f"X-Header-{i}: value {i}\n" for i in range(n))
    return patch("h@x", "[PATCH] headers", extra)


def header_length(n):
    words, line, out = [], "Subject: [PATCH] long", []
    for i in range(n // 8):
        w = f"w{i:06d}"
        if len(line) + len(w) > 76:
            out.append(line)
            line = " "
        line += " " + w
    out.append(line)
    subj_block = "\n".join(out) + "\n"
    m = patch("l@x", "x").replace("Subject: x\n", subj_block)
    return m


def encoded_words(n):
    words = " ".join(f"=?UTF-8?B?w6k{i % 10}?=" for i in range(n))
    return patch("e@x", f"[PATCH] {words}")


def mime_parts(n):
    parts = "".join(
        f"--B\nContent-Type: text/plain; charset=utf-8\n\npart {i}\n" for i in range(n)
    )
    last = f"--B\nContent-Type: text/x-diff\n\n{diff(3)}--B--\n"
    extra = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n'
    return head("p@x", "[PATCH] parts", extra) + "\n" + parts + last


def nesting(n):
    extra = 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"\n'
    opens = "".join(
        f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n' for i in range(n)
    )
    inner = f"--b{n}\nContent-Type: text/plain\n\nA change.\n---\n{diff(3)}--b{n}--\n"
    closes = "".join(f"--b{i}--\n" for i in reversed(range(n)))
    return head("n@x", "[PATCH] nested", extra) + "\n" + opens + inner + closes


def references(n):
    refs = " ".join(f"<r{i}@x>" for i in range(n))
    return mbox([
        patch("r0@x", "[PATCH] base"),
        head("reply@x", "Re: [PATCH] base", f"In-Reply-To: <r0@x>\nReferences: {refs}\n")
        + "\nAcked-by: A <a@x>\n",
    ])


def diff_lines(n):
    return patch("d@x", "[PATCH] big diff", lines=n)


def replies(n):
    msgs = [patch("t0@x", "[PATCH] thread")]
    for i in range(1, n + 1):
        extra = f"In-Reply-To: <t{i - 1}@x>\nReferences: <t0@x> <t{i - 1}@x>\n"
        msgs.append(head(f"t{i}@x", "Re: [PATCH] thread", extra) + f"\nReply {i}\n")
    return mbox(msgs)


def series(n):
    msgs = [head("s0@x", f"[PATCH 0/{n}] big series") + "\nCover.\n"]
    for i in range(1, n + 1):
        extra = "In-Reply-To: <s0@x>\nReferences: <s0@x>\n"
        msgs.append(patch(f"s{i}@x", f"[PATCH {i}/{n}] part {i}", extra))
    return mbox(msgs)


def mbox_messages(n):
    # One sender per patch: unthreaded patches of one sender within 20
    # minutes would all join one series component (that is `series`).
    return mbox([
        patch(f"m{i}@x", f"[PATCH] change {i}").replace("Scaler <scaler@", f"Dev {i} <dev{i}@")
        for i in range(n)
    ])


# name, generator, N (the larger size is 2N), unit
DIMENSIONS = [
    ("headers", headers, 50_000, "header fields"),
    ("header-length", header_length, 5_000_000, "bytes in one Subject"),
    ("encoded-words", encoded_words, 5_000, "RFC 2047 words in a Subject"),
    ("mime-parts", mime_parts, 5_000, "MIME parts"),
    ("nesting", nesting, 5_000, "MIME nesting depth"),
    ("references", references, 50_000, "msgids in References"),
    ("diff-lines", diff_lines, 500_000, "lines in one diff"),
    ("replies", replies, 2_500, "replies in one thread"),
    ("series", series, 1_000, "patches in one series"),
    ("mbox", mbox_messages, 10_000, "messages in one mbox"),
]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(binary, path, workdir, wall):
    db = os.path.join(workdir, "scale.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    start = time.perf_counter() if wall else children_cpu()
    proc = subprocess.run(
        [binary, "--db", db, "--auto-projects", "--no-documents", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "RUST_LOG": "error"},
    )
    elapsed = (time.perf_counter() if wall else children_cpu()) - start
    if proc.returncode != 0:
        sys.exit(f"{binary} {path}: exit {proc.returncode}: {proc.stderr.decode()[-500:]}")
    results = [line.split(b'"result":"')[1].split(b'"')[0] for line in proc.stdout.splitlines()]
    return elapsed, results


def measure(binary, gen, n, repeat, workdir, wall):
    data = gen(n).encode()
    path = os.path.join(workdir, f"input-{n}.mbox")
    with open(path, "wb") as f:
        f.write(data)
    best, results = None, None
    for _ in range(repeat):
        t, results = run_once(binary, path, workdir, wall)
        best = t if best is None else min(best, t)
    os.remove(path)
    return best, len(data), results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default="target/release/pwingest")
    ap.add_argument("--smoke", action="store_true", help="1/100 of every size")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated dimension names")
    ap.add_argument("--limit", type=float, default=2.3)
    ap.add_argument("--no-fail", action="store_true")
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = ap.parse_args()
    scale = 0.01 if args.smoke else args.scale
    only = set(filter(None, args.only.split(",")))
    print(f"{'dimension':<14} {'N':>10} {'2N':>10} {'t(N) s':>8} {'t(2N) s':>8} {'ratio':>6}  results at 2N")
    bad = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, gen, n, unit in DIMENSIONS:
            if only and name not in only:
                continue
            n = max(2, int(n * scale))
            t1, _, _ = measure(args.bin, gen, n, args.repeat, workdir, args.wall)
            t2, size, results = measure(args.bin, gen, 2 * n, args.repeat, workdir, args.wall)
            ratio = t2 / t1
            flag = "  QUADRATIC?" if ratio > args.limit else ""
            summary = {r.decode(): results.count(r) for r in set(results)}
            print(f"{name:<14} {n:>10} {2 * n:>10} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}  "
                  f"{summary} ({size / 1e6:.1f} MB; {unit}){flag}", flush=True)
            if flag:
                bad.append(name)
    if bad and not args.smoke and not args.no_fail:
        sys.exit(f"ratio above {args.limit}: {', '.join(bad)}")


if __name__ == "__main__":
    main()
