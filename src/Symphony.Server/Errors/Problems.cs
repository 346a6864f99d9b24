using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Symphony.Domain.Common;

namespace Symphony.Server.Errors;

/// <summary>Builds and writes RFC 7807 problems carrying a message code, the trace id and field errors.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails Create(HttpContext http, MessageCode code, string? detail = null, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://symphony.dev/problems/{code.Code.ToLowerInvariant().Replace('_', '-')}",
            Title = code.Title,
            Status = code.Status,
            Detail = detail ?? code.Title,
            Instance = http.Request.Path,
        };
        problem.Extensions["message_code"] = code.Code;
        problem.Extensions["trace_id"] = TraceId(http);
        if (errors is { Count: > 0 })
            problem.Extensions["errors"] = errors;
        return problem;
    }

    public static Task WriteAsync(HttpContext http, MessageCode code, string? detail = null, IReadOnlyList<FieldError>? errors = null)
    {
        http.Response.StatusCode = code.Status;
        return http.Response.WriteAsJsonAsync(Create(http, code, detail, errors), (System.Text.Json.JsonSerializerOptions?)null, ContentType);
    }

    public static string TraceId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>The message code for a bare status code (404 from routing, 405, 415 from body binding).</summary>
    public static MessageCode ForStatus(int status) => status switch
    {
        400 => MessageCodes.ValidationError,
        401 => MessageCodes.AuthenticationRequired,
        403 => MessageCodes.PermissionDenied,
        404 => MessageCodes.ResourceNotFound,
        405 => MessageCodes.MethodNotAllowed,
        413 => MessageCodes.PayloadTooLarge,
        415 => MessageCodes.UnsupportedMediaType,
        429 => MessageCodes.RateLimitExceeded,
        _ => MessageCodes.InternalError,
    };

    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");
}
