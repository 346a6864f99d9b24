#!/usr/bin/env bash
# An idle node: a Release build on a durable throwaway PostgreSQL 15 with pg_stat_statements, no runs. After a
# minute to settle, it counts over SECONDS the statements the node sends to the store (pg_stat_statements calls),
# the node's CPU time (/proc) and its resident memory. Then it starts 50 single-item runs one by one and reports
# the start latency (run created to item started) p50/p99. With a second build folder (a build of another commit,
# e.g. dotnet build src/Symphony.Server -c Release -o /tmp/before), the same for it, on the same cluster.
# Usage: bench/idle.sh [seconds, default 60] [other build folder]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_IDLE=${1:-60}
OTHER=${2:-}
export PG_DURABLE=1 PG_EXTRA_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
. "$ROOT/bench/lib.sh" idle

build_release
start_postgres "$RUN/pg" 55800
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc "$1" "${2:-postgres}"; }
clock_ticks=$(getconf CLK_TCK)
cpu_seconds() { awk -v t="$clock_ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }

measure() { # label build-folder -> a line in $RUN/results
  local label=$1 app=$2 db="idle_$1"
  psql_ "CREATE DATABASE $db" >/dev/null
  psql_ "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$db" >/dev/null
  build_release "$app"
  start_node "$label" "$db"
  local url; eval "url=\$URL_$label"
  local pid=${PIDS[-1]}
  echo "$label: settling for a minute, then ${SECONDS_IDLE}s idle" >&2
  sleep 60
  psql_ "SELECT pg_stat_statements_reset()" "$db" >/dev/null
  local cpu0; cpu0=$(cpu_seconds "$pid")
  sleep "$SECONDS_IDLE"
  local calls cpu1 rss
  calls=$(psql_ "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$db'" "$db")
  cpu1=$(cpu_seconds "$pid")
  rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  # Start latency of single-item runs started one by one, half a second apart, on the idle node.
  sign_in "$url"
  local w="$url/api/v1/workspaces/default" automation batch
  automation=$(api -d '{"name":"idle","handler_kind":"noop"}' "$w/automations" | jq -r .id)
  batch=$(api -d '{"name":"one"}' "$w/automations/$automation/batches" | jq -r .id)
  api -o /dev/null -d '{"payload":{}}' "$w/automations/$automation/batches/$batch/items"
  : > "$RUN/latency-$label"
  for _ in $(seq 1 50); do
    local run; run=$(api -X POST "$w/automations/$automation/runs?wait=10" | jq -r .id)
    start_latency_ms "$w" "$run" >> "$RUN/latency-$label"
    sleep 0.5
  done
  echo "$label $(awk -v c="$calls" -v s="$SECONDS_IDLE" 'BEGIN{printf "%.2f", c/s}') $(awk -v a="$cpu0" -v b="$cpu1" -v s="$SECONDS_IDLE" 'BEGIN{printf "%.2f", (b-a)/s*100}') $rss $(percentile 0.5 < "$RUN/latency-$label") $(percentile 0.99 < "$RUN/latency-$label")" >> "$RUN/results"
  stop_nodes
}

THIS=$APP
measure this "$THIS"
[ -n "$OTHER" ] && measure other "$OTHER"
echo
echo "An idle node, ${SECONDS_IDLE}s after a minute to settle, durable PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-6s %14s %8s %8s %14s %14s\n' build statements/s cpu_% rss_mb start_p50_ms start_p99_ms
while read -r label qps cpu rss p50 p99; do printf '%-6s %14s %8s %8s %14s %14s\n' "$label" "$qps" "$cpu" "$rss" "$p50" "$p99"; done < "$RUN/results"
