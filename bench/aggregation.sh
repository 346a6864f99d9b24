#!/usr/bin/env bash
# Capacity aggregation benchmark: one Symphony node (Release) on a durable PostgreSQL 15 (fsync and synchronous
# commit on). Seeds a year of daily sizes (2025) for I instances of D databases each (default 250 x 110: 10,037,500
# database rows and 91,250 instance totals) into their month's partitions, then times:
#   symphony   POST .../capacity/actions/aggregate for the year, forced: the built-in run, one item per instance,
#              each a DELETE and an INSERT ... SELECT ... GROUP BY per table and period type (all four periods)
#   baseline   the same numbers by hand-written GROUP BY statements in psql, one per table and period type over
#              the whole workspace, into tables of the same shape, keys and indexes
# and checks that both hold the same rows (every figure but computed_at). Prints the times and the ratio.
# Usage: bench/aggregation.sh [instances, default 250] [databases per instance, default 110]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
INSTANCES=${1:-250}
DATABASES=${2:-110}
. "$ROOT/bench/lib.sh" aggregation
build_release ""
PG_DURABLE=1 start_postgres "$RUN/pg" 56100
psql() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d symphony -v ON_ERROR_STOP=1 -qAt "$@"; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE symphony" >/dev/null
# Capacity kept a century: the seeded year is older than the default 400 days, and aggregation leaves periods past retention be.
start_node a symphony Symphony__Scheduler__Enabled=false Symphony__Retention__CapacityDays=36500
URL=$URL_a
sign_in "$URL"
W="$URL/api/v1/workspaces/default"

for i in $(seq 1 "$INSTANCES"); do
  api "$W/instances" -d "{\"name\":\"pg-$i\",\"db_type\":\"postgresql\",\"host\":\"pg-$i.internal\"}" >/dev/null
done
echo "seeding $((INSTANCES * DATABASES * 365)) daily database sizes" >&2
SEED_START=$(date +%s)
for table in database_size_stats instance_size_stats; do
  for m in $(seq -w 1 12); do
    psql -c "CREATE TABLE IF NOT EXISTS ${table}_p2025$m PARTITION OF $table FOR VALUES FROM ('2025-$m-01') TO ('2025-$m-01'::date + interval '1 month')"
  done
done
psql <<SQL
INSERT INTO instance_databases (id, created_at, updated_at, version, is_active, workspace_id, instance_id, name, first_seen_at, last_seen_at, size_bytes, tables_total)
SELECT gen_random_uuid(), now(), now(), 1, true, i.workspace_id, i.id, 'db_' || n, '2025-01-01', now(), 0, 0
FROM instances i CROSS JOIN generate_series(1, $DATABASES) n;
-- A size that grows, shrinks and holds by database and day, from numbers of its own.
INSERT INTO database_size_stats (id, created_at, updated_at, workspace_id, instance_id, database_id, day, size_bytes, collected_at)
SELECT gen_random_uuid(), now(), now(), d.workspace_id, d.instance_id, d.id, day::date,
  1000000 + (abs(hashtext(d.name || d.instance_id::text)) % 1000) * 1000 * (day::date - '2025-01-01'::date) / 7
    + abs(hashtext(d.id::text || day::text)) % 50000, now()
FROM instance_databases d CROSS JOIN generate_series('2025-01-01'::date, '2025-12-31'::date, interval '1 day') day;
INSERT INTO instance_size_stats (id, created_at, updated_at, workspace_id, instance_id, day, total_size_bytes, database_count, collected_at)
SELECT gen_random_uuid(), now(), now(), workspace_id, instance_id, day, sum(size_bytes), count(*), now()
FROM database_size_stats GROUP BY workspace_id, instance_id, day;
VACUUM ANALYZE database_size_stats;
VACUUM ANALYZE instance_size_stats;
SQL
ROWS=$(psql -c "SELECT count(*) FROM database_size_stats")
echo "seeded $ROWS rows in $(( $(date +%s) - SEED_START )) s" >&2

# Symphony: the aggregation run over the year, forced (every period computed and written).
RUN_ID=$(api -X POST "$W/capacity/actions/aggregate" -d '{"from":"2025-01-01","to":"2025-12-31","force":true}' | jq -r .id)
[ "$RUN_ID" != null ] || fail "the aggregation did not start"
for _ in $(seq 1 6000); do
  [ "$(api "$W/runs/$RUN_ID" | jq -r .status)" != processing ] && break
  sleep 0.2
done
STATUS=$(api "$W/runs/$RUN_ID" | jq -r .status)
[ "$STATUS" = completed ] || fail "aggregation run $STATUS: $(api "$W/runs/$RUN_ID/items?status=failed" | jq -c '.items[0].error')"
SYMPHONY_S=$(psql -c "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 1) FROM runs WHERE id = '$RUN_ID'")
WRITTEN=$(psql -c "SELECT (SELECT count(*) FROM database_size_aggregates) + (SELECT count(*) FROM instance_size_aggregates)")

# Baseline: one hand-written GROUP BY per table and period type, into tables shaped like Symphony's.
psql -c "CREATE TABLE baseline_database (LIKE database_size_aggregates INCLUDING ALL)"
psql -c "CREATE TABLE baseline_instance (LIKE instance_size_aggregates INCLUDING ALL)"
baseline() { # target, source, keys, size column, period type, period start, period end
  cat <<SQL
INSERT INTO $1 ($3, period_type, period_start, period_end, days, avg_size_bytes, min_size_bytes, max_size_bytes, first_size_bytes,
  last_size_bytes, change_bytes, growth_percent, trend, is_partial, computed_at)
SELECT $3, '$5', p, $7, count(*), round(avg($4))::bigint, min($4), max($4),
  (array_agg($4 ORDER BY day))[1], (array_agg($4 ORDER BY day DESC))[1],
  (array_agg($4 ORDER BY day DESC))[1] - (array_agg($4 ORDER BY day))[1],
  round(((array_agg($4 ORDER BY day DESC))[1] - (array_agg($4 ORDER BY day))[1]) * 100.0 / nullif((array_agg($4 ORDER BY day))[1], 0), 2)::float8,
  CASE WHEN (array_agg($4 ORDER BY day))[1] = 0 THEN CASE WHEN (array_agg($4 ORDER BY day DESC))[1] > 0 THEN 'growing' ELSE 'stable' END
       WHEN round(((array_agg($4 ORDER BY day DESC))[1] - (array_agg($4 ORDER BY day))[1]) * 100.0 / (array_agg($4 ORDER BY day))[1], 2) > 1 THEN 'growing'
       WHEN round(((array_agg($4 ORDER BY day DESC))[1] - (array_agg($4 ORDER BY day))[1]) * 100.0 / (array_agg($4 ORDER BY day))[1], 2) < -1 THEN 'shrinking'
       ELSE 'stable' END,
  $7 >= current_date, now()
FROM (SELECT *, $6 AS p FROM $2) s
GROUP BY $3, p;
SQL
}
{
  echo '\timing on'
  for spec in "baseline_database|database_size_stats|workspace_id, instance_id, database_id|size_bytes" \
              "baseline_instance|instance_size_stats|workspace_id, instance_id|total_size_bytes"; do
    IFS='|' read -r target source keys size <<<"$spec"
    baseline "$target" "$source" "$keys" "$size" daily "day" "p"
    baseline "$target" "$source" "$keys" "$size" weekly "date_trunc('week', day::timestamp)::date" "(p + 6)"
    baseline "$target" "$source" "$keys" "$size" monthly "date_trunc('month', day::timestamp)::date" "((p + interval '1 month')::date - 1)"
    baseline "$target" "$source" "$keys" "$size" quarterly "date_trunc('quarter', day::timestamp)::date" "((p + interval '3 months')::date - 1)"
  done
} > "$RUN/baseline.sql"
BASE_START=$(date +%s.%N)
psql -f "$RUN/baseline.sql" >/dev/null
BASE_S=$(awk -v a="$BASE_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

COLUMNS="period_type, period_start, period_end, days, avg_size_bytes, min_size_bytes, max_size_bytes, first_size_bytes, last_size_bytes, change_bytes, growth_percent, trend, is_partial"
DIFFER=$(psql -c "SELECT (SELECT count(*) FROM ((SELECT database_id, $COLUMNS FROM database_size_aggregates EXCEPT SELECT database_id, $COLUMNS FROM baseline_database)
  UNION ALL (SELECT database_id, $COLUMNS FROM baseline_database EXCEPT SELECT database_id, $COLUMNS FROM database_size_aggregates)) x)
  + (SELECT count(*) FROM ((SELECT instance_id, $COLUMNS FROM instance_size_aggregates EXCEPT SELECT instance_id, $COLUMNS FROM baseline_instance)
  UNION ALL (SELECT instance_id, $COLUMNS FROM baseline_instance EXCEPT SELECT instance_id, $COLUMNS FROM instance_size_aggregates)) x)")

echo "| what | daily rows read | aggregate rows written | time | vs baseline | rows that differ |"
echo "|---|---|---|---|---|---|"
printf '| baseline: hand-written GROUP BY in psql | %s | %s | %s s | 1.00x | |\n' "$ROWS" "$WRITTEN" "$BASE_S"
printf '| Symphony: aggregation run, %s items | %s | %s | %s s | %sx | %s |\n' "$INSTANCES" "$ROWS" "$WRITTEN" "$SYMPHONY_S" \
  "$(awk -v a="$SYMPHONY_S" -v b="$BASE_S" 'BEGIN { printf "%.2f", a / b }')" "$DIFFER"
