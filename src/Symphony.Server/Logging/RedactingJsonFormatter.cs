using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Symphony.Server.Logging;

/// <summary>
/// One JSON object per line: time, level, category, message, trace and span ids, and the structured
/// properties. Properties whose names look secret (password, token, secret, key, authorization,
/// cookie) are written as "[REDACTED]", in the properties and in the rendered message alike.
/// </summary>
public sealed partial class RedactingJsonFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "symphony-json";
    public const string Redacted = "[REDACTED]";

    [GeneratedRegex("pass(word)?|secret|token|api_?key|private_?key|authorization|cookie|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    [GeneratedRegex(@"\{([A-Za-z0-9_@]+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    public static bool IsSensitive(string name) => SensitiveName().IsMatch(name);

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var properties = logEntry.State as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var template = properties.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string;
        var message = template is null ? logEntry.Formatter(logEntry.State, logEntry.Exception) : Render(template, properties);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTime.UtcNow.ToString("O"));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToString());
                json.WriteString("span_id", activity.SpanId.ToString());
            }
            if (logEntry.EventId.Id != 0) json.WriteNumber("event_id", logEntry.EventId.Id);
            foreach (var (key, value) in properties)
            {
                if (key == "{OriginalFormat}") continue;
                json.WriteString(key, IsSensitive(key) ? Redacted : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            if (logEntry.Exception is { } exception)
                json.WriteString("exception", exception.ToString());
            json.WriteEndObject();
        }
        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Renders a message template, putting the redaction mark in place of secret values.</summary>
    public static string Render(string template, IReadOnlyList<KeyValuePair<string, object?>> properties) =>
        Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value.TrimStart('@');
            if (IsSensitive(name)) return Redacted;
            foreach (var (key, value) in properties)
                if (key == name || key == match.Groups[1].Value)
                    return value switch
                    {
                        null => "(null)",
                        string s => s,
                        System.Collections.IEnumerable e => string.Join(", ", e.Cast<object?>()),
                        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
            return match.Value;
        });
}
