using Microsoft.Extensions.DependencyInjection;
using Symphony.Domain.Common;
using Symphony.Domain.Runs;

namespace Symphony.Application.Runs;

/// <summary>
/// Waits up to <c>wait</c> seconds (0 to 60) for a run just started to finish, so a caller can start a short run
/// and read its outcome in one request.
/// </summary>
public sealed class WaitForRunHandler(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int MaxWaitSeconds = 60;

    /// <summary>The seconds to wait; 400 VALIDATION_ERROR on <c>wait</c> outside 0 to 60.</summary>
    public static int Seconds(int? wait) =>
        wait is null or >= 0 and <= MaxWaitSeconds ? wait ?? 0 : throw DomainException.Validation("wait", $"wait must be 0 to {MaxWaitSeconds} seconds.");

    /// <summary>Reads the run again in fresh scopes (a tracked entity would never change) until it finishes or the wait ends.</summary>
    public async Task<RunDto> HandleAsync(string workspace, RunDto run, int seconds, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow().AddSeconds(seconds);
        while (!ExecutionTransitions.IsFinished(run.Status) && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct);
            using var scope = scopes.CreateScope();
            run = await scope.ServiceProvider.GetRequiredService<GetRunHandler>().HandleAsync(workspace, run.Id, ct);
        }
        return run;
    }
}
