using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Symphony.Application.Fleet;
using Symphony.Infrastructure.Common;

namespace Symphony.Infrastructure.Fleet;

/// <summary>The target database drivers, each behind this node's resilience and one TLS rule.</summary>
public static class FleetServices
{
    /// <summary>One bound on targets at once for the node, whatever their engines (the container disposes it).</summary>
    private const string NodeTargetsKey = "symphony.node-targets";

    public static IServiceCollection AddFleet(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedSettings<TargetOptions>(configuration, TargetOptions.Section, (o, r) =>
        {
            r.AtLeast(o.MaxConcurrentTargets, 1, nameof(o.MaxConcurrentTargets));
            r.AtLeast(o.MaxConnectionsPerTarget, 1, nameof(o.MaxConnectionsPerTarget));
            r.Between(o.Retries, 0, 10, nameof(o.Retries));
            r.Positive(o.RetryDelay, nameof(o.RetryDelay));
            // The circuit breaker counts at least two calls and breaks for half a second at least.
            r.AtLeast(o.FailuresToBreak, 2, nameof(o.FailuresToBreak));
            r.Require(o.BreakDuration >= TimeSpan.FromMilliseconds(500), nameof(o.BreakDuration), $"'{o.BreakDuration}' is under half a second (a time span such as 00:00:30).");
            r.Networks(o.AllowedNetworks, nameof(o.AllowedNetworks));
            r.PemCertificates(o.CaBundle, nameof(o.CaBundle));
        });
        services.AddKeyedSingleton(NodeTargetsKey, (provider, _) => new SemaphoreSlim(provider.GetRequiredService<IOptions<TargetOptions>>().Value.MaxConcurrentTargets));
        // One TLS rule for every engine: the trusted authorities, and who may be sent the password itself.
        services.AddSingleton(provider => TargetTls.From(provider.GetRequiredService<IOptions<TargetOptions>>().Value));
        services.AddSingleton<IDatabaseDriver>(provider => Resilient(provider, tls => new PostgresDriver(tls)));
        services.AddSingleton<IDatabaseDriver>(provider => Resilient(provider, tls => new MySqlDriver(tls)));
        return services;
    }

    /// <summary>A driver behind this node's resilience, with the settings checked by then.</summary>
    private static ResilientDriver Resilient(IServiceProvider provider, Func<TargetTls, IDatabaseDriver> driver) =>
        new(driver(provider.GetRequiredService<TargetTls>()), provider.GetRequiredService<IOptions<TargetOptions>>().Value,
            provider.GetRequiredKeyedService<SemaphoreSlim>(NodeTargetsKey));
}
