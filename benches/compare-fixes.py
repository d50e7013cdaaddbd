#!/usr/bin/env python3
"""What the opt-in fixes change (issue 13): compares two pwingest databases
made from the same archive, one with `fixes none`, one with some fixes on.

    benches/compare-fixes.py BASE.db FIXED.db [--examples N]

Per message (keyed by Message-ID and occurrence, in ingestion order) it
compares the final result (patch, cover, comment, pending, dropped, error),
and for patches the hash (and the stored diff and content), for patches and cover letters the series (its
cover letter, patch Message-IDs, total and version), and the stored tag
counts of every patch. Prints one JSON object: counts and a few examples.
"""

import json
import sqlite3
import sys
from collections import Counter


def load(path):
    con = sqlite3.connect(path)
    members = {}
    for sid, msgid in con.execute("SELECT series_id, msgid FROM patches WHERE series_id IS NOT NULL"):
        members.setdefault(sid, []).append(msgid)
    series = {}
    for sid, cover_id, total, version in con.execute("SELECT id, cover_id, total, version FROM series"):
        cover = None
        if cover_id is not None:
            row = con.execute("SELECT msgid FROM covers WHERE id = ?", (cover_id,)).fetchone()
            cover = row and row[0]
        series[sid] = (cover, tuple(sorted(members.get(sid, []))), total, version)
    patches = {}
    texts = {}
    for pid, project, msgid, hash_, sid, diff, content in con.execute(
        "SELECT id, project_id, msgid, hash, series_id, diff, content FROM patches"
    ):
        patches[(project, msgid)] = (hash_, series.get(sid))
        texts.setdefault(msgid, []).append((hash(diff), hash(content)))
    cover_series = {}
    for sid, (cover, _, _, _) in series.items():
        if cover is not None:
            cover_series[cover] = series[sid]
    tags = {}
    for msgid, a, r, t in con.execute(
        "SELECT p.msgid, t.acked, t.reviewed, t.tested FROM patch_tags t JOIN patches p ON p.id = t.patch_id"
    ):
        tags[msgid] = (a, r, t)
    messages = {}
    seen = Counter()
    for msgid, result in con.execute("SELECT msgid, result FROM messages ORDER BY id"):
        seen[msgid] += 1
        messages[(msgid, seen[msgid])] = result
    by_msgid = {}
    for (project, msgid), value in patches.items():
        by_msgid.setdefault(msgid, []).append(value)
    return messages, by_msgid, cover_series, tags, texts


def main():
    args = sys.argv[1:]
    examples = 5
    if "--examples" in args:
        i = args.index("--examples")
        examples = int(args[i + 1])
        del args[i : i + 2]
    base, fixed = load(args[0]), load(args[1])
    counts = Counter()
    shown = {}

    def note(kind, key, detail):
        counts[kind] += 1
        shown.setdefault(kind, [])
        if len(shown[kind]) < examples:
            shown[kind].append({"msgid": key, **detail})

    for key, result in base[0].items():
        other = fixed[0].get(key)
        msgid = key[0]
        if other != result:
            note("result", msgid, {"none": result, "fixed": other})
        if result == "patch" and other == "patch":
            a, b = sorted(base[1].get(msgid, [])), sorted(fixed[1].get(msgid, []), key=str)
            a = sorted(a, key=str)
            if [h for h, _ in a] != [h for h, _ in b]:
                note("hash", msgid, {})
            ta, tb = sorted(base[4].get(msgid, [])), sorted(fixed[4].get(msgid, []))
            if [d for d, _ in ta] != [d for d, _ in tb]:
                note("diff", msgid, {})
            if [c for _, c in ta] != [c for _, c in tb]:
                note("content", msgid, {})
            if [s for _, s in a] != [s for _, s in b]:
                note("series", msgid, {"none": str(a[0][1])[:200], "fixed": str(b[0][1])[:200]})
        elif result == "cover" and other == "cover":
            if base[2].get(msgid) != fixed[2].get(msgid):
                note("series", msgid, {"none": str(base[2].get(msgid))[:200], "fixed": str(fixed[2].get(msgid))[:200]})
    for msgid, t in base[3].items():
        if fixed[3].get(msgid, t) != t:
            note("tags", msgid, {"none": t, "fixed": fixed[3][msgid]})
    print(json.dumps({"messages": len(base[0]), "changed": counts, "examples": shown}, indent=1))


if __name__ == "__main__":
    main()
