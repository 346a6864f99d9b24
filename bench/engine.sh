#!/usr/bin/env bash
# Engine benchmark: a Release build of Symphony on PostgreSQL 15 (throwaway cluster) and on SQLite, with the
# no-op handler and full state history. Reports, per store:
#   throughput     items per second for one run of N items (default 10,000), from run start to run finish
#   start latency  p50/p99 of (first item started - run created) over M single-item runs started one by one
# and, as the baseline, Quartz.NET's AdoJobStore (clustered) firing N one-off no-op jobs on the same PostgreSQL
# (bench/QuartzBaseline), with the ratio. Both get a warm-up round first (N/2 items or jobs).
# Usage: bench/engine.sh [items, default 10000] [single-item runs, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ITEMS=${1:-10000}
RUNS=${2:-100}
. "$ROOT/scripts/throwaway-postgres.sh"
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }

RUN=$(mktemp -d /tmp/symphony-bench.XXXXXX)
chmod 755 "$RUN"
SERVER_PID=""
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
cleanup() { stop_server; stop_postgres "$RUN/pg"; rm -rf "$RUN"; }
trap cleanup EXIT
fail() { echo "$1" >&2; [ -f "$2" ] && tail -20 "$2" >&2; exit 1; }

echo "building Release" >&2
dotnet build "$ROOT/src/Symphony.Server" -c Release -v q -nologo -o "$RUN/app" >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
dotnet build "$ROOT/bench/QuartzBaseline" -c Release -v q -nologo -o "$RUN/quartz" >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
start_postgres "$RUN/pg" 55700
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" -c "CREATE DATABASE quartz" >/dev/null

start_server() { # provider connection-string
  mkdir -p "$RUN/$1"
  local port; port=$(free_port 5700)
  URL="http://127.0.0.1:$port"
  ( cd "$RUN/$1"
    exec env SYMPHONY_ADMIN_PASSWORD=Bench1Password Symphony__Database__Provider="$1" ${2:+"Symphony__Database__ConnectionString=$2"} \
      Logging__LogLevel__Default=Warning dotnet "$RUN/app/Symphony.Server.dll" --urls "$URL" >"$RUN/$1/server.log" 2>&1 ) &
  SERVER_PID=$!
  for _ in $(seq 1 60); do curl -sf "$URL/health/ready" >/dev/null && break; sleep 1; done
  curl -sf "$URL/health/ready" >/dev/null || fail "the server did not start" "$RUN/$1/server.log"
  local jar="$RUN/$1/cookies" csrf
  csrf=$(curl -s -c "$jar" -b "$jar" "$URL/api/v1/auth/csrf-token" | jq -r .csrf_token)
  TOKEN=$(curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"Bench1Password"}' "$URL/api/v1/auth/login" | jq -r .access_token)
}

api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

automation() { # name items -> prints the runs URL
  local id batch
  id=$(api "$URL/api/v1/workspaces/default/automations" -d "{\"name\":\"$1\",\"handler_kind\":\"noop\",\"max_concurrency\":256}" | jq -r .id)
  batch=$(api "$URL/api/v1/workspaces/default/automations/$id/batches" -d '{"name":"b"}' | jq -r .id)
  local left=$2
  while [ "$left" -gt 0 ]; do
    local n=$(( left < 1000 ? left : 1000 ))
    jq -cn --argjson n "$n" '{items: [range($n) | {payload: {n: .}}]}' \
      | api "$URL/api/v1/workspaces/default/automations/$id/batches/$batch/items/actions/bulk-create" -d @- >/dev/null
    left=$(( left - n ))
  done
  echo "$URL/api/v1/workspaces/default/automations/$id/runs"
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
    api "$URL/api/v1/workspaces/default/runs/$run_id/items" | jq -r --arg c "$(api "$URL/api/v1/workspaces/default/runs/$run_id" | jq -r .created_at)" '
      def t: (sub("\\.[0-9]+Z$"; "Z") | fromdate) + (capture("\\.(?<f>[0-9]+)Z$").f | "0." + . | tonumber);
      ((.items[0].started_at | t) - ($c | t)) * 1000' >> "$RUN/$1/latency"
  done
  P50=$(sort -n "$RUN/$1/latency" | awk '{a[NR]=$1} END {print a[int(NR*0.5+0.5)]}')
  P99=$(sort -n "$RUN/$1/latency" | awk '{a[NR]=$1} END {i=int(NR*0.99+0.5); if (i<1) i=1; print a[i]}')
  printf '%-10s %6s items/s over %s items, %5.1f s (run created to first item started %4.1f s; %s items/s end to end)   start latency p50 %5.1f ms  p99 %5.1f ms (%s runs)\n' \
    "$1" "$THROUGHPUT" "$ITEMS" "$EXECUTION" "$CREATION" "$END_TO_END" "$P50" "$P99" "$RUNS"
}

echo "Symphony engine, no-op handler with full history, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
start_server PostgreSql "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=symphony;Maximum Pool Size=100"
measure PostgreSql
SYMPHONY_PG=$THROUGHPUT
stop_server
read -r _ QUARTZ QSECONDS QSCHEDULING QP50 QP99 < <(dotnet "$RUN/quartz/QuartzBaseline.dll" \
  "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=quartz;Maximum Pool Size=100" "$ITEMS" "$RUNS" 64 | tail -1)
printf '%-10s %10s jobs/s  over %s jobs,  %6.1f s   start latency p50 %6.1f ms  p99 %6.1f ms (%s jobs; scheduling the %s took %s s)\n' \
  "Quartz" "$QUARTZ" "$ITEMS" "$QSECONDS" "$QP50" "$QP99" "$RUNS" "$ITEMS" "$QSCHEDULING"
echo "Symphony on PostgreSQL / Quartz AdoJobStore: $(jq -rn --argjson s "$SYMPHONY_PG" --argjson q "$QUARTZ" '$s / $q * 10 | floor / 10')x"
start_server Sqlite ""
measure Sqlite
