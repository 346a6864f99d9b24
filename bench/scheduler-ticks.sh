#!/usr/bin/env bash
# Scheduler benchmark: two Symphony nodes (Release) on one durable PostgreSQL 15 (fsync and synchronous commit on),
# a job firing every second (a noop automation of one item) for N ticks (default 100), with production settings
# (check-in every 5 s, misfire threshold 1 min). Scenarios, each on fresh nodes and a fresh database:
#   undisturbed   the baseline
#   kill -9       the node that fired the latest tick killed at tick N/2
# Prints per scenario: ticks recorded, distinct due times, gaps in the one-second grid, runs started, skipped
# firings, runs of the job beyond its firings (double starts), and how late firings were (fired - due: median,
# 99th percentile, worst), with the worst lateness as a ratio to the undisturbed run's.
# Usage: bench/scheduler-ticks.sh [ticks, default 100] [folder of a built server to measure instead of this tree]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TICKS=${1:-100}
APP=${2:-}
. "$ROOT/bench/lib.sh" ticks
build_release "$APP"
PG_DURABLE=1 start_postgres "$RUN/pg" 55900
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

firings() { psql -d "$1" -c "SELECT COUNT(*) FROM scheduler_firings WHERE job_id = 'tick'"; }

scenario() { # name
  local db="ticks_${1//[^a-z]/}" killed=""
  psql -c "CREATE DATABASE $db"
  start_node a "$db"; start_node b "$db"
  sign_in "$URL_a"
  local automation batch
  automation=$(api "$URL_a/api/v1/workspaces/default/automations" -d '{"name":"tick","handler_kind":"noop","max_attempts":1}' | jq -r .id)
  batch=$(api "$URL_a/api/v1/workspaces/default/automations/$automation/batches" -d '{"name":"b"}' | jq -r .id)
  api "$URL_a/api/v1/workspaces/default/automations/$automation/batches/$batch/items" -d '{"payload":{}}' >/dev/null
  api "$URL_a/api/v1/workspaces/default/scheduler/jobs" \
    -d "{\"id\":\"tick\",\"name\":\"Every second\",\"automation\":\"$automation\",\"schedule\":{\"interval_seconds\":1}}" | jq -e .id >/dev/null
  local url=$URL_a
  if [ "$1" = "kill -9" ]; then
    while [ "$(firings "$db")" -lt $((TICKS / 2)) ]; do sleep 0.2; done
    # Nodes name themselves host:pid:random; the one that fired the latest tick dies.
    local pid; pid=$(psql -d "$db" -c "SELECT split_part(node, ':', 2) FROM scheduler_firings WHERE job_id = 'tick' ORDER BY scheduled_at DESC LIMIT 1")
    kill -9 "$pid"; killed=$pid
    [ "$pid" = "${PIDS[0]}" ] && url=$URL_b
  fi
  while [ "$(firings "$db")" -lt "$TICKS" ]; do sleep 0.2; done
  sign_in "$url"
  api -X POST "$url/api/v1/workspaces/default/scheduler/jobs/tick/actions/pause" >/dev/null
  sleep 2
  local row
  row=$(psql -d "$db" -F ' ' -c "
    WITH f AS (SELECT *, scheduled_at - lag(scheduled_at) OVER (ORDER BY scheduled_at) AS step FROM scheduler_firings WHERE job_id = 'tick')
    SELECT COUNT(*), COUNT(DISTINCT scheduled_at),
           COUNT(*) FILTER (WHERE step IS NOT NULL AND step <> interval '1 second'),
           COUNT(*) FILTER (WHERE outcome = 'started'), COUNT(*) FILTER (WHERE outcome = 'skipped'),
           (SELECT COUNT(*) FROM runs WHERE correlation_id = 'scheduler:tick') - COUNT(*) FILTER (WHERE outcome = 'started'),
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - scheduled_at) * 1000)),
           round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - scheduled_at) * 1000)),
           round(max(extract(epoch FROM fired_at - scheduled_at) * 1000)),
           COUNT(DISTINCT node)
    FROM f")
  stop_nodes
  read -r total distinct gaps started skipped doubles p50 p99 worst nodes <<<"$row"
  [ "$1" = undisturbed ] && BASE_WORST=$worst
  printf '| %s | %s | %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %sx | %s |\n' "$1" "$total" "$distinct" "$gaps" "$started" "$skipped" \
    "$doubles" "$p50" "$p99" "$worst" "$(awk -v w="$worst" -v b="$BASE_WORST" 'BEGIN { printf "%.0f", (b > 0 ? w / b : 0) }')" "$nodes${killed:+ (killed $killed)}"
}

echo "| scenario | ticks | distinct due times | gaps | runs started | skipped | double starts | late p50 | late p99 | late worst | worst vs undisturbed | nodes that fired |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
scenario undisturbed
scenario "kill -9"
