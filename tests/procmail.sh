#!/usr/bin/env bash
# procmail delivering to pwingest with the recipe of samples/procmail/procmailrc
# as written there (only the binary's path is this build's). Installs Debian's
# procmail when missing (needs root then).
#
#   tests/procmail.sh [path/to/pwingest]     (default: target/debug/pwingest)
#
# Checks: tests/mail/body-from-lines.eml (unescaped `From ` lines in its body,
# one of them git's `From <sha> Mon Sep 17 00:00:00 2001` before a pasted
# patch's headers), handed to procmail with the `From ` envelope line an MTA
# writes and without one (and, with the envelope, through the recipe without
# `--format mail`: the auto reading), is stored whole: one patch each, nothing else
# (tests/util/stored_whole.py).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/debug/pwingest}")
[ -x "$BIN" ] || { echo "procmail.sh: $BIN not built (cargo build)" >&2; exit 1; }
if ! command -v procmail >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "procmail.sh: procmail missing (run as root to install it)" >&2; exit 1; }
  . tests/util/apt.sh
  apt_install procmail
fi

WORK=$(mktemp -d /tmp/pwingest-procmail.XXXXXX)
trap '[ -n "${PWINGEST_KEEP:-}" ] || rm -rf "$WORK"' EXIT
fail() {
  echo "procmail.sh: FAIL: $*" >&2
  echo "--- procmail log" >&2; cat "$WORK/procmail.log" >&2 2>/dev/null || true
  exit 1
}

RC=$WORK/procmailrc
sed "s|/usr/bin/pwingest|$BIN|" samples/procmail/procmailrc >"$RC"
grep -q "| $BIN " "$RC" || fail "samples/procmail/procmailrc no longer pipes to /usr/bin/pwingest"
# The recipe as installed before `--format mail` existed: the auto reading.
RC_AUTO=$WORK/procmailrc-auto
sed "s| --format mail||" "$RC" >"$RC_AUTO"
"$BIN" --db "$WORK/pwingest.db" project add --link-name linux-foo --name "Linux Foo" \
  --list-id linux-foo.vger.kernel.org --list-email linux-foo@vger.kernel.org >/dev/null

# The recipe's database is $HOME/pwingest.db: HOME is this test's directory.
deliver() { # tag envelope-line-or-empty [rcfile]
  local mail
  mail=$(sed "s/body-from-lines@/$1@/" tests/mail/body-from-lines.eml)
  { [ -z "$2" ] || echo "$2"; echo "$mail"; } \
    | procmail -m HOME="$WORK" LOGFILE="$WORK/procmail.log" VERBOSE=on "${3:-$RC}" >"$WORK/$1.out" \
    || fail "procmail exited $? for $1"
  # Mail that no recipe delivered comes back on stdout.
  [ ! -s "$WORK/$1.out" ] || fail "$1: the recipe did not deliver: $(head -3 "$WORK/$1.out")"
}

deliver pm-envelope "From ann@example.org  $(LC_ALL=C date -u '+%a %b %e %T %Y')"
deliver pm-bare ""
deliver pm-auto "From ann@example.org  $(LC_ALL=C date -u '+%a %b %e %T %Y')" "$RC_AUTO"
python3 tests/util/stored_whole.py "$BIN" "$WORK/pwingest.db" pm-envelope pm-bare pm-auto \
  || fail "not stored whole"

echo "procmail.sh: OK (samples/procmail/procmailrc: body From lines stored whole, with and without envelope, and in auto mode)"
