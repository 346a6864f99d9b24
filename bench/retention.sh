#!/usr/bin/env bash
# Retention benchmark: one Symphony node (Release) on a durable PostgreSQL 15 (fsync and synchronous commit on).
#   baseline    a run of N noop items (default 10,000) alone
#   retention   the same run while the retention job deletes 1,000 finished runs 200 days old (M history rows,
#               default 1,000,000: 250 items each with 4 history rows, seeded by SQL into their month's partition,
#               as a running installation holds them) with their item executions; then partition maintenance
#               drops that month's history partition whole
# Prints per scenario: the run's time, items a second and its ratio to the baseline, and the pauses between two
# consecutive claims of the run's items (99th percentile and longest): a stalled queue shows as a long pause. For
# the retention scenario also the retention run's time and rows deleted, and the maintenance run's time and the
# partitions it dropped.
# Usage: bench/retention.sh [items, default 10000] [history rows, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ITEMS=${1:-10000}
HISTORY=${2:-1000000}
. "$ROOT/bench/lib.sh" retention
build_release ""
PG_DURABLE=1 start_postgres "$RUN/pg" 56000
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d symphony -v ON_ERROR_STOP=1 -qAt "$@"; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" >/dev/null
start_node a symphony Symphony__Scheduler__Enabled=false \
  "Symphony__Database__ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=symphony;Maximum Pool Size=100"
URL=$URL_a
sign_in "$URL"
W="$URL/api/v1/workspaces/default"

AUTOMATION=$(api "$W/automations" -d '{"name":"bench","handler_kind":"noop","max_concurrency":64}' | jq -r .id)
BATCH=$(api "$W/automations/$AUTOMATION/batches" -d '{"name":"b"}' | jq -r .id)
left=$ITEMS
while [ "$left" -gt 0 ]; do
  n=$(( left < 1000 ? left : 1000 ))
  jq -cn --argjson n "$n" '{items: [range($n) | {payload: {n: .}}]}' | api "$W/automations/$AUTOMATION/batches/$BATCH/items/actions/bulk-create" -d @- >/dev/null
  left=$(( left - n ))
done

wait_run() { # run id
  for _ in $(seq 1 3000); do
    local status; status=$(api "$W/runs/$1" | jq -r .status)
    [ "$status" != processing ] && return
    sleep 0.2
  done
  fail "run $1 did not finish"
}

measure() { # run id -> "seconds items_per_second gap_p99_ms gap_max_ms"
  psql -F ' ' -c "
    WITH c AS (SELECT occurred_at - lag(occurred_at) OVER (ORDER BY occurred_at) AS gap
               FROM item_state_history WHERE run_id = '$1' AND to_status = 'processing'),
         r AS (SELECT extract(epoch FROM finished_at - started_at) AS s FROM runs WHERE id = '$1')
    SELECT round(r.s::numeric, 2), round(($ITEMS / r.s)::numeric),
           round((percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM gap) * 1000))::numeric),
           round((max(extract(epoch FROM gap)) * 1000)::numeric)
    FROM c, r GROUP BY r.s"
}

# Warm-up, then the baseline.
WARM=$(api -X POST "$W/automations/$AUTOMATION/runs" | jq -r .id); wait_run "$WARM"
BASE_RUN=$(api -X POST "$W/automations/$AUTOMATION/runs" | jq -r .id); wait_run "$BASE_RUN"
read -r BASE_S BASE_RATE BASE_P99 BASE_MAX <<<"$(measure "$BASE_RUN")"

echo "seeding $HISTORY history rows" >&2
RUNS=$(( HISTORY / 1000 )); PER_RUN=250
psql -c "
  DO \$\$ DECLARE m date := date_trunc('month', now() - interval '200 days');
  BEGIN EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF item_state_history FOR VALUES FROM (%L) TO (%L)',
    'item_state_history_p' || to_char(m, 'YYYYMM'), m::text || ' 00:00:00+00', (m + interval '1 month')::date::text || ' 00:00:00+00'); END \$\$;
  INSERT INTO runs (id, created_at, updated_at, workspace_id, automation_id, trigger, status, started_at, finished_at)
  SELECT gen_random_uuid(), now() - interval '200 days', now() - interval '200 days', a.workspace_id, a.id, 'scheduled', 'completed',
         now() - interval '200 days', now() - interval '200 days'
  FROM automations a, generate_series(1, $RUNS) WHERE a.id = '$AUTOMATION';
  CREATE TEMP TABLE seeded AS SELECT id FROM runs WHERE automation_id = '$AUTOMATION' AND finished_at < now() - interval '100 days';
  INSERT INTO batch_executions (id, created_at, updated_at, run_id, batch_id) SELECT gen_random_uuid(), now(), now(), id, '$BATCH' FROM seeded;
  INSERT INTO item_executions (id, created_at, updated_at, run_id, batch_execution_id, item_id, automation_id, status, attempt_count, max_attempts,
                               next_attempt_at, started_at, finished_at, payload)
  SELECT gen_random_uuid(), now() - interval '200 days', now() - interval '200 days', s.id, b.id, gen_random_uuid(), '$AUTOMATION', 'completed', 1, 3,
         now() - interval '200 days', now() - interval '200 days', now() - interval '200 days', '{}'
  FROM seeded s JOIN batch_executions b ON b.run_id = s.id, generate_series(1, $PER_RUN);
  INSERT INTO item_state_history (id, created_at, updated_at, item_execution_id, run_id, from_status, to_status, attempt, occurred_at, worker)
  SELECT gen_random_uuid(), e.created_at, e.created_at, e.id, e.run_id, t.f, t.t, 1, e.created_at, 'seed'
  FROM item_executions e JOIN seeded s ON s.id = e.run_id,
       (VALUES ('pending', 'processing'), ('processing', 'retrying'), ('retrying', 'processing'), ('processing', 'completed')) AS t(f, t);
  ANALYZE runs; ANALYZE item_executions; ANALYZE item_state_history;"
SEEDED=$(psql -c "SELECT COUNT(*) FROM item_state_history WHERE worker = 'seed'")

# The retention job first; once its runs item is deleting, the run.
RETENTION=$(api -X POST "$W/scheduler/jobs/retention/actions/run" | jq -r .id)
for _ in $(seq 1 300); do
  [ "$(psql -c "SELECT COUNT(*) FROM item_executions WHERE run_id = '$RETENTION' AND status = 'processing' AND payload->>'kind' = 'runs'")" = 1 ] && break
  sleep 0.1
done
sleep 1
RUN_ID=$(api -X POST "$W/automations/$AUTOMATION/runs" | jq -r .id)
wait_run "$RUN_ID"
# Whether the deletes went on for the whole run: the runs item finished after the run did.
OVERLAP=$(psql -c "SELECT CASE WHEN (SELECT finished_at FROM item_executions WHERE run_id = '$RETENTION' AND payload->>'kind' = 'runs') IS NULL
  OR (SELECT finished_at FROM item_executions WHERE run_id = '$RETENTION' AND payload->>'kind' = 'runs') > (SELECT finished_at FROM runs WHERE id = '$RUN_ID')
  THEN 'throughout the run' ELSE 'ended before the run' END")
wait_run "$RETENTION"
read -r S RATE P99 MAX <<<"$(measure "$RUN_ID")"
read -r RET_S RET_STATUS <<<"$(psql -F ' ' -c "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 1), status FROM runs WHERE id = '$RETENTION'")"
DELETED=$(api "$W/runs/$RETENTION/items?limit=20" | jq '[.items[].result.deleted // 0] | add')
# The history of the deleted runs is left to partition maintenance, which drops its month whole.
MAINTENANCE=$(api -X POST "$W/scheduler/jobs/partition-maintenance/actions/run" | jq -r .id)
wait_run "$MAINTENANCE"
MAINT_S=$(psql -c "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 2) FROM runs WHERE id = '$MAINTENANCE'")
DROPPED=$(api "$W/runs/$MAINTENANCE/items" | jq -r '.items[0].result.dropped | join(" ")')
LEFT=$(psql -c "SELECT COUNT(*) FROM item_state_history WHERE worker = 'seed'")

echo "| scenario | run of $ITEMS items | items/s | vs baseline | claim pause p99 | longest claim pause | retention run | rows deleted | deletes went on | maintenance run | dropped | history left |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '| baseline | %s s | %s | 1.00x | %s ms | %s ms | | | | | | |\n' "$BASE_S" "$BASE_RATE" "$BASE_P99" "$BASE_MAX"
printf '| with retention of 1,000 runs, %s history rows | %s s | %s | %sx | %s ms | %s ms | %s s, %s | %s | %s | %s s | %s | %s |\n' "$SEEDED" "$S" "$RATE" \
  "$(awk -v a="$RATE" -v b="$BASE_RATE" 'BEGIN { printf "%.2f", a / b }')" "$P99" "$MAX" "$RET_S" "$RET_STATUS" "$DELETED" "$OVERLAP" "$MAINT_S" "$DROPPED" "$LEFT"
