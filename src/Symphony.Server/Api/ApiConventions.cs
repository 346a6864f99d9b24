using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Symphony.Application.Common;
using Symphony.Domain.Common;
using Symphony.Server.Hosting;

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

    /// <summary>A delete's <c>?force=</c>: absent is false; anything but a boolean is VALIDATION_ERROR naming it.</summary>
    public static bool ForceOf(string? force)
    {
        try
        {
            return force is not null && FilterValues.Bool(force);
        }
        catch (FormatException e)
        {
            throw DomainException.Validation("force", e.Message);
        }
    }

    /// <summary>200 with the resource and its version as a strong ETag.</summary>
    public static VersionedOk<T> WithETag<T>(T resource, int version) => new(resource, version);

    /// <summary>
    /// The operation's id (stable: generated clients name their methods after it), summary and description in the
    /// OpenAPI document; the problem answers of its kind are added by <see cref="OpenApiSetup"/>.
    /// </summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string operationId, string summary, string description) =>
        endpoint.WithName(operationId).WithSummary(summary).WithDescription(description);

    /// <summary>Documents a number the handler reads from the query: what it means, its bounds and its default.</summary>
    public static RouteHandlerBuilder QueryNumber(this RouteHandlerBuilder endpoint, string name, string description, int minimum, int maximum, int? @default = null) =>
        endpoint.WithMetadata(new QueryParameterMetadata(name, description, minimum, maximum, @default?.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Documents a text the handler reads from the query: what it means and, when it is one of a set, the set and its default.</summary>
    public static RouteHandlerBuilder QueryText(this RouteHandlerBuilder endpoint, string name, string description, string[]? values = null, string? @default = null) =>
        endpoint.WithMetadata(new QueryParameterMetadata(name, description, Values: values, Default: @default));

    /// <summary>Declares a required text the handler reads from the request itself (to refuse one given twice): what it means and its longest length.</summary>
    public static RouteHandlerBuilder RequiredQueryText(this RouteHandlerBuilder endpoint, string name, string description, int maxLength) =>
        endpoint.WithMetadata(new QueryParameterMetadata(name, description, Required: true, MaxLength: maxLength));

    /// <summary>An example of the request body, in the document (Spectral checks it against the body's schema).</summary>
    public static RouteHandlerBuilder Example(this RouteHandlerBuilder endpoint, [System.Diagnostics.CodeAnalysis.StringSyntax("Json")] string json) =>
        endpoint.WithMetadata(new RequestExampleMetadata(System.Text.Json.Nodes.JsonNode.Parse(json)!));

    /// <summary>Problem answers the endpoint gives besides those of its kind, such as 502 when a target fails.</summary>
    public static RouteHandlerBuilder AlsoAnswers(this RouteHandlerBuilder endpoint, params int[] statuses) =>
        endpoint.WithMetadata(new ProblemAnswersMetadata(statuses));
}

/// <summary>200 with the resource, its version as a strong ETag; both are declared in the OpenAPI document.</summary>
public sealed class VersionedOk<T>(T resource, int version) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public T Value => resource;
    object? IValueHttpResult.Value => resource;
    public int StatusCode => StatusCodes.Status200OK;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(resource).ExecuteAsync(httpContext);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(ETagMetadata.Instance);
    }
}
