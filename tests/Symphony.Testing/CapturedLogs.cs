using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Symphony.Testing;

/// <summary>Log entries at a level and above (Warning unless told), for tests of what is logged and how often.</summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly LogLevel _minimum = minimum;

    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> AtLeast(LogLevel level) => Entries.Where(e => e.Level >= level).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Entries.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
