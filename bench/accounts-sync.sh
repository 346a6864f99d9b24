#!/usr/bin/env bash
# Accounts sync benchmark: a Release build of Symphony (its store on a throwaway PostgreSQL 15 cluster) syncs the
# accounts of that same cluster after it has been given ROLES roles (default 10,000) and GRANTS table grants
# (default 100,000: 100 tables, each granted SELECT to GRANTS/100 roles). Reports, beside the baseline:
#   full sync        run created to run finished, the ledger empty
#   unchanged resync the same again, nothing changed
#   baseline         psql running the collector's catalog queries (bench/accounts-sync*.sql) to /dev/null, one
#                    connection per database as the collector makes; the fastest of three runs
# A warm-up sync of another instance comes first, while the cluster has only its own roles (no JIT in the figures).
# Usage: bench/accounts-sync.sh [roles] [grants]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROLES=${1:-10000}
GRANTS=${2:-100000}
. "$ROOT/bench/lib.sh" accounts-sync

build_release
start_postgres "$RUN/pg" 55800
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" -c "CREATE DATABASE symphony" -c "CREATE DATABASE target"
start_node server symphony
sign_in "$URL_server"
W="$URL_server/api/v1/workspaces/default"
VAULT=$(api "$W/vaults" -d '{"name":"bench"}' | jq -r .id)
CRED=$(api "$W/vaults/$VAULT/credentials" -d '{"name":"postgres","username":"postgres","secret":"trusted"}' | jq -r .id)

# Warm-up: one sync of the cluster while it has only its own roles, so the figures are of a running server and
# not of its first JIT compilation. It is another instance, so the measured ledger starts empty.
WARMUP=$(api "$W/instances" -d "{\"name\":\"warmup\",\"db_type\":\"postgresql\",\"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"credential_id\":\"$CRED\"}" | jq -r .id)
accounts_sync "$W" "$WARMUP" >/dev/null

echo "creating $ROLES roles and $GRANTS grants" >&2
"${PSQL[@]}" -d target <<SQL >/dev/null
SELECT format('CREATE ROLE bench_r%s LOGIN', g) FROM generate_series(1, $ROLES) g \gexec
CREATE SCHEMA app;
SELECT format('CREATE TABLE app.t%s (id int)', t) FROM generate_series(1, 100) t \gexec
SELECT format('GRANT SELECT ON app.t%s TO %s', t,
  (SELECT string_agg('bench_r' || (((t * 7919 + k) % $ROLES) + 1), ', ') FROM generate_series(1, $GRANTS / 100) k))
FROM generate_series(1, 100) t \gexec
SQL

# The baseline: the collector's queries, run by psql against the same cluster (one database per \connect); the
# fastest of three runs, so the baseline has warm caches and the ratio errs against Symphony.
BASELINE=""
for _ in 1 2 3; do
  BASELINE_START=$(date +%s.%N)
  "${PSQL[@]}" -d postgres -f "$ROOT/bench/accounts-sync.sql" >/dev/null
  for database in postgres symphony target; do
    "${PSQL[@]}" -d "$database" -f "$ROOT/bench/accounts-sync-database.sql" >/dev/null
  done
  took=$(echo "$(date +%s.%N) - $BASELINE_START" | bc)
  if [ -z "$BASELINE" ] || [ "$(echo "$took < $BASELINE" | bc)" = 1 ]; then BASELINE=$took; fi
  echo "baseline run: $took s" >&2
done

INSTANCE=$(api "$W/instances" -d "{\"name\":\"bench\",\"db_type\":\"postgresql\",\"host\":\"127.0.0.1\",\"port\":$PG_PORT,\"credential_id\":\"$CRED\"}" | jq -r .id)
FULL=$(accounts_sync "$W" "$INSTANCE")
AGAIN=$(accounts_sync "$W" "$INSTANCE")
echo "Accounts sync, $(nproc) cores, $ROLES roles, $GRANTS grants, $(date -u +%Y-%m-%dT%H:%MZ)"
printf 'baseline (psql, the catalog queries)  %6.2f s\n' "$BASELINE"
printf 'full sync                              %6.2f s   %5.1fx the baseline\n' "$FULL" "$(echo "$FULL / $BASELINE" | bc -l)"
printf 'unchanged resync                       %6.2f s   %5.1fx the baseline\n' "$AGAIN" "$(echo "$AGAIN / $BASELINE" | bc -l)"
