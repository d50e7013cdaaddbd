#!/usr/bin/env python3
"""LMTP load generator: N concurrent clients (processes), each on one
connection, delivering M distinct patch mails (MAIL/RCPT/DATA pipelined,
body after the 354 as RFC 2920 requires). Prints messages/s for
acknowledged (250) deliveries; the server must already run.

  pwingest --db b.db project add --link-name load --name load \
      --list-id load.example.org --list-email load@example.org
  pwingest --db b.db serve --listen unix:/tmp/b.sock &
  python3 benches/lmtp_load.py --socket /tmp/b.sock --clients 16 --messages 500

Used by tests/lmtp.rs `lmtp_throughput` (ignored by default).
"""
import argparse
import multiprocessing
import socket
import sys
import time


def mail(client, i, run):
    n = client * 1000003 + i
    body = (
        "From: Dev %d <dev%d@example.org>\r\n"
        "Subject: [PATCH] load: change %d-%d\r\n"
        "Message-Id: <%s-%d-%d@load>\r\n"
        "List-Id: <load.example.org>\r\n"
        "Date: Tue, 1 Jul 2003 %02d:%02d:%02d +0200\r\n\r\n"
        "Change things.\r\n\r\nSigned-off-by: Dev %d <dev%d@example.org>\r\n---\r\n"
        "diff --git a/f.c b/f.c\r\n--- a/f.c\r\n+++ b/f.c\r\n@@ -1 +1 @@\r\n-old\r\n+new %d\r\n"
        % (n % 5000, n % 5000, client, i, run, client, i, n // 3600 % 24, n // 60 % 60, n % 60,
           n % 5000, n % 5000, n)
    )
    return body.encode() + b".\r\n"


class Conn:
    def __init__(self, args):
        if args.socket:
            self.s = socket.socket(socket.AF_UNIX)
            self.s.connect(args.socket)
        else:
            host, port = args.tcp.rsplit(":", 1)
            self.s = socket.create_connection((host, int(port)))
        self.buf = b""

    def reply(self):
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                if len(line) < 4 or line[3:4] != b"-":
                    return line.decode(errors="replace").rstrip()
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk


def worker(args, client, run, out):
    c = Conn(args)
    c.reply()
    c.s.sendall(b"LHLO load\r\n")
    c.reply()
    ok = 0
    for i in range(args.messages):
        c.s.sendall(b"MAIL FROM:<s@example.org>\r\nRCPT TO:<x@example.org>\r\nDATA\r\n")
        replies = [c.reply() for _ in range(3)]
        if not replies[2].startswith("354"):
            sys.exit("unexpected: %r" % replies)
        c.s.sendall(mail(client, i, run))
        if c.reply().startswith("250"):
            ok += 1
    c.s.sendall(b"QUIT\r\n")
    out.put(ok)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--socket", help="unix socket path")
    p.add_argument("--tcp", help="host:port")
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--messages", type=int, default=500, help="per client")
    args = p.parse_args()
    if not args.socket and not args.tcp:
        p.error("--socket or --tcp")
    run = "%x" % int(time.time() * 1000)
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(args, c, run, out)) for c in range(args.clients)]
    start = time.monotonic()
    for pr in procs:
        pr.start()
    acked = sum(out.get() for _ in procs)
    for pr in procs:
        pr.join()
    secs = time.monotonic() - start
    print("clients=%d acknowledged=%d seconds=%.2f msgs_per_s=%.0f" % (args.clients, acked, secs, acked / secs))
    if acked != args.clients * args.messages:
        sys.exit("only %d of %d acknowledged" % (acked, args.clients * args.messages))


if __name__ == "__main__":
    main()
