using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Capacity;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>
/// Aggregation over daily sizes written directly, against figures worked out by hand: a month that crosses a quarter,
/// an ISO week spanning two years, a missing day, a database that disappears, the current period partial, and
/// recomputation that changes nothing. Then the top growers, and the forecast against an instance's threshold.
/// </summary>
public abstract class CapacityAggregationTests(SymphonyApp app)
{
    /// <summary>Read at each use: a test that runs across midnight (UTC) sees the day the server sees.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private sealed record Setup(string Api, Guid WorkspaceId, Guid Instance, Guid Growing, Guid Shrinking, Guid YearEnd);

    private async Task<Setup> SetupAsync()
    {
        var slug = "ag-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Aggregation" }))).StatusCode);
        var api = $"/api/v1/workspaces/{slug}";
        var instance = Guid.Parse((await ReadJsonAsync(await app.Admin.PostAsync($"{api}/instances",
            Json(new { name = "pg-main", db_type = "postgresql", host = "pg-main.internal" }))))["id"]!.GetValue<string>());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
        var at = DateTime.UtcNow;
        InstanceDatabase Database(string name) => new() { WorkspaceId = workspaceId, InstanceId = instance, Name = name, FirstSeenAt = at, LastSeenAt = at };
        var (growing, shrinking, yearEnd) = (Database("orders"), Database("scratch"), Database("ledger"));
        shrinking.Gone(at);
        db.InstanceDatabases.AddRange(growing, shrinking, yearEnd);
        // orders grows across the end of March (and of Q1), with no size on Sunday 29 March; scratch shrinks and is gone
        // after 28 March; ledger spans ISO week 2025-W01 (Monday 30 December 2024 to Sunday 5 January 2025).
        var sizes = new (InstanceDatabase Database, string Day, long Size)[]
        {
            (growing, "2026-03-27", 1000), (growing, "2026-03-28", 1100), (growing, "2026-03-30", 1300), (growing, "2026-03-31", 1200),
            (growing, "2026-04-01", 2000), (growing, "2026-04-02", 2100), (growing, "2026-04-03", 2300),
            (shrinking, "2026-03-27", 500), (shrinking, "2026-03-28", 400),
            (yearEnd, "2024-12-30", 10000), (yearEnd, "2024-12-31", 10000), (yearEnd, "2025-01-01", 10050), (yearEnd, "2025-01-05", 10090),
        };
        foreach (var (database, day, size) in sizes)
            db.DatabaseSizeStats.Add(new DatabaseSizeStat
            {
                WorkspaceId = workspaceId, InstanceId = instance, DatabaseId = database.Id, Day = DateOnly.Parse(day), SizeBytes = size, CollectedAt = at,
            });
        foreach (var day in sizes.GroupBy(s => s.Day))
            db.InstanceSizeStats.Add(new InstanceSizeStat
            {
                WorkspaceId = workspaceId, InstanceId = instance, Day = DateOnly.Parse(day.Key), TotalSizeBytes = day.Sum(s => s.Size),
                DatabaseCount = day.Count(), CollectedAt = at,
            });
        await db.SaveChangesAsync();
        return new Setup(api, workspaceId, instance, growing.Id, shrinking.Id, yearEnd.Id);
    }

    private async Task<JsonNode> AggregateAsync(Setup setup, object body)
    {
        var response = await app.Admin.PostAsync($"{setup.Api}/capacity/actions/aggregate?wait=30", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var run = await ReadJsonAsync(response);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        return (await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/runs/{run["id"]}/items")))["items"]![0]!["result"]!;
    }

    private async Task<JsonArray> PeriodsAsync(string path, string type, string from, string to)
    {
        var response = await app.Admin.GetAsync($"{path}/summaries?period_type={type}&from={from}&to={to}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["periods"]!.AsArray();
    }

    /// <summary>A period's figures in the order: start, end, days, avg, min, max, first, last, change, growth, trend, partial.</summary>
    private static string Figures(JsonNode period) => string.Join(" ",
        period["period_start"], period["period_end"], period["days"], period["avg_size_bytes"], period["min_size_bytes"], period["max_size_bytes"],
        period["first_size_bytes"], period["last_size_bytes"], period["change_bytes"], period["growth_percent"]?.ToJsonString() ?? "null",
        period["trend"], period["is_partial"]!.ToJsonString());

    [Fact]
    public async Task Periods_hold_the_figures_worked_out_by_hand_across_a_quarter_a_year_and_a_missing_day()
    {
        var setup = await SetupAsync();
        await AggregateAsync(setup, new { from = "2026-03-27", to = "2026-04-03" });
        await AggregateAsync(setup, new { from = "2024-12-30", to = "2025-01-05" });
        var orders = $"{setup.Api}/capacity/databases/{setup.Growing}";

        Assert.Equal(["2026-03-01 2026-03-31 4 1150 1000 1300 1000 1200 200 20 growing false",
                      "2026-04-01 2026-04-30 3 2133 2000 2300 2000 2300 300 15 growing false"],
            (await PeriodsAsync(orders, "monthly", "2026-03-01", "2026-04-30")).Select(p => Figures(p!)));
        Assert.Equal(["2026-01-01 2026-03-31 4 1150 1000 1300 1000 1200 200 20 growing false",
                      "2026-04-01 2026-06-30 3 2133 2000 2300 2000 2300 300 15 growing false"],
            (await PeriodsAsync(orders, "quarterly", "2026-01-01", "2026-06-30")).Select(p => Figures(p!)));
        // The week of the missing Sunday holds the two days it has; the next one runs Monday 30 March to Sunday 5 April.
        Assert.Equal(["2026-03-23 2026-03-29 2 1050 1000 1100 1000 1100 100 10 growing false",
                      "2026-03-30 2026-04-05 5 1780 1200 2300 1300 2300 1000 76.92 growing false"],
            (await PeriodsAsync(orders, "weekly", "2026-03-23", "2026-04-05")).Select(p => Figures(p!)));
        Assert.Equal(["2026-03-30 2026-03-30 1 1300 1300 1300 1300 1300 0 0 stable false", "2026-03-31 2026-03-31 1 1200 1200 1200 1200 1200 0 0 stable false"],
            (await PeriodsAsync(orders, "daily", "2026-03-29", "2026-03-31")).Select(p => Figures(p!)));

        // Gone after 28 March: its March is there, shrinking, and it has no April.
        Assert.Equal(["2026-03-01 2026-03-31 2 450 400 500 500 400 -100 -20 shrinking false"],
            (await PeriodsAsync($"{setup.Api}/capacity/databases/{setup.Shrinking}", "monthly", "2026-03-01", "2026-04-30")).Select(p => Figures(p!)));
        // The instance's total: 1500, 1500, 1300, 1200 in March.
        Assert.Equal(["2026-03-01 2026-03-31 4 1375 1200 1500 1500 1200 -300 -20 shrinking false",
                      "2026-04-01 2026-04-30 3 2133 2000 2300 2000 2300 300 15 growing false"],
            (await PeriodsAsync($"{setup.Api}/capacity/instances/{setup.Instance}", "monthly", "2026-03-01", "2026-04-30")).Select(p => Figures(p!)));

        // ISO week 2025-W01 begins in 2024; 0.9 % is within the 1 % of "stable".
        var ledger = $"{setup.Api}/capacity/databases/{setup.YearEnd}";
        Assert.Equal(["2024-12-30 2025-01-05 4 10035 10000 10090 10000 10090 90 0.9 stable false"],
            (await PeriodsAsync(ledger, "weekly", "2024-12-30", "2025-01-05")).Select(p => Figures(p!)));
        Assert.Equal(["2024-10-01 2024-12-31 2 10000 10000 10000 10000 10000 0 0 stable false",
                      "2025-01-01 2025-03-31 2 10070 10050 10090 10050 10090 40 0.4 stable false"],
            (await PeriodsAsync(ledger, "quarterly", "2024-10-01", "2025-03-31")).Select(p => Figures(p!)));
    }

    [Fact]
    public async Task Recomputing_changes_no_figure_finished_periods_are_kept_unless_forced_and_the_current_one_is_partial()
    {
        var setup = await SetupAsync();
        var written = await AggregateAsync(setup, new { from = "2026-03-27", to = "2026-04-03" });
        // orders, scratch and the instance: 7 + 2 + 7 days, 2 + 1 + 2 weeks, 2 + 1 + 2 months and quarters.
        Assert.Equal(16, written["written"]!["daily"]!.GetValue<int>());
        Assert.Equal(5, written["written"]!["weekly"]!.GetValue<int>());
        var orders = $"{setup.Api}/capacity/databases/{setup.Growing}";
        var before = await PeriodsAsync(orders, "weekly", "2026-03-23", "2026-04-05");

        // Finished periods are kept as they were computed (their computed_at too) unless forced.
        var again = await AggregateAsync(setup, new { from = "2026-03-27", to = "2026-04-03" });
        Assert.Equal(0, again["written"]!["weekly"]!.GetValue<int>());
        Assert.Equal(before.ToJsonString(), (await PeriodsAsync(orders, "weekly", "2026-03-23", "2026-04-05")).ToJsonString());
        var forced = await AggregateAsync(setup, new { from = "2026-03-27", to = "2026-04-03", force = true });
        Assert.Equal(5, forced["written"]!["weekly"]!.GetValue<int>());
        var after = await PeriodsAsync(orders, "weekly", "2026-03-23", "2026-04-05");
        Assert.Equal(before.Select(p => Figures(p!)), after.Select(p => Figures(p!)));
        Assert.True(after[0]!["computed_at"]!.GetValue<DateTime>() > before[0]!["computed_at"]!.GetValue<DateTime>());

        // Today's size: the periods holding today are partial, and the next aggregation computes them again.
        var today = Today;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            db.DatabaseSizeStats.Add(new DatabaseSizeStat
            {
                WorkspaceId = setup.WorkspaceId, InstanceId = setup.Instance, DatabaseId = setup.Growing, Day = today, SizeBytes = 5000, CollectedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await AggregateAsync(setup, new { });
        var month = Assert.Single(await PeriodsAsync(orders, "monthly", today.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")))!;
        Assert.Equal((true, 5000L, 1), (month["is_partial"]!.GetValue<bool>(), month["last_size_bytes"]!.GetValue<long>(), month["days"]!.GetValue<int>()));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            await db.DatabaseSizeStats.Where(s => s.DatabaseId == setup.Growing && s.Day == today).ExecuteUpdateAsync(s => s.SetProperty(x => x.SizeBytes, 5200));
        }
        await AggregateAsync(setup, new { });
        month = Assert.Single(await PeriodsAsync(orders, "monthly", today.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")))!;
        Assert.Equal(5200L, month["last_size_bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_period_left_partial_when_it_ended_is_computed_again_by_the_next_aggregation()
    {
        var setup = await SetupAsync();
        using (var scope = app.Services.CreateScope())
        {
            // As if computed on Wednesday 1 April while the week ran, and nothing aggregated after it ended.
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            db.DatabaseSizeAggregates.Add(new DatabaseSizeAggregate
            {
                WorkspaceId = setup.WorkspaceId, InstanceId = setup.Instance, DatabaseId = setup.Growing, PeriodType = PeriodType.Weekly,
                PeriodStart = new DateOnly(2026, 3, 30), PeriodEnd = new DateOnly(2026, 4, 5), Days = 3, AvgSizeBytes = 1500, MinSizeBytes = 1200,
                MaxSizeBytes = 2000, FirstSizeBytes = 1300, LastSizeBytes = 2000, ChangeBytes = 700, GrowthPercent = 53.85, Trend = "growing",
                IsPartial = true, ComputedAt = new DateTime(2026, 4, 1, 3, 0, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }
        // The latest periods only (yesterday's and today's): the stale week comes along.
        await AggregateAsync(setup, new { });
        Assert.Equal(["2026-03-30 2026-04-05 5 1780 1200 2300 1300 2300 1000 76.92 growing false"],
            (await PeriodsAsync($"{setup.Api}/capacity/databases/{setup.Growing}", "weekly", "2026-03-30", "2026-04-05")).Select(p => Figures(p!)));
    }

    [Fact]
    public async Task Days_beyond_what_a_period_can_hold_are_refused_with_a_problem()
    {
        var setup = await SetupAsync();
        await AssertProblemAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?period_type=monthly&period=9999-12-31"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/instances/{setup.Instance}/summaries?period_type=quarterly&to=0001-01-10"),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.PostAsync($"{setup.Api}/capacity/actions/aggregate", Json(new { from = "9999-12-30", to = "9999-12-31" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/instances/{setup.Instance}/summaries?period_type=Weekly"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Top_growers_rank_what_grew_in_a_period_and_leave_out_what_shrank()
    {
        var setup = await SetupAsync();
        await AggregateAsync(setup, new { from = "2026-03-27", to = "2026-04-03" });
        var march = await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?period_type=monthly&period=2026-03-15"));
        Assert.Equal(("2026-03-01", "2026-03-31"), (march["period_start"]!.GetValue<string>(), march["period_end"]!.GetValue<string>()));
        Assert.Equal(["orders 200"], march["items"]!.AsArray().Select(g => $"{g!["database"]} {g["change_bytes"]}"));
        var instances = await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?period_type=monthly&period=2026-03-01&of=instances"));
        Assert.Empty(instances["items"]!.AsArray());
        instances = await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?period_type=quarterly&period=2026-04-01&of=instances"));
        Assert.Equal(["pg-main 300"], instances["items"]!.AsArray().Select(g => $"{g!["instance"]} {g["change_bytes"]}"));

        await AssertProblemAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?period_type=yearly"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/growers?of=tables"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_forecast_projects_the_line_through_the_sizes_to_the_day_it_reaches_the_threshold()
    {
        var setup = await SetupAsync();
        var lastDay = Today;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            // 1,000 bytes nine days ago, 100 more each day: 1,900 today, 5,000 in 31 days.
            for (var k = 0; k < 10; k++)
                db.InstanceSizeStats.Add(new InstanceSizeStat
                {
                    WorkspaceId = setup.WorkspaceId, InstanceId = setup.Instance, Day = lastDay.AddDays(k - 9), TotalSizeBytes = 1000 + 100 * k, DatabaseCount = 1,
                    CollectedAt = DateTime.UtcNow,
                });
            await db.SaveChangesAsync();
        }
        var instance = $"{setup.Api}/capacity/instances/{setup.Instance}";
        var unset = await ReadJsonAsync(await app.Admin.GetAsync($"{instance}/forecast"));
        Assert.Equal((100.0, 10, "null"), (unset["slope_bytes_per_day"]!.GetValue<double>(), unset["samples"]!.GetValue<int>(), unset["reaches_threshold_on"]?.ToJsonString() ?? "null"));

        var set = await app.Admin.PutAsync($"{instance}/threshold", Json(new { threshold_bytes = 5000 }));
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var forecast = await ReadJsonAsync(await app.Admin.GetAsync($"{instance}/forecast?horizon_days=14"));
        // 31 days after the last size measured; counted from the server's today (one less if midnight passed meanwhile).
        Assert.Equal(lastDay.AddDays(31).ToString("yyyy-MM-dd"), forecast["reaches_threshold_on"]!.GetValue<string>());
        var daysUntil = forecast["days_until_threshold"]!.GetValue<int>();
        Assert.InRange(daysUntil, 30, 31);
        Assert.Equal([$"{lastDay:yyyy-MM-dd} 1900", $"{lastDay.AddDays(7):yyyy-MM-dd} 2600", $"{lastDay.AddDays(14):yyyy-MM-dd} 3300"],
            forecast["projection"]!.AsArray().Select(p => $"{p!["day"]} {p["size_bytes"]}"));

        // The list takes an instance reaching its threshold within the days asked for, and not a day sooner.
        var within = await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/forecasts/outgrowing?within_days={daysUntil}"));
        Assert.Equal(["pg-main"], within["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        var sooner = await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/forecasts/outgrowing?within_days={daysUntil - 1}"));
        Assert.Empty(sooner["items"]!.AsArray());

        await AssertProblemAsync(await app.Admin.PutAsync($"{instance}/threshold", Json(new { threshold_bytes = 0 })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await app.Admin.GetAsync($"{instance}/forecast?days=3"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(HttpStatusCode.OK, (await app.Admin.PutAsync($"{instance}/threshold", Json(new { threshold_bytes = (long?)null }))).StatusCode);
        Assert.Empty((await ReadJsonAsync(await app.Admin.GetAsync($"{setup.Api}/capacity/forecasts/outgrowing?within_days=365")))["items"]!.AsArray());
    }
}

public sealed class SqliteCapacityAggregationTests(SqliteCapacityHistoryApp app) : CapacityAggregationTests(app), IClassFixture<SqliteCapacityHistoryApp>;

public sealed class PostgresCapacityAggregationTests(PostgresCapacityHistoryApp app) : CapacityAggregationTests(app), IClassFixture<PostgresCapacityHistoryApp>
{
    /// <summary>The SOP's self-check, its two queries as written there, on this month's total of an instance.</summary>
    [Fact]
    public async Task The_sops_self_check_finds_the_stored_month_equal_to_the_hand_written_query()
    {
        var slug = "sc-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Self-check" }))).StatusCode);
        var api = $"/api/v1/workspaces/{slug}";
        var instance = Guid.Parse((await ReadJsonAsync(await app.Admin.PostAsync($"{api}/instances",
            Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" }))))["id"]!.GetValue<string>());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
            for (var day = PeriodType.Monthly.StartOf(today); day <= today; day = day.AddDays(2))
                db.InstanceSizeStats.Add(new InstanceSizeStat
                {
                    WorkspaceId = workspaceId, InstanceId = instance, Day = day, TotalSizeBytes = 1000 + day.Day * 37, DatabaseCount = 1, CollectedAt = DateTime.UtcNow,
                });
            await db.SaveChangesAsync();
        }
        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{api}/capacity/actions/aggregate?wait=30", Json(new { })));
        Assert.Equal("completed", run["status"]!.GetValue<string>());

        var sop = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "flows", "aggregation.md"));
        var block = System.Text.RegularExpressions.Regex.Match(sop, "```sql\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var queries = block.Replace(":'instance'", $"'{instance}'", StringComparison.Ordinal).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, queries.Length);
        var rows = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var query in queries)
        {
            await using var command = new Npgsql.NpgsqlCommand(query, connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no row: {query}");
            rows.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        Assert.Equal(rows[1], rows[0]);
    }
}
