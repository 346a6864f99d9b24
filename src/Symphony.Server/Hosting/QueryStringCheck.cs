using Symphony.Domain.Common;
using Symphony.Server.Errors;

namespace Symphony.Server.Hosting;

/// <summary>
/// Query strings get the rule of body strings (<see cref="CheckedStringConverter"/>): a name or value holding a
/// control character other than tab and line breaks (NUL among them, which PostgreSQL cannot take in a text
/// parameter) is refused with 400 naming the parameter, before any endpoint or page reads it.
/// </summary>
public sealed class QueryStringCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            var badName = CheckedStringConverter.FirstControlCharacter(name) is not null;
            if (!badName && !values.Any(v => v is not null && CheckedStringConverter.FirstControlCharacter(v) is not null)) continue;
            var shown = badName ? "(a parameter name)" : name;
            var message = $"Query parameter '{shown}' must not contain control characters (only tab and line breaks are allowed).";
            if (!Problems.IsApi(http))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return http.Response.WriteAsync(message);
            }
            return Problems.WriteAsync(http, MessageCodes.ValidationError, message,
                [new FieldError(shown, message, MessageCodes.ValidationError.Code)]);
        }
        return next(http);
    }
}
