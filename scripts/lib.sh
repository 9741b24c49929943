# Shared settings for the project's scripts. Sourced, not run.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DAPR_BIN="${DAPR_INSTALL_DIR:-$HOME/.dapr}/bin"
RUN_DIR="${IDP_RUN_DIR:-$ROOT/.run}"

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
# Local development role; production takes its connection strings from a secret store.
PG_USER="${PG_USER:-idp}"
PG_PASSWORD="${PG_PASSWORD:-idp-local}"
APPS=(auth user customer)

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Statements and lock waits are bounded well inside the ~11 s in which the outbox handler looks for a
# transaction's marker before it drops the internal message as an orphan (components/*-store.yaml).
db_url() { echo "postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$1_db?sslmode=disable&statement_timeout=4000&lock_timeout=2000&idle_in_transaction_session_timeout=5000"; }

# Exports what daprd reads from the local env secret store (components/secretstore.yaml).
export_dapr_secrets() {
  export AUTH_DB_URL USER_DB_URL CUSTOMER_DB_URL PUBSUB_REDIS_HOST OUTBOX_REDIS_HOST REDIS_DB
  AUTH_DB_URL=$(db_url auth)
  USER_DB_URL=$(db_url user)
  CUSTOMER_DB_URL=$(db_url customer)
  # Unset (the default), the launcher, the tests and the benchmarks start the platform's own durable
  # event bus (scripts/runtime/event-bus.ts); set, they use that Redis (OUTBOX_ defaults to PUBSUB_).
  PUBSUB_REDIS_HOST="${PUBSUB_REDIS_HOST:-}"
  OUTBOX_REDIS_HOST="${OUTBOX_REDIS_HOST:-}"
  # Redis database of both pub/subs; the test and bench harnesses use their own (scripts/runtime/redis-db.ts).
  REDIS_DB="${REDIS_DB:-0}"
}

# The first administrator of a local run: admin@identity.local (or BOOTSTRAP_ADMIN_EMAIL) with a
# password generated once and kept in .run/ (not committed); the user app creates the account once.
export_bootstrap_admin() {
  export BOOTSTRAP_ADMIN_EMAIL="${BOOTSTRAP_ADMIN_EMAIL:-admin@identity.local}"
  if [[ -z "${BOOTSTRAP_ADMIN_PASSWORD:-}" ]]; then
    local file="$RUN_DIR/bootstrap-admin-password"
    mkdir -p "$RUN_DIR"
    if [[ ! -s "$file" ]]; then
      (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('base64url'))" >"$file")
    fi
    BOOTSTRAP_ADMIN_PASSWORD=$(cat "$file")
    export BOOTSTRAP_ADMIN_PASSWORD
  fi
}
