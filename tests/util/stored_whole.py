#!/usr/bin/env python3
"""Checks that tests/mail/body-from-lines.eml, delivered under each TAG (its
Message-Id's `body-from-lines` replaced by TAG), is stored whole: one patch
per TAG whose content keeps every body line starting with `From ` and whose
diff is the mail's diff, and no mail kept with an error (no fragments).

    stored_whole.py PWINGEST DB TAG...      exit 0 when all hold
"""
import json
import pathlib
import subprocess
import sys

MAIL = pathlib.Path(__file__).resolve().parent.parent / "mail" / "body-from-lines.eml"


def pwingest(binary, db, *args):
    return subprocess.run([binary, "--db", db, *args], check=True,
                          capture_output=True, text=True).stdout


def main():
    binary, db, tags = sys.argv[1], sys.argv[2], sys.argv[3:]
    text = MAIL.read_text()
    body = text.split("\n\n", 1)[1]
    from_lines = [line for line in body.splitlines() if line.startswith("From ")]
    diff = body[body.index("diff --git"):]
    export = json.loads(pwingest(binary, db, "export"))
    problems = []
    for tag in tags:
        msgid = f"<{tag}@pwingest.test>"
        patches = [p for p in export["patches"] if p["msgid"] == msgid]
        if len(patches) != 1:
            problems.append(f"{msgid}: {len(patches)} patches")
            continue
        content, got_diff = patches[0]["content"], patches[0]["diff"]
        problems += [f"{msgid}: content lost {line!r}" for line in from_lines
                     if line not in content.splitlines()]
        if got_diff != diff:
            problems.append(f"{msgid}: diff {got_diff!r} != {diff!r}")
    failed = pwingest(binary, db, "failed", "list").strip()
    if failed:
        problems.append(f"mail kept with an error (a fragment?): {failed}")
    for p in problems:
        print(f"stored_whole: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
