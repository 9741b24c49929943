#!/usr/bin/env bash
# Everything a fresh clone needs before it can start or test: npm packages, the pinned Dapr binaries
# (built once, cached in ~/.dapr/bin), PostgreSQL and Redis with one database per app, and a build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

command -v node >/dev/null || die "Node.js 20 or newer is required"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund
fi
bash scripts/dapr-binaries.sh
bash scripts/servers.sh
log "building"
npx tsc -b
