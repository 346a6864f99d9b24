using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Symphony.Server.Hosting;

/// <summary>
/// The console's languages: English, the text written in the pages, and Simplified Chinese, from resource files
/// beside each page (<c>Resources/Pages/...zh-Hans.resx</c>). A console request is answered in the language chosen
/// with the switcher (a cookie), else the browser's first language the console speaks, else English. The API is not
/// translated: its problems carry a <c>message_code</c> for that.
/// </summary>
public static class ConsoleLanguages
{
    public const string Cookie = "symphony_language";

    /// <summary>The cultures the console speaks, with the name each is offered under in the switcher.</summary>
    public static readonly IReadOnlyList<(string Culture, string Name)> Supported = [("en", "English"), ("zh-Hans", "简体中文")];

    public static IServiceCollection AddConsoleLanguages(this IServiceCollection services) =>
        services.AddLocalization(o => o.ResourcesPath = "Resources").AddSingleton<Pages.ConsoleMessages>();

    /// <summary>Sets the request's culture for console pages; API requests keep the invariant culture.</summary>
    public static WebApplication UseConsoleLanguages(this WebApplication app)
    {
        var cultures = Supported.Select(s => new CultureInfo(s.Culture)).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // zh-CN, zh-SG and zh are answered in Simplified Chinese.
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
            RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = Cookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ],
        };
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), console => console.UseRequestLocalization(options));
        return app;
    }

    /// <summary>The cookie value that chooses <paramref name="culture"/>, or null for a culture the console does not speak.</summary>
    public static string? CookieValue(string? culture) =>
        Supported.Any(s => s.Culture == culture) ? CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)) : null;

    /// <summary>Answers every next console page of this browser in <paramref name="culture"/> (for a year); false for a culture the console does not speak.</summary>
    public static bool Remember(HttpContext http, string? culture, TimeProvider clock)
    {
        if (CookieValue(culture) is not { } value) return false;
        http.Response.Cookies.Append(Cookie, value, new CookieOptions
        {
            Expires = clock.GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps,
        });
        return true;
    }

    /// <summary>The language a person chose in their profile (<c>preferences.language</c>), if it is one the console speaks.</summary>
    public static string? PreferredIn(string preferences)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(preferences);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty(PreferenceKey, out var language) && language.ValueKind == System.Text.Json.JsonValueKind.String
                && Supported.Any(s => s.Culture == language.GetString()) ? language.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Where a person's profile keeps the console's language (a key of their preferences).</summary>
    public const string PreferenceKey = "language";
}
