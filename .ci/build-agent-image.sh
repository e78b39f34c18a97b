#!/usr/bin/env bash
# Builds the agent CLI test images with no image registry: a Debian bookworm rootfs made with debootstrap from the
# mirror apt already uses, git + bash + ca-certificates, a uid/gid 1000 `agent` user, and the real CLI from the npm
# registry. One debootstrap serves every image built in one call.
#
#   bash .ci/build-agent-image.sh [AGENT...]     AGENT: claude-code (the default), codex, gemini
#
#   claude-code  ambient-test/claude-code:1  @anthropic-ai/claude-code, its native glibc binary at /usr/local/bin/claude
#   codex        ambient-test/codex:1        @openai/codex, its native (static musl) binary and the helpers shipped
#                                            beside it in /opt/codex, /usr/local/bin/codex linked to it
#   gemini       ambient-test/gemini:1       @google/gemini-cli (a Node.js bundle) in /opt/gemini-cli, run by the
#                                            host's own `node` copied to /usr/local/bin/node (Node >= 20 is needed and
#                                            bookworm's nodejs is 18; the host's binary needs only glibc, libstdc++
#                                            and libgcc, which the rootfs has)
#
# Idempotent: an existing image is kept. Runs as root, unattended (no stdin needed). About a minute per image.
#
#   AMBIENT_CLAUDE_IMAGE, AMBIENT_CODEX_IMAGE, AMBIENT_GEMINI_IMAGE    image names
#   CLAUDE_CODE_VERSION (default 2.1.197), CODEX_VERSION (0.169.0), GEMINI_CLI_VERSION (0.61.0)
#       npm versions, the ones the adapters were verified with; the latest release is used, with a warning, when the
#       pinned one is not in the registry
set -euo pipefail

log() { echo "[agent-image] $*" >&2; }
die() { echo "[agent-image] ERROR: $*" >&2; exit 1; }

SUITE=bookworm
export DEBIAN_FRONTEND=noninteractive
[ $# -gt 0 ] || set -- claude-code

# Per agent: image, npm package, version, the command the image must answer `--version` with.
describe() {
  case "$1" in
    claude-code) image=${AMBIENT_CLAUDE_IMAGE:-ambient-test/claude-code:1}; package=@anthropic-ai/claude-code
                 version=${CLAUDE_CODE_VERSION:-2.1.197}; command=claude ;;
    codex)       image=${AMBIENT_CODEX_IMAGE:-ambient-test/codex:1}; package=@openai/codex
                 version=${CODEX_VERSION:-0.169.0}; command=codex ;;
    gemini)      image=${AMBIENT_GEMINI_IMAGE:-ambient-test/gemini:1}; package=@google/gemini-cli
                 version=${GEMINI_CLI_VERSION:-0.61.0}; command=gemini ;;
    *) echo "[agent-image] ERROR: unknown agent '$1': choose claude-code, codex or gemini" >&2; exit 2 ;;
  esac
}

docker info >/dev/null 2>&1 || die "no Docker engine answers: run 'bash .ci/provision-docker.sh' first"
missing=()
for agent in "$@"; do
  describe "$agent"
  if docker image inspect "$image" >/dev/null 2>&1; then
    log "$image exists, kept"
  else
    missing+=("$agent")
  fi
done
[ ${#missing[@]} -gt 0 ] || exit 0
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap and chroot need it)"
command -v npm >/dev/null 2>&1 || die "npm is not on PATH: install Node.js (>= 20) with npm on this host"
case "$(uname -m)" in
  x86_64) platform=linux-x64; triple=x86_64-unknown-linux-musl ;;
  aarch64) platform=linux-arm64; triple=aarch64-unknown-linux-musl ;;
  *) die "unsupported architecture $(uname -m): the CLIs ship native binaries for x86_64 and aarch64 only" ;;
esac

work=$(mktemp -d /var/tmp/ambient-agent-image.XXXXXX)
base="$work/base"
rootfs="$work/rootfs"
cleanup() {
  # Never leave /proc mounted inside a directory about to be deleted.
  if mountpoint -q "$base/proc" 2>/dev/null; then umount "$base/proc" || umount -l "$base/proc" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The CLI from the npm registry, on the host, into $work/npm-AGENT; sets $version to what was installed.
npm_install() {
  local agent=$1
  if [ -z "$(npm view "$package@$version" version </dev/null 2>/dev/null)" ]; then
    local latest
    latest=$(npm view "$package" version </dev/null) || die "the npm registry does not answer for $package"
    log "WARNING: $package@$version is not in the registry; using the latest, $latest (not verified here)"
    version=$latest
  fi
  log "npm install $package@$version"
  # --ignore-scripts: the install scripts only place or build what is copied (or not needed) here.
  npm install --prefix "$work/npm-$agent" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    "$package@$version" </dev/null >&2 || die "npm install $package@$version failed"
}

# Puts the installed CLI of $agent into $rootfs (the image's filesystem).
install_cli() {
  local agent=$1 modules="$work/npm-$1/node_modules"
  local optional="(was --omit=optional set in the npm config?)"
  case "$agent" in
    claude-code)
      local binary="$modules/@anthropic-ai/claude-code-$platform/claude"
      [ -x "$binary" ] || die "the native binary is not at $binary: npm did not install @anthropic-ai/claude-code-$platform $optional"
      install -m 0755 "$binary" "$rootfs/usr/local/bin/claude" ;;
    codex)
      # The binary finds its helpers (rg, bwrap, the code-mode host) beside itself, as npm lays them out.
      local vendor="$modules/@openai/codex-$platform/vendor/$triple"
      [ -x "$vendor/bin/codex" ] || die "the native binary is not at $vendor/bin/codex: npm did not install @openai/codex-$platform $optional"
      cp -a "$vendor" "$rootfs/opt/codex"
      ln -s /opt/codex/bin/codex "$rootfs/usr/local/bin/codex" ;;
    gemini)
      local node major
      node=$(command -v node) || die "node is not on PATH: the Gemini image takes the host's Node.js (>= 20)"
      major=$("$node" -p 'process.versions.node.split(".")[0]')
      [ "$major" -ge 20 ] || die "the host's Node.js is $("$node" --version); @google/gemini-cli needs >= 20"
      install -m 0755 "$(readlink -f "$node")" "$rootfs/usr/local/bin/node"
      cp -a "$modules" "$rootfs/opt/gemini-cli"
      ln -s /opt/gemini-cli/@google/gemini-cli/bundle/gemini.js "$rootfs/usr/local/bin/gemini" ;;
  esac
}

declare -A installed
for agent in "${missing[@]}"; do
  describe "$agent"
  npm_install "$agent"
  installed[$agent]=$version
done

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

# 2. The Debian rootfs, once for all images.
if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -qq </dev/null >/dev/null
  apt-get install -y -qq --no-install-recommends debootstrap </dev/null >/dev/null
fi
log "debootstrap --variant=minbase $SUITE"
debootstrap --variant=minbase "$SUITE" "$base" "$mirror" </dev/null >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
cp /etc/resolv.conf "$base/etc/resolv.conf"
mount -t proc proc "$base/proc"
log "apt-get install git bash ca-certificates"
chroot "$base" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
  /bin/sh -ec '
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends git bash ca-certificates
    apt-get clean
    rm -rf /var/lib/apt/lists/*
    groupadd -g 1000 agent
    useradd -u 1000 -g 1000 -m -d /home/agent -s /bin/bash agent
  ' </dev/null >"$work/chroot.log" 2>&1 || { tail -30 "$work/chroot.log" >&2; die "installing packages in the rootfs failed"; }
umount "$base/proc"
rm -f "$base/etc/resolv.conf"   # the engine provides its own
rm -rf "$base/usr/share/doc" "$base/usr/share/man" "$base/usr/share/info" "$base/var/cache/debconf/"*-old
mkdir -p "$base/workspace" "$base/tmp" "$base/opt"
chown 1000:1000 "$base/workspace"
chmod 1777 "$base/tmp"

# 3. One image per agent, each checked before it is declared built.
for agent in "${missing[@]}"; do
  describe "$agent"
  started=$SECONDS
  version=${installed[$agent]}
  rm -rf "$rootfs"
  cp -a "$base" "$rootfs"
  install_cli "$agent"
  log "docker import $image"
  tar --numeric-owner -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    -c 'ENV HOME=/home/agent' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'USER 1000:1000' \
    -c 'WORKDIR /workspace' \
    -c "LABEL io.ambient.$agent.version=$version" \
    - "$image" >/dev/null
  if ! reported=$(docker run --rm --network none "$image" "$command" --version </dev/null 2>&1); then
    docker image rm "$image" >/dev/null 2>&1 || true
    die "the image's $command does not run: $reported"
  fi
  docker run --rm --network none "$image" git --version </dev/null >/dev/null \
    || { docker image rm "$image" >/dev/null 2>&1 || true; die "the image's git does not run"; }
  size=$(docker image inspect --format '{{.Size}}' "$image")
  log "built $image ($reported, $((size / 1000000)) MB) in $((SECONDS - started)) s"
done
