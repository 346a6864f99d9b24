using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Symphony.Application.Alerts;
using Symphony.Application.Common;
using Symphony.Application.Runs;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Alerts;

/// <summary>
/// Turns waiting alert events into webhook deliveries: when a node says new events were saved, and once a minute in
/// case a message was lost; every <see cref="AlertOptions.DispatchInterval"/> while this node cannot hear the others.
/// An outage of the store is waited out: the loop retries with a growing pause and logs it once with a count.
/// </summary>
internal sealed class AlertDispatcherHost(IServiceScopeFactory scopes, INodeMessages messages, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertDispatcherHost> logger)
    : BackgroundService
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _told = new(0, 1);

    private void Tell()
    {
        if (_told.CurrentCount != 0) return;
        try
        {
            _told.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already told.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        // New events saved, or a failed run to report.
        messages.Subscribe(AlertOptions.Topic, _ => Tell());
        messages.Subscribe(RunTopics.Failed, _ => Tell());
        var failures = new RepeatedFailure(logger, "Alerts: events cannot be dispatched", clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                    await scope.ServiceProvider.GetRequiredService<AlertDispatch>().DispatchAsync(stoppingToken);
                failures.Succeeded();
                wait = messages.Live ? Quiet : options.Value.DispatchInterval;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                wait = failures.Failed(e);
            }
            try
            {
                await _told.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override void Dispose()
    {
        _told.Dispose();
        base.Dispose();
    }
}
