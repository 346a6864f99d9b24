using Microsoft.Extensions.DependencyInjection;
using Symphony.Application.Orchestration;

namespace Symphony.Infrastructure.Orchestration;

/// <summary>The external engines' adapters, over one HTTP helper.</summary>
public static class OrchestrationServices
{
    public static IServiceCollection AddOrchestration(this IServiceCollection services)
    {
        services.AddSingleton<EngineHttp>();
        services.AddSingleton<IEngineAdapter, HttpEngineAdapter>();
        services.AddSingleton<IEngineAdapter, JenkinsAdapter>();
        services.AddSingleton<IEngineAdapter, ArgoAdapter>();
        return services;
    }
}
