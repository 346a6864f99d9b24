using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Domain.Capacity;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Aggregation beside retention (the default 400 days): a period some of whose days are past it is left as it was.</summary>
public abstract class AggregationRetentionTests(SymphonyApp app)
{
    [Fact]
    public async Task A_forced_recomputation_leaves_a_period_that_began_before_the_retained_days_as_it_was()
    {
        var slug = "ar-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Retention" }))).StatusCode);
        var api = $"/api/v1/workspaces/{slug}";
        var instance = Guid.Parse((await ReadJsonAsync(await app.Admin.PostAsync($"{api}/instances",
            Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" }))))["id"]!.GetValue<string>());
        var firstKept = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-new Symphony.Application.Retention.RetentionOptions().CapacityDays);
        // A period that began before the first kept day, and still holds it (none does when that day begins a quarter on a Monday).
        var straddling = new[] { PeriodType.Weekly, PeriodType.Monthly, PeriodType.Quarterly }.FirstOrDefault(t => t.StartOf(firstKept) < firstKept);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
            db.InstanceSizeStats.Add(new InstanceSizeStat
            {
                WorkspaceId = workspaceId, InstanceId = instance, Day = firstKept, TotalSizeBytes = 5000, DatabaseCount = 1, CollectedAt = DateTime.UtcNow,
            });
            if (straddling != PeriodType.Daily)
                db.InstanceSizeAggregates.Add(new InstanceSizeAggregate
                {
                    WorkspaceId = workspaceId, InstanceId = instance, PeriodType = straddling, PeriodStart = straddling.StartOf(firstKept),
                    PeriodEnd = straddling.EndOf(firstKept), Days = 20, AvgSizeBytes = 4000, MinSizeBytes = 3000, MaxSizeBytes = 5000,
                    FirstSizeBytes = 3000, LastSizeBytes = 5000, ChangeBytes = 2000, GrowthPercent = 66.67, Trend = "growing", ComputedAt = DateTime.UtcNow,
                });
            await db.SaveChangesAsync();
        }
        var day = firstKept.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var run = await ReadJsonAsync(await app.Admin.PostAsync($"{api}/capacity/actions/aggregate?wait=30", Json(new { from = day, to = day, force = true })));
        Assert.Equal("completed", run["status"]!.GetValue<string>());

        var daily = (await ReadJsonAsync(await app.Admin.GetAsync($"{api}/capacity/instances/{instance}/summaries?period_type=daily&from={day}&to={day}")))["periods"]!.AsArray();
        Assert.Equal(5000, Assert.Single(daily)!["avg_size_bytes"]!.GetValue<long>());
        if (straddling == PeriodType.Daily) return;
        var kept = (await ReadJsonAsync(await app.Admin.GetAsync(
            $"{api}/capacity/instances/{instance}/summaries?period_type={straddling.Name()}&from={day}&to={day}")))["periods"]!.AsArray();
        Assert.Equal((20, 4000L), (Assert.Single(kept)!["days"]!.GetValue<int>(), kept[0]!["avg_size_bytes"]!.GetValue<long>()));
    }
}

[Collection(SqliteEngineServer.Name)]
public sealed class SqliteAggregationRetentionTests(SqliteApp app) : AggregationRetentionTests(app);

[Collection(PostgresEngineServer.Name)]
public sealed class PostgresAggregationRetentionTests(PostgresApp app) : AggregationRetentionTests(app);
