using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Symphony.Domain.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Server.Errors;

/// <summary>
/// Turns every exception that reaches the API into a problem with a message code. Bad input is a
/// 4xx; only a fault of Symphony itself is a 500, and then without internals.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger, StoreOutageLog storeOutage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        if (http.Response.HasStarted) return false;
        var (code, detail, errors) = Classify(exception);
        if (code == MessageCodes.InternalError)
            logger.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path.Value);
        else if (code == MessageCodes.StoreUnavailable)
            storeOutage.Failed(exception);
        else
            logger.LogInformation("Request refused with {MessageCode}: {Detail}", code.Code, detail);
        if (RetryAfter(exception, code) is { } after)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (!Problems.IsApi(http))
        {
            http.Response.StatusCode = code.Status;
            await http.Response.WriteAsync(code == MessageCodes.InternalError ? code.Title : detail, cancellationToken);
            return true;
        }
        await Problems.WriteAsync(http, code, detail, errors);
        return true;
    }

    public static (MessageCode Code, string Detail, IReadOnlyList<FieldError>? Errors) Classify(Exception exception) => exception switch
    {
        DomainException e => (e.Code, e.Message, e.Errors),
        BadHttpRequestException { StatusCode: 413 } => (MessageCodes.PayloadTooLarge, "The request body is too large.", null),
        BadHttpRequestException { StatusCode: 415 } => (MessageCodes.UnsupportedMediaType, "The request body must be application/json.", null),
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
        BadHttpRequestException e when IsEmptyBody(e) => (MessageCodes.RequestDataEmpty, "The request body is empty; send a JSON object.", null),
        BadHttpRequestException e when e.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) => BindFailure(e.Message),
        BadHttpRequestException e => (MessageCodes.ValidationError, e.Message, null),
        // A JSON body whose content type names a charset .NET does not know.
        InvalidOperationException e when e.Message.Contains("is not a known encoding", StringComparison.Ordinal) =>
            (MessageCodes.UnsupportedMediaType, "The request body must be application/json in UTF-8.", null),
        DbUpdateConcurrencyException => (MessageCodes.ConcurrentModification, "The resource was changed by someone else; reload it and retry.", null),
        DbUpdateException e when DatabaseErrors.IsUniqueViolation(e) => (MessageCodes.NameExists, "The name is already in use.", null),
        _ when DatabaseErrors.IsStoreUnavailable(exception) =>
            (MessageCodes.StoreUnavailable, "Symphony's database cannot be reached right now (most likely a failover or a restart); retry in a few seconds.", null),
        _ => (MessageCodes.InternalError, "An unexpected error occurred; the trace id identifies it in the logs.", null),
    };

    /// <summary>When to try again: what a rate limit said, or a few seconds while the store is out.</summary>
    private static TimeSpan? RetryAfter(Exception exception, MessageCode code) =>
        exception is DomainException { RetryAfter: { } after } ? after
        : code == MessageCodes.StoreUnavailable ? TimeSpan.FromSeconds(StoreRetrySeconds)
        : null;

    /// <summary>A failover or restart of PostgreSQL takes seconds; clients come back after this.</summary>
    public const int StoreRetrySeconds = 5;

    private static bool IsEmptyBody(BadHttpRequestException e) =>
        e.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("was not provided from body", StringComparison.OrdinalIgnoreCase);

    /// <summary>'Failed to bind parameter "Nullable`1 wait" from "x".' names the parameter without .NET type names.</summary>
    private static (MessageCode, string, IReadOnlyList<FieldError>?) BindFailure(string message)
    {
        var quoted = Between(message, "\"", "\"") ?? "";
        var name = quoted[(quoted.LastIndexOf(' ') + 1)..];
        var text = $"Query parameter '{name}' has a value of the wrong type or format.";
        return (MessageCodes.ValidationError, text, [new FieldError(name, text, MessageCodes.ValidationError.Code)]);
    }

    /// <summary>Names the offending field as in the JSON, without .NET type names.</summary>
    private static (MessageCode, string, IReadOnlyList<FieldError>?) FromJson(JsonException json)
    {
        var field = (json.Path ?? "$").TrimStart('$').TrimStart('.');
        var message = json.Message;
        string text;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = Between(message, "'", "'") ?? field;
            field = string.IsNullOrEmpty(field) ? name : field;
            text = $"Unknown field '{name}'.";
        }
        else if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            // "... for type 'T' was missing required properties including: 'a', 'b'." - one error per name, under the
            // path of the object that lacks them.
            var names = message[(message.LastIndexOf(':') + 1)..].Trim().Trim('.').Split(',').Select(n => n.Trim().Trim('\'')).ToList();
            var fields = names.Select(n => string.IsNullOrEmpty(field) ? n : $"{field}.{n}").ToList();
            var errors = fields.Select(f => new FieldError(f, $"Missing required field '{f}'.", MessageCodes.ValidationError.Code)).ToList();
            return (MessageCodes.ValidationError, errors[0].Message, errors);
        }
        else if (message.Contains(Hosting.CheckedStringConverter.ControlCharacterMessage, StringComparison.Ordinal))
            text = $"Field '{field}' must not contain control characters (only tab and line breaks are allowed).";
        else if (message.Contains(Hosting.CheckedJson.InvalidUtf16Message, StringComparison.Ordinal))
            text = $"Field '{field}' is not valid UTF-16 text: it holds a lone surrogate.";
        else if (message.Contains("NUL character", StringComparison.Ordinal))
            text = $"Field '{field}' must not contain the NUL character (\u0000).";
        else if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
            text = $"Field '{field}' must not be null.";
        else if (string.IsNullOrEmpty(field))
            text = "The body is not a valid JSON object.";
        else
            text = $"Field '{field}' has a value of the wrong type or format.";
        if (string.IsNullOrEmpty(field)) field = "body";
        return (MessageCodes.ValidationError, text, [new FieldError(field, text, MessageCodes.ValidationError.Code)]);
    }

    private static string? Between(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) return null;
        var end = text.IndexOf(close, start + 1, StringComparison.Ordinal);
        return end < 0 ? null : text[(start + 1)..end];
    }
}
