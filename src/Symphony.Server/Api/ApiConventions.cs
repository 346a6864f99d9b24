using Symphony.Application.Common;
using Symphony.Domain.Common;

namespace Symphony.Server.Api;

/// <summary>Small pieces every endpoint group uses: list parameters, versions from If-Match, ETags.</summary>
public static class ApiConventions
{
    /// <summary>Every query parameter, for the list definition to accept or refuse by name.</summary>
    public static ListRequest ListRequestOf(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            parameters[name] = values[0] ?? "";
            if (values.Count > 1) repeated[name] = [.. values.Select(v => v ?? "")];
        }
        return new ListRequest(parameters) { Repeated = repeated };
    }

    /// <summary>The version an update is based on: the body field, else the If-Match header ("3" or W/"3").</summary>
    public static int? VersionOf(HttpRequest request, int? bodyVersion)
    {
        if (bodyVersion is not null) return bodyVersion;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header)) return null;
        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return int.TryParse(text.Trim('"'), out var version)
            ? version
            : throw DomainException.Validation("If-Match", "If-Match must be the resource's version, as in \"3\".");
    }

    /// <summary>200 with the resource and its version as a strong ETag.</summary>
    public static IResult WithETag<T>(HttpContext http, T resource, int version)
    {
        http.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(resource);
    }
}
