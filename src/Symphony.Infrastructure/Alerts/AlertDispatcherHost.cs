using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Symphony.Application.Alerts;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Alerts;

/// <summary>
/// Every <see cref="AlertOptions.DispatchInterval"/>, turns waiting alert events into webhook deliveries. An outage
/// of the store is waited out: the loop retries with a growing pause and logs it once with a count.
/// </summary>
internal sealed class AlertDispatcherHost(IServiceScopeFactory scopes, IOptions<AlertOptions> options, ILogger<AlertDispatcherHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var failures = new RepeatedFailure(logger, "Alerts: events cannot be dispatched");
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                    await scope.ServiceProvider.GetRequiredService<DispatchAlertsHandler>().HandleAsync(stoppingToken);
                failures.Succeeded();
                wait = options.Value.DispatchInterval;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                wait = failures.Failed(e);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
