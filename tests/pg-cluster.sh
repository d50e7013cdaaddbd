#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (issue 11): initdb in a
# temporary directory, the server listening on a Unix socket there only
# (no TCP port), trust authentication for that socket, and one template
# database `pw_patchwork` loaded from ../shared/patchwork-db/postgresql.sql
# (a database Patchwork 3.2.1's migrations made) that tests clone.
#
#   eval "$(tests/pg-cluster.sh start)"   # starts one; prints the exports:
#                                         #   PWINGEST_TEST_PG="host=DIR user=postgres"
#                                         #   PWINGEST_TEST_PG_DIR=DIR
#   tests/pg-cluster.sh stop [DIR]        # stops it and removes DIR
#                                         # (DIR defaults to $PWINGEST_TEST_PG_DIR)
#
# PostgreSQL refuses to run as root: as root the server runs as the
# `postgres` system user (which Debian's postgresql package makes); as any
# other user, as that user. Binaries from $PG_BIN, else Debian's
# /usr/lib/postgresql/15/bin (installed from Debian's packages when missing
# and running as root). Everything but the final exports goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
dump="$here/../../shared/patchwork-db/postgresql.sql"

# Runs a server program as the cluster's owner, from a directory it can
# enter (the checkout may sit under root's home).
as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start() {
  if [ ! -x "$bin/initdb" ] && [ "$(id -u)" = 0 ]; then
    . "$here/util/apt.sh"
    apt_install postgresql-15 >&2
  fi
  [ -x "$bin/initdb" ] || { echo "pg-cluster: no PostgreSQL in $bin (set PG_BIN)" >&2; exit 1; }
  [ -f "$dump" ] || { echo "pg-cluster: $dump not found" >&2; exit 1; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pwingest-pg.XXXXXX")
  chmod 0755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  # A start that fails half-way leaves no server and no directory behind.
  trap '[ -n "${started:-}" ] || { as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop \
    >/dev/null 2>&1; rm -rf "$dir"; }' EXIT
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  # Throw-away data: no fsync (a crash loses the cluster, never a test's
  # meaning); connections for parallel tests, each process one or two.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=300" \
    >&2 || { cat "$dir/server.log" >&2; exit 1; }
  local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres)
  # The client runs as the caller (trust on the socket): it reads the dump.
  "${psql[@]}" -d postgres -c "CREATE DATABASE pw_patchwork" >&2
  "${psql[@]}" -d pw_patchwork -f "$dump" >/dev/null
  # Analysed now and closed to connections, so no autovacuum worker is
  # inside it when a test clones it (CREATE DATABASE refuses a template
  # another session is connected to).
  "${psql[@]}" -d pw_patchwork -c "VACUUM ANALYZE" >&2
  "${psql[@]}" -d postgres -c "ALTER DATABASE pw_patchwork WITH IS_TEMPLATE true ALLOW_CONNECTIONS false" >&2
  started=1
  echo "pg-cluster: PostgreSQL running in $dir" >&2
  printf 'export PWINGEST_TEST_PG=%q\nexport PWINGEST_TEST_PG_DIR=%q\n' \
    "host=$dir user=postgres" "$dir"
}

stop() {
  local dir=${1:-${PWINGEST_TEST_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-cluster: no cluster at '$dir'" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 64 ;;
esac
