using System.Globalization;
using Symphony.Domain.Scheduler;

namespace Symphony.Server.Pages.Scheduler;

/// <summary>A schedule in words for the console: the common cron shapes and intervals; anything else is shown as its expression.</summary>
public static class ScheduleWords
{
    private static readonly Dictionary<string, string> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["0"] = "Sunday", ["7"] = "Sunday", ["SUN"] = "Sunday", ["1"] = "Monday", ["MON"] = "Monday", ["2"] = "Tuesday", ["TUE"] = "Tuesday",
        ["3"] = "Wednesday", ["WED"] = "Wednesday", ["4"] = "Thursday", ["THU"] = "Thursday", ["5"] = "Friday", ["FRI"] = "Friday",
        ["6"] = "Saturday", ["SAT"] = "Saturday",
    };

    public static string Describe(JobSchedule schedule)
    {
        if (schedule.IntervalSeconds is { } seconds) return "every " + Duration(seconds);
        var fields = schedule.Cron!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var zone = schedule.TimeZone ?? "UTC";
        // Quartz's form: seconds first (only a zero second reads as a plain time), an optional year last.
        if (fields.Length >= 6)
        {
            if (fields[0] != "0" || (fields.Length == 7 && fields[6] != "*")) return $"cron {schedule.Cron} ({zone})";
            fields = fields[1..6];
            // Quartz counts days of the week from Sunday = 1.
            if (int.TryParse(fields[4], out var quartzDay)) fields[4] = (quartzDay - 1).ToString(CultureInfo.InvariantCulture);
            else if (fields[4].Any(char.IsDigit)) return $"cron {schedule.Cron} ({zone})";
        }
        if (fields.Length != 5) return $"cron {schedule.Cron} ({zone})";
        var (minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var anyDay = dayOfMonth is "*" or "?";
        var anyWeekday = dayOfWeek is "*" or "?";
        if (month != "*") return $"cron {schedule.Cron} ({zone})";

        if (minute.StartsWith("*/", StringComparison.Ordinal) && hour == "*" && anyDay && anyWeekday)
            return $"every {minute[2..]} minutes";
        if (!int.TryParse(minute, out var m)) return $"cron {schedule.Cron} ({zone})";
        if (hour == "*" && anyDay && anyWeekday) return $"every hour at minute {m}";
        if (hour.StartsWith("*/", StringComparison.Ordinal) && anyDay && anyWeekday) return $"every {hour[2..]} hours at minute {m}";
        if (!int.TryParse(hour, out var h)) return $"cron {schedule.Cron} ({zone})";
        var time = $"{h:00}:{m:00} {zone}";
        if (anyDay && anyWeekday) return $"every day at {time}";
        if (anyDay && WeekDays(dayOfWeek) is { } days) return $"{days} at {time}";
        if (anyWeekday && int.TryParse(dayOfMonth, out var d)) return $"day {d} of every month at {time}";
        if (anyWeekday && dayOfMonth == "L") return $"the last day of every month at {time}";
        return $"cron {schedule.Cron} ({zone})";
    }

    private static string? WeekDays(string field)
    {
        var range = field.Split('-');
        if (range.Length == 2 && Days.TryGetValue(range[0], out var from) && Days.TryGetValue(range[1], out var to)) return $"{from} to {to}";
        var list = field.Split(',').Select(d => Days.GetValueOrDefault(d)).ToList();
        return list.All(d => d is not null) ? string.Join(", ", list) : null;
    }

    private static string Duration(int seconds) => seconds switch
    {
        1 => "second",
        _ when seconds % 86400 == 0 => seconds == 86400 ? "day" : $"{seconds / 86400} days",
        _ when seconds % 3600 == 0 => seconds == 3600 ? "hour" : $"{seconds / 3600} hours",
        _ when seconds % 60 == 0 => seconds == 60 ? "minute" : $"{seconds / 60} minutes",
        _ => $"{seconds} seconds",
    };
}
