using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Symphony.Application.Capacity;
using Symphony.Application.Common;
using Symphony.Application.Retention;
using Symphony.Domain.Capacity;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Capacity;

/// <summary>
/// Aggregation as one DELETE and one INSERT ... SELECT ... GROUP BY per table and period type, in one transaction:
/// the rows of the periods to recompute (still partial, or all when forced) go, and every period is inserted again
/// unless its row is still there (a finished one). Nothing is read into memory. Where the two providers' SQL
/// differs (a period's first day, the first and last size of a group) is in <see cref="AggregationDialect"/>.
/// </summary>
internal sealed class CapacityAggregator(IOptions<RetentionOptions> retention) : ICapacityAggregator
{
    private static readonly (string Table, string Source, string Owner, string Size)[] Tables =
    [
        ("database_size_aggregates", "database_size_stats", "database_id", "size_bytes"),
        ("instance_size_aggregates", "instance_size_stats", "instance_id", "total_size_bytes"),
    ];

    public async Task<AggregationResult> AggregateAsync(IApplicationDbContext context, AggregationScope scope, CancellationToken ct)
    {
        var db = (SymphonyDbContext)context;
        var dialect = db.IsSqlite ? AggregationDialect.Sqlite : AggregationDialect.Postgres;
        var written = new Dictionary<string, int>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var today = DateOnly.FromDateTime(scope.Now);
        var retainedFrom = today.AddDays(-retention.Value.CapacityDays);
        var ofInstance = scope.InstanceId is null ? "" : " AND instance_id = @instance";
        foreach (var type in CapacityPeriod.All)
        {
            var (first, last) = (type.StartOf(scope.From), type.EndOf(scope.To));
            // A period left partial (nothing aggregated the day after it ended) is computed again whatever the range.
            foreach (var table in Tables)
                if (await FirstStaleAsync(db, dialect, table.Table, ofInstance, scope, type, today, ct) is { } stale && stale < first)
                    first = stale;
            // A period some of whose days retention deleted is never computed again: it would be computed from the rest.
            var complete = type.StartOf(retainedFrom) == retainedFrom ? retainedFrom : type.EndOf(retainedFrom).AddDays(1);
            if (first < complete) first = complete;
            var count = 0;
            foreach (var table in Tables)
            {
                if (first > last) break;
                var parameters = new (string, object?)[]
                {
                    ("workspace", scope.WorkspaceId), ("instance", scope.InstanceId), ("type", type.Name()), ("first", first), ("last", last),
                    ("today", today), ("now", scope.Now), ("threshold", CapacityPeriod.TrendThresholdPercent),
                };
                await ExecuteAsync(db, dialect, $"""
                    DELETE FROM {table.Table}
                    WHERE workspace_id = @workspace{ofInstance} AND period_type = @type AND period_start BETWEEN @first AND @last
                    {(scope.Force ? "" : $"AND is_partial = {dialect.True}")}
                    """, parameters, ct);
                count += await ExecuteAsync(db, dialect, Insert(dialect, type, table, ofInstance), parameters, ct);
            }
            written[type.Name()] = count;
        }
        await transaction.CommitAsync(ct);
        return new AggregationResult(written);
    }

    private static string Insert(AggregationDialect dialect, PeriodType type, (string Table, string Source, string Owner, string Size) table, string ofInstance)
    {
        var keys = table.Owner == "database_id" ? "workspace_id, instance_id, database_id" : "workspace_id, instance_id";
        var end = dialect.PeriodEnd(type, "period_start");
        const string growth = "(last_size - first_size) * 100.0 / first_size";
        return $"""
            INSERT INTO {table.Table} ({keys}, period_type, period_start, period_end, days, avg_size_bytes, min_size_bytes, max_size_bytes,
              first_size_bytes, last_size_bytes, change_bytes, growth_percent, trend, is_partial, computed_at)
            SELECT {keys}, @type, period_start, {end}, days, avg_size, min_size, max_size, first_size, last_size, last_size - first_size,
              CASE WHEN first_size = 0 THEN NULL ELSE {dialect.Round2(growth)} END,
              CASE WHEN first_size = 0 THEN CASE WHEN last_size > 0 THEN 'growing' ELSE 'stable' END
                   WHEN {dialect.Round2(growth)} > @threshold THEN 'growing' WHEN {dialect.Round2(growth)} < -@threshold THEN 'shrinking' ELSE 'stable' END,
              {end} >= @today, @now
            FROM ({dialect.Grouped(keys, table.Owner, table.Size, dialect.PeriodStart(type, "day"),
                $"FROM {table.Source} WHERE workspace_id = @workspace{ofInstance} AND day BETWEEN @first AND @last")}) periods
            WHERE true
            ON CONFLICT DO NOTHING
            """;
    }

    /// <summary>The first day of the earliest period of the type still marked partial though it has ended, if any.</summary>
    private static async Task<DateOnly?> FirstStaleAsync(
        SymphonyDbContext db, AggregationDialect dialect, string table, string ofInstance, AggregationScope scope, PeriodType type, DateOnly today, CancellationToken ct)
    {
        await using var command = Command(db, dialect, $"""
            SELECT min(period_start) FROM {table}
            WHERE workspace_id = @workspace{ofInstance} AND period_type = @type AND is_partial = {dialect.True} AND period_end < @today
            """, [("workspace", scope.WorkspaceId), ("instance", scope.InstanceId), ("type", type.Name()), ("today", today)]);
        return await command.ExecuteScalarAsync(ct) switch
        {
            DateOnly day => day,
            DateTime time => DateOnly.FromDateTime(time),
            string text => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static async Task<int> ExecuteAsync(SymphonyDbContext db, AggregationDialect dialect, string sql, (string Name, object? Value)[] parameters, CancellationToken ct)
    {
        await using var command = Command(db, dialect, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(SymphonyDbContext db, AggregationDialect dialect, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (value is null) continue;
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = dialect.Stored(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>The SQL of aggregation that differs between PostgreSQL and SQLite.</summary>
internal abstract class AggregationDialect
{
    public static AggregationDialect Postgres { get; } = new PostgresAggregation();
    public static AggregationDialect Sqlite { get; } = new SqliteAggregation();

    public abstract string True { get; }

    /// <summary>The first day of the period of the type holding the date expression.</summary>
    public abstract string PeriodStart(PeriodType type, string day);

    /// <summary>The last day of the period that begins on the date expression.</summary>
    public abstract string PeriodEnd(PeriodType type, string start);

    public abstract string Round2(string expression);

    /// <summary>
    /// A query of one row per owner and period: the keys, period_start, days, avg_size, min_size, max_size,
    /// first_size and last_size (the sizes on the period's first and last day with one).
    /// </summary>
    public abstract string Grouped(string keys, string owner, string size, string periodStart, string from);

    public abstract object Stored(object value);

    private sealed class PostgresAggregation : AggregationDialect
    {
        public override string True => "true";

        public override string PeriodStart(PeriodType type, string day) => type switch
        {
            PeriodType.Daily => day,
            PeriodType.Weekly => $"date_trunc('week', {day}::timestamp)::date",
            PeriodType.Monthly => $"date_trunc('month', {day}::timestamp)::date",
            _ => $"date_trunc('quarter', {day}::timestamp)::date",
        };

        public override string PeriodEnd(PeriodType type, string start) => type switch
        {
            PeriodType.Daily => start,
            PeriodType.Weekly => $"({start} + 6)",
            PeriodType.Monthly => $"(({start} + interval '1 month')::date - 1)",
            _ => $"(({start} + interval '3 months')::date - 1)",
        };

        public override string Round2(string expression) => $"round({expression}, 2)::double precision";

        public override string Grouped(string keys, string owner, string size, string periodStart, string from) => $"""
            SELECT {keys}, {periodStart} AS period_start, count(*) AS days, round(avg({size}))::bigint AS avg_size,
              min({size}) AS min_size, max({size}) AS max_size,
              (array_agg({size} ORDER BY day))[1] AS first_size, (array_agg({size} ORDER BY day DESC))[1] AS last_size
            {from}
            GROUP BY {keys}, period_start
            """;

        public override object Stored(object value) => value;
    }

    private sealed class SqliteAggregation : AggregationDialect
    {
        public override string True => "1";

        public override string PeriodStart(PeriodType type, string day) => type switch
        {
            PeriodType.Daily => day,
            PeriodType.Weekly => $"date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')",
            PeriodType.Monthly => $"date({day}, 'start of month')",
            _ => $"date({day}, 'start of month', '-' || ((CAST(strftime('%m', {day}) AS INTEGER) - 1) % 3) || ' months')",
        };

        public override string PeriodEnd(PeriodType type, string start) => type switch
        {
            PeriodType.Daily => start,
            PeriodType.Weekly => $"date({start}, '+6 days')",
            PeriodType.Monthly => $"date({start}, '+1 month', '-1 day')",
            _ => $"date({start}, '+3 months', '-1 day')",
        };

        public override string Round2(string expression) => $"round({expression}, 2)";

        // No array_agg: each row carries its period's first and last size from two windows, and the group keeps one.
        public override string Grouped(string keys, string owner, string size, string periodStart, string from) => $"""
            SELECT {keys}, period_start, count(*) AS days, CAST(round(avg({size})) AS INTEGER) AS avg_size,
              min({size}) AS min_size, max({size}) AS max_size, max(first_size) AS first_size, max(last_size) AS last_size
            FROM (
              SELECT {keys}, period_start, day, {size},
                first_value({size}) OVER (PARTITION BY {owner}, period_start ORDER BY day) AS first_size,
                first_value({size}) OVER (PARTITION BY {owner}, period_start ORDER BY day DESC) AS last_size
              FROM (SELECT {keys}, day, {size}, {periodStart} AS period_start {from}) days
            ) ranked
            GROUP BY {keys}, period_start
            """;

        public override object Stored(object value) => SqliteValues.Stored(value)!;
    }
}
