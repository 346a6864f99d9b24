namespace Symphony.Domain.Capacity;

/// <summary>The periods capacity is aggregated over: a UTC day, an ISO week (Monday to Sunday), a month, a quarter.</summary>
public enum PeriodType
{
    Daily,
    Weekly,
    Monthly,
    Quarterly,
}

/// <summary>Where periods begin and end, and the threshold that reads a period's growth as a trend (applied in the aggregation's SQL).</summary>
public static class CapacityPeriod
{
    public static IReadOnlyList<PeriodType> All { get; } = Enum.GetValues<PeriodType>();

    /// <summary>A growth above this many percent over a period is "growing", below its negative "shrinking", else "stable".</summary>
    public const double TrendThresholdPercent = 1.0;

    public static string Name(this PeriodType type) => type.ToString().ToLowerInvariant();

    /// <summary>The first day of the period of the type that holds the day.</summary>
    public static DateOnly StartOf(this PeriodType type, DateOnly day) => type switch
    {
        PeriodType.Daily => day,
        PeriodType.Weekly => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        PeriodType.Monthly => new DateOnly(day.Year, day.Month, 1),
        PeriodType.Quarterly => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The last day of the period of the type that holds the day.</summary>
    public static DateOnly EndOf(this PeriodType type, DateOnly day)
    {
        var start = type.StartOf(day);
        return type switch
        {
            PeriodType.Daily => start,
            PeriodType.Weekly => start.AddDays(6),
            PeriodType.Monthly => start.AddMonths(1).AddDays(-1),
            _ => start.AddMonths(3).AddDays(-1),
        };
    }
}

public static class Trends
{
    public const string Growing = "growing", Stable = "stable", Shrinking = "shrinking";
}
