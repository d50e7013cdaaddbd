#!/usr/bin/env python3
"""Convert a public-inbox v2 git epoch (one message per commit, file `m`)
into an mboxrd file, oldest message first.

    benches/public-inbox-to-mbox.py GIT_DIR OUT.mbox [--limit N]

Each message gets an envelope line `From mboxrd@z Thu Jan  1 00:00:00 1970`.
Body lines matching `^>*From ` get one more `>` (mboxrd quoting), so reading
the file as mboxrd (`pwingest --mbox-format mboxrd`) returns the original
bytes; a reader that starts a message at every `From ` line (Patchwork's
mailbox.mbox) never splits inside a message. Deleted messages (commits
without `m`) are skipped. Streaming: one `git cat-file --batch` process, one
message in memory at a time.
"""
import re
import subprocess
import sys

QUOTE = re.compile(rb"^(>*From )", re.M)


def commits(git_dir):
    log = subprocess.run(
        ["git", "--git-dir", git_dir, "log", "--reverse", "--format=%H"],
        check=True, capture_output=True,
    )
    return log.stdout.split()


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    git_dir, out_path = argv[1], argv[2]
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    shas = commits(git_dir)
    if limit is not None:
        shas = shas[:limit]
    cat = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    written = skipped = size = 0
    with open(out_path, "wb") as out:
        for sha in shas:
            cat.stdin.write(sha + b":m\n")
            cat.stdin.flush()
            header = cat.stdout.readline()
            if header.endswith(b" missing\n"):
                skipped += 1
                continue
            length = int(header.split()[2])
            body = cat.stdout.read(length)
            cat.stdout.read(1)  # the newline after each object
            if not body.endswith(b"\n"):
                body += b"\n"
            out.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n")
            out.write(QUOTE.sub(rb">\1", body))
            out.write(b"\n")
            written += 1
            size += length
    cat.stdin.close()
    cat.wait()
    print(f"{out_path}: {written} messages, {size} bytes of mail, {skipped} commits without m",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
