#!/usr/bin/env bash
# Real postfix delivering to pwingest, over LMTP and through the pipe
# transport. Run as root (CI): installs Debian's postfix when missing, builds
# a throw-away postfix instance in a temporary directory (its own config,
# queue and log; no port 25 listener; the system instance is not touched or
# started), injects mail with sendmail, waits, and checks the records.
#
#   tests/postfix.sh [path/to/pwingest [LMTP_DB PIPE_DB]]
#
# The binary defaults to target/debug/pwingest; the databases, to new SQLite
# files. Two PostgreSQL databases (connection strings without spaces, e.g.
# postgresql:///NAME?host=/SOCKET/DIR&user=postgres) run the same checks on
# PostgreSQL; $PWINGEST_TEST_PG (host=… user=…) then names the cluster's
# administrator connection for check 3.
#
# Checks:
#  1. lmtp: a mail for two LMTP recipients arrives in ONE LMTP transaction
#     (per-recipient replies); one is routed by List-Id, one forced by the
#     recipient's local part (= project link name) for a mail with no List-Id.
#  2. pipe: the same patch through `pipe` (flags=DRhuq) gives the same
#     msgid/hash/name/content/diff as over LMTP (CRLF on the wire vs LF).
#  3. pipe tempfail: with the database unwritable (SQLite: read-only files;
#     PostgreSQL: the database refusing connections) the pipe exits 75,
#     postfix defers (nothing bounced), and after a flush the mail is
#     delivered.
#  4. one delivery is one mail: tests/mail/body-from-lines.eml (unescaped
#     `From ` lines in its body) through the pipe service of
#     samples/postfix/master.cf as written there, through it with the F flag
#     (envelope line), and with F but without `--format mail` (the auto
#     reading) is stored whole (tests/util/stored_whole.py).
# The pipe services are samples/postfix/master.cf's, with this instance's
# binary, database and user (nobody) substituted.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/debug/pwingest}")
LMTP_DB=${2:-}
PIPE_DB=${3:-}
[ -x "$BIN" ] || { echo "postfix.sh: $BIN not built (cargo build)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "postfix.sh: needs root (it installs and runs postfix)" >&2; exit 1; }

if ! command -v postfix >/dev/null || ! command -v sendmail >/dev/null; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
  . tests/util/apt.sh
  apt_install postfix
fi

WORK=$(mktemp -d /tmp/pwingest-postfix.XXXXXX)
chmod 755 "$WORK"
CONF=$WORK/etc
SERVER_PID=
# Installed with "No configuration", postfix has no default main.cf, which
# must exist to list this instance in it.
MAIN_CF_CREATED=
[ -e /etc/postfix/main.cf ] || { touch /etc/postfix/main.cf; MAIN_CF_CREATED=1; }
ALT_BEFORE=$(postconf -h alternate_config_directories 2>/dev/null || true)

cleanup() {
  set +e
  postfix -c "$CONF" stop >/dev/null 2>&1 || postfix -c "$CONF" abort >/dev/null 2>&1
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  postconf -e "alternate_config_directories = $ALT_BEFORE" 2>/dev/null
  [ -z "$MAIN_CF_CREATED" ] || rm -f /etc/postfix/main.cf
  [ -n "${PWINGEST_KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "postfix.sh: FAIL: $*" >&2
  echo "--- maillog" >&2; cat "$WORK/maillog" >&2 2>/dev/null || true
  echo "--- server log" >&2; cat "$WORK/server.log" >&2 2>/dev/null || true
  exit 1
}

# The binary and databases, readable/writable by the pipe's user (nobody).
mkdir -p "$CONF" "$WORK/queue" "$WORK/data" "$WORK/lmtp" "$WORK/pipe"
install -m 755 "$BIN" "$WORK/pwingest"
PW=$WORK/pwingest
LMTP_DB=${LMTP_DB:-$WORK/lmtp/pw.db}
PIPE_DB=${PIPE_DB:-$WORK/pipe/pw.db}
for db in "$LMTP_DB" "$PIPE_DB"; do
  "$PW" --db "$db" project add --link-name pwlist --name "PW list" \
    --list-id pwlist.pwingest.test --list-email pwlist@pwingest.test >/dev/null
done
# The project of tests/mail/body-from-lines.eml.
"$PW" --db "$PIPE_DB" project add --link-name linux-foo --name "Linux Foo" \
  --list-id linux-foo.vger.kernel.org --list-email linux-foo@vger.kernel.org >/dev/null
chown -R nobody:nogroup "$WORK/pipe"
chown postfix "$WORK/data"

# A non-default instance must be listed in the default main.cf.
postconf -e "alternate_config_directories = ${ALT_BEFORE:+$ALT_BEFORE, }$CONF"

cat >"$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $WORK/queue
data_directory = $WORK/data
mail_owner = postfix
setgid_group = postdrop
myhostname = pwingest-test.localdomain
mydomain = localdomain
myorigin = \$myhostname
mydestination =
relayhost =
inet_interfaces = loopback-only
inet_protocols = ipv4
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
maillog_file = $WORK/maillog
maillog_file_prefixes = $WORK
syslog_name = postfix-pwingest-test
transport_maps = texthash:$CONF/transport
default_transport = error:5.1.2 not routed in this test instance
# Retry deferred mail fast in this test.
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
EOF

cat >"$CONF/master.cf" <<EOF
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
lmtp      unix  -       -       n       -       -       lmtp
EOF

# samples/postfix: the pipe service (the `pwingest` entry and its continuation
# lines) and its recipient limit, as SERVICE, with FLAGS added to its flags
# and SED applied to its command line.
sample_pipe() { # service extra-flags sed-expression
  awk '/^pwingest[[:space:]]/ {p = 1; print; next} p && /^[[:space:]]/ {print; next} {p = 0}' \
      samples/postfix/master.cf \
    | sed -e "s|^pwingest |$1 |" -e "s|flags=|flags=$2|" -e "s|user=pwingest|user=nobody|" \
          -e "s|/usr/bin/pwingest|$PW|" -e "s|/var/lib/pwingest/pwingest.db|${PIPE_DB//&/\\&}|" -e "$3"
  grep '^pwingest_destination_recipient_limit' samples/postfix/main.cf \
    | sed "s|^pwingest_|$1_|" >>"$CONF/main.cf"
}
sample_pipe pwingest "" "" >>"$CONF/master.cf"
sample_pipe pwingestf F "" >>"$CONF/master.cf"
sample_pipe pwingestauto F "s| --format mail||" >>"$CONF/master.cf"
grep -qF "user=nobody argv=$PW --db $PIPE_DB ingest --format mail" "$CONF/master.cf" \
  || fail "samples/postfix/master.cf: pipe service not as expected: $(cat "$CONF/master.cf")"
[ "$(grep -c '_destination_recipient_limit = 1' "$CONF/main.cf")" = 3 ] \
  || fail "samples/postfix/main.cf: no pwingest_destination_recipient_limit = 1"

cat >"$CONF/transport" <<EOF
lmtp-list@pwingest.test   lmtp:unix:$WORK/lmtp.sock
pwlist@pwingest.test      lmtp:unix:$WORK/lmtp.sock
pipe-list@pwingest.test   pwingest:
pipe-f-list@pwingest.test pwingestf:
pipe-auto-list@pwingest.test pwingestauto:
EOF

RUST_LOG=info "$PW" --db "$LMTP_DB" serve --listen "unix:$WORK/lmtp.sock" --socket-mode 666 \
  2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do [ -S "$WORK/lmtp.sock" ] && break; sleep 0.1; done
[ -S "$WORK/lmtp.sock" ] || fail "pwingest serve did not start"

postfix -c "$CONF" check 2>&1 | grep -v 'warning' || true
timeout 60 postfix -c "$CONF" start >"$WORK/start.log" 2>&1 || fail "postfix did not start: $(cat "$WORK/start.log")"

patch_mail() { # msgid list-id-header
  cat <<EOF
From: Ann Dev <ann@example.org>
To: pwlist@pwingest.test
Subject: [PATCH] lib: fix $1
Message-Id: <$1@pwingest.test>
$2
Date: Tue, 1 Jul 2003 10:52:37 +0200

Fix things.
.a line starting with a dot

Signed-off-by: Ann Dev <ann@example.org>
---
diff --git a/lib.c b/lib.c
--- a/lib.c
+++ b/lib.c
@@ -1 +1 @@
-old
+new $1
EOF
}

send() { # recipients… < mail
  timeout 30 sendmail -C "$CONF" -f sender@example.org "$@" || fail "sendmail $*"
}

# Waits until the queue is empty (or $1 seconds).
wait_queue() {
  local limit=$1
  for _ in $(seq $((limit * 2))); do
    if postqueue -c "$CONF" -p 2>/dev/null | grep -q 'Mail queue is empty'; then return 0; fi
    sleep 0.5
  done
  return 1
}

msgids() { "$PW" --db "$1" export | python3 -c '
import json, sys
d = json.load(sys.stdin)
for p in d["patches"]:
    print(p["msgid"], p["project"]["link_name"])'
}

patch_mail pf-both "List-Id: PW list <pwlist.pwingest.test>" | send lmtp-list@pwingest.test pipe-list@pwingest.test
patch_mail pf-forced "X-Note: no list header" | send pwlist@pwingest.test lmtp-list@pwingest.test
body_from_lines() { sed "s/body-from-lines@/$1@/" tests/mail/body-from-lines.eml; }
body_from_lines pf-from-sample | send pipe-list@pwingest.test
body_from_lines pf-from-f | send pipe-f-list@pwingest.test
body_from_lines pf-from-auto | send pipe-auto-list@pwingest.test
wait_queue 60 || fail "queue not empty after 60 s"
python3 tests/util/stored_whole.py "$PW" "$PIPE_DB" pf-from-sample pf-from-f pf-from-auto \
  || fail "pipe: a mail with body From lines was not stored whole"

LMTP_IDS=$(msgids "$LMTP_DB")
PIPE_IDS=$(msgids "$PIPE_DB")
echo "$LMTP_IDS" | grep -qx '<pf-both@pwingest.test> pwlist' || fail "lmtp: pf-both missing: $LMTP_IDS"
echo "$LMTP_IDS" | grep -qx '<pf-forced@pwingest.test> pwlist' || fail "lmtp: recipient routing: $LMTP_IDS"
[ "$(echo "$LMTP_IDS" | wc -l)" = 2 ] || fail "lmtp: expected 2 patches: $LMTP_IDS"
echo "$PIPE_IDS" | grep -qx '<pf-both@pwingest.test> pwlist' || fail "pipe: pf-both missing: $PIPE_IDS"
grep -q 'status=sent' "$WORK/maillog" || fail "no status=sent in the mail log"
! grep -Eq 'status=(bounced|deferred)' "$WORK/maillog" || fail "bounced or deferred mail"
# pf-forced went to two LMTP recipients in one transaction: one reply each
# (postfix logs each recipient with the reply it got).
[ "$(grep -E 'to=<(pwlist|lmtp-list)@pwingest.test>.*relay=.*lmtp.*status=sent' "$WORK/maillog" | wc -l)" -ge 3 ] \
  || fail "expected 3 LMTP deliveries with status=sent"

# The same patch over LMTP (CRLF) and through the pipe (LF): same record.
fields() { "$PW" --db "$1" export | python3 -c '
import json, sys
d = json.load(sys.stdin)
p = [p for p in d["patches"] if p["msgid"] == "<pf-both@pwingest.test>"][0]
print(json.dumps([p[k] for k in ("msgid", "name", "hash", "content", "diff", "date")]))'
}
[ "$(fields "$LMTP_DB")" = "$(fields "$PIPE_DB")" ] \
  || fail "LMTP and pipe records differ: $(fields "$LMTP_DB") vs $(fields "$PIPE_DB")"

# Temporary failure through the pipe: exit 75 → deferred, then delivered.
# SQLite: the database files themselves are made read-only (the WAL
# outlives a delivery, so a read-only directory alone would not stop a
# write). PostgreSQL: the database refuses new connections for a while.
pg_admin() { "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -v ON_ERROR_STOP=1 -d "$PWINGEST_TEST_PG dbname=postgres" "$@"; }
if [ -f "$PIPE_DB" ]; then
  chmod 444 "$WORK/pipe"/pw.db*
  chmod 555 "$WORK/pipe"
else
  PIPE_DB_NAME=$("${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -At -d "$PIPE_DB" -c 'SELECT current_database()')
  pg_admin -c "ALTER DATABASE $PIPE_DB_NAME ALLOW_CONNECTIONS false"
fi
patch_mail pf-later "List-Id: <pwlist.pwingest.test>" | send pipe-list@pwingest.test
for _ in $(seq 60); do grep -q 'pf-later\|status=deferred' "$WORK/maillog" && grep -q 'status=deferred' "$WORK/maillog" && break; sleep 0.5; done
grep -q 'status=deferred' "$WORK/maillog" || fail "unwritable database: mail not deferred"
! grep -q 'status=bounced' "$WORK/maillog" || fail "a temporary failure bounced"
if [ -f "$PIPE_DB" ]; then
  chmod 755 "$WORK/pipe"
  chmod 666 "$WORK/pipe"/pw.db*
else
  pg_admin -c "ALTER DATABASE $PIPE_DB_NAME ALLOW_CONNECTIONS true"
fi
postqueue -c "$CONF" -f
wait_queue 60 || fail "deferred mail not delivered after the database came back"
msgids "$PIPE_DB" | grep -qx '<pf-later@pwingest.test> pwlist' || fail "pf-later missing after retry"

echo "postfix.sh: OK on $([ -f "$PIPE_DB" ] && echo SQLite || echo PostgreSQL) (lmtp: per-recipient + link-name routing; pipe: same records; pipe 75 → deferred → delivered; body From lines stored whole through the sample pipe, with F, and in auto mode)"
