#!/usr/bin/env bash
# API load benchmark on PostgreSQL. Starts a throwaway PostgreSQL 15 cluster and a Release build of
# Symphony on loopback, seeds a workspace with 100 repos, then drives it from a second process (wrk)
# and reports requests per second and p50/p99 latency of:
#   baseline  GET /health/live                                  (no authentication, no database)
#   me        GET /api/v1/auth/me                               (bearer token, session check, profile)
#   list      GET /api/v1/workspaces/default/repos?limit=20     (session check, workspace access, count, page)
# with each figure also as a ratio of the baseline measured in the same run.
# Usage: bench/api-load.sh [seconds per run, default 15] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${1:-15}
CONNECTIONS=${2:-32}
. "$ROOT/scripts/throwaway-postgres.sh"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }

RUN=$(mktemp -d /tmp/symphony-bench.XXXXXX)
chmod 755 "$RUN"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  stop_postgres "$RUN/pg"
  rm -rf "$RUN"
}
trap cleanup EXIT

echo "building Release" >&2
dotnet build "$ROOT/src/Symphony.Server" -c Release -v q -nologo -o "$RUN/app" >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
start_postgres "$RUN/pg" 55600
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" >/dev/null

PORT=$(free_port 5600)
URL="http://127.0.0.1:$PORT"
PASSWORD=Bench1Password
(
  cd "$RUN"
  SYMPHONY_ADMIN_PASSWORD=$PASSWORD \
  Symphony__Database__Provider=PostgreSql \
  Symphony__Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=symphony;Maximum Pool Size=100" \
  Logging__LogLevel__Default=Warning \
  exec dotnet "$RUN/app/Symphony.Server.dll" --urls "$URL" >"$RUN/server.log" 2>&1
) &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -sf "$URL/health/ready" >/dev/null && break; sleep 1; done
curl -sf "$URL/health/ready" >/dev/null || { cat "$RUN/server.log" >&2; exit 1; }

JAR="$RUN/cookies"
CSRF=$(curl -s -c "$JAR" -b "$JAR" "$URL/api/v1/auth/csrf-token" | jq -r .csrf_token)
TOKEN=$(curl -s -c "$JAR" -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/auth/login" | jq -r .access_token)
for i in $(seq 1 100); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"repo-$i\",\"remote_url\":\"https://git.example/acme/repo-$i.git\"}" "$URL/api/v1/workspaces/default/repos"
done

# wrk prints latency percentiles with --latency; to milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v}'; }
measure() {
  local name=$1 path=$2 auth=$3 out="$RUN/wrk-$1.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${auth:+-H "Authorization: Bearer $TOKEN"} "$URL$path" >"$out"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$out" | to_ms)
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  echo "$name $rps $p50 $p99 $non2xx"
}

# Warm-up: the JIT reaches its steady tier only after tens of seconds of load on two cores.
echo "warming up" >&2
for path in /health/live /api/v1/auth/me "/api/v1/workspaces/default/repos?limit=20"; do
  wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$URL$path" >/dev/null
done
echo "measuring: ${DURATION}s per endpoint, $CONNECTIONS connections, wrk with 2 threads" >&2
results=$( measure baseline /health/live ""; measure me /api/v1/auth/me yes; measure list "/api/v1/workspaces/default/repos?limit=20" yes )
base_rps=$(echo "$results" | awk '$1=="baseline" {print $2}')
echo
echo "Symphony API load, PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-9s %12s %10s %10s %10s %10s\n' endpoint req/s p50_ms p99_ms vs_base errors
echo "$results" | while read -r name rps p50 p99 errors; do
  printf '%-9s %12.0f %10.2f %10.2f %10.2f %10s\n' "$name" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$base_rps" 'BEGIN{print a/b}')" "$errors"
done
