using Microsoft.Extensions.Logging;

namespace Symphony.Infrastructure.Common;

/// <summary>
/// A loop's failures in a row: the first is logged with its exception, then one line a minute with the count while
/// they go on, and one line when the loop works again; the wait before the next try doubles from 250 ms to 5 s.
/// </summary>
public sealed class RepeatedFailure(ILogger logger, string what, TimeProvider clock)
{
    private DateTime _since;
    private DateTime _lastLogged;

    public int Count { get; private set; }

    public TimeSpan Failed(Exception e)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (Count++ == 0)
        {
            (_since, _lastLogged) = (now, now);
            logger.LogWarning(e, "{What}: {Reason}", what, e.Message);
        }
        else if (now - _lastLogged > TimeSpan.FromMinutes(1))
        {
            _lastLogged = now;
            logger.LogWarning("{What}: still failing, {Count} failure(s) in {Seconds:0} s; last: {Reason}", what, Count, (now - _since).TotalSeconds, e.Message);
        }
        return TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(Count - 1, 5))));
    }

    public void Succeeded()
    {
        if (Count == 0) return;
        logger.LogInformation("{What}: working again after {Count} failure(s) in {Seconds:0.0} s", what, Count, (clock.GetUtcNow().UtcDateTime - _since).TotalSeconds);
        Count = 0;
    }
}
