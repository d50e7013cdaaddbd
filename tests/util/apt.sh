# Sourced by the MTA test scripts: installs Debian packages when missing
# (CI has the package registries; a stale index is refreshed once).
apt_install() { # package…
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get install -y -q "$@" >/dev/null 2>&1 \
    || { timeout 300 apt-get update -q >/dev/null && timeout 600 apt-get install -y -q "$@" >/dev/null; }
}
