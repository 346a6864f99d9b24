using System.Globalization;
using Microsoft.OpenApi;

namespace Symphony.Server.Api;

/// <summary>An endpoint announced to go (ADR-0009): deprecated since when, served until when, and what replaces it.</summary>
public sealed record DeprecatedEndpoint(DateTimeOffset Since, DateTimeOffset Sunset, string Successor);

/// <summary>
/// Marks an endpoint deprecated: each of its answers, problems included, carries <c>Deprecation</c> (RFC 9745),
/// <c>Sunset</c> (RFC 8594) and <c>Link: &lt;successor&gt;; rel="successor-version"</c>, and its OpenAPI operation says
/// <c>deprecated: true</c> with the dates and the successor in its description.
/// </summary>
public static class Deprecation
{
    public static RouteHandlerBuilder Deprecated(this RouteHandlerBuilder endpoint, DateTimeOffset since, DateTimeOffset sunset, string successor)
    {
        var deprecated = new DeprecatedEndpoint(since, sunset, successor);
        return endpoint.WithMetadata(deprecated).AddEndpointFilter(async (context, next) =>
        {
            // On starting, so an answer the problem handler writes after clearing the response carries them too.
            var response = context.HttpContext.Response;
            response.OnStarting(() =>
            {
                Announce(response.Headers, deprecated);
                return Task.CompletedTask;
            });
            return await next(context);
        });
    }

    private static void Announce(IHeaderDictionary headers, DeprecatedEndpoint deprecated)
    {
        headers["Deprecation"] = "@" + deprecated.Since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["Sunset"] = deprecated.Sunset.ToString("R", CultureInfo.InvariantCulture);
        headers.Append("Link", $"<{deprecated.Successor}>; rel=\"successor-version\"");
    }

    /// <summary>The operation of a deprecated endpoint, as the OpenAPI document shows it.</summary>
    public static void Describe(OpenApiOperation operation, IEnumerable<object> metadata)
    {
        if (metadata.OfType<DeprecatedEndpoint>().LastOrDefault() is not { } deprecated) return;
        operation.Deprecated = true;
        operation.Description = ($"{operation.Description} Deprecated since {deprecated.Since:yyyy-MM-dd}; served until "
            + $"{deprecated.Sunset:yyyy-MM-dd}; use `{deprecated.Successor}` instead.").Trim();
    }
}
