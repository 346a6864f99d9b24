#!/usr/bin/env bash
# Engine benchmark: a Release build of Symphony on PostgreSQL 15 (throwaway cluster) and on SQLite, with the
# no-op handler and full state history. Reports, per store:
#   throughput     items per second for one run of N items (default 10,000), from run start to run finish
#   start latency  p50/p99 of (first item started - run created) over M single-item runs started one by one
# and, as the baseline, Quartz.NET's AdoJobStore (clustered) firing N one-off no-op jobs on the same PostgreSQL
# (bench/QuartzBaseline), with the ratio. Both get a warm-up round first (N/2 items or jobs).
# PG_DURABLE=1 keeps PostgreSQL's fsync and synchronous commit on (the headline figures); unset, the cluster has the
# tests' fast settings.
# Usage: [PG_DURABLE=1] bench/engine.sh [items, default 10000] [single-item runs, default 100] [a built server folder]
# Given a folder (another commit built with `dotnet build src/Symphony.Server -c Release -o <folder>`), it measures that
# build instead of building this tree, so two commits can be measured back to back.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ITEMS=${1:-10000}
RUNS=${2:-100}
. "$ROOT/bench/lib.sh" engine

build_release "${3:-}"
dotnet build "$ROOT/bench/QuartzBaseline" -c Release -v q -nologo -o "$RUN/quartz" >"$RUN/build-quartz.log" 2>&1 || { cat "$RUN/build-quartz.log" >&2; exit 1; }
start_postgres "$RUN/pg" 55700
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" -c "CREATE DATABASE quartz" >/dev/null

start_server() { # provider
  if [ "$1" = Sqlite ]; then
    start_node "$1" unused Symphony__Database__Provider=Sqlite Symphony__Database__ConnectionString=
  else
    start_node "$1" symphony
  fi
  eval "URL=\$URL_$1"
  sign_in "$URL"
}

automation() { # name items -> prints the runs URL
  noop_automation "$URL/api/v1/workspaces/default" "$1" "$2"
}

seconds_between() { # two ISO times -> seconds
  jq -rn --arg s "$1" --arg f "$2" 'def t: (sub("\\.[0-9]+Z$"; "Z") | fromdate) + (capture("\\.(?<f>[0-9]+)Z$").f | "0." + . | tonumber);
    ($f | t) - ($s | t)'
}

measure() { # provider
  local runs run_id status created finished first last items
  runs=$(automation "throughput" "$ITEMS")
  api -X POST "$(automation warmup $(( ITEMS / 2 )))?wait=300" >/dev/null
  run_id=$(api -X POST "$runs" | jq -r .id)
  while :; do
    read -r status created finished < <(api "$URL/api/v1/workspaces/default/runs/$run_id" | jq -r '"\(.status) \(.created_at) \(.finished_at)"')
    [ "$status" != processing ] && break
    sleep 0.2
  done
  items="$URL/api/v1/workspaces/default/runs/$run_id/items?limit=1"
  first=$(api "$items&sort=started_at&order=asc" | jq -r '.items[0].started_at')
  last=$(api "$items&sort=finished_at&order=desc" | jq -r '.items[0].finished_at')
  # Execution: first item started to last item finished. Creating the run (its N item executions) is reported apart.
  EXECUTION=$(seconds_between "$first" "$last")
  CREATION=$(seconds_between "$created" "$first")
  THROUGHPUT=$(jq -rn --argjson n "$ITEMS" --argjson s "$EXECUTION" '$n / $s | floor')
  END_TO_END=$(jq -rn --argjson n "$ITEMS" --argjson s "$(seconds_between "$created" "$finished")" '$n / $s | floor')

  local single; single=$(automation latency 1)
  : > "$RUN/$1/latency"
  for _ in $(seq 1 "$RUNS"); do
    run_id=$(api -X POST "$single?wait=10" | jq -r .id)
    start_latency_ms "$URL/api/v1/workspaces/default" "$run_id" >> "$RUN/$1/latency"
  done
  P50=$(percentile 0.5 < "$RUN/$1/latency")
  P99=$(percentile 0.99 < "$RUN/$1/latency")
  printf '%-10s %6s items/s over %s items, %5.1f s (run created to first item started %4.1f s; %s items/s end to end)   start latency p50 %5.1f ms  p99 %5.1f ms (%s runs)\n' \
    "$1" "$THROUGHPUT" "$ITEMS" "$EXECUTION" "$CREATION" "$END_TO_END" "$P50" "$P99" "$RUNS"
}

echo "Symphony engine, no-op handler with full history, PostgreSQL $([ "${PG_DURABLE:-0}" = 1 ] && echo durable || echo 'fast (fsync and synchronous commit off)'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
start_server PostgreSql
measure PostgreSql
SYMPHONY_PG=$THROUGHPUT
stop_nodes
read -r _ QUARTZ QSECONDS QSCHEDULING QP50 QP99 < <(dotnet "$RUN/quartz/QuartzBaseline.dll" \
  "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=quartz;Maximum Pool Size=100" "$ITEMS" "$RUNS" 64 | tail -1)
printf '%-10s %10s jobs/s  over %s jobs,  %6.1f s   start latency p50 %6.1f ms  p99 %6.1f ms (%s jobs; scheduling the %s took %s s)\n' \
  "Quartz" "$QUARTZ" "$ITEMS" "$QSECONDS" "$QP50" "$QP99" "$RUNS" "$ITEMS" "$QSCHEDULING"
echo "Symphony on PostgreSQL / Quartz AdoJobStore: $(jq -rn --argjson s "$SYMPHONY_PG" --argjson q "$QUARTZ" '$s / $q * 10 | floor / 10')x"
start_server Sqlite
measure Sqlite
