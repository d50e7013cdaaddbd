#!/bin/sh
# `pwingest web` under load (issue 12): requests/s, p50/p90/p99/max latency,
# the server's CPU time per request and the load generator's, for a patch
# detail, a 250-item patch list and a series mbox, 16 clients each.
#
#   benches/web.sh                        # synthetic mbox of 2,000 messages, new SQLite file
#   benches/web.sh bench-data/ltp.mbox    # a real archive, new SQLite file
#   benches/web.sh --db pw.db             # a database as it is (SQLite file, or
#   benches/web.sh --db postgresql://…    #   PostgreSQL: URL or libpq key=value)
#   SECONDS_EACH=30 benches/web.sh …      # longer runs (default 10)
#   AUTOGROUP_NICE=-10 benches/web.sh …   # see below
#   PWINGEST=old/pwingest benches/web.sh … # another build of the server (before/after)
#
# Builds target/release/pwingest and the web_load bench, serves the
# database on a free port, loads it, stops it. With an archive it is first
# ingested into a fresh SQLite file; with --db nothing is written.
#
# The server's CPU time per request (from /proc) does not depend on what
# else the machine runs, unlike requests/s and latency. On a machine shared
# with other sessions, the kernel's autogroup scheduling gives each session
# an equal share whatever the processes' nice values: AUTOGROUP_NICE (root
# only) sets this session's group weight for the run, then restores it.
set -eu
cd "$(dirname "$0")/.."
db=
archive=
while [ $# -gt 0 ]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        *) archive=$1; shift ;;
    esac
done
work=$(mktemp -d)
server=
restore=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    [ -n "$restore" ] && echo "$restore" >/proc/self/autogroup
    rm -rf "$work"
}
trap cleanup EXIT
cargo build --release --quiet
cargo bench --quiet --bench web_load --no-run 2>/dev/null
bin=${PWINGEST:-./target/release/pwingest}
if [ -z "$db" ]; then
    if [ -z "$archive" ]; then
        archive=$work/synthetic.mbox
        cargo bench --quiet --bench gen_mbox -- 2000 "$archive" >/dev/null
    fi
    db=$work/pw.db
    "$bin" --db "$db" --auto-projects --no-documents \
        --format mboxrd "$archive" >/dev/null
fi
# The largest series (for its mbox) and the patch count, in the engine's own shell.
largest="SELECT series_id FROM patchwork_patch WHERE series_id IS NOT NULL \
    GROUP BY series_id ORDER BY COUNT(*) DESC, series_id LIMIT 1"
count="SELECT COUNT(*) FROM patchwork_patch"
case $db in
    postgres://* | postgresql://* | *=*)
        engine=PostgreSQL
        sql() { psql -qAtX -d "$db" -c "$1"; } ;;
    *)
        engine=SQLite
        sql() { sqlite3 "$db" "$1"; } ;;
esac
series=$(sql "$largest" 2>/dev/null || echo 1)
patches=$(sql "$count" 2>/dev/null || echo '?')
if [ -n "${AUTOGROUP_NICE:-}" ] && [ -w /proc/self/autogroup ]; then
    restore=$(sed -n 's/.* nice //p' /proc/self/autogroup)
    echo "$AUTOGROUP_NICE" >/proc/self/autogroup
fi
"$bin" --db "$db" web --listen 127.0.0.1:0 2>"$work/web.log" &
server=$!
# The address line is complete once it ends in a port.
while ! grep -q 'listening on .*:[0-9][0-9]*$' "$work/web.log"; do sleep 0.1; done
addr=$(sed -n 's/.*listening on //p' "$work/web.log")
echo "$engine database: $patches patches; series $series for the mbox"
load=$(ls -t target/release/deps/web_load-* | grep -v '\.d$' | head -n 1)
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
tick=$(getconf CLK_TCK)
for path in /api/patches/1/ "/api/patches/?per_page=250" "/series/$series/mbox/"; do
    before=$(cpu)
    line=$("$load" --addr "$addr" --clients 16 --seconds "${SECONDS_EACH:-10}" "$path")
    after=$(cpu)
    requests=$(echo "$line" | sed 's/^[^:]*: \([0-9]*\) requests.*/\1/')
    awk -v l="$line" -v t="$((after - before))" -v hz="$tick" -v n="$requests" \
        'BEGIN { printf "%s; server CPU %.3f ms/request\n", l, t * 1000 / hz / n }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
