using Symphony.Infrastructure.Common;

namespace Symphony.Server.Errors;

/// <summary>
/// Requests answered 503 because the database was out: the first is logged with its exception, then a line a
/// minute with the count, however many requests arrive meanwhile. A minute without one ends the outage.
/// </summary>
public sealed class StoreOutageLog(ILogger<StoreOutageLog> logger, TimeProvider clock)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
    private readonly RepeatedFailure _failures = new(logger, "Requests found the database out of reach and were answered 503", clock);
    private readonly Lock _lock = new();
    private DateTime _last;

    public void Failed(Exception e)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            if (now - _last > Quiet) _failures.Succeeded();
            _failures.Failed(e);
            _last = now;
        }
    }
}
