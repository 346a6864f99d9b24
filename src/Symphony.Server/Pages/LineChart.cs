using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Symphony.Server.Pages;

public sealed record ChartPoint(DateOnly Day, long Value);

/// <summary>
/// A line chart drawn as SVG on the server (no script, nothing inline the content security policy would refuse):
/// measured points as a line with markers, projected points as a dashed line ahead, days across and bytes up.
/// </summary>
public sealed class LineChart
{
    public const int Width = 760, Height = 260;
    private const int Left = 80, Right = 16, Top = 12, Bottom = 34;

    public LineChart(string label, IReadOnlyList<ChartPoint> measured, IReadOnlyList<ChartPoint> projected, long? threshold = null)
    {
        (Label, Measured, Projected, Threshold) = (label, measured, projected, threshold);
        var all = measured.Concat(projected).ToList();
        if (all.Count == 0) return;
        (FirstDay, LastDay) = (all.Min(p => p.Day), all.Max(p => p.Day));
        var values = all.Select(p => p.Value).Append(threshold ?? all[0].Value).ToList();
        (Low, High) = (values.Min(), values.Max());
        // Some room above and below, so a flat line is not drawn on the frame.
        var pad = Math.Max((High - Low) / 10, Math.Max(High / 100, 1));
        (Low, High) = (Math.Max(0, Low - pad), High + pad);
    }

    public string Label { get; }
    public IReadOnlyList<ChartPoint> Measured { get; }
    public IReadOnlyList<ChartPoint> Projected { get; }
    public long? Threshold { get; }
    public bool IsEmpty => Measured.Count == 0;
    public DateOnly FirstDay { get; }
    public DateOnly LastDay { get; }
    private long Low { get; }
    private long High { get; }

    public string X(DateOnly day)
    {
        var span = Math.Max(1, LastDay.DayNumber - FirstDay.DayNumber);
        return Format(Left + (double)(day.DayNumber - FirstDay.DayNumber) / span * (Width - Left - Right));
    }

    public string Y(long value) => Format(YOf(value));

    public string Points(IEnumerable<ChartPoint> points) => string.Join(" ", points.Select(p => $"{X(p.Day)},{Y(p.Value)}"));

    /// <summary>The projection joined to the last measured point, so the dashed line continues the solid one.</summary>
    public IEnumerable<ChartPoint> ProjectionFromLast => Projected.Count == 0 ? [] : Measured.TakeLast(1).Concat(Projected.Where(p => p.Day > Measured[^1].Day));

    /// <summary>Five values up the left side, lowest first.</summary>
    public IEnumerable<long> Ticks => Enumerable.Range(0, 5).Select(i => Low + (High - Low) * i / 4);

    public static int PlotLeft => Left;
    public static int PlotRight => Width - Right;
    public static int PlotBottom => Height - Bottom;

    /// <summary>An SVG text element (Razor keeps the tag name &lt;text&gt; for itself, so it is written here), its content encoded.</summary>
    public static IHtmlContent Text(double x, double y, bool alignEnd, string text) => new HtmlString(
        $"<text class=\"chart-axis\" x=\"{Format(x)}\" y=\"{Format(y)}\" text-anchor=\"{(alignEnd ? "end" : "start")}\" dominant-baseline=\"middle\">{HtmlEncoder.Default.Encode(text)}</text>");

    /// <summary>Where a value sits up the plot, as a number.</summary>
    public double YOf(long value) => Top + (1 - (double)(value - Low) / Math.Max(1, High - Low)) * (Height - Top - Bottom);

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
