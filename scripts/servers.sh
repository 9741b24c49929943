#!/usr/bin/env bash
# Makes sure PostgreSQL answers on loopback (uses it if running, starts it if installed, installs it
# with apt-get if missing — Debian, as root — else stops with a clear message) and that redis-server
# is installed for the platform's event bus. Then creates the local role and one database per app.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done; return 1; }

apt_install() {
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || die "$* not installed; install it (Debian: apt-get install $*) or set PG_HOST (PUBSUB_REDIS_HOST) to a running server"
  log "installing $* with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  port_open "$PG_HOST" "$PG_PORT" && return 0
  if ! command -v pg_ctlcluster >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
  log "starting PostgreSQL"
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [[ -n $version ]] || die "PostgreSQL is installed but has no cluster (pg_createcluster)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
  wait_port "$PG_HOST" "$PG_PORT" || die "PostgreSQL did not start on $PG_HOST:$PG_PORT"
}

# The platform runs its own durable Redis as its event bus (scripts/runtime/event-bus.ts): here only
# its binary is needed. With PUBSUB_REDIS_HOST set, that Redis must answer instead.
ensure_redis() {
  if [[ -n ${PUBSUB_REDIS_HOST:-} ]]; then
    port_open "${PUBSUB_REDIS_HOST%:*}" "${PUBSUB_REDIS_HOST##*:}" || die "no Redis answers on PUBSUB_REDIS_HOST=$PUBSUB_REDIS_HOST"
    return 0
  fi
  command -v redis-server >/dev/null || apt_install redis-server
}

# Runs SQL as a PostgreSQL superuser: through the local socket as the postgres OS user when we are
# root (Debian's default peer auth), else over TCP as postgres.
psql_admin() {
  if [[ $(id -u) == 0 ]] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"
  else
    psql -v ON_ERROR_STOP=1 -qAt -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"
  fi
}

ensure_databases() {
  psql_admin -d postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
        CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD';
      END IF; END \$\$;" >/dev/null
  for app in "${APPS[@]}"; do
    if [[ -z $(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '${app}_db'") ]]; then
      psql_admin -d postgres -c "CREATE DATABASE ${app}_db OWNER $PG_USER" >/dev/null
      log "created database ${app}_db"
    fi
  done
}

ensure_postgres
ensure_redis
ensure_databases
log "PostgreSQL $PG_HOST:$PG_PORT ready; event bus: ${PUBSUB_REDIS_HOST:-a redis-server of the platform, started with the runtime}; databases: ${APPS[*]/%/_db}"
