using Symphony.Domain.Common;

namespace Symphony.Application.Capacity;

/// <summary>The days a size history covers: <c>from</c> and <c>to</c> as yyyy-MM-dd (UTC days), both included.</summary>
public sealed record DayRange(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>The days a capacity figure can be about: far enough from the calendar's ends that periods and defaults around them exist.</summary>
    public static readonly DateOnly FirstDay = new(1970, 1, 1), LastDay = new(2999, 12, 31);

    /// <summary>
    /// Without <c>to</c>, today; without <c>from</c>, <paramref name="defaultFrom"/> of <c>to</c> (the 30 days up to it
    /// unless given); at most <paramref name="maxDays"/> days.
    /// </summary>
    public static DayRange Parse(string? from, string? to, DateTime now, int maxDays = MaxDays, Func<DateOnly, DateOnly>? defaultFrom = null)
    {
        var end = to is null ? DateOnly.FromDateTime(now) : ParseDay("to", to);
        var start = from is null ? (defaultFrom ?? (day => day.AddDays(1 - DefaultDays)))(end) : ParseDay("from", from);
        if (start > end) throw DomainException.Validation("from", "from must not be after to.");
        if (end.DayNumber - start.DayNumber >= maxDays) throw DomainException.Validation("from", $"A range covers at most {maxDays} days.");
        return new DayRange(start, end);
    }

    public static DateOnly ParseDay(string field, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day >= FirstDay && day <= LastDay
                ? day
                : throw DomainException.Validation(field, $"{field} must be a day from {FirstDay:yyyy-MM-dd} to {LastDay:yyyy-MM-dd}.")
            : throw DomainException.Validation(field, $"{field} must be a date written yyyy-MM-dd.");
}
