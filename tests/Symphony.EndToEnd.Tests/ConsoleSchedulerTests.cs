using System.Net;
using Microsoft.Playwright;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.EndToEnd.Tests;

/// <summary>The scheduler pages in headless Chromium: jobs in words and in the viewer's time zone, the trigger editor, the actions.</summary>
public sealed class ConsoleSchedulerTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Api = "/api/v1/workspaces/default";

    private async Task<IPage> SignedInAsync(string username, string password, string? timeZone = null)
    {
        var page = await app.NewPageAsync(timeZone);
        await app.SignInAsync(page, username, password);
        await page.WaitForSelectorAsync("[data-testid=current-user]");
        return page;
    }

    [Fact]
    public async Task The_jobs_read_in_words_with_the_next_firing_in_the_viewers_time_zone()
    {
        var page = await SignedInAsync("viewer", UserPassword, timeZone: "Asia/Tokyo");
        await page.ClickAsync("nav >> text=Scheduler");
        var row = page.Locator("[data-testid=jobs-table] tr[data-job=accounts-sync]");
        Assert.Equal("every day at 01:00 UTC", await row.Locator("[data-testid=job-schedule]").InnerTextAsync());
        Assert.Equal("normal", await row.Locator("[data-testid=job-state]").InnerTextAsync());
        // 01:00 UTC is 10:00 in Tokyo; the UTC time stays as the title.
        var next = row.Locator("[data-testid=job-next] time");
        Assert.Contains("10:00", await next.InnerTextAsync());
        Assert.EndsWith("01:00 UTC", await next.GetAttributeAsync("title"));
        Assert.Contains("every day at 03:00 UTC", await page.InnerTextAsync("[data-testid=jobs-table] tr[data-job=capacity-sync]"));
    }

    [Fact]
    public async Task An_operator_previews_a_new_trigger_before_saving_it_and_a_broken_cron_is_refused_where_it_breaks()
    {
        var page = await SignedInAsync("operator", UserPassword, timeZone: "UTC");
        await page.GotoAsync("/workspaces/default/scheduler/capacity-sync");
        Assert.Equal(5, await page.Locator("[data-testid=job-next] li").CountAsync());

        await page.FillAsync("#cron", "30 2 * * MON-FRI");
        await page.FillAsync("#time-zone", "Europe/Berlin");
        await page.ClickAsync("[data-testid=preview-trigger]");
        var preview = await page.Locator("[data-testid=trigger-preview] time").AllInnerTextsAsync();
        Assert.Equal(5, preview.Count);
        // 02:30 in Berlin is 01:30 UTC in winter: the viewer here is in UTC.
        Assert.All(preview, t => Assert.Contains("01:30", t));
        // Previewing saves nothing.
        Assert.Equal("every day at 03:00 UTC", await page.InnerTextAsync("[data-testid=job-facts] [data-testid=job-schedule]"));
        Assert.Equal("0 3 * * *", (await ReadJsonAsync(await app.Admin.GetAsync($"{Api}/scheduler/jobs/capacity-sync")))["schedule"]!["cron"]!.GetValue<string>());

        await page.ClickAsync("[data-testid=save-trigger]");
        Assert.Equal("Trigger saved.", await page.InnerTextAsync("[data-testid=job-message]"));
        Assert.Equal("Monday to Friday at 02:30 Europe/Berlin", await page.InnerTextAsync("[data-testid=job-facts] [data-testid=job-schedule]"));
        Assert.Equal("30 2 * * MON-FRI", (await ReadJsonAsync(await app.Admin.GetAsync($"{Api}/scheduler/jobs/capacity-sync")))["schedule"]!["cron"]!.GetValue<string>());

        await page.FillAsync("#cron", "0 25 * * *");
        await page.ClickAsync("[data-testid=preview-trigger]");
        Assert.StartsWith("Position 3 (hours field '25')", await page.InnerTextAsync("[data-testid=job-message]"));
        Assert.Equal(0, await page.Locator("[data-testid=trigger-preview]").CountAsync());

        // A time zone naming a folder of the zone database is an unknown zone, said on the page (it was a 500).
        await page.FillAsync("#cron", "0 3 * * *");
        await page.FillAsync("#time-zone", "America");
        var previewed = page.WaitForResponseAsync(r => r.Request.Method == "POST");
        await page.ClickAsync("[data-testid=preview-trigger]");
        Assert.Equal(400, (await previewed).Status);
        Assert.Contains("Unknown time zone 'America'", await page.InnerTextAsync("[data-testid=job-message]"));

        Assert.Equal(HttpStatusCode.OK, (await app.Admin.PostAsync($"{Api}/scheduler/jobs/actions/reload", null)).StatusCode);
    }

    [Fact]
    public async Task Pause_resume_and_run_now_act_on_the_job_and_a_viewer_is_refused()
    {
        var automation = await ReadJsonAsync(await app.Admin.PostAsync($"{Api}/automations",
            Json(new { name = "ui-job-" + Guid.NewGuid().ToString("N")[..8], handler_kind = "echo" })));
        var automationId = automation["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await app.Admin.PostAsync($"{Api}/automations/{automationId}/batches", Json(new { name = "b" })));
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{Api}/automations/{automationId}/batches/{batch["id"]}/items", Json(new { payload = new { host = "db1" } }))).StatusCode);
        var job = "ui-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync($"{Api}/scheduler/jobs",
            Json(new { id = job, name = "UI job", automation = automationId, schedule = new { interval_seconds = 3600 } }))).StatusCode);

        var viewer = await SignedInAsync("viewer", UserPassword);
        await viewer.GotoAsync("/workspaces/default/scheduler");
        await viewer.Locator($"tr[data-job={job}] [data-testid=pause-job]").ClickAsync();
        Assert.Contains("does not allow", await viewer.InnerTextAsync("[data-testid=scheduler-message]"));

        var page = await SignedInAsync("operator", UserPassword);
        await page.GotoAsync("/workspaces/default/scheduler");
        await page.Locator($"tr[data-job={job}] [data-testid=pause-job]").ClickAsync();
        Assert.Equal($"{job} paused.", await page.InnerTextAsync("[data-testid=scheduler-message]"));
        Assert.Equal("paused", await page.InnerTextAsync($"tr[data-job={job}] [data-testid=job-state]"));
        Assert.Equal("none", await page.InnerTextAsync($"tr[data-job={job}] [data-testid=job-next]"));
        await page.Locator($"tr[data-job={job}] [data-testid=resume-job]").ClickAsync();
        Assert.Equal("normal", await page.InnerTextAsync($"tr[data-job={job}] [data-testid=job-state]"));

        await page.Locator($"tr[data-job={job}] [data-testid=run-job]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=run-status]");
        Assert.Equal("completed", await BrowserApp.WaitForRunStatusAsync(page, "completed"));
        await page.GotoAsync("/workspaces/default/scheduler");
        Assert.Equal("completed", await page.Locator($"tr[data-job={job}] [data-testid=job-last] a").InnerTextAsync());
        Assert.Contains("run now", await page.InnerTextAsync("[data-testid=recent-firings]"));
        await page.GotoAsync($"/workspaces/default/scheduler/{job}");
        Assert.Contains("started", await page.InnerTextAsync("[data-testid=firings-table]"));
    }
}
