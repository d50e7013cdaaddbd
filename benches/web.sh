#!/bin/sh
# `pwingest web` under load (issue 12): requests/s, p50/p99 latency and the
# server's CPU time per request for a patch detail, a 250-item patch list and
# a series mbox, 16 clients each.
#
#   benches/web.sh                      # synthetic mbox of 2,000 messages
#   benches/web.sh bench-data/ltp.mbox  # a real archive
#
# Builds target/release/pwingest and the web_load bench, ingests the archive
# into a fresh SQLite file, serves it on a free port, loads it, stops it.
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cargo build --release --quiet
archive=${1:-}
if [ -z "$archive" ]; then
    archive=$work/synthetic.mbox
    cargo bench --quiet --bench gen_mbox -- 2000 "$archive" >/dev/null
fi
./target/release/pwingest --db "$work/pw.db" --auto-projects --no-documents \
    --format mboxrd "$archive" >/dev/null
./target/release/pwingest --db "$work/pw.db" web --listen 127.0.0.1:0 2>"$work/web.log" &
server=$!
while ! grep -q listening "$work/web.log"; do sleep 0.1; done
addr=$(sed -n 's/.*listening on //p' "$work/web.log")
series=$(sqlite3 "$work/pw.db" "SELECT series_id FROM patchwork_patch WHERE series_id IS NOT NULL \
    GROUP BY series_id ORDER BY COUNT(*) DESC LIMIT 1" 2>/dev/null || echo 1)
patches=$(sqlite3 "$work/pw.db" "SELECT COUNT(*) FROM patchwork_patch" 2>/dev/null || echo '?')
echo "database: $patches patches; series $series for the mbox"
# The server's CPU time per request (from /proc) does not depend on what
# else the machine runs, unlike requests/s on a shared host.
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
tick=$(getconf CLK_TCK)
for path in /api/patches/1/ "/api/patches/?per_page=250" "/series/$series/mbox/"; do
    before=$(cpu)
    line=$(cargo bench --quiet --bench web_load -- --addr "$addr" --clients 16 \
        --seconds "${SECONDS_EACH:-10}" "$path")
    after=$(cpu)
    requests=$(echo "$line" | sed 's/^[^:]*: \([0-9]*\) requests.*/\1/')
    awk -v l="$line" -v t="$((after - before))" -v hz="$tick" -v n="$requests" \
        'BEGIN { printf "%s; server CPU %.3f ms/request\n", l, t * 1000 / hz / n }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
