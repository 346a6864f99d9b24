using System.Net;
using Microsoft.Playwright;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.EndToEnd.Tests;

/// <summary>The automations and runs pages in headless Chromium, on a server whose worker runs the items.</summary>
public sealed class ConsoleRunsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Api = "/api/v1/workspaces/default";

    /// <summary>An echo automation with one batch of the given item payloads, made through the API.</summary>
    private async Task<(string Id, string Name)> AutomationAsync(object[] payloads, int maxAttempts = 3)
    {
        var name = "ui-" + Guid.NewGuid().ToString("N")[..8];
        var created = await app.Admin.PostAsync($"{Api}/automations",
            Json(new { name, handler_kind = "echo", max_attempts = maxAttempts, retry_delay_seconds = 0, description = "made by the browser test" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadJsonAsync(created))["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await app.Admin.PostAsync($"{Api}/automations/{id}/batches", Json(new { name = "nightly" })));
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{Api}/automations/{id}/batches/{batch["id"]}/items/actions/bulk-create",
            Json(new { items = payloads.Select(p => new { payload = p }).ToArray() }))).StatusCode);
        return (id, name);
    }

    private async Task<IPage> SignedInAsync(string username, string password)
    {
        var page = await app.NewPageAsync();
        await app.SignInAsync(page, username, password);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        return page;
    }

    [Fact]
    public async Task An_operator_starts_a_run_from_the_automation_page_and_reads_a_retried_items_history()
    {
        var (_, name) = await AutomationAsync([new { host = "db1" }, new { host = "db2", fail_until_attempt = 2 }, new { host = "db3" }]);
        var page = await SignedInAsync("operator", UserPassword);

        await page.ClickAsync("nav >> text=Automations");
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=automations-table]"));
        await page.ClickAsync($"text={name}");
        Assert.Contains("echo", await page.InnerTextAsync("[data-testid=automation-facts]"));
        Assert.Contains("nightly", await page.InnerTextAsync("[data-testid=batches-table]"));

        await page.ClickAsync("[data-testid=start-run]");
        await page.WaitForSelectorAsync("[data-testid=run-status]");
        Assert.Contains("/runs/", page.Url);
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));
        Assert.Contains("3 in all: 3 completed", await page.InnerTextAsync("[data-testid=run-counters]"));
        var batch = page.Locator("[data-testid=batches-table] tbody tr");
        Assert.Equal(("nightly", "completed"), ((await batch.Locator("[data-testid=batch-name]").InnerTextAsync()).Trim(),
            (await batch.Locator("[data-testid=batch-status]").InnerTextAsync()).Trim()));
        Assert.Contains("3 of 3 finished", await batch.InnerTextAsync());
        await batch.Locator("[data-testid=batch-items-link]").ClickAsync();
        await page.WaitForSelectorAsync("h2:has-text('Items of batch nightly')");
        Assert.Equal(3, await page.Locator("[data-testid=items-table] tbody tr").CountAsync());

        var retried = page.Locator("[data-testid=items-table] tbody tr", new() { HasText = "2 of 3" });
        Assert.Equal(1, await retried.CountAsync());
        // Items show their place in the batch, not an id.
        Assert.Equal("#1", (await retried.Locator("[data-testid=item-target]").InnerTextAsync()).Trim()); // numbered from 0
        await retried.Locator("[data-testid=history-link]").ClickAsync();
        var history = await page.InnerTextAsync("[data-testid=item-history]");
        Assert.Contains("retrying", history);
        Assert.Contains("fail_until_attempt is 2", history);

        // The automation page has a runs table too: read the list's once its page has loaded, with its script.
        await BrowserApp.ClickAndWaitForLoadAsync(page, "nav >> text=Runs");
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=runs-table]"));
        // Filtered by automation and trigger: only this run; by another trigger: none of it.
        await page.SelectOptionAsync("#run-automation", new SelectOptionValue { Label = name });
        // Each choice submits the form: the next waits for the page it loads, or it is made on the old one.
        await page.WaitForURLAsync(url => url.Contains("automation=", StringComparison.Ordinal));
        await page.SelectOptionAsync("#run-trigger", "Manual");
        await page.WaitForURLAsync(url => url.Contains("trigger=Manual", StringComparison.Ordinal));
        Assert.Contains(name, await page.InnerTextAsync("[data-testid=runs-table]"));
        await page.SelectOptionAsync("#run-trigger", "Scheduled");
        await page.WaitForURLAsync(url => url.Contains("trigger=Scheduled", StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("[data-testid=runs-table]", new() { HasText = name }).CountAsync());
    }

    [Fact]
    public async Task Cancel_and_retry_buttons_act_on_the_run_and_a_viewer_is_refused()
    {
        var (slowId, _) = await AutomationAsync([new { sleep_ms = 60_000 }, new { sleep_ms = 60_000 }]);
        var slowRun = (await ReadJsonAsync(await app.Admin.PostAsync($"{Api}/automations/{slowId}/runs", null)))["id"]!.GetValue<string>();
        var (failingId, _) = await AutomationAsync([new { always_fail = true }], maxAttempts: 1);
        var failedRun = await ReadJsonAsync(await app.Admin.PostAsync($"{Api}/automations/{failingId}/runs?wait=20", null));
        Assert.Equal("failed", failedRun["status"]!.GetValue<string>());

        var viewer = await SignedInAsync("viewer", UserPassword);
        await viewer.GotoAsync($"/workspaces/default/runs/{slowRun}");
        await viewer.ClickAsync("[data-testid=cancel-run]");
        Assert.Contains("does not allow", await viewer.InnerTextAsync("[data-testid=run-message]"));
        Assert.Equal("processing", await viewer.InnerTextAsync("[data-testid=run-status]"));

        var page = await SignedInAsync("operator", UserPassword);
        await page.GotoAsync($"/workspaces/default/runs/{slowRun}");
        await page.FillAsync("#cancel-reason", "wrong target");
        await page.ClickAsync("[data-testid=cancel-run]");
        Assert.Contains("Run cancelled", await page.InnerTextAsync("[data-testid=run-message]"));
        Assert.Equal("cancelled", await page.InnerTextAsync("[data-testid=run-status]"));
        Assert.Contains("wrong target", await page.InnerTextAsync("main"));

        await page.GotoAsync($"/workspaces/default/runs/{failedRun["id"]}");
        await page.ClickAsync("[data-testid=retry-failed]");
        Assert.Contains("queued again", await page.InnerTextAsync("[data-testid=run-message]"));
        var run = await ReadJsonAsync(await app.Admin.GetAsync($"{Api}/runs/{failedRun["id"]}/items"));
        var item = run["items"]![0]!["id"]!.GetValue<string>();
        var history = (await ReadJsonAsync(await app.Admin.GetAsync($"{Api}/runs/{failedRun["id"]}/items/{item}/history")))["history"]!.AsArray();
        Assert.Contains(history, h => h!["from_status"]!.GetValue<string>() == "failed" && h["to_status"]!.GetValue<string>() == "pending");
    }
}
