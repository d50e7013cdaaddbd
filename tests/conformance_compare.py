#!/usr/bin/env python3
"""Runs the corpus's own compare.py over many (expected, actual, version)
triples in one process. Reads a JSON list of [expected, actual, version,
label] on stdin; prints one JSON line per triple:
{"label", "version", "passed", "failed", "mbox_passed", "mbox_failed",
"report"}: the counts include the mbox texts, which are also counted on
their own; the report leaves out the PASS lines."""
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
        compare.main([expected, actual, '--api', version, '--verbose'])
    lines = buf.getvalue().strip().splitlines()
    passed, failed = [int(w) for w in lines[-1].replace(',', '').split() if w.isdigit()]
    mbox_passed = sum(line.startswith('PASS mbox ') for line in lines)
    mbox_failed = sum(line.startswith(('FAIL mbox ', 'MISSING mbox ', 'EXTRA mbox '))
                      for line in lines)
    report = '\n'.join(line for line in lines if not line.startswith('PASS '))
    print(json.dumps({'label': label, 'version': version, 'passed': passed,
                      'failed': failed, 'mbox_passed': mbox_passed,
                      'mbox_failed': mbox_failed, 'report': report}))
