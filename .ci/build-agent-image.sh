#!/usr/bin/env bash
# Builds the Claude Code test image (default ambient-test/claude-code:1) with no image registry: a Debian bookworm
# rootfs made with debootstrap from the mirror apt already uses, git + bash + ca-certificates, a uid/gid 1000 `agent`
# user, and the real Claude Code CLI from the npm registry (its native glibc binary) at /usr/local/bin/claude.
# Idempotent: an existing image is kept. Runs as root, unattended (no stdin needed). About a minute.
#
#   AMBIENT_CLAUDE_IMAGE   image name (default ambient-test/claude-code:1)
#   CLAUDE_CODE_VERSION    npm version of @anthropic-ai/claude-code (default 2.1.197, the version verified here;
#                          the latest release is used, with a warning, when that one is not in the registry)
set -euo pipefail

log() { echo "[agent-image] $*" >&2; }
die() { echo "[agent-image] ERROR: $*" >&2; exit 1; }

IMAGE=${AMBIENT_CLAUDE_IMAGE:-ambient-test/claude-code:1}
VERSION=${CLAUDE_CODE_VERSION:-2.1.197}
SUITE=bookworm
export DEBIAN_FRONTEND=noninteractive

docker info >/dev/null 2>&1 || die "no Docker engine answers: run 'bash .ci/provision-docker.sh' first"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE exists, kept"
  exit 0
fi
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot need it)"
command -v npm >/dev/null 2>&1 || die "npm is not on PATH: install Node.js (>= 18) with npm on this host"
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) die "unsupported architecture $(uname -m): Claude Code ships glibc binaries for x86_64 and aarch64 only" ;;
esac

started=$SECONDS
work=$(mktemp -d /var/tmp/ambient-agent-image.XXXXXX)
rootfs="$work/rootfs"
cleanup() {
  # Never leave /proc mounted inside a directory about to be deleted.
  if mountpoint -q "$rootfs/proc" 2>/dev/null; then umount "$rootfs/proc" || umount -l "$rootfs/proc" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The Debian mirror apt is configured with: deb822 .sources files first, then one-line .list files.
mirror=""
for file in /etc/apt/sources.list.d/*.sources; do
  [ -f "$file" ] || continue
  mirror=$(awk -v suite="$SUITE" '
    BEGIN { RS = ""; FS = "\n" }
    {
      uris = ""; ok = 0; enabled = 1
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
        if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
        if ($i ~ /^Enabled:[ \t]*no/) enabled = 0
      }
      if (ok && enabled && uris != "") { split(uris, u, /[ \t]+/); print u[1]; exit }
    }' "$file")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    mirror=$(awk -v suite="$SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) { print $i; exit } }' "$file")
    [ -n "$mirror" ] && break
  done
fi
[ -n "$mirror" ] || die "no Debian $SUITE mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/"
log "mirror $mirror"

# 2. Claude Code from the npm registry, on the host (the image gets the native binary only, no Node.js).
if [ -z "$(npm view "@anthropic-ai/claude-code@$VERSION" version </dev/null 2>/dev/null)" ]; then
  latest=$(npm view @anthropic-ai/claude-code version </dev/null) || die "the npm registry does not answer for @anthropic-ai/claude-code"
  log "WARNING: @anthropic-ai/claude-code@$VERSION is not in the registry; using the latest, $latest (not verified here)"
  VERSION=$latest
fi
log "npm install @anthropic-ai/claude-code@$VERSION"
# --ignore-scripts: the postinstall only copies the platform binary over bin/claude.exe; we take that binary ourselves.
npm install --prefix "$work/npm" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  "@anthropic-ai/claude-code@$VERSION" </dev/null >&2 || die "npm install @anthropic-ai/claude-code@$VERSION failed"
binary="$work/npm/node_modules/@anthropic-ai/claude-code-$platform/claude"
[ -x "$binary" ] || die "the native binary is not at $binary: npm did not install the optional package @anthropic-ai/claude-code-$platform (was --omit=optional set in the npm config?)"

# 3. The Debian rootfs.
if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -qq </dev/null >/dev/null
  apt-get install -y -qq --no-install-recommends debootstrap </dev/null >/dev/null
fi
log "debootstrap --variant=minbase $SUITE"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" </dev/null >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
log "apt-get install git bash ca-certificates"
chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
  /bin/sh -ec '
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends git bash ca-certificates
    apt-get clean
    rm -rf /var/lib/apt/lists/*
    groupadd -g 1000 agent
    useradd -u 1000 -g 1000 -m -d /home/agent -s /bin/bash agent
  ' </dev/null >"$work/chroot.log" 2>&1 || { tail -30 "$work/chroot.log" >&2; die "installing packages in the rootfs failed"; }
umount "$rootfs/proc"
rm -f "$rootfs/etc/resolv.conf"   # the engine provides its own
rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/var/cache/debconf/"*-old
mkdir -p "$rootfs/workspace" "$rootfs/tmp"
chown 1000:1000 "$rootfs/workspace"
chmod 1777 "$rootfs/tmp"
install -m 0755 "$binary" "$rootfs/usr/local/bin/claude"

# 4. The image, checked before it is declared built.
log "docker import $IMAGE"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV HOME=/home/agent' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'USER 1000:1000' \
  -c 'WORKDIR /workspace' \
  -c "LABEL io.ambient.claude-code.version=$VERSION" \
  - "$IMAGE" >/dev/null
if ! reported=$(docker run --rm --network none "$IMAGE" claude --version </dev/null 2>&1); then
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
  die "the image's claude does not run: $reported"
fi
docker run --rm --network none "$IMAGE" git --version </dev/null >/dev/null \
  || { docker image rm "$IMAGE" >/dev/null 2>&1 || true; die "the image's git does not run"; }
size=$(docker image inspect --format '{{.Size}}' "$IMAGE")
log "built $IMAGE ($reported, $((size / 1000000)) MB) in $((SECONDS - started)) s"
