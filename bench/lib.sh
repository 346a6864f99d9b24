# Shared by the benchmark scripts that run Symphony nodes (engine.sh, api-load.sh, idle.sh, memory.sh, recovery.sh,
# scheduler-ticks.sh, retention.sh, aggregation.sh,
# accounts-sync.sh, accounts-sync-mariadb.sh): a run folder removed on exit with every node and the throwaway PostgreSQL
# stopped, a Release build, nodes on a database, signing in, calling the API and timing an accounts sync. Source it
# with the run folder's name: . "$ROOT/bench/lib.sh" recovery
. "$ROOT/scripts/throwaway-postgres.sh"
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }

RUN=$(mktemp -d "/tmp/symphony-$1.XXXXXX")
chmod 755 "$RUN"
PIDS=()
stop_nodes() { for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
cleanup() { stop_nodes; stop_postgres "$RUN/pg"; rm -rf "$RUN"; }
trap cleanup EXIT
fail() { echo "$1" >&2; exit 1; }

build_release() { # [folder of a built server] -> APP
  APP=${1:-}
  [ -n "$APP" ] && return
  echo "building Release" >&2
  dotnet build "$ROOT/src/Symphony.Server" -c Release -v q -nologo -o "$RUN/app" >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
  APP=$RUN/app
}

start_node() { # name database [Setting=value...] -> URL_<name>, its PID appended to PIDS; settings after the database override
  local name=$1 database=$2; shift 2
  local port; port=$(free_port $((PG_PORT + 100 + ${#PIDS[@]} * 10)))
  mkdir -p "$RUN/$name"
  ( cd "$RUN/$name"
    exec env SYMPHONY_ADMIN_PASSWORD=Bench1Password Symphony__Database__Provider=PostgreSql \
      "Symphony__Database__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database" \
      Symphony__Auth__SigningKey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= Logging__LogLevel__Default=Warning "$@" \
      dotnet "$APP/Symphony.Server.dll" --urls "http://127.0.0.1:$port" >"$RUN/$name/server.log" 2>&1 ) &
  PIDS+=($!)
  local url="http://127.0.0.1:$port"
  for _ in $(seq 1 60); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "$url/health/ready" >/dev/null || fail "node $name did not start: $(tail -5 "$RUN/$name/server.log")"
  eval "URL_$name=$url"
}

sign_in() { # url -> TOKEN
  local jar="$RUN/cookies" csrf
  csrf=$(curl -s -c "$jar" -b "$jar" "$1/api/v1/auth/csrf-token" | jq -r .csrf_token)
  TOKEN=$(curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"Bench1Password"}' "$1/api/v1/auth/login" | jq -r .access_token)
}

api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

noop_automation() { # workspace API url, name, items -> prints the automation's runs URL
  local id batch left=$3 n
  id=$(api "$1/automations" -d "{\"name\":\"$2\",\"handler_kind\":\"noop\",\"max_concurrency\":256}" | jq -r .id)
  batch=$(api "$1/automations/$id/batches" -d '{"name":"b"}' | jq -r .id)
  while [ "$left" -gt 0 ]; do
    n=$(( left < 1000 ? left : 1000 ))
    jq -cn --argjson n "$n" '{items: [range($n) | {payload: {n: .}}]}' | api "$1/automations/$id/batches/$batch/items/actions/bulk-create" -d @- >/dev/null
    left=$(( left - n ))
  done
  echo "$1/automations/$id/runs"
}

start_latency_ms() { # workspace API url, run id -> ms from the run created to its first item started
  api "$1/runs/$2/items" | jq -r --arg c "$(api "$1/runs/$2" | jq -r .created_at)" '
    def t: (sub("\\.[0-9]+Z$"; "Z") | fromdate) + (capture("\\.(?<f>[0-9]+)Z$").f | "0." + . | tonumber);
    ((.items[0].started_at | t) - ($c | t)) * 1000'
}

percentile() { # p (0.5, 0.99) of the numbers on stdin
  sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p+0.5); if (i<1) i=1; printf "%.1f", a[i]}'
}

accounts_sync() { # workspace API url, instance id -> seconds from run created to run finished; the item's counts on stderr
  local run status
  run=$(api -X POST "$1/instances/$2/actions/sync-accounts" | jq -r .id)
  while :; do
    status=$(api "$1/runs/$run" | jq -r .status)
    [ "$status" != processing ] && break
    sleep 0.2
  done
  [ "$status" = completed ] || { api "$1/runs/$run/items" | jq '.items[0].error' >&2; exit 1; }
  api "$1/runs/$run/items" | jq -c '.items[0].result | {accounts, created, changed, refreshed, collect_ms, save_ms}' >&2
  api "$1/runs/$run" | jq -r '(.duration_ms / 1000)'
}
