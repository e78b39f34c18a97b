#!/usr/bin/env bash
# Provisions headless Chromium for the browser tests of the HTML reports
# (ReportPageInBrowserTest). Idempotent: an existing /usr/bin/chromium is kept.
# Runs as root, reads no standard input.
set -euo pipefail

log() { echo "[provision-chromium] $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  log "present: $(/usr/bin/chromium --version 2>/dev/null </dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "must run as root to install Debian's chromium"
  exit 1
fi
log "installing Debian's chromium"
DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium </dev/null >/dev/null
[ -x /usr/bin/chromium ] || { log "chromium did not install to /usr/bin/chromium"; exit 1; }
log "installed: $(/usr/bin/chromium --version 2>/dev/null </dev/null || echo /usr/bin/chromium)"
