#!/usr/bin/env bash
# Provisions GitHub's official OpenAPI description (npm package @octokit/openapi)
# that the io.ambient.scm tests validate every GitHub request against.
# Idempotent: skips the install when the pinned version is already present.
# The tests read $AMBIENT_GITHUB_OPENAPI, default:
#   /opt/ambient-test/npm/node_modules/@octokit/openapi/generated/api.github.com.json
set -euo pipefail

OCTOKIT_OPENAPI_VERSION="${OCTOKIT_OPENAPI_VERSION:-22.0.0}"
PREFIX="${AMBIENT_TEST_NPM_PREFIX:-/opt/ambient-test/npm}"
PKG_DIR="$PREFIX/node_modules/@octokit/openapi"
SPEC="$PKG_DIR/generated/api.github.com.json"

log() { echo "[provision-openapi] $*" >&2; }

if [ -f "$SPEC" ] && [ -f "$PKG_DIR/package.json" ] \
   && grep -q "\"version\": *\"$OCTOKIT_OPENAPI_VERSION\"" "$PKG_DIR/package.json"; then
  log "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION already present: $SPEC"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  log "npm not found: install Node.js (>= 18) first"
  exit 1
fi

mkdir -p "$PREFIX"
log "installing @octokit/openapi@$OCTOKIT_OPENAPI_VERSION into $PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact \
  "@octokit/openapi@$OCTOKIT_OPENAPI_VERSION" >&2

if [ ! -f "$SPEC" ]; then
  log "install finished but $SPEC is missing"
  exit 1
fi
log "spec ready: $SPEC"
