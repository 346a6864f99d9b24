#!/usr/bin/env bash
# Memory of an idle node on SQLite after work: a Release build, RUNS runs of ITEMS no-op items each, then a minute of
# rest; reports the resident memory (VmRSS) and its parts (anonymous, file-backed, shared: the runtime's double-mapped
# code), and from the node's own metrics the GC heap after the last collection and the memory the GC has committed. Each variant is a fresh node in its own folder; the first is the default
# configuration, the others differ by the settings given (runtime knobs are environment variables).
# Usage: bench/memory.sh [runs, default 5] [items per run, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-5}
ITEMS=${2:-2000}
. "$ROOT/bench/lib.sh" memory
PG_PORT=55900   # no PostgreSQL here: only the nodes' ports are counted from it
TOKEN_METRICS=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
build_release

variant() { # label [Setting=value...]
  local label=$1; shift
  start_node "$label" unused Symphony__Database__Provider=Sqlite Symphony__Database__ConnectionString= \
    "Symphony__Telemetry__MetricsToken=$TOKEN_METRICS" "$@"
  local url; eval "url=\$URL_$label"
  local pid=${PIDS[-1]}
  sign_in "$url"
  local runs; runs=$(noop_automation "$url/api/v1/workspaces/default" "work" "$ITEMS")
  for _ in $(seq 1 "$RUNS"); do api -X POST "$runs?wait=300" >/dev/null; done
  sleep 60
  local rss metrics heap committed
  rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  metrics=$(curl -s -H "Authorization: Bearer $TOKEN_METRICS" "$url/metrics")
  heap=$(echo "$metrics" | awk '/^dotnet_gc_last_collection_heap_size_bytes/ {s += $NF} END {printf "%.0f", s / 1048576}')
  committed=$(echo "$metrics" | awk '/^dotnet_gc_last_collection_memory_committed_size_bytes/ {s += $NF} END {printf "%.0f", s / 1048576}')
  local anon shmem file
  anon=$(awk '/^RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  file=$(awk '/^RssFile/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  shmem=$(awk '/^RssShmem/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  echo "$label $rss $anon $file $shmem $heap $committed" | tee -a "$RUN/results" >&2
  stop_nodes
}

variant default
variant workstation_gc DOTNET_gcServer=0
variant no_wx DOTNET_EnableWriteXorExecute=0
variant no_wx_no_pgo DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=0
variant conserve DOTNET_GCConserveMemory=9 DOTNET_GCgen0size=0x400000
# Compiled ahead of time: every assembly of the publish (Symphony's and its packages') as ReadyToRun code.
echo "publishing ReadyToRun" >&2
dotnet publish "$ROOT/src/Symphony.Server" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -v q -nologo -o "$RUN/r2r" >"$RUN/publish.log" 2>&1 || { cat "$RUN/publish.log" >&2; exit 1; }
APP=$RUN/r2r
variant ready_to_run
variant r2r_no_tiered DOTNET_TieredCompilation=0
echo
echo "An idle node on SQLite a minute after $RUNS runs of $ITEMS no-op items, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-14s %7s %8s %8s %9s %11s %16s\n' variant rss_mb anon_mb file_mb shmem_mb gc_heap_mb gc_committed_mb
while read -r label rss anon file shmem heap committed; do printf '%-14s %7s %8s %8s %9s %11s %16s\n' "$label" "$rss" "$anon" "$file" "$shmem" "$heap" "$committed"; done < "$RUN/results"
