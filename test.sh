#!/usr/bin/env bash
# The whole test suite: installs what is missing (PostgreSQL 15, MariaDB 10.11, Chromium, jq, Node.js, docker-compose
# and promtool to check deploy/), restores,
# builds, starts a throwaway PostgreSQL cluster and a throwaway MariaDB server, each on a private port and socket
# folder, runs every test project against them and SQLite, stops both, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
. "$ROOT/scripts/throwaway-postgres.sh"
. "$ROOT/scripts/throwaway-mariadb.sh"
RUN_DIR=$(mktemp -d /tmp/symphony-test.XXXXXX)
chmod 755 "$RUN_DIR"

log() { printf '[test.sh %3d s] %s\n' "$SECONDS" "$*" >&2; }

cleanup() {
  [ -n "${bench_build:-}" ] && kill "$bench_build" 2>/dev/null
  stop_postgres "$RUN_DIR/pg"
  stop_mariadb "$RUN_DIR/mariadb"
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

install_missing() {
  local packages=()
  [ -x "$PG_BIN/initdb" ] || packages+=(postgresql-15)
  [ -x "$MARIADB_BIN" ] || packages+=(mariadb-server mariadb-client)
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  command -v jq >/dev/null || packages+=(jq)
  command -v npm >/dev/null || packages+=(nodejs npm)
  command -v docker-compose >/dev/null || packages+=(docker-compose)
  command -v python3 >/dev/null || packages+=(python3)
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing ${packages[*]}; install them (apt-get install ${packages[*]}) and rerun"; exit 1
  fi
  log "installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
    || { log "apt-get install failed"; exit 1; }
}

# promtool checks the alert rules of deploy/: Debian's prometheus package holds it, taken out without installing
# (or starting) the server.
promtool_from_debian() {
  local folder="$ROOT/.test-run/promtool"
  [ -x "$folder/usr/bin/promtool" ] && { echo "$folder/usr/bin/promtool"; return 0; }
  command -v promtool >/dev/null && { command -v promtool; return 0; }
  log "taking promtool out of Debian's prometheus package"
  (cd "$RUN_DIR" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download prometheus >/dev/null 2>&1; }; }) \
    && mkdir -p "$folder" && dpkg-deb -x "$RUN_DIR"/prometheus_*.deb "$folder" && echo "$folder/usr/bin/promtool"
}

install_missing
export SYMPHONY_PROMTOOL; SYMPHONY_PROMTOOL=$(promtool_from_debian) || log "promtool is not available: the alert-rule tests will fail"
export SYMPHONY_DOCKER_COMPOSE; SYMPHONY_DOCKER_COMPOSE=$(command -v docker-compose)
export SYMPHONY_CHROMIUM=/usr/bin/chromium
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Style is checked, never argued: the build enforces .editorconfig's rules and the analyzers (warnings are errors,
# IDE0055 for layout); check-style.py finds in a second what the build cannot see (line ends, final newlines, byte-order
# marks, using order); a difference counts as one failed test. `dotnet format Symphony.sln` fixes both kinds.
checks_failed=0
log "checking what the build does not (line ends, final newlines, using order)"
python3 "$ROOT/scripts/check-style.py" >&2 || checks_failed=1

# The docs checker and the .NET tools are fetched beside the build, which is the longest step and waits on the disk
# and the package feed as much as on the cores.
log "installing the docs checker (Mermaid parser, Spectral) and restoring the .NET tools (Kiota, for the client's staleness test), beside the build"
npm ci --prefix "$ROOT/tools/docs-check" --no-audit --no-fund --loglevel=error >"$RUN_DIR/npm.log" 2>&1 &
docs_checker=$!
dotnet tool restore >"$RUN_DIR/tools.log" 2>&1 &
dotnet_tools=$!

# The product and its tests (Symphony.Suite.slnf: the solution without bench/); the bench programs are built beside
# the tests, below.
log "restoring and building"
dotnet build "$ROOT/Symphony.Suite.slnf" -c Debug -v q -nologo >"$RUN_DIR/build.log" 2>&1 \
  || { grep -E "error|warning" "$RUN_DIR/build.log" | sort -u >&2; echo "0 passed, 1 failed"; exit 1; }
wait "$docs_checker" || { cat "$RUN_DIR/npm.log" >&2; echo "0 passed, 1 failed"; exit 1; }
wait "$dotnet_tools" || { cat "$RUN_DIR/tools.log" >&2; echo "0 passed, 1 failed"; exit 1; }

# The bench programs are built beside the tests (against the product just built, warnings as errors like the rest), at
# low priority: a build error counts as one failed test, read at the end.
log "building bench/ beside the tests"
( nice -n 19 dotnet restore "$ROOT/Symphony.sln" -v q \
    && nice -n 19 dotnet build "$ROOT/bench/Bench.slnf" -c Debug --no-restore --no-dependencies -v q -nologo ) \
  >"$RUN_DIR/bench-build.log" 2>&1 &
bench_build=$!

start_postgres "$RUN_DIR/pg" || { echo "0 passed, 1 failed"; exit 1; }
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT"
start_mariadb "$RUN_DIR/mariadb" || { echo "0 passed, 1 failed"; exit 1; }
log "MariaDB $("$MARIADB_BIN" --version | awk '{print $3}') on port $MARIADB_PORT"

log "running tests"
# The tests start hundreds of short-lived processes (test hosts, servers, the CLI): profile-guided optimisation's
# instrumentation costs them more than it returns (a server's start: 3.7 CPU-s with it, 3.1 without), and so does
# W^X, the hardening that maps each jitted method's page twice (a server's start and first ten seconds: 4.1 CPU-s with
# it, 3.9 without; production keeps it). The servers the tests start also skip tiering up (ServerProcess).
export DOTNET_TieredPGO=0 DOTNET_EnableWriteXorExecute=0
mapfile -t projects < <(ls "$ROOT"/tests/*/*.Tests.csproj)
# -m:6 starts every test project at once (the default, one per core, kept the end-to-end tests, the longest, waiting
# for the small projects ahead of them).
# Line coverage of the product's assemblies is collected in every test process (tests/coverage.runsettings) and
# printed at the end; Domain and Application below 80 % count as a failed test.
dotnet test "$ROOT/Symphony.Suite.slnf" --no-build -c Debug -m:6 --logger "trx" --results-directory "$RUN_DIR/results" \
  --collect "XPlat Code Coverage" --settings "$ROOT/tests/coverage.runsettings" \
  ${SYMPHONY_TEST_FILTER:+--filter "$SYMPHONY_TEST_FILTER"} 2>&1 | grep -vE '^\s*$' | tee "$RUN_DIR/test.log" >&2

log "tests done; waiting for bench/ to build"
wait "$bench_build" || { checks_failed=1; log "bench/ does not build:"; grep -E "error|warning" "$RUN_DIR/bench-build.log" | sort -u | head -40 >&2; }
passed=0; failed=$checks_failed; reports=0
for trx in "$RUN_DIR"/results/*.trx; do
  [ -f "$trx" ] || continue
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
if [ "$reports" -lt "${#projects[@]}" ]; then
  log "only $reports of ${#projects[@]} test projects reported results"
  failed=$((failed + ${#projects[@]} - reports))
fi
if [ "$reports" -gt 0 ]; then
  log "the ten slowest test classes (time summed over their tests; projects run side by side):"
  python3 "$ROOT/scripts/slowest-tests.py" "$RUN_DIR/results" 10 >&2
fi
if [ "$reports" -gt 0 ]; then
  log "line coverage of the product (in-process tests; Domain and Application must stay at 80 % or more):"
  python3 "$ROOT/scripts/coverage.py" "$RUN_DIR/results" >&2 || failed=$((failed + 1))
fi
log "the whole run took $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
