#!/usr/bin/env bash
# Accounts sync of a MariaDB target: a Release build of Symphony (its store on a durable throwaway PostgreSQL 15
# cluster) syncs the accounts of a durable throwaway MariaDB 10.11 server after it has been given ACCOUNTS accounts
# (default 10,000) and GRANTS table grants (default 100,000: 100 tables, each granted SELECT to GRANTS/100
# accounts). Reports, beside the baseline:
#   full sync        run created to run finished, the ledger empty
#   unchanged resync the same again, nothing changed
#   baseline         the mariadb client running the collector's queries (bench/accounts-sync-mariadb.sql) to
#                    /dev/null; the fastest of three runs
# A warm-up sync of another instance comes first, while the server has only its own accounts.
# Usage: bench/accounts-sync-mariadb.sh [accounts] [grants]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ACCOUNTS=${1:-10000}
GRANTS=${2:-100000}
. "$ROOT/bench/lib.sh" accounts-mariadb
. "$ROOT/scripts/throwaway-mariadb.sh"
[ -x "$MARIADB_BIN" ] || fail "MariaDB is needed: apt-get install mariadb-server mariadb-client"
trap 'stop_mariadb "$RUN/mariadb"; cleanup' EXIT

build_release
PG_DURABLE=1 start_postgres "$RUN/pg" 55900
MARIADB_DURABLE=1 start_mariadb "$RUN/mariadb" 53900
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE symphony"
MARIADB=(mariadb --no-defaults -h 127.0.0.1 -P "$MARIADB_PORT" -uroot "-p$MARIADB_PASSWORD")
start_node server symphony
sign_in "$URL_server"
W="$URL_server/api/v1/workspaces/default"
VAULT=$(api "$W/vaults" -d '{"name":"bench"}' | jq -r .id)
CRED=$(api "$W/vaults/$VAULT/credentials" -d "{\"name\":\"root\",\"username\":\"root\",\"secret\":\"$MARIADB_PASSWORD\"}" | jq -r .id)

instance() { api "$W/instances" -d "{\"name\":\"$1\",\"db_type\":\"mysql\",\"host\":\"127.0.0.1\",\"port\":$MARIADB_PORT,\"credential_id\":\"$CRED\"}" | jq -r .id; }
accounts_sync "$W" "$(instance warmup)" >/dev/null

# Accounts and grants written straight into the grant tables (CREATE USER and GRANT one by one would take minutes
# and give the same rows), then loaded by FLUSH PRIVILEGES.
echo "creating $ACCOUNTS accounts and $GRANTS grants" >&2
PER_TABLE=$((GRANTS / 100))
"${MARIADB[@]}" <<SQL
CREATE DATABASE bench;
USE bench;
$(for t in $(seq 1 100); do echo "CREATE TABLE t$t (id INT PRIMARY KEY);"; done)
INSERT INTO mysql.global_priv (Host, User, Priv)
SELECT '%', CONCAT('bench_u', seq), JSON_OBJECT('access', 0, 'plugin', 'mysql_native_password', 'authentication_string', '',
  'password_last_changed', UNIX_TIMESTAMP()) FROM seq_1_to_$ACCOUNTS;
INSERT IGNORE INTO mysql.tables_priv (Host, Db, User, Table_name, Grantor, Table_priv, Column_priv)
SELECT '%', 'bench', CONCAT('bench_u', ((t.seq * 7919 + k.seq) % $ACCOUNTS) + 1), CONCAT('t', t.seq), 'root@localhost', 'Select', ''
FROM seq_1_to_100 t CROSS JOIN seq_1_to_$PER_TABLE k;
FLUSH PRIVILEGES;
SQL
echo "$("${MARIADB[@]}" -N -e "SELECT COUNT(*) FROM mysql.global_priv") accounts, $("${MARIADB[@]}" -N -e "SELECT COUNT(*) FROM mysql.tables_priv") table grants" >&2

BASELINE=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "${MARIADB[@]}" < "$ROOT/bench/accounts-sync-mariadb.sql" >/dev/null
  took=$(echo "$(date +%s.%N) - $start" | bc)
  if [ -z "$BASELINE" ] || [ "$(echo "$took < $BASELINE" | bc)" = 1 ]; then BASELINE=$took; fi
  echo "baseline run: $took s" >&2
done

INSTANCE=$(instance bench)
FULL=$(accounts_sync "$W" "$INSTANCE")
AGAIN=$(accounts_sync "$W" "$INSTANCE")
echo "Accounts sync of MariaDB $("$MARIADB_BIN" --version | awk '{print $3}'), $(nproc) cores, $ACCOUNTS accounts, $GRANTS grants, durable stores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf 'baseline (mariadb, the grant tables)   %6.2f s\n' "$BASELINE"
printf 'full sync                              %6.2f s   %5.1fx the baseline\n' "$FULL" "$(echo "$FULL / $BASELINE" | bc -l)"
printf 'unchanged resync                       %6.2f s   %5.1fx the baseline\n' "$AGAIN" "$(echo "$AGAIN / $BASELINE" | bc -l)"
