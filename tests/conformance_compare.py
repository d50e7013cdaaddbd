#!/usr/bin/env python3
"""Runs the corpus's own compare.py over many (expected, actual, version)
triples in one process. Reads a JSON list of [expected, actual, version,
label] on stdin; prints one JSON line per triple:
{"label", "version", "passed", "failed", "report"}."""
import contextlib
import importlib.util
import io
import json
import sys

spec = importlib.util.spec_from_file_location('compare', sys.argv[1])
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

for expected, actual, version, label in json.load(sys.stdin):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        compare.main([expected, actual, '--api', version])
    text = buf.getvalue()
    last = text.strip().splitlines()[-1]
    passed, failed = [int(w) for w in last.replace(',', '').split() if w.isdigit()]
    print(json.dumps({'label': label, 'version': version, 'passed': passed,
                      'failed': failed, 'report': text}))
