#!/usr/bin/env bash
# `npm start`: set-up, then the whole system in the foreground — sentry, placement, scheduler and the
# three apps of dapr.yaml, each with its daprd. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
export_dapr_secrets
export_bootstrap_admin
log "first administrator: $BOOTSTRAP_ADMIN_EMAIL, password in $RUN_DIR/bootstrap-admin-password (unless BOOTSTRAP_ADMIN_PASSWORD was set)"
exec npx tsx scripts/runtime/launch.ts
