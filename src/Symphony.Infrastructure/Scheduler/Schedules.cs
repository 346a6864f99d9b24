using Quartz;
using Symphony.Application.Scheduler;
using Symphony.Domain.Scheduler;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>Schedules as Quartz.NET reads them: cron expressions checked field by field, triggers with their misfire policy, fire times.</summary>
internal static class Schedules
{
    private static readonly string[] QuartzFields = ["seconds", "minutes", "hours", "day-of-month", "month", "day-of-week", "year"];
    private static readonly string[] UnixFields = ["minutes", "hours", "day-of-month", "month", "day-of-week"];
    // What a field is replaced with while the fields before it are checked alone.
    private static readonly string[] QuartzNeutral = ["0", "0", "0", "*", "*", "?", "*"];
    private static readonly string[] UnixNeutral = ["0", "0", "*", "*", "*"];

    /// <summary>
    /// Why the schedule cannot fire, naming the field and character position of a cron error; null when it can.
    /// Cron takes five fields (Unix: minutes hours day-of-month month day-of-week) or six or seven (Quartz: seconds
    /// first, an optional year last, '?' in one of the day fields).
    /// </summary>
    public static ScheduleProblem? Problem(JobSchedule schedule)
    {
        if (schedule.Cron is null) return null;
        if (TimeZoneOf(schedule.TimeZone) is null)
            return new("time_zone", $"Unknown time zone '{schedule.TimeZone}': use an IANA name such as 'UTC' or 'Europe/Berlin'.");
        var fields = schedule.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 5 or > 7)
            return Cron($"A cron expression has 5 fields (minutes hours day-of-month month day-of-week, e.g. '0 1 * * *') or 6 to 7 with seconds first (e.g. '0 0 1 * * ?'); this one has {fields.Length}.");
        var unix = fields.Length == 5;
        if (Parse(schedule.Cron) is not null) return NeverFires(schedule) is { } never ? Cron(never) : null;
        var names = unix ? UnixFields : QuartzFields;
        var neutral = unix ? UnixNeutral : QuartzNeutral;
        for (var i = 0; i < fields.Length; i++)
        {
            var probe = fields.Take(i + 1).Concat(neutral.Skip(i + 1).Take(fields.Length - i - 1)).ToArray();
            // While the day-of-week field is not yet the user's, it is "?" unless the day-of-month field is.
            if (!unix && probe[3] == "?" && i < 5) probe[5] = "*";
            if (Error(string.Join(' ', probe)) is { } error)
                return Cron($"Position {PositionOf(schedule.Cron, i)} ({names[i]} field '{fields[i]}'): {error}");
        }
        return Cron($"Position 1: {Error(schedule.Cron)}");
    }

    private static ScheduleProblem Cron(string message) => new("cron", message);

    public static IReadOnlyList<DateTime> NextFireTimes(JobSchedule schedule, DateTime after, int count)
    {
        var times = new List<DateTime>(count);
        var from = new DateTimeOffset(DateTime.SpecifyKind(after, DateTimeKind.Utc));
        if (schedule.IntervalSeconds is { } seconds)
        {
            for (var i = 1; i <= count; i++) times.Add(from.AddSeconds((double)seconds * i).UtcDateTime);
            return times;
        }
        var cron = Parse(schedule.Cron!)!.WithTimeZone(TimeZoneOf(schedule.TimeZone)!);
        var next = from;
        while (times.Count < count && cron.GetNextValidTimeAfter(next) is { } time)
        {
            times.Add(time.UtcDateTime);
            next = time;
        }
        return times;
    }

    /// <summary>A trigger for the schedule; a misfire fires once at recovery (then the schedule goes on) or is skipped.</summary>
    public static TriggerBuilder<IJob> Trigger(JobSchedule schedule, MisfirePolicy misfire, DateTimeOffset now)
    {
        if (schedule.IntervalSeconds is { } seconds)
            // On a whole second, so due times read plainly.
            return TriggerBuilder.Create(TimeProvider.System).StartAt(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + seconds)).WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(TimeSpan.FromSeconds(seconds)).RepeatForever()
                .WithMisfireInstruction(misfire == MisfirePolicy.FireOnce
                    ? SimpleTriggerMisfireInstruction.NowWithExistingCount
                    : SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        return TriggerBuilder.Create(TimeProvider.System).StartAt(now).WithSchedule(CronScheduleBuilder.Create(Parse(schedule.Cron!)!)
            .InTimeZone(TimeZoneOf(schedule.TimeZone)!)
            .WithMisfireInstruction(misfire == MisfirePolicy.FireOnce
                ? CronTriggerMisfireInstruction.FireAndProceed
                : CronTriggerMisfireInstruction.DoNothing));
    }

    private static CronExpression? Parse(string cron) =>
        CronExpression.TryParse(cron, FormatOf(cron), out var expression) ? expression : null;

    private static string? Error(string cron)
    {
        try
        {
            CronExpression.Parse(cron, FormatOf(cron));
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return e.Message;
        }
    }

    private static CronFormat FormatOf(string cron) =>
        cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Unix : CronFormat.Quartz;

    private static string? NeverFires(JobSchedule schedule)
    {
        try
        {
            // Whether Quartz.NET would ever fire it, on Quartz.NET's clock (the machine's).
            return NextFireTimes(schedule, DateTime.UtcNow, 1).Count == 0 ? "The cron expression never fires again (its years are past)." : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            return $"The cron expression cannot be computed: {e.Message}";
        }
    }

    private static TimeZoneInfo? TimeZoneOf(string? id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id ?? "UTC");
        }
        // A name that is a folder of the zone database (America, Etc/, posix) is refused by the runtime as a security
        // exception or an I/O error: it is not a zone either.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
            or System.Security.SecurityException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    /// <summary>The 1-based character position where field <paramref name="index"/> starts.</summary>
    private static int PositionOf(string cron, int index)
    {
        var field = -1;
        for (var i = 0; i < cron.Length; i++)
            if (cron[i] != ' ' && (i == 0 || cron[i - 1] == ' ') && ++field == index)
                return i + 1;
        return 1;
    }
}
