using Symphony.Domain.Scheduler;
using Symphony.Infrastructure.Scheduler;

namespace Symphony.Infrastructure.Tests;

public sealed class SchedulesTests
{
    [Theory]
    [InlineData("0 70 * * *", "Position 3 (hours field '70')")]
    [InlineData("61 1 * * *", "Position 1 (minutes field '61')")]
    [InlineData("0 0 1 ? * MON-XYZ", "Position 11 (day-of-week field 'MON-XYZ')")]
    [InlineData("0 0 1 32 * ?", "Position 7 (day-of-month field '32')")]
    [InlineData("0  0   1 * 13 ?", "Position 12 (month field '13')")]
    [InlineData("0 0 1 * * ? 1999", "The cron expression never fires again")]
    public void A_cron_error_names_the_field_and_where_it_starts(string cron, string start) =>
        Assert.StartsWith(start, Schedules.Problem(JobSchedule.FromCron(cron))!.Message);

    [Theory]
    [InlineData("0 1 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 0 1 ? * MON-FRI")]
    [InlineData("0 30 2 L * ? 2099")]
    public void Unix_and_quartz_crons_are_accepted(string cron) => Assert.Null(Schedules.Problem(JobSchedule.FromCron(cron)));

    [Fact]
    public void Unix_and_quartz_forms_of_one_schedule_fire_at_the_same_times()
    {
        var after = new DateTime(2026, 3, 27, 12, 0, 0, DateTimeKind.Utc);
        var unix = Schedules.NextFireTimes(JobSchedule.FromCron("30 2 * * *", "Europe/Berlin"), after, 4);
        var quartz = Schedules.NextFireTimes(JobSchedule.FromCron("0 30 2 * * ?", "Europe/Berlin"), after, 4);
        Assert.Equal(quartz, unix);
        // Across the change to summer time (29 March 2026): 01:30 UTC before it, 00:30 UTC after.
        Assert.Equal(new DateTime(2026, 3, 28, 1, 30, 0, DateTimeKind.Utc), unix[0]);
        Assert.Equal(new DateTime(2026, 3, 30, 0, 30, 0, DateTimeKind.Utc), unix[2]);
    }

    [Fact]
    public void An_interval_fires_every_interval_after_the_time_given()
    {
        var after = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal([after.AddSeconds(90), after.AddSeconds(180), after.AddSeconds(270)], Schedules.NextFireTimes(JobSchedule.Every(90), after, 3));
    }
}
