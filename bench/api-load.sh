#!/usr/bin/env bash
# API load at a fixed rate. A Release build of Symphony on a durable throwaway PostgreSQL 15 (fsync and synchronous
# commit on; PG_DURABLE=0 for the fast test settings), a workspace with 100 repos and a no-op automation of one item;
# then bench/LoadGenerator (open loop: each request sent when due, its latency counted from then) sends RATE requests
# a second for SECONDS to each of, after a 10 s warm-up at the same rate:
#   baseline  GET /health/live                                   (no authentication, no database)
#   me        GET /api/v1/auth/me                                (bearer token, session, profile)
#   list      GET /api/v1/workspaces/default/repos?limit=20      (session, workspace access, count, page)
#   start     POST /api/v1/workspaces/default/automations/{id}/runs  (a run of one item, which the node then runs)
# and reports p50/p99/p99.9, errors, and the server's resident memory after each. With wrk installed it also
# reports each read endpoint's most requests a second with 32 connections (closed loop), as earlier runs did.
# Usage: bench/api-load.sh [rate, default 500] [seconds, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=${1:-500}
DURATION=${2:-15}
export PG_DURABLE=${PG_DURABLE:-1}
. "$ROOT/bench/lib.sh" api-load

build_release
dotnet build "$ROOT/bench/LoadGenerator" -c Release -v q -nologo -o "$RUN/load" >"$RUN/build-load.log" 2>&1 || { cat "$RUN/build-load.log" >&2; exit 1; }
start_postgres "$RUN/pg" 55600
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" >/dev/null
start_node api symphony
URL=$URL_api
sign_in "$URL"
W="$URL/api/v1/workspaces/default"
for i in $(seq 1 100); do
  api -o /dev/null -d "{\"name\":\"repo-$i\",\"remote_url\":\"https://git.example/acme/repo-$i.git\"}" "$W/repos"
done
AUTOMATION=$(api -d '{"name":"load","handler_kind":"noop","max_concurrency":64}' "$W/automations" | jq -r .id)
BATCH=$(api -d '{"name":"one"}' "$W/automations/$AUTOMATION/batches" | jq -r .id)
api -o /dev/null -d '{"payload":{}}' "$W/automations/$AUTOMATION/batches/$BATCH/items"

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/${PIDS[0]}/status"; }
at_rate() { # name method path [body]
  local line
  line=$(TOKEN=$TOKEN dotnet "$RUN/load/LoadGenerator.dll" "$URL$3" "$RATE" "$DURATION" "$2" "${4:-}" 10) || true
  echo "$1 $line rss $(rss_mb)"
}
echo "measuring at $RATE requests/s, ${DURATION}s each after a 10 s warm-up" >&2
results=$(
  at_rate baseline GET /health/live
  at_rate me GET /api/v1/auth/me
  at_rate list GET "/api/v1/workspaces/default/repos?limit=20"
  at_rate start POST "/api/v1/workspaces/default/automations/$AUTOMATION/runs" '{}'
)

echo
echo "Symphony API at $RATE requests/s, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') $([ "$PG_DURABLE" = 1 ] && echo durable || echo 'fast (fsync off)'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-9s %8s %8s %9s %9s %9s %9s %7s\n' endpoint rate errors p50_ms p99_ms p99.9_ms max_ms rss_mb
echo "$results" | awk '{ for (i = 2; i < NF; i += 2) v[$i] = $(i + 1); printf "%-9s %8s %8s %9s %9s %9s %9s %7s\n", $1, v["rate"], v["errors"], v["p50"], v["p99"], v["p99.9"], v["max"], v["rss"] }'

if command -v wrk >/dev/null; then
  echo
  echo "most requests a second, wrk, 32 connections, ${DURATION}s each (closed loop)"
  for row in "baseline /health/live" "me /api/v1/auth/me" "list /api/v1/workspaces/default/repos?limit=20"; do
    set -- $row
    wrk -t2 -c32 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL$2" \
      | awk -v n="$1" '/^Requests\/sec:/ {r=$2} $1=="99%" {p=$2} END {printf "%-9s %10.0f req/s  p99 %s\n", n, r, p}'
  done
fi
