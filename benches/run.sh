#!/usr/bin/env bash
# pwingest benchmark harness (issue #5). See benches/README.md.
#
#   benches/run.sh ARCHIVE.mbox [harness options]   real archive (mboxrd)
#   benches/run.sh --smoke [harness options]        synthetic 500 messages, < 1 minute
#   benches/run.sh ARCHIVE.mbox --db postgresql://USER@HOST:PORT/DBNAME
#                                                   the same into PostgreSQL
#
# Builds the release binary, then benches/harness.py measures dry-run and
# import throughput, the lookup ratio, pipe latency, peak RSS and LMTP, on
# SQLite files or (--db) on new databases of a PostgreSQL server, where it
# also times Patchwork's parsearchive (--patchwork CHECKOUT
# --patchwork-python VENV/bin/python) or prints the issue's reference.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
cargo bench --quiet --no-run --bench lmtp_load 2>/dev/null   # the LMTP load generator
bin="$PWD/target/release/pwingest"

if [[ "${1:-}" == "--smoke" ]]; then
    shift
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    cargo bench --quiet --bench gen_mbox -- 500 "$tmp/smoke.mbox"
    python3 benches/harness.py --bin "$bin" "$tmp/smoke.mbox" \
        --tail 100 --pipe 20 --lmtp 200 --repeat 1 --workdir "$tmp/work" "$@"
    exit 0
fi

if [[ $# -lt 1 ]]; then
    sed -n '2,14p' "$0"
    exit 64
fi
exec python3 benches/harness.py --bin "$bin" "$@"
