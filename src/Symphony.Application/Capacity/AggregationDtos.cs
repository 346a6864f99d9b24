using Symphony.Domain.Capacity;
using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>One period's figures (sizes in bytes).</summary>
public sealed record SizeSummaryDto(
    string PeriodType, DateOnly PeriodStart, DateOnly PeriodEnd, int Days, long AvgSizeBytes, long MinSizeBytes, long MaxSizeBytes,
    long FirstSizeBytes, long LastSizeBytes, long ChangeBytes, double? GrowthPercent, string Trend, bool IsPartial, DateTime ComputedAt)
{
    public static SizeSummaryDto From(SizeAggregate a) => new(
        a.PeriodType.Name(), a.PeriodStart, a.PeriodEnd, a.Days, a.AvgSizeBytes, a.MinSizeBytes, a.MaxSizeBytes,
        a.FirstSizeBytes, a.LastSizeBytes, a.ChangeBytes, a.GrowthPercent, a.Trend, a.IsPartial, a.ComputedAt);
}

/// <summary>The periods of one type of an instance's total or of a database, oldest first, between two days.</summary>
public sealed record SizeSummariesDto(Guid InstanceId, Guid? DatabaseId, string Name, string PeriodType, DateOnly From, DateOnly To, IReadOnlyList<SizeSummaryDto> Periods);

/// <summary>A period's type and the days whose periods are asked for.</summary>
public sealed record PeriodRange(PeriodType Type, DateOnly From, DateOnly To)
{
    /// <summary>A range spans at most this many days (five years).</summary>
    public const int MaxDays = 1827;

    /// <summary>
    /// <c>period_type</c> daily (the default), weekly, monthly or quarterly; <c>to</c> today by default and <c>from</c>
    /// by default 30 days, 12 weeks, 12 months or 8 quarters before it; widened to the start of its period.
    /// </summary>
    public static PeriodRange Parse(string? periodType, string? from, string? to, DateTime now)
    {
        var type = ParseType(periodType);
        var days = DayRange.Parse(from, to, now, MaxDays, end => type.StartOf(type switch
        {
            PeriodType.Daily => end.AddDays(-29),
            PeriodType.Weekly => end.AddDays(-7 * 11),
            PeriodType.Monthly => end.AddMonths(-11),
            _ => end.AddMonths(-21),
        }));
        return new PeriodRange(type, type.StartOf(days.From), days.To);
    }

    private static readonly Dictionary<string, PeriodType> Types = CapacityPeriod.All.ToDictionary(t => t.Name());

    public static PeriodType ParseType(string? periodType) =>
        periodType is null ? PeriodType.Daily
        : Types.TryGetValue(periodType, out var type) ? type
        : throw DomainException.Validation("period_type", "period_type must be one of daily, weekly, monthly, quarterly.");
}
