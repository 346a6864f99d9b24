# Sourced by test.sh and the benchmarks: a throwaway PostgreSQL 15 cluster on a free loopback port with
# its socket in a private folder. As root the server runs as the postgres user.
#   start_postgres DIR    -> exports PG_PORT and SYMPHONY_TEST_POSTGRES
#   (fsync and synchronous commit off, for tests; PG_DURABLE=1 keeps them on, for benchmark headline figures;
#   PG_EXTRA_OPTIONS adds server settings, such as -c shared_preload_libraries=pg_stat_statements)
#   stop_postgres DIR
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
. "$(dirname "${BASH_SOURCE[0]}")/throwaway-common.sh"

as_postgres() { as_user postgres "$@"; }

start_postgres() {
  local dir=$1
  PG_PORT=$(free_port "${2:-55432}")
  mkdir -p "$dir/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  # Members of symphony_password_auth must sign in with a password (the connection tests need a real
  # authentication failure); every other role is trusted on this throwaway cluster.
  { echo "host all +symphony_password_auth 127.0.0.1/32 scram-sha-256"; cat "$dir/data/pg_hba.conf"; } > "$dir/pg_hba.conf" \
    && as_postgres cp "$dir/pg_hba.conf" "$dir/data/pg_hba.conf"
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && fast=""
  PG_OPTIONS="-p $PG_PORT -k $dir/socket -c listen_addresses=127.0.0.1 $fast -c max_connections=400 ${PG_EXTRA_OPTIONS:-}"
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$PG_OPTIONS" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  export PG_PORT PG_OPTIONS
  export SYMPHONY_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Include Error Detail=true"
}

stop_postgres() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
  return 0
}
