using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Symphony.Server.Pages;

/// <summary>A time in UTC, shown in the viewer's zone by the console's script (<c>data-local</c>); "never" when there is none.</summary>
public static class LocalTime
{
    public static IHtmlContent When(DateTime? time, string format = "yyyy-MM-dd HH:mm") => time is { } t
        ? new HtmlString($"<time datetime=\"{t.ToString("O", CultureInfo.InvariantCulture)}\" data-local>{HtmlEncoder.Default.Encode(t.ToString(format, CultureInfo.InvariantCulture))} UTC</time>")
        : new HtmlString("never");
}
