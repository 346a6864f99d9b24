using Symphony.Domain.Capacity;

namespace Symphony.Domain.Tests;

public sealed class CapacityPeriodTests
{
    [Theory]
    [InlineData(PeriodType.Daily, "2026-03-31", "2026-03-31", "2026-03-31")]
    [InlineData(PeriodType.Weekly, "2025-01-01", "2024-12-30", "2025-01-05")] // ISO week 2025-W01 begins in 2024
    [InlineData(PeriodType.Weekly, "2026-03-29", "2026-03-23", "2026-03-29")] // a Sunday ends its week
    [InlineData(PeriodType.Weekly, "2026-03-30", "2026-03-30", "2026-04-05")]
    [InlineData(PeriodType.Monthly, "2024-02-15", "2024-02-01", "2024-02-29")]
    [InlineData(PeriodType.Quarterly, "2026-03-31", "2026-01-01", "2026-03-31")]
    [InlineData(PeriodType.Quarterly, "2026-04-01", "2026-04-01", "2026-06-30")]
    [InlineData(PeriodType.Quarterly, "2026-12-31", "2026-10-01", "2026-12-31")]
    public void A_day_falls_in_the_period_that_begins_and_ends_where_the_calendar_says(PeriodType type, string day, string start, string end)
    {
        var date = DateOnly.Parse(day);
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), (type.StartOf(date), type.EndOf(date)));
    }
}

public sealed class SizeForecastTests
{
    private static readonly DateOnly Start = new(2026, 11, 1);

    [Fact]
    public void Sizes_on_a_line_give_its_slope_and_the_day_it_reaches_the_threshold()
    {
        var forecast = SizeForecast.Fit([.. Enumerable.Range(0, 10).Select(k => (Start.AddDays(k), 1000L + 100 * k))])!;
        Assert.Equal(100, forecast.SlopeBytesPerDay, 6);
        Assert.Equal(1900, forecast.ProjectedOn(Start.AddDays(9)));
        Assert.Equal(Start.AddDays(40), forecast.ReachesOn(5000));
        Assert.Equal(Start.AddDays(9), forecast.ReachesOn(1500)); // already past it on the last day
    }

    [Fact]
    public void Scattered_sizes_give_the_least_squares_line()
    {
        // Points (0, 1), (1, 3), (2, 2), (4, 6): n = 4, Σx = 7, Σy = 12, Σx² = 21, Σxy = 31, so the slope is
        // (4 * 31 - 7 * 12) / (4 * 21 - 7²) = 40 / 35 and the intercept (12 - 8 / 7 * 7) / 4 = 1.
        var forecast = SizeForecast.Fit([(Start, 1), (Start.AddDays(1), 3), (Start.AddDays(2), 2), (Start.AddDays(4), 6)])!;
        Assert.Equal(40.0 / 35, forecast.SlopeBytesPerDay, 9);
        Assert.Equal(1.0, forecast.InterceptBytes, 9);
    }

    [Fact]
    public void A_flat_or_falling_line_never_reaches_a_threshold_above_it_and_one_day_is_no_line()
    {
        var falling = SizeForecast.Fit([(Start, 5000), (Start.AddDays(1), 4000)])!;
        Assert.Null(falling.ReachesOn(6000));
        var flat = SizeForecast.Fit([(Start, 5000), (Start.AddDays(3), 5000)])!;
        Assert.Null(flat.ReachesOn(6000));
        Assert.Null(SizeForecast.Fit([(Start, 5000)]));
        Assert.Null(SizeForecast.Fit([]));
    }
}
