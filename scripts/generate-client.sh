#!/usr/bin/env bash
# Regenerates the typed API client (src/Symphony.Client) from the OpenAPI document the server serves: builds and
# starts the server on embedded SQLite in a scratch folder, saves /api/v1/openapi.json (without its servers entry,
# which names this machine) as src/Symphony.Client/openapi.json, and runs Kiota (pinned in .config/dotnet-tools.json)
# into src/Symphony.Client/Generated. Run it after any change to the API; a test fails while the client is stale.
# Usage: scripts/generate-client.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CLIENT=$ROOT/src/Symphony.Client
command -v jq >/dev/null || { echo "jq is needed: apt-get install jq" >&2; exit 1; }

SCRATCH=$(mktemp -d /tmp/symphony-client.XXXXXX)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$SCRATCH"; }
trap cleanup EXIT

dotnet build "$ROOT/src/Symphony.Server" -c Debug -v q -nologo >"$SCRATCH/build.log" 2>&1 || { cat "$SCRATCH/build.log" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
( cd "$SCRATCH" && exec env SYMPHONY_ADMIN_PASSWORD=Generate1Client \
    dotnet "$ROOT/src/Symphony.Server/bin/Debug/net10.0/Symphony.Server.dll" --urls "http://127.0.0.1:$PORT" >"$SCRATCH/server.log" 2>&1 ) &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/api/v1/openapi.json" | jq 'del(.servers)' >"$CLIENT/openapi.json"

dotnet tool restore >/dev/null
( cd "$CLIENT" && KIOTA_TUTORIAL_ENABLED=false dotnet kiota generate --language CSharp --openapi openapi.json \
    --class-name SymphonyApiClient --namespace-name Symphony.Client --output Generated \
    --exclude-backward-compatible --clean-output --log-level Error )
echo "regenerated src/Symphony.Client from $(jq '[.paths[][]] | length' "$CLIENT/openapi.json") operations" >&2
