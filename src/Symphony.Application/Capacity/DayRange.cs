using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>The days a size history covers: <c>from</c> and <c>to</c> as yyyy-MM-dd (UTC days), both included.</summary>
public sealed record DayRange(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>Without <c>to</c>, today; without <c>from</c>, the 30 days up to <c>to</c>.</summary>
    public static DayRange Parse(string? from, string? to, DateTime now)
    {
        var end = to is null ? DateOnly.FromDateTime(now) : ParseDay("to", to);
        var start = from is null ? end.AddDays(1 - DefaultDays) : ParseDay("from", from);
        if (start > end) throw DomainException.Validation("from", "from must not be after to.");
        if (end.DayNumber - start.DayNumber >= MaxDays) throw DomainException.Validation("from", $"A range covers at most {MaxDays} days.");
        return new DayRange(start, end);
    }

    public static DateOnly ParseDay(string field, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : throw DomainException.Validation(field, $"{field} must be a date written yyyy-MM-dd.");
}
