using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Automations;
using Symphony.Infrastructure.Alerts;
using Symphony.Infrastructure.Capacity;
using Symphony.Infrastructure.Classifications;
using Symphony.Infrastructure.Fleet;
using Symphony.Infrastructure.Http;
using Symphony.Infrastructure.Identity;
using Symphony.Infrastructure.Orchestration;
using Symphony.Infrastructure.Persistence;
using Symphony.Infrastructure.Retention;
using Symphony.Infrastructure.Runs;
using Symphony.Infrastructure.Scheduler;
using Symphony.Infrastructure.Vaults;
using Symphony.Infrastructure.Workspaces;

namespace Symphony.Infrastructure;

/// <summary>
/// Each feature registers its own services and settings rules in its folder (<c>{Feature}Services</c>); every
/// section's rules are checked when the server starts (Common/SettingRules.cs). Executors are found by scanning.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration) =>
        services.AddPersistence(configuration).AddIdentity(configuration).AddVaults(configuration).AddWorkspaces(configuration)
            .AddFleet(configuration).AddClassifications(configuration).AddCapacity().AddRetention(configuration)
            .AddEgress(configuration).AddOrchestration().AddAlerts(configuration).AddRuns(configuration).AddScheduler(configuration)
            .AddExecutors();

    /// <summary>Every item executor of this assembly, one per handler kind (the Application's are found the same way).</summary>
    private static IServiceCollection AddExecutors(this IServiceCollection services)
    {
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IItemExecutor).IsAssignableFrom(t)))
            services.AddSingleton(typeof(IItemExecutor), type);
        return services;
    }
}
