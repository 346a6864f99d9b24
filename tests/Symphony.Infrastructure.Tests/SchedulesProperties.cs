using CsCheck;
using Symphony.Domain.Scheduler;
using Symphony.Infrastructure.Scheduler;

namespace Symphony.Infrastructure.Tests;

/// <summary>
/// Generated five-field crons: their next firings rise strictly, each matches every field as read by a matcher of this
/// test's own, and no matching minute is skipped between two firings.
/// </summary>
public sealed class SchedulesProperties
{
    /// <summary>One field: '*', a value, a list, a range, or a step, within the field's bounds.</summary>
    private static Gen<string> Field(int min, int max) => Gen.OneOf(
        Gen.Const("*"),
        Gen.Int[min, max].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[min, max].Array[2, 4].Select(values => string.Join(',', values.Distinct().Order())),
        Gen.Select(Gen.Int[min, max], Gen.Int[min, max]).Select((a, b) => $"{Math.Min(a, b)}-{Math.Max(a, b)}"),
        Gen.Int[1, Math.Max(1, (max - min) / 2)].Select(step => $"*/{step}"));

    /// <summary>Day of month and day of week are not both restricted: cron's meaning of that (either) is left out.</summary>
    private static readonly Gen<string> Cron =
        Gen.Select(Field(0, 59), Field(0, 23), Field(1, 28), Field(1, 12), Field(0, 6), Gen.Bool)
            .Select((minute, hour, day, month, weekday, byDay) => $"{minute} {hour} {(byDay ? day : "*")} {month} {(byDay ? "*" : weekday)}");

    private static readonly Gen<DateTime> After = Gen.Int[0, 3 * 365 * 24 * 60]
        .Select(minutes => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(minutes).AddSeconds(17));

    [Fact]
    public void Next_firings_rise_match_the_cron_and_skip_no_matching_minute()
    {
        Gen.Select(Cron, After).Sample((cron, after) =>
        {
            var firings = Schedules.NextFireTimes(JobSchedule.FromCron(cron), after, 12);
            Assert.NotEmpty(firings);
            var previous = after;
            foreach (var firing in firings)
            {
                Assert.True(firing > previous, $"{cron}: {firing:u} does not come after {previous:u}");
                Assert.True(Matches(cron, firing), $"{cron}: {firing:u} does not match");
                // Every whole minute between two firings (a few days at most, to keep the test quick) does not match.
                var minute = previous.AddSeconds(-previous.Second).AddMinutes(1);
                if (firing - previous < TimeSpan.FromDays(3))
                    for (; minute < firing; minute = minute.AddMinutes(1))
                        Assert.False(Matches(cron, minute), $"{cron}: {minute:u} matches but was skipped before {firing:u}");
                previous = firing;
            }
        }, iter: 300);
    }

    private static bool Matches(string cron, DateTime at)
    {
        var fields = cron.Split(' ');
        return at.Second == 0
            && In(fields[0], at.Minute, 0, 59) && In(fields[1], at.Hour, 0, 23) && In(fields[2], at.Day, 1, 31)
            && In(fields[3], at.Month, 1, 12) && In(fields[4], (int)at.DayOfWeek, 0, 6);
    }

    private static bool In(string field, int value, int min, int max)
    {
        if (field == "*") return true;
        if (field.StartsWith("*/", StringComparison.Ordinal)) return (value - min) % int.Parse(field[2..], System.Globalization.CultureInfo.InvariantCulture) == 0;
        if (field.Contains('-', StringComparison.Ordinal))
        {
            var bounds = field.Split('-').Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return value >= bounds[0] && value <= bounds[1];
        }
        return field.Split(',').Any(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) == value) && value >= min && value <= max;
    }
}
