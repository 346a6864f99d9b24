using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;

namespace Symphony.Application;

public static class DependencyInjection
{
    private static readonly string[] ScopedSuffixes = ["Handler", "Validator", "Lookup", "Access", "Check"];

    /// <summary>Registers the use-case classes of this assembly (scoped), found by their name's suffix.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<Identity.SignInThrottle>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<Identity.SessionCache>();
        services.AddSingleton<Identity.ApiTokenDirectory>();
        services.AddSingleton<Automations.IItemExecutor, Automations.NoopExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Automations.EchoExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Fleet.AccountsSyncExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Capacity.CapacitySyncExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Retention.RetentionExecutor>();
        services.AddSingleton<Fleet.IAccountsClassifier, Classifications.AccountsClassifier>();
        services.AddSingleton<Classifications.PreviewThrottle>();
        services.AddSingleton<Automations.IItemExecutor, Classifications.AutoClassifyExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Capacity.CapacityAggregationExecutor>();
        services.AddSingleton<Automations.IItemExecutor, Retention.PartitionMaintenanceExecutor>();
        services.AddSingleton<Automations.ItemExecutors>();
        services.AddSingleton<Orchestration.EngineAdapters>();
        services.AddSingleton<Fleet.DatabaseDrivers>();
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes())
        {
            if (type is { IsClass: true, IsAbstract: false, IsNested: false }
                && !typeof(Automations.IItemExecutor).IsAssignableFrom(type)
                && ScopedSuffixes.Any(suffix => type.Name.EndsWith(suffix, StringComparison.Ordinal)))
                services.AddScoped(type);
        }
        return services;
    }
}
