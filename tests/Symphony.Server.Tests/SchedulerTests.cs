using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Scheduler;
using Symphony.Testing;
using static Symphony.Testing.SymphonyApp;

namespace Symphony.Server.Tests;

/// <summary>Jobs firing on the server's own scheduler, observed through the API: firings, runs, pause and resume, the overlap rule.</summary>
public abstract class SchedulerTests(SymphonyApp app)
{
    private const string Workspace = "/api/v1/workspaces/default";
    private const string Jobs = Workspace + "/scheduler/jobs";

    /// <summary>An echo automation with one batch of the given item payloads; returns its id.</summary>
    private async Task<string> AutomationAsync(params object[] payloads)
    {
        var client = app.ClientFor(TestRole.Operator);
        var automation = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations",
            Json(new { name = "s" + Guid.NewGuid().ToString("N")[..10], handler_kind = "echo", max_attempts = 1 })));
        var id = automation["id"]!.GetValue<string>();
        var batch = await ReadJsonAsync(await client.PostAsync($"{Workspace}/automations/{id}/batches", Json(new { name = "b" })));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Workspace}/automations/{id}/batches/{batch["id"]}/items/actions/bulk-create",
            Json(new { items = payloads.Select(p => new { payload = p }).ToArray() }))).StatusCode);
        return id;
    }

    private async Task<string> JobAsync(string automation, object schedule, string misfire = "fire_once")
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..10];
        var response = await app.ClientFor(TestRole.Operator).PostAsync(Jobs, Json(new { id, name = "Test job", automation, schedule, misfire }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<List<JsonNode>> FiringsAsync(string job)
    {
        var page = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/scheduler/firings?job_id={job}&limit=200"));
        return page["items"]!.AsArray().Select(f => f!).ToList();
    }

    private async Task<List<JsonNode>> WaitForFiringsAsync(string job, Func<List<JsonNode>, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var firings = await FiringsAsync(job);
            if (done(firings)) return firings;
            Assert.True(DateTime.UtcNow < deadline, $"after {seconds} s: {firings.Count} firing(s) of {job}");
            await Task.Delay(200);
        }
    }

    private async Task<List<JsonNode>> RunsOfAsync(string job)
    {
        var page = await ReadJsonAsync(await app.Admin.GetAsync($"{Workspace}/runs?correlation_id=scheduler:{job}&limit=200"));
        return page["items"]!.AsArray().Select(r => r!).ToList();
    }

    [Fact]
    public async Task A_job_fires_on_its_interval_and_each_firing_starts_one_scheduled_run()
    {
        var job = await JobAsync(await AutomationAsync(new { n = 1 }), new { interval_seconds = 1 });

        var firings = await WaitForFiringsAsync(job, f => f.Count(x => x["outcome"]!.GetValue<string>() == "started") >= 3);
        var started = firings.Where(f => f["outcome"]!.GetValue<string>() == "started").ToList();
        var runs = await RunsOfAsync(job);
        var runIds = runs.Select(r => r["id"]!.GetValue<string>()).ToHashSet();
        // Each firing names its own run, and every run of the job came from a firing.
        Assert.Equal(started.Count, started.Select(f => f["run_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Subset(runIds, started.Select(f => f["run_id"]!.GetValue<string>()).ToHashSet());
        Assert.All(runs, r => Assert.Equal("scheduled", r["trigger"]!.GetValue<string>()));
        Assert.All(firings, f => Assert.False(f["manual"]!.GetValue<bool>()));
        // Due times one interval apart, fired at or after them.
        var due = firings.Select(f => f["scheduled_at"]!.GetValue<DateTime>()).Order().ToList();
        Assert.All(due.Zip(due.Skip(1)), pair => Assert.Equal(1.0, (pair.Second - pair.First).TotalSeconds, 3));
        Assert.All(firings, f => Assert.True(f["fired_at"]!.GetValue<DateTime>() >= f["scheduled_at"]!.GetValue<DateTime>().AddMilliseconds(-50)));

        var view = await ReadJsonAsync(await app.Admin.GetAsync($"{Jobs}/{job}"));
        Assert.Equal("normal", view["state"]!.GetValue<string>());
        Assert.NotNull(view["last_firing"]);
        Assert.Equal(5, view["next_fire_times"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_paused_job_does_not_fire_and_fires_again_once_resumed()
    {
        var job = await JobAsync(await AutomationAsync(new { n = 1 }), new { interval_seconds = 1 });
        await WaitForFiringsAsync(job, f => f.Count >= 1);

        var paused = await ReadJsonAsync(await app.ClientFor(TestRole.Operator).PostAsync($"{Jobs}/{job}/actions/pause", null));
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        Assert.Empty(paused["next_fire_times"]!.AsArray());
        // A firing already under way when the pause landed may still be recorded: count after it.
        await Task.Delay(1500);
        var before = (await FiringsAsync(job)).Count;
        await Task.Delay(3000);
        Assert.Equal(before, (await FiringsAsync(job)).Count);

        var resumed = await ReadJsonAsync(await app.ClientFor(TestRole.Operator).PostAsync($"{Jobs}/{job}/actions/resume", null));
        Assert.Equal("normal", resumed["state"]!.GetValue<string>());
        await WaitForFiringsAsync(job, f => f.Count > before, seconds: 10);
    }

    [Fact]
    public async Task A_firing_while_the_previous_run_is_active_is_skipped_and_names_that_run()
    {
        var job = await JobAsync(await AutomationAsync(new { sleep_ms = 3500 }), new { interval_seconds = 1 });

        var firings = await WaitForFiringsAsync(job, f => f.Any(x => x["outcome"]!.GetValue<string>() == "skipped")
            && f.Count(x => x["outcome"]!.GetValue<string>() == "started") >= 2, seconds: 40);
        var started = firings.Where(f => f["outcome"]!.GetValue<string>() == "started").ToList();
        var skipped = firings.Where(f => f["outcome"]!.GetValue<string>() == "skipped").ToList();
        Assert.All(skipped, s =>
        {
            Assert.Null(s["run_id"]);
            Assert.Contains(started, f => s["reason"]!.GetValue<string>().Contains(f["run_id"]!.GetValue<string>(), StringComparison.Ordinal));
        });
        // Never two runs of the job at once: each started after the one before it finished.
        var runs = (await RunsOfAsync(job)).OrderBy(r => r["started_at"]!.GetValue<DateTime>()).ToList();
        Assert.True(runs.Count >= 2);
        Assert.All(runs.Zip(runs.Skip(1)), pair =>
            Assert.True(pair.First["finished_at"] is not null && pair.First["finished_at"]!.GetValue<DateTime>() <= pair.Second["started_at"]!.GetValue<DateTime>()));
    }

    [Fact]
    public async Task Run_now_starts_a_run_once_per_idempotency_key_and_refuses_while_it_is_active()
    {
        var job = await JobAsync(await AutomationAsync(new { sleep_ms = 2000 }), new { cron = "0 0 4 1 1 ?", time_zone = "UTC" });
        var client = app.ClientFor(TestRole.Operator);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Jobs}/{job}/actions/run");
        request.Headers.Add("Idempotency-Key", $"now-{job}");
        var first = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var run = await ReadJsonAsync(first);
        Assert.Equal("api", run["trigger"]!.GetValue<string>());
        Assert.EndsWith($"/runs/{run["id"]}", first.Headers.Location!.ToString());

        var again = new HttpRequestMessage(HttpMethod.Post, $"{Jobs}/{job}/actions/run");
        again.Headers.Add("Idempotency-Key", $"now-{job}");
        Assert.Equal(run["id"]!.GetValue<string>(), (await ReadJsonAsync(await client.SendAsync(again)))["id"]!.GetValue<string>());
        await AssertProblemAsync(await client.PostAsync($"{Jobs}/{job}/actions/run", null), HttpStatusCode.Conflict, "JOB_RUN_ACTIVE");

        var firings = await FiringsAsync(job);
        Assert.Contains(firings, f => f["manual"]!.GetValue<bool>() && f["outcome"]!.GetValue<string>() == "started");
        Assert.Contains(firings, f => f["manual"]!.GetValue<bool>() && f["outcome"]!.GetValue<string>() == "skipped");
    }

    [Fact]
    public async Task A_cron_that_does_not_parse_is_refused_with_the_position_of_the_error()
    {
        var automation = await AutomationAsync(new { n = 1 });
        var client = app.ClientFor(TestRole.Operator);
        var problem = await AssertProblemAsync(await client.PostAsync(Jobs,
            Json(new { name = "Bad hours", automation, schedule = new { cron = "0 0 25 * * ?" } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var error = problem["errors"]![0]!;
        Assert.Equal("schedule.cron", error["field"]!.GetValue<string>());
        Assert.StartsWith("Position 5 (hours field '25')", error["message"]!.GetValue<string>());

        problem = await AssertProblemAsync(await client.PostAsync(Jobs,
            Json(new { name = "Bad minutes", automation, schedule = new { cron = "30 2 * * * * * *" } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Contains("this one has 8", problem["errors"]![0]!["message"]!.GetValue<string>());
        problem = await AssertProblemAsync(await client.PostAsync(Jobs,
            Json(new { name = "Bad zone", automation, schedule = new { cron = "0 2 * * *", time_zone = "Mars/Olympus" } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("schedule.time_zone", problem["errors"]![0]!["field"]!.GetValue<string>());
        await AssertProblemAsync(await client.PostAsync(Jobs,
            Json(new { name = "Both", automation, schedule = new { cron = "0 2 * * *", interval_seconds = 5 } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        // Every missing field is named on its own.
        var missing = await AssertProblemAsync(await client.PostAsync(Jobs, Json(new { })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal(["automation", "name", "schedule"], missing["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order());
        await AssertProblemAsync(await client.PatchAsync($"{Jobs}/capacity-sync",
            Json(new { schedule = new { cron = "0 61 1 * *" } })), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Next_fire_times_follow_the_jobs_time_zone()
    {
        var job = await JobAsync(await AutomationAsync(new { n = 1 }), new { cron = "30 2 * * *", time_zone = "Europe/Berlin" });
        var view = await ReadJsonAsync(await app.Admin.GetAsync($"{Jobs}/{job}"));
        var times = view["next_fire_times"]!.AsArray().Select(t => t!.GetValue<DateTime>()).ToList();
        Assert.Equal(5, times.Count);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(times, t => Assert.Equal(new TimeSpan(2, 30, 0), TimeZoneInfo.ConvertTimeFromUtc(t, berlin).TimeOfDay));
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.Equal(times[0], view["next_fire_at"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Built_in_jobs_come_from_the_file_cannot_be_deleted_and_reload_resets_them()
    {
        var jobs = (await ReadJsonAsync(await app.Admin.GetAsync(Jobs))).AsArray();
        var accounts = jobs.Single(j => j!["id"]!.GetValue<string>() == "accounts-sync")!;
        Assert.True(accounts["built_in"]!.GetValue<bool>());
        Assert.Equal("builtin.accounts-sync", accounts["automation"]!.GetValue<string>());
        Assert.Equal("0 1 * * *", accounts["schedule"]!["cron"]!.GetValue<string>());
        Assert.Contains(jobs, j => j!["id"]!.GetValue<string>() == "capacity-sync");

        var owner = app.Admin;
        await AssertProblemAsync(await owner.DeleteAsync($"{Jobs}/accounts-sync"), HttpStatusCode.Conflict, "JOB_BUILT_IN");
        var changed = await ReadJsonAsync(await owner.PatchAsync($"{Jobs}/accounts-sync", Json(new { schedule = new { cron = "0 5 * * *", time_zone = "UTC" } })));
        Assert.Equal("0 5 * * *", changed["schedule"]!["cron"]!.GetValue<string>());
        // The sweep that applies the file to every workspace (at start-up, every minute) leaves the change alone.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<BuiltInJobSweep>().SweepAsync(CancellationToken.None);
        Assert.Equal("0 5 * * *", (await ReadJsonAsync(await owner.GetAsync($"{Jobs}/accounts-sync")))["schedule"]!["cron"]!.GetValue<string>());

        var reloaded = (await ReadJsonAsync(await owner.PostAsync($"{Jobs}/actions/reload", null))).AsArray();
        Assert.Equal("0 1 * * *", reloaded.Single(j => j!["id"]!.GetValue<string>() == "accounts-sync")!["schedule"]!["cron"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_custom_job_is_deleted_and_its_firings_stay_in_the_history()
    {
        var job = await JobAsync(await AutomationAsync(new { n = 1 }), new { interval_seconds = 1 });
        await WaitForFiringsAsync(job, f => f.Count >= 1);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientFor(TestRole.Operator).DeleteAsync($"{Jobs}/{job}")).StatusCode);
        await AssertProblemAsync(await app.Admin.GetAsync($"{Jobs}/{job}"), HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        Assert.NotEmpty(await FiringsAsync(job));
    }

    [Fact]
    public async Task The_schedulers_keys_ids_and_handler_kind_are_not_a_clients_to_take()
    {
        var client = app.ClientFor(TestRole.Operator);
        var automation = await AutomationAsync(new { n = 1 });
        // A key or correlation id of the scheduler's form would fake a firing or hold a job back as "still active".
        var keyed = new HttpRequestMessage(HttpMethod.Post, $"{Workspace}/automations/{automation}/runs");
        keyed.Headers.Add("Idempotency-Key", "scheduler:accounts-sync:20261130T010000.0000000Z");
        Assert.Equal("Idempotency-Key", (await AssertProblemAsync(await client.SendAsync(keyed), HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("correlation_id", (await AssertProblemAsync(await client.PostAsync($"{Workspace}/automations/{automation}/runs",
            Json(new { correlation_id = "scheduler:accounts-sync" })), HttpStatusCode.BadRequest, "VALIDATION_ERROR"))["errors"]![0]!["field"]!.GetValue<string>());
        await AssertProblemAsync(await client.PostAsync($"{Workspace}/automations", Json(new { name = "wipe", handler_kind = "retention" })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await AssertProblemAsync(await client.PostAsync(Jobs, Json(new { id = "retention", name = "Mine", automation, schedule = new { interval_seconds = 60 } })),
            HttpStatusCode.Conflict, "ALREADY_EXISTS");
    }

    [Fact]
    public async Task Fleet_and_housekeeping_jobs_fire_at_most_every_minute_by_interval_or_by_cron()
    {
        var client = app.ClientFor(TestRole.Operator);
        async Task<JsonNode> RefusedAsync(object body, string field)
        {
            var problem = await AssertProblemAsync(await client.PostAsync(Jobs, Json(body)), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            Assert.Equal(field, problem["errors"]![0]!["field"]!.GetValue<string>());
            return problem;
        }
        await RefusedAsync(new { name = "Sync often", automation = "builtin.accounts-sync", schedule = new { interval_seconds = 1 } }, "interval_seconds");
        var cron = await RefusedAsync(new { name = "Sync by seconds", automation = "builtin.capacity-sync", schedule = new { cron = "*/10 * * * * ?", time_zone = "UTC" } }, "cron");
        Assert.Contains("10 s apart", cron["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Two seconds a minute apart from the rest is still two firings a second apart.
        await RefusedAsync(new { name = "Twice a minute", automation = "builtin.auto-classify", schedule = new { cron = "0,1 * * * * ?", time_zone = "UTC" } }, "cron");
        await RefusedAsync(new { name = "Sweep", automation = "builtin.retention", schedule = new { interval_seconds = 30 } }, "interval_seconds");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Jobs, Json(new
        {
            name = "Sync each minute " + Guid.NewGuid().ToString("N")[..6], automation = "builtin.accounts-sync", schedule = new { cron = "0 * * * * ?", time_zone = "UTC" },
            paused = true,
        }))).StatusCode);

        // A built-in job cannot be changed to fire faster either (listing the jobs makes the built-ins).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Jobs)).StatusCode);
        await AssertProblemAsync(await client.PatchAsync($"{Jobs}/accounts-sync", Json(new { schedule = new { interval_seconds = 5 } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task The_job_limit_counts_the_built_in_jobs_whether_made_yet_or_not()
    {
        var slug = "j-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin.PostAsync("/api/v1/workspaces", Json(new { slug, name = "Jobs" }))).StatusCode);
        var jobs = $"/api/v1/workspaces/{slug}/scheduler/jobs";
        var builtIns = app.Services.GetRequiredService<BuiltInJobs>().All.Count;
        for (var i = 0; i < 100 - builtIns; i++)
        {
            var created = await app.Admin.PostAsync(jobs, Json(new
            {
                id = $"daily-{i}", name = $"Daily {i}", automation = "builtin.retention",
                schedule = new { cron = "0 0 3 * * ?", time_zone = "UTC" }, paused = true
            }));
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        var refused = await AssertProblemAsync(await app.Admin.PostAsync(jobs, Json(new
        {
            id = "one-more", name = "One more", automation = "builtin.retention",
            schedule = new { cron = "0 0 3 * * ?", time_zone = "UTC" }, paused = true
        })), HttpStatusCode.Conflict, "LIMIT_EXCEEDED");
        Assert.Contains($"{builtIns} built-in jobs", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Once the built-ins are made, the workspace holds exactly the limit.
        Assert.Equal(100, (await ReadJsonAsync(await app.Admin.GetAsync(jobs))).AsArray().Count);
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Etc/")]
    [InlineData("posix")]
    [InlineData("../../etc/passwd")]
    public async Task A_time_zone_naming_a_folder_or_a_path_is_refused_as_unknown(string zone)
    {
        var client = app.ClientFor(TestRole.Operator);
        var automation = await AutomationAsync(new { n = 1 });
        var problem = await AssertProblemAsync(await client.PostAsync(Jobs, Json(new { name = "Zoned", automation, schedule = new { cron = "0 0 4 * * ?", time_zone = zone } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("schedule.time_zone", problem["errors"]![0]!["field"]!.GetValue<string>());
        var job = await JobAsync(automation, new { cron = "0 0 4 1 1 ?", time_zone = "UTC" });
        await AssertProblemAsync(await client.PatchAsync($"{Jobs}/{job}", Json(new { schedule = new { cron = "0 0 4 * * ?", time_zone = zone } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task A_job_names_an_automation_of_its_workspace_with_a_scope_that_suits_it()
    {
        var client = app.ClientFor(TestRole.Operator);
        await AssertProblemAsync(await client.PostAsync(Jobs, Json(new { name = "Ghost", automation = Guid.NewGuid().ToString(), schedule = new { interval_seconds = 60 } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var automation = await AutomationAsync(new { n = 1 });
        var problem = await AssertProblemAsync(await client.PostAsync(Jobs,
            Json(new { name = "Wrong scope", automation, schedule = new { interval_seconds = 60 }, scope = new { db_type = "postgresql" } })),
            HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.Equal("scope", problem["errors"]![0]!["field"]!.GetValue<string>());
        var fleet = await client.PostAsync(Jobs, Json(new
        {
            name = "Prod accounts", automation = "builtin.accounts-sync", schedule = new { cron = "0 0 6 * * ?" }, scope = new { environment = "production" },
        }));
        Assert.Equal(HttpStatusCode.Created, fleet.StatusCode);
        Assert.Equal("prod-accounts", (await ReadJsonAsync(fleet))["id"]!.GetValue<string>());
        await AssertProblemAsync(await client.PostAsync(Jobs, Json(new
        {
            name = "Prod accounts", automation = "builtin.accounts-sync", schedule = new { cron = "0 0 6 * * ?" },
        })), HttpStatusCode.Conflict, "ALREADY_EXISTS");
    }
}

[Collection("scheduler")]
public sealed class SqliteSchedulerTests(SqliteSchedulingApp app) : SchedulerTests(app), IClassFixture<SqliteSchedulingApp>;

[Collection("scheduler")]
public sealed class PostgresSchedulerTests(PostgresSchedulingApp app) : SchedulerTests(app), IClassFixture<PostgresSchedulingApp>;
