namespace Symphony.Domain.Capacity;

/// <summary>
/// A straight line fitted by least squares through daily sizes: the size it projects for a day, and the first day
/// it reaches a threshold. It needs two days or more; a line that does not rise never reaches a threshold above
/// the last size.
/// </summary>
public sealed record SizeForecast(int Samples, DateOnly FirstDay, DateOnly LastDay, double SlopeBytesPerDay, double InterceptBytes)
{
    public const int MinSamples = 2;

    /// <summary>Null with fewer than two days, or when every point is on one day.</summary>
    public static SizeForecast? Fit(IReadOnlyList<(DateOnly Day, long SizeBytes)> points)
    {
        if (points.Count < MinSamples) return null;
        var origin = points.Min(p => p.Day);
        double n = points.Count, sx = 0, sy = 0, sxx = 0, sxy = 0;
        foreach (var (day, size) in points)
        {
            double x = day.DayNumber - origin.DayNumber, y = size;
            (sx, sy, sxx, sxy) = (sx + x, sy + y, sxx + x * x, sxy + x * y);
        }
        var denominator = n * sxx - sx * sx;
        if (denominator == 0) return null;
        var slope = (n * sxy - sx * sy) / denominator;
        return new SizeForecast(points.Count, origin, points.Max(p => p.Day), slope, (sy - slope * sx) / n);
    }

    public long ProjectedOn(DateOnly day) => (long)Math.Round(InterceptBytes + SlopeBytesPerDay * (day.DayNumber - FirstDay.DayNumber));

    /// <summary>The first day, after the last one measured, whose projection reaches the threshold; null if the line never does.</summary>
    public DateOnly? ReachesOn(long thresholdBytes)
    {
        if (ProjectedOn(LastDay) >= thresholdBytes) return LastDay;
        if (SlopeBytesPerDay <= 0) return null;
        var days = Math.Ceiling((thresholdBytes - InterceptBytes) / SlopeBytesPerDay);
        var offset = Math.Max(days, LastDay.DayNumber - FirstDay.DayNumber + 1);
        return offset > DateOnly.MaxValue.DayNumber - FirstDay.DayNumber ? null : FirstDay.AddDays((int)offset);
    }
}
