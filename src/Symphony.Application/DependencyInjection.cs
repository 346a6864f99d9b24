using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;

namespace Symphony.Application;

public static class DependencyInjection
{
    private static readonly string[] ScopedSuffixes = ["Handler", "Validator", "Lookup", "Access", "Check"];

    /// <summary>
    /// Registers the use-case classes of this assembly (scoped), found by their name's suffix, and its item executors
    /// (singletons), found by their interface. The passes that loops run rather than a caller (dispatching alerts,
    /// firing a job, the built-in jobs' sweep, starting a built-in run) carry no use case's suffix and are named here.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(NodeName.New());
        services.AddScoped<Identity.SignInThrottle>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<Identity.SessionCache>();
        services.AddSingleton<Identity.ApiTokenDirectory>();
        services.AddSingleton<Fleet.IAccountsClassifier, Classifications.AccountsClassifier>();
        services.AddSingleton<Classifications.PreviewThrottle>();
        services.AddSingleton<Automations.ItemExecutors>();
        services.AddSingleton<Orchestration.EngineAdapters>();
        services.AddSingleton<Fleet.DatabaseDrivers>();
        services.AddScoped<Alerts.AlertDispatch>();
        services.AddScoped<Scheduler.JobFiring>();
        services.AddScoped<Scheduler.BuiltInJobSweep>();
        services.AddScoped<Runs.BuiltInRuns>();
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsNested: false }))
        {
            if (typeof(Automations.IItemExecutor).IsAssignableFrom(type))
                services.AddSingleton(typeof(Automations.IItemExecutor), type);
            else if (ScopedSuffixes.Any(suffix => type.Name.EndsWith(suffix, StringComparison.Ordinal)))
                services.AddScoped(type);
        }
        return services;
    }
}
