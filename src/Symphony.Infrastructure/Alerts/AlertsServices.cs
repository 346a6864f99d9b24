using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Alerts;
using Symphony.Infrastructure.Common;
using Symphony.Infrastructure.Persistence;

namespace Symphony.Infrastructure.Alerts;

/// <summary>Alerts: events to webhooks, delivered as runs of each workspace's built-in delivery automation.</summary>
public static class AlertsServices
{
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<AlertOptions>(configuration, AlertOptions.Section, (o, r) =>
        {
            r.Positive(o.DispatchInterval, nameof(o.DispatchInterval));
            r.Between(o.MaxAttempts, 1, 20, nameof(o.MaxAttempts));
            r.AtLeast(o.RetryDelaySeconds, 0, nameof(o.RetryDelaySeconds));
        });
        services.AddHostedService<AlertDispatcherHost>();
        // New events wake the dispatcher on every node.
        services.AddSingleton<ISaveNotice, AlertEventNotice>();
        return services;
    }
}
