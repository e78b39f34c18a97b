#!/usr/bin/env bash
# Provisions what the tests need on a fresh machine: a Docker engine and the
# offline test images. Idempotent: an engine that already answers is used as
# it is (and never stopped), images that exist are kept.
set -euo pipefail

log() { echo "[provision] $*" >&2; }

need_apt_update=1
apt_install() {
  if [ "$need_apt_update" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    need_apt_update=0
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Engine. Any client works against the socket; the daemon comes from Debian.
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    apt_install docker.io
  fi
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd (overlay2, no bridge, no iptables)"
    mkdir -p /var/log
    # No bridge: containers get loopback only unless they ask for the host network.
    nohup dockerd --iptables=false --bridge=none --storage-driver=overlay2 \
      >/var/log/ambient-dockerd.log 2>&1 &
    for _ in $(seq 1 100); do
      docker info >/dev/null 2>&1 && break
      sleep 0.2
    done
    docker info >/dev/null 2>&1 || { log "dockerd did not come up:"; tail -20 /var/log/ambient-dockerd.log >&2; exit 1; }
  fi
fi
log "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

# 2. Test images, made offline.
bash "$(dirname "$0")/build-test-image.sh"
bash "$(dirname "$0")/build-agent-image.sh" claude-code codex gemini
