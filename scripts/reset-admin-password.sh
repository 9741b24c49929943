#!/usr/bin/env bash
# `npm run admin:reset-password`: the operator's recovery of the first administrator while `npm start`
# runs — sets the bootstrap account's password to BOOTSTRAP_ADMIN_PASSWORD (by default the one in
# .run/bootstrap-admin-password), ends its sessions and its login lock. Audited: user.password.changed
# and account.unlocked, performed by the system ("bootstrap-reset").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

tokens="$RUN_DIR/tokens.env"
[[ -s "$tokens" ]] || die "no $tokens: start the platform first (npm start)"
# shellcheck disable=SC1090
source "$tokens"
export_bootstrap_admin
export DAPR_API_TOKEN="$USER_DAPR_API_TOKEN"
DAPR_HTTP_PORT="${USER_DAPR_HTTP##*:}"
export DAPR_HTTP_PORT
log "setting the password of $BOOTSTRAP_ADMIN_EMAIL to BOOTSTRAP_ADMIN_PASSWORD (or the one in $RUN_DIR/bootstrap-admin-password)"
node user/dist/bootstrap-admin.js --reset-password
