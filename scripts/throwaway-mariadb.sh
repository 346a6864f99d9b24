# Sourced by test.sh and the benchmarks: a throwaway MariaDB 10.11 server on a free loopback port with its
# socket in a private folder. As root the server runs as the mysql user.
#   start_mariadb DIR [PORT] -> exports MARIADB_PORT, MARIADB_SOCKET and SYMPHONY_TEST_MARIADB (an administrator,
#   root@127.0.0.1 with a password, over TCP), and SYMPHONY_TEST_MARIADB_CA: the server offers TLS with a
#   certificate for localhost signed by that throwaway authority (scripts/throwaway-tls.sh)
#   (the redo log is not flushed at each commit and the doublewrite buffer is off, for tests; MARIADB_DURABLE=1
#   keeps the defaults, for benchmark headline figures)
#   stop_mariadb DIR
MARIADB_BIN=${MARIADB_BIN:-/usr/sbin/mariadbd}
. "$(dirname "${BASH_SOURCE[0]}")/throwaway-common.sh"
. "$(dirname "${BASH_SOURCE[0]}")/throwaway-tls.sh"

as_mysql() { as_user mysql "$@"; }

start_mariadb() {
  local dir=$1
  MARIADB_PORT=$(free_port "${2:-53306}")
  MARIADB_SOCKET=$dir/socket/mariadb.sock
  mkdir -p "$dir/socket" "$dir/data"
  [ "$(id -u)" = 0 ] && chown -R mysql "$dir"
  make_test_certificates "$dir/tls" mysql || { echo "could not make the test certificates with openssl" >&2; return 1; }
  as_mysql mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
  local fast="--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-binlog=0 --innodb-flush-method=nosync"
  [ "${MARIADB_DURABLE:-0}" = 1 ] && fast=""
  # Accounts are matched by address, never by a name looked up in DNS; a client over TCP from this machine
  # is '...'@'127.0.0.1' or '...'@'%'.
  as_mysql "$MARIADB_BIN" --no-defaults --datadir="$dir/data" --port="$MARIADB_PORT" --bind-address=127.0.0.1 \
    --socket="$MARIADB_SOCKET" --pid-file="$dir/mariadb.pid" --log-error="$dir/server.log" --skip-name-resolve \
    --max-connections=400 --ssl-ca="$dir/tls/ca.pem" --ssl-cert="$dir/tls/server.pem" --ssl-key="$dir/tls/server.key" \
    $fast >/dev/null 2>&1 &
  local tries=0
  until [ -S "$MARIADB_SOCKET" ] && mariadb --no-defaults --socket="$MARIADB_SOCKET" -uroot -e "SELECT 1" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -gt 120 ] && { cat "$dir/server.log" >&2; return 1; }
    sleep 0.5
  done
  MARIADB_PASSWORD=throwaway-$RANDOM$RANDOM
  mariadb --no-defaults --socket="$MARIADB_SOCKET" -uroot -e "
    CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '$MARIADB_PASSWORD';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" || return 1
  export MARIADB_PORT MARIADB_SOCKET MARIADB_PASSWORD
  export SYMPHONY_TEST_MARIADB_CA=$dir/tls/ca.pem
  export SYMPHONY_TEST_MARIADB="Server=127.0.0.1;Port=$MARIADB_PORT;User ID=root;Password=$MARIADB_PASSWORD"
}

stop_mariadb() {
  local dir=$1
  [ -f "$dir/mariadb.pid" ] && kill -9 "$(cat "$dir/mariadb.pid")" 2>/dev/null
  return 0
}
