#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from ../shared/conformance at run time (the
mail is read in place and never committed): whole mails, mbox files, header
values, message bodies and LMTP sessions carrying the small mails; and from
fuzz/regressions/<target>/, the committed inputs of past findings, so that
every run (the CI smoke run too) replays them.

    fuzz/seed.py [CONFORMANCE_DIR]      # default: ../shared/conformance
"""

import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def messages(path):
    data = open(path, "rb").read()
    if not path.endswith(".mbox"):
        return [data]
    parts = re.split(rb"(?m)^From [^\n]*\n", data)
    return [p for p in parts if p.strip()]


def put(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def lmtp_session(mail):
    lines = mail.replace(b"\r\n", b"\n").split(b"\n")
    body = b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n" for l in lines)
    return (b"LHLO seed\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<a@example.org>\r\nDATA\r\n"
            + body + b".\r\nQUIT\r\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "conformance")
    cases = os.path.join(root, "cases")
    if not os.path.isdir(cases):
        sys.exit(f"no conformance corpus at {root}")
    counts = {}
    for dirpath, _, files in sorted(os.walk(cases)):
        for name in sorted(files):
            if not (name.endswith(".mbox") or name.endswith(".eml")):
                continue
            path = os.path.join(dirpath, name)
            if name.endswith(".mbox"):
                put("mbox", open(path, "rb").read())
            for m in messages(path):
                put("mail", m)
                head, _, body = m.partition(b"\n\n")
                put("diff", body)
                for value in re.split(rb"\n(?=\S)", head):
                    _, _, v = value.partition(b":")
                    if v.strip() and len(v) < 2000:
                        put("headers", v.strip())
                if len(m) < 4000:
                    put("lmtp", lmtp_session(m))
    regressions = os.path.join(HERE, "regressions")
    for target in sorted(os.listdir(regressions)):
        for name in sorted(os.listdir(os.path.join(regressions, target))):
            put(target, open(os.path.join(regressions, target, name), "rb").read())
    for t in sorted(os.listdir(CORPUS)):
        counts[t] = len(os.listdir(os.path.join(CORPUS, t)))
    print("seeded", ", ".join(f"{t}: {n}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
