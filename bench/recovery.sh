#!/usr/bin/env bash
# Recovery benchmark: two Symphony nodes (Release) on one durable PostgreSQL 15 (fsync and synchronous commit on),
# an echo automation of N items (default 4,000) each sleeping 50 to 200 ms, max_concurrency 16. Scenarios, each on
# fresh nodes and a fresh database:
#   undisturbed   the baseline
#   kill -9       node B killed 5 s into the run
#   SIGTERM       node B stopped 5 s into the run
#   outage 20 s   the store stopped (immediate) 5 s into the run and started again 20 s later
# Prints per scenario: total run time and its ratio to the undisturbed run, the time from the end of the
# disturbance (the kill, the stop, the store's return) until completions keep to 80 % of the undisturbed rate,
# items started more than once, and items stuck (held 10 s or more by a claim that ended over 10 s after the
# disturbance was over).
# Usage: bench/recovery.sh [items, default 4000] [folder of a built server to measure instead of this tree]
#   LEASE=00:00:10 bench/recovery.sh   measures with another lease.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ITEMS=${1:-4000}
APP=${2:-}
LEASE=${LEASE:-00:00:30}
. "$ROOT/bench/lib.sh" recovery
build_release "$APP"
PG_DURABLE=1 start_postgres "$RUN/pg" 55800
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

define() { # url -> RUNS (the runs URL of a new automation with ITEMS items)
  local id batch left=$ITEMS
  id=$(api "$1/api/v1/workspaces/default/automations" -d '{"name":"recovery","handler_kind":"echo","max_concurrency":16,"max_attempts":5,"retry_delay_seconds":0}' | jq -r .id)
  batch=$(api "$1/api/v1/workspaces/default/automations/$id/batches" -d '{"name":"b"}' | jq -r .id)
  while [ "$left" -gt 0 ]; do
    local n=$(( left < 1000 ? left : 1000 ))
    jq -cn --argjson n "$n" '{items: [range($n) | {payload: {sleep_ms: (50 + (. * 37) % 151)}}]}' \
      | api "$1/api/v1/workspaces/default/automations/$id/batches/$batch/items/actions/bulk-create" -d @- >/dev/null
    left=$(( left - n ))
  done
  RUNS="$1/api/v1/workspaces/default/automations/$id/runs"
}

wait_run() { # url run-id
  for _ in $(seq 1 1200); do
    local status; status=$(api "$1/api/v1/workspaces/default/runs/$2" | jq -r '.status // "unknown"' 2>/dev/null || echo unknown)
    [ "$status" = completed ] || [ "$status" = failed ] && { echo "$status"; return; }
    sleep 0.5
  done
  echo timeout
}

now_ms() { date +%s%3N; }

scenario() { # name
  local db="r_$1" disturbed_ms=""
  psql -c "CREATE DATABASE $db"
  start_node a "$db" Symphony__Worker__Lease="$LEASE"; start_node b "$db" Symphony__Worker__Lease="$LEASE"
  local a=$URL_a b=$URL_b
  sign_in "$a"; define "$a"
  local run; run=$(api -X POST "$RUNS" | jq -r .id)
  local started; started=$(now_ms)
  case $1 in
    kill) sleep 5; kill -9 "${PIDS[1]}"; disturbed_ms=$(now_ms) ;;
    sigterm) sleep 5; kill -TERM "${PIDS[1]}"; disturbed_ms=$(now_ms) ;;
    outage) sleep 5; as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg/data" -m immediate stop >/dev/null; sleep 20
            as_postgres "$PG_BIN/pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/server.log" -w -t 60 -o "$PG_OPTIONS" start >/dev/null
            disturbed_ms=$(now_ms) ;;
  esac
  local status; status=$(wait_run "$a" "$run")
  local total_ms=$(( $(now_ms) - started ))
  # Claims beyond one per item; items held 10 s or more by a claim that ended more than 10 s after the disturbance
  # was over (kept from the work by something other than the disturbance itself).
  local repeated stuck end_ms=${disturbed_ms:-$started}
  repeated=$(psql -d "$db" -c "SELECT COUNT(*) - COUNT(DISTINCT item_execution_id) FROM item_state_history WHERE run_id = '$run' AND to_status = 'processing'")
  stuck=$(psql -d "$db" -c "SELECT COUNT(DISTINCT item_execution_id) FROM (SELECT item_execution_id, to_status, occurred_at,
      LEAD(occurred_at) OVER (PARTITION BY item_execution_id ORDER BY occurred_at, id) AS next FROM item_state_history WHERE run_id = '$run') h
      WHERE to_status = 'processing' AND next - occurred_at > interval '10 seconds' AND next > to_timestamp($end_ms / 1000.0 + 10)")
  # Seconds from the end of the disturbance to the end of the last second below 80 % of the undisturbed completion
  # rate (the run's last 3 s, where it drains, left out).
  local recover="-"
  if [ -n "$disturbed_ms" ]; then
    recover=$(psql -d "$db" -c "WITH c AS (SELECT date_trunc('second', occurred_at) AS s, COUNT(*) AS n FROM item_state_history
        WHERE run_id = '$run' AND to_status = 'completed' GROUP BY 1),
      seconds AS (SELECT g AS s, COALESCE(c.n, 0) AS n FROM generate_series(to_timestamp(floor($disturbed_ms / 1000.0)),
        (SELECT MAX(s) FROM c) - interval '3 seconds', interval '1 second') g LEFT JOIN c ON c.s = g)
      SELECT COALESCE(MAX(EXTRACT(EPOCH FROM s)) + 1 - $disturbed_ms / 1000.0, 0) FROM seconds WHERE n < 0.8 * ${BASE_RATE:-0}" \
      | awk '{ printf "%.1f s", ($1 < 0 ? 0 : $1) }')
  fi
  [ "$1" = undisturbed ] && BASE_RATE=$(awk -v n="$ITEMS" -v ms="$total_ms" 'BEGIN { printf "%.1f", n / (ms / 1000) }') && BASE_MS=$total_ms
  printf '| %s | %s | %.1f s | %.2fx | %s | %s | %s |\n' "$1" "$status" "$(awk -v ms="$total_ms" 'BEGIN { print ms / 1000 }')" \
    "$(awk -v ms="$total_ms" -v b="$BASE_MS" 'BEGIN { print ms / b }')" "$recover" "$repeated" "$stuck"
  stop_nodes
}

echo "| scenario | run | total | vs undisturbed | below 80 % speed for | items started again | items stuck |"
echo "|---|---|---|---|---|---|---|"
for s in undisturbed kill sigterm outage; do scenario "$s"; done
echo "($ITEMS items of 50-200 ms, max_concurrency 16, two nodes, lease $LEASE, durable PostgreSQL; undisturbed rate $BASE_RATE items/s)"
