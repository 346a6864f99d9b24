using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Common;
using Symphony.Application.Identity;

namespace Symphony.Application;

public static class DependencyInjection
{
    /// <summary>Registers every handler and validator of this assembly (scoped), found by name.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<Runs.IItemHandler, Runs.NoopHandler>();
        services.AddSingleton<Runs.IItemHandler, Runs.EchoHandler>();
        services.AddSingleton<Runs.HandlerRegistry>();
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes())
        {
            if (type is { IsClass: true, IsAbstract: false, IsNested: false }
                && !typeof(Runs.IItemHandler).IsAssignableFrom(type)
                && (type.Name.EndsWith("Handler", StringComparison.Ordinal) || type.Name.EndsWith("Validator", StringComparison.Ordinal)
                    || type.Name is "WorkspaceAccess" or "SessionCheck" or "AutomationLookup" or "RunLookup"))
                services.AddScoped(type);
        }
        return services;
    }
}
