#!/usr/bin/env bash
# Builds the busybox test image from the host's busybox-static (no registry is needed).
# Idempotent: an existing image is kept.
set -euo pipefail

log() { echo "[test-image] $*" >&2; }

BUSYBOX_IMAGE=${AMBIENT_TEST_IMAGE:-ambient-test/busybox:1}
if ! docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
  [ -x /bin/busybox ] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/workspace" "$rootfs/home/agent"
  chmod 1777 "$rootfs/tmp"
  chown 1000:1000 "$rootfs/home/agent"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nagent:x:1000:1000:agent:/home/agent:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nagent:x:1000:\n' >"$rootfs/etc/group"
  tar --numeric-owner -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'ENV HOME=/home/agent' - "$BUSYBOX_IMAGE" >/dev/null
  log "built $BUSYBOX_IMAGE"
fi
