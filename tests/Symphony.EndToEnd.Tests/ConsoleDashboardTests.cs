using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Symphony.Application.Common;
using Symphony.Domain.Capacity;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.EndToEnd.Tests;

/// <summary>
/// The workspace dashboard, the capacity trends chart, a run page that follows its run, and automations made and
/// changed in the console, in headless Chromium.
/// </summary>
public sealed class ConsoleDashboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<string> WorkspaceAsync()
    {
        var slug = "d-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Dashboard " + slug }))).StatusCode);
        return slug;
    }

    private async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["id"]!.GetValue<string>();
    }

    private async Task<IPage> AdminPageAsync()
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, "admin", AdminPassword);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        return page;
    }

    [Fact]
    public async Task Every_dashboard_figure_equals_the_total_of_the_api_list_its_link_opens()
    {
        var slug = await WorkspaceAsync();
        var api = $"/api/v1/workspaces/{slug}";
        foreach (var (name, type, environment) in new[] { ("pg-1", "postgresql", "production"), ("pg-2", "postgresql", "staging"), ("my-1", "mysql", (string?)null) })
            await CreatedIdAsync(await app.Admin.PostAsync($"{api}/instances", Json(new { name, db_type = type, host = name + ".internal", environment })));
        // A refused connection: the instance's health becomes poor.
        var closed = await CreatedIdAsync(await app.Admin.PostAsync($"{api}/instances", Json(new { name = "closed", db_type = "postgresql", host = "127.0.0.1", port = 9 })));
        await app.Admin.PostAsync($"{api}/instances/actions/test-connection", Json(new { instance_ids = new[] { closed } }));
        var automation = await CreatedIdAsync(await app.Admin.PostAsync($"{api}/automations", Json(new { name = "mixed", handler_kind = "echo", max_attempts = 1 })));
        var batch = await CreatedIdAsync(await app.Admin.PostAsync($"{api}/automations/{automation}/batches", Json(new { name = "b" })));
        await app.Admin.PostAsync($"{api}/automations/{automation}/batches/{batch}/items", Json(new { payload = new { always_fail = true } }));
        Assert.Equal("failed", (await ReadJsonAsync(await app.Admin.PostAsync($"{api}/automations/{automation}/runs?wait=20", null)))["status"]!.GetValue<string>());

        var page = await AdminPageAsync();
        await page.GotoAsync($"/workspaces/{slug}");
        var figures = page.Locator("[data-testid^=figure-]");
        var compared = 0;
        for (var i = 0; i < await figures.CountAsync(); i++)
        {
            var figure = figures.Nth(i);
            var testId = await figure.GetAttributeAsync("data-testid");
            var href = (await figure.GetAttributeAsync("href"))!;
            if (!href.Contains("/instances", StringComparison.Ordinal) && !href.Contains("/runs", StringComparison.Ordinal)) continue;
            var shown = int.Parse((await figure.Locator(".figure").CountAsync() > 0 ? await figure.Locator(".figure").InnerTextAsync() : await figure.InnerTextAsync()).Trim(),
                CultureInfo.InvariantCulture);
            var list = await ReadJsonAsync(await app.Admin.GetAsync("/api/v1" + href.Replace("dbType=", "db_type=", StringComparison.Ordinal)));
            Assert.True(list["total"]!.GetValue<int>() == shown, $"{testId}: the page shows {shown}, {href} lists {list["total"]}");
            compared++;
        }
        Assert.True(compared >= 9, $"only {compared} figures compared");
        Assert.Equal("4", (await page.InnerTextAsync("[data-testid=figure-instances]")).Trim());
        Assert.Equal("1", (await page.InnerTextAsync("[data-testid=figure-failing]")).Trim());
        Assert.Equal("1", (await page.InnerTextAsync("[data-testid=figure-runs-failed] .figure")).Trim());
        Assert.Contains("mixed", await page.InnerTextAsync("[data-testid=failed-runs]"));
        await BrowserApp.ScreenshotAsync(page, "dashboard");

        // A failed sync names the instance that failed and why.
        Assert.Equal("failed", (await ReadJsonAsync(await app.Admin.PostAsync($"{api}/instances/{closed}/actions/sync-accounts?wait=20", null)))["status"]!.GetValue<string>());
        await page.ReloadAsync();
        var cause = await page.InnerTextAsync("[data-testid=failed-run-cause] >> nth=0");
        Assert.StartsWith("closed:", cause.Trim(), StringComparison.Ordinal);
        Assert.Contains("has no credential", cause, StringComparison.Ordinal);
        await page.GotoAsync($"/workspaces/{slug}");

        // A figure opens its list in the console with the same count of rows.
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=figure-type-postgresql]");
        Assert.Equal(3, await page.Locator("[data-testid=instances-table] tbody tr").CountAsync());
    }

    [Fact]
    public async Task The_capacity_chart_draws_a_point_per_period_with_the_forecast_ahead_and_the_threshold()
    {
        var slug = await WorkspaceAsync();
        var api = $"/api/v1/workspaces/{slug}";
        var instance = Guid.Parse(await CreatedIdAsync(await app.Admin.PostAsync($"{api}/instances", Json(new { name = "pg", db_type = "postgresql", host = "pg.internal" }))));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
            var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => w.Id).SingleAsync();
            for (var k = 0; k < 10; k++)
                db.InstanceSizeStats.Add(new InstanceSizeStat
                {
                    WorkspaceId = workspaceId, InstanceId = instance, Day = today.AddDays(k - 9), TotalSizeBytes = (1L << 30) + k * (100L << 20),
                    DatabaseCount = 1, CollectedAt = DateTime.UtcNow,
                });
            await db.SaveChangesAsync();
        }
        var from = today.AddDays(-9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var aggregated = await ReadJsonAsync(await app.Admin.PostAsync($"{api}/capacity/actions/aggregate?wait=30",
            Json(new { from, to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })));
        Assert.Equal("completed", aggregated["status"]!.GetValue<string>());

        var page = await AdminPageAsync();
        await page.GotoAsync($"/workspaces/{slug}/capacity?instance={instance}&period=daily&from={from}");
        // "0,2" is 0.2 in some languages and 2 in others: refused, never read as either.
        await page.FillAsync("#threshold-gib", "0,2");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "text=Save threshold");
        Assert.Contains("holds a comma", await page.InnerTextAsync("[data-testid=capacity-message]"));
        Assert.Null((await ReadJsonAsync(await app.Admin.GetAsync($"{api}/capacity/instances/{instance}/forecast")))["threshold_bytes"]?.GetValue<long?>());
        await page.FillAsync("#threshold-gib", "3");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "text=Save threshold");
        Assert.Contains("Threshold set to 3 GiB", await page.InnerTextAsync("[data-testid=capacity-message]"));
        await page.GotoAsync($"/workspaces/{slug}/capacity?instance={instance}&period=daily&from={from}");

        // One point per day, carrying the API's figures; the forecast and the threshold drawn.
        var points = page.Locator("[data-testid=chart] circle.chart-point");
        Assert.Equal(10, await points.CountAsync());
        var summaries = (await ReadJsonAsync(await app.Admin.GetAsync($"{api}/capacity/instances/{instance}/summaries?period_type=daily&from={from}")))["periods"]!.AsArray();
        for (var i = 0; i < 10; i++)
            Assert.Equal((summaries[i]!["period_start"]!.GetValue<string>(), summaries[i]!["avg_size_bytes"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture)),
                (await points.Nth(i).GetAttributeAsync("data-day"), await points.Nth(i).GetAttributeAsync("data-value")));
        Assert.Equal(1, await page.Locator("[data-testid=chart-forecast]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=chart-threshold]").CountAsync());
        // 1 GiB growing 100 MiB a day reaches 3 GiB 20.48 days after the first: 21 days after it, 12 from today.
        var forecast = await ReadJsonAsync(await app.Admin.GetAsync($"{api}/capacity/instances/{instance}/forecast"));
        Assert.Equal(today.AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), forecast["reaches_threshold_on"]!.GetValue<string>());
        Assert.StartsWith(forecast["reaches_threshold_on"]!.GetValue<string>(), await page.InnerTextAsync("[data-testid=reaches-on]"));
        Assert.Contains("pg", await page.InnerTextAsync("[data-testid=outgrowing-table]"));
        await BrowserApp.ScreenshotAsync(page, "capacity");

        // Weekly: one point per ISO week the ten days touch.
        await page.SelectOptionAsync("#trend-period", "weekly");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "text=Show");
        var weeks = (await ReadJsonAsync(await app.Admin.GetAsync($"{api}/capacity/instances/{instance}/summaries?period_type=weekly&from={from}")))["periods"]!.AsArray();
        Assert.Equal(weeks.Count, await page.Locator("[data-testid=chart] circle.chart-point").CountAsync());
    }

    [Fact]
    public async Task A_run_page_follows_a_run_of_200_items_to_100_percent_without_a_reload()
    {
        var slug = await WorkspaceAsync();
        var api = $"/api/v1/workspaces/{slug}";
        var automation = await CreatedIdAsync(await app.Admin.PostAsync($"{api}/automations", Json(new { name = "two-hundred", handler_kind = "echo", max_concurrency = 1 })));
        var batch = await CreatedIdAsync(await app.Admin.PostAsync($"{api}/automations/{automation}/batches", Json(new { name = "b" })));
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{api}/automations/{automation}/batches/{batch}/items/actions/bulk-create",
            Json(new { items = Enumerable.Range(0, 200).Select(n => new { payload = new { n, sleep_ms = 40 } }).ToArray() }))).StatusCode);

        var page = await AdminPageAsync();
        var run = (await ReadJsonAsync(await app.Admin.PostAsync($"{api}/automations/{automation}/runs", null)))["id"]!.GetValue<string>();
        await page.GotoAsync($"/workspaces/{slug}/runs/{run}");
        // One item at a time, 40 ms each: at least 8 seconds, so a page slow to load on a busy machine still sees it move.
        Assert.NotEqual("200", await page.GetAttributeAsync("[data-testid=run-progress]", "value"));
        // Marked after the load: a reload would lose it.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var seen = new HashSet<string>();
        for (var i = 0; i < 600 && await page.GetAttributeAsync("[data-testid=run-progress]", "value") != "200"; i++)
        {
            seen.Add((await page.InnerTextAsync("[data-testid=run-percent]")).Trim());
            await Task.Delay(100);
        }
        Assert.Equal("200", await page.GetAttributeAsync("[data-testid=run-progress]", "value"));
        Assert.Equal("100 %", (await page.InnerTextAsync("[data-testid=run-percent]")).Trim());
        // The run is completed a moment after its last item (by the queue's maintenance): the page follows that too.
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.True(seen.Count >= 3, $"the progress moved through {seen.Count} values only: {string.Join(", ", seen)}");
    }

    [Fact]
    public async Task An_automation_is_made_and_changed_in_the_console_with_the_apis_messages()
    {
        var slug = await WorkspaceAsync();
        var page = await AdminPageAsync();
        await page.GotoAsync($"/workspaces/{slug}/automations");
        await page.ClickAsync("[data-testid=new-automation] summary");
        await page.FillAsync("#automation-name", "nightly-report");
        await page.SelectOptionAsync("#automation-handler", "echo");
        await page.FillAsync("#automation-item-schema", "{\"type\": \"object\", \"required\": [\"host\"]");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-automation]");
        Assert.Contains("item_schema is not valid JSON", await page.InnerTextAsync("[data-testid=automations-message]"));
        Assert.Equal("nightly-report", await page.InputValueAsync("#automation-name"));

        await page.FillAsync("#automation-item-schema", "{\"type\": \"object\", \"required\": [\"host\"]}");
        await page.FillAsync("#automation-attempts", "50"); // the browser allows it; the use case does not
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-automation]");
        var api = await ReadJsonAsync(await app.Admin.PostAsync($"/api/v1/workspaces/{slug}/automations", Json(new { name = "x", handler_kind = "echo", max_attempts = 50 })));
        var apiMessage = api["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains(apiMessage, await page.InnerTextAsync("[data-testid=automations-message]"));

        await page.FillAsync("#automation-attempts", "4");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-automation]");
        Assert.Matches("/automations/[0-9a-f-]{36}$", page.Url);
        Assert.Contains("4", await page.InnerTextAsync("[data-testid=automation-facts]"));

        await page.ClickAsync("[data-testid=edit-automation] summary");
        await page.FillAsync("#automation-concurrency", "3");
        await page.FillAsync("#automation-description", "made in the console");
        await BrowserApp.ClickAndWaitForLoadAsync(page, "[data-testid=save-automation]");
        Assert.Contains("Saved.", await page.InnerTextAsync("[data-testid=automation-message]"));
        var id = page.Url.Split('/')[^1];
        var stored = await ReadJsonAsync(await app.Admin.GetAsync($"/api/v1/workspaces/{slug}/automations/{id}"));
        Assert.Equal((4, 3, "made in the console", "host"), (stored["max_attempts"]!.GetValue<int>(), stored["max_concurrency"]!.GetValue<int>(),
            stored["description"]!.GetValue<string>(), stored["item_schema"]!["required"]![0]!.GetValue<string>()));
    }
}
