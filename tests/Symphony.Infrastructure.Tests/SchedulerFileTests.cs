using Symphony.Domain.Scheduler;
using Symphony.Infrastructure.Scheduler;
using Symphony.Testing;

namespace Symphony.Infrastructure.Tests;

public sealed class SchedulerFileTests
{
    private static string Refusal(string yaml) =>
        Assert.Throws<SchedulerFileException>(() => SchedulerFile.Parse(new StringReader(yaml), "s.yaml")).Message;

    [Fact]
    public void The_shipped_file_has_the_nightly_accounts_and_capacity_syncs_in_utc()
    {
        var jobs = SchedulerFile.Load(Path.Combine(Repository.Root, "src", "Symphony.Server", "config", "scheduler.yaml"));
        var accounts = jobs.Find("accounts-sync")!;
        Assert.Equal(("builtin.accounts-sync", "0 1 * * *", "UTC"), (accounts.Job.Automation, accounts.Job.Schedule.Cron, accounts.Job.Schedule.TimeZone));
        Assert.Equal("0 3 * * *", jobs.Find("capacity-sync")!.Job.Schedule.Cron);
        Assert.All(jobs.All, j => Assert.True(j.Enabled && j.Job.BuiltIn && j.Job.Misfire == MisfirePolicy.FireOnce));
    }

    [Fact]
    public void Every_field_is_read_and_defaults_fill_what_is_left_out()
    {
        var jobs = SchedulerFile.Parse(new StringReader("""
            jobs:
              - id: prod-accounts
                name: Production accounts
                automation: builtin.accounts-sync
                cron: "0 30 2 * * ?"
                time_zone: Europe/Berlin
                scope: {db_type: postgresql, environment: production}
                misfire: skip
                enabled: false
              - id: capacity-hourly
                name: Capacity hourly
                automation: builtin.capacity-sync
                interval_seconds: 3600
            """), "s.yaml");
        var prod = jobs.Find("prod-accounts")!;
        Assert.False(prod.Enabled);
        Assert.Equal(new JobScope(DbType: "postgresql", Environment: "production"), prod.Job.Scope);
        Assert.Equal(MisfirePolicy.Skip, prod.Job.Misfire);
        Assert.Equal(JobSchedule.FromCron("0 30 2 * * ?", "Europe/Berlin"), prod.Job.Schedule);
        var hourly = jobs.Find("capacity-hourly")!;
        Assert.Equal(JobSchedule.Every(3600), hourly.Job.Schedule);
        Assert.True(hourly.Enabled);
        Assert.Equal(MisfirePolicy.FireOnce, hourly.Job.Misfire);
    }

    [Theory]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 0 25 * * ?\"\n", "s.yaml line 5: Position 5 (hours field '25')")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * *\"\n", "s.yaml line 5: A cron expression has 5 fields")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n    time_zone: Mars/Base\n", "s.yaml line 6: Unknown time zone 'Mars/Base'")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.nothing\n    cron: \"0 1 * * *\"\n", "s.yaml line 4: 'builtin.nothing' is not a built-in automation")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    crn: \"0 1 * * *\"\n", "s.yaml line 5: unknown key 'crn'")]
    [InlineData("jobs:\n  - id: Bad_Id\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n", "s.yaml line 2: the id 'Bad_Id'")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    interval_seconds: 0\n", "s.yaml line 5: interval_seconds is a whole number")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n    misfire: later\n", "s.yaml line 6: misfire is 'fire_once' or 'skip'")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n    scope: {instance_ids: [x]}\n", "s.yaml line 6: 'instance_ids' is a single value")]
    [InlineData("jobs:\n  - id: a\n    name: A\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n  - id: a\n    name: B\n    automation: builtin.capacity-sync\n    cron: \"0 3 * * *\"\n", "s.yaml line 6: the id 'a' is used twice")]
    [InlineData("jobs:\n  - id: a\n    name: [unclosed\n", "s.yaml line 4:")]
    [InlineData("jobs:\n  - id: a\n    automation: builtin.accounts-sync\n    cron: \"0 1 * * *\"\n", "s.yaml line 2: 'name' is required")]
    public void A_mistake_is_refused_with_its_line(string yaml, string start) =>
        Assert.StartsWith(start, Refusal(yaml));

    [Fact]
    public void An_empty_file_has_no_jobs() =>
        Assert.Empty(SchedulerFile.Parse(new StringReader(""), "s.yaml").All);
}
