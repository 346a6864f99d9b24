using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Symphony.Server.Logging;

/// <summary>
/// One readable line per entry, for a person at a terminal: time, level, category and the message, with the same
/// redaction of secret values as <see cref="RedactingJsonFormatter"/>; an exception follows on its own lines.
/// </summary>
public sealed class RedactingTextFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "symphony-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var properties = logEntry.State as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var template = properties.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string;
        var message = template is null ? logEntry.Formatter(logEntry.State, logEntry.Exception) : RedactingJsonFormatter.Render(template, properties);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            _ => "none",
        };
        textWriter.WriteLine($"{DateTime.Now:HH:mm:ss} {level} {logEntry.Category}: {message}");
        if (logEntry.Exception is { } exception) textWriter.WriteLine(exception.ToString());
    }
}
