using Microsoft.Extensions.Logging;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Scheduler;

/// <summary>The scheduler's failures in a row, shared by every firing of this node, so an outage is logged once with a count.</summary>
internal sealed class SchedulerFailures(TimeProvider clock, ILogger<SchedulerFailures> logger)
{
    private readonly RepeatedFailure _failures = new(logger, "Scheduler: a firing could not be recorded", clock);

    public void Failed(Exception e)
    {
        lock (_failures) _failures.Failed(e);
    }

    public void Succeeded()
    {
        lock (_failures) _failures.Succeeded();
    }
}
